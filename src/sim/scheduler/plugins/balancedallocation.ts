// NodeResourcesBalancedAllocation (plugins/noderesources/balanced_allocation.go): prefers nodes
// whose cpu and memory would be used in equal shares: (1 − |cpuFraction − memFraction| / 2) × 100,
// fractions capped at 1, from the real requests (useRequested, since 1.23). Weight 1.
import type { CycleState } from '../cycle';
import type { NodeInfo } from '../nodeinfo';
import { MAX_NODE_SCORE, type ScorePlugin } from '../types';
/** A module-local copy: imported bindings cost a getter call per use under CJS transforms. */
const MAX_SCORE = MAX_NODE_SCORE;

export const BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

/** balancedResourceScorer for the resources with a non-zero allocatable. */
export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    let f = requested[i]! / allocatable[i]!;
    if (f > 1) f = 1;
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_SCORE);
}

export const balancedAllocation: ScorePlugin = {
  name: BALANCED_ALLOCATION,
  weight: 1,
  score(state: CycleState, node: NodeInfo): number {
    const pi = state.pi;
    const cpuAlloc = node.allocCpu;
    const memAlloc = node.allocMemory;
    // The common two-resource case without allocations.
    let fc = -1;
    let fm = -1;
    if (cpuAlloc !== 0) fc = Math.min(1, (node.reqCpu + pi.cpu) / cpuAlloc);
    if (memAlloc !== 0) fm = Math.min(1, (node.reqMemory + pi.memory) / memAlloc);
    if (fc >= 0 && fm >= 0) return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_SCORE);
    return MAX_SCORE;
  },
};

/** Scores a batch of nodes in a loop of its own (a monomorphic call site). */
balancedAllocation.scoreBatch = (state, nodes, out, n) => {
  const score = balancedAllocation.score;
  for (let k = 0; k < n; k++) out[k] = score(state, nodes[k]!);
};
