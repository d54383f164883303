import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { Rng } from '../core/rng';
import { ObjectStore } from './store';
import { inStoredOrder, reorder } from './server.util';
import { isStatus, type KObject, type Status } from './types';

function ok(x: KObject | Status): KObject {
  if (isStatus(x)) throw new Error(x.message);
  return x;
}

const podInfo = { kind: 'Pod', group: '', version: 'v1', plural: 'pods', singular: 'pod', shortNames: ['po'], namespaced: true };

/** Key order included, undefined values shown: what two stored objects must agree on. */
function shape(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(shape).join(',')}]`;
  return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${shape((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** What `put` stores for `o` (its copy, the resourceVersion set where the key is, else last). */
function putForm(o: KObject): string {
  return shape({ ...o, metadata: { ...o.metadata, resourceVersion: '7' } });
}

describe('inStoredOrder: put(o) stores what put(reorder(o)) would', () => {
  const META = ['annotations', 'creationTimestamp', 'deletionGracePeriodSeconds', 'deletionTimestamp', 'finalizers', 'generateName', 'generation', 'labels', 'name', 'namespace', 'ownerReferences', 'resourceVersion', 'uid', 'managedFields', 'constructor', '__proto__'];
  const TOP = ['apiVersion', 'kind', 'metadata', 'spec', 'status', 'data', '__proto__'];

  function randomObject(rng: Rng): KObject {
    const pick = <T,>(xs: T[]) => xs[rng.int(xs.length)]!;
    const value = () => (rng.int(30) === 0 ? undefined : pick(['a', 'b', 1, { x: 1 }]));
    const meta: Record<string, unknown> = {};
    // Mostly reorder's own keys in its order (so both answers are common), sometimes others or shuffled.
    const keys = META.filter((_, i) => rng.int(i < 13 ? 2 : 12) === 0);
    if (rng.int(3) === 0) keys.sort(() => rng.int(3) - 1);
    for (const k of keys) {
      const v = k === 'resourceVersion' ? (rng.int(3) === 0 ? 'old' : undefined) : value();
      Object.defineProperty(meta, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    if (rng.int(2) === 0 && 'resourceVersion' in meta) {
      // The usual place: last.
      const v = meta.resourceVersion;
      delete meta.resourceVersion;
      meta.resourceVersion = v;
    }
    const o: Record<string, unknown> = {};
    const top = rng.int(4) === 0 ? [...TOP].sort(() => rng.int(3) - 1) : TOP;
    for (const k of top) {
      if (k === '__proto__' ? rng.int(12) !== 0 : k !== 'metadata' && rng.int(3) === 0) continue;
      const v = k === 'metadata' ? meta : k === 'apiVersion' ? (rng.int(8) === 0 ? undefined : 'v1') : k === 'kind' ? 'Pod' : value();
      Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return o as KObject;
  }

  it('whenever it answers true, the stored JSON and key order are the same (random objects)', () => {
    const rng = new Rng(42);
    let yes = 0;
    for (let i = 0; i < 5000; i++) {
      const o = randomObject(rng);
      if (!inStoredOrder(o)) continue;
      yes++;
      expect(putForm(o)).toBe(putForm(reorder(o, podInfo)));
    }
    expect(yes).toBeGreaterThan(100);
  });

  it('answers true for stored objects made ready for an update, false for what reorder changes', () => {
    const c = new Cluster({ seed: 1 });
    const p = ok(c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }));
    expect(inStoredOrder({ ...p, metadata: { ...p.metadata, resourceVersion: undefined } })).toBe(true);
    // A set resourceVersion goes to its place in reorder's order: not as it stands.
    expect(inStoredOrder(p)).toBe(false);
    expect(inStoredOrder({ ...p, metadata: { ...p.metadata, resourceVersion: undefined, extra: 'x' } as KObject['metadata'] })).toBe(false);
    expect(inStoredOrder({ kind: p.kind, apiVersion: p.apiVersion, metadata: { ...p.metadata, resourceVersion: undefined }, spec: p.spec })).toBe(false);
    expect(inStoredOrder({ ...p, spec: undefined, metadata: { ...p.metadata, resourceVersion: undefined } })).toBe(false);
  });
});

describe('ObjectStore.putOwned', () => {
  it('stores the object itself, its resourceVersion set where put would put it', () => {
    const s = new ObjectStore();
    const a: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'd', resourceVersion: undefined, uid: 'u' }, data: { k: 'v' } };
    const stored = s.putOwned('/ConfigMap', a);
    expect(stored).toBe(a);
    expect(Object.keys(stored.metadata)).toEqual(['name', 'namespace', 'resourceVersion', 'uid']);
    const b: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'd' } };
    const viaPut = s.put('/ConfigMap', { ...b, metadata: { ...b.metadata } });
    const owned = s.putOwned('/ConfigMap', { ...b, metadata: { ...b.metadata } });
    expect(shape(owned)).toBe(shape({ ...viaPut, metadata: { ...viaPut.metadata, resourceVersion: owned.metadata.resourceVersion } }));
    expect(Number(owned.metadata.resourceVersion)).toBe(Number(viaPut.metadata.resourceVersion) + 1);
    expect(s.get('/ConfigMap', 'd', 'b')).toBe(owned);
    expect(Object.isFrozen(owned.metadata)).toBe(true); // frozen under test, as put's copies
  });
});

describe('status writes (server.status.ts)', () => {
  const pod = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' }, annotations: { note: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });

  it('stores the stored object with the new status, in the stored key order, and leaves the request alone', () => {
    const c = new Cluster({ seed: 1 });
    const p = ok(c.api.create(pod('p')));
    const req = { ...p, metadata: { name: 'p', labels: { app: 'web' }, annotations: { note: 'x' } }, status: { ...p.status, message: 'm' } };
    const before = shape(req);
    const s = ok(c.api.update(req, { subresource: 'status' }));
    expect(shape(req)).toBe(before); // no namespace or system fields added to the caller's object
    expect(s.status).not.toBe(req.status);
    expect(s.status.message).toBe('m');
    expect(s.spec).toBe(p.spec);
    expect(Object.keys(s.metadata)).toEqual(Object.keys(p.metadata));
    expect(Object.keys(s.metadata).at(-1)).toBe('resourceVersion');
    expect(s.metadata.resourceVersion).toBe(String(c.resourceVersion));
    expect(s.metadata.labels).toBe(p.metadata.labels);
  });

  it('a no-op, a dry run, a conflict and a missing object answer as the generic update did', () => {
    const c = new Cluster({ seed: 1 });
    const p = ok(c.api.create(pod('p')));
    const rv = c.resourceVersion;
    expect(c.api.update({ ...p }, { subresource: 'status' })).toBe(p);
    const dry = ok(c.api.update({ ...p, status: { ...p.status, message: 'dry' } }, { subresource: 'status', dryRun: true }));
    expect(dry.status.message).toBe('dry');
    expect('resourceVersion' in dry.metadata).toBe(false);
    expect(c.resourceVersion).toBe(rv);
    const stale = c.api.update({ ...p, metadata: { ...p.metadata, resourceVersion: '1' }, status: { message: 'x' } }, { subresource: 'status' }) as Status;
    expect(stale.message).toBe('Operation cannot be fulfilled on pods "p": the object has been modified; please apply your changes to the latest version and try again');
    const missing = c.api.update({ ...p, metadata: { name: 'q' } }, { subresource: 'status' }) as Status;
    expect(missing.message).toBe('pods "q" not found');
    const noMeta = c.api.update({ ...p, metadata: 'x' as unknown as KObject['metadata'] }, { subresource: 'status' }) as Status;
    expect(noMeta.code).toBe(404);
    expect(c.resourceVersion).toBe(rv);
  });

  it('drops labels and annotations the request leaves out, keeping the rest in order', () => {
    const c = new Cluster({ seed: 1 });
    const p = ok(c.api.create(pod('p')));
    const s = ok(c.api.update({ ...p, metadata: { name: 'p', namespace: 'default' }, status: { ...p.status, message: 'm' } }, { subresource: 'status' }));
    expect(Object.keys(s.metadata)).toEqual(Object.keys(p.metadata).filter((k) => k !== 'labels' && k !== 'annotations'));
    // The apps kinds keep their labels (their status strategies reset them).
    const d = ok(c.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { a: 'b' } }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }));
    const ds = ok(c.api.update({ ...d, metadata: { name: 'd' }, status: { observedGeneration: 1 } }, { subresource: 'status' }));
    expect(ds.metadata.labels).toBe(d.metadata.labels);
  });

  it('an object stored out of order (a graceful delete appends its fields) is put back in order', () => {
    const c = new Cluster({ seed: 1 });
    ok(c.api.create(pod('p')));
    ok(c.api.bind('default', 'p', 'kubeplay-worker'));
    const deleting = ok(c.api.delete(podInfo, 'default', 'p'));
    expect(Object.keys(deleting.metadata).slice(-3)).toEqual(['resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds']);
    const s = ok(c.api.update({ ...deleting, status: { ...deleting.status, message: 'm' } }, { subresource: 'status' }));
    expect(Object.keys(s.metadata)).toEqual(['annotations', 'creationTimestamp', 'deletionGracePeriodSeconds', 'deletionTimestamp', 'labels', 'name', 'namespace', 'uid', 'resourceVersion']);
  });
});
