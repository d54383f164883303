import { describe, expect, it } from 'vitest';
import type { KObject } from '../api/types';
import * as u from './deployment.util';

function deploy(replicas: number, maxSurge: number | string = '25%', maxUnavailable: number | string = '25%'): KObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation: 1 }, spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } }, status: {} };
}
function rs(name: string, replicas: number, opts: { available?: number; created?: string; annotations?: Record<string, string> } = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name, uid: name, creationTimestamp: opts.created ?? '2025-01-15T09:00:00Z', annotations: opts.annotations },
    spec: { replicas }, status: { replicas, availableReplicas: opts.available ?? 0 },
  };
}

describe('fenceposts', () => {
  it('rounds maxSurge up and maxUnavailable down; both zero gives maxUnavailable 1', () => {
    expect(u.resolveFenceposts('25%', '25%', 3)).toEqual([1, 0]);
    expect(u.resolveFenceposts('25%', '25%', 10)).toEqual([3, 2]);
    expect(u.resolveFenceposts('0%', '10%', 5)).toEqual([0, 1]);
    expect(u.resolveFenceposts(0, 0, 5)).toEqual([0, 1]);
    expect(u.resolveFenceposts(2, '50%', 5)).toEqual([2, 2]);
  });

  it('clamps maxUnavailable to replicas and gives 0 for 0 replicas or Recreate', () => {
    expect(u.maxUnavailable(deploy(2, 0, 5))).toBe(2);
    expect(u.maxUnavailable(deploy(0))).toBe(0);
    expect(u.maxSurge({ ...deploy(4), spec: { replicas: 4, strategy: { type: 'Recreate' } } })).toBe(0);
  });
});

describe('newRSNewReplicas', () => {
  it('scales up to replicas + maxSurge in total, never past replicas', () => {
    const d = deploy(3);
    const newRS = rs('new', 0);
    expect(u.newRSNewReplicas(d, [rs('old', 3), newRS], newRS)).toBe(1);
    expect(u.newRSNewReplicas(d, [newRS], newRS)).toBe(3);
    const full = rs('new', 1);
    expect(u.newRSNewReplicas(d, [rs('old', 3), full], full)).toBe(1);
    const d10 = deploy(10);
    expect(u.newRSNewReplicas(d10, [rs('old', 8), rs('new', 3)], rs('new', 3))).toBe(5);
  });
});

describe('annotations', () => {
  it('copies Deployment annotations except the skipped ones; sets revision and replica annotations', () => {
    const d = deploy(3);
    d.metadata.annotations = { team: 'a', 'kubernetes.io/change-cause': 'v2', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '7' };
    const r: KObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'x' }, spec: {} };
    expect(u.setNewReplicaSetAnnotations(d, r, '2', false)).toBe(true);
    expect(r.metadata.annotations).toEqual({
      team: 'a', 'kubernetes.io/change-cause': 'v2', 'deployment.kubernetes.io/revision': '2',
      'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4',
    });
  });

  it('a reused RS keeps its old revision in revision-history', () => {
    const d = deploy(3);
    const r = rs('old', 0, { annotations: { 'deployment.kubernetes.io/revision': '1' } });
    expect(u.setNewReplicaSetAnnotations(d, r, '3', true)).toBe(true);
    expect(r.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(u.setNewReplicaSetAnnotations(d, r, '5', true)).toBe(true);
    expect(r.metadata.annotations!['deployment.kubernetes.io/revision-history']).toBe('1,3');
    // Never lowered.
    expect(u.setNewReplicaSetAnnotations(d, r, '4', true)).toBe(false);
  });

  it('revisions: max and last (second highest)', () => {
    const rss = [1, 3, 2].map((n) => rs(`r${n}`, 0, { annotations: { 'deployment.kubernetes.io/revision': String(n) } }));
    expect(u.maxRevision(rss)).toBe(3);
    expect(u.lastRevision(rss)).toBe(2);
  });
});

describe('proportional scaling arithmetic', () => {
  it('splits 5 new replicas 3:2 between an 8-replica and a 5-replica RS (the docs example)', () => {
    const d = deploy(15, 3, 2);
    const old = rs('old', 8, { annotations: { 'deployment.kubernetes.io/max-replicas': '13' } });
    const nu = rs('new', 5, { annotations: { 'deployment.kubernetes.io/max-replicas': '13' } });
    expect(u.replicaSetProportion(old, d, 5, 0)).toBe(3);
    expect(u.replicaSetProportion(nu, d, 5, 3)).toBe(2);
  });

  it('scaling to zero takes each RS whole', () => {
    const d = deploy(0, 3, 2);
    expect(u.replicaSetProportion(rs('a', 4), d, -6, 0)).toBe(-4);
  });
});

describe('conditions', () => {
  it('setDeploymentCondition keeps the same status and reason; keeps lastTransitionTime when the status is unchanged', () => {
    const s: u.DeploymentStatus = {};
    u.setDeploymentCondition(s, u.newDeploymentCondition('Progressing', 'True', 'NewReplicaSetCreated', 'a', Date.UTC(2025, 0, 1)));
    u.setDeploymentCondition(s, u.newDeploymentCondition('Available', 'False', 'MinimumReplicasUnavailable', 'b', Date.UTC(2025, 0, 1)));
    u.setDeploymentCondition(s, u.newDeploymentCondition('Progressing', 'True', 'ReplicaSetUpdated', 'c', Date.UTC(2025, 0, 2)));
    expect(s.conditions!.map((c) => [c.type, c.reason, c.lastTransitionTime, c.lastUpdateTime])).toEqual([
      ['Available', 'MinimumReplicasUnavailable', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'],
      ['Progressing', 'ReplicaSetUpdated', '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z'],
    ]);
  });

  it('timed out: lastUpdateTime + progressDeadlineSeconds strictly before now', () => {
    const d = { ...deploy(3), spec: { ...deploy(3).spec, progressDeadlineSeconds: 60 } };
    const s: u.DeploymentStatus = { conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: '2025-01-15T09:00:00Z' }] };
    expect(u.deploymentTimedOut(d, s, Date.UTC(2025, 0, 15, 9, 1, 0))).toBe(false);
    expect(u.deploymentTimedOut(d, s, Date.UTC(2025, 0, 15, 9, 1, 0) + 1)).toBe(true);
  });
});

describe('finding ReplicaSets', () => {
  const tpl = (image: string, hash?: string) => ({ metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } }, spec: { containers: [{ name: 'c', image }] } });
  it('the new RS has the Deployment template but for the hash label; the oldest wins', () => {
    const d = { ...deploy(1), spec: { ...deploy(1).spec, template: tpl('nginx:1.28') } };
    const a = { ...rs('a', 1, { created: '2025-01-15T09:00:05Z' }), spec: { replicas: 1, template: tpl('nginx:1.28', 'x') } };
    const b = { ...rs('b', 1, { created: '2025-01-15T09:00:01Z' }), spec: { replicas: 1, template: tpl('nginx:1.28', 'y') } };
    const c = { ...rs('c', 1), spec: { replicas: 1, template: tpl('nginx:1.27', 'z') } };
    expect(u.findNewReplicaSet(d, [a, b, c])?.metadata.name).toBe('b');
    expect(u.findOldReplicaSets(d, [a, b, c]).map((x) => x.metadata.name)).toEqual(['a', 'c']);
  });

  it('findActiveOrLatest: the single active RS, or the newest when none is active', () => {
    const a = rs('a', 0, { created: '2025-01-15T09:00:01Z' });
    const b = rs('b', 0, { created: '2025-01-15T09:00:02Z' });
    expect(u.findActiveOrLatest(undefined, [a, b])?.metadata.name).toBe('b');
    expect(u.findActiveOrLatest(undefined, [a, rs('c', 2)])?.metadata.name).toBe('c');
    expect(u.findActiveOrLatest(rs('n', 1), [rs('c', 2)])).toBeUndefined();
  });
});
