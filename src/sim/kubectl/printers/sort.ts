// --sort-by (kubectl/pkg/cmd/get/sorter.go): the first value the JSONPath finds in each object,
// compared as kubectl does; objects without the field sort first.

import type { KObject } from '../../api/types';
import { goSort } from './gosort';
import { findResults, parseJsonPath, relaxedJsonPath } from './jsonpath';
import { isMap } from './goformat';

/** fvbommel/sortorder.NaturalLess: digit runs compare as numbers, digits before other bytes. */
export function naturalLess(s1: string, s2: string): boolean {
  let i1 = 0;
  let i2 = 0;
  const isDigit = (c: string) => c >= '0' && c <= '9';
  while (i1 < s1.length && i2 < s2.length) {
    const c1 = s1[i1];
    const c2 = s2[i2];
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i1++;
      i2++;
      continue;
    }
    while (i1 < s1.length && s1[i1] === '0') i1++;
    while (i2 < s2.length && s2[i2] === '0') i2++;
    const nz1 = i1;
    const nz2 = i2;
    while (i1 < s1.length && isDigit(s1[i1])) i1++;
    while (i2 < s2.length && isDigit(s2[i2])) i2++;
    if (i1 - nz1 !== i2 - nz2) return i1 - nz1 < i2 - nz2;
    const n1 = s1.slice(nz1, i1);
    const n2 = s2.slice(nz2, i2);
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return s1.length < s2.length;
}

const SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** resource.ParseQuantity's value, or undefined when the string is not a quantity. */
export function parseQuantity(s: string): number | undefined {
  const m = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  const suffix = m[3] ?? '';
  const mult = suffix in SUFFIX ? SUFFIX[suffix] : 10 ** Number(suffix.slice(1));
  return n * mult;
}

/** isLess for values decoded from JSON (the unstructured case). */
function isLess(a: unknown, b: unknown): boolean {
  const nil = (v: unknown) => v === null || v === undefined;
  if (nil(a) && nil(b)) return false;
  if (nil(a)) return true;
  if (nil(b)) return false;
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = parseQuantity(a);
    const qb = qa === undefined ? undefined : parseQuantity(b);
    if (qa === undefined || qb === undefined) return naturalLess(a, b);
    return qa < qb;
  }
  const type = typeof a === 'boolean' ? 'bool' : Array.isArray(a) ? '[]interface {}' : isMap(a) ? 'map[string]interface {}' : typeof a;
  throw new Error(`unsortable type: ${type}`);
}

/**
 * Sorts objects as `kubectl get --sort-by=FIELD` does (FIELD: `.metadata.name`, `{.status.x}`),
 * or returns kubectl's error ("error: ..."): a bad path, no object having the field, a field of
 * an unsortable type. A list of one object is returned as is (kubectl does not sort or check a
 * one-row table).
 */
export function sortObjects(objects: readonly KObject[], sortByJsonPath: string): { objects: KObject[] } | { error: string } {
  try {
    return { objects: sortOrThrow(objects, sortByJsonPath) };
  } catch (e) {
    return { error: `error: ${(e as Error).message}` };
  }
}

function sortOrThrow(objects: readonly KObject[], sortByJsonPath: string): KObject[] {
  if (objects.length <= 1) return [...objects];
  let field: string;
  try {
    field = relaxedJsonPath(sortByJsonPath);
  } catch {
    field = sortByJsonPath;
  }
  try {
    parseJsonPath(field);
  } catch (e) {
    throw new Error(`sorting error: ${(e as Error).message}`);
  }
  const rows = objects.map((o) => {
    const r = findResults(field, o, true);
    const found = r.length > 0 && r[0].length > 0;
    return { o, found, value: found ? r[0][0] : undefined };
  });
  if (!rows.some((r) => r.found)) {
    throw new Error(`couldn't find any field with path "${field}" in the list of objects`);
  }
  goSort({
    len: () => rows.length,
    less: (i, j) => {
      if (!rows[i].found) return true;
      if (!rows[j].found) return false;
      return isLess(rows[i].value, rows[j].value);
    },
    swap: (i, j) => {
      [rows[i], rows[j]] = [rows[j], rows[i]];
    },
  });
  return rows.map((r) => r.o);
}
