// The scheduling algorithm (schedule_one.go schedulePod, framework/runtime): PreFilter, the
// nominated node first, Filter over nodes from where the last attempt stopped until enough
// feasible nodes are found (adaptive percentageOfNodesToScore), PreScore/Score/NormalizeScore
// with weights, and selectHost's reservoir sampling among the top scores.

import type { ObjectStore } from '../api/store';
import type { Rng } from '../core/rng';
import type { SchedulerCache } from './cache';
import { CycleState } from './cycle';
import { newDiagnosis, statusMessage, type Diagnosis } from './diagnosis';
import type { NodeInfo } from './nodeinfo';
import { withNodeName, type PodInfo } from './podinfo';
import { balancedAllocation } from './plugins/balancedallocation';
import { imageLocality } from './plugins/imagelocality';
import { interPodAffinityFilter, interPodAffinityScore } from './plugins/interpodaffinity';
import { nodeAffinityFilter, nodeAffinityScore } from './plugins/nodeaffinity';
import { nodeName } from './plugins/nodename';
import { nodePorts } from './plugins/nodeports';
import { nodeResourcesFitFilter, nodeResourcesFitScore } from './plugins/noderesourcesfit';
import { nodeUnschedulable } from './plugins/nodeunschedulable';
import { podTopologySpreadFilter, podTopologySpreadScore } from './plugins/podtopologyspread';
import { taintTolerationFilter, taintTolerationScore } from './plugins/tainttoleration';
import { volumeBinding } from './plugins/volumebinding';
import { AttemptTrace } from './trace';
import { Code, isRejected as isRejectedStatus, type FilterPlugin, type ScorePlugin, type Status } from './types';

export { AttemptTrace } from './trace';

/** The default profile's filter plugins, in MultiPoint order (default_plugins.go). */
export const DEFAULT_FILTER_PLUGINS: readonly FilterPlugin[] = [
  nodeUnschedulable, nodeName, taintTolerationFilter, nodeAffinityFilter, nodePorts, nodeResourcesFitFilter,
  volumeBinding, podTopologySpreadFilter, interPodAffinityFilter,
];

/** The default profile's score plugins with their weights, in MultiPoint order. */
export const DEFAULT_SCORE_PLUGINS: readonly ScorePlugin[] = [
  taintTolerationScore, nodeAffinityScore, nodeResourcesFitScore, podTopologySpreadScore, interPodAffinityScore,
  balancedAllocation, imageLocality,
];

/** Module-local copies: imported bindings cost a getter call per use under CJS transforms. */
const isRejected = isRejectedStatus;
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** numFeasibleNodesToFind with percentageOfNodesToScore 0 (adaptive). */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = 50 - Math.trunc(numAllNodes / 125);
  if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

export interface ScheduleResult {
  node: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

export type ScheduleOutcome =
  | { kind: 'scheduled'; result: ScheduleResult; state: CycleState }
  | { kind: 'unschedulable'; diagnosis: Diagnosis; state: CycleState; evaluatedNodes: number }
  | { kind: 'noNodes' };

/** Nodes filtered together, plugin by plugin. */
const CHUNK = 128;
const MIN_CHUNK = 16;
/** Marks a node already found feasible (with nominated pods) in a chunk. */
const PASSED: Status = Object.freeze({ code: Code.Success, reasons: Object.freeze([]) });

export class Framework {
  /** Where the next attempt starts filtering (sched.nextStartNodeIndex); part of the snapshot. */
  nextStartNodeIndex = 0;
  readonly trace = new AttemptTrace();
  private feasible: NodeInfo[] = [];
  private readonly chunk: NodeInfo[] = new Array(CHUNK);
  private readonly chunkOut: (Status | null)[] = new Array(CHUNK).fill(null);

  constructor(
    readonly cache: SchedulerCache,
    readonly store: ObjectStore,
    private readonly rng: Rng,
    readonly filters: readonly FilterPlugin[] = DEFAULT_FILTER_PLUGINS,
    readonly scores: readonly ScorePlugin[] = DEFAULT_SCORE_PLUGINS,
  ) {}

  filterPlugin(name: string): FilterPlugin | undefined {
    return this.filters.find((f) => f.name === name);
  }

  schedulePod(pi: PodInfo): ScheduleOutcome {
    this.trace.begin(this.filters.length, this.scores.length);
    const outcome = this.attempt(pi);
    this.trace.end();
    return outcome;
  }

  private attempt(pi: PodInfo): ScheduleOutcome {
    const trace = this.trace;
    const allNodes = this.cache.nodeList();
    if (allNodes.length === 0) return { kind: 'noNodes' };
    const state = new CycleState(pi.pod, pi, this.cache, this.store);
    let absent: Status | undefined;

    // PreFilter.
    let narrowed: Set<string> | undefined;
    const pluginsWithNodes: string[] = [];
    for (let i = 0; i < this.filters.length; i++) {
      const pl = this.filters[i]!;
      if (!pl.preFilter) continue;
      const r = pl.preFilter(state);
      if (r === null) continue;
      if ('nodeNames' in r) {
        pluginsWithNodes.push(pl.name);
        narrowed = narrowed ? new Set([...narrowed].filter((n) => r.nodeNames.has(n))) : r.nodeNames;
        if (narrowed.size === 0) {
          const msg = pluginsWithNodes.length === 1 ? `node(s) didn't satisfy plugin ${pluginsWithNodes[0]}` : `node(s) didn't satisfy plugin(s) [${pluginsWithNodes.join(' ')}] simultaneously`;
          return this.preFilterRejected(state, newDiagnosis(allNodes.length), { code: Code.UnschedulableAndUnresolvable, reasons: [msg], plugin: pl.name });
        }
        continue;
      }
      if (r.code === Code.Skip) {
        trace.filterSkipped[i] = true;
        continue;
      }
      return this.preFilterRejected(state, newDiagnosis(allNodes.length), { ...r, plugin: r.plugin ?? pl.name });
    }

    // The nominated node (set by an earlier preemption) is tried first.
    const nominated: string | undefined = pi.pod.status?.nominatedNodeName || undefined;
    if (nominated) {
      trace.nominatedNode = nominated;
      const ni = this.cache.nodes.get(nominated);
      if (ni?.node) {
        const st = this.runFiltersWithNominated(state, ni);
        if (st === null) {
          trace.add(ni.name, null);
          return { kind: 'scheduled', result: { node: ni.name, evaluatedNodes: 1, feasibleNodes: 1 }, state };
        }
      }
      // Not feasible there: the full pass below looks at every node, the nominated one included.
    }

    let nodes = allNodes;
    if (narrowed) {
      nodes = allNodes.filter((n) => narrowed!.has(n.name));
      absent = { code: Code.UnschedulableAndUnresolvable, reasons: [`node(s) didn't satisfy plugin(s) [${[...pluginsWithNodes].sort().join(' ')}]`] };
    }

    // Filter, from where the last attempt stopped, until enough feasible nodes are found. Nodes
    // go through the filters a chunk at a time, plugin by plugin (upstream runs them node by
    // node in parallel); results past the stopping point are dropped, so the outcome is the same.
    const numToFind = numFeasibleNodesToFind(nodes.length);
    // Written by index and cut to length after the loop (as the trace's rows: see AttemptTrace).
    const feasible = this.feasible;
    let nf = 0;
    const n = nodes.length;
    const start = this.nextStartNodeIndex;
    let processed = 0;
    const chunk = this.chunk;
    const out = this.chunkOut;
    const hasNominated = this.cache.nominated.size > 0;
    const filters = this.filters;
    const skipped = trace.filterSkipped;
    const names = trace.names;
    const statuses = trace.statuses;
    const scoredIdx = trace.scoredIdx;
    let rows = trace.count;
    let nScored = 0;
    for (let i = 0, m = 0; i < n && nf < numToFind; i += m) {
      m = Math.min(CHUNK, n - i, Math.max(numToFind - nf, MIN_CHUNK));
      for (let k = 0; k < m; k++) {
        chunk[k] = nodes[(start + i + k) % n]!;
        out[k] = null;
      }
      if (hasNominated) {
        for (let k = 0; k < m; k++) if (this.cache.nominated.has(chunk[k]!.name)) out[k] = this.runFiltersWithNominated(state, chunk[k]!) ?? PASSED;
      }
      for (let j = 0; j < filters.length; j++) {
        if (skipped[j]) continue;
        const pl = filters[j]!;
        if (pl.filterBatch) pl.filterBatch(state, chunk, m, out);
        else {
          for (let k = 0; k < m; k++) {
            if (out[k] !== null) continue;
            const st = pl.filter(state, chunk[k]!);
            out[k] = st === null || st.plugin ? st : { ...st, plugin: pl.name };
          }
        }
      }
      for (let k = 0; k < m && nf < numToFind; k++) {
        const ni = chunk[k]!;
        processed++;
        const st = out[k]!;
        // The trace (trace.add, inlined): feasible nodes' indexes are the rows prioritize scores.
        names[rows] = ni.name;
        if (st === null || st === PASSED) {
          scoredIdx[nScored++] = rows;
          statuses[rows++] = null;
          feasible[nf++] = ni;
        } else statuses[rows++] = st;
      }
    }
    trace.count = rows;
    feasible.length = nf;
    this.nextStartNodeIndex = (start + processed) % allNodes.length;
    // Rows only when scored (below): a record reads them only then.
    trace.scoredCount = nf < 2 ? 0 : nScored;

    if (feasible.length === 0) {
      // NodeToStatus and the rejecting plugins, from the trace (only failures need them).
      const diagnosis = newDiagnosis(allNodes.length);
      if (absent) diagnosis.absent = absent;
      for (let i = 0; i < rows; i++) {
        const st = statuses[i]!;
        diagnosis.statuses.set(names[i]!, st);
        if (st.plugin && isRejected(st)) diagnosis.unschedulablePlugins.add(st.plugin);
      }
      return { kind: 'unschedulable', diagnosis, state, evaluatedNodes: processed };
    }
    if (feasible.length === 1) {
      return { kind: 'scheduled', result: { node: feasible[0]!.name, evaluatedNodes: processed, feasibleNodes: 1 }, state };
    }
    const node = this.prioritize(state, feasible);
    return { kind: 'scheduled', result: { node, evaluatedNodes: processed, feasibleNodes: feasible.length }, state };
  }

  private preFilterRejected(state: CycleState, diagnosis: Diagnosis, st: Status): ScheduleOutcome {
    this.trace.preFilter = st;
    diagnosis.preFilterMsg = statusMessage(st);
    diagnosis.preFilterStatus = st;
    diagnosis.absent = st;
    if (st.plugin && isRejected(st)) diagnosis.unschedulablePlugins.add(st.plugin);
    return { kind: 'unschedulable', diagnosis, state, evaluatedNodes: 0 };
  }

  /** RunFilterPlugins: the first rejecting plugin's status, or null. */
  runFilters(state: CycleState, ni: NodeInfo): Status | null {
    const skipped = this.trace.filterSkipped;
    const filters = this.filters;
    for (let i = 0; i < filters.length; i++) {
      if (skipped[i]) continue;
      const st = filters[i]!.filter(state, ni);
      if (st !== null) return st.plugin ? st : { ...st, plugin: filters[i]!.name };
    }
    return null;
  }

  /**
   * RunFilterPluginsWithNominatedPods: with pods nominated to the node at equal or higher priority
   * counted as placed, and — when that passes — again without them.
   */
  runFiltersWithNominated(state: CycleState, ni: NodeInfo): Status | null {
    const nominated = this.cache.nominated.get(ni.name);
    if (nominated && nominated.size > 0) {
      let copy: NodeInfo | undefined;
      let stateCopy: CycleState | undefined;
      for (const p of nominated.values()) {
        if (p.uid === state.pi.uid || p.priority < state.pi.priority) continue;
        copy ??= ni.clone();
        stateCopy ??= this.cloneState(state);
        const placed = withNodeName(p, ni.name);
        copy.addPod(placed);
        for (const pl of this.filters) pl.addPod?.(stateCopy, placed, copy);
      }
      if (copy && stateCopy) {
        const st = this.runFilters(stateCopy, copy);
        if (st !== null) return st;
      }
    }
    return this.runFilters(state, ni);
  }

  /** A copy of the cycle state whose plugin states what-ifs may change. */
  cloneState(state: CycleState): CycleState {
    return state.cloneWith((plugin, v) => this.filterPlugin(plugin)?.cloneState?.(v) ?? v);
  }

  /** prioritizeNodes + selectHost. */
  private prioritize(state: CycleState, feasible: NodeInfo[]): string {
    const trace = this.trace;
    const n = feasible.length;
    const scores = this.scores;
    if (trace.totals.length < n) {
      const size = Math.max(n, trace.totals.length * 2);
      trace.totals = new Float64Array(size);
      trace.raw = scores.map(() => new Float64Array(size));
      trace.normalized = scores.map(() => new Float64Array(size));
    } else if (trace.raw.length !== scores.length) {
      trace.raw = scores.map(() => new Float64Array(trace.totals.length));
      trace.normalized = scores.map(() => new Float64Array(trace.totals.length));
    }
    const totals = trace.totals;
    totals.fill(0, 0, n);
    for (let j = 0; j < scores.length; j++) {
      const pl = scores[j]!;
      const raw = trace.raw[j]!;
      const norm = trace.normalized[j]!;
      if (pl.preScore && !pl.preScore(state, feasible)) {
        trace.scoreSkipped[j] = true;
        // The buffers are reused between attempts: a skipped plugin's columns must not carry an
        // earlier attempt's scores into the decision record (a restored scheduler starts with
        // fresh buffers, so its records — and the snapshots holding them — would differ).
        raw.fill(0, 0, n);
        norm.fill(0, 0, n);
        continue;
      }
      if (pl.scoreBatch) pl.scoreBatch(state, feasible, raw, n);
      else for (let k = 0; k < n; k++) raw[k] = pl.score(state, feasible[k]!);
      // A copy loop, not norm.set(raw.subarray(0, n)): that made a view object per plugin per attempt.
      for (let k = 0; k < n; k++) norm[k] = raw[k]!;
      if (pl.normalize) pl.normalize(state, feasible, norm, n);
      const w = pl.weight;
      for (let k = 0; k < n; k++) totals[k] += norm[k]! * w;
    }
    // trace.scoredIdx: the feasible nodes' indexes in the trace, in order (filled while filtering).
    trace.scored = n;
    // selectHost: one of the nodes with the top score, uniformly at random. Upstream samples a
    // reservoir (a draw per tie); one draw over the ties gives the same distribution, cheaper.
    let max = totals[0]!;
    let ties = 1;
    for (let k = 1; k < n; k++) {
      const t = totals[k]!;
      if (t > max) {
        max = t;
        ties = 1;
      } else if (t === max) ties++;
    }
    let pick = ties > 1 ? this.rng.int(ties) : 0;
    let best = 0;
    for (let k = 0; k < n; k++) {
      if (totals[k] !== max) continue;
      if (pick-- === 0) {
        best = k;
        break;
      }
    }
    trace.selectedRow = best;
    return feasible[best]!.name;
  }
}
