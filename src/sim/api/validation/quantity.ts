// Kubernetes resource quantities (`k8s.io/apimachinery/pkg/api/resource`): parsing and the
// canonical form `Quantity.String()` prints.

import { BoundedMap } from '../../core/boundedmap';

/** The syntax error text upstream returns (`ErrFormatWrong`). */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

interface Parsed {
  /** Exact value as a decimal: mantissa × 10^exp10 × 2^exp2. */
  negative: boolean;
  /** `toNanos` of this value, computed on first use. */
  nanos?: bigint;
  /** `parseQuantity` of this value, computed on first use. */
  value?: number;
  /** `canonicalQuantity` of this value, computed on first use. */
  canonical?: string;
  digits: bigint;
  exp10: number;
  exp2: number;
  format: QuantityFormat;
}

/**
 * Parsed quantities per input string. A cluster uses a handful of quantity strings (`10m`,
 * `16Mi`, …) read on every pod's validation and scheduling; the parse (a regular expression and
 * BigInts) was most of `podRequests`. Parsed values are never changed, so sharing them is safe;
 * the cache is emptied when it grows past PARSE_CACHE_MAX, so hostile input cannot grow it.
 */
const PARSE_CACHE_MAX = 4096;
const parseCache = new BoundedMap<string, Parsed | null>(PARSE_CACHE_MAX);

function parse(input: unknown): Parsed | undefined {
  if (typeof input !== 'string') return parseUncached(input);
  const hit = parseCache.get(input);
  if (hit !== undefined) return hit ?? undefined;
  const p = parseUncached(input);
  parseCache.set(input, p ?? null);
  return p;
}

function parseUncached(input: unknown): Parsed | undefined {
  let s: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    s = String(input);
  } else if (typeof input === 'string') s = input.trim();
  else return undefined;
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(s);
  if (!m) return undefined;
  const [, sign, whole, frac = '', suffix] = m;
  if (whole === '' && frac === '') return undefined;
  let exp10 = 0;
  let exp2 = 0;
  let format: QuantityFormat;
  if (Object.hasOwn(DECIMAL_SUFFIX, suffix)) {
    exp10 = DECIMAL_SUFFIX[suffix];
    format = 'DecimalSI';
  } else if (Object.hasOwn(BINARY_SUFFIX, suffix)) {
    exp2 = BINARY_SUFFIX[suffix];
    format = 'BinarySI';
  } else {
    const e = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    if (!e) return undefined;
    exp10 = Number(e[1]);
    if (!Number.isSafeInteger(exp10) || Math.abs(exp10) > 1000) return undefined;
    format = 'DecimalExponent';
  }
  const digits = BigInt((whole || '0') + frac);
  return { negative: sign === '-' && digits !== 0n, digits, exp10: exp10 - frac.length, exp2, format, nanos: undefined, value: undefined, canonical: undefined };
}

/**
 * Parses a quantity (`500m`, `1.5Gi`, `2e3`, `128974848`, a JSON number) to its value in base
 * units (cores, bytes). Returns undefined when the text is not a valid quantity.
 */
export function parseQuantity(s: unknown): number | undefined {
  const p = parse(s);
  if (!p) return undefined;
  if (p.value === undefined) {
    const v = Number(p.digits) * Math.pow(10, p.exp10) * Math.pow(2, p.exp2);
    p.value = p.negative ? -v : v;
  }
  return p.value;
}

/** The quantity's value in nano units, rounded up (upstream keeps at most nano precision). */
function toNanos(p: Parsed): bigint {
  if (p.nanos === undefined) p.nanos = toNanosUncached(p);
  return p.nanos;
}

function toNanosUncached(p: Parsed): bigint {
  let n = p.digits * (1n << BigInt(p.exp2));
  const e = p.exp10 + 9;
  if (e >= 0) n *= 10n ** BigInt(e);
  else {
    const div = 10n ** BigInt(-e);
    n = (n + div - 1n) / div;
  }
  return p.negative ? -n : n;
}

/** Compares two quantities: negative, zero or positive. Unparsable values compare as 0. */
export function compareQuantities(a: unknown, b: unknown): number {
  const pa = parse(a);
  const pb = parse(b);
  const na = pa ? toNanos(pa) : 0n;
  const nb = pb ? toNanos(pb) : 0n;
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/**
 * `Quantity.String()` after a JSON round trip: the canonical form in the quantity's own format,
 * e.g. `1000m` → `1`, `0.5` → `500m`, `2048Mi` → `2Gi`, `1536Mi` stays `1536Mi`.
 */
export function canonicalQuantity(s: unknown): string | undefined {
  const p = parse(s);
  if (!p) return undefined;
  if (p.canonical === undefined) p.canonical = canonicalOf(p);
  return p.canonical;
}

function canonicalOf(p: Parsed): string {
  const nanos = toNanos(p);
  const neg = nanos < 0n;
  const abs = neg ? -nanos : nanos;
  const sign = neg ? '-' : '';
  if (abs === 0n) return '0';
  if (p.format === 'BinarySI' && abs % 1_000_000_000n === 0n) {
    let v = abs / 1_000_000_000n;
    if (v < 1024n) return sign + String(v);
    let i = 0;
    const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
    while (i < 6 && v % 1024n === 0n) {
      v /= 1024n;
      i++;
    }
    return sign + String(v) + suffixes[i];
  }
  // Decimal: the largest exponent (multiple of 3) that keeps the mantissa integral.
  let exp = -9;
  let v = abs;
  while (exp < 18 && v % 1000n === 0n) {
    v /= 1000n;
    exp += 3;
  }
  if (p.format === 'DecimalExponent') return sign + String(v) + (exp === 0 ? '' : `e${exp}`);
  const suffix = Object.keys(DECIMAL_SUFFIX).find((k) => DECIMAL_SUFFIX[k] === exp) ?? '';
  return sign + String(v) + suffix;
}

export function quantityFormat(s: unknown): QuantityFormat | undefined {
  return parse(s)?.format;
}
