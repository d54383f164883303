import type { Rng } from './rng';

/** apimachinery's rand.String alphabet: no vowels, no 0, 1 or 3. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_NAME_LENGTH = 63;
const RANDOM_LENGTH = 5;

/** 5 random characters, as `names.SimpleNameGenerator` appends to a generateName. */
export function randomSuffix(rng: Rng, length = RANDOM_LENGTH): string {
  let s = '';
  for (let i = 0; i < length; i++) s += NAME_ALPHABET[rng.int(NAME_ALPHABET.length)];
  return s;
}

/** `generateName` → name: the base is cut to 58 characters, then 5 random characters follow. */
export function generateName(rng: Rng, base: string): string {
  const cut = base.length > MAX_NAME_LENGTH - RANDOM_LENGTH ? base.slice(0, MAX_NAME_LENGTH - RANDOM_LENGTH) : base;
  return cut + randomSuffix(rng);
}

const HEX = '0123456789abcdef';

/**
 * A v4-shaped UUID drawn from the seeded rng. Built as one flat string (`join`): appending a
 * character at a time makes V8 keep a chain of ≈ 23 rope (cons) nodes past 13 characters,
 * ≈ 0.8 KB per uid held by every stored object for its lifetime.
 */
export function uuid(rng: Rng): string {
  // Each group is at most 12 characters, which V8 keeps flat; the groups are joined once.
  const groups: string[] = [];
  let g = '';
  for (let i = 0; i < 32; i++) {
    let nibble = rng.int(16);
    if (i === 12) nibble = 4; // version 4
    if (i === 16) nibble = 8 | (nibble & 3); // RFC 4122 variant
    g += HEX[nibble];
    if (i === 7 || i === 11 || i === 15 || i === 19 || i === 31) {
      groups.push(g);
      g = '';
    }
  }
  return groups.join('-');
}
