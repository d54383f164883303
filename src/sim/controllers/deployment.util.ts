// Deployment helpers (pkg/controller/deployment/util/deployment_util.go, controller_utils.go
// sorts): fenceposts, revision and replica annotations, conditions, finding the new and old
// ReplicaSets, the rolling-update and proportional-scaling arithmetic.

import type { KObject } from '../api/types';
import { parseTime, rfc3339 } from '../core/time';
import { POD_TEMPLATE_HASH_LABEL } from './util/hash';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEPRECATED_ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
/** `maxRevHistoryLengthInChars`: the revision-history annotation is capped at this length. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;
const MAX_INT32 = 2147483647;

// Condition reasons.
export const REPLICA_SET_UPDATED_REASON = 'ReplicaSetUpdated';
export const FAILED_RS_CREATE_REASON = 'ReplicaSetCreateError';
export const NEW_REPLICA_SET_REASON = 'NewReplicaSetCreated';
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
export const PAUSED_DEPLOY_REASON = 'DeploymentPaused';
export const RESUMED_DEPLOY_REASON = 'DeploymentResumed';
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';

const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO_ANNOTATION,
]);

export const skipCopyAnnotation = (key: string) => ANNOTATIONS_TO_SKIP.has(key);

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
export const specReplicas = (o: KObject | undefined) => num(o?.spec?.replicas);

// ---- fenceposts (intstr.GetScaledValueFromIntOrPercent, ResolveFenceposts) ----

export function scaledValue(v: number | string | undefined | null, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  // `N%` or `N` (ASCII digits), read without a regex match array (twice per Deployment sync).
  const s = typeof v === 'string' ? v : String(v);
  const pct = s.length > 1 && s.charCodeAt(s.length - 1) === 37; // '%'
  const n = pct ? s.length - 1 : s.length;
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57) return 0;
  if (!pct) return n === 0 ? 0 : Number(s);
  const x = (Number(s.slice(0, n)) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

export const isRollingUpdate = (d: KObject) => d.spec?.strategy?.type === 'RollingUpdate';

/** `ResolveFenceposts`: maxSurge rounds up, maxUnavailable down; both 0 ⇒ maxUnavailable 1. */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number): [number, number] {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxSurge(d: KObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, specReplicas(d))[0];
}

export function maxUnavailable(d: KObject): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy.rollingUpdate ?? {};
  return Math.min(resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas)[1], replicas);
}

// ---- revisions ----

/** The revision annotation as a number; 0 when absent, undefined when not a number. */
export function revisionOf(o: KObject): number | undefined {
  const v = o.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

export function maxRevision(rss: readonly KObject[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** `LastRevision`: the second highest revision. */
export function lastRevision(rss: readonly KObject[]): number {
  let max = 0;
  let sec = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (v >= max) {
      sec = max;
      max = v;
    } else if (v > sec) sec = v;
  }
  return sec;
}

/** `SetDeploymentRevision`: whether the Deployment's revision annotation changed. */
export function setDeploymentRevision(d: KObject, revision: string): boolean {
  d.metadata.annotations ??= {};
  if (d.metadata.annotations[REVISION_ANNOTATION] === revision) return false;
  d.metadata.annotations[REVISION_ANNOTATION] = revision;
  return true;
}

function copyDeploymentAnnotationsToReplicaSet(d: KObject, rs: KObject): boolean {
  let changed = false;
  rs.metadata.annotations ??= {};
  // Own keys in Object.entries' order, without its pair arrays (runs twice per Deployment sync).
  const from = d.metadata.annotations ?? {};
  for (const k in from) {
    if (!Object.prototype.hasOwnProperty.call(from, k) || skipCopyAnnotation(k) || rs.metadata.annotations[k] === from[k]) continue;
    rs.metadata.annotations[k] = from[k];
    changed = true;
  }
  return changed;
}

/** `SetReplicasAnnotations`: desired-replicas and max-replicas; whether they changed. */
export function setReplicasAnnotations(rs: KObject, desired: number, max: number): boolean {
  rs.metadata.annotations ??= {};
  let updated = false;
  if (rs.metadata.annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    rs.metadata.annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    updated = true;
  }
  if (rs.metadata.annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    rs.metadata.annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    updated = true;
  }
  return updated;
}

export function replicasAnnotationsNeedUpdate(rs: KObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations;
  return !a || a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/**
 * `SetNewReplicaSetAnnotations`: copies the Deployment's annotations (but the skipped ones), raises
 * the revision to `newRevision` when lower (appending the old one to revision-history, as on a
 * rollback) and, for an RS about to be created, sets the replica annotations.
 */
export function setNewReplicaSetAnnotations(d: KObject, rs: KObject, newRevision: string, exists: boolean): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const annotations = rs.metadata.annotations!;
  const oldRevision = annotations[REVISION_ANNOTATION];
  const had = oldRevision !== undefined;
  let oldInt = 0;
  if (had && oldRevision !== '') {
    if (!/^[+-]?\d+$/.test(oldRevision)) return false;
    oldInt = Number(oldRevision);
  }
  const newInt = Number(newRevision);
  if (oldInt < newInt) {
    annotations[REVISION_ANNOTATION] = newRevision;
    changed = true;
  }
  if (had && oldInt < newInt) {
    const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
    const old = history.split(',');
    if (old[0].length === 0) annotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
    else {
      let total = history.length + oldRevision.length + 1;
      let start = 0;
      while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < old.length) {
        total -= old[start].length + 1;
        start++;
      }
      if (total <= MAX_REV_HISTORY_LENGTH_IN_CHARS) annotations[REVISION_HISTORY_ANNOTATION] = [...old.slice(start), oldRevision].join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, specReplicas(d), specReplicas(d) + maxSurge(d))) changed = true;
  return changed;
}

function intAnnotation(rs: KObject, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

export const desiredReplicasAnnotation = (rs: KObject) => intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);

// ---- conditions ----

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export function newDeploymentCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, nowMs: number): DeploymentCondition {
  const ts = rfc3339(nowMs);
  return { type, status, lastUpdateTime: ts, lastTransitionTime: ts, reason, message };
}

export function getDeploymentCondition(status: { conditions?: DeploymentCondition[] } | undefined, type: string): DeploymentCondition | undefined {
  const conds = status?.conditions;
  if (conds === undefined || conds === null) return undefined;
  // A loop, not `find` with a closure: several lookups per Deployment sync.
  if (!Array.isArray(conds)) return (conds as DeploymentCondition[]).find((c) => c.type === type);
  for (let i = 0; i < conds.length; i++) if (conds[i]!.type === type) return conds[i];
  return undefined;
}

/** `SetDeploymentCondition`: no change for the same status and reason; keeps lastTransitionTime for the same status. */
export function setDeploymentCondition(status: { conditions?: DeploymentCondition[] }, cond: DeploymentCondition): void {
  const cur = getDeploymentCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = { ...cond };
  if (cur && cur.status === cond.status) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeDeploymentCondition(status: { conditions?: DeploymentCondition[] }, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length === 0) delete status.conditions;
  else status.conditions = rest;
}

export const hasProgressDeadline = (d: KObject) => typeof d.spec?.progressDeadlineSeconds === 'number' && d.spec.progressDeadlineSeconds !== MAX_INT32;
export const hasRevisionHistoryLimit = (d: KObject) => typeof d.spec?.revisionHistoryLimit === 'number' && d.spec.revisionHistoryLimit !== MAX_INT32;

// ---- finding ReplicaSets ----

/** Semantic equality: empty and absent maps/slices are equal (apimachinery's DeepEqual). */
function normalized(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(normalized);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalized((v as Record<string, unknown>)[k]);
      if (n !== undefined && n !== null) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v;
}

/** The template without the pod-template-hash label. */
export function templateWithoutHash(template: KObject['spec']): KObject['spec'] {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) delete t.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return t;
}

/** Canonical text of templates, cached per template object (stored objects are frozen and shared). */
const canonicalCache = new WeakMap<object, string>();

function canonicalTemplate(t: KObject['spec']): string {
  if (!t || typeof t !== 'object') return JSON.stringify(normalized(templateWithoutHash(t)));
  let s = canonicalCache.get(t);
  if (s === undefined) {
    s = JSON.stringify(normalized(templateWithoutHash(t)));
    canonicalCache.set(t, s);
  }
  return s;
}

/** `EqualIgnoreHash`: the two pod templates are equal but for the pod-template-hash label. */
export function equalIgnoreHash(a: KObject['spec'], b: KObject['spec']): boolean {
  return canonicalTemplate(a) === canonicalTemplate(b);
}

const created = (o: KObject) => parseTime(o.metadata.creationTimestamp) ?? 0;
const nameCmp = (a: KObject, b: KObject) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0);

/** `ReplicaSetsByCreationTimestamp`: oldest first, then by name. */
export const byCreationTimestamp = (a: KObject, b: KObject) => created(a) - created(b) || nameCmp(a, b);
/** `ReplicaSetsBySizeOlder`: largest first; equal sizes oldest first. */
export const bySizeOlder = (a: KObject, b: KObject) => specReplicas(b) - specReplicas(a) || byCreationTimestamp(a, b);
/** `ReplicaSetsBySizeNewer`: largest first; equal sizes newest first. */
export const bySizeNewer = (a: KObject, b: KObject) => specReplicas(b) - specReplicas(a) || byCreationTimestamp(b, a);
/** `ReplicaSetsByRevision`: lowest revision first, then by creation. */
export const byRevision = (a: KObject, b: KObject) => (revisionOf(a) ?? 0) - (revisionOf(b) ?? 0) || byCreationTimestamp(a, b);

/** `FindNewReplicaSet`: the oldest RS whose template equals the Deployment's (ignoring the hash). */
export function findNewReplicaSet(d: KObject, rsList: readonly KObject[]): KObject | undefined {
  const want = canonicalTemplate(d.spec?.template);
  return [...rsList].sort(byCreationTimestamp).find((rs) => canonicalTemplate(rs.spec?.template) === want);
}

/** `FindOldReplicaSets`: every RS but the new one. */
export function findOldReplicaSets(d: KObject, rsList: readonly KObject[]): KObject[] {
  const newRS = findNewReplicaSet(d, rsList);
  return rsList.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
}

export const filterActiveReplicaSets = (rss: readonly (KObject | undefined)[]) => rss.filter((rs): rs is KObject => !!rs && specReplicas(rs) > 0);

/** Σ spec.replicas. */
export const replicaCount = (rss: readonly (KObject | undefined)[]) => rss.reduce((n, rs) => n + (rs ? specReplicas(rs) : 0), 0);
/** Σ status.replicas. */
export const actualReplicaCount = (rss: readonly (KObject | undefined)[]) => rss.reduce((n, rs) => n + num(rs?.status?.replicas), 0);
export const readyReplicaCount = (rss: readonly (KObject | undefined)[]) => rss.reduce((n, rs) => n + num(rs?.status?.readyReplicas), 0);
export const availableReplicaCount = (rss: readonly (KObject | undefined)[]) => rss.reduce((n, rs) => n + num(rs?.status?.availableReplicas), 0);

/** `FindActiveOrLatest`: the only active RS, the newest when none is active, none when several are. */
export function findActiveOrLatest(newRS: KObject | undefined, oldRSs: readonly KObject[]): KObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActiveReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** `IsSaturated`: the new RS runs every replica and they are available. */
export function isSaturated(d: KObject, rs: KObject | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  const replicas = specReplicas(d);
  return specReplicas(rs) === replicas && desired === replicas && num(rs.status?.availableReplicas) === replicas;
}

/** `NewRSNewReplicas`: the new RS's size after this step of the rollout. */
export function newRSNewReplicas(d: KObject, allRSs: readonly (KObject | undefined)[], newRS: KObject): number {
  const replicas = specReplicas(d);
  if (d.spec?.strategy?.type === 'Recreate') return replicas;
  const surge = scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge, replicas, true);
  const current = replicaCount(allRSs);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  return specReplicas(newRS) + Math.min(maxTotal - current, replicas - specReplicas(newRS));
}

/** Go's math.Round: halves away from zero. */
const goRound = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

/** `getReplicaSetFraction`: the RS's share of a resize, from its max-replicas annotation. */
function replicaSetFraction(rs: KObject, d: KObject): number {
  const replicas = specReplicas(d);
  if (replicas === 0) return -specReplicas(rs);
  const deploymentMax = replicas + maxSurge(d);
  let before = intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  if (before === undefined || before === 0) before = num(d.status?.replicas);
  if (before === 0) return 0;
  return goRound((specReplicas(rs) * deploymentMax) / before) - specReplicas(rs);
}

/** `GetReplicaSetProportion`: replicas to add to (or remove from) this RS, within what is left. */
export function replicaSetProportion(rs: KObject, d: KObject, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

// ---- progress ----

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  collisionCount?: number;
  conditions?: DeploymentCondition[];
}

/** `DeploymentComplete`. */
export function deploymentComplete(d: KObject, s: DeploymentStatus): boolean {
  const replicas = specReplicas(d);
  return num(s.updatedReplicas) === replicas && num(s.replicas) === replicas && num(s.availableReplicas) === replicas && num(s.observedGeneration) >= num(d.metadata.generation);
}

/** `DeploymentProgressing`: more updated, ready or available replicas, or fewer old ones. */
export function deploymentProgressing(d: KObject, s: DeploymentStatus): boolean {
  const old: DeploymentStatus = d.status ?? {};
  const oldOld = num(old.replicas) - num(old.updatedReplicas);
  const newOld = num(s.replicas) - num(s.updatedReplicas);
  return num(s.updatedReplicas) > num(old.updatedReplicas) || newOld < oldOld || num(s.readyReplicas) > num(old.readyReplicas) || num(s.availableReplicas) > num(old.availableReplicas);
}

/** `DeploymentTimedOut`: no progress for progressDeadlineSeconds since the Progressing condition's lastUpdateTime. */
export function deploymentTimedOut(d: KObject, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getDeploymentCondition(s, 'Progressing');
  if (!cond) return false;
  if (cond.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (cond.reason === TIMED_OUT_REASON) return true;
  const from = parseTime(cond.lastUpdateTime) ?? 0;
  return from + d.spec.progressDeadlineSeconds * 1000 < nowMs;
}
