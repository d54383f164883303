// The graph's view model types: what a node box shows (built by nodeBoxes.ts, laid out by
// layout.ts, drawn by NodeBox.tsx), and the name order every view shares.

import type { NodeReadiness } from '../kube/nodes';
import type { PodTone } from '../kube/pods';
import type { LabelMatch } from '../views/labelFilter';

export interface PodChipView {
  uid: string;
  name: string;
  namespace: string;
  status: string;
  tone: PodTone;
  /** In a system namespace (kube-system, local-path-storage, …): drawn quieter. */
  system: boolean;
  /** Pending pods: why the scheduler could not place it (PodScheduled condition message). */
  reason?: string;
  /** Container restarts (kubectl's RESTARTS): a killed container or a failing liveness probe shows here. */
  restarts?: number;
}

/** Pods of one owner in one status, drawn as a count badge. */
export interface PodGroupView {
  key: string;
  label: string;
  tone: PodTone;
  status: string;
  count: number;
}

export interface CapacityBar {
  resource: 'cpu' | 'memory' | 'pods';
  requested: number;
  allocatable: number;
}

export interface NodeBoxView {
  /** uid of the Node, or UNSCHEDULED_ID. */
  id: string;
  name: string;
  /** Absent for the unscheduled box. */
  readiness?: NodeReadiness;
  unschedulable?: boolean;
  roles?: string;
  zone?: string;
  controlPlane?: boolean;
  /** Conditions worth showing: pressure conditions that are True, Ready's reason when not Ready. */
  conditions?: string[];
  taints?: string[];
  capacity?: CapacityBar[];
  pods: PodChipView[];
  /** Set instead of showing `pods` one by one when there are many. */
  groups?: PodGroupView[];
  /** Pods in the box before filtering or collapsing. */
  podCount: number;
  collapsed?: boolean;
  /** Grouped, but drawn pod by pod (zoomed in, or its badge clicked). */
  expanded?: boolean;
}

export interface GraphFilter {
  /** '' = all namespaces. */
  namespace?: string;
  /** Case-insensitive substring of a pod's or node's name. */
  search?: string;
  /** Hide the control plane's pods. */
  collapseControlPlane?: boolean;
  /** A parsed label selector: pods whose labels it does not match are hidden. */
  labels?: LabelMatch;
}

export const UNSCHEDULED_ID = 'unscheduled';
export const GROUP_AT = 40;

const collator = new Intl.Collator('en', { numeric: true });

/**
 * Name order with numeric runs compared as numbers: worker2 before worker10. One shared
 * Collator: `localeCompare` with options builds one per call, which made sorting a thousand pods
 * per frame cost most of the frame.
 */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Structural equality of views (plain objects, arrays, primitives), identity first. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}
