// The build's own plugins (vite.config.ts): index.html starting the worker under the page's CSP,
// and precompressed scripts served as they are by `vite preview`.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { pageStartScript } from '../src/ui/pageStart.script';
import { pageStartsWorker, precompressed } from '../vite.config';

// The hooks as Vite calls them (their `this` is unused).
type Hook = (...args: unknown[]) => unknown;
const hook = (h: unknown): Hook => (typeof h === 'function' ? h : (h as { handler: Hook }).handler) as Hook;

const HTML = `<html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; worker-src 'self'" />
<script type="module" crossorigin src="/assets/index-x.js"></script>
</head><body></body></html>`;

describe('pageStartsWorker', () => {
  it('writes the start-up script before the entry and allows exactly it in the CSP', () => {
    const p = pageStartsWorker();
    hook(p.configResolved)({ base: '/' });
    const bundle = { 'assets/cluster.worker-abc.js': { type: 'asset', fileName: 'assets/cluster.worker-abc.js' } };
    const html = hook(p.transformIndexHtml)(HTML, { bundle }) as string;
    const script = pageStartScript('/assets/cluster.worker-abc.js');
    const hash = createHash('sha256').update(script).digest('base64');
    expect(html).toContain(`script-src 'self' 'sha256-${hash}'; worker-src 'self'`);
    expect(html.indexOf(`<script>${script}</script>`)).toBeGreaterThan(0);
    expect(html.indexOf(`<script>${script}</script>`)).toBeLessThan(html.indexOf('<script type="module"'));
  });

  it('leaves a page without a built worker alone (the dev server)', () => {
    const p = pageStartsWorker();
    hook(p.configResolved)({ base: '/' });
    expect(hook(p.transformIndexHtml)(HTML, {})).toBe(HTML);
  });
});

describe('precompressed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-precompressed-'));
  mkdirSync(join(dir, 'assets'));
  const js = `export const x = ${JSON.stringify('k'.repeat(5000))};\n`;
  writeFileSync(join(dir, 'assets/app.js'), js);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}-other.js.gz`, { force: true });
  });
  const [build, preview] = precompressed();
  hook(build.writeBundle)({ dir }, { 'assets/app.js': { type: 'chunk', code: js }, 'assets/tiny.js': { type: 'chunk', code: 'x' }, 'assets/a.png': { type: 'asset', source: new Uint8Array(4096) } });

  it('writes a gzip beside each script of 1 KB or more', () => {
    expect(gunzipSync(readFileSync(join(dir, 'assets/app.js.gz'))).toString()).toBe(js);
    expect(() => readFileSync(join(dir, 'assets/tiny.js.gz'))).toThrow();
    expect(() => readFileSync(join(dir, 'assets/a.png.gz'))).toThrow();
  });

  /** The preview middleware's answer to a request (or 'next' when it leaves it to the rest). */
  function serve(url: string, acceptEncoding: string, method = 'GET'): Promise<{ headers: Record<string, string>; body: Buffer } | 'next'> {
    let middleware!: Hook;
    hook(preview.configurePreviewServer)({ config: { root: '/', base: '/', build: { outDir: dir } }, middlewares: { use: (m: Hook) => (middleware = m) } });
    return new Promise((resolve) => {
      const headers: Record<string, string> = {};
      const chunks: Buffer[] = [];
      const res = {
        statusCode: 0,
        setHeader: (k: string, v: string) => (headers[k.toLowerCase()] = v),
        write: (c: Buffer) => (chunks.push(c), true),
        end: (c?: Buffer) => (c && chunks.push(c), resolve({ headers, body: Buffer.concat(chunks) })),
        on: () => res,
        once: () => res,
        emit: () => true,
        removeListener: () => res,
      };
      middleware({ method, url, headers: { 'accept-encoding': acceptEncoding } }, res, () => resolve('next'));
    });
  }

  it('serves the gzip as is to a browser that takes gzip', async () => {
    const r = await serve('/assets/app.js?v=1', 'gzip, deflate, br');
    expect(r).not.toBe('next');
    if (r === 'next') return;
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['content-type']).toBe('text/javascript');
    expect(gunzipSync(r.body).toString()).toBe(js);
  });

  it('leaves everything else to preview: no gzip accepted, no gzip written, not a script, not a GET', async () => {
    expect(await serve('/assets/app.js', 'identity')).toBe('next');
    expect(await serve('/assets/tiny.js', 'gzip')).toBe('next');
    expect(await serve('/index.html', 'gzip')).toBe('next');
    expect(await serve('/assets/app.js', 'gzip', 'HEAD')).toBe('next');
    expect(await serve('/assets/../../etc/passwd.js', 'gzip')).toBe('next');
    expect(await serve('/assets/%E0%A4%A.js', 'gzip')).toBe('next');
    // Not even a sibling directory whose name starts like the build's.
    writeFileSync(`${dir}-other.js.gz`, 'x');
    expect(await serve(`/../${dir.split('/').pop()}-other.js`, 'gzip')).toBe('next');
  });
});
