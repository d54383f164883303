// Decision records must not depend on what the scheduler (or the process) did before: a worker
// restarted from a snapshot starts with fresh buffers and empty caches, and its records — part of
// its next snapshot — must be the ones the original would have written.

import { describe, expect, it } from 'vitest';
import { webCluster } from './testutil';
import { Cluster, type ClusterSnapshot } from '../cluster';
import { recordAttempt, type StoredDecision } from './decisions';
import { DecisionStore } from './decisions.held';
import { AttemptTrace } from './framework';
import { Code, constStatus, type FilterPlugin, type ScorePlugin } from './types';

function storedDecision(c: Cluster, name: string): StoredDecision {
  const uid = c.get('/Pod', 'default', name)!.metadata.uid!;
  const s = (c.snapshot().components.scheduler as { decisions: StoredDecision[] }).decisions;
  return s.find((d) => d.podUid === uid)!;
}

const spread = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: s}}
spec:
  topologySpreadConstraints:
  - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: s}}}
  containers: [{name: c, image: nginx}]
`;

describe('decision records after a restore', () => {
  it("a score plugin skipped for this pod records zeros, not the previous attempt's scores", () => {
    const live = new Cluster({ seed: 4 });
    live.apply(spread('a'));
    const snap = JSON.parse(JSON.stringify(live.snapshot())) as ClusterSnapshot;
    const restored = Cluster.restore(snap, { adopt: true });
    // The first pod scored PodTopologySpread in the live scheduler; this one skips it.
    const plain = 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  containers: [{name: c, image: nginx}]\n';
    live.apply(plain);
    restored.apply(plain);
    const d = storedDecision(live, 'b');
    const pts = d.scorePlugins.findIndex(([p]) => p === 'PodTopologySpread');
    expect(d.scoreSkipped[pts]).toBe(true);
    const P = d.scorePlugins.length;
    for (let row = 0; row < d.totals.length; row++) expect([d.scores[row * P * 2 + pts * 2], d.scores[row * P * 2 + pts * 2 + 1]]).toEqual([0, 0]);
    expect(JSON.stringify(storedDecision(restored, 'b'))).toBe(JSON.stringify(d));
  });

  it('alike statuses share one table entry whether or not they are one object', () => {
    const filters: FilterPlugin[] = [{ name: 'TaintToleration', filter: () => null }];
    const scores: ScorePlugin[] = [];
    const trace = new AttemptTrace();
    trace.reset(1, 0);
    const msg = 'node(s) had untolerated taint {x: }';
    // One cached (shared) object for two nodes, a second equal object for the third: what a
    // plugin's bounded cache hands out depends on what the process saw before.
    const shared = constStatus('TaintToleration', Code.UnschedulableAndUnresolvable, msg);
    trace.names.push('n1', 'n2', 'n3');
    trace.statuses.push(shared, shared, constStatus('TaintToleration', Code.UnschedulableAndUnresolvable, msg));
    const d = recordAttempt(
      { uid: 'u', namespace: 'default', name: 'p', attempt: 1, timeMs: 0, outcome: 'Unschedulable', numAllNodes: 3, evaluatedNodes: 3, feasibleNodes: 0 },
      trace,
      filters,
      scores,
    );
    expect(d.statusTable).toEqual([{ code: Code.UnschedulableAndUnresolvable, reasons: [msg] }]);
    expect(d.status).toEqual([0, 0, 0]);
  });

  it('restored records share their repeated parts as live ones do (one body per alike record)', () => {
    const c = webCluster(5, 4, 12);
    const records = (JSON.parse(JSON.stringify(c.snapshot())) as ClusterSnapshot).components.scheduler as { decisions: StoredDecision[] };
    const list = records.decisions;
    expect(list.length).toBeGreaterThanOrEqual(12);
    const store = new DecisionStore();
    store.restore(list);
    // What a body holds: everything but the pod, the time, the chosen node, the nodes and scores.
    const own = new Set(['podUid', 'name', 'timeMs', 'selectedNode', 'nodes', 'scoreRow', 'scores', 'totals']);
    const bodyKey = (d: StoredDecision) => JSON.stringify(Object.entries(d).filter(([k]) => !own.has(k)));
    const classes = new Set(list.map(bodyKey));
    const bodies = new Set(list.map((d) => store.bodyOf(d.podUid)));
    expect(bodies.has(undefined)).toBe(false);
    expect(bodies.size).toBe(classes.size);
    expect(bodies.size).toBeLessThan(list.length);
    // The parts are the shared, frozen ones; the records read back byte for byte.
    const [a, b] = list.filter((d) => bodyKey(d) === bodyKey(list[list.length - 1]!)).map((d) => store.raw(d.podUid)!);
    expect(b!.filterPlugins).toBe(a!.filterPlugins);
    expect(b!.scorePlugins).toBe(a!.scorePlugins);
    expect(b!.rejectedBy).toBe(a!.rejectedBy);
    expect(Object.isFrozen(a!.filterSkipped)).toBe(true);
    expect(JSON.stringify(store.snapshot())).toBe(JSON.stringify(list));
    for (const d of list) expect(store.get(d.podUid)).toEqual(c.service<{ decision(uid: string): unknown }>('scheduler')!.decision(d.podUid));
  });
});
