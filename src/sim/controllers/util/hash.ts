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

/** An incremental 32-bit FNV hash, `hash/fnv` New32 / New32a. */
export class Fnv32 {
  private h = FNV32_OFFSET;
  constructor(private readonly variant: '1' | '1a' = '1a') {}

  write(data: Uint8Array | string): this {
    const bytes = typeof data === 'string' ? utf8Bytes(data) : data;
    for (const b of bytes) {
      if (this.variant === '1a') {
        this.h ^= b;
        this.h = Math.imul(this.h, FNV32_PRIME) >>> 0;
      } else {
        this.h = Math.imul(this.h, FNV32_PRIME) >>> 0;
        this.h ^= b;
      }
    }
    this.h >>>= 0;
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
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : deepHashString(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${deepHashString(obj[k])}`).join(',')}}`;
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
