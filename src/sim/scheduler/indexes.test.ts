import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeLabelMatcher, nothing, type LabelRequirement } from '../api/selectors.label';
import { anchorLabelOf, MatchCounters, MAX_COUNTERS } from './indexes';
import { makeTerm, matchesAllTerms, type AffinityTerm, type PodInfo } from './podinfo';

const NODES = ['n1', 'n2', 'n3', 'n4'];
const zoneOf = (n: string) => (n === 'n1' || n === 'n2' ? 'a' : 'b');
const labelsOf = (n: string) => ({ 'kubernetes.io/hostname': n, 'topology.kubernetes.io/zone': zoneOf(n) });

function term(reqs: LabelRequirement[], ns = 'default'): AffinityTerm {
  return makeTerm(new Set([ns]), nothing(), makeLabelMatcher(reqs), 'topology.kubernetes.io/zone');
}

function pod(i: number, labels: Record<string, string>, node: string, terminating = false): PodInfo {
  return { uid: `u${i}`, namespace: 'default', name: `p${i}`, labels, nodeName: node, terminating } as unknown as PodInfo;
}

describe('anchorLabelOf', () => {
  it('takes the first equality or single-value in requirement', () => {
    expect(anchorLabelOf([term([{ key: 'app', operator: 'exists', values: [] }, { key: 'tier', operator: 'in', values: ['web'] }])])).toEqual({ key: 'tier', value: 'web' });
    expect(anchorLabelOf([term([{ key: 'app', operator: '=', values: ['x'] }])])).toEqual({ key: 'app', value: 'x' });
    expect(anchorLabelOf([term([{ key: 'app', operator: 'in', values: ['x', 'y'] }])])).toBeUndefined();
    expect(anchorLabelOf([term([{ key: 'app', operator: 'notin', values: ['x'] }])])).toBeUndefined();
  });
});

describe('MatchCounters', () => {
  const value = fc.constantFrom('x', 'y', 'z');
  const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'hash'), value, { maxKeys: 3 });
  const requirement: fc.Arbitrary<LabelRequirement> = fc.record({
    key: fc.constantFrom('app', 'tier', 'hash'),
    operator: fc.constantFrom('=', 'in', 'notin', 'exists', '!') as fc.Arbitrary<LabelRequirement['operator']>,
    values: fc.array(value, { minLength: 1, maxLength: 2 }),
  }).map((r) => (r.operator === 'exists' || r.operator === '!' ? { ...r, values: [] } : r.operator === '=' ? { ...r, values: [r.values[0]!] } : r));
  const op = fc.record({ add: fc.boolean(), labels, node: fc.constantFrom(...NODES), terminating: fc.boolean() });

  it('counts exactly what a full recount finds, whatever the anchors and order of use', () => {
    fc.assert(
      fc.property(fc.array(fc.array(requirement, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 6 }), fc.array(op, { maxLength: 40 }), fc.array(fc.nat(5), { maxLength: 40 }), (selectors, ops, uses) => {
        const counters = new MatchCounters(labelsOf);
        const live = new Map<string, PodInfo>();
        const termLists = selectors.map((reqs) => [term(reqs)]);
        ops.forEach((o, i) => {
          const existing = [...live.values()];
          if (!o.add && existing.length > 0) {
            const victim = existing[i % existing.length]!;
            live.delete(victim.uid);
            counters.onPod(victim, -1);
          } else {
            const pi = pod(i, o.labels, o.node, o.terminating);
            live.set(pi.uid, pi);
            counters.onPod(pi, 1);
          }
          const terms = termLists[(uses[i] ?? 0) % termLists.length]!;
          const excl = i % 2 === 0;
          const c = counters.get(terms, excl, live.values());
          const zones = counters.perValue(c, 'topology.kubernetes.io/zone');
          const want = new Map<string, number>();
          const wantZones = new Map<string, number>();
          for (const p of live.values()) {
            if (excl && p.terminating) continue;
            if (!matchesAllTerms(terms, p.namespace, p.labels)) continue;
            want.set(p.nodeName, (want.get(p.nodeName) ?? 0) + 1);
            const z = zoneOf(p.nodeName);
            wantZones.set(z, (wantZones.get(z) ?? 0) + 1);
          }
          expect(new Map([...c.perNode].sort())).toEqual(new Map([...want].sort()));
          expect(new Map([...zones].sort())).toEqual(new Map([...wantZones].sort()));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps counters for many workloads without rebuilding them (bound well above 150 Deployments)', () => {
    expect(MAX_COUNTERS).toBeGreaterThanOrEqual(300);
    const counters = new MatchCounters(labelsOf);
    const lists = Array.from({ length: 200 }, (_, i) => [term([{ key: 'app', operator: '=', values: [`w${i}`] }])]);
    const first = lists.map((t) => counters.get(t, true, []));
    lists.forEach((t, i) => expect(counters.get(t, true, [])).toBe(first[i]));
    // A pod of workload 7 is counted by workload 7's counter only.
    counters.onPod(pod(1, { app: 'w7' }, 'n3'), 1);
    expect(first[7]!.perNode.get('n3')).toBe(1);
    expect(first.filter((c) => c.perNode.size > 0)).toHaveLength(1);
  });

  it('past the bound drops the least recently used counter, which is offered no more pods and is rebuilt on its next use', () => {
    const counters = new MatchCounters(labelsOf);
    const lists = Array.from({ length: MAX_COUNTERS + 1 }, (_, i) => [term([{ key: 'app', operator: '=', values: [`w${i}`] }])]);
    const oldest = counters.get(lists[0]!, true, []);
    for (let i = 1; i < lists.length; i++) counters.get(lists[i]!, true, []);
    // Workload 0's counter was used least recently: it is gone, so a pod of workload 0 changes it no more.
    const pod0 = pod(1, { app: 'w0' }, 'n1');
    counters.onPod(pod0, 1);
    expect(oldest.perNode.size).toBe(0);
    // Asked for again, it is built afresh from the pods given (and counts the pod).
    const rebuilt = counters.get(lists[0]!, true, [pod0]);
    expect(rebuilt).not.toBe(oldest);
    expect(rebuilt.perNode.get('n1')).toBe(1);
    // Workload 1's counter, used after workload 0's, was kept and still counts its pods.
    const kept = counters.get(lists[1]!, true, []);
    counters.onPod(pod(2, { app: 'w1' }, 'n2'), 1);
    expect(kept.perNode.get('n2')).toBe(1);
  });
});
