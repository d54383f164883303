import { describe, expect, it } from 'vitest';
import { canonicalQuantity, compareQuantities, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it('parses the suffixes', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity(2)).toBe(2);
    expect(parseQuantity('1k')).toBe(1000);
    expect(parseQuantity('1Ki')).toBe(1024);
    expect(parseQuantity('128Mi')).toBe(128 * 1024 * 1024);
    expect(parseQuantity('1M')).toBe(1e6);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('1Gi')).toBe(1024 ** 3);
    expect(parseQuantity('2T')).toBe(2e12);
    expect(parseQuantity('1Ti')).toBe(1024 ** 4);
    expect(parseQuantity('1.5Gi')).toBe(1.5 * 1024 ** 3);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('1E-3')).toBe(0.001);
    expect(parseQuantity('100n')).toBeCloseTo(1e-7);
    expect(parseQuantity('-1')).toBe(-1);
    expect(parseQuantity('.5')).toBe(0.5);
  });

  it('rejects what is not a quantity', () => {
    for (const bad of ['', 'abc', '1x', '1.2.3', 'Mi', '1 Mi', '--1', '1Kb', null, undefined, {}, []]) expect(parseQuantity(bad)).toBeUndefined();
  });
});

describe('canonicalQuantity', () => {
  it('prints Quantity.String()', () => {
    expect(canonicalQuantity('1000m')).toBe('1');
    expect(canonicalQuantity('0.5')).toBe('500m');
    expect(canonicalQuantity('1500m')).toBe('1500m');
    expect(canonicalQuantity('2000')).toBe('2k');
    expect(canonicalQuantity('2048Mi')).toBe('2Gi');
    expect(canonicalQuantity('1536Mi')).toBe('1536Mi');
    expect(canonicalQuantity('512')).toBe('512');
    expect(canonicalQuantity('0')).toBe('0');
    expect(canonicalQuantity('1e3')).toBe('1e3');
  });

  it('compares exactly', () => {
    expect(compareQuantities('1', '1000m')).toBe(0);
    expect(compareQuantities('2', '1')).toBe(1);
    expect(compareQuantities('1Gi', '1G')).toBe(1);
  });
});

describe('parsed quantities are cached per string', () => {
  it('gives the same answers on every call, and for numbers', () => {
    for (let i = 0; i < 3; i++) {
      expect(parseQuantity('10m')).toBe(0.01);
      expect(parseQuantity('16Mi')).toBe(16 * 2 ** 20);
      expect(parseQuantity('bogus')).toBeUndefined();
      expect(canonicalQuantity('1000m')).toBe('1');
      expect(canonicalQuantity('2048Mi')).toBe('2Gi');
      expect(compareQuantities('1', '999m')).toBe(1);
      expect(parseQuantity(1.5)).toBe(1.5);
    }
  });

  it('stays correct past the cache bound', () => {
    for (let i = 0; i < 5000; i++) expect(parseQuantity(`${i}m`)).toBeCloseTo(i / 1000, 9);
    expect(parseQuantity('10m')).toBe(0.01);
  });
});
