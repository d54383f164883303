// The script the build writes into index.html to start the simulation worker before the page's
// entry has even been fetched (vite.config.ts; pageStart.ts adopts what it leaves). No imports:
// vite.config.ts loads this file as it is.

/** The worker's name in the browser's tools (and the prefix of a name that carries a boot). */
export const WORKER_NAME = 'kubeplay-sim';

/**
 * The start-up script for the worker script at `workerUrl`: it names the worker with the page's
 * query string and start time (src/worker/bootname.ts), so the worker boots as soon as its script
 * has run, and keeps the worker's events (a `ready`, a load error) until the entry adopts it.
 */
export function pageStartScript(workerUrl: string): string {
  const name = JSON.stringify(WORKER_NAME);
  return [
    '(function () {',
    '  try {',
    "    performance.mark('kubeplay:worker-start');",
    "    var t = Date.now(), share = location.hash.indexOf('share=') >= 0;",
    '    var s = { t: t, booted: !share, held: [] };',
    `    s.worker = new Worker(${JSON.stringify(workerUrl)}, { type: 'module', name: share ? ${name} : ${name} + ' ' + JSON.stringify({ search: location.search, t: t }) });`,
    "    ['message', 'error', 'messageerror'].forEach(function (type) {",
    '      s.worker.addEventListener(type, function (e) { if (s.held) s.held.push(e); });',
    '    });',
    '    window.__kubeplaySim = s;',
    '  } catch (e) {}',
    '})();',
  ].join('\n');
}
