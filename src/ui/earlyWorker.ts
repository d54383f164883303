// The first thing the page runs (from src/main.tsx, before the app's code is even fetched): starts
// the simulation worker and, for a plain playground URL, sends it its boot message, so loading
// and booting the cluster overlap with loading React and the views. CSP forbids inline scripts,
// so this is a small module of the entry chunk; it imports nothing heavy.

import { bootName, WORKER_NAME, type PageStartName } from '../worker/bootname';
import type { FromWorker, ToWorker } from '../worker/protocol';
import { bootOptionsFromUrl, withStartMs, type BootOptions } from './bootOptions';
import type { WorkerLike } from './bridge';
import { takePageStart, type PageStart } from './pageStart';

type AnyListener = (e: Event) => void;

/**
 * A Worker that keeps the events it receives before anyone listens (a worker's messages that
 * arrive with no listener are lost) and hands them, in order, to the first listener of each type,
 * a microtask after it is added: the bridge finishes its set-up (its own boot call) first.
 */
export class BufferedWorker implements WorkerLike {
  private readonly held = new Map<string, Event[]>();
  private readonly listeners = new Map<string, AnyListener[]>();

  /** `early`: the events index.html's start-up script kept for this worker (pageStart.ts). */
  constructor(
    private readonly worker: Worker,
    early?: PageStart,
  ) {
    for (const type of ['message', 'error', 'messageerror']) {
      this.held.set(type, []);
      worker.addEventListener(type, (e) => {
        const held = this.held.get(type);
        if (held) held.push(e);
        else for (const fn of this.listeners.get(type) ?? []) fn(e);
      });
    }
    // They came first; from now on this wrapper keeps them (the script stops).
    for (const e of early?.held ?? []) this.held.get(e.type)?.push(e);
    if (early) early.held = null;
  }

  postMessage(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  addEventListener(type: 'message', fn: (e: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error' | 'messageerror', fn: (e: Event) => void): void;
  addEventListener(type: string, fn: (e: never) => void): void {
    const list = this.listeners.get(type) ?? [];
    list.push(fn as AnyListener);
    this.listeners.set(type, list);
    const held = this.held.get(type);
    if (!held) return;
    queueMicrotask(() => {
      // Events that arrive while the held ones are handed over queue behind them.
      for (let e = held.shift(); e; e = held.shift()) for (const f of this.listeners.get(type) ?? []) f(e);
      this.held.delete(type);
    });
  }

  terminate(): void {
    this.worker.terminate();
  }
}

export interface EarlyStart {
  worker: BufferedWorker;
  /** The options the worker was booted with; undefined for a `#share=` link (the app boots it). */
  booted?: BootOptions;
  /** The boot options from the URL, with the start time fixed. */
  fromUrl: BootOptions;
}

/**
 * A simulation worker; `start`: it boots itself, as soon as its script has run, as the page
 * started then with that query string does (bootname.ts).
 */
export function createSimWorker(start?: PageStartName): Worker {
  return new Worker(new URL('../worker/cluster.worker.ts', import.meta.url), { type: 'module', name: start ? bootName(start) : WORKER_NAME });
}

export function startEarly(location: { hash: string; search: string }): EarlyStart {
  // Started by index.html already (built pages): the same options, derived from the same inputs.
  const page = takePageStart();
  if (page) {
    const fromUrl = withStartMs(bootOptionsFromUrl(location.search), page.t);
    const worker = new BufferedWorker(page.worker, page);
    return page.booted ? { worker, booted: fromUrl, fromUrl } : { worker, fromUrl };
  }
  mark('kubeplay:worker-start');
  const t = Date.now();
  const fromUrl = withStartMs(bootOptionsFromUrl(location.search), t);
  // A share link boots its own cluster, paused, after decoding the hash (share/session.ts).
  if (location.hash.includes('share=')) return { worker: new BufferedWorker(createSimWorker()), fromUrl };
  const worker = new BufferedWorker(createSimWorker({ search: location.search, t }));
  return { worker, booted: fromUrl, fromUrl };
}

/**
 * A User Timing mark of the page's start-up (the worker started, the app mounted, the cluster's
 * `ready` read): a performance trace, or bench/ui.ts, shows where the time to the first graph goes.
 */
export function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // no User Timing here (tests)
  }
}
