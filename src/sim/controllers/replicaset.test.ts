import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { eventLines, finishTerminating, mustCreate, podNames, recordWrites, setPodRunning, TEST_SCHEDULER } from './util/testing';

const rsInfo = { kind: 'ReplicaSet', group: 'apps', version: 'v1', plural: 'replicasets', singular: 'replicaset', shortNames: ['rs'], namespaced: true };

function rs(name: string, replicas: number, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'nginx', image: 'nginx' }] } }, ...extra },
  };
}

const scale = (c: Cluster, name: string, replicas: number) => c.api.mutate(rsInfo, 'default', name, (o) => { o.spec.replicas = replicas; });

describe('replicaset controller', () => {
  it('bootstrap: the coredns ReplicaSet reconciles without writes', () => {
    const c = new Cluster({ seed: 1 });
    const w = recordWrites(c, ['apps/ReplicaSet', 'apps/Deployment']);
    c.advance(60_000);
    expect(w.writes).toEqual([]);
    expect(eventLines(c, 'kube-system')).toEqual([]);
    expect(eventLines(c, 'local-path-storage')).toEqual([]);
  });

  it('creates pods in slow-start batches with generateName <rs>- and SuccessfulCreate events', () => {
    const c = new Cluster({ seed: 3 });
    const w = recordWrites(c);
    mustCreate(c, rs('web', 3));
    c.runUntilIdle();
    const pods = podNames(c);
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(p).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const created = w.writes.filter((x) => x.startsWith('ADDED Pod/'));
    // The first sync writes observedGeneration with the pods it saw before creating (0), the next the 3 pods.
    expect(w.writes).toEqual(['ADDED ReplicaSet/web', ...created, 'MODIFIED ReplicaSet/web', 'MODIFIED ReplicaSet/web']);
    expect(eventLines(c)).toEqual(created.map((x) => `Normal SuccessfulCreate ReplicaSet/web: Created pod: ${x.slice('ADDED Pod/'.length)}`));
    const r = c.get('apps/ReplicaSet', 'default', 'web')!;
    expect(r.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    const pod = c.get('/Pod', 'default', pods[0])!;
    expect(pod.metadata.generateName).toBe('web-');
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: r.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  });

  it('counts ready and available pods, with minReadySeconds', () => {
    const c = new Cluster({ seed: 3 });
    mustCreate(c, rs('web', 2, { minReadySeconds: 10 }));
    c.runUntilIdle();
    for (const p of c.list('/Pod', 'default')) setPodRunning(c, p);
    c.advance(100);
    let r = c.get('apps/ReplicaSet', 'default', 'web')!;
    expect(r.status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, observedGeneration: 1 });
    c.advance(9_000);
    expect(c.get('apps/ReplicaSet', 'default', 'web')!.status.availableReplicas).toBeUndefined();
    c.advance(3_000);
    r = c.get('apps/ReplicaSet', 'default', 'web')!;
    expect(r.status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
  });

  it('scales down unscheduled, then not-ready pods first', () => {
    const c = new Cluster({ seed: 4 });
    mustCreate(c, rs('web', 4));
    c.runUntilIdle();
    const [a, b, d, e] = c.list('/Pod', 'default');
    setPodRunning(c, a, { node: 'fake-node-1' });
    setPodRunning(c, b, { node: 'fake-node-2', ready: false });
    setPodRunning(c, d, { node: 'fake-node-3' });
    c.runUntilIdle();
    scale(c, 'web', 2);
    c.runUntilIdle();
    // The unscheduled pod goes at once; the not-ready one is terminating.
    expect(c.get('/Pod', 'default', e.metadata.name!)).toBeUndefined();
    expect(c.get('/Pod', 'default', b.metadata.name!)!.metadata.deletionTimestamp).toBeDefined();
    expect(c.get('/Pod', 'default', a.metadata.name!)!.metadata.deletionTimestamp).toBeUndefined();
    const del = eventLines(c).filter((l) => l.includes('SuccessfulDelete'));
    expect(del).toEqual([`Normal SuccessfulDelete ReplicaSet/web: Deleted pod: ${e.metadata.name}`, `Normal SuccessfulDelete ReplicaSet/web: Deleted pod: ${b.metadata.name}`]);
    expect(c.get('apps/ReplicaSet', 'default', 'web')!.status.replicas).toBe(2);
  });

  it('replaces a terminating pod at once', () => {
    const c = new Cluster({ seed: 5 });
    mustCreate(c, rs('web', 2));
    c.runUntilIdle();
    const [a] = c.list('/Pod', 'default');
    setPodRunning(c, a);
    c.api.delete(c.kinds.byKind('Pod')!, 'default', a.metadata.name!);
    c.runUntilIdle();
    expect(c.list('/Pod', 'default').filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
    finishTerminating(c);
    expect(podNames(c)).toHaveLength(2);
  });

  it('releases a relabelled pod and creates a replacement; adopts a matching orphan', () => {
    const c = new Cluster({ seed: 6 });
    mustCreate(c, rs('web', 2));
    c.runUntilIdle();
    const [a] = c.list('/Pod', 'default');
    const podInfo = c.kinds.byKind('Pod')!;
    c.api.mutate(podInfo, 'default', a.metadata.name!, (o) => { o.metadata.labels = { app: 'debug' }; });
    c.runUntilIdle();
    expect(c.get('/Pod', 'default', a.metadata.name!)!.metadata.ownerReferences).toBeUndefined();
    expect(podNames(c)).toHaveLength(3);
    // Relabel it back: the RS adopts it and, now one over, deletes one pod.
    c.api.mutate(podInfo, 'default', a.metadata.name!, (o) => { o.metadata.labels = { app: 'web' }; });
    c.runUntilIdle();
    const back = c.get('/Pod', 'default', a.metadata.name!);
    const active = c.list('/Pod', 'default').filter((p) => !p.metadata.deletionTimestamp);
    expect(active).toHaveLength(2);
    expect(back === undefined || back.metadata.deletionTimestamp !== undefined || back.metadata.ownerReferences?.[0].name === 'web').toBe(true);
  });

  it('orphan cascade: pods stay without an ownerReference', () => {
    const c = new Cluster({ seed: 7 });
    mustCreate(c, rs('web', 2));
    c.runUntilIdle();
    c.api.delete(rsInfo, 'default', 'web', { propagationPolicy: 'Orphan' });
    c.runUntilIdle();
    expect(c.get('apps/ReplicaSet', 'default', 'web')).toBeUndefined();
    const pods = c.list('/Pod', 'default');
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.metadata.ownerReferences).toBeUndefined();
  });

  it('FailedCreate: quota stops the slow start; ReplicaFailure condition until it clears', () => {
    const c = new Cluster({ seed: 8 });
    mustCreate(c, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pods' }, spec: { hard: { pods: '2' } } });
    c.runUntilIdle();
    mustCreate(c, rs('web', 4));
    c.advance(100);
    expect(podNames(c)).toHaveLength(2);
    const ev = eventLines(c).filter((l) => l.includes('FailedCreate'));
    expect(ev.length).toBeGreaterThan(0);
    expect(ev[0]).toMatch(/^Warning FailedCreate ReplicaSet\/web: Error creating: pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2$/);
    const r = c.get('apps/ReplicaSet', 'default', 'web')!;
    expect(r.status.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', lastTransitionTime: expect.any(String), message: expect.stringContaining('exceeded quota') }]);
    scale(c, 'web', 2);
    c.advance(2000);
    expect(c.get('apps/ReplicaSet', 'default', 'web')!.status.conditions).toBeUndefined();
  });

  it('a ReplicationController works the same with its own source component', () => {
    const c = new Cluster({ seed: 9 });
    mustCreate(c, { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'kubia' }, spec: { replicas: 2, selector: { app: 'kubia' }, template: { metadata: { labels: { app: 'kubia' } }, spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'kubia', image: 'luksa/kubia' }] } } } });
    c.runUntilIdle();
    expect(podNames(c)).toHaveLength(2);
    const ev = c.list('/Event', 'default').filter((e) => e.involvedObject.kind === 'ReplicationController');
    expect(ev.map((e) => e.source.component)).toEqual(['replication-controller', 'replication-controller']);
    expect(c.get('/ReplicationController', 'default', 'kubia')!.status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1 });
    const p = c.list('/Pod', 'default')[0];
    expect(p.metadata.ownerReferences![0]).toMatchObject({ apiVersion: 'v1', kind: 'ReplicationController', name: 'kubia' });
  });

  it('leaves alone a pod in another namespace that names it as controller (upstream lists only its own namespace)', () => {
    const c = new Cluster({ seed: 5 });
    mustCreate(c, rs('web', 2));
    c.runUntilIdle();
    const uid = c.get('apps/ReplicaSet', 'default', 'web')!.metadata.uid!;
    const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid, controller: true, blockOwnerDeletion: true };
    c.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n`);
    // `stray-web` alone would be counted by the incremental pod counts; `stray-other` by the full claim.
    for (const app of ['other', 'web']) {
      c.apply(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `stray-${app}`, namespace: 'b', labels: { app }, ownerReferences: [ref] }, spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'c', image: 'nginx' }] } }));
    }
    scale(c, 'web', 3);
    c.runUntilIdle();
    // Not released (a patch dropping the reference), not counted, not deleted.
    for (const app of ['other', 'web']) expect(c.get('/Pod', 'b', `stray-${app}`)?.metadata.ownerReferences).toEqual([ref]);
    expect(podNames(c)).toHaveLength(3);
    expect(c.get('apps/ReplicaSet', 'default', 'web')!.status.replicas).toBe(3);
  });

  it('does not count a matching pod in another namespace that names it as controller', () => {
    const c = new Cluster({ seed: 5 });
    mustCreate(c, rs('web', 2));
    c.runUntilIdle();
    const uid = c.get('apps/ReplicaSet', 'default', 'web')!.metadata.uid!;
    c.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n`);
    c.apply(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray-web', namespace: 'b', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid, controller: true }] }, spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'c', image: 'nginx' }] } }));
    scale(c, 'web', 3);
    c.runUntilIdle();
    expect(podNames(c)).toHaveLength(3);
    expect(c.get('apps/ReplicaSet', 'default', 'web')!.status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3 });
  });

  it('survives snapshot and restore mid-flight', () => {
    const c = new Cluster({ seed: 10 });
    mustCreate(c, rs('web', 3));
    c.advance(3);
    const snap = c.snapshot();
    c.runUntilIdle();
    const r = Cluster.restore(snap);
    r.runUntilIdle();
    expect(podNames(r)).toEqual(podNames(c));
  });
});
