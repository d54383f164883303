import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { isStatus, type KObject, type Status } from '../api/types';
import type { ObjectStore, StoredChange } from '../api/store';
import { ServicePodIndex, serviceKey } from './endpointsutil';

function ok(x: KObject | Status): KObject {
  if (isStatus(x)) throw new Error(x.message);
  return x;
}

const change = (object: KObject, type: StoredChange['type'] = 'MODIFIED'): StoredChange => ({ rv: 0, type, kindKey: object.kind === 'Pod' ? '/Pod' : '/Service', object });

// The pod→Service memo is reused while a pod write keeps the stored labels object; a Service
// change in between must still be reflected (onServiceChange keeps the memo right).
describe('ServicePodIndex', () => {
  it('queues the Services selecting a pod across status writes, Service changes and label changes', () => {
    const c = new Cluster({ seed: 1 });
    const idx = new ServicePodIndex((c as unknown as { store: ObjectStore }).store); // the cluster's own store
    const p = ok(c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } }));
    expect(idx.keysForPod(change(p, 'ADDED'))).toEqual([]);

    const svc = ok(c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }));
    idx.onServiceChange(change(svc, 'ADDED'));
    const p2 = ok(c.api.update({ ...p, status: { ...p.status, message: 'x' } }, { subresource: 'status' }));
    expect(p2.metadata.labels).toBe(p.metadata.labels);
    expect(idx.keysForPod(change(p2))).toEqual([serviceKey('default', 'web')]);

    // Labels change: the Service that selected it is queued once more, then no longer.
    const p3 = ok(c.api.update({ ...p2, metadata: { ...p2.metadata, labels: { app: 'other' } } }));
    expect(idx.keysForPod(change(p3))).toEqual([serviceKey('default', 'web')]);
    const p4 = ok(c.api.update({ ...p3, status: { ...p3.status, message: 'y' } }, { subresource: 'status' }));
    expect(idx.keysForPod(change(p4))).toEqual([]);

    // The Service goes: a pod matching nothing stays empty; deleting the pod reports what it had.
    idx.onServiceChange(change(svc, 'DELETED'));
    expect(idx.keysForPod(change(p4, 'DELETED'))).toEqual([]);
  });

  it('one index per store serves both controllers: each gets the keys of the same change', () => {
    const c = new Cluster({ seed: 1 });
    const store = (c as unknown as { store: ObjectStore }).store;
    const idx = ServicePodIndex.shared(store);
    expect(ServicePodIndex.shared(store)).toBe(idx);
    const svc = ok(c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }));
    const sc = change(svc, 'ADDED');
    idx.onServiceChange(sc);
    idx.onServiceChange(sc); // the second controller's call: a no-op
    const p = ok(c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } }));
    const pc = change(p, 'ADDED');
    const first = idx.keysForPod(pc);
    const second = idx.keysForPod(pc);
    expect(first).toEqual([serviceKey('default', 'web')]);
    expect(second).toEqual(first);
    expect(second).toBe(first); // one shared answer: the manager only reads it
    // A pod matching nothing: no keys, and a later Service selecting it still counts it.
    const q = ok(c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'q', labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } }));
    expect(idx.keysForPod(change(q, 'ADDED'))).toEqual([]);
    const db = ok(c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] } }));
    idx.onServiceChange(change(db, 'ADDED'));
    expect(idx.keysForPod(change(q, 'DELETED'))).toEqual([serviceKey('default', 'db')]);
    expect(idx.keysForPod(change(p, 'DELETED'))).toEqual([serviceKey('default', 'web')]);
  });
});
