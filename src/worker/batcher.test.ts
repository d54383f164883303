import { describe, expect, it } from 'vitest';
import type { StoredChange } from '../sim/api/store';
import type { KObject } from '../sim/api/types';
import { ChangeBatcher } from './batcher';

const pod = (uid: string, rv: number, phase = 'Pending'): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p-${uid}`, namespace: 'default', uid, resourceVersion: String(rv) },
  status: { phase },
});
const change = (type: StoredChange['type'], obj: KObject): StoredChange => ({
  rv: Number(obj.metadata.resourceVersion),
  type,
  kindKey: '/Pod',
  object: obj,
});

describe('ChangeBatcher', () => {
  it('squashes added-then-modified into added with the latest state', () => {
    const b = new ChangeBatcher(10);
    b.add(change('ADDED', pod('a', 11)));
    b.add(change('MODIFIED', pod('a', 12, 'Running')));
    const batch = b.take(5000);
    expect(Object.keys(batch.added)).toEqual(['a']);
    expect(batch.added.a.object.status.phase).toBe('Running');
    expect(batch.updated).toEqual({});
    expect(batch.removed).toEqual([]);
    expect(batch.rv).toBe(12);
    expect(batch.nowMs).toBe(5000);
  });

  it('cancels added-then-removed', () => {
    const b = new ChangeBatcher(0);
    b.add(change('ADDED', pod('a', 1)));
    b.add(change('DELETED', pod('a', 2)));
    const batch = b.take(0);
    expect(batch.added).toEqual({});
    expect(batch.removed).toEqual([]);
    expect(b.isEmpty).toBe(true);
    expect(batch.rv).toBe(2);
  });

  it('keeps modified-then-removed as removed, and modifications as updated', () => {
    const b = new ChangeBatcher(0);
    b.add(change('MODIFIED', pod('a', 1)));
    b.add(change('DELETED', pod('a', 2)));
    b.add(change('MODIFIED', pod('b', 3)));
    b.add(change('MODIFIED', pod('b', 4, 'Running')));
    const batch = b.take(0);
    expect(batch.removed).toEqual(['a']);
    expect(Object.keys(batch.updated)).toEqual(['b']);
    expect(batch.updated.b.object.metadata.resourceVersion).toBe('4');
  });

  it('starts empty after take', () => {
    const b = new ChangeBatcher(0);
    b.add(change('ADDED', pod('a', 1)));
    b.take(0);
    expect(b.isEmpty).toBe(true);
    expect(b.take(0).added).toEqual({});
  });
});
