// The cluster graph's layout: node boxes (built by nodeBoxes.ts) in rows, sized to fit the canvas,
// and reuseUnchanged, which keeps React Flow node objects of boxes a batch did not touch. The view
// types live in views.ts and are re-exported here for the graph's components.

import type { Node as FlowNode } from '@xyflow/react';
import { CHIP_BUDGET } from './expansion';
import { UNSCHEDULED_ID, type NodeBoxView } from './views';

export * from './views';
export { buildNodeBoxes, formatTaint, groupPods, isSystemNamespace, NodeBoxBuilder, pendingReason } from './nodeBoxes';

export type NodeBoxFlowNode = FlowNode<{ view: NodeBoxView }, 'nodeBox'>;

export const BOX_WIDTH = 320;
const GAP_X = 40;
const GAP_Y = 40;
const PER_ROW = 4;
/** Estimated box height (header, bars, taints, chips), for stacking rows; boxes size themselves. */
const HEADER_H = 150;
const CHIP_H = 26;

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

/**
 * Hands back the previous flow node object for every box whose view and position did not change,
 * so React Flow (which compares node objects) redraws only the boxes a batch touched. A node whose
 * `data.view` is the very object of last time (nodeBoxes.ts keeps the views of unchanged boxes)
 * is unchanged without serialising it; other nodes compare by their JSON.
 */
export function reuseUnchanged<T extends { id: string; position: { x: number; y: number }; data: unknown }>(cache: Map<string, { sig: string; node: T }>, nodes: T[]): T[] {
  const seen = new Set<string>();
  const out = nodes.map((n) => {
    seen.add(n.id);
    const hit = cache.get(n.id);
    const view = viewOf(n.data);
    if (hit && view !== undefined && viewOf(hit.node.data) === view && hit.node.position.x === n.position.x && hit.node.position.y === n.position.y) return hit.node;
    const sig = `${n.position.x},${n.position.y}|${JSON.stringify(n.data)}`;
    if (hit && hit.sig === sig) return hit.node;
    cache.set(n.id, { sig, node: n });
    return n;
  });
  for (const id of cache.keys()) if (!seen.has(id)) cache.delete(id);
  return out;
}

/** The `view` object of a node's data, if it has one (graph boxes do; the network view's nodes need not). */
function viewOf(data: unknown): object | undefined {
  const v = (data as { view?: unknown } | null)?.view;
  return typeof v === 'object' && v !== null ? v : undefined;
}
