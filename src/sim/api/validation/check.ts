// Type-safe reads of untrusted JSON. A value of the wrong JSON type is reported the way the
// OpenAPI schema check reports it, e.g.
// `spec.replicas: Invalid value: "three": spec.replicas in body must be of type integer: "string"`,
// and then treated as absent so validation can go on. `null` is treated as absent, as Go's JSON
// decoder does for built-in types.

import { immutable, invalid, type FieldError } from './errors';

export type Obj = Record<string, unknown>;

const hasOwn = Object.prototype.hasOwnProperty;
export type Errs = FieldError[];

export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function typeError(errs: Errs, path: string, v: unknown, want: string): undefined {
  errs.push(invalid(path, v, `${path} in body must be of type ${want}: "${jsonType(v)}"`));
  return undefined;
}

export function getObj(errs: Errs, path: string, v: unknown): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  return isObj(v) ? v : typeError(errs, path, v, 'object');
}

export function getArr(errs: Errs, path: string, v: unknown): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? v : typeError(errs, path, v, 'array');
}

export function getStr(errs: Errs, path: string, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : typeError(errs, path, v, 'string');
}

export function getInt(errs: Errs, path: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'number' && Number.isInteger(v) ? v : typeError(errs, path, v, 'integer');
}

export function getNum(errs: Errs, path: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : typeError(errs, path, v, 'number');
}

export function getBool(errs: Errs, path: string, v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'boolean' ? v : typeError(errs, path, v, 'boolean');
}

export function getIntOrString(errs: Errs, path: string, v: unknown): number | string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))) return v;
  return typeError(errs, path, v, 'integer,string');
}

/** An array of objects; wrong-typed items are reported and come back as undefined. */
export function getObjArr(errs: Errs, path: string, v: unknown): (Obj | undefined)[] {
  const a = getArr(errs, path, v);
  if (!a) return [];
  // Go decodes a JSON null inside a []struct as the zero value: `containers: [null]` is a
  // container with no name and no image, and is validated (and refused) as such. An item's path
  // is built only to report it (not per item validated); holes stay holes, as `map` left them.
  const out: (Obj | undefined)[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) {
    if (!(i in a)) continue;
    const x = a[i];
    out[i] = x === null ? {} : isObj(x) ? x : getObj(errs, `${path}[${i}]`, x);
  }
  return out;
}

/** An array of strings; wrong-typed items are reported and dropped. */
export function getStrArr(errs: Errs, path: string, v: unknown): string[] | undefined {
  const a = getArr(errs, path, v);
  if (!a) return undefined;
  const out: string[] = [];
  a.forEach((x, i) => {
    const s = getStr(errs, `${path}[${i}]`, x);
    if (s !== undefined) out.push(s);
  });
  return out;
}

/** A `map[string]string` (labels, annotations, selectors, data). */
export function getStrMap(errs: Errs, path: string, v: unknown): Record<string, string> | undefined {
  const o = getObj(errs, path, v);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  // Own keys in order, as Object.entries (without its arrays); an entry's path only to report it.
  for (const k in o) {
    if (!hasOwn.call(o, k)) continue;
    const x = o[k];
    if (x === null || x === undefined) continue;
    const s = typeof x === 'string' ? x : getStr(errs, `${path}.${k}`, x);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** Non-negative integer (`ValidateNonnegativeField`). */
export function nonNegative(errs: Errs, path: string, v: unknown): number | undefined {
  const n = getInt(errs, path, v);
  if (n !== undefined && n < 0) errs.push(invalid(path, n, 'must be greater than or equal to 0'));
  return n;
}

/** Deep structural equality of JSON values (`apiequality.Semantic.DeepEqual` approximation). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined && a[k] !== null);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined && b[k] !== null);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** `ValidateImmutableField`: `<path>: Invalid value: <new>: field is immutable`. */
export function immutableField(errs: Errs, path: string, newV: unknown, oldV: unknown, valueText?: string): void {
  if (!deepEqual(newV, oldV)) errs.push(immutable(path, newV ?? null, valueText));
}
