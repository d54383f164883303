// NodeName (plugins/nodename): a pod that names a node fits only there.
import type { CycleState } from '../cycle';
import type { NodeInfo } from '../nodeinfo';
import { Code, constStatus, type FilterPlugin, type Status } from '../types';

export const NODE_NAME = 'NodeName';
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
const MISMATCH = constStatus(NODE_NAME, Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_NAME);

export const nodeName: FilterPlugin = {
  name: NODE_NAME,
  filter(state: CycleState, node: NodeInfo): Status | null {
    const want = state.pod.spec?.nodeName;
    return !want || want === node.name ? null : MISMATCH;
  },
};

/** The filter over a batch of nodes, in a loop of its own (a monomorphic call site). */
nodeName.filterBatch = (state, nodes, n, out) => {
  // A pod that names no node passes everywhere: no node to look at.
  if (!state.pod.spec?.nodeName) return;
  const filter = nodeName.filter;
  for (let k = 0; k < n; k++) if (out[k] === null) out[k] = filter(state, nodes[k]!);
};
