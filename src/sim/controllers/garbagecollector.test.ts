import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { isStatus, type KObject } from '../api/types';
import type { StoredChange } from '../api/store';
import { GarbageCollector } from './garbagecollector';
import { NO_KEYS, type ControllerContext } from './manager';

const rsInfo = { kind: 'ReplicaSet', group: 'apps', version: 'v1', plural: 'replicasets', singular: 'replicaset', shortNames: ['rs'], namespaced: true };

/** A ReplicaSet that owns two pods (written directly: the RS controller is not part of this test). */
function seed(c: Cluster): KObject {
  const rs = c.api.create({
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  });
  if (isStatus(rs)) throw new Error(rs.message);
  for (const n of ['web-a', 'web-b']) {
    const p = c.api.create({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: n, labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }] },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    });
    if (isStatus(p)) throw new Error(p.message);
  }
  c.runUntilIdle();
  return rs;
}

const podNames = (c: Cluster) => c.list('/Pod', 'default').map((p) => p.metadata.name);

describe('garbage collector', () => {
  it('Background: the owner goes at once, then its dependents', () => {
    const c = new Cluster({ seed: 2 });
    seed(c);
    c.api.delete(rsInfo, 'default', 'web', { propagationPolicy: 'Background' });
    expect(c.get('apps/ReplicaSet', 'default', 'web')).toBeUndefined();
    expect(podNames(c)).toEqual(['web-a', 'web-b']);
    c.runUntilIdle();
    expect(podNames(c)).toEqual([]);
  });

  it('Foreground: the owner stays with a finalizer until its dependents are gone', () => {
    const c = new Cluster({ seed: 2 });
    seed(c);
    const r = c.api.delete(rsInfo, 'default', 'web', { propagationPolicy: 'Foreground' }) as KObject;
    expect(r.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(r.metadata.deletionTimestamp).toBeDefined();
    const order: string[] = [];
    c.subscribe((ch) => {
      if (ch.type === 'DELETED') order.push(`${ch.object.kind}/${ch.object.metadata.name}`);
    });
    c.runUntilIdle();
    // Both pods go (in either order), and only then the ReplicaSet.
    expect(order.slice(0, 2).sort()).toEqual(['Pod/web-a', 'Pod/web-b']);
    expect(order[2]).toBe('ReplicaSet/web');
  });

  it('Orphan: dependents lose their ownerReference and stay', () => {
    const c = new Cluster({ seed: 2 });
    seed(c);
    c.api.delete(rsInfo, 'default', 'web', { propagationPolicy: 'Orphan' });
    c.runUntilIdle();
    expect(c.get('apps/ReplicaSet', 'default', 'web')).toBeUndefined();
    expect(podNames(c)).toEqual(['web-a', 'web-b']);
    for (const p of c.list('/Pod', 'default')) expect(p.metadata.ownerReferences).toBeUndefined();
  });

  it('collects an object created with an owner that does not exist', () => {
    const c = new Cluster({ seed: 2 });
    c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'orphan', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' }] } });
    c.runUntilIdle();
    expect(c.get('/ConfigMap', 'default', 'orphan')).toBeUndefined();
  });

  it('deleting a namespace removes its contents, then the namespace', () => {
    const c = new Cluster({ seed: 2 });
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    c.runUntilIdle();
    expect(c.get('/ServiceAccount', 'team', 'default')).toBeDefined();
    expect(c.get('/ConfigMap', 'team', 'kube-root-ca.crt')).toBeDefined();
    c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'team' } });
    c.api.delete({ kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces', singular: 'namespace', shortNames: ['ns'], namespaced: false }, undefined, 'team');
    expect(c.get('/Namespace', undefined, 'team')!.status.phase).toBe('Terminating');
    c.runUntilIdle();
    expect(c.get('/Namespace', undefined, 'team')).toBeUndefined();
    expect(c.list('/ConfigMap', 'team')).toEqual([]);
  });

  it('a dependent whose ownerReferences change is filed under its new owner only', () => {
    const c = new Cluster({ seed: 2 });
    const cmInfo = { kind: 'ConfigMap', group: '', version: 'v1', plural: 'configmaps', singular: 'configmap', shortNames: ['cm'], namespaced: true };
    const mk = (name: string) => {
      const o = c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
      if (isStatus(o)) throw new Error(o.message);
      return o;
    };
    const a = mk('a');
    const b = mk('b');
    const ref = (o: KObject) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name!, uid: o.metadata.uid! });
    const d = c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd', ownerReferences: [ref(a)] } });
    if (isStatus(d)) throw new Error(d.message);
    c.runUntilIdle();
    // Moved from a to b: deleting a leaves it; deleting b (its only owner) collects it.
    const moved = c.api.update({ ...d, metadata: { ...d.metadata, ownerReferences: [ref(b)] } });
    if (isStatus(moved)) throw new Error(moved.message);
    c.api.delete(cmInfo, 'default', 'a', { propagationPolicy: 'Foreground' });
    c.runUntilIdle();
    expect(c.get('/ConfigMap', 'default', 'a')).toBeUndefined();
    expect(c.get('/ConfigMap', 'default', 'd')).toBeDefined();
    c.api.delete(cmInfo, 'default', 'b', { propagationPolicy: 'Background' });
    c.runUntilIdle();
    expect(c.get('/ConfigMap', 'default', 'd')).toBeUndefined();
  });

  it('an object owned by an Event (Events are not on record) stays while the Event lives, and goes with it', () => {
    const c = new Cluster({ seed: 2 });
    const cm = c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'anchor' } });
    if (isStatus(cm)) throw new Error(cm.message);
    c.events.record(cm, 'Normal', 'Anchored', 'an Event to own things', { component: 'test' });
    const ev = c.list('/Event', 'default').find((e) => e.reason === 'Anchored')!;
    const evRef = { apiVersion: 'v1', kind: 'Event', name: ev.metadata.name!, uid: ev.metadata.uid! };
    const owned = c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned', ownerReferences: [evRef] } });
    if (isStatus(owned)) throw new Error(owned.message);
    // A second owner that is gone: only that reference is dropped, the Event's is kept.
    const gone = { apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: '00000000-0000-4000-8000-000000000000' };
    const two = c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two', ownerReferences: [evRef, gone] } });
    if (isStatus(two)) throw new Error(two.message);
    c.runUntilIdle();
    expect(c.get('/ConfigMap', 'default', 'owned')).toBeDefined();
    expect(c.get('/ConfigMap', 'default', 'two')!.metadata.ownerReferences).toEqual([evRef]);
    const evInfo = c.api.kinds.byKind('Event')!;
    c.api.delete(evInfo, 'default', ev.metadata.name!);
    c.runUntilIdle();
    expect(c.get('/ConfigMap', 'default', 'owned')).toBeUndefined();
    expect(c.get('/ConfigMap', 'default', 'two')).toBeUndefined();
  });
});

describe('garbage collector keysFor (owner records cached per dependent)', () => {
  const obj = (kind: string, name: string, uid: string, owner?: string): KObject => ({
    apiVersion: kind === 'Pod' || kind === 'Event' ? 'v1' : 'apps/v1', kind,
    metadata: { name, namespace: 'default', uid, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: owner, controller: true }] } : {}) },
  });
  const change = (type: 'ADDED' | 'MODIFIED' | 'DELETED', kindKey: string, object: KObject) => ({ type, kindKey, object }) as unknown as StoredChange;

  it('a dependent whose owner was deleted or replaced after its last write is found dangling', () => {
    const gc = new GarbageCollector({} as ControllerContext);
    const rs = obj('ReplicaSet', 'web', 'rs-1');
    const pod = obj('Pod', 'web-a', 'pod-1', 'rs-1');
    expect(gc.keysFor(change('ADDED', 'apps/ReplicaSet', rs))).toEqual([]);
    expect(gc.keysFor(change('ADDED', '/Pod', pod))).toEqual([]);
    expect(gc.keysFor(change('MODIFIED', '/Pod', { ...pod }))).toEqual([]);
    expect(gc.keysFor(change('DELETED', 'apps/ReplicaSet', rs))).toEqual(['owner:rs-1']);
    expect(gc.keysFor(change('MODIFIED', '/Pod', { ...pod }))).toEqual(['dependent:pod-1']);
    // The owner's uid on record again (as after a restore): not dangling, and cached anew.
    expect(gc.keysFor(change('ADDED', 'apps/ReplicaSet', rs))).toEqual([]);
    expect(gc.keysFor(change('MODIFIED', '/Pod', { ...pod }))).toEqual([]);
    // The record replaced (same uid seen under another name): the cached record is gone, the
    // new one still names the uid, so the pod is not dangling.
    expect(gc.keysFor(change('MODIFIED', 'apps/ReplicaSet', { ...rs, metadata: { ...rs.metadata, name: 'web2' } }))).toEqual([]);
    expect(gc.keysFor(change('MODIFIED', '/Pod', { ...pod }))).toEqual([]);
  });

  it('Events are skipped without a record until an Event is on record', () => {
    const gc = new GarbageCollector({} as ControllerContext);
    expect(gc.keysFor(change('ADDED', '/Event', obj('Event', 'e1', 'ev-1')))).toBe(NO_KEYS);
    const deleting = obj('Event', 'e2', 'ev-2');
    deleting.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    deleting.metadata.finalizers = ['orphan'];
    expect(gc.keysFor(change('MODIFIED', '/Event', deleting))).toEqual(['owner:ev-2']);
    // ev-2 is on record now: its next ownerless write is looked up (and handled as any object).
    const again = obj('Event', 'e2', 'ev-2');
    expect(gc.keysFor(change('MODIFIED', '/Event', again))).toEqual([]);
    expect(gc.keysFor(change('DELETED', '/Event', again))).toEqual(['owner:ev-2']);
    expect(gc.keysFor(change('ADDED', '/Event', obj('Event', 'e3', 'ev-3')))).toBe(NO_KEYS);
  });
});
