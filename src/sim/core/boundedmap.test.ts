import { describe, expect, it } from 'vitest';
import { BoundedMap } from './boundedmap';

describe('BoundedMap', () => {
  it('is a Map until it holds max entries', () => {
    const m = new BoundedMap<string, number>(3);
    m.set('a', 1).set('b', 2).set('c', 3);
    expect([...m]).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect(m.get('b')).toBe(2);
  });

  it('replacing a key it holds never forgets the others', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2).set('a', 3);
    expect([...m]).toEqual([['a', 3], ['b', 2]]);
  });

  it('forgets everything when a new key would take it past max, then keeps the new key', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2).set('c', 3);
    expect([...m]).toEqual([['c', 3]]);
    expect(m.size).toBeLessThanOrEqual(m.max);
  });
});
