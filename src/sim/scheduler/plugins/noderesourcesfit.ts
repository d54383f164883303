// NodeResourcesFit (plugins/noderesources/fit.go, least_allocated.go): the pod's requests must fit
// in allocatable minus what is requested on the node (filter, every failing resource a reason);
// LeastAllocated scoring on cpu and memory (weights 1/1, plugin weight 1) with the non-zero
// request defaults for containers that request nothing.
import type { CycleState } from '../cycle';
import type { NodeInfo } from '../nodeinfo';
import { Code, MAX_NODE_SCORE, type FilterPlugin, type ScorePlugin, type Status } from '../types';
/** A module-local copy: imported bindings cost a getter call per use under CJS transforms. */
const MAX_SCORE = MAX_NODE_SCORE;

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';

const statuses = new Map<string, Status>();
function fitStatus(reasons: string[]): Status {
  const k = reasons.join('\n');
  let s = statuses.get(k);
  if (!s) {
    s = Object.freeze({ code: Code.Unschedulable, reasons: Object.freeze(reasons), plugin: NODE_RESOURCES_FIT });
    statuses.set(k, s);
  }
  return s;
}

/** fitsRequest: the reasons the pod does not fit (empty when it fits). */
export function insufficientResources(state: CycleState, node: NodeInfo): string[] | null {
  const pi = state.pi;
  let out: string[] | null = null;
  if (node.podCount + 1 > node.allocPods) (out ??= []).push('Too many pods');
  if (pi.cpu === 0 && pi.memory === 0 && pi.ephemeralStorage === 0 && !pi.scalar) return out;
  if (pi.cpu > 0 && pi.cpu > node.allocCpu - node.reqCpu) (out ??= []).push('Insufficient cpu');
  if (pi.memory > 0 && pi.memory > node.allocMemory - node.reqMemory) (out ??= []).push('Insufficient memory');
  if (pi.ephemeralStorage > 0 && pi.ephemeralStorage > node.allocEphemeral - node.reqEphemeral) (out ??= []).push('Insufficient ephemeral-storage');
  if (pi.scalar) {
    for (const [name, q] of Object.entries(pi.scalar)) {
      if (q === 0) continue;
      if (q > (node.allocScalar?.[name] ?? 0) - (node.reqScalar?.[name] ?? 0)) (out ??= []).push(`Insufficient ${name}`);
    }
  }
  return out;
}

export const nodeResourcesFitFilter: FilterPlugin = {
  name: NODE_RESOURCES_FIT,
  filter(state: CycleState, node: NodeInfo): Status | null {
    const reasons = insufficientResources(state, node);
    return reasons ? fitStatus(reasons) : null;
  },
};

/** leastRequestedScore: the free share of capacity after placing the pod, 0..100 (integer maths). */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_SCORE) / capacity);
}

export const nodeResourcesFitScore: ScorePlugin = {
  name: NODE_RESOURCES_FIT,
  weight: 1,
  score(state: CycleState, node: NodeInfo): number {
    const pi = state.pi;
    let score = 0;
    let weights = 0;
    if (node.allocCpu !== 0) {
      score += leastRequestedScore(node.nonZeroCpu + pi.nonZeroCpu, node.allocCpu);
      weights++;
    }
    if (node.allocMemory !== 0) {
      score += leastRequestedScore(node.nonZeroMemory + pi.nonZeroMemory, node.allocMemory);
      weights++;
    }
    return weights === 0 ? 0 : Math.trunc(score / weights);
  },
};

/** Statuses of the pods / cpu / memory failures by bit (1, 2, 4): the same shared objects `fitStatus` gives. */
const maskStatuses: (Status | undefined)[] = new Array(8);
function maskStatus(mask: number): Status {
  let s = maskStatuses[mask];
  if (!s) {
    const reasons: string[] = [];
    if (mask & 1) reasons.push('Too many pods');
    if (mask & 2) reasons.push('Insufficient cpu');
    if (mask & 4) reasons.push('Insufficient memory');
    maskStatuses[mask] = s = fitStatus(reasons);
  }
  return s;
}

/**
 * The filter over a batch of nodes. A pod requesting only cpu and memory (nearly all) is checked
 * inline, the pod's requests read once, and a failing node gets its shared status without
 * building and joining a reasons list; the same checks in the same order as `insufficientResources`.
 */
nodeResourcesFitFilter.filterBatch = (state, nodes, n, out) => {
  const pi = state.pi;
  if (pi.ephemeralStorage !== 0 || pi.scalar) {
    const filter = nodeResourcesFitFilter.filter;
    for (let k = 0; k < n; k++) if (out[k] === null) out[k] = filter(state, nodes[k]!);
    return;
  }
  const cpu = pi.cpu;
  const memory = pi.memory;
  for (let k = 0; k < n; k++) {
    if (out[k] !== null) continue;
    const node = nodes[k]!;
    let mask = node.podCount + 1 > node.allocPods ? 1 : 0;
    if (cpu > 0 && cpu > node.allocCpu - node.reqCpu) mask |= 2;
    if (memory > 0 && memory > node.allocMemory - node.reqMemory) mask |= 4;
    if (mask !== 0) out[k] = maskStatus(mask);
  }
};

/** Scores a batch of nodes in a loop of its own (a monomorphic call site). */
nodeResourcesFitScore.scoreBatch = (state, nodes, out, n) => {
  const score = nodeResourcesFitScore.score;
  for (let k = 0; k < n; k++) out[k] = score(state, nodes[k]!);
};
