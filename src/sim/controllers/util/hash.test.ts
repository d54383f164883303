import { describe, expect, it } from 'vitest';
import { computeHash, deepHashString, fnv32, fnv32a, hashControllerRevision, safeEncodeString } from './hash';

describe('fnv', () => {
  it('matches the reference vectors', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
    expect(fnv32('')).toBe(0x811c9dc5);
    expect(fnv32('a')).toBe(0x050c5d7e);
    expect(fnv32('foobar')).toBe(0x31f0b262);
  });
});

describe('safeEncodeString', () => {
  it('maps decimal digits as apimachinery does', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
});

describe('computeHash', () => {
  const tpl = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };

  it('is stable, ignores key order and has the upstream shape', () => {
    const h = computeHash(tpl);
    expect(h).toMatch(/^[4-9bcdf]{1,10}$/);
    expect(computeHash({ spec: { containers: [{ image: 'nginx:1.27', name: 'nginx' }] }, metadata: { labels: { app: 'web' } } })).toBe(h);
    expect(computeHash(tpl)).toBe("787cdcbd95");
  });

  it('changes with the template and with the collision count', () => {
    const h = computeHash(tpl);
    const other = computeHash({ ...tpl, spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } });
    expect(other).not.toBe(h);
    expect(computeHash(tpl, 1)).not.toBe(h);
    expect(computeHash(tpl, 0)).not.toBe(h);
    expect(computeHash(tpl, 1)).not.toBe(computeHash(tpl, 2));
  });

  it('drops undefined members', () => {
    expect(deepHashString({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});

describe('hashControllerRevision', () => {
  it('hashes the raw data and the probe', () => {
    const raw = '{"spec":{"template":{"$patch":"replace"}}}';
    const h = hashControllerRevision(raw);
    expect(h).toMatch(/^[4-9bcdf]{1,10}$/);
    expect(hashControllerRevision(raw, 1)).not.toBe(h);
    expect(hashControllerRevision(JSON.parse(raw))).toBe(hashControllerRevision(JSON.parse(raw)));
  });
});
