// Shared matching helpers: tolerations against taints (core/v1/helper), node selectors and
// required node affinity (component-helpers/scheduling/corev1/nodeaffinity), score normalizing.

import type { KObject } from '../../api/types';
import type { Taint } from '../nodeinfo';
import { MAX_NODE_SCORE } from '../types';
import { toleratesTaint, type Toleration } from '../../api/taints';
/** A module-local copy: imported bindings cost a getter call per use under CJS transforms. */
const MAX_SCORE = MAX_NODE_SCORE;

export { toleratesTaint, type Toleration };

export function tolerationsTolerateTaint(ts: readonly Toleration[], taint: Taint): boolean {
  for (const t of ts) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** FindMatchingUntoleratedTaint over the taints `inclusion` selects: the first one no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], inclusion: (t: Taint) => boolean): Taint | undefined {
  for (const taint of taints) {
    if (!inclusion(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/** DoNotScheduleTaintsFilterFunc: NoSchedule and NoExecute. */
export const doNotScheduleTaints = (t: Taint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

export function podTolerations(pod: KObject): readonly Toleration[] {
  return Array.isArray(pod.spec?.tolerations) ? pod.spec.tolerations : [];
}

// ---- node selectors ----

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[] | null;
  matchFields?: NodeSelectorRequirement[] | null;
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const has = value !== undefined;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1 || !/^[+-]?\d+$/.test(value) || !/^[+-]?\d+$/.test(values[0]!)) return false;
      const a = BigInt(value);
      const b = BigInt(values[0]!);
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A NodeSelectorTerm: all expressions and fields match; an empty term matches nothing. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm | null | undefined, nodeName: string, labels: Readonly<Record<string, string>>): boolean {
  const exprs = term?.matchExpressions ?? [];
  const fields = term?.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (!requirementMatches(r, Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined)) return false;
  for (const r of fields) {
    if (r.key !== 'metadata.name') return false;
    if (!requirementMatches(r, nodeName)) return false;
  }
  return true;
}

/** nodeaffinity.RequiredNodeAffinity: spec.nodeSelector AND one of the required node affinity terms. */
export class RequiredNodeAffinity {
  private readonly selector: [string, string][] | null;
  private readonly terms: NodeSelectorTerm[] | null;

  constructor(pod: KObject) {
    const ns = pod.spec?.nodeSelector;
    this.selector = ns && typeof ns === 'object' ? Object.entries(ns as Record<string, string>) : null;
    const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.terms = req ? (Array.isArray(req.nodeSelectorTerms) ? req.nodeSelectorTerms : []) : null;
  }

  /** No nodeSelector and no required node affinity. */
  get empty(): boolean {
    return this.selector === null && this.terms === null;
  }

  /** Matches every node: no required affinity, and no nodeSelector or an empty one. */
  get matchesAll(): boolean {
    return (this.selector === null || this.selector.length === 0) && this.terms === null;
  }

  match(nodeName: string, labels: Readonly<Record<string, string>>): boolean {
    if (this.selector) {
      for (const [k, v] of this.selector) if (labels[k] !== v || !Object.prototype.hasOwnProperty.call(labels, k)) return false;
    }
    if (this.terms) {
      for (const t of this.terms) if (nodeSelectorTermMatches(t, nodeName, labels)) return true;
      return false;
    }
    return true;
  }
}

/** helper.DefaultNormalizeScore: scales to 0..max (integer maths); `reverse` flips it. */
export function defaultNormalizeScore(scores: Float64Array, n: number, reverse: boolean): void {
  let maxCount = 0;
  for (let i = 0; i < n; i++) if (scores[i]! > maxCount) maxCount = scores[i]!;
  if (maxCount === 0) {
    if (reverse) for (let i = 0; i < n; i++) scores[i] = MAX_SCORE;
    return;
  }
  for (let i = 0; i < n; i++) {
    let s = Math.trunc((MAX_SCORE * scores[i]!) / maxCount);
    if (reverse) s = MAX_SCORE - s;
    scores[i] = s;
  }
}
