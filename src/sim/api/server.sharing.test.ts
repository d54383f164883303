import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { clone } from './meta';
import { isStatus, type KObject, type OwnerReference, type Status } from './types';

function ok(x: KObject | Status): KObject {
  if (isStatus(x)) throw new Error(x.message);
  return x;
}

// Pods of one controller share their identical subtrees with the last sibling stored (intern.ts):
// less heap per pod, and what is stored and served is the same JSON as without the sharing.
describe('pods of one controller share identical subtrees', () => {
  const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: '6f1c0c6e-0000-4000-8000-000000000001', controller: true, blockOwnerDeletion: true };
  const pod = (name: string, ownerReferences: OwnerReference[] = [owner]): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' }, ownerReferences },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '10m' } } }] },
  });

  it('shares spec subtrees, labels and owner references on create, and stores the same JSON', () => {
    const c = new Cluster({ seed: 1 });
    const a = ok(c.api.create(pod('a')));
    const b = ok(c.api.create(pod('b')));
    expect(b.metadata.labels).toBe(a.metadata.labels);
    expect(b.metadata.ownerReferences).toBe(a.metadata.ownerReferences);
    expect(b.spec.tolerations).toBe(a.spec.tolerations);
    expect(b.spec.containers[0].resources).toBe(a.spec.containers[0].resources);
    expect(b.spec.volumes[0].projected).toBe(a.spec.volumes[0].projected);
    // The per-pod token volume keeps its own name.
    expect(b.spec.volumes[0].name).not.toBe(a.spec.volumes[0].name);
    expect(b.spec.containers[0].volumeMounts[0].name).toBe(b.spec.volumes[0].name);
    expect(JSON.stringify(c.api.get(c.api.kinds.byKind('Pod')!, 'default', 'b'))).toBe(JSON.stringify(clone(b)));
  });

  it('does not share between pods of different controllers or without one', () => {
    const c = new Cluster({ seed: 1 });
    const a = ok(c.api.create(pod('a')));
    const other = ok(c.api.create(pod('o', [{ ...owner, uid: '6f1c0c6e-0000-4000-8000-000000000002' }])));
    const none = ok(c.api.create(pod('n', [])));
    expect(other.spec.tolerations).not.toBe(a.spec.tolerations);
    expect(none.spec.tolerations).not.toBe(a.spec.tolerations);
  });

  it('shares equal status subtrees between siblings on status writes, and never the caller’s objects', () => {
    const c = new Cluster({ seed: 1 });
    const a = ok(c.api.create(pod('a')));
    const b = ok(c.api.create(pod('b')));
    const status = { phase: 'Pending', conditions: [{ type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-01-15T09:00:00Z' }], qosClass: 'Burstable' };
    const sa = ok(c.api.update({ ...a, status: clone(status) }, { subresource: 'status' }));
    const labels = { app: 'web', extra: 'x' };
    const req = { ...b, metadata: { ...b.metadata, labels }, status: clone(status) };
    const sb = ok(c.api.update(req, { subresource: 'status' }));
    expect(sb.status).toBe(sa.status);
    expect(sb.status).not.toBe(req.status);
    expect(sb.metadata.labels).toEqual(labels);
    expect(sb.metadata.labels).not.toBe(labels);
    labels.extra = 'changed';
    expect(sb.metadata.labels!.extra).toBe('x');
  });
});
