// Small helpers over object metadata shared by the API server, controllers and kubectl.
import type { KObject, OwnerReference } from './types';

/** Deeper than any real object: past this, `clone` assumes a cycle and lets structuredClone handle it. */
const CLONE_MAX_DEPTH = 100;

class TooDeep extends Error {}

/**
 * A deep copy. API objects are JSON values (plain objects, arrays, primitives), which a plain
 * recursive copy handles several times faster than structuredClone (whose serialisation round trip
 * was the single most expensive call of a Deployment's roll-out). Anything else (a Date, a Map,
 * a cycle from hostile input) goes to structuredClone, so the result is what it always was.
 */
export function clone<T>(o: T): T {
  try {
    return copyJson(o, 0) as T;
  } catch (e) {
    if (e instanceof TooDeep) return structuredClone(o);
    throw e;
  }
}

function copyJson(v: unknown, depth: number): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (depth > CLONE_MAX_DEPTH) throw new TooDeep();
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyJson(v[i], depth + 1);
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
    const x = copyJson((v as Record<string, unknown>)[k], depth + 1);
    // An own `__proto__` key (JSON.parse makes them) stays a key, as structuredClone keeps it.
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return out;
}

export function nameOf(o: KObject): string {
  return o.metadata.name ?? '';
}

export function namespacedName(o: KObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata.name ?? '');
}

export function controllerOf(o: KObject): OwnerReference | undefined {
  const refs = o.metadata.ownerReferences;
  // Malformed input (not an array) behaves as before: `.find` of whatever it is.
  if (!Array.isArray(refs)) return (refs as OwnerReference[] | undefined)?.find((r) => r.controller);
  for (let i = 0; i < refs.length; i++) if (refs[i]!.controller) return refs[i];
  return undefined;
}

export function isBeingDeleted(o: KObject): boolean {
  return !!o.metadata.deletionTimestamp;
}

/**
 * Deep equality over JSON values: keys whose value is undefined count as absent, key order does
 * not matter. Written with plain loops (no key arrays, no closures): every update's no-op check
 * and many controllers' "did it change" tests run it over whole objects.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  const isArr = Array.isArray(a);
  if (isArr !== Array.isArray(b)) return false;
  if (isArr) {
    const aa = a as unknown[];
    const bb = b as unknown[];
    if (aa.length !== bb.length) return false;
    for (let i = 0; i < aa.length; i++) if (!jsonEqual(aa[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let defined = 0;
  for (const k in ao) {
    if (!hasOwn.call(ao, k)) continue;
    const v = ao[k];
    if (v === undefined) continue;
    defined++;
    if (!jsonEqual(v, bo[k])) return false;
  }
  for (const k in bo) if (hasOwn.call(bo, k) && bo[k] !== undefined) defined--;
  return defined === 0;
}

const hasOwn = Object.prototype.hasOwnProperty;

export function newControllerRef(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}
