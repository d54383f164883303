// TaintToleration (plugins/tainttoleration): NoSchedule/NoExecute taints must be tolerated
// (filter); untolerated PreferNoSchedule taints lower the score (reverse-normalized, weight 3).
import type { CycleState } from '../cycle';
import type { NodeInfo } from '../nodeinfo';
import { Code, constStatus, type FilterPlugin, type ScorePlugin, type Status } from '../types';
import { defaultNormalizeScore, doNotScheduleTaints, findUntoleratedTaint, podTolerations, tolerationsTolerateTaint, type Toleration } from './helpers';

export const TAINT_TOLERATION = 'TaintToleration';

export const taintTolerationFilter: FilterPlugin = {
  name: TAINT_TOLERATION,
  filter(state: CycleState, node: NodeInfo): Status | null {
    if (node.taints.length === 0) return null;
    const taint = findUntoleratedTaint(node.taints, podTolerations(state.pod), doNotScheduleTaints);
    if (!taint) return null;
    return untoleratedStatus(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  },
};

/** One frozen status per message (a cluster has few distinct taints): no allocation per rejected node. */
const untolerated = new Map<string, Status>();
function untoleratedStatus(msg: string): Status {
  let s = untolerated.get(msg);
  if (!s) {
    s = constStatus(TAINT_TOLERATION, Code.UnschedulableAndUnresolvable, msg);
    if (untolerated.size < 1024) untolerated.set(msg, s);
  }
  return s;
}

const SCORE_STATE = `${TAINT_TOLERATION}/score`;

export const taintTolerationScore: ScorePlugin = {
  name: TAINT_TOLERATION,
  weight: 3,
  preScore(state: CycleState) {
    // getAllTolerationPreferNoSchedule: tolerations with no effect or PreferNoSchedule.
    state.write(SCORE_STATE, podTolerations(state.pod).filter((t) => !t.effect || t.effect === 'PreferNoSchedule'));
    return true;
  },
  score(state: CycleState, node: NodeInfo): number {
    if (node.taints.length === 0) return 0;
    const tolerations = state.read<Toleration[]>(SCORE_STATE) ?? [];
    let count = 0;
    for (const taint of node.taints) {
      if (taint.effect !== 'PreferNoSchedule') continue;
      if (!tolerationsTolerateTaint(tolerations, taint)) count++;
    }
    return count;
  },
  normalize(_state, _nodes, scores, n) {
    defaultNormalizeScore(scores, n, true);
  },
};

/** The filter over a batch of nodes, in a loop of its own (a monomorphic call site). */
taintTolerationFilter.filterBatch = (state, nodes, n, out) => {
  const filter = taintTolerationFilter.filter;
  for (let k = 0; k < n; k++) if (out[k] === null && nodes[k]!.hasTaints) out[k] = filter(state, nodes[k]!);
};

/** Scores a batch of nodes in a loop of its own (a monomorphic call site). */
taintTolerationScore.scoreBatch = (state, nodes, out, n) => {
  const score = taintTolerationScore.score;
  // An untainted node scores 0 (hasTaints is a field: no taints array to load per node).
  for (let k = 0; k < n; k++) out[k] = nodes[k]!.hasTaints ? score(state, nodes[k]!) : 0;
};
