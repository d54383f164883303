import { describe, expect, it } from 'vitest';
import { fitErrorMessage, newDiagnosis } from './diagnosis';
import { numFeasibleNodesToFind } from './framework';
import { newPodInfo } from './podinfo';
import { podRequests } from '../api/podutil';
import { fixture, node, pod } from './testutil';
import { Code } from './types';
import { DefaultPreemption, pickOneNodeForPreemption } from './preemption';
import { expandDecision, recordAttempt } from './decisions';

describe('numFeasibleNodesToFind (adaptive percentageOfNodesToScore)', () => {
  it('checks every node below 100, then max(5%, 50% − nodes/125), at least 100', () => {
    expect([1, 50, 99, 100, 200, 1000, 5000, 6000, 20000].map(numFeasibleNodesToFind)).toEqual([1, 50, 99, 100, 100, 420, 500, 300, 1000]);
  });
});

describe('FitError message', () => {
  it('counts reasons per node, sorts the "<count> <reason>" strings as Go does, adds the PostFilter message', () => {
    const d = newDiagnosis(14);
    for (let i = 0; i < 10; i++) d.statuses.set(`n${i}`, { code: Code.Unschedulable, reasons: ['Insufficient cpu', 'Insufficient memory'] });
    for (let i = 10; i < 13; i++) d.statuses.set(`n${i}`, { code: Code.UnschedulableAndUnresolvable, reasons: ["node(s) didn't match Pod's node affinity/selector"] });
    d.statuses.set('cp', { code: Code.UnschedulableAndUnresolvable, reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'] });
    expect(fitErrorMessage(d)).toBe(
      "0/14 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 10 Insufficient cpu, 10 Insufficient memory, 3 node(s) didn't match Pod's node affinity/selector.",
    );
    d.postFilterMsg = 'preemption: not eligible due to preemptionPolicy=Never.';
    expect(fitErrorMessage(d)).toMatch(/selector\. preemption: not eligible due to preemptionPolicy=Never\.\.$/);
  });

  it('uses the PreFilter message alone when a PreFilter rejected the pod', () => {
    const d = newDiagnosis(3);
    d.preFilterMsg = 'pod has unbound immediate PersistentVolumeClaims';
    expect(fitErrorMessage(d)).toBe('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.');
  });
});

describe('Framework', () => {
  it('narrows to the nodes a DaemonSet-style affinity names; the others count as "didn\'t satisfy plugin(s)"', () => {
    const f = fixture([node('a', { cpu: '1' }), node('b'), node('c')]);
    const p = pod('ds', {
      cpu: '2',
      spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }] } } } },
    });
    const out = f.fw.schedulePod(newPodInfo(p));
    expect(out.kind).toBe('unschedulable');
    if (out.kind !== 'unschedulable') return;
    expect(fitErrorMessage(out.diagnosis)).toBe("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].");
    expect(out.evaluatedNodes).toBe(1);
  });

  it('filters from where the last attempt stopped and stops once enough feasible nodes are found', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => node(`n${String(i).padStart(3, '0')}`));
    const f = fixture(nodes);
    // 300 nodes: 50 − 300/125 = 48% → 144 nodes.
    const first = f.fw.schedulePod(newPodInfo(pod('a')));
    expect(first.kind === 'scheduled' && first.result).toMatchObject({ evaluatedNodes: 144, feasibleNodes: 144 });
    expect(f.fw.nextStartNodeIndex).toBe(144);
    expect(f.fw.trace.names[0]).toBe('n000');
    f.fw.schedulePod(newPodInfo(pod('b')));
    expect(f.fw.trace.names[0]).toBe('n144');
    expect(f.fw.nextStartNodeIndex).toBe(288);
  });

  it('bounds decision records in large clusters: the best-scored and first rejected nodes, the rest counted', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => node(`n${String(i).padStart(3, '0')}`, i % 10 === 0 ? { taints: [{ key: 'x', effect: 'NoSchedule' }] } : {}));
    const f = fixture(nodes);
    const pi = newPodInfo(pod('a'));
    const out = f.fw.schedulePod(pi);
    if (out.kind !== 'scheduled') throw new Error('expected scheduled');
    const d = expandDecision(recordAttempt({ uid: pi.uid, namespace: 'default', name: 'a', attempt: 1, timeMs: 0, outcome: 'Scheduled', selectedNode: out.result.node, numAllNodes: 300, evaluatedNodes: out.result.evaluatedNodes, feasibleNodes: out.result.feasibleNodes }, f.fw.trace, f.fw.filters, f.fw.scores));
    expect(d.evaluatedNodes).toBe(160);
    expect(d.feasibleNodes).toBe(144);
    expect(d.rejectedBy).toEqual({ TaintToleration: 16 });
    expect(d.nodes.filter((n) => !n.feasible)).toHaveLength(16);
    expect(d.nodes.filter((n) => n.feasible)).toHaveLength(20);
    expect(d.omittedNodes).toBe(124);
    expect(d.nodes.some((n) => n.node === out.result.node && n.totalScore !== undefined)).toBe(true);
  });

  it('stores identical score rows once; the expanded record still lists every node with its scores', () => {
    const f = fixture(Array.from({ length: 40 }, (_, i) => node(`n${String(i).padStart(2, '0')}`)));
    const pi = newPodInfo(pod('a'));
    const out = f.fw.schedulePod(pi);
    if (out.kind !== 'scheduled') throw new Error('expected scheduled');
    const stored = recordAttempt({ uid: pi.uid, namespace: 'default', name: 'a', attempt: 1, timeMs: 0, outcome: 'Scheduled', selectedNode: out.result.node, numAllNodes: 40, evaluatedNodes: out.result.evaluatedNodes, feasibleNodes: out.result.feasibleNodes }, f.fw.trace, f.fw.filters, f.fw.scores);
    // 40 alike, empty nodes score alike: one row, shared.
    expect(stored.totals).toHaveLength(1);
    expect(stored.scoreRow).toEqual(new Array(40).fill(0));
    // No node rejected: the per-node rejection arrays stay empty.
    expect([stored.failedBy, stored.status]).toEqual([[], []]);
    const d = expandDecision(stored);
    expect(d.nodes).toHaveLength(40);
    expect(d.nodes.every((n) => n.feasible && n.filters.every((v) => v.code === 'Success' || v.code === 'Skip'))).toBe(true);
    expect(new Set(d.nodes.map((n) => JSON.stringify(n.scores)))).toHaveProperty('size', 1);
    expect(d.nodes.every((n) => n.totalScore === d.nodes[0]!.totalScore && n.scores!.length > 0)).toBe(true);
  });

  it('shares repeated index arrays, score rows and tallies between records; a snapshot copy expands the same', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => node(`n${String(i).padStart(3, '0')}`, i % 10 === 0 ? { taints: [{ key: 'x', effect: 'NoSchedule' }] } : {}));
    const f = fixture(nodes);
    const pi = newPodInfo(pod('a'));
    const out = f.fw.schedulePod(pi);
    if (out.kind !== 'scheduled') throw new Error('expected scheduled');
    // Two pods' records of alike attempts (same nodes, same scores): here the same trace twice.
    const record = (name: string) =>
      recordAttempt({ uid: `uid-${name}`, namespace: 'default', name, attempt: 1, timeMs: 0, outcome: 'Scheduled', selectedNode: out.result.node, numAllNodes: 300, evaluatedNodes: out.result.evaluatedNodes, feasibleNodes: out.result.feasibleNodes }, f.fw.trace, f.fw.filters, f.fw.scores);
    const a = record('a');
    const b = record('b');
    expect(b.scoreRow).toBe(a.scoreRow);
    expect(b.failedBy).toBe(a.failedBy);
    expect(b.status).toBe(a.status);
    expect(b.statusTable).toBe(a.statusTable);
    expect(b.rejectedBy).toBe(a.rejectedBy);
    expect(b.scores).toBe(a.scores);
    expect(Object.isFrozen(a.scoreRow)).toBe(true);
    expect(a.nodes).toHaveLength(a.scoreRow.length);
    const copy = structuredClone(b);
    expect(expandDecision(copy)).toEqual(expandDecision(b));
    expect({ ...expandDecision(b), podUid: '', name: '' }).toEqual({ ...expandDecision(a), podUid: '', name: '' });
    expect(a.nodes).not.toBe(b.nodes);
  });

  it('picks uniformly among the top-scored nodes with the seeded rng', () => {
    const f = fixture([node('a'), node('b'), node('c'), node('d')]);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 400; i++) {
      const out = f.fw.schedulePod(newPodInfo(pod(`p${i}`)));
      if (out.kind === 'scheduled') counts[out.result.node] = (counts[out.result.node] ?? 0) + 1;
    }
    for (const n of ['a', 'b', 'c', 'd']) expect(counts[n]).toBeGreaterThan(60);
  });

  it('counts equal-or-higher-priority pods nominated to a node as already there', () => {
    const f = fixture([node('a', { cpu: '4' })]);
    const vip = newPodInfo(pod('vip', { cpu: '3', priority: 1000 }));
    f.cache.setNominated(vip, 'a');
    const low = f.fw.schedulePod(newPodInfo(pod('low', { cpu: '2', priority: 0 })));
    expect(low.kind === 'unschedulable' && fitErrorMessage(low.diagnosis)).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    const higher = f.fw.schedulePod(newPodInfo(pod('higher', { cpu: '2', priority: 5000 })));
    expect(higher.kind).toBe('scheduled');
  });
});

describe('DefaultPreemption', () => {
  const prio = (n: number) => ({ priority: n });

  it('prefers the node whose victims have the lowest highest priority, then the fewest victims', () => {
    const f = fixture(
      [node('a', { cpu: '4' }), node('b', { cpu: '4' }), node('c', { cpu: '4' })],
      [
        pod('a1', { node: 'a', cpu: '2', ...prio(50) }),
        pod('a2', { node: 'a', cpu: '2', ...prio(50) }),
        pod('b1', { node: 'b', cpu: '4', ...prio(80) }),
        pod('c1', { node: 'c', cpu: '1', ...prio(10) }),
        pod('c2', { node: 'c', cpu: '1', ...prio(10) }),
        pod('c3', { node: 'c', cpu: '2', ...prio(10) }),
      ],
    );
    const pi = newPodInfo(pod('vip', { cpu: '3', ...prio(100) }));
    const out = f.fw.schedulePod(pi);
    expect(out.kind).toBe('unschedulable');
    if (out.kind !== 'unschedulable') return;
    const r = new DefaultPreemption(f.fw, f.rng, { now: () => 0 }).postFilter(out.state, out.diagnosis);
    // c's victims top at priority 10 (a: 50, b: 80). On c, reprieving the most important first
    // keeps one 1-CPU pod: 2 victims.
    expect(r.ok && { node: r.node, victims: r.victims.map((v) => v.name).sort() }).toEqual({ node: 'c', victims: ['c2', 'c3'] });
  });

  it('reports nodes where removing pods cannot help, and nodes without lower-priority pods', () => {
    const f = fixture(
      [node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }), node('a', { cpu: '4' }), node('b', { cpu: '4' })],
      [pod('a1', { node: 'a', cpu: '4', ...prio(500) }), pod('b1', { node: 'b', cpu: '4', ...prio(0) })],
    );
    const out = f.fw.schedulePod(newPodInfo(pod('mid', { cpu: '3', ...prio(100) })));
    if (out.kind !== 'unschedulable') throw new Error('expected unschedulable');
    const r = new DefaultPreemption(f.fw, f.rng, { now: () => 0 }).postFilter(out.state, out.diagnosis);
    expect(r.ok && r.node).toBe('b');
    const out2 = f.fw.schedulePod(newPodInfo(pod('low', { cpu: '3', ...prio(0) })));
    if (out2.kind !== 'unschedulable') throw new Error('expected unschedulable');
    const r2 = new DefaultPreemption(f.fw, f.rng, { now: () => 0 }).postFilter(out2.state, out2.diagnosis);
    expect(r2).toEqual({ ok: false, nominate: '', message: 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.' });
  });

  it('avoids PDB-violating victims first (pickOneNodeForPreemption order)', () => {
    const v = (name: string, priority: number, startMs?: number) => ({ ...newPodInfo(pod(name, { priority, ...(startMs ? { startTime: new Date(startMs).toISOString() } : {}) })) });
    const cands = [
      { node: 'x', victims: [v('x1', 10)], numPDBViolations: 1 },
      { node: 'y', victims: [v('y1', 10), v('y2', 10)], numPDBViolations: 0 },
      { node: 'z', victims: [v('z1', 10)], numPDBViolations: 0 },
    ];
    expect(pickOneNodeForPreemption(cands, 0).node).toBe('z');
    const later = [
      { node: 'old', victims: [v('o', 10, 1000)], numPDBViolations: 0 },
      { node: 'new', victims: [v('n', 10, 5000)], numPDBViolations: 0 },
    ];
    expect(pickOneNodeForPreemption(later, 9000).node).toBe('new');
  });
});

describe('batch filters', () => {
  it('give the statuses the per-node filters give, with the cordoned-node count kept through cordon, uncordon and removal', () => {
    const nodes = [
      node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
      node('full', { pods: '1' }),
      node('small', { cpu: '1', memory: '1Gi' }),
      node('ok'),
      node('cordoned', { unschedulable: true }),
    ];
    const f = fixture(nodes, [pod('x', { node: 'full' })]);
    expect(f.cache.unschedulableNodes).toBe(1);
    const p = pod('p', { cpu: '2', memory: '2Gi' });
    const st = f.state(p);
    const infos = nodes.map((n) => f.cache.nodes.get(n.metadata.name!)!);
    for (const pl of f.fw.filters) {
      if (!pl.filterBatch) continue;
      if (pl.preFilter && pl.preFilter(st) !== null) continue;
      const out: (ReturnType<typeof pl.filter>)[] = infos.map(() => null);
      pl.filterBatch(st, infos, infos.length, out);
      expect(out.map((s) => s?.reasons.join(',') ?? null), pl.name).toEqual(infos.map((ni) => pl.filter(st, ni)?.reasons.join(',') ?? null));
    }
    // Fit's shared statuses: the same object for the same reasons.
    const fit = f.fw.filterPlugin('NodeResourcesFit')!;
    expect(fit.filter(st, infos[2]!)?.reasons).toEqual(['Insufficient cpu', 'Insufficient memory']);
    const out: (ReturnType<typeof fit.filter>)[] = [null, null, null, null, null];
    fit.filterBatch!(st, infos, 5, out);
    expect(out[2]).toBe(fit.filter(st, infos[2]!));
    expect(out[1]?.reasons).toEqual(['Too many pods']);
    f.cache.setNode(node('cordoned'));
    expect(f.cache.unschedulableNodes).toBe(0);
    f.cache.setNode(node('ok', { unschedulable: true }));
    f.cache.setNode(node('ok', { unschedulable: true }));
    expect(f.cache.unschedulableNodes).toBe(1);
    f.cache.removeNode('ok');
    expect(f.cache.unschedulableNodes).toBe(0);
    f.cache.setNode(node('ok', { unschedulable: true }));
    expect(f.cache.unschedulableNodes).toBe(1);
  });
});

describe('batch scores', () => {
  it('give the per-node scores and statuses, through pod and node changes; a clone changes nothing', () => {
    const img = (names: string[], sizeBytes: number) => ({ names, sizeBytes });
    const nodes = [
      node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'PreferNoSchedule' }] }),
      node('small', { cpu: '1', memory: '1Gi', images: [img(['nginx:latest'], 200 * 1024 * 1024)] }),
      node('big', { cpu: '64', memory: '256Gi' }),
      node('nomem', { memory: '0' }),
    ];
    const y = pod('y', { node: 'small', cpu: '500m' });
    const f = fixture(nodes, [pod('x', { node: 'big', cpu: '3', memory: '100Gi' }), y]);
    const infos = () => nodes.map((n) => f.cache.nodes.get(n.metadata.name!)!);
    const check = (p: ReturnType<typeof pod>) => {
      const st = f.state(p);
      const list = infos();
      for (const pl of f.fw.scores) {
        if (!pl.scoreBatch) continue;
        if (pl.preScore && !pl.preScore(st, list)) continue;
        const out = new Float64Array(list.length);
        pl.scoreBatch(st, list, out, list.length);
        expect([...out], pl.name).toEqual(list.map((ni) => pl.score(st, ni)));
      }
      for (const pl of f.fw.filters) {
        if (!pl.filterBatch || (pl.preFilter && pl.preFilter(st) !== null)) continue;
        const out: (ReturnType<typeof pl.filter>)[] = list.map(() => null);
        pl.filterBatch(st, list, list.length, out);
        expect(out, pl.name).toEqual(list.map((ni) => pl.filter(st, ni)));
      }
    };
    const p = pod('p', { cpu: '250m', memory: '128Mi' });
    check(p);
    check(pod('empty'));
    f.cache.assume(newPodInfo(pod('z2', { cpu: '2', memory: '2Gi' })), 'big');
    f.cache.setNode(node('cp', { cpu: '8' }));
    check(p);
    const z = newPodInfo(pod('z', { cpu: '2', memory: '2Gi' }));
    f.cache.assume(z, 'big');
    f.cache.forget(z.uid);
    expect(f.cache.removePod(y.metadata.uid!)?.name).toBe('y');
    // A what-if copy with another pod on it: the real node's numbers are unchanged.
    const scoresOf = () => {
      const st = f.state(p);
      const list = infos();
      return f.fw.scores.map((pl) => (pl.preScore && !pl.preScore(st, list) ? [] : list.map((ni) => pl.score(st, ni))));
    };
    const before = scoresOf();
    const real = f.cache.nodes.get('small')!;
    const numbers = (ni: typeof real) => [ni.reqCpu, ni.reqMemory, ni.nonZeroCpu, ni.nonZeroMemory, ni.pods.size];
    const requested = numbers(real);
    const copy = real.clone();
    copy.addPod(newPodInfo(pod('w', { node: 'small', cpu: '900m' })));
    expect(numbers(real)).toEqual(requested);
    expect(numbers(copy)).not.toEqual(requested);
    expect(scoresOf()).toEqual(before);
    check(p);
  });
});

describe('SchedulerCache node updates', () => {
  it('keeps the image map across heartbeats with the same images, rebuilds it when they change, and after a removal', () => {
    const img = (names: string[], sizeBytes: number) => ({ names, sizeBytes });
    const f = fixture([node('a', { images: [img(['nginx:1.27'], 100)] })]);
    const ni = f.cache.nodes.get('a')!;
    const first = ni.images;
    expect(f.cache.setNode(node('a', { images: [img(['nginx:1.27'], 100)] })).images).toBe(false);
    expect(ni.images).toBe(first);
    expect(f.cache.setNode(node('a', { images: [img(['nginx:1.27'], 100), img(['redis:7'], 50)] })).images).toBe(true);
    expect([...ni.images]).toEqual([['nginx:1.27', 100], ['redis:7', 50]]);
    expect(f.cache.imageNodes.get('redis:7')).toBe(1);
    f.cache.removeNode('a');
    expect(f.cache.imageNodes.get('redis:7')).toBeUndefined();
    f.cache.setNode(node('a', { images: [img(['nginx:1.27'], 100), img(['redis:7'], 50)] }));
    expect([...f.cache.nodes.get('a')!.images]).toEqual([['nginx:1.27', 100], ['redis:7', 50]]);
    expect(f.cache.imageNodes.get('redis:7')).toBe(1);
  });

  it('keeps match counts by NodeInfo slot equal to the counts by node name', () => {
    const f = fixture([node('a'), node('b')], [pod('a1', { node: 'a', labels: { app: 'x' } }), pod('g1', { node: 'ghost', labels: { app: 'x' } })]);
    const term = newPodInfo(pod('t', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'kubernetes.io/hostname' }] } } } })).requiredAffinity!;
    const c = f.cache.counters.get(term, true, f.cache.pods.values());
    const check = () => {
      for (const ni of f.cache.nodes.values()) expect(c.perSlot[ni.slot] ?? 0, ni.name).toBe(c.perNode.get(ni.name) ?? 0);
    };
    check();
    f.cache.setPod(newPodInfo(pod('b1', { node: 'b', labels: { app: 'x' } })));
    f.cache.setPod(newPodInfo(pod('b2', { node: 'b', labels: { app: 'x' } })));
    check();
    expect(c.perSlot[f.cache.nodes.get('b')!.slot]).toBe(2);
    const ghostSlot = f.cache.nodes.get('ghost')!.slot;
    f.cache.removePod(f.cache.nodes.get('ghost')!.pods.keys().next().value!);
    expect(f.cache.nodes.has('ghost')).toBe(false);
    expect(c.perSlot[ghostSlot] ?? 0).toBe(0);
    f.cache.setPod(newPodInfo(pod('g2', { node: 'ghost', labels: { app: 'x' } })));
    expect(f.cache.nodes.get('ghost')!.slot).not.toBe(ghostSlot);
    check();
  });

  it('reports allocatable and taint changes only when they change', () => {
    const f = fixture([node('a')]);
    expect(f.cache.setNode(node('a'))).toMatchObject({ allocatable: false, taints: false, labels: false, unschedulable: false });
    expect(f.cache.setNode(node('a', { cpu: '8' })).allocatable).toBe(true);
    expect(f.cache.setNode(node('a', { cpu: '8', extra: { 'example.com/gpu': '1' } })).allocatable).toBe(true);
    expect(f.cache.setNode(node('a', { cpu: '8', extra: { 'example.com/gpu': '1' } })).allocatable).toBe(false);
    expect(f.cache.setNode(node('a', { cpu: '8', extra: { 'example.com/gpu': '1' }, taints: [{ key: 'k', effect: 'NoSchedule' }] })).taints).toBe(true);
    expect(f.cache.setNode(node('a', { cpu: '8', extra: { 'example.com/gpu': '1' }, taints: [{ key: 'k', effect: 'NoSchedule' }] })).taints).toBe(false);
    expect(f.cache.nodes.get('a')!.hostnameLabel).toBe('a');
    expect(f.cache.nodes.get('a')!.zoneLabel).toBeUndefined();
  });
});

describe('newPodInfo requests', () => {
  it('are podRequests\' numbers, real and non-zero, for plain pods (its short cut) and the others', () => {
    const c = (requests?: Record<string, string>) => ({ name: 'c', image: 'nginx', ...(requests ? { resources: { requests } } : {}) });
    const specs = [
      { containers: [c()] },
      { containers: [c({ cpu: '250m', memory: '64Mi' })] },
      { containers: [c({ cpu: '0' }), c({ memory: '1Gi' })] },
      { containers: [c({ cpu: '1.5', memory: '100M' }), c({ cpu: '100m' }), c()] },
      { containers: [c({ cpu: '2', 'example.com/gpu': '1' })] },
      { containers: [c({ cpu: '100m' })], initContainers: [c({ cpu: '3' })] },
      { containers: [c({ cpu: '100m' })], overhead: { cpu: '50m', memory: '10Mi' } },
    ];
    for (const spec of specs) {
      const p = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec };
      const info = newPodInfo(p);
      const real = podRequests(p, false);
      const nonZero = podRequests(p, true);
      expect([info.cpu, info.memory, info.nonZeroCpu, info.nonZeroMemory], JSON.stringify(spec)).toEqual([real.cpu, real.memory, nonZero.cpu, nonZero.memory]);
    }
  });
});
