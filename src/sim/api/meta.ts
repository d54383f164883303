// Small helpers over object metadata shared by the API server, controllers and kubectl.
import type { KObject, OwnerReference } from './types';

export function clone<T>(o: T): T {
  return structuredClone(o);
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

/** Deep equality over JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}

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
