// Template hashes for controller-owned objects: the Deployment's `pod-template-hash`
// (pkg/controller/controller_utils.go `ComputeHash`) and the ControllerRevision hash of
// DaemonSets and StatefulSets (pkg/controller/history/controller_history.go
// `HashControllerRevision`), both written out with apimachinery's `rand.SafeEncodeString`.
//
// SIMPLIFICATION: upstream feeds fnv a `spew` dump of the Go struct (`hashutil.DeepHashObject`),
// which prints every field of the Go type, zero values included, in declaration order. Without
// the Go types that dump cannot be reproduced, so `deepHashString` writes canonical JSON (object
// keys sorted, undefined dropped) instead. The hash is deterministic and stable, has the upstream
// shape (≤10 characters of `bcdfghjklmnpqrstvwxz2456789`, in practice digits mapped to
// `4-9bcdf`) and changes exactly when the template does, but its values differ from a real
// cluster's for the same template.

import { NAME_ALPHABET } from '../../core/ids';

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** UTF-8 bytes of a string. */
export function utf8Bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** The bytes of one non-ASCII character, written by `utf8Of`. */
const utf8Scratch = new Uint8Array(4);

/**
 * Writes the UTF-8 bytes of the character at `i` (code unit `c` ≥ 0x80) into `utf8Scratch` and
 * returns how many (4 for a surrogate pair, which spans two code units). A lone surrogate is
 * U+FFFD, as TextEncoder writes it.
 */
function utf8Of(s: string, i: number, c: number): number {
  let cp = c;
  if (c >= 0xd800 && c <= 0xdfff) {
    const d = c <= 0xdbff && i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    cp = d >= 0xdc00 && d <= 0xdfff ? 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00) : 0xfffd;
  }
  if (cp < 0x800) {
    utf8Scratch[0] = 0xc0 | (cp >> 6);
    utf8Scratch[1] = 0x80 | (cp & 0x3f);
    return 2;
  }
  if (cp < 0x10000) {
    utf8Scratch[0] = 0xe0 | (cp >> 12);
    utf8Scratch[1] = 0x80 | ((cp >> 6) & 0x3f);
    utf8Scratch[2] = 0x80 | (cp & 0x3f);
    return 3;
  }
  utf8Scratch[0] = 0xf0 | (cp >> 18);
  utf8Scratch[1] = 0x80 | ((cp >> 12) & 0x3f);
  utf8Scratch[2] = 0x80 | ((cp >> 6) & 0x3f);
  utf8Scratch[3] = 0x80 | (cp & 0x3f);
  return 4;
}

/** An incremental 32-bit FNV hash, `hash/fnv` New32 / New32a. */
export class Fnv32 {
  private h = FNV32_OFFSET;
  constructor(private readonly variant: '1' | '1a' = '1a') {}

  write(data: Uint8Array | string): this {
    // Strings are hashed as their UTF-8 bytes without encoding them into a buffer first: a
    // template dump is kilobytes, hashed for every daemon pod a cluster boots with.
    const a = this.variant === '1a';
    let h = this.h;
    if (typeof data === 'string') {
      for (let i = 0; i < data.length; i++) {
        const c = data.charCodeAt(i);
        if (c < 0x80) {
          h = a ? Math.imul(h ^ c, FNV32_PRIME) : Math.imul(h, FNV32_PRIME) ^ c;
          continue;
        }
        const n = utf8Of(data, i, c);
        for (let k = 0; k < n; k++) h = a ? Math.imul(h ^ utf8Scratch[k]!, FNV32_PRIME) : Math.imul(h, FNV32_PRIME) ^ utf8Scratch[k]!;
        if (n === 4) i++;
      }
    } else {
      for (let i = 0; i < data.length; i++) h = a ? Math.imul(h ^ data[i]!, FNV32_PRIME) : Math.imul(h, FNV32_PRIME) ^ data[i]!;
    }
    this.h = h >>> 0;
    return this;
  }

  sum32(): number {
    return this.h >>> 0;
  }
}

/** fnv32a of a string's UTF-8 bytes (or of raw bytes). */
export function fnv32a(data: Uint8Array | string): number {
  return new Fnv32('1a').write(data).sum32();
}

/** fnv32 (the non-"a" variant) of a string's UTF-8 bytes (or of raw bytes). */
export function fnv32(data: Uint8Array | string): number {
  return new Fnv32('1').write(data).sum32();
}

/**
 * apimachinery `rand.SafeEncodeString`: each byte of `s` becomes one character of the name
 * alphabet (byte mod 27), so no vowels and no bad words. Decimal digits map 0→4 … 5→9, 6→b, 7→c,
 * 8→d, 9→f.
 */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const b of utf8Bytes(s)) out += NAME_ALPHABET[b % NAME_ALPHABET.length];
  return out;
}

/**
 * The deterministic dump hashed in place of upstream's spew output: JSON with object keys in
 * sorted order and undefined members dropped. Arrays keep their order.
 */
export function deepHashString(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  // Appended in place (no array of member strings per object to join).
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    // A hole (sparse arrays, e.g. from structuredClone) joins as nothing, as `map`+`join` did.
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (i in value ? deepHashString(value[i]) : '');
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + deepHashString(v);
    first = false;
  }
  return out + '}';
}

/** `hashutil.DeepHashObject`: writes the object's deterministic dump into the hasher. */
export function deepHashObject(hasher: Fnv32, value: unknown): void {
  hasher.write(deepHashString(value));
}

/** The label Deployments put on their ReplicaSets, RS selectors and pod templates. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/**
 * `controller.ComputeHash`: fnv32a of the pod template (as given: callers pass the Deployment's
 * template, which carries no `pod-template-hash` label) followed, when `collisionCount` is set,
 * by the count as 8 little-endian bytes (the low 4 filled, as `binary.LittleEndian.PutUint32`
 * into an 8-byte buffer); the decimal of the sum is SafeEncoded.
 */
export function computeHash(template: unknown, collisionCount?: number | null): string {
  const hasher = new Fnv32('1a');
  deepHashObject(hasher, template);
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    const c = collisionCount >>> 0;
    bytes[0] = c & 0xff;
    bytes[1] = (c >>> 8) & 0xff;
    bytes[2] = (c >>> 16) & 0xff;
    bytes[3] = (c >>> 24) & 0xff;
    hasher.write(bytes);
  }
  return safeEncodeString(String(hasher.sum32()));
}

/**
 * `history.HashControllerRevision`: fnv32 (not 32a) of the revision's raw data (pass the JSON
 * text of `ControllerRevision.data`, or the data object, which is dumped deterministically),
 * then the decimal `probe` (collision count) when set; SafeEncoded.
 */
export function hashControllerRevision(data: string | unknown, probe?: number | null): string {
  const hasher = new Fnv32('1');
  if (typeof data === 'string') {
    if (data.length > 0) hasher.write(data);
  } else if (data !== undefined && data !== null) {
    deepHashObject(hasher, data);
  }
  if (probe !== undefined && probe !== null) hasher.write(String(probe));
  return safeEncodeString(String(hasher.sum32()));
}
