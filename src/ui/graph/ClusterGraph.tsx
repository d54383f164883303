// The live cluster graph: React Flow canvas of Node boxes with their pods.

import { useMemo } from 'react';
import { Background, Controls, ReactFlow, type Edge, type NodeTypes } from '@xyflow/react';
import { useUiStore } from '../store';
import { NodeBox } from './NodeBox';
import { buildNodeBoxes, layoutNodeBoxes } from './layout';

const nodeTypes: NodeTypes = { nodeBox: NodeBox };
const NO_EDGES: Edge[] = [];
const fitViewOptions = { padding: 0.08, maxZoom: 1 };

export function ClusterGraph() {
  const objects = useUiStore((s) => s.objects);
  const nodes = useMemo(() => layoutNodeBoxes(buildNodeBoxes(objects)), [objects]);
  return (
    <div className="graph" data-testid="cluster-graph">
      <ReactFlow
        nodes={nodes}
        edges={NO_EDGES}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.2}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
