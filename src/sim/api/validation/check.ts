// Type-safe reads of untrusted JSON. A value of the wrong JSON type is reported the way the
// OpenAPI schema check reports it, e.g.
// `spec.replicas: Invalid value: "three": spec.replicas in body must be of type integer: "string"`,
// and then treated as absent so validation can go on. `null` is treated as absent, as Go's JSON
// decoder does for built-in types.

import { immutable, invalid, type FieldError } from './errors';

export type Obj = Record<string, unknown>;
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
  // container with no name and no image, and is validated (and refused) as such.
  return a.map((x, i) => (x === null ? {} : getObj(errs, `${path}[${i}]`, x)));
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
  for (const [k, x] of Object.entries(o)) {
    if (x === null || x === undefined) continue;
    const s = getStr(errs, `${path}.${k}`, x);
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
