import { afterEach, describe, expect, it } from 'vitest';
import { Cluster, type ClusterSnapshot } from '../cluster';
import { EVENT_TTL_MS, setEventExpiryChain } from './recorder';
import { EventExpiries, EXPIRE_EVENT } from './recorder.expiry';
import type { QueuedEvent } from '../core/queue';

const HOUR = EVENT_TTL_MS;

/** A crash-looping pod (BackOff and pull Events seen again and again: re-armed expiries) beside steady ones. */
const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - name: web
        image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "sleep 3600"]
    env:
    - { name: SIM_CRASH_AFTER, value: "20" }
`;

/**
 * Runs the workload for hours with Events recorded at odd moments (several in one ms, some seen
 * again) and returns every store change with the virtual time it happened at, and snapshots.
 */
function run(restoreAtMs?: number): { trace: string[]; snapshots: string[] } {
  let c = new Cluster({ seed: 7, nodes: 2 });
  const trace: string[] = [];
  let unsubscribe = c.subscribe((ch) => trace.push(`${c.nowMs} ${ch.rv} ${ch.type} ${ch.kindKey} ${ch.object.metadata.namespace}/${ch.object.metadata.name}`));
  const snapshots: string[] = [];
  c.apply(WORKLOAD);
  const start = c.nowMs;
  const ns = () => c.get('/Namespace', undefined, 'default')!;
  for (let i = 0; i < 40; i++) {
    // Three Events in one ms, two of them seen again later (aggregated: their expiry moves).
    c.events.record(ns(), 'Normal', 'Tick', `tick ${i % 5}`, { component: 'tester' });
    c.events.record(ns(), 'Normal', 'Tock', `tock ${i}`, { component: 'tester' });
    c.events.record(ns(), 'Warning', 'Tick', `tick ${i % 5}`, { component: 'tester', host: 'h' });
    c.advance(((i * 7919) % 1_200_000) + 333);
    if (i % 10 === 9) snapshots.push(JSON.stringify(c.snapshot()));
    if (restoreAtMs !== undefined && c.nowMs - start >= restoreAtMs) {
      restoreAtMs = undefined;
      unsubscribe();
      c = Cluster.restore(JSON.parse(JSON.stringify(c.snapshot())) as ClusterSnapshot);
      unsubscribe = c.subscribe((ch) => trace.push(`${c.nowMs} ${ch.rv} ${ch.type} ${ch.kindKey} ${ch.object.metadata.namespace}/${ch.object.metadata.name}`));
    }
  }
  c.advance(3 * HOUR);
  snapshots.push(JSON.stringify(c.snapshot()));
  unsubscribe();
  return { trace, snapshots };
}

describe('Event expiries in one chain', () => {
  afterEach(() => setEventExpiryChain(true));

  it('deletes every Event at the same moment and queue position as one timer per Event did, with the same snapshots', () => {
    setEventExpiryChain(false);
    const timers = run();
    setEventExpiryChain(true);
    const chain = run();
    expect(chain.trace.filter((l) => l.includes('DELETED /Event')).length).toBeGreaterThan(100);
    expect(chain.trace).toEqual(timers.trace);
    // Snapshots list the waiting expiries as the `event.expire` timers they stand for.
    expect(chain.snapshots).toEqual(timers.snapshots);
  });

  it('runs on the same after a restore, from a snapshot of either kind', () => {
    const straight = run();
    // The chain's snapshot restored into the chain.
    expect(run(2.5 * HOUR).trace).toEqual(straight.trace);
    // A snapshot from one timer per Event (as before the chain) restored into the chain.
    const c = new Cluster({ seed: 3, nodes: 1 });
    setEventExpiryChain(false);
    const old = new Cluster({ seed: 3, nodes: 1 });
    setEventExpiryChain(true);
    for (const x of [c, old]) {
      const ns = x.get('/Namespace', undefined, 'default')!;
      for (const m of ['a', 'b', 'c', 'd']) {
        x.events.record(ns, 'Normal', 'A', m, { component: 'tester' });
        x.advance(60_000);
      }
      x.advance(6 * 60_000);
      x.events.record(ns, 'Normal', 'A', 'a', { component: 'tester' });
    }
    const oldSnap = old.snapshot();
    expect(JSON.stringify(c.snapshot())).toBe(JSON.stringify(oldSnap));
    const expiries = oldSnap.queue.events.filter((e) => e.type === EXPIRE_EVENT);
    expect(expiries.length).toBe(4);
    const restored = Cluster.restore(oldSnap);
    const events = () => restored.list('/Event').length;
    const total = events();
    // The aggregated one lives an hour past its last sighting; the rest go an hour after creation.
    restored.advance(HOUR - 6 * 60_000 + 1000);
    expect(events()).toBe(1);
    expect(total).toBeGreaterThan(1);
    restored.advance(HOUR);
    expect(events()).toBe(0);
    expect(restored.snapshot().queue.events.filter((e) => e.type === EXPIRE_EVENT)).toEqual([]);
  });

  it('restores a malformed expiry timer as it was and skips it when it runs', () => {
    const c = new Cluster({ seed: 1, nodes: 1 });
    const snap = c.snapshot();
    snap.queue.events.push({ atMs: c.nowMs + 5, seq: snap.queue.nextSeq, type: EXPIRE_EVENT, data: null });
    snap.queue.nextSeq++;
    const r = Cluster.restore(snap);
    expect(r.snapshot().queue.events.filter((e) => e.type === EXPIRE_EVENT)).toHaveLength(1);
    expect(() => r.advance(10)).not.toThrow();
    expect(r.snapshot().queue.events.filter((e) => e.type === EXPIRE_EVENT)).toHaveLength(0);
  });
});

describe('EventExpiries', () => {
  it('queues only the earliest; one due before the last waits in the queue on its own; snapshots merge in order', () => {
    const queued: QueuedEvent[] = [];
    const chain = new EventExpiries({ schedule: (atMs, type, data, seq) => void queued.push({ atMs, seq: seq!, type, data }) });
    chain.add(100, 1, 'default', 'a');
    chain.add(100, 4, 'default', 'b');
    chain.add(200, 5, 'default', 'c');
    chain.add(150, 7, 'default', 'late-rearm'); // due before c: its own timer
    expect(queued.map((e) => [e.atMs, e.seq, (e.data as { name: string }).name])).toEqual([[100, 1, 'a'], [150, 7, 'late-rearm']]);
    const other = { atMs: 100, seq: 2, type: 'x', data: {} };
    const state = chain.withWaiting({ nextSeq: 9, events: [queued[0]!, other, queued[1]!] });
    expect(state.events.map((e) => `${e.atMs}/${e.seq}/${e.type}`)).toEqual(['100/1/event.expire', '100/2/x', '100/4/event.expire', '150/7/event.expire', '200/5/event.expire']);
    expect(state.events[2]).toEqual({ atMs: 100, seq: 4, type: EXPIRE_EVENT, data: { namespace: 'default', name: 'b' } });
    // A stand-alone timer running is not the chain's; the armed one running arms the next.
    chain.fired(queued[1]!.data);
    expect(queued).toHaveLength(2);
    chain.fired(queued[0]!.data);
    expect(queued.map((e) => e.seq)).toEqual([1, 7, 4]);
    chain.fired(queued[2]!.data);
    chain.fired(queued[3]!.data);
    expect(queued.map((e) => e.seq)).toEqual([1, 7, 4, 5]);
    expect(chain.withWaiting({ nextSeq: 9, events: [] }).events).toEqual([]);
  });
});
