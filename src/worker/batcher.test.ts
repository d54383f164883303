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

  it('hands out at most max changes, oldest first, and keeps the rest squashed in place', () => {
    const b = new ChangeBatcher(0);
    b.add(change('ADDED', pod('a', 1)));
    b.add(change('MODIFIED', pod('b', 2)));
    b.add(change('MODIFIED', pod('c', 3)));
    const first = b.take(7, 2);
    expect(first.more).toBe(true);
    expect(Object.keys(first.added)).toEqual(['a']);
    expect(Object.keys(first.updated)).toEqual(['b']);
    // c, still pending, changes again and is removed; a (already sent) is modified; d is new.
    b.add(change('MODIFIED', pod('c', 4, 'Running')));
    b.add(change('MODIFIED', pod('a', 5, 'Running')));
    b.add(change('DELETED', pod('c', 6)));
    b.add(change('ADDED', pod('d', 7)));
    const second = b.take(8, 2);
    expect(second.more).toBe(true);
    expect(second.removed).toEqual(['c']);
    expect(Object.keys(second.updated)).toEqual(['a']);
    expect(second.updated.a.object.status.phase).toBe('Running');
    const last = b.take(8, 2);
    expect(last.more).toBeUndefined();
    expect(Object.keys(last.added)).toEqual(['d']);
    expect(last.rv).toBe(7);
    expect(b.isEmpty).toBe(true);
  });

  it('takes everything without more when the batch fits', () => {
    const b = new ChangeBatcher(0);
    b.add(change('ADDED', pod('a', 1)));
    b.add(change('ADDED', pod('b', 2)));
    const batch = b.take(0, 2);
    expect(batch.more).toBeUndefined();
    expect(Object.keys(batch.added)).toEqual(['a', 'b']);
  });
});
