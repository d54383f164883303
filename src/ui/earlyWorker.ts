// The first thing the page runs (from src/main.tsx, before the app's code is even fetched): starts
// the simulation worker and, for a plain playground URL, sends it its boot message, so loading
// and booting the cluster overlap with loading React and the views. CSP forbids inline scripts,
// so this is a small module of the entry chunk; it imports nothing heavy.

import { PROTOCOL_VERSION, type FromWorker, type ToWorker } from '../worker/protocol';
import { bootOptionsFromUrl, withStartMs, type BootOptions } from './bootOptions';
import type { WorkerLike } from './bridge';

type AnyListener = (e: Event) => void;

/**
 * A Worker that keeps the events it receives before anyone listens (a worker's messages that
 * arrive with no listener are lost) and hands them, in order, to the first listener of each type,
 * a microtask after it is added: the bridge finishes its set-up (its own boot call) first.
 */
export class BufferedWorker implements WorkerLike {
  private readonly held = new Map<string, Event[]>();
  private readonly listeners = new Map<string, AnyListener[]>();

  constructor(private readonly worker: Worker) {
    for (const type of ['message', 'error', 'messageerror']) {
      this.held.set(type, []);
      worker.addEventListener(type, (e) => {
        const held = this.held.get(type);
        if (held) held.push(e);
        else for (const fn of this.listeners.get(type) ?? []) fn(e);
      });
    }
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

export function createSimWorker(): Worker {
  return new Worker(new URL('../worker/cluster.worker.ts', import.meta.url), { type: 'module', name: 'kubeplay-sim' });
}

export function startEarly(location: { hash: string; search: string }): EarlyStart {
  const worker = new BufferedWorker(createSimWorker());
  const fromUrl = withStartMs(bootOptionsFromUrl(location.search));
  // A share link boots its own cluster, paused, after decoding the hash (share/session.ts).
  if (location.hash.includes('share=')) return { worker, fromUrl };
  worker.postMessage({ type: 'boot', version: PROTOCOL_VERSION, ...fromUrl });
  return { worker, booted: fromUrl, fromUrl };
}
