// Why a pod fits no node (framework.Diagnosis, FitError) and how the scheduler says it.

import { Code, type Status } from './types';

/** framework.Diagnosis + FitError: why no node fits. */
export interface Diagnosis {
  numAllNodes: number;
  /** Failed nodes and their status (NodeToStatus). */
  statuses: Map<string, Status>;
  /** Status of nodes not in `statuses` (AbsentNodesStatus); reasons only when PreFilter narrowed or rejected. */
  absent: Status;
  preFilterMsg: string;
  /** The PreFilter plugin that rejected the pod. */
  preFilterStatus?: Status;
  unschedulablePlugins: Set<string>;
  postFilterMsg: string;
}

const NO_REASONS: Status = Object.freeze({ code: Code.UnschedulableAndUnresolvable, reasons: Object.freeze([]) });

export function newDiagnosis(numAllNodes: number): Diagnosis {
  return { numAllNodes, statuses: new Map(), absent: NO_REASONS, preFilterMsg: '', unschedulablePlugins: new Set(), postFilterMsg: '' };
}

/** Status.Message(): reasons joined with ", ". */
export function statusMessage(s: Status): string {
  return s.reasons.join(', ');
}

/** FitError.Error(): `0/N nodes are available: <sorted counted reasons>.` then the PostFilter message. */
export function fitErrorMessage(d: Diagnosis): string {
  let msg = `0/${d.numAllNodes} nodes are available:`;
  if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
  else {
    const counts = new Map<string, number>();
    for (const s of d.statuses.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    if (d.statuses.size < d.numAllNodes) {
      for (const r of d.absent.reasons) counts.set(r, (counts.get(r) ?? 0) + d.numAllNodes - d.statuses.size);
    }
    const sorted = [...counts].map(([r, n]) => `${n} ${r}`).sort(goStringLess);
    if (sorted.length > 0) msg += ` ${sorted.join(', ')}.`;
  }
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}.`;
  return msg;
}

function goStringLess(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
