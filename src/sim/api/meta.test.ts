import { describe, expect, it } from 'vitest';
import { clone, jsonEqual } from './meta';

describe('clone', () => {
  it('deep-copies JSON values as structuredClone does', () => {
    const o = { a: 1, b: 'x', c: null, d: [1, { e: [true, false] }], f: { g: { h: -0 } }, u: undefined, n: NaN };
    const c = clone(o);
    expect(c).toEqual(structuredClone(o));
    expect(Object.keys(c)).toEqual(Object.keys(o));
    expect(c.d).not.toBe(o.d);
    expect(c.d[1]).not.toBe(o.d[1]);
    expect(c.f.g).not.toBe(o.f.g);
    expect('u' in c).toBe(true);
  });

  it('copies frozen objects into mutable ones', () => {
    const o = Object.freeze({ metadata: Object.freeze({ labels: Object.freeze({ app: 'x' }) }) });
    const c = clone(o) as { metadata: { labels: Record<string, string> } };
    c.metadata.labels.app = 'y';
    expect(c.metadata.labels.app).toBe('y');
    expect(Object.isFrozen(c.metadata)).toBe(false);
  });

  it('keeps an own __proto__ key a key', () => {
    const o = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const c = clone(o);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.keys(c)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('hands non-JSON values and cycles to structuredClone', () => {
    const d = new Date(0);
    const withDate = clone({ d });
    expect(withDate.d).toBeInstanceOf(Date);
    expect(withDate.d).not.toBe(d);
    const cyc: Record<string, unknown> = { name: 'x' };
    cyc.self = cyc;
    const c = clone(cyc);
    expect(c.self).toBe(c);
  });
});

describe('jsonEqual', () => {
  it('compares JSON values deeply, ignoring key order and undefined-valued keys', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, u: undefined })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(jsonEqual({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(jsonEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual(NaN, NaN)).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual({ toString: 'x' }, {})).toBe(false);
    expect(jsonEqual(Object.freeze({ a: Object.freeze([1]) }), { a: [1] })).toBe(true);
  });
});
