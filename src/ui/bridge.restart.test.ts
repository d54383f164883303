// The bridge restarts a dead worker from the last snapshot it received.
import { beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type BootMessage, type FromWorker, type ToWorker } from '../worker/protocol';
import { Bridge, type WorkerLike } from './bridge';
import { useRestartNotice } from './controls/restartNotice';
import { useUiStore } from './store';
import { useViewStore } from './views/viewStore';

class FakeWorker implements WorkerLike {
  posted: ToWorker[] = [];
  terminated = false;
  private listeners: Record<string, ((e: never) => void)[]> = {};
  postMessage(msg: ToWorker): void {
    this.posted.push(msg);
  }
  addEventListener(type: string, fn: (e: never) => void): void {
    (this.listeners[type] ??= []).push(fn);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(type: 'message' | 'error', data?: FromWorker): void {
    const e = type === 'message' ? { data } : { message: 'Uncaught RangeError: boom' };
    for (const fn of this.listeners[type] ?? []) fn(e as never);
  }
}

const T0 = Date.UTC(2025, 0, 15, 9);
const SNAP_AT = T0 + 42_000;
const SNAP = new TextEncoder().encode(JSON.stringify({ version: 1, nowMs: SNAP_AT })).buffer as ArrayBuffer;
const snapshotMsg = (): FromWorker => ({ type: 'snapshot', nowMs: SNAP_AT, rv: 9, json: SNAP });
const ready = (nowMs: number): FromWorker => ({ type: 'ready', version: PROTOCOL_VERSION, snapshotRv: 1, nowMs, playing: true, speed: 1, objects: [], kinds: [] });

function setup() {
  const workers: FakeWorker[] = [];
  const bridge = new Bridge(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  });
  bridge.boot({ seed: 3, nodes: 2, startMs: T0 });
  workers[0].emit('message', ready(T0));
  return { bridge, workers };
}

beforeEach(() => {
  useRestartNotice.setState({ notice: null });
});

describe('Bridge worker restart', () => {
  it('boots a new worker from the last snapshot with the clock as it was, and says so', async () => {
    const { bridge, workers } = setup();
    workers[0].emit('message', snapshotMsg());
    bridge.setClock(false, 30);
    const pending = bridge.kubectl('kubectl get pods');
    workers[0].emit('error');
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    const boot = workers[1].posted[0] as BootMessage;
    expect(boot).toEqual({ type: 'boot', version: PROTOCOL_VERSION, seed: 3, nodes: 2, startMs: T0, snapshot: expect.any(ArrayBuffer), playing: false, speed: 30 });
    // A copy of the bytes: the bridge keeps its own for a later restart.
    expect(boot.snapshot).not.toBe(SNAP);
    expect(new TextDecoder().decode(boot.snapshot)).toBe(new TextDecoder().decode(SNAP));
    expect(useUiStore.getState().connection.status).toBe('booting');
    expect(useRestartNotice.getState().notice).toEqual({ reason: 'The simulation stopped: Uncaught RangeError: boom', atMs: SNAP_AT, count: 1 });
    expect(useViewStore.getState().actions.at(-1)).toMatchObject({ timeMs: SNAP_AT, label: 'Simulation restarted from its last snapshot', ok: false });
    // The command in flight when it died fails with the reason; new ones go to the new worker.
    const r = await pending;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status.message).toContain('Uncaught RangeError: boom');
    workers[1].emit('message', ready(SNAP_AT));
    expect(useUiStore.getState().connection.status).toBe('ready');
    void bridge.kubectl('kubectl get nodes');
    expect(workers[1].posted.at(-1)).toMatchObject({ type: 'kubectl', line: 'kubectl get nodes' });
    // The old worker is deaf: nothing it might still send counts.
    workers[0].emit('error');
    expect(workers).toHaveLength(2);
  });

  it('the debug hook kills the worker the same way', () => {
    const { bridge, workers } = setup();
    workers[0].emit('message', snapshotMsg());
    expect(bridge.lastSnapshotMs()).toBe(SNAP_AT);
    bridge.killWorker();
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(useRestartNotice.getState().notice?.reason).toBe('the simulation worker was killed');
  });

  it('without a snapshot, or when restarts keep dying, the page says the simulation stopped', () => {
    const a = setup();
    a.workers[0].emit('error');
    expect(a.workers).toHaveLength(1);
    expect(useUiStore.getState().connection).toEqual({ status: 'dead', error: 'The simulation stopped: Uncaught RangeError: boom' });

    const b = setup();
    b.workers[0].emit('message', snapshotMsg());
    for (let i = 0; i < 3; i++) b.workers.at(-1)!.emit('error');
    expect(b.workers).toHaveLength(4);
    expect(useUiStore.getState().connection.status).toBe('booting');
    b.workers.at(-1)!.emit('error');
    expect(b.workers).toHaveLength(4);
    expect(useUiStore.getState().connection.status).toBe('dead');
  });
});
