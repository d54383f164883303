// NodeAffinity (plugins/nodeaffinity): spec.nodeSelector and required node affinity (filter,
// with PreFilter narrowing to `metadata.name In [...]` nodes as DaemonSet pods use); preferred
// node affinity terms add their weights (score, normalized to 0..100, weight 2).
import type { CycleState } from '../cycle';
import type { NodeInfo } from '../nodeinfo';
import { Code, constStatus, type FilterPlugin, type PreFilterResult, type ScorePlugin, type Status } from '../types';
import { defaultNormalizeScore, nodeSelectorTermMatches, RequiredNodeAffinity } from './helpers';

export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
const MISMATCH = constStatus(NODE_AFFINITY, Code.UnschedulableAndUnresolvable, ERR_REASON_POD);
const CONFLICT = constStatus(NODE_AFFINITY, Code.UnschedulableAndUnresolvable, 'pod affinity terms conflict');
const SKIP = constStatus(NODE_AFFINITY, Code.Skip);

export const nodeAffinityFilter: FilterPlugin = {
  name: NODE_AFFINITY,
  preFilter(state: CycleState): Status | PreFilterResult | null {
    const required = state.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const rna = new RequiredNodeAffinity(state.pod);
    if (rna.empty) return SKIP;
    state.write(NODE_AFFINITY, rna);
    const terms: { matchFields?: { key: string; operator: string; values?: string[] }[] }[] = required?.nodeSelectorTerms ?? [];
    if (!required || terms.length === 0) return null;
    // A term naming nodes (metadata.name In [...]) narrows the nodes; terms are ORed.
    let nodeNames: Set<string> | undefined;
    for (const t of terms) {
      let termNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
        const s = new Set(r.values ?? []);
        termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
      }
      if (!termNames) return null;
      nodeNames = nodeNames ? new Set([...nodeNames, ...termNames]) : termNames;
    }
    if (nodeNames && nodeNames.size === 0) return CONFLICT;
    return nodeNames ? { nodeNames } : null;
  },
  filter(state: CycleState, node: NodeInfo): Status | null {
    const rna = state.read<RequiredNodeAffinity>(NODE_AFFINITY);
    if (!rna) return null;
    return rna.match(node.name, node.labels) ? null : MISMATCH;
  },
};

interface PreferredTerm {
  weight: number;
  preference: { matchExpressions?: never[]; matchFields?: never[] };
}

const SCORE_STATE = `${NODE_AFFINITY}/score`;

export const nodeAffinityScore: ScorePlugin = {
  name: NODE_AFFINITY,
  weight: 2,
  preScore(state: CycleState) {
    const pref: PreferredTerm[] | null | undefined = state.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!Array.isArray(pref)) return false;
    // NewPreferredSchedulingTerms skips zero weights and empty preferences.
    const terms = pref.filter((t) => t && t.weight && ((t.preference?.matchExpressions?.length ?? 0) + (t.preference?.matchFields?.length ?? 0) > 0));
    state.write(SCORE_STATE, terms);
    return true;
  },
  score(state: CycleState, node: NodeInfo): number {
    const terms = state.read<PreferredTerm[]>(SCORE_STATE) ?? [];
    let count = 0;
    for (const t of terms) if (nodeSelectorTermMatches(t.preference, node.name, node.labels)) count += t.weight;
    return count;
  },
  normalize(_state, _nodes, scores, n) {
    defaultNormalizeScore(scores, n, false);
  },
};

/** The filter over a batch of nodes, in a loop of its own (a monomorphic call site). */
nodeAffinityFilter.filterBatch = (state, nodes, n, out) => {
  const filter = nodeAffinityFilter.filter;
  for (let k = 0; k < n; k++) if (out[k] === null) out[k] = filter(state, nodes[k]!);
};

/** Scores a batch of nodes in a loop of its own (a monomorphic call site). */
nodeAffinityScore.scoreBatch = (state, nodes, out, n) => {
  const score = nodeAffinityScore.score;
  for (let k = 0; k < n; k++) out[k] = score(state, nodes[k]!);
};
