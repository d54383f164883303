// The cluster graph's layout: node boxes (built by nodeBoxes.ts) in rows, sized to fit the canvas,
// and reuseUnchanged, which keeps React Flow node objects of boxes a batch did not touch. The view
// types live in views.ts and are re-exported here for the graph's components.

import type { Node as FlowNode } from '@xyflow/react';
import { CHIP_BUDGET } from './expansion';
import { sameData, UNSCHEDULED_ID, type NodeBoxView } from './views';

export * from './views';
export { buildNodeBoxes, NodeBoxBuilder } from './nodeBoxes';

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
 * largest (rows of estimated height `boxH`). `prefer` (the count in use) is kept while it draws
 * them within 5% of the largest: the estimate moves with every count badge of a rolling
 * Deployment, and a new column count re-lays out (and refits) the whole graph.
 */
export function columnsFor(count: number, width: number, height: number, boxH = 320, prefer?: number): number {
  if (count <= 1 || width <= 0 || height <= 0) return Math.max(1, Math.min(count, PER_ROW));
  const scaleOf = (cols: number) => Math.min(width / (cols * (BOX_WIDTH + GAP_X)), height / (Math.ceil(count / cols) * (boxH + GAP_Y)));
  let best = 1;
  let bestScale = 0;
  for (let cols = 1; cols <= count; cols++) {
    const scale = scaleOf(cols);
    if (scale > bestScale + 1e-9) {
      best = cols;
      bestScale = scale;
    }
  }
  if (prefer !== undefined && prefer >= 1 && prefer <= count && prefer !== best && scaleOf(prefer) >= 0.95 * bestScale) return prefer;
  return best;
}

/**
 * Row heights held between layouts. A row grows at once (a box must not reach into the row
 * below) but shrinks only when the caller says the drawing settled (a new `settle` token), or
 * when the rows themselves change (`shape`: other boxes, columns or expanded boxes). A rolling
 * Deployment changes its boxes' count badges ten times a second: stacked on estimated heights
 * alone, every box below a changed row moved with it — jitter, and React Flow restyling and
 * repainting dozens of boxes per redraw.
 */
export class RowHeights {
  private held: number[] = [];
  private shape = '';
  private settle: unknown = undefined;
  /** Some row is held taller than its boxes' estimate: a settle would move boxes up. */
  overReserved = false;

  hold(estimated: number[], shape: string, settle: unknown): number[] {
    if (shape !== this.shape || settle !== this.settle) {
      this.held = [];
      this.shape = shape;
      this.settle = settle;
    }
    const out = estimated.map((h, i) => Math.max(h, this.held[i] ?? 0));
    this.held = out;
    this.overReserved = out.some((h, i) => h > estimated[i]);
    return out;
  }
}

/** `rows`: hold row heights across layouts (RowHeights), keyed by `shape` beside the boxes' ids. */
export function layoutNodeBoxes(views: NodeBoxView[], perRow = PER_ROW, rows?: { heights: RowHeights; settle: unknown; shape?: string }): NodeBoxFlowNode[] {
  const estimated: number[] = [];
  for (let row = 0; row * perRow < views.length; row++) {
    let h = 0;
    for (let i = row * perRow; i < Math.min(views.length, (row + 1) * perRow); i++) h = Math.max(h, boxHeight(views[i]));
    estimated.push(h);
  }
  // The Pending lane (last, coming and going during a rollout) is no new shape: it only adds to or
  // takes from the last row.
  const ids = views
    .filter((v) => v.id !== UNSCHEDULED_ID)
    .map((v) => v.id)
    .join(',');
  const heights = rows ? rows.heights.hold(estimated, `${perRow}|${rows.shape ?? ''}|${ids}`, rows.settle) : estimated;
  const out: NodeBoxFlowNode[] = [];
  let y = 0;
  for (let row = 0; row * perRow < views.length; row++) {
    for (let i = row * perRow, col = 0; i < Math.min(views.length, (row + 1) * perRow); i++, col++) {
      out.push({
        id: views[i].id,
        type: 'nodeBox',
        position: { x: col * (BOX_WIDTH + GAP_X), y },
        data: { view: views[i] },
        draggable: false,
        selectable: false,
      });
    }
    y += heights[row] + GAP_Y;
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
 * so React Flow (which compares node objects) redraws only the boxes a batch touched. Nodes with a
 * `data.view` object compare views: by identity first (nodeBoxes.ts keeps the view object of every
 * box that draws the same), else structurally, which stops at the first difference (serialising
 * a hundred boxes per redraw cost more than the rest of the layout). A node that only moved keeps
 * its `data`. Other nodes (the Network view's) compare by their JSON.
 */
export function reuseUnchanged<T extends { id: string; position: { x: number; y: number }; data: unknown }>(cache: Map<string, { sig: string; node: T }>, nodes: T[]): T[] {
  const seen = new Set<string>();
  const out = nodes.map((n) => {
    seen.add(n.id);
    const hit = cache.get(n.id);
    const view = viewOf(n.data);
    if (view !== undefined) {
      if (hit && sameData(viewOf(hit.node.data), view)) {
        if (hit.node.position.x === n.position.x && hit.node.position.y === n.position.y) return hit.node;
        n = { ...n, data: hit.node.data };
      }
      cache.set(n.id, { sig: '', node: n });
      return n;
    }
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
