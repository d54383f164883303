// The Network tab: Ingresses and Services → endpoints → pods grouped by node, with the traffic
// generators on the left and their requests animated along the edges (TrafficDots).

import { useEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, ReactFlow, type NodeTypes } from '@xyflow/react';
import { AutoFit } from '../graph/AutoFit';
import { reuseUnchanged } from '../graph/layout';
import { useLazyStore } from '../lazyStore';
import { objectsSnapshot, useUiStore, type UiState } from '../store';
import { labelFilter } from '../views/labelFilter';
import { useViewStore } from '../views/viewStore';
import { layoutNetwork, type NetworkFlowNode } from './layout';
import { buildNetwork } from './model';
import { GeneratorNode, IngressNode, NodeGroupNode, PodNode, ServiceNode } from './NetworkNodes';
import { TrafficControls, trafficTargets } from './TrafficControls';
import { TrafficDots, type DotGeometry } from './TrafficDots';
import type { TrafficClientTotals } from '../../worker/protocol';
import './network.css';

const nodeTypes: NodeTypes = { generator: GeneratorNode, ingress: IngressNode, service: ServiceNode, nodeGroup: NodeGroupNode, pod: PodNode };
const fitViewOptions = { padding: 0.06, maxZoom: 1.2 };
const takeClicks = () => {};
/** Generator totals change every frame while traffic runs; the boxes redraw at most this often. */
const TOTALS_EVERY_MS = 250;

const mirror = (s: UiState) => objectsSnapshot(s);

export function NetworkView() {
  // In a transition, never a synchronous render per batch (lazyStore.ts).
  const objects = useLazyStore(mirror);
  const clients = useThrottled(useUiStore((s) => s.traffic.clients), TOTALS_EVERY_MS);
  const namespace = useViewStore((s) => s.namespace);
  const search = useViewStore((s) => s.search);
  const labels = labelFilter(useViewStore((s) => s.labels)).match;
  const ref = useRef<HTMLDivElement>(null);
  // Where each generator's requests enter (an Ingress or Service), learnt from its requests.
  const targets = useRef(new Map<string, string>());
  for (const r of useUiStore.getState().traffic.records) {
    const t = r.ingress ? `ing:${r.ingress}` : r.service ? `svc:${r.service}` : undefined;
    if (t) targets.current.set(r.client, t);
  }
  const model = useMemo(() => buildNetwork(objects, clients, targets.current, { namespace, search, labels }), [objects, clients, namespace, search, labels]);
  // Unchanged boxes keep their node objects: React Flow redraws only what a batch touched.
  const reuse = useRef(new Map<string, { sig: string; node: NetworkFlowNode }>());
  const layout = useMemo(() => {
    const l = layoutNetwork(model);
    return { ...l, nodes: reuseUnchanged(reuse.current, l.nodes) };
  }, [model]);
  const geometry = useRef<DotGeometry>({ anchors: layout.anchors });
  geometry.current = {
    anchors: layout.anchors,
    podNode: model.aggregated ? model.podNode : undefined,
  };
  const allTargets = useMemo(() => trafficTargets(model.services, model.ingresses), [model.services, model.ingresses]);
  const running = useMemo(() => new Set(clients.filter((c) => c.running).map((c) => c.name)), [clients]);
  const empty = model.services.length === 0 && model.generators.length === 0;
  return (
    <div className="graph network" data-testid="network-view" ref={ref}>
      <TrafficControls targets={allTargets} running={running} />
      {empty && <p className="network__empty muted">No Services{namespace ? ` in ${namespace}` : ''}. Expose a Deployment (kubectl expose deployment web --port=80) to see its endpoints here.</p>}
      <ReactFlow
        nodes={layout.nodes}
        edges={layout.edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.05}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        onNodeClick={takeClicks}
      >
        <AutoFit shape={layout.shape} boxes={layout.boxes} container={ref} options={fitViewOptions} />
        <Background gap={24} />
        <Controls showInteractive={false} />
        <TrafficDots geometry={geometry} />
      </ReactFlow>
    </div>
  );
}

/** The value, updated at most every `ms` (the last value always lands). */
function useThrottled(value: TrafficClientTotals[], ms: number): TrafficClientTotals[] {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (value === shown) return;
    const wait = last.current + ms - performance.now();
    const t = setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, Math.max(0, wait));
    return () => clearTimeout(t);
  }, [value, shown, ms]);
  return shown;
}
