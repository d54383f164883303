import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { computeHash } from './util/hash';
import { eventLines, finishTerminating, mustCreate, readyAll, recordWrites, TEST_SCHEDULER } from './util/testing';

const dInfo = { kind: 'Deployment', group: 'apps', version: 'v1', plural: 'deployments', singular: 'deployment', shortNames: ['deploy'], namespaced: true };

function deployment(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', ...meta },
    spec: {
      replicas: 3, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      ...spec,
    },
  };
}

const get = (c: Cluster) => c.get('apps/Deployment', 'default', 'web')!;
const rsList = (c: Cluster) => c.list('apps/ReplicaSet', 'default');
const sizes = (c: Cluster) => Object.fromEntries(rsList(c).map((r) => [r.metadata.name, r.spec.replicas]));
const edit = (c: Cluster, fn: (o: KObject) => void) => c.api.mutate(dInfo, 'default', 'web', fn);
const setImage = (c: Cluster, image: string) => edit(c, (o) => { o.spec.template.spec.containers[0].image = image; });
const scalingEvents = (c: Cluster) => eventLines(c).filter((l) => l.includes('ScalingReplicaSet')).map((l) => l.replace('Normal ScalingReplicaSet Deployment/web: ', ''));

/** Lets the controllers run, marks every pod Ready, removes terminated pods; `rounds` times. */
function settle(c: Cluster, rounds = 8): void {
  for (let i = 0; i < rounds; i++) {
    c.advance(500);
    readyAll(c, 'default', { app: 'web' });
    finishTerminating(c);
  }
  c.advance(500);
}

const condition = (d: KObject, type: string) => d.status.conditions.find((x: { type: string }) => x.type === type);

describe('deployment controller', () => {
  it('creates the ReplicaSet <name>-<pod-template-hash> with labels, selector, annotations and owner', () => {
    const c = new Cluster({ seed: 1 });
    const w = recordWrites(c, ['apps/Deployment', 'apps/ReplicaSet']);
    const d = mustCreate(c, deployment());
    c.advance(1000);
    const hash = computeHash(d.spec.template);
    const rs = c.get('apps/ReplicaSet', 'default', `web-${hash}`)!;
    expect(rs).toBeDefined();
    expect(rs.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs.spec.template.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.replicas).toBe(3);
    expect(rs.metadata.annotations).toEqual({ 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4', 'deployment.kubernetes.io/revision': '1' });
    expect(rs.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(scalingEvents(c)).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
    expect(w.writes).toEqual([
      'ADDED Deployment/web',
      `ADDED ReplicaSet/web-${hash}`,
      'MODIFIED Deployment/web', // revision annotation + Progressing NewReplicaSetCreated
      'MODIFIED Deployment/web', // counts + Available False
      `MODIFIED ReplicaSet/web-${hash}`, // observedGeneration, the pods it saw before creating (0)
      `MODIFIED ReplicaSet/web-${hash}`, // 3 replicas
      'MODIFIED Deployment/web', // 3 updated, Progressing ReplicaSetUpdated
    ]);
    const dep = get(c);
    expect(dep.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    // The revision annotation is written with the status: no generation bump.
    expect(dep.metadata.generation).toBe(1);
    expect(dep.status).toMatchObject({ replicas: 3, updatedReplicas: 3, unavailableReplicas: 3 });
    expect(dep.status.conditions.map((x: KObject) => [x.type, x.status, x.reason, x.message])).toEqual([
      ['Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'],
      ['Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "web-${hash}" is progressing.`],
    ]);
    settle(c);
    const done = get(c);
    expect(done.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(done.status.unavailableReplicas).toBeUndefined();
    expect(done.status.observedGeneration).toBe(done.metadata.generation);
    expect(done.status.conditions.map((x: KObject) => [x.type, x.status, x.reason, x.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "web-${hash}" has successfully progressed.`],
    ]);
  });

  it('rolling update: one step per sync, maxSurge 1 / maxUnavailable 0 for 3 replicas', () => {
    const c = new Cluster({ seed: 2 });
    mustCreate(c, deployment());
    settle(c);
    const oldName = rsList(c)[0].metadata.name;
    setImage(c, 'nginx:1.28');
    c.advance(100);
    const newName = rsList(c).map((r) => r.metadata.name).find((n) => n !== oldName)!;
    expect(sizes(c)).toEqual({ [oldName!]: 3, [newName]: 1 });
    // Nothing more happens until the new pod is available (maxUnavailable 0).
    c.advance(5000);
    expect(sizes(c)).toEqual({ [oldName!]: 3, [newName]: 1 });
    settle(c, 12);
    expect(sizes(c)).toEqual({ [oldName!]: 0, [newName]: 3 });
    expect(scalingEvents(c).slice(1)).toEqual([
      `Scaled up replica set ${newName} from 0 to 1`,
      `Scaled down replica set ${oldName} from 3 to 2`,
      `Scaled up replica set ${newName} from 1 to 2`,
      `Scaled down replica set ${oldName} from 2 to 1`,
      `Scaled up replica set ${newName} from 2 to 3`,
      `Scaled down replica set ${oldName} from 1 to 0`,
    ]);
    expect(get(c).metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(c.get('apps/ReplicaSet', 'default', newName)!.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('rolling update with 10 replicas: surge 3, unavailable 2; old pods that are not available go first', () => {
    const c = new Cluster({ seed: 3 });
    mustCreate(c, deployment({ replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
    settle(c);
    const oldName = rsList(c)[0].metadata.name!;
    setImage(c, 'nginx:does-not-exist');
    c.advance(2000);
    const newName = rsList(c).map((r) => r.metadata.name!).find((n) => n !== oldName)!;
    // New RS to 3 (10 + 3 surge), old down by 2 (10 − 2 unavailable), new up to 5; stuck there.
    expect(sizes(c)).toEqual({ [oldName]: 8, [newName]: 5 });
    expect(scalingEvents(c).slice(1)).toEqual([
      `Scaled up replica set ${newName} from 0 to 3`,
      `Scaled down replica set ${oldName} from 10 to 8`,
      `Scaled up replica set ${newName} from 3 to 5`,
    ]);
    // Proportional scaling to 15: 5 more replicas, 3 to the old RS and 2 to the new (the docs example).
    edit(c, (o) => { o.spec.replicas = 15; });
    c.advance(1000);
    expect(sizes(c)).toEqual({ [oldName]: 11, [newName]: 7 });
    for (const r of rsList(c)) expect(r.metadata.annotations!['deployment.kubernetes.io/desired-replicas']).toBe('15');
    for (const r of rsList(c)) expect(r.metadata.annotations!['deployment.kubernetes.io/max-replicas']).toBe('18');
  });

  it('Recreate: old pods stop before the new ReplicaSet scales up', () => {
    const c = new Cluster({ seed: 4 });
    mustCreate(c, deployment({ strategy: { type: 'Recreate' } }));
    settle(c);
    const oldName = rsList(c)[0].metadata.name!;
    setImage(c, 'nginx:1.28');
    c.advance(1000);
    expect(sizes(c)).toEqual({ [oldName]: 0 });
    expect(c.list('/Pod', 'default').every((p) => p.metadata.deletionTimestamp)).toBe(true);
    finishTerminating(c);
    c.advance(1000);
    const newName = rsList(c).map((r) => r.metadata.name!).find((n) => n !== oldName)!;
    expect(sizes(c)).toEqual({ [oldName]: 0, [newName]: 3 });
    expect(scalingEvents(c).slice(1)).toEqual([`Scaled down replica set ${oldName} from 3 to 0`, `Scaled up replica set ${newName} from 0 to 3`]);
  });

  it('paused: no rollout, scaling still applies; Progressing Unknown DeploymentPaused, then DeploymentResumed', () => {
    const c = new Cluster({ seed: 5 });
    mustCreate(c, deployment());
    settle(c);
    edit(c, (o) => { o.spec.paused = true; });
    c.advance(500);
    expect(condition(get(c), 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    setImage(c, 'nginx:1.28');
    edit(c, (o) => { o.spec.replicas = 5; });
    c.advance(1000);
    expect(rsList(c)).toHaveLength(1);
    expect(rsList(c)[0].spec.replicas).toBe(5);
    edit(c, (o) => { o.spec.paused = false; });
    c.advance(500);
    expect(rsList(c)).toHaveLength(2);
    expect(condition(get(c), 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    expect(eventLines(c).length).toBeGreaterThan(0);
  });

  it('progress deadline: ProgressDeadlineExceeded once no progress for progressDeadlineSeconds', () => {
    const c = new Cluster({ seed: 6 });
    mustCreate(c, deployment({ progressDeadlineSeconds: 30 }));
    c.advance(1000);
    const name = rsList(c)[0].metadata.name;
    c.advance(29_000);
    expect(condition(get(c), 'Progressing').reason).toBe('ReplicaSetUpdated');
    c.advance(3_000);
    expect(condition(get(c), 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${name}" has timed out progressing.` });
    expect(c.isIdle()).toBe(true);
  });

  it('revisionHistoryLimit: old scaled-down ReplicaSets beyond the limit are deleted, oldest first', () => {
    const c = new Cluster({ seed: 7 });
    mustCreate(c, deployment({ revisionHistoryLimit: 1, replicas: 1 }));
    settle(c);
    for (const image of ['nginx:1.28', 'nginx:1.29']) {
      setImage(c, image);
      settle(c);
    }
    const left = rsList(c).map((r) => r.metadata.annotations!['deployment.kubernetes.io/revision']).sort();
    expect(left).toEqual(['2', '3']);
  });

  it('rollback: the old ReplicaSet is reused with a new revision and revision-history', () => {
    const c = new Cluster({ seed: 8 });
    mustCreate(c, deployment({ replicas: 1 }));
    settle(c);
    const first = rsList(c)[0].metadata.name!;
    setImage(c, 'nginx:1.28');
    settle(c);
    setImage(c, 'nginx:1.27');
    settle(c);
    expect(rsList(c)).toHaveLength(2);
    const r = c.get('apps/ReplicaSet', 'default', first)!;
    expect(r.spec.replicas).toBe(1);
    expect(r.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
    expect(r.metadata.annotations!['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(get(c).metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('copies Deployment annotations (change-cause) to the ReplicaSet, not last-applied-configuration', () => {
    const c = new Cluster({ seed: 9 });
    mustCreate(c, deployment({}, { annotations: { 'kubernetes.io/change-cause': 'first', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } }));
    c.advance(1000);
    expect(rsList(c)[0].metadata.annotations!).toMatchObject({ 'kubernetes.io/change-cause': 'first' });
    expect(rsList(c)[0].metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
  });

  it('adopts an orphan ReplicaSet with its template instead of creating one', () => {
    const c = new Cluster({ seed: 10 });
    const tpl = deployment().spec.template;
    mustCreate(c, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-manual', labels: { app: 'web', 'pod-template-hash': 'manual' } }, spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': 'manual' } }, template: { ...tpl, metadata: { labels: { app: 'web', 'pod-template-hash': 'manual' } } } } });
    c.advance(1000);
    const d = mustCreate(c, deployment());
    c.advance(1000);
    expect(rsList(c).map((r) => r.metadata.name)).toEqual(['web-manual']);
    expect(rsList(c)[0].metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', uid: d.metadata.uid });
    expect(rsList(c)[0].metadata.annotations!['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('releases a ReplicaSet relabelled out of its selector and creates a new one', () => {
    const c = new Cluster({ seed: 14 });
    mustCreate(c, deployment({ replicas: 1 }));
    c.advance(1000);
    const first = rsList(c)[0];
    c.api.mutate(c.kinds.byKind('ReplicaSet')!, 'default', first.metadata.name!, (o) => { o.metadata.labels = { app: 'other' }; });
    c.advance(1000);
    expect(c.get('apps/ReplicaSet', 'default', first.metadata.name!)!.metadata.ownerReferences).toBeUndefined();
    // The template still equals the Deployment's, so the new RS gets the same hash plus a collision bump.
    expect(get(c).status.collisionCount).toBe(1);
    const owned = rsList(c).filter((r) => r.metadata.ownerReferences?.[0]?.name === 'web');
    expect(owned.map((r) => r.metadata.name)).toEqual([`web-${computeHash(get(c).spec.template, 1)}`]);
  });

  it('a hash collision bumps status.collisionCount and the next name', () => {
    const c = new Cluster({ seed: 11 });
    // The hash is of the defaulted template, as stored.
    const d0 = c.api.create(deployment(), { dryRun: true }) as KObject;
    const hash = computeHash(d0.spec.template);
    mustCreate(c, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `web-${hash}`, labels: { other: 'x' } }, spec: { replicas: 0, selector: { matchLabels: { other: 'x' } }, template: { metadata: { labels: { other: 'x' } }, spec: { containers: [{ name: 'x', image: 'busybox' }] } } } });
    mustCreate(c, deployment());
    c.advance(1000);
    expect(get(c).status.collisionCount).toBe(1);
    expect(c.get('apps/ReplicaSet', 'default', `web-${computeHash(d0.spec.template, 1)}`)).toBeDefined();
  });

  it('minReadySeconds is copied to the ReplicaSet and delays availability', () => {
    const c = new Cluster({ seed: 12 });
    mustCreate(c, deployment({ minReadySeconds: 10 }));
    c.advance(1000);
    expect(rsList(c)[0].spec.minReadySeconds).toBe(10);
    readyAll(c, 'default', { app: 'web' });
    c.advance(5000);
    expect(get(c).status.availableReplicas).toBeUndefined();
    c.advance(7000);
    expect(get(c).status.availableReplicas).toBe(3);
  });

  it('snapshot and restore mid-rollout replay to the same state', () => {
    const c = new Cluster({ seed: 13 });
    mustCreate(c, deployment());
    settle(c);
    setImage(c, 'nginx:1.28');
    c.advance(50);
    const snap = c.snapshot();
    const r = Cluster.restore(snap);
    settle(c);
    settle(r);
    expect(sizes(r)).toEqual(sizes(c));
    expect(eventLines(r)).toEqual(eventLines(c));
  });
});
