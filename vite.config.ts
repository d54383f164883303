import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
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
