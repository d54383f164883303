import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { isStatus, type KObject, type Status } from './types';

function ok(x: KObject | Status): KObject {
  if (isStatus(x)) throw new Error(x.message);
  return x;
}

// A status write carries the caller's metadata; labels and annotations come from the request (as
// upstream's status strategies). When they are the same keys, order and values, the stored maps
// are kept, so informers that remember a pod's labels by identity see no change.
describe('status writes and the stored labels', () => {
  const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'web', tier: 'a' }, annotations: { note: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } };

  it('keeps identical labels and annotations as stored', () => {
    const c = new Cluster({ seed: 1 });
    const p = ok(c.api.create(pod));
    const next = ok(c.api.update({ ...p, metadata: { ...p.metadata, labels: { app: 'web', tier: 'a' }, annotations: { note: 'x' } }, status: { ...p.status, message: 'hi' } }, { subresource: 'status' }));
    expect(next.status.message).toBe('hi');
    expect(next.metadata.labels).toBe(p.metadata.labels);
    expect(next.metadata.annotations).toBe(p.metadata.annotations);
  });

  it('stores the request’s labels when they differ, also only in order', () => {
    const c = new Cluster({ seed: 1 });
    const p = ok(c.api.create(pod));
    const changed = ok(c.api.update({ ...p, metadata: { ...p.metadata, labels: { app: 'web', tier: 'b' } }, status: { ...p.status, message: '1' } }, { subresource: 'status' }));
    expect(changed.metadata.labels).toEqual({ app: 'web', tier: 'b' });
    const reordered = ok(c.api.update({ ...changed, metadata: { ...changed.metadata, labels: { tier: 'b', app: 'web' } }, status: { ...changed.status, message: '2' } }, { subresource: 'status' }));
    expect(Object.keys(reordered.metadata.labels ?? {})).toEqual(['tier', 'app']);
    const dropped = ok(c.api.update({ ...reordered, metadata: { ...reordered.metadata, labels: undefined, annotations: undefined }, status: { ...reordered.status, message: '3' } }, { subresource: 'status' }));
    expect(dropped.metadata.labels).toBeUndefined();
    expect(dropped.metadata.annotations).toBeUndefined();
  });
});
