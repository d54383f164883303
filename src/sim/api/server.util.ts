// Pure helpers of the API server's write paths: key naming, the no-op update check, what counts
// as a spec change, and the key order objects are stored and served in.

import { apiVersionOf, type KindInfo } from './kinds';
import { jsonEqual } from './meta';
import { kindKeyOf } from './store';
import type { KObject } from './types';

/** Kinds whose status is written through the /status subresource only. */
export const STATUS_SUBRESOURCE = new Set([
  'Pod', 'ReplicationController', 'Service', 'Node', 'Namespace', 'PersistentVolume', 'PersistentVolumeClaim',
  'ResourceQuota', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob',
  'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Ingress', 'CustomResourceDefinition',
]);

/** Kinds that track metadata.generation (v1.32: not Pods). */
export const GENERATION_KINDS = new Set([
  'ReplicationController', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob',
  'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Ingress', 'NetworkPolicy', 'CustomResourceDefinition',
  'PriorityClass', 'StorageClass', 'IngressClass',
]);

/** Namespaces that may never be deleted (NamespaceLifecycle admission). */
export const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

/** The same keys in the same order with the same values (labels, annotations): no copy needed. */
export function sameStringMap(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  // Both key lists walked in step through one reused array, not two `Object.keys` arrays: every
  // status write asks, for the labels and the annotations.
  const keys = mapKeys;
  let n = 0;
  for (const k in a) if (hasOwn.call(a, k)) keys[n++] = k;
  let i = 0;
  for (const k in b) {
    if (!hasOwn.call(b, k)) continue;
    if (i >= n || keys[i] !== k || a[k] !== b[k]) return false;
    i++;
  }
  return i === n;
}

/** sameStringMap's `a` keys (reused: it calls nothing that could call it). */
const mapKeys: string[] = [];

/**
 * Each KindInfo's kindKey, built once: every API call names its kind, and a key string built per
 * call is hashed afresh by every store map it is looked up in.
 */
const kindKeys = new WeakMap<KindInfo, string>();

export function keyOf(info: KindInfo): string {
  let k = kindKeys.get(info);
  if (k === undefined) {
    k = `${info.group}/${info.kind}`;
    kindKeys.set(info, k);
  }
  return k;
}

export function kindKeyOfObject(o: KObject): string {
  return kindKeyOf(o.apiVersion, o.kind);
}

export const DS_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/** The DaemonSet strategy records the generation of the template in an annotation. */
export function setDaemonSetTemplateGeneration(ds: KObject): void {
  ds.metadata.annotations = { ...(ds.metadata.annotations ?? {}), [DS_TEMPLATE_GENERATION]: String(ds.metadata.generation ?? 1) };
}

/** jsonEqual of two objects as if neither had metadata.resourceVersion, without copying them (every update asks). */
export function equalButResourceVersion(a: KObject, b: KObject): boolean {
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let defined = 0;
  for (const k in ao) {
    const v = ao[k];
    if (v === undefined) continue;
    defined++;
    if (!(k === 'metadata' ? metadataEqual(v, bo[k]) : jsonEqual(v, bo[k]))) return false;
  }
  return defined === definedKeys(bo, null);
}

/** Metadata compared without resourceVersion; anything not an object compares as JSON. */
function metadataEqual(am: unknown, bm: unknown): boolean {
  if (typeof am !== 'object' || am === null || typeof bm !== 'object' || bm === null || Array.isArray(am) !== Array.isArray(bm)) return jsonEqual(am, bm);
  const x = am as Record<string, unknown>;
  const y = bm as Record<string, unknown>;
  let defined = 0;
  for (const k in x) {
    const v = x[k];
    if (k === 'resourceVersion' || v === undefined) continue;
    defined++;
    if (!jsonEqual(v, y[k])) return false;
  }
  return defined === definedKeys(y, 'resourceVersion');
}

function definedKeys(o: Record<string, unknown>, skip: string | null): number {
  let n = 0;
  for (const k in o) if (k !== skip && o[k] !== undefined) n++;
  return n;
}

export function hasFinalizers(o: KObject): boolean {
  if ((o.metadata.finalizers?.length ?? 0) > 0) return true;
  return o.kind === 'Namespace' && (o.spec?.finalizers?.length ?? 0) > 0;
}

export function specChanged(cur: KObject, next: KObject, info: KindInfo): boolean {
  const strip = (o: KObject) => {
    const { metadata, status: _s, ...rest } = o;
    return info.kind === 'Deployment' ? { ...rest, annotations: metadata.annotations } : rest;
  };
  return !jsonEqual(strip(cur), strip(next));
}

/** Keys in the order the API server serializes them: apiVersion, kind, metadata, then the rest. */
export function reorder(o: KObject, info: KindInfo): KObject {
  const m = o.metadata;
  const orderedMeta: Record<string, unknown> = {};
  for (let i = 0; i < META_ORDER.length; i++) {
    const k = META_ORDER[i]!;
    if (m[k] !== undefined) orderedMeta[k] = m[k];
  }
  for (const k in m) {
    if (!Object.prototype.hasOwnProperty.call(m, k)) continue;
    const v = (m as Record<string, unknown>)[k];
    if (!(k in orderedMeta) && v !== undefined) orderedMeta[k] = v;
  }
  const out: KObject = { apiVersion: o.apiVersion ?? apiVersionOf(info), kind: o.kind, metadata: orderedMeta };
  // The rest in the object's own order (no rest destructuring or entry arrays: every write runs this).
  for (const k in o) {
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata' || !Object.prototype.hasOwnProperty.call(o, k)) continue;
    const v = o[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * Whether `reorder` would hand `o` to the store unchanged: apiVersion, kind and metadata first,
 * no undefined value, metadata keys in `reorder`'s order and only those, and a resourceVersion,
 * if any, left undefined as the last key (where the store then sets it, as after `reorder`,
 * which drops it, the store appends it). Then `put(o)` stores what `put(reorder(o))` would, and
 * an update built from a stored object (already in this order) skips `reorder`'s two copies.
 * Anything else (a key `reorder` would drop or move, an own `__proto__`) answers false.
 */
export function inStoredOrder(o: KObject): boolean {
  let i = 0;
  for (const k in o) {
    if (!hasOwn.call(o, k) || o[k] === undefined) return false;
    if (i === 0 ? k !== 'apiVersion' : i === 1 ? k !== 'kind' : i === 2 ? k !== 'metadata' : k === '__proto__') return false;
    i++;
  }
  const m = o.metadata as unknown;
  // (`reorder` reads metadata keys through the prototype chain: only a plain object's are all own.)
  if (i < 3 || typeof m !== 'object' || m === null || Object.getPrototypeOf(m) !== Object.prototype) return false;
  const meta = m as Record<string, unknown>;
  // One pass over META_ORDER: each key must come after the previous one.
  let j = 0;
  let last = false;
  for (const k in meta) {
    if (last || !hasOwn.call(meta, k)) return false;
    if (k === 'resourceVersion') {
      if (meta[k] !== undefined) return false;
      last = true;
      continue;
    }
    if (meta[k] === undefined) return false;
    while (j < META_ORDER.length && META_ORDER[j] !== k) j++;
    if (j === META_ORDER.length) return false;
    j++;
  }
  return true;
}

const hasOwn = Object.prototype.hasOwnProperty;

const META_ORDER = [
  'annotations', 'creationTimestamp', 'deletionGracePeriodSeconds', 'deletionTimestamp', 'finalizers', 'generateName',
  'generation', 'labels', 'name', 'namespace', 'ownerReferences', 'resourceVersion', 'uid',
] as const;
