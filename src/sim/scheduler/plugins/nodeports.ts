// NodePorts (plugins/nodeports): a pod's hostPorts must be free on the node.
import type { CycleState } from '../cycle';
import type { NodeInfo } from '../nodeinfo';
import { Code, constStatus, type FilterPlugin, type Status } from '../types';

export const NODE_PORTS = 'NodePorts';
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
const CONFLICT = constStatus(NODE_PORTS, Code.Unschedulable, ERR_REASON_NODE_PORTS);
const SKIP = constStatus(NODE_PORTS, Code.Skip);

export const nodePorts: FilterPlugin = {
  name: NODE_PORTS,
  preFilter(state: CycleState) {
    return state.pi.ports ? null : SKIP;
  },
  filter(state: CycleState, node: NodeInfo): Status | null {
    const ports = state.pi.ports;
    if (!ports) return null;
    for (const p of ports) if (node.portConflict(p)) return CONFLICT;
    return null;
  },
};

/** The filter over a batch of nodes, in a loop of its own (a monomorphic call site). */
nodePorts.filterBatch = (state, nodes, n, out) => {
  const filter = nodePorts.filter;
  for (let k = 0; k < n; k++) if (out[k] === null) out[k] = filter(state, nodes[k]!);
};
