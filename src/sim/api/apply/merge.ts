// kubectl's client-side apply: the three-way merge of the last-applied configuration
// (`original`), the manifest being applied (`modified`) and the live object (`current`).
//
// kubectl computes a strategic merge patch (CreateThreeWayMergePatch) and the server applies it
// to the live object; this module computes the result of both steps at once:
//  - a field in `modified` is set (maps merge recursively; `null` deletes);
//  - a field in `original` but not in `modified` is deleted from the live object;
//  - a field only in `current` (status, defaults, clusterIP, a label added by `kubectl label`)
//    is kept;
//  - lists are replaced whole, except the list fields of built-in kinds that merge by key
//    (containers by name, env by name, ports by containerPort, ...; see patchstrategy.ts).
//    Merged lists take the order of the manifest, with items only the server has kept in place
//    (normalizeElementOrder/mergeSortedSlice of apimachinery's strategicpatch);
//  - maps marked retainKeys (a Deployment's `spec.strategy`, each volume) drop keys the manifest
//    does not have when they change, so switching `type: Recreate` removes `rollingUpdate`.
// Kinds that are not built in (custom resources) get JSON merge patch semantics: lists replaced.

import { goMarshal } from './gojson.ts';
import { patchStrategiesFor, type PatchStrategy } from './patchstrategy.ts';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };
type Lookup = (path: string) => PatchStrategy | undefined;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of JSON values (object key order does not matter; undefined = absent). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) setKey(out, k, clone(x));
    return out as T;
  }
  return v;
}

/** Assigns without tripping over a `__proto__` key coming from user input. */
function setKey(o: JsonObject, k: string, v: Json): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** A new subtree from the manifest: maps lose their null fields (a patch deletes them). */
function stripNulls(v: Json): Json {
  if (!isObject(v)) return clone(v);
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) setKey(out, k, stripNulls(x));
  return out;
}

/**
 * The object to store after `kubectl apply` of `modified` onto `current`, given the
 * last-applied configuration `original` (undefined when the live object has none, as after
 * `kubectl create`: then nothing is deleted). Inputs are not modified. Put the new
 * last-applied annotation into `modified` first (see `withLastApplied`), as kubectl does.
 */
export function threeWayMerge(
  original: object | undefined,
  modified: object,
  current: object,
  kind: { group: string; kind: string },
): object {
  const table = patchStrategiesFor(kind);
  const lookup: Lookup = (path) => table?.get(path);
  const merged = mergeValue(isObject(original) ? original : undefined, modified as Json, current as Json, '', lookup);
  return isObject(merged) ? merged : {};
}

const child = (path: string, key: string) => (path ? `${path}.${key}` : key);

function mergeValue(orig: Json | undefined, mod: Json, cur: Json | undefined, path: string, lookup: Lookup): Json {
  if (isObject(mod)) {
    if (!isObject(cur)) return stripNulls(mod);
    return mergeMap(isObject(orig) ? orig : undefined, mod, cur, path, lookup);
  }
  if (Array.isArray(mod)) {
    const s = lookup(path);
    if (s && 'list' in s && Array.isArray(cur)) {
      return mergeList(Array.isArray(orig) ? orig : undefined, mod, cur, path, s, lookup) ?? clone(mod);
    }
    return clone(mod);
  }
  return mod;
}

function mergeMap(orig: JsonObject | undefined, mod: JsonObject, cur: JsonObject, path: string, lookup: Lookup): JsonObject {
  const out = clone(cur);
  if (orig) {
    for (const k of Object.keys(orig)) if (!Object.prototype.hasOwnProperty.call(mod, k)) delete out[k];
  }
  for (const [k, v] of Object.entries(mod)) {
    if (v === undefined) continue;
    if (v === null) delete out[k];
    else setKey(out, k, mergeValue(orig?.[k], v, cur[k], child(path, k), lookup));
  }
  const s = lookup(path);
  if (s && 'retainKeys' in s && s.retainKeys && !deepEqual(out, cur)) {
    for (const k of Object.keys(out)) if (mod[k] === undefined || mod[k] === null) delete out[k];
  }
  return out;
}

/**
 * Merges a list with a merge key (or a set of scalars). Undefined when the items do not allow
 * it (an item without its merge key), in which case the list is replaced — where the API
 * server would reject the patch, we stay lenient.
 */
function mergeList(
  orig: Json[] | undefined,
  mod: Json[],
  cur: Json[],
  path: string,
  s: Extract<PatchStrategy, { list: string }>,
  lookup: Lookup,
): Json[] | undefined {
  let keyOf: (item: Json) => string | undefined;
  if (s.list === 'set') keyOf = (item) => (isObject(item) || Array.isArray(item) ? undefined : goMarshal(item));
  else keyOf = (item) => (isObject(item) && item[s.key] !== undefined && item[s.key] !== null ? goMarshal(item[s.key]) : undefined);
  const modKeys = mod.map(keyOf);
  const curKeys = cur.map(keyOf);
  if (modKeys.some((k) => k === undefined) || curKeys.some((k) => k === undefined)) return undefined;
  const modSet = new Set(modKeys);
  const deleted = new Set<string>();
  for (const item of orig ?? []) {
    const k = keyOf(item);
    if (k !== undefined && !modSet.has(k)) deleted.add(k);
  }
  const find = (list: Json[] | undefined, key: string) => list?.find((x) => keyOf(x) === key);

  const seen = new Set<string>();
  const patchItems: { key: string; item: Json }[] = [];
  mod.forEach((m, i) => {
    const key = modKeys[i]!;
    if (seen.has(key)) return; // a duplicate key: the API rejects it; keep the first
    seen.add(key);
    const c = find(cur, key);
    if (s.list === 'set') patchItems.push({ key, item: clone(m) });
    else if (c === undefined) patchItems.push({ key, item: clone(m) });
    else patchItems.push({ key, item: mergeValue(find(orig, key), m, c, `${path}[]`, lookup) });
  });
  const serverOnly = cur
    .map((item, i) => ({ key: curKeys[i]!, item: clone(item) }))
    .filter((x) => !modSet.has(x.key) && !deleted.has(x.key));
  return mergeSortedSlice(serverOnly, patchItems, curKeys as string[]);
}

/**
 * apimachinery's mergeSortedSlice: inserts the server-only items (`left`) among the patch items
 * (`right`, in manifest order), each before the first patch item that comes after it in the
 * live list.
 */
export function mergeSortedSlice(
  left: { key: string; item: Json }[],
  right: { key: string; item: Json }[],
  serverOrder: string[],
): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]!.item);
    else if (j >= right.length) out.push(left[i++]!.item);
    else {
      const li = serverOrder.indexOf(left[i]!.key);
      const ri = serverOrder.indexOf(right[j]!.key);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!.item);
      else out.push(right[j++]!.item);
    }
  }
  return out;
}

// ---- the last-applied-configuration annotation ---------------------------------------------

/**
 * The text kubectl stores in `kubectl.kubernetes.io/last-applied-configuration`: the manifest
 * (without that annotation) as Go's json.Encoder writes it — compact, keys sorted, `<>&`
 * escaped — plus "\n". kubectl encodes the object after setting its namespace, so callers
 * should set `metadata.namespace` on namespaced objects first.
 */
export function lastAppliedAnnotation(modified: object): string {
  const copy = clone(modified as Json);
  if (isObject(copy) && isObject(copy.metadata) && isObject(copy.metadata.annotations)) {
    delete copy.metadata.annotations[LAST_APPLIED_ANNOTATION];
  }
  return goMarshal(copy) + '\n';
}

/** A copy of `modified` carrying its own last-applied annotation, the `modified` kubectl patches with. */
export function withLastApplied<T extends object>(modified: T): T {
  const annotation = lastAppliedAnnotation(modified);
  const copy = clone(modified as Json) as JsonObject;
  const metadata = isObject(copy.metadata) ? copy.metadata : (copy.metadata = {});
  const annotations = isObject(metadata.annotations) ? metadata.annotations : (metadata.annotations = {});
  annotations[LAST_APPLIED_ANNOTATION] = annotation;
  return copy as T;
}

/** The last-applied configuration stored on a live object, or undefined (absent or unreadable). */
export function lastAppliedOf(live: object): object | undefined {
  const text = (live as { metadata?: { annotations?: Record<string, unknown> } }).metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (typeof text !== 'string') return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
