// Pure view model of the cluster graph: one box per Node holding its pods, laid out in rows, and
// a "pending" lane for pods without a node (with the scheduler's reason). Nodes carry their
// conditions, taints and requested-vs-allocatable bars. Past GROUP_AT pods in a box, or past
// CHIP_BUDGET in the graph, a box shows count badges per owner and status instead of one chip per
// pod (the DOM stays small at scale); expansion.ts decides which boxes expand again on zoom.
// Deterministic order: control plane first, then by name; pods by namespace/name.

import type { Node as FlowNode } from '@xyflow/react';
import { nodeAllocatable, podRequests } from '../../sim/api/podutil';
import type { KObject } from '../../sim/api/types';
import type { ObjectEntry } from '../../worker/protocol';
import { nodeReadiness, nodeRoles, nodeUnschedulable, nodeZone, type NodeReadiness } from '../kube/nodes';
import { podStatusText, podTone, type PodTone } from '../kube/pods';
import type { LabelMatch } from '../views/labelFilter';
import { CHIP_BUDGET, shouldGroup } from './expansion';

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

export type NodeBoxFlowNode = FlowNode<{ view: NodeBoxView }, 'nodeBox'>;

export const UNSCHEDULED_ID = 'unscheduled';
export const BOX_WIDTH = 320;
export const GROUP_AT = 40;
const GAP_X = 40;
const GAP_Y = 40;
const PER_ROW = 4;
/** Estimated box height (header, bars, taints, chips), for stacking rows; boxes size themselves. */
const HEADER_H = 150;
const CHIP_H = 26;

export function buildNodeBoxes(objects: Record<string, ObjectEntry>, filter: GraphFilter = {}): NodeBoxView[] {
  const nodes: KObject[] = [];
  const pods: KObject[] = [];
  for (const e of Object.values(objects)) {
    if (e.kindKey === '/Node') nodes.push(e.object);
    else if (e.kindKey === '/Pod') pods.push(e.object);
  }
  nodes.sort(compareNodes);
  pods.sort(comparePods);
  const search = (filter.search ?? '').trim().toLowerCase();

  const boxes = new Map<string, NodeBoxView>();
  const used = new Map<string, { cpu: number; memory: number; pods: number }>();
  for (const n of nodes) {
    const name = n.metadata.name ?? '';
    const cp = isControlPlane(n);
    boxes.set(name, {
      id: n.metadata.uid ?? `node/${name}`,
      name,
      readiness: nodeReadiness(n),
      unschedulable: nodeUnschedulable(n),
      roles: nodeRoles(n),
      zone: nodeZone(n),
      controlPlane: cp,
      conditions: nodeConditions(n),
      taints: (n.spec?.taints ?? []).map(formatTaint),
      capacity: [],
      pods: [],
      podCount: 0,
      collapsed: cp && !!filter.collapseControlPlane,
    });
    used.set(name, { cpu: 0, memory: 0, pods: 0 });
  }
  const unscheduled: NodeBoxView = { id: UNSCHEDULED_ID, name: 'Pending', pods: [], podCount: 0 };
  for (const p of pods) {
    const box = boxes.get(p.spec?.nodeName ?? '') ?? unscheduled;
    const status = podStatusText(p);
    const u = used.get(box.name);
    if (u && box !== unscheduled && !isFinished(status)) {
      const r = podRequests(p);
      u.cpu += r.cpu;
      u.memory += r.memory;
      u.pods += 1;
    }
    box.podCount++;
    if (filter.namespace && p.metadata.namespace !== filter.namespace) continue;
    if (search && !(p.metadata.name ?? '').toLowerCase().includes(search) && !box.name.toLowerCase().includes(search)) continue;
    if (filter.labels && !filter.labels(p.metadata.labels)) continue;
    if (box.collapsed) continue;
    box.pods.push({
      uid: p.metadata.uid ?? `${p.metadata.namespace}/${p.metadata.name}`,
      name: p.metadata.name ?? '',
      namespace: p.metadata.namespace ?? '',
      status,
      tone: podTone(p, status),
      system: isSystemNamespace(p.metadata.namespace),
      reason: box === unscheduled ? pendingReason(p) : undefined,
      restarts: podRestarts(p),
    });
  }
  for (const n of nodes) {
    const box = boxes.get(n.metadata.name ?? '')!;
    const a = nodeAllocatable(n);
    const u = used.get(box.name)!;
    box.capacity = [
      { resource: 'cpu', requested: u.cpu, allocatable: a.cpu },
      { resource: 'memory', requested: u.memory, allocatable: a.memory },
      { resource: 'pods', requested: u.pods, allocatable: a.pods ?? 0 },
    ];
  }
  const out = [...boxes.values()];
  if (unscheduled.podCount > 0) out.push(unscheduled);
  const shown = out.reduce((n, b) => n + b.pods.length, 0);
  for (const b of out) if (b.pods.length > 0 && shouldGroup(b.pods.length, shown, GROUP_AT)) b.groups = groupPods(b.pods, objects);
  return out;
}

/** Count badges per owner (the pod's name without its last segment) and status. */
export function groupPods(pods: PodChipView[], objects: Record<string, ObjectEntry> = {}): PodGroupView[] {
  const groups = new Map<string, PodGroupView>();
  for (const p of pods) {
    const owner = objects[p.uid]?.object.metadata.ownerReferences?.[0]?.name ?? p.name.replace(/-[^-]+$/, '');
    const key = `${p.namespace}/${owner}|${p.status}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { key, label: owner, tone: p.tone, status: p.status, count: 1 });
  }
  return [...groups.values()];
}

/**
 * Boxes per row for a canvas of `width`×`height`: the count that lets fitView draw the boxes
 * largest (rows of estimated height `boxH`).
 */
export function columnsFor(count: number, width: number, height: number, boxH = 320): number {
  if (count <= 1 || width <= 0 || height <= 0) return Math.max(1, Math.min(count, PER_ROW));
  let best = 1;
  let bestScale = 0;
  for (let cols = 1; cols <= count; cols++) {
    const rows = Math.ceil(count / cols);
    const scale = Math.min(width / (cols * (BOX_WIDTH + GAP_X)), height / (rows * (boxH + GAP_Y)));
    if (scale > bestScale + 1e-9) {
      best = cols;
      bestScale = scale;
    }
  }
  return best;
}

export function layoutNodeBoxes(views: NodeBoxView[], perRow = PER_ROW): NodeBoxFlowNode[] {
  const out: NodeBoxFlowNode[] = [];
  let y = 0;
  for (let row = 0; row * perRow < views.length; row++) {
    const slice = views.slice(row * perRow, (row + 1) * perRow);
    slice.forEach((view, col) => {
      out.push({
        id: view.id,
        type: 'nodeBox',
        position: { x: col * (BOX_WIDTH + GAP_X), y },
        data: { view },
        draggable: false,
        selectable: false,
      });
    });
    y += Math.max(...slice.map(boxHeight)) + GAP_Y;
  }
  return out;
}

/** Estimated height of a box as drawn (expanded boxes show at most CHIP_BUDGET chips). */
export function boxHeight(v: NodeBoxView): number {
  const items = v.groups && !v.expanded ? v.groups.length : Math.min(v.pods.length, CHIP_BUDGET + 1);
  return HEADER_H + (v.taints?.length ? 24 : 0) + items * (v.id === UNSCHEDULED_ID ? CHIP_H + 16 : CHIP_H);
}

function isFinished(status: string): boolean {
  return status === 'Completed' || status === 'Succeeded' || status === 'Failed';
}

/** The PodScheduled=False message (`0/4 nodes are available: …`), or its reason. */
export function pendingReason(pod: KObject): string | undefined {
  const c = (pod.status?.conditions ?? []).find((x: { type?: string }) => x.type === 'PodScheduled');
  if (!c || c.status !== 'False') return undefined;
  return c.message || c.reason;
}

const PRESSURE = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

function nodeConditions(n: KObject): string[] {
  const conds: { type?: string; status?: string; reason?: string }[] = n.status?.conditions ?? [];
  const out: string[] = [];
  for (const c of conds) {
    if (c.type && PRESSURE.includes(c.type) && c.status !== 'False') out.push(`${c.type}${c.status === 'Unknown' ? '?' : ''}`);
    if (c.type === 'Ready' && c.status !== 'True' && c.reason) out.push(c.reason);
  }
  return out;
}

export function formatTaint(t: { key?: string; value?: string; effect?: string }): string {
  return `${t.key ?? ''}${t.value ? `=${t.value}` : ''}:${t.effect ?? ''}`;
}

function isControlPlane(n: KObject): boolean {
  return 'node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {});
}

function compareNodes(a: KObject, b: KObject): number {
  const ca = isControlPlane(a) ? 0 : 1;
  const cb = isControlPlane(b) ? 0 : 1;
  if (ca !== cb) return ca - cb;
  return compareNames(a.metadata.name ?? '', b.metadata.name ?? '');
}

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

export function isSystemNamespace(ns: string | undefined): boolean {
  return SYSTEM_NAMESPACES.has(ns ?? '');
}

/** The learner's pods first, system pods after; then namespace, name. */
function comparePods(a: KObject, b: KObject): number {
  return (
    Number(isSystemNamespace(a.metadata.namespace)) - Number(isSystemNamespace(b.metadata.namespace)) ||
    compareNames(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compareNames(a.metadata.name ?? '', b.metadata.name ?? '')
  );
}

const collator = new Intl.Collator('en', { numeric: true });

/**
 * Name order with numeric runs compared as numbers: worker2 before worker10. One shared
 * Collator: `localeCompare` with options builds one per call, which made sorting a thousand pods
 * per frame cost most of the frame.
 */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Restarts of the pod's containers, as kubectl's RESTARTS column adds them up. */
function podRestarts(p: KObject): number {
  let n = 0;
  for (const st of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) n += Number(st?.restartCount) || 0;
  return n;
}

/**
 * Hands back the previous flow node object for every box whose view and position did not change,
 * so React Flow (which compares node objects) redraws only the boxes a batch touched.
 */
export function reuseUnchanged<T extends { id: string; position: { x: number; y: number }; data: unknown }>(cache: Map<string, { sig: string; node: T }>, nodes: T[]): T[] {
  const seen = new Set<string>();
  const out = nodes.map((n) => {
    seen.add(n.id);
    const sig = `${n.position.x},${n.position.y}|${JSON.stringify(n.data)}`;
    const hit = cache.get(n.id);
    if (hit && hit.sig === sig) return hit.node;
    cache.set(n.id, { sig, node: n });
    return n;
  });
  for (const id of cache.keys()) if (!seen.has(id)) cache.delete(id);
  return out;
}
