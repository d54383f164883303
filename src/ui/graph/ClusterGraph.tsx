// The live cluster graph: React Flow canvas of Node boxes with their pods, and a Pending lane.
// At scale pods group into count badges; zooming in expands the boxes in view (expansion.ts).

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, ReactFlow, type Edge, type NodeChange, type NodeTypes, type Viewport } from '@xyflow/react';
import { useLazyStore } from '../lazyStore';
import { objectsOfKind, useUiStore, type UiState } from '../store';
import { labelFilter } from '../views/labelFilter';
import { useViewStore } from '../views/viewStore';
import { AutoFit } from './AutoFit';
import { CHIP_BUDGET, chooseExpanded, type BoxExtent, type ViewportState } from './expansion';
import { NodeBox } from './NodeBox';
import { BOX_WIDTH, boxHeight, columnsFor, layoutNodeBoxes, NodeBoxBuilder, reuseUnchanged, RowHeights, UNSCHEDULED_ID, type NodeBoxFlowNode, type NodeBoxView } from './layout';

const nodeTypes: NodeTypes = { nodeBox: NodeBox };
const NO_EDGES: Edge[] = [];
const fitViewOptions = { padding: 0.08, maxZoom: 1 };
/** A node click handler makes React Flow let pointer events reach the boxes' buttons and chips. */
const takeClicks = () => {};

/**
 * The graph follows the mirror at most this often (wall ms) while batches keep coming; the first
 * change after a quiet spell shows at once. A large catch-up arrives in parts over several frames
 * (MAX_BATCH_ENTRIES): rebuilding the boxes and re-rendering React Flow for each part cost more
 * main-thread time than the parts saved, and chips changing colour 10 times a second read the same.
 */
const GRAPH_REFRESH_MS = 100;
/**
 * A graph past CHIP_BUDGET pods draws count badges, not chips, and its redraw costs grow with its
 * boxes (a hundred nodes: React Flow's node updates, their style, layout and paint): it follows
 * batches half as often, so a rolling Deployment leaves frames to spare on a loaded machine.
 */
const LARGE_GRAPH_REFRESH_MS = 200;

/**
 * Rows keep the height they grew to while boxes keep changing (RowHeights, layout.ts), and shrink
 * back to fit once no box has changed for this long (wall ms): a rollout's boxes stay put, and
 * the gaps it left close when it is done.
 */
const SETTLE_MS = 1500;

/** What the boxes are drawn from: the Nodes and the Pods (other kinds' batches leave it alone). */
const graphRev = (s: UiState) => `${s.kindRevs['/Node']}:${s.kindRevs['/Pod']}`;

/** A box drawn pod by pod: one object per view, so an unchanged expanded box stays unchanged. */
const expandedViews = new WeakMap<NodeBoxView, NodeBoxView>();
function expandedView(v: NodeBoxView): NodeBoxView {
  let e = expandedViews.get(v);
  if (!e) expandedViews.set(v, (e = { ...v, expanded: true }));
  return e;
}

export function ClusterGraph() {
  // In a transition (lazyStore.ts): under a flood of batches React skips to the latest mirror
  // instead of drawing each, and never blocks a frame with a synchronous render.
  const [large, setLarge] = useState(false);
  const rev = useLazyStore(graphRev, large ? LARGE_GRAPH_REFRESH_MS : GRAPH_REFRESH_MS);
  const namespace = useViewStore((s) => s.namespace);
  const search = useViewStore((s) => s.search);
  const labels = labelFilter(useViewStore((s) => s.labels)).match;
  const collapseControlPlane = useViewStore((s) => s.collapseControlPlane);
  const pinnedList = useViewStore((s) => s.expandedNodes);
  const ref = useRef<HTMLDivElement>(null);
  const size = useSize(ref);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  // Rebuilds only the boxes whose Node or Pods changed since the last render (nodeBoxes.ts).
  const [builder] = useState(() => new NodeBoxBuilder());
  const boxes = useMemo(() => {
    const s = useUiStore.getState();
    return builder.build(objectsOfKind(s, '/Node').values(), objectsOfKind(s, '/Pod').values(), { namespace, search, collapseControlPlane, labels });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `rev` stands for the Nodes and Pods read here
  }, [builder, rev, namespace, search, collapseControlPlane, labels]);
  // Large: more pods than the chip budget (the boxes draw count badges).
  const largeNow = boxes.reduce((n, b) => n + b.podCount, 0) > CHIP_BUDGET;
  useEffect(() => setLarge(largeNow), [largeNow]);
  const avgH = boxes.length ? boxes.reduce((a, b) => a + 150 + Math.min(b.groups?.length ?? b.pods.length, 40) * 26, 0) / boxes.length : 300;
  const lastCols = useRef<number | undefined>(undefined);
  const cols = columnsFor(boxes.length, size.w, size.h, avgH, lastCols.current);
  lastCols.current = cols;
  const [rows] = useState(() => ({ collapsed: new RowHeights(), expanded: new RowHeights() }));
  const [settle, setSettle] = useState(0);
  // The layout with every grouped box collapsed: what fitView frames and what zoom is judged on,
  // so expanding a box never moves the boxes the decision was made from.
  const collapsed = useMemo(() => layoutNodeBoxes(boxes, cols, { heights: rows.collapsed, settle }), [boxes, cols, rows, settle]);
  const expanded = useMemo(() => {
    const grouped: BoxExtent[] = collapsed
      .filter((n) => n.data.view.groups)
      .map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, w: BOX_WIDTH, h: boxHeight(n.data.view), pods: n.data.view.pods.length }));
    if (grouped.length === 0) return new Set<string>();
    const vp: ViewportState | null = viewport ? { ...viewport, width: size.w, height: size.h } : null;
    return chooseExpanded(grouped, vp, new Set(pinnedList));
  }, [collapsed, viewport, size.w, size.h, pinnedList]);
  const reuse = useRef(new Map<string, { sig: string; node: NodeBoxFlowNode }>());
  // React Flow measures each box and reports the size through onNodesChange. A node object
  // without `measured` is drawn hidden and measured again — `visibility` flips twice, restyling the
  // whole box each time, plus a re-measure and a second store update per changed box — so a
  // changed box carries the size it was last measured at; a real change of size is still observed.
  const measured = useRef(new Map<string, { width: number; height: number }>());
  const onNodesChange = useCallback((changes: NodeChange<NodeBoxFlowNode>[]) => {
    for (const c of changes) if (c.type === 'dimensions' && c.dimensions) measured.current.set(c.id, c.dimensions);
  }, []);
  const nodes = useMemo(() => {
    const out =
      expanded.size === 0
        ? reuseUnchanged(reuse.current, collapsed)
        : reuseUnchanged(
            reuse.current,
            layoutNodeBoxes(
              boxes.map((v) => (expanded.has(v.id) ? expandedView(v) : v)),
              cols,
              { heights: rows.expanded, settle, shape: [...expanded].join(',') },
            ),
          );
    for (const n of out) {
      const m = n.measured ? undefined : measured.current.get(n.id);
      if (m) n.measured = m;
    }
    if (measured.current.size > out.length) {
      const ids = new Set(out.map((n) => n.id));
      for (const id of measured.current.keys()) if (!ids.has(id)) measured.current.delete(id);
    }
    return out;
  }, [boxes, cols, collapsed, expanded, rows, settle]);
  // The Pending lane comes and goes as a rollout's pods wait a moment for the scheduler: it counts
  // as shown from its first appearance until the drawing settles, so it refits once, not on every
  // flicker (and, being in `shape`, not after the user moved the view).
  const pendingNow = collapsed.some((n) => n.id === UNSCHEDULED_ID);
  const pending = useRef({ settle, shown: false });
  if (pending.current.settle !== settle) pending.current = { settle, shown: false };
  if (pendingNow) pending.current.shown = true;
  const pendingHeld = pending.current.shown && !pendingNow;
  // Held rows (and a held Pending lane) go once the boxes stop changing.
  useEffect(() => {
    if (!rows.collapsed.overReserved && !rows.expanded.overReserved && !pendingHeld) return;
    const t = setTimeout(() => setSettle((n) => n + 1), SETTLE_MS);
    return () => clearTimeout(t);
  }, [rows, boxes, nodes, pendingHeld]);
  // Refit when node boxes appear or go, the columns change or the Pending lane shows; when the rows
  // grow or shrink (the last row's top moves), only if the drawing outgrew the view or would now be
  // drawn much larger (AutoFit `extent`): a refit re-renders and repaints every box, and a
  // rollout's count badges grow rows a badge at a time.
  const shape = `${cols}|${pending.current.shown ? 'pending' : ''}`;
  const extent = String(collapsed.findLast((n) => n.id !== UNSCHEDULED_ID)?.position.y ?? 0);
  const boxIds = collapsed
    .filter((n) => n.id !== UNSCHEDULED_ID)
    .map((n) => n.id)
    .join(',');
  const onMoveEnd = useCallback((_: unknown, vp: Viewport) => setViewport(vp), []);
  return (
    <div className="graph" data-testid="cluster-graph" data-expanded={expanded.size} ref={ref}>
      <ReactFlow
        nodes={nodes}
        edges={NO_EDGES}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.05}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        onNodeClick={takeClicks}
        onNodesChange={onNodesChange}
        onMoveEnd={onMoveEnd}
        onlyRenderVisibleElements
      >
        <AutoFit shape={shape} boxes={boxIds} extent={extent} container={ref} options={fitViewOptions} />
        <Background gap={24} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

export function useSize(ref: React.RefObject<HTMLDivElement | null>): { w: number; h: number } {
  const [size, setSize] = useState({ w: 0, h: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}
