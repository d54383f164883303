// Which node boxes draw their pods one chip each, and which as count badges. At scale the graph
// must not hold thousands of DOM nodes, so pods group into badges (per owner and status) when a
// box holds many pods or the cluster shows more than CHIP_BUDGET pods. Zooming in (React Flow
// zoom ≥ EXPAND_ZOOM) expands the boxes inside the viewport, nearest the centre first, and a click
// on a badge pins its box open — both within the same budget, so the DOM stays small.

/** React Flow zoom from which boxes in view show their pods one by one. */
export const EXPAND_ZOOM = 0.75;
/** Below this React Flow zoom a node box is drawn as a summary (name, status, pod counts). */
export const FAR_ZOOM = 0.3;
/** Individual pod chips the whole graph may draw. */
export const CHIP_BUDGET = 300;

export interface BoxExtent {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Pods the box would draw as chips. */
  pods: number;
}

/** React Flow's viewport (`{x, y, zoom}`: the flow origin's screen offset) and the canvas size. */
export interface ViewportState {
  x: number;
  y: number;
  zoom: number;
  width: number;
  height: number;
}

/** Whether pods group into badges at all: too many pods in one box, or in the whole graph. */
export function shouldGroup(boxPods: number, totalPods: number, groupAt: number, budget = CHIP_BUDGET): boolean {
  return boxPods > groupAt || totalPods > budget;
}

/**
 * The grouped boxes to draw expanded: the pinned ones first, then (when zoomed in far enough)
 * those intersecting the viewport, nearest its centre first; stops before the chips would
 * exceed the budget (a pinned box alone may exceed it: it then shows `budget` chips).
 */
export function chooseExpanded(grouped: readonly BoxExtent[], viewport: ViewportState | null, pinned: ReadonlySet<string>, budget = CHIP_BUDGET): Set<string> {
  const out = new Set<string>();
  let used = 0;
  const take = (b: BoxExtent, force: boolean) => {
    if (out.has(b.id)) return;
    if (!force && used + b.pods > budget) return;
    out.add(b.id);
    used += b.pods;
  };
  for (const b of grouped) if (pinned.has(b.id)) take(b, out.size === 0);
  if (!viewport || viewport.zoom < EXPAND_ZOOM || viewport.width <= 0 || viewport.height <= 0) return out;
  const view = {
    x: -viewport.x / viewport.zoom,
    y: -viewport.y / viewport.zoom,
    w: viewport.width / viewport.zoom,
    h: viewport.height / viewport.zoom,
  };
  const cx = view.x + view.w / 2;
  const cy = view.y + view.h / 2;
  const inView = grouped.filter((b) => b.x < view.x + view.w && b.x + b.w > view.x && b.y < view.y + view.h && b.y + b.h > view.y);
  const dist = (b: BoxExtent) => Math.hypot(b.x + b.w / 2 - cx, b.y + Math.min(b.h, view.h) / 2 - cy);
  inView.sort((a, b) => dist(a) - dist(b) || a.id.localeCompare(b.id));
  for (const b of inView) take(b, false);
  return out;
}
