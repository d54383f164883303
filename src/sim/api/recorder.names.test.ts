import { describe, expect, it } from 'vitest';
import { nanosHex } from './recorder';

describe('Event names: nanosHex', () => {
  const big = (ms: number, seq: number) => (BigInt(ms) * 1_000_000n + BigInt(seq) * 1_000n).toString(16);

  it('prints what BigInt prints, across the split and for today-like clocks', () => {
    const cases: [number, number][] = [[0, 0], [0, 1], [1, 0], [16_777_215, 0], [16_777_216, 0], [16_777_216, 999], [1_764_134_833_123, 0], [1_764_134_833_123, 7], [2 ** 40 - 1, 2 ** 20 - 1]];
    // A deterministic spread of values (no Math.random in tests either).
    for (let i = 0, x = 12345; i < 2000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      cases.push([1_700_000_000_000 + x * 37, i % 50]);
    }
    for (const [ms, seq] of cases) expect(nanosHex(ms, seq)).toBe(big(ms, seq));
  });

  it('falls back to BigInt outside the exact range', () => {
    expect(nanosHex(2 ** 45, 3)).toBe(big(2 ** 45, 3));
  });
});
