// TaintToleration (plugins/tainttoleration): NoSchedule/NoExecute taints must be tolerated
// (filter); untolerated PreferNoSchedule taints lower the score (reverse-normalized, weight 3).
import type { CycleState } from '../cycle';
import type { NodeInfo } from '../nodeinfo';
import { Code, newStatus, type FilterPlugin, type ScorePlugin, type Status } from '../types';
import { defaultNormalizeScore, doNotScheduleTaints, findUntoleratedTaint, podTolerations, tolerationsTolerateTaint, type Toleration } from './helpers';

export const TAINT_TOLERATION = 'TaintToleration';

export const taintTolerationFilter: FilterPlugin = {
  name: TAINT_TOLERATION,
  filter(state: CycleState, node: NodeInfo): Status | null {
    if (node.taints.length === 0) return null;
    const taint = findUntoleratedTaint(node.taints, podTolerations(state.pod), doNotScheduleTaints);
    if (!taint) return null;
    const s = newStatus(Code.UnschedulableAndUnresolvable, `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
    s.plugin = TAINT_TOLERATION;
    return s;
  },
};

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
  for (let k = 0; k < n; k++) if (out[k] === null) out[k] = filter(state, nodes[k]!);
};

/** Scores a batch of nodes in a loop of its own (a monomorphic call site). */
taintTolerationScore.scoreBatch = (state, nodes, out, n) => {
  const score = taintTolerationScore.score;
  for (let k = 0; k < n; k++) out[k] = score(state, nodes[k]!);
};
