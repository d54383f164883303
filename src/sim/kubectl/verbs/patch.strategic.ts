// Applying a strategic merge patch to a live object, as the API server does for
// `kubectl patch --type strategic` (apimachinery strategicpatch.StrategicMergePatch):
//  - maps merge recursively, `null` deletes a key;
//  - lists with a merge key (containers by name, env by name, ports, volumes, ... from the
//    struct tags in api/apply/patchstrategy.ts) merge item by item; new items are placed as
//    apimachinery's mergeSortedSlice places them (before the live items that follow them);
//    scalar lists with the merge strategy (finalizers) merge as sets; other lists are replaced;
//  - directives: `$patch: replace|delete` in a map, `{"$patch": "replace"}` and
//    `{"name": X, "$patch": "delete"}` in a merge list, `$retainKeys`,
//    `$deleteFromPrimitiveList/<field>`. `$setElementOrder/<field>` is accepted and ignored
//    (kubeplay keeps the order described above).
// Kinds that are not built in get no strategy table; kubectl refuses strategic patches for them
// before this runs.

import { mergeSortedSlice } from '../../api/apply/merge';
import { goMarshal } from '../../api/apply/gojson';
import { patchStrategiesFor, type PatchStrategy } from '../../api/apply/patchstrategy';
import { goSprint } from '../printers/goformat';
import type { Json } from './patch.jsonpatch';

type JsonObject = { [k: string]: Json };
type Lookup = (path: string) => PatchStrategy | undefined;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: JsonObject, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const child = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** A patch the server rejects (its 400 BadRequest text). */
export class StrategicPatchError extends Error {}

function setKey(o: JsonObject, k: string, v: Json): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** `kind`'s strategic merge of `patch` onto a copy of `original`. */
export function applyStrategicPatch(original: JsonObject, patch: JsonObject, kind: { group: string; kind: string }): JsonObject {
  const table = patchStrategiesFor(kind);
  const lookup: Lookup = (path) => table?.get(path);
  return mergeMap(structuredClone(original), patch, '', lookup);
}

/** A patch value for a key the original lacks: directives and nulls stripped (IgnoreUnmatchedNulls). */
function fresh(v: Json, path: string, lookup: Lookup): Json {
  if (isObject(v)) return mergeMap({}, v, path, lookup);
  if (Array.isArray(v)) return mergeList([], v, path, lookup);
  return v;
}

function mergeMap(original: JsonObject, patch: JsonObject, path: string, lookup: Lookup): JsonObject {
  const directive = patch.$patch;
  if (directive !== undefined) {
    if (directive === 'delete') return {};
    if (directive !== 'replace') throw new StrategicPatchError(`unknown patch type: ${String(directive)} in map: ${goSprint(patch)}`);
    const rest: JsonObject = {};
    for (const [k, v] of Object.entries(patch)) if (k !== '$patch') setKey(rest, k, v);
    return rest;
  }
  const retain = patch.$retainKeys;
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new StrategicPatchError('doesn\'t satisfy the patch format for retainKeys');
    const keep = new Set(retain.map(String));
    for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (!Array.isArray(v)) throw new StrategicPatchError('doesn\'t satisfy the patch format for primitive list');
      const cur = original[field];
      if (Array.isArray(cur)) {
        const drop = new Set(v.map((x) => goMarshal(x)));
        original[field] = cur.filter((x) => !drop.has(goMarshal(x)));
      }
      continue;
    }
    if (v === null) {
      delete original[k];
      continue;
    }
    const p = child(path, k);
    const cur = has(original, k) ? original[k] : undefined;
    if (isObject(v) && isObject(cur)) setKey(original, k, mergeMap(cur, v, p, lookup));
    else if (Array.isArray(v) && Array.isArray(cur)) setKey(original, k, mergeList(cur, v, p, lookup));
    else setKey(original, k, fresh(v, p, lookup));
  }
  return original;
}

function mergeList(original: Json[], patch: Json[], path: string, lookup: Lookup): Json[] {
  const s = lookup(path);
  if (!s || !('list' in s)) {
    // Atomic list: replaced whole.
    return patch.map((x) => fresh(x, `${path}[]`, lookup));
  }
  if (s.list === 'set') {
    const out = [...original];
    const seen = new Set(out.map((x) => goMarshal(x)));
    for (const x of patch) {
      if (isObject(x) && x.$patch === 'replace') return patch.filter((y) => !(isObject(y) && '$patch' in y));
      const k = goMarshal(x);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(x);
      }
    }
    return out;
  }
  const keyName = s.key;
  const keyOf = (item: Json) => (isObject(item) && item[keyName] !== undefined && item[keyName] !== null ? goMarshal(item[keyName]) : undefined);
  // Special elements first: a `$patch: replace` item replaces the list, `$patch: delete` items remove.
  if (patch.some((x) => isObject(x) && x.$patch === 'replace')) {
    return patch.filter((x) => !(isObject(x) && '$patch' in x)).map((x) => fresh(x, `${path}[]`, lookup));
  }
  const deleted = new Set<string>();
  const items: JsonObject[] = [];
  for (const x of patch) {
    if (!isObject(x)) throw new StrategicPatchError(`map: ${goSprint(x)} does not contain declared merge key: ${keyName}`);
    const k = keyOf(x);
    if (k === undefined) throw new StrategicPatchError(`map: ${goSprint(x)} does not contain declared merge key: ${keyName}`);
    if (x.$patch === 'delete') deleted.add(k);
    else if (x.$patch !== undefined && x.$patch !== 'merge') throw new StrategicPatchError(`unknown patch type: ${String(x.$patch)} in map: ${goSprint(x)}`);
    else items.push(x);
  }
  const curKeys = original.map((x) => keyOf(x) ?? '');
  const patched = new Map<string, Json>();
  const order: string[] = [];
  for (const x of items) {
    const k = keyOf(x)!;
    const base = patched.get(k) ?? original.find((o) => keyOf(o) === k);
    const merged = isObject(base) ? mergeMap(structuredClone(base), x, `${path}[]`, lookup) : fresh(x, `${path}[]`, lookup);
    if (!patched.has(k)) order.push(k);
    patched.set(k, merged);
  }
  const serverOnly = original
    .map((item, i) => ({ key: curKeys[i], item }))
    .filter((x) => !patched.has(x.key) && !deleted.has(x.key));
  const right = order.map((key) => ({ key, item: patched.get(key)! }));
  return mergeSortedSlice(serverOnly, right, curKeys);
}
