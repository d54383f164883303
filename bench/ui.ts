// `npm run bench:ui`: the playground's figures in headless Chromium, printed as JSON lines.
//   initial-js           gzip size of the JavaScript the page loads at start-up (index.html's module
//                        script, its imports, and the app it import()s at once — from Vite's
//                        manifest), without the worker and the lazy editor, terminal, network view
//   first-graph-visible  ms from navigation to the first node box in the DOM, median of N cold loads
//   frames               requestAnimationFrame deltas recorded in the page (median, p95) while a
//                        Deployment rolls at 10×: 100 pods on 3 nodes, then 1,000 pods on 100 nodes
// Options: --dist DIR (use an existing build instead of building), --runs N (cold loads, default
// 5), --seconds S (frame recording per scenario, default 10), --only initial|first|frames100|frames1000,
// --port N (vite preview's port, default 4190: sessions sharing a machine each take their own),
// --profile FILE (a Chromium CPU profile of the page's main thread while frames are recorded,
// written to FILE-SCENARIO.cpuprofile; read it with bench/cpuprofile-top.mjs), --trace FILE (a
// Chromium trace of the same span, FILE-SCENARIO.json: style, layout, paint per frame).

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { get } from 'node:http';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const PORT = Number(opt('port', '4190'));
const URL_BASE = `http://127.0.0.1:${PORT}`;
const profileTo = opt('profile', '');
const traceTo = opt('trace', '');
const runs = Number(opt('runs', '5'));
const seconds = Number(opt('seconds', '10'));
const only = opt('only', '');
const want = (m: string) => !only || only.split(',').includes(m);

function print(o: object) {
  console.log(JSON.stringify(o));
}

function build(): string {
  const given = opt('dist', '');
  if (given) return resolve(given);
  const out = resolve('node_modules/.cache/kubeplay-bench-ui/dist');
  console.error(`building into ${out} …`);
  execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

/**
 * The scripts the page loads at start-up: index.html's module script and modulepreloads, and —
 * from Vite's manifest — the chunks they import, and the app the entry imports dynamically right
 * away (src/main.tsx starts the worker first, then `import()`s the app: loaded at once, so counted).
 * Lazier chunks (editor, terminal, network view) are dynamic imports of the app's chunks: not counted.
 */
function startupRefs(dist: string): Set<string> {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) refs.add(m[1]);
  const manifestPath = join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) return refs;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] }>;
  const seen = new Set<string>();
  const add = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    refs.add(`/${chunk.file}`);
    for (const i of chunk.imports ?? []) add(i);
  };
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isEntry) continue;
    add(key);
    for (const d of chunk.dynamicImports ?? []) add(d);
  }
  return refs;
}

function initialJs(dist: string) {
  const refs = startupRefs(dist);
  const files = [...refs].map((r) => {
    const buf = readFileSync(join(dist, r.replace(/^\//, '')));
    return { file: r, bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
  });
  const all = readdirJs(join(dist, 'assets')).filter((f) => !refs.has(`/assets/${f}`));
  const lazy = all.map((f) => ({ file: `/assets/${f}`, gzipBytes: gzipSync(readFileSync(join(dist, 'assets', f)), { level: 9 }).length }));
  const kb = (n: number) => Math.round(n / 102.4) / 10;
  return {
    metric: 'initial-js',
    gzipKB: kb(files.reduce((a, f) => a + f.gzipBytes, 0)),
    rawKB: kb(files.reduce((a, f) => a + f.bytes, 0)),
    files: files.map((f) => `${f.file} ${kb(f.gzipBytes)} KB`),
    lazyGzipKB: kb(lazy.reduce((a, f) => a + f.gzipBytes, 0)),
    lazyFiles: lazy.length,
  };
}

function readdirJs(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js')) : [];
}

async function serve(dist: string): Promise<ChildProcess> {
  const p = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1', '--outDir', dist], { stdio: 'ignore', detached: true });
  // A loaded machine can take tens of seconds to start vite.
  for (let i = 0; i < 450; i++) {
    // node:http, not fetch: 4190 is on the fetch spec's list of blocked ports (Chromium is told
    // to allow it, below).
    if (await new Promise<boolean>((ok) => get(URL_BASE, (r) => (r.resume(), ok(r.statusCode === 200))).on('error', () => ok(false)))) return p;
    await new Promise((r) => setTimeout(r, 200));
  }
  stop(p);
  throw new Error(`vite preview did not answer on ${URL_BASE}`);
}

/** Stops vite preview and its children (it runs in its own process group). */
function stop(p: ChildProcess) {
  try {
    if (p.pid) process.kill(-p.pid);
  } catch {
    // already gone
  }
}

/** Same browser as playwright.config.ts: Debian's Chromium when present, else Playwright's. */
function launch(): Promise<Browser> {
  const system = '/usr/bin/chromium';
  const allow = `--explicitly-allowed-ports=${PORT}`;
  return existsSync(system)
    ? chromium.launch({ executablePath: system, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', allow] })
    : chromium.launch({ args: [allow] });
}

// Injected before the page's scripts: the time the first node box enters the DOM, and a frame
// recorder (rAF deltas) the bench starts and stops. A string, so no compiler helper leaks in.
const PROBES = `
  new MutationObserver((_, obs) => {
    if (document.querySelector('.node-box[data-testid^="node-"]')) {
      window.__firstGraph = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  window.__frames = [];
  let last = 0;
  function tick(t) {
    if (window.__recording && last) window.__frames.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
`;

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 10) / 10;
}

async function firstGraph(browser: Browser) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await ctx.newPage();
    await page.addInitScript({ content: PROBES });
    await page.goto(URL_BASE);
    await page.waitForFunction(() => (window as unknown as { __firstGraph?: number }).__firstGraph !== undefined, undefined, { timeout: 60_000 });
    times.push(await page.evaluate(() => Math.round((window as unknown as { __firstGraph: number }).__firstGraph)));
    await ctx.close();
  }
  print({ metric: 'first-graph-visible', medianMs: median(times), runsMs: times });
}

async function run(page: Page, line: string): Promise<string> {
  const r = await page.evaluate((l) => window.kubeplay!.run!(l), line);
  if (!r.ok) throw new Error(`${line}: ${r.output}`);
  return r.output;
}

async function rollFrames(browser: Browser, scenario: string, nodes: number, replicas: number) {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await ctx.newPage();
  await page.addInitScript({ content: PROBES });
  await page.goto(`${URL_BASE}/?nodes=${nodes}&start=2025-01-15T09:00:00Z`);
  await page.waitForFunction(() => typeof window.kubeplay?.run === 'function', undefined, { timeout: 60_000 });
  await run(page, `kubectl create deployment bench --image=nginx:1.27 --replicas=${replicas}`);
  await page.evaluate(() => window.kubeplay!.setClock!(true, 100));
  const readyBy = Date.now() + 180_000;
  let ready = 0;
  while (Date.now() < readyBy) {
    ready = Number((await run(page, 'kubectl get deployment bench -o jsonpath={.status.readyReplicas}')) || 0);
    if (ready >= replicas) break;
    await page.waitForTimeout(1000);
  }
  await page.evaluate(() => window.kubeplay!.setClock!(true, 10));
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__frames = [];
    w.__recording = true;
  });
  // Main-thread time by kind over the recording (Chromium's Performance domain, seconds): on a
  // shared machine frame timings swing with the load, these much less.
  const perf = await ctx.newCDPSession(page);
  await perf.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await perf.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  // The profiler samples the page's main thread only (the worker is another V8 isolate).
  const cdp = profileTo ? await ctx.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  if (traceTo) await browser.startTracing(page, { path: `${traceTo}-${scenario}.json`, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await run(page, 'kubectl set image deployment/bench nginx=nginx:1.28');
  await page.waitForTimeout(seconds * 1000);
  if (traceTo) await browser.stopTracing();
  const after = await metrics();
  const spentMs = (name: string) => Math.round(((after[name] ?? 0) - (before[name] ?? 0)) * 1000);
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(`${profileTo}-${scenario}.cpuprofile`, JSON.stringify(profile));
  }
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__recording = false;
    return w.__frames;
  });
  const updated = Number((await run(page, 'kubectl get deployment bench -o jsonpath={.status.updatedReplicas}')) || 0);
  const dom = await page.evaluate(() => document.getElementsByTagName('*').length);
  print({
    metric: 'frames',
    scenario,
    nodes,
    replicas,
    readyBeforeRollout: ready,
    updatedAfter: updated,
    seconds,
    frames: frames.length,
    medianMs: median(frames),
    p95Ms: quantile(frames, 0.95),
    maxMs: Math.round(Math.max(...frames)),
    /** Dropped frames: p95 snaps to the vsync (16.7 / 33.3 ms), this count does not. */
    over20Ms: frames.filter((f) => f > 20).length,
    /** Main thread during the recording: JavaScript, style, layout, and all tasks (ms). */
    scriptMs: spentMs('ScriptDuration'),
    styleMs: spentMs('RecalcStyleDuration'),
    layoutMs: spentMs('LayoutDuration'),
    taskMs: spentMs('TaskDuration'),
    threadCpuMs: spentMs('ThreadTime'),
    domElements: dom,
  });
  await ctx.close();
}

async function main() {
  const dist = build();
  if (want('initial')) print(initialJs(dist));
  if (!want('first') && !want('frames100') && !want('frames1000')) return;
  const server = await serve(dist);
  const browser = await launch();
  try {
    if (want('first')) await firstGraph(browser);
    if (want('frames100')) await rollFrames(browser, 'rollout-100-pods-3-nodes-10x', 3, 100);
    if (want('frames1000')) await rollFrames(browser, 'rollout-1000-pods-100-nodes-10x', 100, 1000);
  } finally {
    await browser.close();
    stop(server);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
