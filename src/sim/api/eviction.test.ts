import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { evict } from './eviction';
import { isStatus, type KObject, type Status } from './types';

function setup(seed = 1): Cluster {
  const c = new Cluster({ seed, nodes: 3 });
  for (const [name, node] of [['a', 'kubeplay-worker'], ['b', 'kubeplay-worker2']]) {
    const r = c.api.create({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace: 'default', labels: { app: 'web' } },
      spec: { nodeName: node, containers: [{ name: 'web', image: 'nginx:1.27' }] },
    });
    if (isStatus(r)) throw new Error(r.message);
  }
  c.advance(20_000);
  return c;
}

function pdb(c: Cluster, name: string, status: Record<string, unknown> | undefined, selector: Record<string, unknown> = { matchLabels: { app: 'web' } }): void {
  const r = c.api.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { minAvailable: 1, selector } });
  if (isStatus(r)) throw new Error(r.message);
  if (status) c.api.update({ ...r, status }, { subresource: 'status' });
}

const ev = (c: Cluster, name: string, grace?: number) => evict(c.api, c.api.store, 'default', name, { nowMs: c.nowMs, gracePeriodSeconds: grace });
const pod = (c: Cluster, name: string): KObject | undefined => c.get('/Pod', 'default', name);

describe('the Eviction API', () => {
  it('evicts a pod without a budget: DisruptionTarget, then a graceful delete', () => {
    const c = setup();
    expect(ev(c, 'a')).toBe(true);
    const p = pod(c, 'a')!;
    expect(p.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(p.status.conditions.find((x: { type: string }) => x.type === 'DisruptionTarget')).toMatchObject({
      status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting',
    });
    expect(ev(c, 'b', 0)).toBe(true);
    expect(pod(c, 'b')).toBeUndefined();
  });

  it('refuses with 429 when the budget allows no disruption, and takes one when it does', () => {
    const c = setup(2);
    pdb(c, 'web', { observedGeneration: 1, disruptionsAllowed: 0, desiredHealthy: 2, currentHealthy: 2, expectedPods: 2 });
    const r = ev(c, 'a') as Status;
    expect(r).toMatchObject({ code: 429, reason: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget." });
    expect(r.details?.causes?.[0]).toMatchObject({ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' });
    expect(pod(c, 'a')!.metadata.deletionTimestamp).toBeUndefined();
    const cur = c.get('policy/PodDisruptionBudget', 'default', 'web')!;
    c.api.update({ ...cur, status: { ...cur.status, disruptionsAllowed: 1 } }, { subresource: 'status' });
    expect(ev(c, 'a')).toBe(true);
    const after = c.get('policy/PodDisruptionBudget', 'default', 'web')!;
    expect(after.status.disruptionsAllowed).toBe(0);
    expect(Object.keys(after.status.disruptedPods)).toEqual(['a']);
  });

  it('refuses while the PDB controller has not observed the budget (observedGeneration < generation)', () => {
    const c = setup(3);
    // Evicted in the same instant it is created: the PDB controller has not run yet.
    const r = c.api.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'new', namespace: 'default' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } });
    expect(isStatus(r)).toBe(false);
    const res = ev(c, 'a') as Status;
    expect(res.code).toBe(429);
    expect(res.details?.causes?.[0].message).toBe('The disruption budget new is still being processed by the server.');
  });

  it('ignores budgets for pods that are pending, terminal or already deleting, and refuses two budgets', () => {
    const c = setup(4);
    pdb(c, 'one', { observedGeneration: 1, disruptionsAllowed: 5 });
    pdb(c, 'two', { observedGeneration: 1, disruptionsAllowed: 5 });
    expect(ev(c, 'a')).toMatchObject({ code: 500, message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' });
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pending', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'x', image: 'nginx' }] } });
    expect(ev(c, 'pending')).toBe(true);
    expect(pod(c, 'pending')).toBeUndefined();
    expect(ev(c, 'nope')).toMatchObject({ code: 404, message: 'pods "nope" not found' });
  });

  it('an empty selector matches no pod', () => {
    const c = setup(5);
    pdb(c, 'all', { observedGeneration: 1, disruptionsAllowed: 0 }, {});
    expect(ev(c, 'a')).toBe(true);
  });
});
