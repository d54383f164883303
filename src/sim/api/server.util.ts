// Pure helpers of the API server's write paths: key naming, the no-op update check, what counts
// as a spec change, and the key order objects are stored and served in.

import { apiVersionOf, type KindInfo } from './kinds';
import { jsonEqual } from './meta';
import { kindKeyOf } from './store';
import type { KObject } from './types';

/** The same keys in the same order with the same values (labels, annotations): no copy needed. */
export function sameStringMap(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || a[ka[i]!] !== b[kb[i]!]) return false;
  return true;
}

export function keyOf(info: KindInfo): string {
  return `${info.group}/${info.kind}`;
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
  const keys = (o: Record<string, unknown>, skip: string | null) => {
    let n = 0;
    for (const k in o) if (k !== skip && o[k] !== undefined) n++;
    return n;
  };
  const sameExcept = (x: Record<string, unknown>, y: Record<string, unknown>, skip: string | null, nested?: (k: string) => boolean) => {
    if (keys(x, skip) !== keys(y, skip)) return false;
    for (const k in x) {
      if (k === skip || x[k] === undefined) continue;
      if (!(nested?.(k) ?? jsonEqual(x[k], y[k]))) return false;
    }
    return true;
  };
  const am = a.metadata as Record<string, unknown> | undefined;
  const bm = b.metadata as Record<string, unknown> | undefined;
  const metaEqual = (): boolean => {
    if (typeof am !== 'object' || am === null || typeof bm !== 'object' || bm === null || Array.isArray(am) !== Array.isArray(bm)) return jsonEqual(am, bm);
    return sameExcept(am, bm, 'resourceVersion');
  };
  // `metadata` on one side only (or undefined): counted like any other key by sameExcept.
  return sameExcept(a as Record<string, unknown>, b as Record<string, unknown>, null, (k) => (k === 'metadata' ? metaEqual() : jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])));
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
  const { apiVersion, kind, metadata, ...rest } = o;
  const m = metadata;
  const orderedMeta: Record<string, unknown> = {};
  for (const k of [
    'annotations', 'creationTimestamp', 'deletionGracePeriodSeconds', 'deletionTimestamp', 'finalizers', 'generateName',
    'generation', 'labels', 'name', 'namespace', 'ownerReferences', 'resourceVersion', 'uid',
  ] as const) {
    if (m[k] !== undefined) orderedMeta[k] = m[k];
  }
  for (const [k, v] of Object.entries(m)) if (!(k in orderedMeta) && v !== undefined) orderedMeta[k] = v;
  const out: KObject = { apiVersion: apiVersion ?? apiVersionOf(info), kind, metadata: orderedMeta };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = v;
  return out;
}
