// Which pods a ReplicaSet deletes first when it scales down (pkg/controller/controller_utils.go
// `ActivePodsWithRanks.Less`, pkg/controller/replicaset/replica_set.go `getPodsToDelete`), with
// PodDeletionCost (beta, on) and LogarithmicScaleDown (GA 1.31) enabled.

import { isPodActive, isPodReady, podCondition } from '../../api/podutil';
import type { KObject } from '../../api/types';
import { parseTime } from '../../core/time';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** The pod-deletion-cost annotation (int32; anything else counts as 0). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

export function podDeletionCost(pod: KObject): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** The Ready condition's lastTransitionTime of a ready pod, ms; 0 (Go's zero time) otherwise. */
function podReadyTimeMs(pod: KObject): number {
  if (!isPodReady(pod)) return 0;
  return parseTime(podCondition(pod, 'Ready')?.lastTransitionTime) ?? 0;
}

/** `afterOrZero`: a zero time sorts first, then the later time. */
function afterOrZero(t1: number, t2: number): boolean {
  if (t1 === 0 || t2 === 0) return t1 === 0;
  return t1 > t2;
}

/** `logarithmicRankDiff`: compares ages on a log2 scale of nanoseconds. */
function logarithmicRankDiff(t1: number, t2: number, nowMs: number): number {
  const d1 = (nowMs - t1) * 1e6;
  const d2 = (nowMs - t2) * 1e6;
  const r1 = d1 > 0 ? Math.trunc(Math.log2(d1)) : -1;
  const r2 = d2 > 0 ? Math.trunc(Math.log2(d2)) : -1;
  return r1 - r2;
}

/** Max restartCount of regular containers, and of sidecars (restartPolicy Always init containers). */
function maxContainerRestarts(pod: KObject): [number, number] {
  let regular = 0;
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  const sidecars = new Set<string>((pod.spec?.initContainers ?? []).filter((c: { restartPolicy?: string }) => c.restartPolicy === 'Always').map((c: { name: string }) => c.name));
  let sidecar = 0;
  for (const c of pod.status?.initContainerStatuses ?? []) if (sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  return [regular, sidecar];
}

const uidLess = (a: KObject, b: KObject) => (a.metadata.uid ?? '') < (b.metadata.uid ?? '');

/** `ActivePodsWithRanks.Less`: whether pod `a` (rank `ra`) should be deleted before `b` (rank `rb`). */
export function podDeletionLess(a: KObject, b: KObject, ra: number, rb: number, nowMs: number): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  // 1. Unassigned < assigned.
  if (na !== nb && (na === '' || nb === '')) return na === '';
  // 2. Pending < Unknown < Running.
  const pa = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  // 3. Not ready < ready.
  const readyA = isPodReady(a);
  const readyB = isPodReady(b);
  if (readyA !== readyB) return !readyA;
  // 4. Lower pod-deletion-cost first.
  const ca = podDeletionCost(a);
  const cb = podDeletionCost(b);
  if (ca !== cb) return ca < cb;
  // 5. Doubled up (more related active pods on the node) first.
  if (ra !== rb) return ra > rb;
  // 6. Both ready: ready more recently first (log2 buckets, then uid).
  if (readyA && readyB) {
    const ta = podReadyTimeMs(a);
    const tb = podReadyTimeMs(b);
    if (ta !== tb) {
      if (ta === 0 || tb === 0) return afterOrZero(ta, tb);
      const diff = logarithmicRankDiff(ta, tb, nowMs);
      if (diff === 0) return uidLess(a, b);
      return diff < 0;
    }
  }
  // 7. Higher restart counts first (regular containers, then sidecars).
  const [regA, sideA] = maxContainerRestarts(a);
  const [regB, sideB] = maxContainerRestarts(b);
  if (regA !== regB) return regA > regB;
  if (sideA !== sideB) return sideA > sideB;
  // 8. Newer first (log2 buckets, then uid); an empty creation time first.
  const cta = parseTime(a.metadata.creationTimestamp) ?? 0;
  const ctb = parseTime(b.metadata.creationTimestamp) ?? 0;
  if (cta !== ctb) {
    if (cta === 0 || ctb === 0) return afterOrZero(cta, ctb);
    const diff = logarithmicRankDiff(cta, ctb, nowMs);
    if (diff === 0) return uidLess(a, b);
    return diff < 0;
  }
  return false;
}

/**
 * `getPodsRankedByRelatedPodsOnSameNode` + sort: the pods in deletion order. A pod's rank is the
 * number of active related pods (for a Deployment's RS: pods of all its RSs) on its node.
 * The sort is stable, so equal pods keep their input (name) order.
 */
export function rankPodsForDeletion(pods: readonly KObject[], relatedPods: readonly KObject[], nowMs: number): KObject[] {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => (podDeletionLess(x.pod, y.pod, x.rank, y.rank, nowMs) ? -1 : podDeletionLess(y.pod, x.pod, y.rank, x.rank, nowMs) ? 1 : 0));
  return ranked.map((r) => r.pod);
}

/** `getPodsToDelete`: the first `diff` pods in deletion order (no sorting when all go). */
export function getPodsToDelete(pods: readonly KObject[], relatedPods: readonly KObject[], diff: number, nowMs: number): KObject[] {
  if (diff < pods.length) return rankPodsForDeletion(pods, relatedPods, nowMs).slice(0, diff);
  return pods.slice(0, diff);
}
