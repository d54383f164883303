import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * The Web Worker's build only: src/sim/cluster.ts's imports of kubectl (`./kubectl`,
 * `./kubectl/apply`) resolve to src/worker/kubectl.lazy.ts, which forwards to the real functions
 * once the worker has loaded its tools chunk (src/worker/tools.ts) after `ready`. So kubectl,
 * `explain`'s schemas and the YAML parser (≈ 770 KB of the worker's 1.45 MB) leave the script the
 * first picture waits for. Node, the tests and the dev server link them in as usual.
 */
function lazyWorkerKubectl(): Plugin {
  const shim = fileURLToPath(new URL('./src/worker/kubectl.lazy.ts', import.meta.url));
  return {
    name: 'kubeplay-lazy-worker-kubectl',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !/[\\/]src[\\/]sim[\\/]cluster\.ts$/.test(importer)) return null;
      return source === './kubectl' || source === './kubectl/apply' ? shim : null;
    },
  };
}

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es', plugins: () => [lazyWorkerKubectl()] },
  // The manifest tells bench/ui.ts which chunks the entry loads at start-up (the app is a dynamic
  // import of the tiny entry that starts the worker first).
  build: { target: 'es2022', sourcemap: true, manifest: true },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    setupFiles: ['test/setup.ts'],
  },
});
