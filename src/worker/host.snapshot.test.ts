// Snapshots for restarting a dead worker: when they are sent, what they cost, and booting from one.
import { describe, expect, it } from 'vitest';
import { Cluster, type ClusterSnapshot } from '../sim/cluster';

const parse = (m: SnapshotMessage): ClusterSnapshot => JSON.parse(new TextDecoder().decode(m.json));
import { FRAME_MS, SNAPSHOT_AFTER_COMMAND_MS, SNAPSHOT_COST_FACTOR, SNAPSHOT_PERIOD_MS, WorkerHost } from './host';
import { PROTOCOL_VERSION, type FromWorker, type ReadyMessage, type SnapshotMessage } from './protocol';

function harness(opts: { snapshotCostMs?: number } = {}) {
  const sent: FromWorker[] = [];
  const transfers: unknown[][] = [];
  let wall = 0;
  let timer: (() => void) | undefined;
  const host = new WorkerHost({
    post: (m, transfer) => {
      // A snapshot's serialisation is what costs: the fake clock charges it here.
      if (m.type === 'snapshot') {
        wall += opts.snapshotCostMs ?? 0;
        transfers.push(transfer ?? []);
      }
      sent.push(structuredClone(m));
    },
    wallNow: () => wall,
    dateNow: () => 0,
    setTimer: (fn) => ((timer = fn), 1),
    clearTimer: () => (timer = undefined),
    createCluster: (o) => new Cluster(o),
    restoreCluster: (s) => Cluster.restore(s),
  });
  const frame = (ms = FRAME_MS) => {
    wall += ms;
    const t = timer;
    timer = undefined;
    t?.();
  };
  const snapshots = () => sent.filter((m): m is SnapshotMessage => m.type === 'snapshot');
  return { host, sent, frame, snapshots, transfers, hasTimer: () => timer !== undefined };
}

const BOOT = { type: 'boot', version: PROTOCOL_VERSION, seed: 1, nodes: 2, startMs: Date.UTC(2025, 0, 15, 9) } as const;

describe('WorkerHost snapshots', () => {
  it('sends one after boot, then every period while the cluster runs; each restores to the same cluster', () => {
    const h = harness();
    h.host.handle(BOOT);
    h.frame();
    expect(h.snapshots()).toHaveLength(1);
    const first = h.snapshots()[0];
    // Handed over, not copied: the UI thread never pays for it.
    expect(h.transfers[0]).toHaveLength(1);
    expect(h.transfers[0][0]).toBeInstanceOf(ArrayBuffer);
    expect(first.nowMs).toBeGreaterThan(Date.UTC(2025, 0, 15, 9));
    const restored = Cluster.restore(parse(first));
    expect(restored.nowMs).toBe(first.nowMs);
    expect(restored.resourceVersion).toBe(first.rv);
    // Playing at 1×: nothing more until the period has passed.
    for (let t = 0; t < SNAPSHOT_PERIOD_MS - 2 * FRAME_MS; t += FRAME_MS) h.frame();
    expect(h.snapshots()).toHaveLength(1);
    for (let i = 0; i < 3; i++) h.frame();
    expect(h.snapshots()).toHaveLength(2);
  });

  it('comes sooner after a command, and a paused, unchanged cluster sends none', () => {
    const h = harness();
    h.host.handle(BOOT);
    h.host.handle({ type: 'clock', playing: false, speed: 1 });
    h.frame();
    const n = h.snapshots().length;
    expect(n).toBe(1);
    h.frame();
    expect(h.snapshots()).toHaveLength(n);
    expect(h.hasTimer()).toBe(false);
    h.host.handle({ type: 'kubectl', id: 1, line: 'kubectl create deployment web --image=nginx' });
    h.frame();
    expect(h.snapshots()).toHaveLength(n);
    // Paused, the host keeps its frame timer only until the snapshot is due.
    for (let t = 0; t < SNAPSHOT_AFTER_COMMAND_MS; t += FRAME_MS) h.frame();
    expect(h.snapshots()).toHaveLength(n + 1);
    expect(Cluster.restore(parse(h.snapshots().at(-1)!)).get('apps/Deployment', 'default', 'web')).toBeDefined();
    h.frame();
    expect(h.hasTimer()).toBe(false);
  });

  it('bounds the cost: an expensive snapshot pushes the next one further away', () => {
    const h = harness({ snapshotCostMs: 400 });
    h.host.handle(BOOT);
    h.frame();
    expect(h.snapshots()).toHaveLength(1);
    // 400 ms × SNAPSHOT_COST_FACTOR (50) = 20 s before the next, not the 2 s period.
    expect(SNAPSHOT_COST_FACTOR).toBe(50);
    for (let t = 0; t < 19_000; t += FRAME_MS) h.frame();
    expect(h.snapshots()).toHaveLength(1);
    for (let t = 0; t < 1100; t += FRAME_MS) h.frame();
    expect(h.snapshots()).toHaveLength(2);
  });

  it('boots from a snapshot: the same objects, time and session, the clock the UI asks for', () => {
    const a = harness();
    a.host.handle(BOOT);
    a.host.handle({ type: 'kubectl', id: 1, line: 'kubectl create deployment web --image=nginx --replicas=2' });
    for (let t = 0; t < 5000; t += FRAME_MS) a.frame();
    const snap: SnapshotMessage = a.snapshots().at(-1)!;
    const b = harness();
    b.host.handle({ ...BOOT, seed: 99, nodes: 7, snapshot: snap.json, playing: false, speed: 30 });
    const ready = b.sent[0] as ReadyMessage;
    expect(ready).toMatchObject({ type: 'ready', nowMs: snap.nowMs, snapshotRv: snap.rv, playing: false, speed: 30 });
    const names = (kind: string) => ready.objects.filter((e) => e.object.kind === kind && (kind === 'Node' || e.object.metadata.namespace === 'default')).map((e) => e.object.metadata.name);
    expect(names('Deployment')).toEqual(['web']);
    expect(names('Pod').filter((n) => n!.startsWith('web-'))).toHaveLength(2);
    expect(names('Node')).toHaveLength(3);
    // Nothing new to send: the UI holds this snapshot already.
    b.frame();
    expect(b.snapshots()).toEqual([]);
  });

  it('refuses what is not a snapshot, with an error message, and keeps running', () => {
    const h = harness();
    h.host.handle({ ...BOOT, snapshot: new TextEncoder().encode('{"version":7}').buffer as ArrayBuffer });
    expect(h.sent[0]).toEqual({ type: 'error', message: 'boot: not a cluster snapshot (version 1)' });
    h.host.handle(BOOT);
    expect(h.sent[1].type).toBe('ready');
  });
});
