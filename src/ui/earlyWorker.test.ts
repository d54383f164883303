// The page's early start: a worker booted before the app loads, whose messages wait for the
// bridge, and a bridge that does not boot it twice.
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type FromWorker, type ToWorker } from '../worker/protocol';
import { Bridge } from './bridge';
import { BufferedWorker } from './earlyWorker';
import { useUiStore } from './store';

/** The part of a DOM Worker BufferedWorker uses. */
class FakeDomWorker {
  posted: ToWorker[] = [];
  private listeners: Record<string, ((e: Event) => void)[]> = {};
  postMessage(msg: ToWorker): void {
    this.posted.push(msg);
  }
  addEventListener(type: string, fn: (e: Event) => void): void {
    (this.listeners[type] ??= []).push(fn);
  }
  terminate(): void {}
  emit(data: FromWorker): void {
    for (const fn of this.listeners.message ?? []) fn(new MessageEvent('message', { data }));
  }
}

const T0 = Date.UTC(2025, 0, 15, 9);
const ready = (): FromWorker => ({ type: 'ready', version: PROTOCOL_VERSION, snapshotRv: 1, nowMs: T0, playing: true, speed: 1, objects: [], kinds: [] });
const batch = (nowMs: number): FromWorker => ({ type: 'batch', rv: 2, nowMs, added: {}, updated: {}, removed: [] });

describe('BufferedWorker', () => {
  it('keeps messages that arrive before anyone listens and hands them over in order, after set-up', async () => {
    const dom = new FakeDomWorker();
    const w = new BufferedWorker(dom as unknown as Worker);
    dom.emit(ready());
    dom.emit(batch(T0 + 16));
    const got: string[] = [];
    w.addEventListener('message', (e) => got.push(`${e.data.type}@${'nowMs' in e.data ? e.data.nowMs - T0 : ''}`));
    // Not synchronously: the bridge finishes booting first.
    expect(got).toEqual([]);
    await Promise.resolve();
    dom.emit(batch(T0 + 32));
    expect(got).toEqual(['ready@0', 'batch@16', 'batch@32']);
  });
});

describe('Bridge with a pre-booted worker', () => {
  it('does not send the same boot again, but its tap sees it', async () => {
    const dom = new FakeDomWorker();
    const early = new BufferedWorker(dom as unknown as Worker);
    const opts = { seed: 1, nodes: 3, startMs: T0 };
    early.postMessage({ type: 'boot', version: PROTOCOL_VERSION, ...opts });
    dom.emit(ready());
    const bridge = new Bridge(() => early, opts);
    const tapped: ToWorker[] = [];
    bridge.setTap({ sent: (m) => tapped.push(m), replied: () => {} });
    bridge.boot(opts);
    expect(dom.posted.filter((m) => m.type === 'boot')).toHaveLength(1);
    expect(tapped.map((m) => m.type)).toEqual(['boot']);
    await Promise.resolve();
    expect(useUiStore.getState().connection.status).toBe('ready');
  });

  it('boots again when the options differ (a share link chose its own cluster)', () => {
    const dom = new FakeDomWorker();
    const early = new BufferedWorker(dom as unknown as Worker);
    early.postMessage({ type: 'boot', version: PROTOCOL_VERSION, seed: 1, nodes: 3, startMs: T0 });
    const bridge = new Bridge(() => early, { seed: 1, nodes: 3, startMs: T0 });
    bridge.boot({ seed: 7, nodes: 5, startMs: T0 });
    expect(dom.posted.filter((m) => m.type === 'boot').map((m) => (m.type === 'boot' ? m.seed : 0))).toEqual([1, 7]);
  });
});
