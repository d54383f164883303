// The two JSON patch formats the API server accepts besides strategic merge patch:
//  - JSON patch (RFC 6902): a list of add/remove/replace/move/copy/test operations, with the
//    error texts of evanphx/json-patch v4, the library behind the API server. Like that library,
//    `replace` of a missing object key adds it, and `test` of a missing path against null passes.
//  - JSON merge patch (RFC 7386): maps merge recursively, null deletes, everything else replaces.
// Inputs are never modified; results are fresh values.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A failed operation: the library's message (the API server turns it into a 422). */
export class JsonPatchError extends Error {}

function copy<T extends Json>(v: T): T {
  return structuredClone(v);
}

/** Assigns without tripping over a `__proto__` key coming from user input. */
function setKey(o: JsonObject, k: string, v: Json): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

const has = (o: JsonObject, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** RFC 6901: `/a/b~1c` → ['a', 'b/c']. */
function splitPointer(path: string): string[] {
  if (path === '') return [];
  return path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container of the last segment of a pointer, or undefined when the path does not lead anywhere. */
function findContainer(doc: Json, parts: string[]): Json | undefined {
  let cur: Json | undefined = doc;
  for (const p of parts.slice(0, -1)) {
    if (isObject(cur)) cur = has(cur, p) ? cur[p] : undefined;
    else if (Array.isArray(cur)) {
      const i = Number(p);
      cur = /^\d+$/.test(p) && i < cur.length ? cur[i] : undefined;
    } else return undefined;
    if (cur === undefined) return undefined;
  }
  return isObject(cur) || Array.isArray(cur) ? cur : undefined;
}

function get(doc: Json, path: string): Json | undefined {
  const parts = splitPointer(path);
  if (parts.length === 0) return doc;
  const con = findContainer(doc, parts);
  const key = parts[parts.length - 1];
  if (isObject(con)) return has(con, key) ? con[key] : undefined;
  if (Array.isArray(con)) return /^\d+$/.test(key) ? con[Number(key)] : undefined;
  return undefined;
}

function arrayIndex(arr: Json[], key: string, forAdd: boolean): number {
  const i = /^-?\d+$/.test(key) ? Number(key) : NaN;
  const max = forAdd ? arr.length : arr.length - 1;
  if (!Number.isInteger(i) || i < 0 || i > max) throw new JsonPatchError(`Unable to access invalid index: ${key}: invalid index referenced`);
  return i;
}

function add(doc: Json, path: string, value: Json, op = 'add'): Json {
  const parts = splitPointer(path);
  if (parts.length === 0) return value;
  const con = findContainer(doc, parts);
  const key = parts[parts.length - 1];
  if (con === undefined) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  if (isObject(con)) setKey(con, key, value);
  else if (Array.isArray(con)) {
    if (key === '-') con.push(value);
    else {
      try {
        con.splice(arrayIndex(con as Json[], key, true), 0, value);
      } catch (e) {
        throw new JsonPatchError(`error in ${op} for path: '${path}': ${(e as Error).message}`);
      }
    }
  }
  return doc;
}

function remove(doc: Json, path: string, op: string, shown: string): Json {
  const parts = splitPointer(path);
  const con = findContainer(doc, parts);
  const key = parts[parts.length - 1] ?? '';
  if (con === undefined) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  if (isObject(con)) {
    if (!has(con, key)) throw new JsonPatchError(`error in ${op} for path: '${shown}': Unable to remove nonexistent key: ${key}: missing value`);
    delete con[key];
  } else if (Array.isArray(con)) {
    try {
      con.splice(arrayIndex(con as Json[], key, false), 1);
    } catch (e) {
      throw new JsonPatchError(`error in ${op} for path: '${shown}': ${(e as Error).message}`);
    }
  }
  return doc;
}

/** Applies an RFC 6902 patch (already decoded: a list of operation objects) to a copy of `doc`. */
export function applyJsonPatch(doc: Json, ops: Json[]): Json {
  let out = copy(doc);
  for (const raw of ops) {
    const o = isObject(raw) ? raw : {};
    const kind = typeof o.op === 'string' ? o.op : 'unknown';
    const path = typeof o.path === 'string' ? o.path : undefined;
    const needPath = () => {
      if (path === undefined) throw new JsonPatchError(`${kind} operation missing path`);
      return path;
    };
    switch (kind) {
      case 'add':
        out = add(out, needPath(), copy(o.value ?? null));
        break;
      case 'remove':
        out = remove(out, needPath(), 'remove', needPath());
        break;
      case 'replace': {
        const p = needPath();
        const parts = splitPointer(p);
        const con = findContainer(out, parts);
        if (parts.length === 0) out = copy(o.value ?? null);
        else if (con === undefined) throw new JsonPatchError(`replace operation does not apply: doc is missing path: ${p}: missing value`);
        else if (isObject(con)) setKey(con, parts[parts.length - 1], copy(o.value ?? null));
        else if (Array.isArray(con)) {
          const key = parts[parts.length - 1];
          const i = /^\d+$/.test(key) ? Number(key) : -1;
          if (i < 0 || i >= con.length) throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${p}: missing value`);
          con[i] = copy(o.value ?? null);
        }
        break;
      }
      case 'move':
      case 'copy': {
        const from = typeof o.from === 'string' ? o.from : undefined;
        if (from === undefined) throw new JsonPatchError(`${kind} operation missing from path`);
        const p = needPath();
        const value = get(out, from);
        if (value === undefined) {
          if (kind === 'copy') throw new JsonPatchError(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
          const key = splitPointer(from).pop() ?? '';
          throw new JsonPatchError(`error in move for path: '${key}': Unable to remove nonexistent key: ${key}: missing value`);
        }
        if (kind === 'move') out = remove(out, from, 'move', from);
        if (findContainer(out, splitPointer(p)) === undefined && splitPointer(p).length > 0) {
          throw new JsonPatchError(`${kind} operation does not apply: doc is missing destination path: ${p}: missing value`);
        }
        out = add(out, p, copy(value), kind);
        break;
      }
      case 'test': {
        const p = needPath();
        const actual = get(out, p);
        const expected = o.value ?? null;
        const same = actual === undefined ? expected === null : JSON.stringify(sortKeys(actual)) === JSON.stringify(sortKeys(expected));
        if (!same) throw new JsonPatchError(`testing value ${p} failed: test failed`);
        break;
      }
      default:
        throw new JsonPatchError(`Unexpected kind: ${kind}`);
    }
  }
  return out;
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort()) setKey(out, k, sortKeys(v[k]));
  return out;
}

/** RFC 7386 JSON merge patch of `patch` onto a copy of `target`. */
export function applyMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return copy(patch);
  const out: JsonObject = isObject(target) ? copy(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else setKey(out, k, applyMergePatch(has(out, k) ? out[k] : undefined, v));
  }
  return out;
}
