import { describe, expect, it } from 'vitest';
import { BACKOFF_EVENT, FLUSH_EVENT, SchedulingQueue } from './queue';

function harness() {
  let now = 1000;
  const timers: { at: number; type: string; data: { uid: string; gen: number } }[] = [];
  let wakes = 0;
  const q = new SchedulingQueue({ now: () => now, schedule: (at, type, data) => timers.push({ at, type, data }), onActive: () => wakes++ });
  return { q, timers, setNow: (t: number) => (now = t), wakes: () => wakes };
}

describe('SchedulingQueue', () => {
  it('pops by priority, then by the time pods were queued (PrioritySort)', () => {
    const { q, setNow } = harness();
    q.add('a', 'default', 'a', 0, false);
    setNow(1001);
    q.add('b', 'default', 'b', 100, false);
    q.add('c', 'default', 'c', 0, false);
    expect([q.pop()!.name, q.pop()!.name, q.pop()!.name]).toEqual(['b', 'a', 'c']);
    expect(q.pop()).toBeUndefined();
  });

  it('parks unschedulable pods, moves them on events after their backoff, and flushes them after 5 minutes', () => {
    const { q, timers, setNow } = harness();
    q.add('p', 'default', 'p', 0, false);
    const qp = q.pop()!;
    q.requeueFailed(qp, ['NodeResourcesFit']);
    expect(qp.queue).toBe('unschedulablePods');
    expect(timers.at(-1)).toEqual({ at: 1000 + 300_000, type: FLUSH_EVENT, data: { uid: 'p', gen: qp.gen } });
    // An event 500ms later: still backing off (1s after the first attempt).
    setNow(1500);
    q.moveUnschedulable(() => true, ['NodeResourcesFit']);
    expect(qp.queue).toBe('backoffQ');
    expect(timers.at(-1)).toEqual({ at: 2000, type: BACKOFF_EVENT, data: { uid: 'p', gen: qp.gen } });
    // The stale flush timer does nothing; the backoff timer moves it to activeQ.
    q.unschedulableTimeout('p', 1);
    expect(qp.queue).toBe('backoffQ');
    setNow(2000);
    q.backoffDone('p', qp.gen);
    expect(qp.queue).toBe('activeQ');
    // Second failure: 2s backoff; an event after it goes straight to activeQ.
    q.pop();
    q.requeueFailed(qp, ['NodeResourcesFit']);
    setNow(4500);
    q.moveUnschedulable(() => true, ['NodeResourcesFit']);
    expect(qp.queue).toBe('activeQ');
  });

  it('skips the scan when no parked pod was rejected by a plugin the event concerns', () => {
    const { q } = harness();
    q.add('p', 'default', 'p', 0, false);
    const qp = q.pop()!;
    q.requeueFailed(qp, ['TaintToleration']);
    let asked = 0;
    q.moveUnschedulable(() => (asked++, true), ['InterPodAffinity']);
    expect(asked).toBe(0);
    expect(qp.queue).toBe('unschedulablePods');
  });

  it('keeps gated pods out until activated; survives snapshot/restore', () => {
    const { q } = harness();
    q.add('g', 'default', 'g', 0, true);
    q.add('x', 'default', 'x', 5, false);
    expect(q.get('g')!.queue).toBe('gated');
    const h2 = harness();
    h2.q.restore(JSON.parse(JSON.stringify(q.snapshot())));
    expect(h2.q.snapshot()).toEqual(q.snapshot());
    h2.q.activate(h2.q.get('g')!);
    expect([h2.q.pop()!.name, h2.q.pop()!.name]).toEqual(['x', 'g']);
  });
});
