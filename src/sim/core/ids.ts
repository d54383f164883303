import type { Rng } from './rng';

/** apimachinery's rand.String alphabet: no vowels, no 0, 1 or 3. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_NAME_LENGTH = 63;
const RANDOM_LENGTH = 5;

/** Character codes of NAME_ALPHABET. */
const NAME_CODES = Array.from(NAME_ALPHABET, (ch) => ch.charCodeAt(0));

/**
 * 5 random characters, as `names.SimpleNameGenerator` appends to a generateName (or `length`).
 * Made as one flat string from character codes: appending a character at a time made a string
 * per character (the usual 5: two per pod, its name's and its token volume's).
 */
export function randomSuffix(rng: Rng, length = RANDOM_LENGTH): string {
  if (length === RANDOM_LENGTH) {
    const n = NAME_CODES.length;
    // Arguments are evaluated left to right: the draws are in character order, as below.
    return String.fromCharCode(NAME_CODES[rng.int(n)]!, NAME_CODES[rng.int(n)]!, NAME_CODES[rng.int(n)]!, NAME_CODES[rng.int(n)]!, NAME_CODES[rng.int(n)]!);
  }
  const codes: number[] = [];
  for (let i = 0; i < length; i++) codes.push(NAME_CODES[rng.int(NAME_CODES.length)]!);
  return String.fromCharCode.apply(null, codes);
}

/** `generateName` → name: the base is cut to 58 characters, then 5 random characters follow. */
export function generateName(rng: Rng, base: string): string {
  const cut = base.length > MAX_NAME_LENGTH - RANDOM_LENGTH ? base.slice(0, MAX_NAME_LENGTH - RANDOM_LENGTH) : base;
  return cut + randomSuffix(rng);
}

/** Character codes of the hex digits. */
const HEX_CODES = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
/** The uid being built, as character codes (dashes in place); reused: uids are made one at a time. */
const UUID_CODES: number[] = Array.from('00000000-0000-0000-0000-000000000000', (ch) => ch.charCodeAt(0));

/**
 * A v4-shaped UUID drawn from the seeded rng: 32 draws of `rng.int(16)`, one per hex digit, in
 * order. Made as one flat string from character codes: appending a character at a time made V8
 * allocate a string per character (≈ 1.1 KB of garbage per uid, 8 MB per 1,000-pod Deployment,
 * every object and Event written has one) and, past 13 characters, keep a chain of rope (cons)
 * nodes (≈ 0.8 KB per uid held by every stored object). `rng.uint32() & 15` is exactly
 * `rng.int(16)`: 16 divides 2^32, so `int` never rejects a draw, and `x % 16` is `x & 15`.
 */
export function uuid(rng: Rng): string {
  const codes = UUID_CODES;
  for (let i = 0, at = 0; i < 32; i++, at++) {
    if (i === 8 || i === 12 || i === 16 || i === 20) at++; // past a dash
    let nibble = rng.uint32() & 15;
    if (i === 12) nibble = 4; // version 4
    if (i === 16) nibble = 8 | (nibble & 3); // RFC 4122 variant
    codes[at] = HEX_CODES[nibble]!;
  }
  return String.fromCharCode.apply(null, codes);
}
