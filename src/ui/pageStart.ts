// The simulation worker started by index.html itself, before the page's entry script has even been
// fetched: a small classic script the build writes into index.html (pageStart.script.ts, added by
// vite.config.ts with its hash in the page's Content-Security-Policy). The entry adopts the worker
// and the events it kept (earlyWorker.ts). The dev server writes no such script: the entry starts
// the worker then.

/** What the script leaves on `window.__kubeplaySim`. */
export interface PageStart {
  worker: Worker;
  /** Date.now() when the worker was started: the default virtual start time. */
  t: number;
  /** Whether the worker boots itself (not for a `#share=` link: the app boots that one). */
  booted: boolean;
  /** The worker's events until the entry adopts it (then null: the script stops keeping them). */
  held: Event[] | null;
}

/** The worker index.html started, once (the entry adopts it; a restart starts its own). */
export function takePageStart(): PageStart | undefined {
  const w = globalThis as { __kubeplaySim?: PageStart };
  const s = w.__kubeplaySim;
  w.__kubeplaySim = undefined;
  return s && typeof s === 'object' && s.worker && typeof s.t === 'number' && Array.isArray(s.held) ? s : undefined;
}
