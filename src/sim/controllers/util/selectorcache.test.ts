import { describe, expect, it } from 'vitest';
import { storedSelectorFromSet, storedSelectorFromSpec } from './selectorcache';

describe('stored selector cache', () => {
  it('parses a selector object once and answers as labelSelectorFromSpec does', () => {
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] };
    const m = storedSelectorFromSpec(sel);
    expect(storedSelectorFromSpec(sel)).toBe(m);
    expect(m.matches({ app: 'web', tier: 'a' })).toBe(true);
    expect(m.matches({ app: 'web', tier: 'c' })).toBe(false);
    expect(m.toString()).toBe('app=web,tier in (a,b)');
    // An equal but different object is parsed on its own (the cache is by identity).
    expect(storedSelectorFromSpec({ ...sel })).not.toBe(m);
  });

  it('keeps nil, empty and invalid selectors as apimachinery treats them', () => {
    expect(storedSelectorFromSpec(undefined).matchesNothing).toBe(true);
    expect(storedSelectorFromSpec(null).matchesNothing).toBe(true);
    expect(storedSelectorFromSpec({}).empty).toBe(true);
    const bad = storedSelectorFromSpec({ matchExpressions: [{ key: 'k', operator: 'Near' }] });
    expect(bad.error).toBe('"Near" is not a valid label selector operator');
    expect(bad.matches({ k: 'v' })).toBe(false);
  });

  it('caches a ReplicationController selector map by identity', () => {
    const set = { app: 'db' };
    const m = storedSelectorFromSet(set);
    expect(storedSelectorFromSet(set)).toBe(m);
    expect(m.matches({ app: 'db', x: 'y' })).toBe(true);
    expect(m.matches({ app: 'web' })).toBe(false);
    expect(storedSelectorFromSet(undefined).empty).toBe(true);
  });
});
