// Boot options from the page URL. A module of its own, free of React and the stores, so the page's
// tiny entry (earlyWorker.ts) can boot the simulation before the app's code has loaded.

export interface BootOptions {
  seed: number;
  nodes: number;
  /** Virtual start time; omitted = the worker uses the current date. */
  startMs?: number;
}

/** Boot options from the page URL: `?seed=7&nodes=5&start=2025-01-15T09:00:00Z`. */
export function bootOptionsFromUrl(search: string): BootOptions {
  const q = new URLSearchParams(search);
  const int = (v: string | null, dflt: number, min: number, max: number) => {
    const n = v === null ? NaN : Number(v);
    return Number.isInteger(n) && n >= min && n <= max ? n : dflt;
  };
  const start = q.get('start');
  const startMs = start ? Date.parse(start) : NaN;
  return {
    seed: int(q.get('seed'), 1, 0, 2 ** 31 - 1),
    nodes: int(q.get('nodes'), 3, 0, 100),
    ...(Number.isFinite(startMs) ? { startMs } : {}),
  };
}

/**
 * The worker's default start: the current date (`nowMs`, default now), to the second (fixed here
 * so a share link can name it).
 */
export function withStartMs(opts: BootOptions, nowMs = Date.now()): BootOptions {
  return opts.startMs === undefined ? { ...opts, startMs: Math.round(nowMs / 1000) * 1000 } : opts;
}

export function sameBootOptions(a: BootOptions, b: BootOptions): boolean {
  return a.seed === b.seed && a.nodes === b.nodes && a.startMs === b.startMs;
}
