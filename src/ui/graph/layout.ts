// Pure view model of the cluster graph: one box per Node holding its pods, laid out in rows.
// Pods without spec.nodeName go to an "unscheduled" box. Deterministic order: control plane
// first, then by name; pods by namespace/name.

import type { Node as FlowNode } from '@xyflow/react';
import type { KObject } from '../../sim/api/types';
import type { ObjectEntry } from '../../worker/protocol';
import { nodeReadiness, nodeRoles, nodeUnschedulable, nodeZone, type NodeReadiness } from '../kube/nodes';
import { podStatusText, podTone, type PodTone } from '../kube/pods';

export interface PodChipView {
  uid: string;
  name: string;
  namespace: string;
  status: string;
  tone: PodTone;
  /** In a system namespace (kube-system, local-path-storage, …): drawn quieter. */
  system: boolean;
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
  pods: PodChipView[];
}

export type NodeBoxFlowNode = FlowNode<{ view: NodeBoxView }, 'nodeBox'>;

export const UNSCHEDULED_ID = 'unscheduled';
export const BOX_WIDTH = 320;
const GAP_X = 40;
const GAP_Y = 40;
const PER_ROW = 4;
/** Estimated box height (header + chips), for stacking rows; boxes size themselves. */
const HEADER_H = 78;
const CHIP_H = 26;

export function buildNodeBoxes(objects: Record<string, ObjectEntry>): NodeBoxView[] {
  const nodes: KObject[] = [];
  const pods: KObject[] = [];
  for (const e of Object.values(objects)) {
    if (e.kindKey === '/Node') nodes.push(e.object);
    else if (e.kindKey === '/Pod') pods.push(e.object);
  }
  nodes.sort(compareNodes);
  pods.sort(comparePods);

  const boxes = new Map<string, NodeBoxView>();
  for (const n of nodes) {
    boxes.set(n.metadata.name ?? '', {
      id: n.metadata.uid ?? `node/${n.metadata.name}`,
      name: n.metadata.name ?? '',
      readiness: nodeReadiness(n),
      unschedulable: nodeUnschedulable(n),
      roles: nodeRoles(n),
      zone: nodeZone(n),
      pods: [],
    });
  }
  const unscheduled: NodeBoxView = { id: UNSCHEDULED_ID, name: 'Not scheduled', pods: [] };
  for (const p of pods) {
    const status = podStatusText(p);
    const chip: PodChipView = {
      uid: p.metadata.uid ?? `${p.metadata.namespace}/${p.metadata.name}`,
      name: p.metadata.name ?? '',
      namespace: p.metadata.namespace ?? '',
      status,
      tone: podTone(p, status),
      system: isSystemNamespace(p.metadata.namespace),
    };
    // A pod bound to a node we don't know (deleted node) is shown as unscheduled.
    (boxes.get(p.spec?.nodeName ?? '') ?? unscheduled).pods.push(chip);
  }
  const out = [...boxes.values()];
  if (unscheduled.pods.length > 0) out.push(unscheduled);
  return out;
}

export function layoutNodeBoxes(views: NodeBoxView[]): NodeBoxFlowNode[] {
  const out: NodeBoxFlowNode[] = [];
  let y = 0;
  for (let row = 0; row * PER_ROW < views.length; row++) {
    const slice = views.slice(row * PER_ROW, (row + 1) * PER_ROW);
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
    y += Math.max(...slice.map((v) => HEADER_H + v.pods.length * CHIP_H)) + GAP_Y;
  }
  return out;
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

function isSystemNamespace(ns: string | undefined): boolean {
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

/** Name order with numeric runs compared as numbers: worker2 before worker10. */
function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
