// PodTopologySpread (plugins/podtopologyspread): DoNotSchedule constraints filter nodes whose
// domain would exceed maxSkew over the global minimum; ScheduleAnyway constraints — or, for pods
// without constraints, the system defaults (hostname maxSkew 3, zone maxSkew 5) over the pod's
// Services / ReplicaSet / StatefulSet / ReplicationController selector — score (weight 2).
// Node inclusion policies: nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore by default.
import type { CycleState } from '../cycle';
import type { MatchCounter } from '../indexes';
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { Code, constStatus, MAX_NODE_SCORE, type FilterPlugin, type ScorePlugin, type Status } from '../types';
import { RequiredNodeAffinity } from './helpers';
import { counterFor, hasAllKeys, HOSTNAME, includesNode, podConstraints, ZONE, type SpreadConstraint } from './podtopologyspread.constraints';

export { defaultSelector, type SpreadConstraint } from './podtopologyspread.constraints';
/** A module-local copy: imported bindings cost a getter call per use under CJS transforms. */
const MAX_SCORE = MAX_NODE_SCORE;

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;
const NOT_MATCH = constStatus(POD_TOPOLOGY_SPREAD, Code.Unschedulable, ERR_REASON_CONSTRAINTS_NOT_MATCH);
const LABEL_NOT_MATCH = constStatus(POD_TOPOLOGY_SPREAD, Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_LABEL_NOT_MATCH);
const SKIP = constStatus(POD_TOPOLOGY_SPREAD, Code.Skip);

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
  /** Feasible nodes without every topology key (only pods with their own constraints have any). */
  ignored: ReadonlySet<string>;
  /** Per constraint on another key than hostname and zone: topology value → matching pods. */
  pairCounts: (Map<string, number> | null)[];
  /**
   * Per zone constraint: matching pods by zone index (NodeInfo.zoneIdx; the last slot, or the
   * index of '', holds nodes without the label, which upstream counts under ''); -1 for a zone no
   * feasible node is in (absent from upstream's map). Array reads instead of string-map lookups.
   */
  zoneCounts: (number[] | null)[];
  counters: (MatchCounter | null)[];
  weights: number[];
}

const SCORE_STATE = `${POD_TOPOLOGY_SPREAD}/score`;
const NO_NODES: ReadonlySet<string> = new Set();
const INVALID_SCORE = -1;

/** Where a constraint's node values come from: the counter by node, zone indexes, or a label map. */
const BY_HOSTNAME = 0;
const BY_ZONE = 1;
const BY_LABEL = 2;
function sourceOf(key: string): number {
  return key === HOSTNAME ? BY_HOSTNAME : key === ZONE ? BY_ZONE : BY_LABEL;
}

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
    const nc = constraints.length;
    const cache = state.cache;
    // Made only when a node is ignored (most attempts ignore none).
    let ignored: Set<string> | undefined;
    const pairCounts: (Map<string, number> | null)[] = new Array(nc);
    const zoneCounts: (number[] | null)[] = new Array(nc);
    const topoSize: number[] = new Array(nc);
    // Nodes without a zone label count under '' (as upstream's map does): with nodes labelled ''
    // when there are any, else in a slot of their own past the known zones.
    const numZones = cache.zoneValues.length;
    const noZoneIdx = cache.knownZoneIndex('') ?? numZones;
    for (let i = 0; i < nc; i++) {
      const src = sourceOf(constraints[i]!.topologyKey);
      pairCounts[i] = src === BY_LABEL ? new Map<string, number>() : null;
      zoneCounts[i] = src === BY_ZONE ? unseenZones(numZones + 1) : null;
      topoSize[i] = 0;
    }
    // Plain loops (no closures): this runs over every feasible node of every pod.
    for (let k = 0; k < feasible.length; k++) {
      const node = feasible[k]!;
      if (requireAll && !hasAllKeys(node.labels, constraints)) {
        (ignored ??= new Set()).add(node.name);
        continue;
      }
      for (let i = 0; i < nc; i++) {
        const z = zoneCounts[i];
        if (z) {
          const zi = node.zoneIdx < 0 ? noZoneIdx : node.zoneIdx;
          if (z[zi]! < 0) {
            z[zi] = 0;
            topoSize[i]!++;
          }
          continue;
        }
        const m = pairCounts[i];
        if (!m) continue;
        const v = node.labels[constraints[i]!.topologyKey] ?? '';
        if (!m.has(v)) {
          m.set(v, 0);
          topoSize[i]!++;
        }
      }
    }
    const weights: number[] = new Array(nc);
    for (let i = 0; i < nc; i++) weights[i] = Math.log((constraints[i]!.topologyKey === HOSTNAME ? feasible.length - (ignored?.size ?? 0) : topoSize[i]!) + 2);
    const rna = new RequiredNodeAffinity(state.pod);
    const counters: (MatchCounter | null)[] = new Array(nc);
    for (let i = 0; i < nc; i++) counters[i] = counterFor(state, constraints[i]!);
    const affinityAll = rna.matchesAll;
    for (let i = 0; i < nc; i++) {
      const c = constraints[i]!;
      const m = pairCounts[i];
      const z = zoneCounts[i];
      const counter = counters[i];
      if ((!m && !z) || !counter) continue;
      const hasNoKey = z ? z[noZoneIdx]! >= 0 : m!.has('');
      if (!requireAll && !c.honorNodeTaints && (affinityAll || !c.honorNodeAffinity) && !hasNoKey) {
        // Every node counts and every feasible node has the key: the counter's running totals per
        // topology value are the same sums, without walking each node that has matching pods.
        const perValue = cache.counters.perValue(counter, c.topologyKey);
        if (z) {
          for (let zi = 0; zi < numZones; zi++) {
            if (z[zi]! < 0) continue;
            const n = perValue.get(cache.zoneValues[zi]!);
            if (n !== undefined) z[zi] = z[zi]! + n;
          }
          continue;
        }
        for (const [v, cur] of m!) {
          const n = perValue.get(v);
          if (n !== undefined) m!.set(v, cur + n);
        }
        continue;
      }
      for (const [nodeName, count] of counter.perNode) {
        const node = cache.nodes.get(nodeName);
        if (!node?.node) continue;
        if (requireAll && !hasAllKeys(node.labels, constraints)) continue;
        if (!includesNode(c, state, rna, node)) continue;
        if (z) {
          const zi = node.zoneIdx < 0 ? noZoneIdx : node.zoneIdx;
          if (zi < z.length && z[zi]! >= 0) z[zi] = z[zi]! + count;
          continue;
        }
        const v = node.labels[c.topologyKey] ?? '';
        const cur = m!.get(v);
        if (cur !== undefined) m!.set(v, cur + count);
      }
    }
    const s: ScoreState = { constraints, ignored: ignored ?? NO_NODES, pairCounts, zoneCounts, counters, weights };
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
      const src = sourceOf(c.topologyKey);
      const cnt =
        src === BY_HOSTNAME ? (s.counters[i]?.perNode.get(node.name) ?? 0) : src === BY_ZONE ? zoneCount(s.zoneCounts[i]!, node.zoneIdx) : (s.pairCounts[i]!.get(v) ?? 0);
      score += cnt * s.weights[i]! + (c.maxSkew - 1);
    }
    return Math.round(score);
  },
  normalize(state, nodes, scores, n) {
    const s = state.read<ScoreState>(SCORE_STATE)!;
    let min = Infinity;
    let max = 0;
    const ignored = s.ignored.size > 0 ? s.ignored : null;
    for (let i = 0; i < n; i++) {
      if (ignored !== null && ignored.has(nodes[i]!.name)) {
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

/**
 * Counts per zone index, -1 (no feasible node in the zone) to begin with. A plain array of small
 * integers: a typed array costs an ArrayBuffer and its backing store per scoring attempt (reads
 * past the end are undefined either way, and writes are only made in bounds).
 */
function unseenZones(n: number): number[] {
  const z: number[] = [];
  for (let i = 0; i < n; i++) z.push(-1);
  return z;
}

/** A zone's count (0 for a zone no feasible node is in: upstream's map lookup misses). */
function zoneCount(z: readonly number[], zoneIdx: number): number {
  const c = z[zoneIdx];
  return c === undefined || c < 0 ? 0 : c;
}

/**
 * `score` over a batch of nodes with the state read once: per constraint its source, counts and
 * weight are hoisted out of the node loop (the same arithmetic in the same order as `score`).
 */
podTopologySpreadScore.scoreBatch = (state, nodes, out, n) => {
  const s = state.read<ScoreState>(SCORE_STATE)!;
  const nc = s.constraints.length;
  const keys: string[] = new Array(nc);
  const source: number[] = new Array(nc);
  const counts: (Map<string, number> | null)[] = new Array(nc);
  /** Hostname constraints: the counter's counts by NodeInfo slot (the same as perNode by name). */
  const bySlot: (Int32Array | null)[] = new Array(nc);
  const skew1: number[] = new Array(nc);
  for (let i = 0; i < nc; i++) {
    const c = s.constraints[i]!;
    keys[i] = c.topologyKey;
    source[i] = sourceOf(c.topologyKey);
    counts[i] = source[i] === BY_HOSTNAME ? (s.counters[i]?.perNode ?? null) : s.pairCounts[i]!;
    bySlot[i] = source[i] === BY_HOSTNAME ? (s.counters[i]?.perSlot ?? null) : null;
    skew1[i] = c.maxSkew - 1;
  }
  const weights = s.weights;
  const zoneCounts = s.zoneCounts;
  const ignored = s.ignored.size > 0 ? s.ignored : null;
  for (let k = 0; k < n; k++) {
    const node = nodes[k]!;
    if (ignored !== null && ignored.has(node.name)) {
      out[k] = 0;
      continue;
    }
    let score = 0;
    for (let i = 0; i < nc; i++) {
      const src = source[i];
      let cnt = 0;
      if (src === BY_HOSTNAME) {
        if (node.hostnameLabel === undefined) continue;
        const slots = bySlot[i];
        if (slots !== null) cnt = node.slot >= 0 ? (slots[node.slot] ?? 0) : (counts[i]!.get(node.name) ?? 0);
      } else if (src === BY_ZONE) {
        const zi = node.zoneIdx;
        if (zi < 0) continue;
        cnt = zoneCount(zoneCounts[i]!, zi);
      } else {
        const v = node.labels[keys[i]!];
        if (v === undefined) continue;
        cnt = counts[i]!.get(v) ?? 0;
      }
      score += cnt * weights[i]! + skew1[i]!;
    }
    out[k] = Math.round(score);
  }
};
