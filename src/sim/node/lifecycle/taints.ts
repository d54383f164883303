// Taints and tolerations as the node lifecycle and taint eviction controllers use them
// (k8s.io/api/core/v1 toleration.go, taint.go; pkg/apis/core/v1/helper GetMatchingTolerations;
// pkg/controller/tainteviction getMinTolerationTime).
import type { KObject } from '../../api/types';

import { toleratesTaint, type Taint, type Toleration } from '../../api/taints';

export { toleratesTaint, type Taint, type Toleration };

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

/** Whether every taint is tolerated, and the first toleration that matched each (GetMatchingTolerations). */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): { allTolerated: boolean; used: Toleration[] } {
  if (taints.length === 0) return { allTolerated: true, used: [] };
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/** The shortest tolerationSeconds among the used tolerations in ms; -1 when all tolerate forever. */
export function minTolerationTimeMs(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (typeof t.tolerationSeconds !== 'number') continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

export function nodeTaints(node: KObject | undefined): Taint[] {
  return Array.isArray(node?.spec?.taints) ? node.spec.taints : [];
}

export function podTolerations(pod: KObject): Toleration[] {
  return Array.isArray(pod.spec?.tolerations) ? pod.spec.tolerations : [];
}

export function noExecuteTaints(node: KObject | undefined): Taint[] {
  return nodeTaints(node).filter((t) => t.effect === 'NoExecute');
}

/** Taint.MatchTaint: same key and effect. */
export function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** Taint.ToString: `key=value:effect`, `key:effect`, `key=value:` or `key`. */
export function taintString(t: { key: string; value?: string; effect?: string }): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}
