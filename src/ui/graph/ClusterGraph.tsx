// The live cluster graph: React Flow canvas of Node boxes with their pods, and a Pending lane.

import { useEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, ReactFlow, type Edge, type NodeTypes } from '@xyflow/react';
import { useUiStore } from '../store';
import { useViewStore } from '../views/viewStore';
import { AutoFit } from './AutoFit';
import { NodeBox } from './NodeBox';
import { buildNodeBoxes, columnsFor, layoutNodeBoxes } from './layout';

const nodeTypes: NodeTypes = { nodeBox: NodeBox };
const NO_EDGES: Edge[] = [];
const fitViewOptions = { padding: 0.08, maxZoom: 1 };
/** A node click handler makes React Flow let pointer events reach the boxes' buttons and chips. */
const takeClicks = () => {};

export function ClusterGraph() {
  const objects = useUiStore((s) => s.objects);
  const namespace = useViewStore((s) => s.namespace);
  const search = useViewStore((s) => s.search);
  const collapseControlPlane = useViewStore((s) => s.collapseControlPlane);
  const ref = useRef<HTMLDivElement>(null);
  const size = useSize(ref);
  const boxes = useMemo(() => buildNodeBoxes(objects, { namespace, search, collapseControlPlane }), [objects, namespace, search, collapseControlPlane]);
  const avgH = boxes.length ? boxes.reduce((a, b) => a + 150 + Math.min(b.groups?.length ?? b.pods.length, 40) * 26, 0) / boxes.length : 300;
  const cols = columnsFor(boxes.length, size.w, size.h, avgH);
  const nodes = useMemo(() => layoutNodeBoxes(boxes, cols), [boxes, cols]);
  // Refit when boxes appear, go, or change row height a lot (not on every pod change).
  const shape = nodes.map((n) => `${n.id}:${Math.round(n.position.y / 200)}`).join(',');
  return (
    <div className="graph" data-testid="cluster-graph" ref={ref}>
      <ReactFlow
        nodes={nodes}
        edges={NO_EDGES}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.1}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        onNodeClick={takeClicks}
      >
        <AutoFit shape={shape} container={ref} options={fitViewOptions} />
        <Background gap={24} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

function useSize(ref: React.RefObject<HTMLDivElement | null>): { w: number; h: number } {
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
