// The live cluster graph: React Flow canvas of Node boxes with their pods, and a Pending lane.
// At scale pods group into count badges; zooming in expands the boxes in view (expansion.ts).

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, ReactFlow, type Edge, type NodeTypes, type Viewport } from '@xyflow/react';
import { useLazyStore } from '../lazyStore';
import { objectsOfKind, useUiStore, type UiState } from '../store';
import { labelFilter } from '../views/labelFilter';
import { useViewStore } from '../views/viewStore';
import { AutoFit } from './AutoFit';
import { chooseExpanded, type BoxExtent, type ViewportState } from './expansion';
import { NodeBox } from './NodeBox';
import { BOX_WIDTH, boxHeight, columnsFor, layoutNodeBoxes, NodeBoxBuilder, reuseUnchanged, type NodeBoxFlowNode, type NodeBoxView } from './layout';

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
  const rev = useLazyStore(graphRev, GRAPH_REFRESH_MS);
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
  const avgH = boxes.length ? boxes.reduce((a, b) => a + 150 + Math.min(b.groups?.length ?? b.pods.length, 40) * 26, 0) / boxes.length : 300;
  const cols = columnsFor(boxes.length, size.w, size.h, avgH);
  // The layout with every grouped box collapsed: what fitView frames and what zoom is judged on,
  // so expanding a box never moves the boxes the decision was made from.
  const collapsed = useMemo(() => layoutNodeBoxes(boxes, cols), [boxes, cols]);
  const expanded = useMemo(() => {
    const grouped: BoxExtent[] = collapsed
      .filter((n) => n.data.view.groups)
      .map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, w: BOX_WIDTH, h: boxHeight(n.data.view), pods: n.data.view.pods.length }));
    if (grouped.length === 0) return new Set<string>();
    const vp: ViewportState | null = viewport ? { ...viewport, width: size.w, height: size.h } : null;
    return chooseExpanded(grouped, vp, new Set(pinnedList));
  }, [collapsed, viewport, size.w, size.h, pinnedList]);
  const reuse = useRef(new Map<string, { sig: string; node: NodeBoxFlowNode }>());
  const nodes = useMemo(() => {
    if (expanded.size === 0) return reuseUnchanged(reuse.current, collapsed);
    const views = boxes.map((v) => (expanded.has(v.id) ? expandedView(v) : v));
    return reuseUnchanged(reuse.current, layoutNodeBoxes(views, cols));
  }, [boxes, cols, collapsed, expanded]);
  // Refit when boxes appear, go, or change row height a lot (not on every pod change).
  const shape = collapsed.map((n) => `${n.id}:${Math.round(n.position.y / 200)}`).join(',');
  const boxIds = collapsed.map((n) => n.id).join(',');
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
        onMoveEnd={onMoveEnd}
        onlyRenderVisibleElements
      >
        <AutoFit shape={shape} boxes={boxIds} container={ref} options={fitViewOptions} />
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
