import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/types';
import { goSort } from './gosort';
import { naturalLess, parseQuantity, sortObjects } from './sort';
import { ago, obj } from './testutil';

const names = (r: { objects: KObject[] } | { error: string }) => ('objects' in r ? r.objects.map((o) => o.metadata.name) : r.error);
const pod = (name: string, rest: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) => obj('v1', 'Pod', name, rest, meta);

describe('--sort-by', () => {
  it('strings naturally, numbers numerically, timestamps chronologically', () => {
    expect(names(sortObjects([pod('web-10'), pod('web-9'), pod('a')], '.metadata.name'))).toEqual(['a', 'web-9', 'web-10']);
    const restarts = (n: string, c: number) => pod(n, { status: { containerStatuses: [{ restartCount: c }] } });
    expect(names(sortObjects([restarts('x', 12), restarts('y', 3), restarts('z', 0)], '{.status.containerStatuses[0].restartCount}'))).toEqual(['z', 'y', 'x']);
    const aged = (n: string, s: number) => pod(n, {}, { creationTimestamp: ago(s) });
    expect(names(sortObjects([aged('new', 5), aged('old', 86400), aged('mid', 600)], '.metadata.creationTimestamp'))).toEqual(['old', 'mid', 'new']);
  });
  it('quantities by value', () => {
    const pvc = (n: string, q: string) => pod(n, { spec: { resources: { requests: { storage: q } } } });
    expect(names(sortObjects([pvc('a', '1Gi'), pvc('b', '500Mi'), pvc('c', '2000M'), pvc('d', '100Mi')], '.spec.resources.requests.storage')))
      .toEqual(['d', 'b', 'a', 'c']);
  });
  it('objects without the field come first (in reverse, as Go insertion sort leaves them)', () => {
    const n = (x: string, node?: string) => pod(x, node ? { spec: { nodeName: node } } : {});
    expect(names(sortObjects([n('p1'), n('p2', 'node-b'), n('p3'), n('p4', 'node-a')], '.spec.nodeName'))).toEqual(['p3', 'p1', 'p4', 'p2']);
  });
  it('errors', () => {
    expect(names(sortObjects([pod('a'), pod('b')], '.metadata.nme'))).toBe('error: couldn\'t find any field with path "{.metadata.nme}" in the list of objects');
    expect(names(sortObjects([pod('a'), pod('b')], '{.metadata['))).toBe('error: sorting error: unterminated array');
    expect(names(sortObjects([pod('a', { x: true }), pod('b', { x: false })], '.x'))).toBe('error: unsortable type: bool');
    expect(names(sortObjects([pod('only')], '.nothing'))).toEqual(['only']);
  });
  it('large lists go through pdqsort (equal keys keep Go\'s order, not a stable order)', () => {
    const many = Array.from({ length: 30 }, (_, i) => pod(`p${String(i).padStart(2, '0')}`, {}, { creationTimestamp: ago(i % 3) }));
    const r = sortObjects(many, '.metadata.creationTimestamp');
    const sorted = 'objects' in r ? r.objects : [];
    const ts = sorted.map((o) => o.metadata.creationTimestamp!);
    expect([...ts].sort()).toEqual(ts);
    expect(sorted).toHaveLength(30);
  });
});

describe('helpers', () => {
  it('naturalLess', () => {
    expect(naturalLess('a2', 'a10')).toBe(true);
    expect(naturalLess('a10', 'a2')).toBe(false);
    expect(naturalLess('a01', 'a1')).toBe(false);
    expect(naturalLess('1a', 'a')).toBe(true);
    expect(naturalLess('ab', 'abc')).toBe(true);
  });
  it('parseQuantity', () => {
    expect(parseQuantity('1Gi')).toBe(2 ** 30);
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('web-1')).toBeUndefined();
    expect(parseQuantity('2025-01-15T09:00:00Z')).toBeUndefined();
  });
  it('goSort sorts like sort.Sort', () => {
    const xs = Array.from({ length: 200 }, (_, i) => (i * 7919) % 211);
    goSort({ len: () => xs.length, less: (i, j) => xs[i] < xs[j], swap: (i, j) => ([xs[i], xs[j]] = [xs[j], xs[i]]) });
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });
});
