// PodTopologySpread (plugins/podtopologyspread): DoNotSchedule constraints filter nodes whose
// domain would exceed maxSkew over the global minimum; ScheduleAnyway constraints — or, for pods
// without constraints, the system defaults (hostname maxSkew 3, zone maxSkew 5) over the pod's
// Services / ReplicaSet / StatefulSet / ReplicationController selector — score (weight 2).
// Node inclusion policies: nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore by default.
import { labelSelectorFromSpec, nothing, type LabelSelectorMatcher, type LabelSelectorSpec } from '../../api/selectors';
import type { KObject } from '../../api/types';
import type { CycleState } from '../cycle';
import type { MatchCounter } from '../indexes';
import type { NodeInfo } from '../nodeinfo';
import { makeTerm, type PodInfo } from '../podinfo';
import { Code, constStatus, MAX_NODE_SCORE, type FilterPlugin, type ScorePlugin, type Status } from '../types';
import { doNotScheduleTaints, findUntoleratedTaint, podTolerations, RequiredNodeAffinity } from './helpers';
/** A module-local copy: imported bindings cost a getter call per use under CJS transforms. */
const MAX_SCORE = MAX_NODE_SCORE;

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;
const NOT_MATCH = constStatus(POD_TOPOLOGY_SPREAD, Code.Unschedulable, ERR_REASON_CONSTRAINTS_NOT_MATCH);
const LABEL_NOT_MATCH = constStatus(POD_TOPOLOGY_SPREAD, Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_LABEL_NOT_MATCH);
const SKIP = constStatus(POD_TOPOLOGY_SPREAD, Code.Skip);
const HOSTNAME = 'kubernetes.io/hostname';
const NOTHING = nothing();

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelectorMatcher;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorNodeTaints: boolean;
}

/** The system default constraints (config/v1 defaults), in order. */
const SYSTEM_DEFAULTS = [
  { topologyKey: HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

interface ConstraintSpec {
  maxSkew?: number;
  topologyKey?: string;
  whenUnsatisfiable?: string;
  labelSelector?: LabelSelectorSpec | null;
  matchLabelKeys?: string[];
  minDomains?: number;
  nodeAffinityPolicy?: string;
  nodeTaintsPolicy?: string;
}

/** filterTopologySpreadConstraints: the constraints with `action`, matchLabelKeys merged into the selector. */
function constraintsFor(specs: readonly ConstraintSpec[], podLabels: Readonly<Record<string, string>>, action: string, selector?: LabelSelectorMatcher): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of specs) {
    if (c.whenUnsatisfiable !== action) continue;
    let sel = selector;
    if (!sel) {
      const spec = c.labelSelector;
      const extra = (c.matchLabelKeys ?? []).filter((k) => Object.prototype.hasOwnProperty.call(podLabels, k));
      if (extra.length > 0 && spec) {
        sel = labelSelectorFromSpec({
          matchLabels: spec.matchLabels,
          matchExpressions: [...(spec.matchExpressions ?? []), ...extra.map((k) => ({ key: k, operator: 'In', values: [podLabels[k]!] }))],
        });
      } else sel = labelSelectorFromSpec(spec);
    }
    out.push({
      maxSkew: Number(c.maxSkew ?? 1),
      topologyKey: c.topologyKey ?? '',
      selector: sel,
      minDomains: Number(c.minDomains ?? 1),
      honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorNodeTaints: c.nodeTaintsPolicy === 'Honor',
    });
  }
  return out;
}

/** helper.DefaultSelector: the pod's Services, and its controller's selector. Nothing when neither. */
export function defaultSelector(state: CycleState): LabelSelectorMatcher {
  const pi = state.pi;
  const matchLabels: Record<string, string> = {};
  const services = state.cache.services.get(pi.namespace);
  if (services) {
    for (const sel of services.values()) {
      let ok = true;
      for (const k in sel) if (pi.labels[k] !== sel[k]) ok = false;
      if (ok) Object.assign(matchLabels, sel);
    }
  }
  const exprs: { key: string; operator: string; values?: string[] }[] = [];
  const owner = (state.pod.metadata.ownerReferences ?? []).find((r: { controller?: boolean }) => r.controller);
  if (owner) {
    const group = String(owner.apiVersion ?? '').includes('/') ? String(owner.apiVersion).split('/')[0] : '';
    if (owner.kind === 'ReplicationController' && group === '') {
      const rc = state.store.get('/ReplicationController', pi.namespace, owner.name);
      if (rc?.spec?.selector) Object.assign(matchLabels, rc.spec.selector);
    } else if ((owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet') && group === 'apps') {
      const o: KObject | undefined = state.store.get(`apps/${owner.kind}`, pi.namespace, owner.name);
      const sel = o?.spec?.selector;
      if (sel) {
        for (const [k, v] of Object.entries(sel.matchLabels ?? {})) exprs.push({ key: k, operator: 'In', values: [String(v)] });
        for (const e of sel.matchExpressions ?? []) exprs.push(e);
      }
    }
  }
  if (Object.keys(matchLabels).length === 0 && exprs.length === 0) return NOTHING;
  // Every pod of a ReplicaSet has the same default selector: compile it once (matchers are immutable).
  const key = JSON.stringify([matchLabels, exprs]);
  let sel = defaultSelectors.get(key);
  if (!sel) {
    if (defaultSelectors.size >= 256) defaultSelectors.clear();
    sel = labelSelectorFromSpec({ matchLabels, matchExpressions: exprs });
    defaultSelectors.set(key, sel);
  }
  return sel;
}

/** Compiled default selectors by their spec's JSON (bounded: cleared when full). */
const defaultSelectors = new Map<string, LabelSelectorMatcher>();

/** The pod's constraints with `action`, or the system defaults over its default selector. */
function podConstraints(state: CycleState, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
  const specs: ConstraintSpec[] = Array.isArray(state.pod.spec?.topologySpreadConstraints) ? state.pod.spec.topologySpreadConstraints : [];
  if (specs.length > 0) return constraintsFor(specs, state.pi.labels, action);
  if (action !== 'ScheduleAnyway') return [];
  const sel = defaultSelector(state);
  if (sel.matchesNothing || sel.empty) return [];
  return constraintsFor(SYSTEM_DEFAULTS, state.pi.labels, action, sel);
}

function hasAllKeys(labels: Readonly<Record<string, string>>, cs: readonly SpreadConstraint[]): boolean {
  for (const c of cs) if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return false;
  return true;
}

function includesNode(c: SpreadConstraint, state: CycleState, rna: RequiredNodeAffinity, node: NodeInfo): boolean {
  if (c.honorNodeAffinity && !rna.match(node.name, node.labels)) return false;
  if (c.honorNodeTaints && findUntoleratedTaint(node.taints, podTolerations(state.pod), doNotScheduleTaints)) return false;
  return true;
}

/** Counter of non-terminating pods in the pod's namespace matching a constraint's selector, per node. */
function counterFor(state: CycleState, c: SpreadConstraint): MatchCounter | null {
  if (c.selector.empty || c.selector.matchesNothing) return null;
  const term = makeTerm(new Set([state.pi.namespace]), nothing(), c.selector, c.topologyKey);
  return state.cache.counters.get([term], true, state.cache.pods.values());
}

// ---- filter ----

interface FilterState {
  constraints: SpreadConstraint[];
  /** Per constraint: topology value → matching pods in that domain (eligible domains only). */
  matchNum: Map<string, number>[];
  /** Per constraint: cached global minimum, or undefined when stale. */
  minMatch: (number | undefined)[];
  rna: RequiredNodeAffinity;
}

function minMatchNum(s: FilterState, i: number): number {
  const c = s.constraints[i]!;
  const m = s.matchNum[i]!;
  if (m.size < c.minDomains) return 0;
  let min = s.minMatch[i];
  if (min === undefined) {
    min = Infinity;
    for (const v of m.values()) if (v < min) min = v;
    s.minMatch[i] = min;
  }
  return min;
}

function updateWithPod(state: CycleState, s: FilterState, p: PodInfo, node: NodeInfo, delta: number): void {
  if (p.namespace !== state.pi.namespace || !hasAllKeys(node.labels, s.constraints)) return;
  s.constraints.forEach((c, i) => {
    if (!c.selector.matches(p.labels)) return;
    if (!includesNode(c, state, s.rna, node)) return;
    const v = node.labels[c.topologyKey]!;
    s.matchNum[i]!.set(v, (s.matchNum[i]!.get(v) ?? 0) + delta);
    s.minMatch[i] = undefined;
  });
}

export const podTopologySpreadFilter: FilterPlugin = {
  name: POD_TOPOLOGY_SPREAD,
  preFilter(state: CycleState) {
    const constraints = podConstraints(state, 'DoNotSchedule');
    if (constraints.length === 0) return SKIP;
    const rna = new RequiredNodeAffinity(state.pod);
    const counters = constraints.map((c) => counterFor(state, c));
    const matchNum = constraints.map(() => new Map<string, number>());
    for (const node of state.cache.nodeList()) {
      if (!hasAllKeys(node.labels, constraints)) continue;
      constraints.forEach((c, i) => {
        if (!includesNode(c, state, rna, node)) return;
        const v = node.labels[c.topologyKey]!;
        const m = matchNum[i]!;
        m.set(v, (m.get(v) ?? 0) + (counters[i]?.perNode.get(node.name) ?? 0));
      });
    }
    const s: FilterState = { constraints, matchNum, minMatch: constraints.map(() => undefined), rna };
    state.write(POD_TOPOLOGY_SPREAD, s);
    return null;
  },
  filter(state: CycleState, node: NodeInfo): Status | null {
    const s = state.read<FilterState>(POD_TOPOLOGY_SPREAD);
    if (!s) return null;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const v = node.labels[c.topologyKey];
      if (v === undefined) return LABEL_NOT_MATCH;
      const min = minMatchNum(s, i);
      const self = c.selector.matches(state.pi.labels) ? 1 : 0;
      const matchNum = s.matchNum[i]!.get(v) ?? 0;
      if (matchNum + self - min > c.maxSkew) return NOT_MATCH;
    }
    return null;
  },
  addPod(state, added, node) {
    const s = state.read<FilterState>(POD_TOPOLOGY_SPREAD);
    if (s) updateWithPod(state, s, added, node, 1);
  },
  removePod(state, removed, node) {
    const s = state.read<FilterState>(POD_TOPOLOGY_SPREAD);
    if (s) updateWithPod(state, s, removed, node, -1);
  },
  cloneState(v) {
    const s = v as FilterState;
    return { ...s, matchNum: s.matchNum.map((m) => new Map(m)), minMatch: [...s.minMatch] };
  },
};

// ---- score ----

interface ScoreState {
  constraints: SpreadConstraint[];
  ignored: Set<string>;
  /** Per constraint (not hostname): topology value → matching pods. */
  pairCounts: (Map<string, number> | null)[];
  counters: (MatchCounter | null)[];
  weights: number[];
}

const SCORE_STATE = `${POD_TOPOLOGY_SPREAD}/score`;
const INVALID_SCORE = -1;

export const podTopologySpreadScore: ScorePlugin = {
  name: POD_TOPOLOGY_SPREAD,
  weight: 2,
  preScore(state: CycleState, feasible: readonly NodeInfo[]) {
    if (feasible.length === 0 || state.cache.numNodes === 0) return false;
    const podHasConstraints = Array.isArray(state.pod.spec?.topologySpreadConstraints) && state.pod.spec.topologySpreadConstraints.length > 0;
    const constraints = podConstraints(state, 'ScheduleAnyway');
    if (constraints.length === 0) return false;
    // Only pods with their own constraints need every topology key on a node.
    const requireAll = podHasConstraints;
    const ignored = new Set<string>();
    const pairCounts = constraints.map((c) => (c.topologyKey === HOSTNAME ? null : new Map<string, number>()));
    const topoSize = constraints.map(() => 0);
    for (const node of feasible) {
      if (requireAll && !hasAllKeys(node.labels, constraints)) {
        ignored.add(node.name);
        continue;
      }
      constraints.forEach((c, i) => {
        const m = pairCounts[i];
        if (!m) return;
        const v = node.labels[c.topologyKey] ?? '';
        if (!m.has(v)) {
          m.set(v, 0);
          topoSize[i]!++;
        }
      });
    }
    const weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? feasible.length - ignored.size : topoSize[i]!) + 2));
    const rna = new RequiredNodeAffinity(state.pod);
    const counters = constraints.map((c) => counterFor(state, c));
    const affinityAll = rna.matchesAll;
    constraints.forEach((c, i) => {
      const m = pairCounts[i];
      const counter = counters[i];
      if (!m || !counter) return;
      if (!requireAll && !c.honorNodeTaints && (affinityAll || !c.honorNodeAffinity) && !m.has('')) {
        // Every node counts and every feasible node has the key: the counter's running totals per
        // topology value are the same sums, without walking each node that has matching pods.
        const perValue = state.cache.counters.perValue(counter, c.topologyKey);
        for (const [v, cur] of m) {
          const n = perValue.get(v);
          if (n !== undefined) m.set(v, cur + n);
        }
        return;
      }
      for (const [nodeName, count] of counter.perNode) {
        const node = state.cache.nodes.get(nodeName);
        if (!node?.node) continue;
        if (requireAll && !hasAllKeys(node.labels, constraints)) continue;
        if (!includesNode(c, state, rna, node)) continue;
        const v = node.labels[c.topologyKey] ?? '';
        const cur = m.get(v);
        if (cur !== undefined) m.set(v, cur + count);
      }
    });
    const s: ScoreState = { constraints, ignored, pairCounts, counters, weights };
    state.write(SCORE_STATE, s);
    return true;
  },
  score(state: CycleState, node: NodeInfo): number {
    const s = state.read<ScoreState>(SCORE_STATE)!;
    if (s.ignored.has(node.name)) return 0;
    let score = 0;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const v = node.labels[c.topologyKey];
      if (v === undefined) continue;
      const cnt = c.topologyKey === HOSTNAME ? (s.counters[i]?.perNode.get(node.name) ?? 0) : (s.pairCounts[i]!.get(v) ?? 0);
      score += cnt * s.weights[i]! + (c.maxSkew - 1);
    }
    return Math.round(score);
  },
  normalize(state, nodes, scores, n) {
    const s = state.read<ScoreState>(SCORE_STATE)!;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < n; i++) {
      if (s.ignored.has(nodes[i]!.name)) {
        scores[i] = INVALID_SCORE;
        continue;
      }
      if (scores[i]! < min) min = scores[i]!;
      if (scores[i]! > max) max = scores[i]!;
    }
    for (let i = 0; i < n; i++) {
      if (scores[i] === INVALID_SCORE) {
        scores[i] = 0;
        continue;
      }
      if (max === 0) {
        scores[i] = MAX_SCORE;
        continue;
      }
      scores[i] = Math.trunc((MAX_SCORE * (max + min - scores[i]!)) / max);
    }
  },
};

/** The filter over a batch of nodes, in a loop of its own (a monomorphic call site). */
podTopologySpreadFilter.filterBatch = (state, nodes, n, out) => {
  const filter = podTopologySpreadFilter.filter;
  for (let k = 0; k < n; k++) if (out[k] === null) out[k] = filter(state, nodes[k]!);
};

/** Scores a batch of nodes in a loop of its own (a monomorphic call site). */
podTopologySpreadScore.scoreBatch = (state, nodes, out, n) => {
  const score = podTopologySpreadScore.score;
  for (let k = 0; k < n; k++) out[k] = score(state, nodes[k]!);
};
