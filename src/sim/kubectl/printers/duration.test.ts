import { describe, expect, it } from 'vitest';
import { humanDuration, translateTimestampSince } from './duration';
import { tabwrite } from './tabwriter';
import { NOW, ago } from './testutil';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration', () => {
  it.each([
    [0, '0s'],
    [45 * S, '45s'],
    [119 * S + 999, '119s'],
    [120 * S, '2m'],
    [5 * M + 3 * S, '5m3s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [7 * H + 5 * M, '7h5m'],
    [8 * H + 59 * M, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [3 * D + 4 * H, '3d4h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'],
    [364 * D, '364d'],
    [729 * D, '729d'],
    [2 * 365 * D, '2y'],
    [3 * 365 * D + 10 * D, '3y10d'],
    [9 * 365 * D, '9y'],
    [-999, '0s'],
    [-1999, '0s'],
    [-2000, '<invalid>'],
  ])('%d ms -> %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('translateTimestampSince', () => {
  it('formats the age against the virtual now', () => {
    expect(translateTimestampSince(ago(303), NOW)).toBe('5m3s');
    expect(translateTimestampSince(ago(3 * 86400 + 4 * 3600), NOW)).toBe('3d4h');
  });
  it('prints <unknown> for a missing timestamp and tolerates small clock skew', () => {
    expect(translateTimestampSince(undefined, NOW)).toBe('<unknown>');
    expect(translateTimestampSince('', NOW)).toBe('<unknown>');
    expect(translateTimestampSince(new Date(NOW + 1000).toISOString(), NOW)).toBe('0s');
    expect(translateTimestampSince(new Date(NOW + 5000).toISOString(), NOW)).toBe('<invalid>');
  });
});

describe('tabwrite (minwidth 6, padding 3)', () => {
  it('pads every column but the last to the widest cell + 3, at least 6', () => {
    expect(tabwrite([['NAME', 'X', 'AGE'], ['a', 'b', '5s']])).toBe('NAME   X     AGE\na      b     5s\n');
  });
  it('keeps trailing padding when the last cell is empty', () => {
    expect(tabwrite([['NAME', 'HOLDER'], ['lease', '']])).toBe('NAME    HOLDER\nlease   \n');
  });
});
