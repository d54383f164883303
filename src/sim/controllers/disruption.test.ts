import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { addFakeNodes } from './job-testutil';
import { eventLines, mustCreate, setPodRunning, TEST_SCHEDULER } from './util/testing';

function pdb(name: string, spec: Record<string, unknown>): KObject {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } };
}

/** A ReplicaSet of `replicas` with `ready` of its pods Running and Ready. */
function seed(c: Cluster, replicas: number, ready: number): void {
  mustCreate(c, {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'nginx', image: 'nginx' }] } } },
  });
  c.advance(10);
  for (const p of c.list('/Pod', 'default').slice(0, ready)) setPodRunning(c, p);
  c.advance(10);
}

const status = (c: Cluster, name: string) => c.get('policy/PodDisruptionBudget', 'default', name)!.status;

describe('disruption controller', () => {
  it('minAvailable as an integer: expected = matching pods; disruptions = healthy − desired', () => {
    const c = new Cluster({ seed: 2, nodes: 0 });
    addFakeNodes(c, 1);
    seed(c, 3, 3);
    mustCreate(c, pdb('web', { minAvailable: 2 }));
    c.advance(10);
    const st = status(c, 'web');
    expect(st).toEqual({
      conditions: [{ type: 'DisruptionAllowed', status: 'True', observedGeneration: 1, lastTransitionTime: st.conditions[0].lastTransitionTime, reason: 'SufficientPods', message: '' }],
      currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3, observedGeneration: 1,
    });
    expect(c.kubectl('get pdb web').output).toMatch(/^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nweb\s+2\s+N\/A\s+1\s+/);
  });

  it('maxUnavailable and percentages use the controllers’ scale; too few healthy pods: InsufficientPods', () => {
    const c = new Cluster({ seed: 2, nodes: 0 });
    addFakeNodes(c, 1);
    seed(c, 4, 2);
    mustCreate(c, pdb('max', { maxUnavailable: 1 }));
    mustCreate(c, pdb('pct', { minAvailable: '50%' }));
    c.advance(10);
    expect(status(c, 'max')).toMatchObject({ currentHealthy: 2, desiredHealthy: 3, disruptionsAllowed: 0, expectedPods: 4 });
    expect(status(c, 'max').conditions[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
    expect(status(c, 'pct')).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0, expectedPods: 4 });
    for (const p of c.list('/Pod', 'default')) if (p.status.phase === 'Pending') setPodRunning(c, p);
    c.advance(10);
    expect(status(c, 'max')).toMatchObject({ currentHealthy: 4, disruptionsAllowed: 1 });
    expect(status(c, 'max').conditions[0]).toMatchObject({ status: 'True', reason: 'SufficientPods' });
    expect(status(c, 'pct')).toMatchObject({ disruptionsAllowed: 2 });
  });

  it('no matching pods: NoPods event, nothing allowed', () => {
    const c = new Cluster({ seed: 2 });
    mustCreate(c, pdb('empty', { minAvailable: 1 }));
    c.advance(10);
    expect(status(c, 'empty')).toMatchObject({ expectedPods: 0, disruptionsAllowed: 0 });
    expect(eventLines(c, 'default', { sources: ['controllermanager'] })).toEqual(['Normal NoPods PodDisruptionBudget/empty: No matching pods found']);
  });
});
