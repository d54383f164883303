// Held decision records (decisions.held.ts) must read back exactly as stored: same values, same
// key order (snapshots are compared as JSON), whatever the record's optional fields.

import { describe, expect, it } from 'vitest';
import { webCluster } from './testutil';
import { Cluster } from '../cluster';
import type { StoredDecision } from './decisions';
import { DecisionStore } from './decisions.held';
import { decodeNodes, encodeNodes, sharedIndexes, sharedRejectedBy } from './decisions.shared';

function record(uid: string, extra: Partial<StoredDecision> = {}): StoredDecision {
  const d: StoredDecision = {
    podUid: uid,
    namespace: 'default',
    name: `pod-${uid}`,
    attempt: 1,
    timeMs: 1736931600000 + uid.length,
    outcome: 'Scheduled',
    numAllNodes: 3,
    evaluatedNodes: 3,
    feasibleNodes: 2,
    filterPlugins: ['NodeName', 'TaintToleration'],
    filterSkipped: Object.freeze([false, false]) as boolean[],
    scorePlugins: [['NodeResourcesFit', 1]],
    scoreSkipped: Object.freeze([false]) as boolean[],
    scoringSkipped: false,
    nodes: ['n1', 'n2', 'n3'],
    failedBy: sharedIndexes([1, -1, -1]),
    status: sharedIndexes([0, -1, -1]),
    statusTable: Object.freeze([Object.freeze({ code: 3, reasons: Object.freeze(['taint']) as string[] })]) as StoredDecision['statusTable'],
    scoreRow: [-1, 0, 0],
    scores: [50, 50],
    totals: [50],
    omittedNodes: 0,
    rejectedBy: sharedRejectedBy({ TaintToleration: 1 }),
  };
  return Object.assign(d, extra);
}

const json = (x: unknown) => JSON.stringify(x);

describe('held decision records', () => {
  it('read back as stored, keys in the same order, with and without optional fields', () => {
    const variants: StoredDecision[] = [
      record('a', { selectedNode: 'n2' }),
      record('b', { outcome: 'Unschedulable', message: '0/3 nodes are available', feasibleNodes: 0 }),
      record('c', { outcome: 'Unschedulable', message: 'm', nominatedNode: 'n3', preFilter: { plugin: 'P', code: 2, reasons: ['r'] } }),
      record('d', { outcome: 'Unschedulable', message: 'm', preemption: { message: 'x', nominatedNode: 'n1', victims: [{ namespace: 'default', name: 'v', uid: 'vu' }] } }),
    ];
    const store = new DecisionStore();
    const expected = variants.map((d) => json(structuredClone(d)));
    for (const d of variants) store.set(d);
    expect(store.snapshot().map(json)).toEqual(expected);
    for (const d of variants) expect(typeof store.raw(d.podUid)!.nodes).toBe('string'); // held encoded
    expect(store.get('a')!.nodes.map((n) => n.node)).toEqual(['n1', 'n2', 'n3']);
  });

  it('a failed binding turns the record into Error; a new message key goes last, as on a plain object', () => {
    for (const extra of [{ selectedNode: 'n2', nominatedNode: 'n1' }, { selectedNode: 'n2', message: 'before' }]) {
      const plain = structuredClone(record('e', extra)) as StoredDecision;
      plain.outcome = 'Error';
      plain.message = 'pods "pod-e" not found';
      const store = new DecisionStore();
      store.set(record('e', extra));
      store.markError('e', 'pods "pod-e" not found');
      expect(json(store.snapshot()[0])).toBe(json(plain));
    }
  });

  it('a snapshot restores to the same snapshot', () => {
    const store = new DecisionStore();
    store.set(record('a', { selectedNode: 'n2' }));
    store.set(record('b', { outcome: 'Unschedulable', message: 'm' }));
    store.markError('a', 'gone');
    const snap = JSON.parse(json(store.snapshot())) as StoredDecision[];
    const restored = new DecisionStore();
    restored.restore(snap);
    expect(json(restored.snapshot())).toBe(json(snap));
    expect(restored.get('a')).toEqual(store.get('a'));
  });

  it('score rows read back exactly, packed or not (fractions, -0, large and negative numbers)', () => {
    const store = new DecisionStore();
    const rows: number[][] = [[0, 100, 7, 65534], [0.5, 3], [-0, 1], [70000, 2], [-5, 1], [-1, 0]];
    rows.forEach((scores, i) => store.set(record(`s${i}`, { scores, totals: [scores[0]!], scoreRow: [-1, 0, 0] })));
    const snap = store.snapshot();
    rows.forEach((scores, i) => {
      expect(Object.is(snap[i]!.scores[0], scores[0])).toBe(true);
      expect(snap[i]!.scores).toEqual(scores);
      expect(snap[i]!.totals).toEqual([scores[0]]);
    });
  });

  it('node lists encode to one string and decode back', () => {
    const names = ['kubeplay-worker', 'kubeplay-worker2', 'kubeplay-control-plane', 'kubeplay-worker'];
    const enc = encodeNodes(names);
    expect(typeof enc).toBe('string');
    expect(enc.length).toBe(4);
    expect(decodeNodes(enc)).toEqual(names);
    expect(decodeNodes(['x', 'y'])).toEqual(['x', 'y']);
  });

  it('a cluster run keeps the same decision views after a snapshot round trip', () => {
    const c = webCluster(3, 4, 6);
    const snap = JSON.parse(json(c.snapshot()));
    const restored = Cluster.restore(snap, { adopt: true });
    expect(json(restored.snapshot().components.scheduler)).toBe(json(snap.components.scheduler));
  });

  it("holds the records recordAttempt writes compactly (its key order matches the held form's)", () => {
    const c = webCluster(3, 4, 6);
    // The snapshot holds the records with recordAttempt's keys, in its order.
    const records = (c.snapshot().components.scheduler as { decisions: StoredDecision[] }).decisions;
    const uids = c.list('/Pod', 'default').map((p) => p.metadata.uid!);
    expect(records.map((d) => d.podUid).sort()).toEqual([...uids].sort());
    const store = new DecisionStore();
    store.restore(records);
    for (const uid of uids) expect(store.isCompact(uid), uid).toBe(true);
  });
});
