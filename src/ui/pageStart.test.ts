// index.html's start-up script (run here as the browser would run it, against fakes) and the entry
// adopting what it left: the same boot on both sides, and no worker event lost in between.
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { bootFromName, bootName } from '../worker/bootname';
import { PROTOCOL_VERSION, type FromWorker } from '../worker/protocol';
import { bootOptionsFromUrl, withStartMs } from './bootOptions';
import { startEarly } from './earlyWorker';
import { pageStartScript } from './pageStart.script';

class FakeDomWorker {
  static last?: FakeDomWorker;
  private listeners: Record<string, ((e: Event) => void)[]> = {};
  posted: unknown[] = [];
  constructor(
    readonly url: string,
    readonly opts: { type: string; name: string },
  ) {
    FakeDomWorker.last = this;
  }
  addEventListener(type: string, fn: (e: Event) => void): void {
    (this.listeners[type] ??= []).push(fn);
  }
  postMessage(m: unknown): void {
    this.posted.push(m);
  }
  terminate(): void {}
  emit(type: string, e: Event): void {
    for (const fn of this.listeners[type] ?? []) fn(e);
  }
}

const T = Date.UTC(2025, 0, 15, 9, 0, 0, 400);

/** Runs the script in a page at `search` + `hash`; the page's `window` is the global here. */
function runScript(search: string, hash = ''): void {
  const window = globalThis as Record<string, unknown>;
  const marks: string[] = [];
  runInNewContext(pageStartScript('/assets/cluster.worker-x.js'), {
    window,
    location: { search, hash },
    Worker: FakeDomWorker,
    Date: { now: () => T },
    JSON,
    performance: { mark: (n: string) => marks.push(n) },
  });
  expect(marks).toEqual(['kubeplay:worker-start']);
}

const msg = (data: FromWorker) => ({ type: 'message', data }) as unknown as MessageEvent;

describe('the page-start script', () => {
  it('starts the worker named with the boot the entry derives, and the entry adopts it with its early events', async () => {
    runScript('?seed=9&nodes=2');
    const dom = FakeDomWorker.last!;
    expect(dom.url).toBe('/assets/cluster.worker-x.js');
    expect(dom.opts.type).toBe('module');
    const fromUrl = withStartMs(bootOptionsFromUrl('?seed=9&nodes=2'), T);
    expect(bootFromName(dom.opts.name)).toEqual({ type: 'boot', version: PROTOCOL_VERSION, ...fromUrl });
    // The same name the entry gives a worker it starts itself (the dev server's path).
    expect(dom.opts.name).toBe(bootName({ search: '?seed=9&nodes=2', t: T }));
    // The worker answers before the entry has run: kept.
    const ready: FromWorker = { type: 'ready', version: PROTOCOL_VERSION, snapshotRv: 1, nowMs: fromUrl.startMs!, playing: true, speed: 1, objects: [], kinds: [] };
    dom.emit('message', msg(ready));

    const early = startEarly({ search: '?seed=9&nodes=2', hash: '' });
    expect(early.booted).toEqual(fromUrl);
    expect(early.fromUrl).toEqual(fromUrl);
    // Adopted once: a second start (no script) makes its own worker.
    expect((globalThis as Record<string, unknown>).__kubeplaySim).toBeUndefined();
    dom.emit('message', msg({ type: 'batch', rv: 2, nowMs: fromUrl.startMs! + 16, added: {}, updated: {}, removed: [] }));
    const got: string[] = [];
    early.worker.addEventListener('message', (e) => got.push(e.data.type));
    await Promise.resolve();
    expect(got).toEqual(['ready', 'batch']);
    // Nothing posted: the boot is in the name.
    expect(dom.posted).toEqual([]);
  });

  it('keeps a load error for the entry', async () => {
    runScript('');
    const dom = FakeDomWorker.last!;
    dom.emit('error', { type: 'error', message: '' } as unknown as Event);
    const early = startEarly({ search: '', hash: '' });
    const errors: Event[] = [];
    early.worker.addEventListener('error', (e) => errors.push(e));
    await Promise.resolve();
    expect(errors).toHaveLength(1);
  });

  it('does not boot a share link (the app boots it, paused, from the link)', () => {
    runScript('', '#share=v1.abc');
    const dom = FakeDomWorker.last!;
    expect(dom.opts.name).toBe('kubeplay-sim');
    expect(bootFromName(dom.opts.name)).toBeUndefined();
    const early = startEarly({ search: '', hash: '#share=v1.abc' });
    expect(early.booted).toBeUndefined();
    expect(early.fromUrl).toEqual(withStartMs(bootOptionsFromUrl(''), T));
  });

  it('on the dev server (no start-up script), the entry names its worker the same way', () => {
    const saved = (globalThis as { Worker?: unknown }).Worker;
    (globalThis as { Worker?: unknown }).Worker = FakeDomWorker;
    vi.spyOn(Date, 'now').mockReturnValue(T);
    try {
      const early = startEarly({ search: '?seed=9&nodes=2', hash: '' });
      const dom = FakeDomWorker.last!;
      expect(dom.opts.name).toBe(bootName({ search: '?seed=9&nodes=2', t: T }));
      expect(bootFromName(dom.opts.name)).toEqual({ type: 'boot', version: PROTOCOL_VERSION, ...early.fromUrl });
      expect(early.booted).toEqual(withStartMs(bootOptionsFromUrl('?seed=9&nodes=2'), T));
    } finally {
      vi.restoreAllMocks();
      (globalThis as { Worker?: unknown }).Worker = saved;
    }
  });
});
