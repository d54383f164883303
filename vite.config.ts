import { createHash } from 'node:crypto';
import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { pageStartScript } from './src/ui/pageStart.script.ts';

/**
 * The build's index.html starts the simulation worker itself, in a small script before the entry
 * (src/ui/pageStart.script.ts): the worker's script is fetched and compiled, and the cluster
 * boots, while the entry is still on its way. The script's hash joins the page's
 * Content-Security-Policy (inline scripts are otherwise refused). Without a built worker (the dev
 * server) nothing changes.
 */
export function pageStartsWorker(): Plugin {
  let base = '/';
  return {
    name: 'kubeplay-page-starts-worker',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const worker = Object.values(ctx.bundle ?? {}).find((f) => /(^|\/)cluster\.worker-[\w-]+\.js$/.test(f.fileName));
        if (!worker) return html;
        const script = pageStartScript(`${base}${worker.fileName}`);
        const hash = createHash('sha256').update(script).digest('base64');
        const csp = /(http-equiv="Content-Security-Policy"\s+content="[^"]*script-src 'self')/;
        if (!csp.test(html)) throw new Error("index.html: no Content-Security-Policy with script-src 'self' to add the start-up script's hash to");
        return html
          .replace(csp, `$1 'sha256-${hash}'`)
          .replace(/(\s*)<script type="module"/, `$1<script>${script}</script>$1<script type="module"`);
      },
    },
  };
}

/** Scripts and stylesheets get a gzip of their own at build time (what a static host serves as is). */
const PRECOMPRESS = /\.(js|css)$/;

/**
 * The build writes `FILE.gz` beside each script and stylesheet (gzip -9), and `vite preview` serves
 * it to a browser that takes gzip, as a static host with precompressed files does (nginx's
 * gzip_static). Without it, preview compresses the worker's 650 KB and the app's 540 KB anew on
 * every request, in one Node process competing for the CPU with the page it serves: on a loaded
 * machine, hundreds of ms before the first graph.
 */
export function precompressed(): Plugin[] {
  return [
    {
      name: 'kubeplay-precompress',
      apply: 'build',
      writeBundle(options, bundle) {
        for (const file of Object.keys(bundle)) {
          const f = bundle[file];
          const bytes = f.type === 'chunk' ? Buffer.from(f.code) : Buffer.from(f.source);
          if (PRECOMPRESS.test(file) && bytes.length >= 1024) writeFileSync(join(options.dir!, `${file}.gz`), gzipSync(bytes, { level: 9 }));
        }
      },
    },
    {
      name: 'kubeplay-preview-precompressed',
      apply: (_, env) => !!env.isPreview,
      configurePreviewServer(server) {
        const dist = resolve(server.config.root, server.config.build.outDir);
        const base = server.config.base;
        server.middlewares.use((req, res, next) => {
          const path = (req.url ?? '').split('?')[0];
          if (req.method !== 'GET' || !PRECOMPRESS.test(path) || !path.startsWith(base) || !/\bgzip\b/.test(String(req.headers['accept-encoding']))) return next();
          let gz: string;
          try {
            gz = join(dist, decodeURIComponent(path.slice(base.length)).replace(/^\/+/, '') + '.gz');
          } catch {
            return next(); // a malformed URL: preview answers it
          }
          if (!gz.startsWith(dist + sep) || !existsSync(gz)) return next();
          res.statusCode = 200;
          res.setHeader('Content-Type', path.endsWith('.css') ? 'text/css' : 'text/javascript');
          res.setHeader('Content-Encoding', 'gzip');
          res.setHeader('Vary', 'Accept-Encoding');
          res.setHeader('Cache-Control', 'no-cache');
          createReadStream(gz).pipe(res);
        });
      },
    },
  ];
}

export default defineConfig({
  plugins: [react(), pageStartsWorker(), precompressed()],
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
