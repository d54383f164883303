// InterPodAffinity (plugins/interpodaffinity): required pod affinity / anti-affinity of the
// incoming pod, and required anti-affinity of pods already placed, filter nodes by topology
// domain; preferred terms of both sides (and placed pods' required affinity at
// hardPodAffinityWeight 1) score, min-max normalized (weight 2). Counts come from the cache's
// incremental indexes instead of walking every pod (see indexes.ts).
import { nothing } from '../../api/selectors';
import type { CycleState } from '../cycle';
import type { NodeInfo } from '../nodeinfo';
import { makeTerm, matchesAllTerms, termMatches, type AffinityTerm, type PodInfo, type WeightedAffinityTerm } from '../podinfo';
import { Code, constStatus, MAX_NODE_SCORE, type FilterPlugin, type ScorePlugin, type Status } from '../types';
/** A module-local copy: imported bindings cost a getter call per use under CJS transforms. */
const MAX_SCORE = MAX_NODE_SCORE;

export const INTER_POD_AFFINITY = 'InterPodAffinity';
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
const AFFINITY_NOT_MATCH = constStatus(INTER_POD_AFFINITY, Code.UnschedulableAndUnresolvable, ERR_REASON_AFFINITY);
const ANTI_AFFINITY_NOT_MATCH = constStatus(INTER_POD_AFFINITY, Code.Unschedulable, ERR_REASON_ANTI_AFFINITY);
const EXISTING_ANTI_AFFINITY_NOT_MATCH = constStatus(INTER_POD_AFFINITY, Code.Unschedulable, ERR_REASON_EXISTING_ANTI_AFFINITY);
const SKIP = constStatus(INTER_POD_AFFINITY, Code.Skip);
const HARD_POD_AFFINITY_WEIGHT = 1;

/**
 * Counts per topology domain as layers: each layer is one topology key and a map of values to
 * counts. In a normal attempt the layers are the indexes' live maps (nothing is copied); a what-if
 * (preemption, nominated pods) clones the state, which merges them into private maps to change.
 */
interface Layer {
  key: string;
  values: Map<string, number>;
}

function layersCount(layers: readonly Layer[], key: string, value: string): number {
  let n = 0;
  for (const l of layers) if (l.key === key) n += l.values.get(value) ?? 0;
  return n;
}

function layersEmpty(layers: readonly Layer[]): boolean {
  for (const l of layers) if (l.values.size > 0) return false;
  return true;
}

/** One private layer per key, summing the given ones. */
function mergeLayers(layers: readonly Layer[]): Layer[] {
  const byKey = new Map<string, Map<string, number>>();
  for (const l of layers) {
    let m = byKey.get(l.key);
    if (!m) byKey.set(l.key, (m = new Map()));
    for (const [v, n] of l.values) m.set(v, (m.get(v) ?? 0) + n);
  }
  return [...byKey].map(([key, values]) => ({ key, values }));
}

function bumpLayer(layers: Layer[], node: NodeInfo, key: string, delta: number): void {
  const v = node.labels[key];
  if (v === undefined) return;
  let l = layers.find((x) => x.key === key);
  if (!l) layers.push((l = { key, values: new Map() }));
  const n = (l.values.get(v) ?? 0) + delta;
  if (n === 0) l.values.delete(v);
  else l.values.set(v, n);
}

/** mergeAffinityTermNamespacesIfNotEmpty: a real namespaceSelector becomes the namespaces it selects. */
function mergeNamespaces(state: CycleState, t: AffinityTerm): AffinityTerm {
  if (t.nsSelector.empty || t.nsSelector.matchesNothing) return t;
  const names = new Set(t.namespaces);
  for (const ns of state.store.list('/Namespace')) if (t.nsSelector.matches(ns.metadata.labels ?? {})) names.add(ns.metadata.name!);
  return makeTerm(names, nothing(), t.selector, t.topologyKey);
}

// ---- filter ----

interface FilterState {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  /** Placed pods' required anti-affinity terms matching the incoming pod. */
  existingAntiAffinity: Layer[];
  /** Placed pods matching all the incoming pod's required affinity terms, one layer per term. */
  affinity: Layer[];
  /** Placed pods matching each of the incoming pod's required anti-affinity terms. */
  antiAffinity: Layer[];
}

function updateWithPod(state: CycleState, s: FilterState, p: PodInfo, node: NodeInfo, delta: number): void {
  for (const t of p.requiredAntiAffinity ?? []) {
    if (termMatches(t, state.pi.namespace, state.pi.labels, state.nsLabels)) bumpLayer(s.existingAntiAffinity, node, t.topologyKey, delta);
  }
  if (matchesAllTerms(s.requiredAffinity, p.namespace, p.labels)) for (const t of s.requiredAffinity) bumpLayer(s.affinity, node, t.topologyKey, delta);
  for (const t of s.requiredAntiAffinity) if (termMatches(t, p.namespace, p.labels, null)) bumpLayer(s.antiAffinity, node, t.topologyKey, delta);
}

export const interPodAffinityFilter: FilterPlugin = {
  name: INTER_POD_AFFINITY,
  preFilter(state: CycleState) {
    const cache = state.cache;
    const pi = state.pi;
    let existingAntiAffinity: Layer[] | undefined;
    if (cache.terms.entries.size > 0) {
      for (const e of cache.terms.entries.values()) {
        if (e.kind !== 'requiredAntiAffinity' || e.perValue.size === 0) continue;
        if (termMatches(e.term, pi.namespace, pi.labels, state.nsLabels)) (existingAntiAffinity ??= []).push({ key: e.term.topologyKey, values: e.perValue });
      }
    }
    // Most pods have no required terms and meet no placed pod's anti-affinity: Skip, nothing built.
    if (existingAntiAffinity === undefined && !pi.requiredAffinity?.length && !pi.requiredAntiAffinity?.length) return SKIP;
    const requiredAffinity = (pi.requiredAffinity ?? []).map((t) => mergeNamespaces(state, t));
    const requiredAntiAffinity = (pi.requiredAntiAffinity ?? []).map((t) => mergeNamespaces(state, t));
    const affinity: Layer[] = [];
    if (requiredAffinity.length > 0) {
      const counter = cache.counters.get(requiredAffinity, false, cache.pods.values());
      for (const t of requiredAffinity) affinity.push({ key: t.topologyKey, values: cache.counters.perValue(counter, t.topologyKey) });
    }
    const antiAffinity: Layer[] = [];
    for (const t of requiredAntiAffinity) {
      const counter = cache.counters.get([t], false, cache.pods.values());
      antiAffinity.push({ key: t.topologyKey, values: cache.counters.perValue(counter, t.topologyKey) });
    }
    const s: FilterState = { requiredAffinity, requiredAntiAffinity, existingAntiAffinity: existingAntiAffinity ?? [], affinity, antiAffinity };
    state.write(INTER_POD_AFFINITY, s);
    return null;
  },
  filter(state: CycleState, node: NodeInfo): Status | null {
    const s = state.read<FilterState>(INTER_POD_AFFINITY);
    if (!s) return null;
    const labels = node.labels;
    // satisfyPodAffinity
    if (s.requiredAffinity.length > 0) {
      let podsExist = true;
      for (const t of s.requiredAffinity) {
        const v = labels[t.topologyKey];
        if (v === undefined) return AFFINITY_NOT_MATCH;
        if (layersCount(s.affinity, t.topologyKey, v) <= 0) podsExist = false;
      }
      // The first pod of a group with affinity to itself may go anywhere that has the topology.
      if (!podsExist && !(layersEmpty(s.affinity) && matchesAllTerms(s.requiredAffinity, state.pi.namespace, state.pi.labels))) return AFFINITY_NOT_MATCH;
    }
    // satisfyPodAntiAffinity
    for (const t of s.requiredAntiAffinity) {
      const v = labels[t.topologyKey];
      if (v !== undefined && layersCount(s.antiAffinity, t.topologyKey, v) > 0) return ANTI_AFFINITY_NOT_MATCH;
    }
    // satisfyExistingPodsAntiAffinity
    for (const l of s.existingAntiAffinity) {
      const v = labels[l.key];
      if (v === undefined) continue;
      const n = l.values.get(v);
      // Live layers only count up; merged (what-if) layers are one per key.
      if (n !== undefined && n > 0) return EXISTING_ANTI_AFFINITY_NOT_MATCH;
    }
    return null;
  },
  addPod(state, added, node) {
    const s = state.read<FilterState>(INTER_POD_AFFINITY);
    if (s) updateWithPod(state, s, added, node, 1);
  },
  removePod(state, removed, node) {
    const s = state.read<FilterState>(INTER_POD_AFFINITY);
    if (s) updateWithPod(state, s, removed, node, -1);
  },
  cloneState(v) {
    const s = v as FilterState;
    return { ...s, existingAntiAffinity: mergeLayers(s.existingAntiAffinity), affinity: mergeLayers(s.affinity), antiAffinity: mergeLayers(s.antiAffinity) };
  },
};

// ---- score ----

const SCORE_STATE = `${INTER_POD_AFFINITY}/score`;

interface WeightedLayer extends Layer {
  weight: number;
}

/**
 * Layers of the incoming pod's preferred terms. A module function, not a closure made per call:
 * under the dev/bench transform (esbuild keepNames) every named closure costs a defineProperty.
 */
function incomingLayers(state: CycleState, terms: readonly WeightedAffinityTerm[] | null, sign: number, layers: WeightedLayer[]): void {
  if (terms === null) return;
  const cache = state.cache;
  for (const w of terms) {
    const t = mergeNamespaces(state, w.term);
    const counter = cache.counters.get([t], false, cache.pods.values());
    const values = cache.counters.perValue(counter, t.topologyKey);
    if (values.size > 0) layers.push({ key: t.topologyKey, values, weight: w.weight * sign });
  }
}

export const interPodAffinityScore: ScorePlugin = {
  name: INTER_POD_AFFINITY,
  weight: 2,
  preScore(state: CycleState, feasible: readonly NodeInfo[]) {
    if (feasible.length === 0) return false;
    const cache = state.cache;
    const pi = state.pi;
    // Most pods: no preferred terms of their own and no placed pod with terms.
    if (pi.preferredAffinity === null && pi.preferredAntiAffinity === null && cache.terms.entries.size === 0) return false;
    // topologyScore as weighted layers: score(node) = Σ weight × pods in the node's domain.
    const layers: WeightedLayer[] = [];
    incomingLayers(state, pi.preferredAffinity, 1, layers);
    incomingLayers(state, pi.preferredAntiAffinity, -1, layers);
    for (const e of cache.terms.entries.values()) {
      let weight: number;
      if (e.kind === 'requiredAffinity') weight = HARD_POD_AFFINITY_WEIGHT;
      else if (e.kind === 'preferredAffinity') weight = e.weight;
      else if (e.kind === 'preferredAntiAffinity') weight = -e.weight;
      else continue;
      if (e.perValue.size === 0 || !termMatches(e.term, pi.namespace, pi.labels, state.nsLabels)) continue;
      layers.push({ key: e.term.topologyKey, values: e.perValue, weight });
    }
    if (layers.length === 0) return false;
    state.write(SCORE_STATE, layers);
    return true;
  },
  score(state: CycleState, node: NodeInfo): number {
    const layers = state.read<WeightedLayer[]>(SCORE_STATE)!;
    let score = 0;
    for (const l of layers) {
      const v = node.labels[l.key];
      if (v !== undefined) score += l.weight * (l.values.get(v) ?? 0);
    }
    return score;
  },
  normalize(_state, _nodes, scores, n) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      if (scores[i]! > max) max = scores[i]!;
      if (scores[i]! < min) min = scores[i]!;
    }
    const diff = max - min;
    for (let i = 0; i < n; i++) scores[i] = diff > 0 ? Math.trunc(MAX_SCORE * ((scores[i]! - min) / diff)) : 0;
  },
};

/** The filter over a batch of nodes, in a loop of its own (a monomorphic call site). */
interPodAffinityFilter.filterBatch = (state, nodes, n, out) => {
  const filter = interPodAffinityFilter.filter;
  for (let k = 0; k < n; k++) if (out[k] === null) out[k] = filter(state, nodes[k]!);
};

/** Scores a batch of nodes in a loop of its own (a monomorphic call site). */
interPodAffinityScore.scoreBatch = (state, nodes, out, n) => {
  const score = interPodAffinityScore.score;
  for (let k = 0; k < n; k++) out[k] = score(state, nodes[k]!);
};
