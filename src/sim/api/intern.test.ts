import { describe, expect, it } from 'vitest';
import { SiblingPods, shareSubtrees } from './intern';
import type { KObject } from './types';

describe('shareSubtrees', () => {
  it('returns the previous value when equal, with keys in the same order', () => {
    const prev = Object.freeze({ a: 1, b: Object.freeze([1, 2]) });
    expect(shareSubtrees({ a: 1, b: [1, 2] }, prev)).toBe(prev);
  });

  it('keeps the fresh object when key order differs, but shares its equal children', () => {
    const prev = { a: { x: 1 }, b: 2 };
    const next = { b: 2, a: { x: 1 } };
    const out = shareSubtrees(next, prev) as typeof next;
    expect(out).toBe(next);
    expect(Object.keys(out)).toEqual(['b', 'a']);
    expect(out.a).toBe(prev.a);
  });

  it('shares equal subtrees of an unequal object and leaves the rest', () => {
    const prev = { containers: [{ name: 'app', resources: { requests: { cpu: '10m' } }, volumeMounts: [{ name: 'tok-a' }] }], tolerations: [{ key: 'k' }] };
    const next = { containers: [{ name: 'app', resources: { requests: { cpu: '10m' } }, volumeMounts: [{ name: 'tok-b' }] }], tolerations: [{ key: 'k' }] };
    const out = shareSubtrees(next, prev) as typeof next;
    expect(out).toBe(next);
    expect(out.tolerations).toBe(prev.tolerations);
    expect(out.containers).not.toBe(prev.containers);
    expect(out.containers[0]!.resources).toBe(prev.containers[0]!.resources);
    expect(out.containers[0]!.volumeMounts[0]!.name).toBe('tok-b');
    expect(JSON.stringify(out)).toBe(JSON.stringify({ containers: [{ name: 'app', resources: { requests: { cpu: '10m' } }, volumeMounts: [{ name: 'tok-b' }] }], tolerations: [{ key: 'k' }] }));
  });

  it('treats extra, missing and undefined keys and different lengths as different', () => {
    expect(shareSubtrees({ a: 1, b: 2 }, { a: 1 })).not.toEqual({ a: 1 });
    const p1 = { a: 1, b: 2 };
    expect(shareSubtrees({ a: 1 }, p1)).not.toBe(p1);
    const p2 = { a: 1 };
    expect(shareSubtrees({ a: 1, u: undefined }, p2)).not.toBe(p2);
    const p3 = [1, 2];
    expect(shareSubtrees([1, 2, 3], p3)).not.toBe(p3);
    expect(shareSubtrees([1], p3)).not.toBe(p3);
    const p4 = { a: [1] };
    expect(shareSubtrees({ a: { 0: 1 } }, p4)).not.toBe(p4);
  });

  it('never changes the previous value and leaves an own __proto__ key alone', () => {
    const prev = Object.freeze({ a: Object.freeze({ x: 1 }), c: 3 });
    const next = JSON.parse('{"__proto__": {"x": 1}, "a": {"x": 1}}');
    const out = shareSubtrees(next, prev);
    expect(out).toBe(next);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out as object)).toEqual(['__proto__', 'a']);
    expect((out as { a: unknown }).a).toBe(prev.a);
  });
});

describe('SiblingPods', () => {
  const pod = (vol: string): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${vol}`, labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true }] },
    spec: { containers: [{ name: 'c', image: 'nginx', volumeMounts: [{ name: vol }] }], volumes: [{ name: vol, projected: { sources: [] } }] },
  });

  it('shares labels, owner references and spec subtrees with the last pod of the same controller only', () => {
    const s = new SiblingPods();
    const first = pod('a');
    s.share(first, 'u1'); // nothing remembered yet
    s.remember(first, 'u1');
    const second = pod('b');
    s.share(second, 'u1');
    expect(second.metadata.labels).toBe(first.metadata.labels);
    expect(second.metadata.ownerReferences).toBe(first.metadata.ownerReferences);
    expect(second.spec.volumes[0].projected).toBe(first.spec.volumes[0].projected);
    expect(second.spec.volumes[0].name).toBe('b');
    const other = pod('c');
    s.share(other, 'u2');
    expect(other.metadata.labels).not.toBe(first.metadata.labels);
  });
});
