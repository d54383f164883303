// NodeUnschedulable (plugins/nodeunschedulable): a cordoned node (spec.unschedulable) takes only
// pods that tolerate the node.kubernetes.io/unschedulable:NoSchedule taint.
import type { CycleState } from '../cycle';
import type { NodeInfo } from '../nodeinfo';
import { Code, constStatus, type FilterPlugin, type Status } from '../types';
import { podTolerations, tolerationsTolerateTaint } from './helpers';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE = constStatus(NODE_UNSCHEDULABLE, Code.UnschedulableAndUnresolvable, ERR_REASON_UNSCHEDULABLE);
const TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export const nodeUnschedulable: FilterPlugin = {
  name: NODE_UNSCHEDULABLE,
  filter(state: CycleState, node: NodeInfo): Status | null {
    if (!node.unschedulable) return null;
    return tolerationsTolerateTaint(podTolerations(state.pod), TAINT) ? null : UNSCHEDULABLE;
  },
};

/** The filter over a batch of nodes, in a loop of its own (a monomorphic call site). */
nodeUnschedulable.filterBatch = (state, nodes, n, out) => {
  // No cordoned node in the cluster (the usual case): nothing to reject, no node to look at.
  if (state.cache.unschedulableNodes === 0) return;
  const filter = nodeUnschedulable.filter;
  for (let k = 0; k < n; k++) if (out[k] === null) out[k] = filter(state, nodes[k]!);
};
