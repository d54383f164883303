// Decision records: for the latest scheduling attempt of each pod, every filter plugin's verdict
// per node and every score plugin's raw and weighted score, kept while the pod exists and part of
// the snapshot. Stored compactly (plain arrays, shared status table) and expanded on request.
//
// Memory bound: attempts that evaluated at most DETAIL_ALL_LIMIT nodes keep every node. Larger
// ones keep the first FAILED_DETAIL_LIMIT rejected nodes and the SCORED_DETAIL_LIMIT best-scored
// nodes (the chosen one always among them); the rest count in `omittedNodes`, and `rejectedBy`
// still counts rejections over all evaluated nodes. Identical score rows (nodes alike score alike)
// are stored once and shared through `scoreRow`: at 50-node or 5,000-node scale, where most nodes
// are alike, that was most of a record's memory (≈ 10 KB of numbers per pod at 200 nodes).
// Repeated parts (index arrays, score rows, tallies, status tables) are shared between records
// (decisions.shared.ts); the scheduler holds records in a still smaller form (decisions.held.ts).

import { decodeNodes, shared, sharedIndexes } from './decisions.shared';
import { statusPart } from './decisions.status';
import type { AttemptTrace } from './framework';
import { CODE_NAMES, type Code, type FilterPlugin, type FilterVerdict, type FilterVerdictCode, type NodeDecision, type PreemptionDecision, type SchedulingDecision, type ScorePlugin } from './types';

export const DETAIL_ALL_LIMIT = 100;
export const FAILED_DETAIL_LIMIT = 20;
export const SCORED_DETAIL_LIMIT = 20;

/** The stored form: JSON-safe, compact. */
export interface StoredDecision {
  podUid: string;
  namespace: string;
  name: string;
  attempt: number;
  timeMs: number;
  outcome: SchedulingDecision['outcome'];
  selectedNode?: string;
  message?: string;
  numAllNodes: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  nominatedNode?: string;
  preFilter?: { plugin: string; code: number; reasons: string[] };
  filterPlugins: string[];
  filterSkipped: boolean[];
  scorePlugins: [string, number][];
  scoreSkipped: boolean[];
  scoringSkipped: boolean;
  /** Detailed nodes, evaluation order. */
  nodes: string[];
  /** Per detailed node: index of the rejecting filter plugin, or -1; empty when none was rejected. */
  failedBy: number[];
  /** Per detailed node: index into `statusTable`, or -1; empty when none was rejected. */
  status: number[];
  statusTable: { code: number; reasons: string[] }[];
  /** Per detailed node: index into the score rows (shared by nodes with identical rows), or -1 when not scored. */
  scoreRow: number[];
  /** Rows of [raw, normalized] per score plugin, flattened: row * plugins * 2 + plugin * 2 + (0 raw | 1 normalized). */
  scores: number[];
  totals: number[];
  omittedNodes: number;
  rejectedBy: Record<string, number>;
  preemption?: PreemptionDecision;
}

/** The stored form with its node list encoded (decisions.shared.ts encodeNodes). */
export type EncodedDecision = Omit<StoredDecision, 'nodes'> & { nodes: string | string[] };

export interface AttemptInfo {
  uid: string;
  namespace: string;
  name: string;
  attempt: number;
  timeMs: number;
  outcome: SchedulingDecision['outcome'];
  selectedNode?: string;
  message?: string;
  numAllNodes: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  preemption?: PreemptionDecision;
}

/**
 * What recordAttempt needs of an attempt, as one object literal with every field always present
 * (absent ones undefined, which recordAttempt treats as missing): one hidden class for every
 * attempt. Spreading a shared base and adding the rest built a new shape per call site, and the
 * copy was most of scheduleOne's own time.
 */
export function attemptInfo(
  qp: { uid: string; namespace: string; name: string; attempts: number },
  timeMs: number,
  numAllNodes: number,
  outcome: AttemptInfo['outcome'],
  selectedNode: string | undefined,
  message: string | undefined,
  evaluatedNodes: number,
  feasibleNodes: number,
  preemption: PreemptionDecision | undefined,
): AttemptInfo {
  return { uid: qp.uid, namespace: qp.namespace, name: qp.name, attempt: qp.attempts, timeMs, outcome, selectedNode, message, numAllNodes, evaluatedNodes, feasibleNodes, preemption };
}

const pluginIndexes = new WeakMap<readonly FilterPlugin[], Map<string, number>>();
const filterNames = new WeakMap<readonly FilterPlugin[], string[]>();
const scoreNames = new WeakMap<readonly ScorePlugin[], [string, number][]>();


/** Builds the stored record of an attempt from the framework's trace. */
export function recordAttempt(a: AttemptInfo, trace: AttemptTrace, filters: readonly FilterPlugin[], scores: readonly ScorePlugin[]): StoredDecision {
  const n = trace.names.length;
  let pluginIndex = pluginIndexes.get(filters);
  if (!pluginIndex) pluginIndexes.set(filters, (pluginIndex = new Map(filters.map((f, i) => [f.name, i]))));
  let fNames = filterNames.get(filters);
  if (!fNames) filterNames.set(filters, (fNames = filters.map((f) => f.name)));
  let sNames = scoreNames.get(scores);
  if (!sNames) scoreNames.set(scores, (sNames = scores.map((x) => [x.name, x.weight])));
  const statuses = trace.statuses;
  const scored = trace.scored;
  const scoredIdx = trace.scoredIdx;
  const totals = trace.totals;
  // Which evaluated nodes to keep, in evaluation order (null: all of them).
  let keep: number[] | null = null;
  if (n > DETAIL_ALL_LIMIT) {
    const failed: number[] = [];
    for (let i = 0; i < n && failed.length < FAILED_DETAIL_LIMIT; i++) if (statuses[i]) failed.push(i);
    // The best-scored feasible nodes (ties: evaluation order), kept sorted by a small insertion.
    const best: number[] = [];
    let selected = -1;
    if (scored > 0) {
      const bestRows: number[] = [];
      for (let r = 0; r < scored; r++) {
        const t = totals[r]!;
        if (bestRows.length === SCORED_DETAIL_LIMIT && t <= totals[bestRows[bestRows.length - 1]!]!) continue;
        let j = bestRows.length < SCORED_DETAIL_LIMIT ? bestRows.length : bestRows.length - 1;
        while (j > 0 && totals[bestRows[j - 1]!]! < t) {
          bestRows[j] = bestRows[j - 1]!;
          j--;
        }
        bestRows[j] = r;
      }
      for (const r of bestRows) best.push(scoredIdx[r]!);
    } else {
      for (let i = 0; i < n && best.length < SCORED_DETAIL_LIMIT; i++) if (!statuses[i]) best.push(i);
    }
    // The node prioritize picked (its row among the scored ones), else found by name.
    const sr = trace.selectedRow;
    if (sr >= 0 && sr < scored && trace.names[scoredIdx[sr]!] === a.selectedNode) selected = scoredIdx[sr]!;
    else {
      for (let i = 0; i < n; i++) {
        if (!statuses[i] && trace.names[i] === a.selectedNode) {
          selected = i;
          break;
        }
      }
    }
    if (selected >= 0 && !best.includes(selected)) best[best.length - 1] = selected;
    keep = failed.concat(best).sort((x, y) => x - y);
  }
  const K = keep === null ? n : keep.length;
  const verdicts = statusPart(statuses, n, keep, pluginIndex);
  const P = scores.length;
  const out: StoredDecision = {
    podUid: a.uid,
    namespace: a.namespace,
    name: a.name,
    attempt: a.attempt,
    timeMs: a.timeMs,
    outcome: a.outcome,
    numAllNodes: a.numAllNodes,
    evaluatedNodes: a.evaluatedNodes,
    feasibleNodes: a.feasibleNodes,
    filterPlugins: fNames,
    filterSkipped: shared(trace.filterSkipped),
    scorePlugins: sNames,
    scoreSkipped: shared(trace.scoreSkipped),
    scoringSkipped: a.outcome === 'Scheduled' && scored === 0,
    nodes: [],
    failedBy: verdicts.failedBy,
    status: verdicts.status,
    statusTable: verdicts.statusTable,
    scoreRow: [],
    scores: [],
    totals: [],
    omittedNodes: n - K,
    rejectedBy: verdicts.rejectedBy,
  };
  if (a.selectedNode !== undefined) out.selectedNode = a.selectedNode;
  if (a.message !== undefined) out.message = a.message;
  if (trace.nominatedNode) out.nominatedNode = trace.nominatedNode;
  if (trace.preFilter) out.preFilter = { plugin: trace.preFilter.plugin ?? '', code: trace.preFilter.code, reasons: [...trace.preFilter.reasons] };
  if (a.preemption) out.preemption = a.preemption;
  let r = 0;
  /** Rows by a hash of their numbers (a short list on collision, compared number by number). */
  const rowsByHash = new Map<number, number[]>();
  const rowScores: number[] = [];
  const rowTotals: number[] = [];
  const raw = trace.raw;
  const normalized = trace.normalized;
  // Per-node arrays of their exact length (pushing leaves up to half again as spare capacity).
  const names = trace.names;
  const nodes: string[] = keep === null ? names.slice(0, n) : new Array(K);
  const scoreRow: number[] = new Array(K);
  for (let x = 0; x < K; x++) {
    const i = keep === null ? x : keep[x]!;
    if (keep !== null) nodes[x] = names[i]!;
    if (statuses[i]) {
      scoreRow[x] = -1;
      continue;
    }
    // scoredIdx is increasing, as is keep: walk it alongside.
    while (r < scored && scoredIdx[r]! < i) r++;
    if (r >= scored || scoredIdx[r] !== i) {
      scoreRow[x] = -1;
      continue;
    }
    // Nodes alike (same allocatable, same load) score alike: identical rows are stored once.
    // Looked up by a hash of the whole row (many distinct rows can share a total). Rows in the
    // table are distinct under ===, so at most one matches, whatever order they are tried in.
    let h = P;
    for (let j = 0; j < P; j++) {
      const rawScore = raw[j]![r]!;
      const normScore = normalized[j]![r]!;
      h = (Math.imul(h, 31) + (rawScore | 0) + ((rawScore * 1024) | 0)) | 0;
      h = (Math.imul(h, 31) + (normScore | 0) + ((normScore * 1024) | 0)) | 0;
    }
    let row = -1;
    const same = rowsByHash.get(h);
    if (same !== undefined) {
      for (let c = 0; c < same.length; c++) {
        const cand = same[c]!;
        if (rowTotals[cand] !== totals[r]) continue;
        const base = cand * P * 2;
        let j = 0;
        while (j < P && rowScores[base + j * 2] === raw[j]![r] && rowScores[base + j * 2 + 1] === normalized[j]![r]) j++;
        if (j === P) {
          row = cand;
          break;
        }
      }
    }
    if (row < 0) {
      row = rowTotals.length;
      for (let j = 0; j < P; j++) rowScores.push(raw[j]![r]!, normalized[j]![r]!);
      rowTotals.push(totals[r]!);
      if (same !== undefined) same.push(row);
      else rowsByHash.set(h, [row]);
    }
    scoreRow[x] = row;
  }
  out.nodes = nodes;
  out.scoreRow = sharedIndexes(scoreRow);
  // Exact-length (and, when seen before, shared) copies of the pushed score arrays.
  out.scores = sharedIndexes(rowScores.slice());
  out.totals = sharedIndexes(rowTotals.slice());
  return out;
}

/** The public form of a stored (or held) record. */
export function expandDecision(d: StoredDecision | EncodedDecision): SchedulingDecision {
  const P = d.scorePlugins.length;
  const nodes: NodeDecision[] = decodeNodes(d.nodes).map((node, i) => {
    // Empty per-node arrays: no detailed node was rejected.
    const failedBy = d.failedBy[i] ?? -1;
    const si = d.status[i] ?? -1;
    const st = si >= 0 ? d.statusTable[si] : undefined;
    const filters: FilterVerdict[] = d.filterPlugins.map((plugin, j) => {
      if (d.filterSkipped[j]) return { plugin, code: 'Skip' };
      if (failedBy < 0 || j < failedBy) return { plugin, code: 'Success' };
      if (j > failedBy) return { plugin, code: 'NotRun' };
      return { plugin, code: codeName(st?.code ?? 2), reasons: [...(st?.reasons ?? [])] };
    });
    const nd: NodeDecision = { node, feasible: failedBy < 0, filters };
    const row = d.scoreRow[i]!;
    if (row >= 0) {
      nd.scores = [];
      for (let j = 0; j < P; j++) {
        if (d.scoreSkipped[j]) continue;
        const [plugin, weight] = d.scorePlugins[j]!;
        const raw = d.scores[row * P * 2 + j * 2]!;
        const normalized = d.scores[row * P * 2 + j * 2 + 1]!;
        nd.scores.push({ plugin, weight, raw, normalized, weighted: normalized * weight });
      }
      nd.totalScore = d.totals[row]!;
    }
    return nd;
  });
  const out: SchedulingDecision = {
    podUid: d.podUid,
    namespace: d.namespace,
    name: d.name,
    attempt: d.attempt,
    timeMs: d.timeMs,
    outcome: d.outcome,
    numAllNodes: d.numAllNodes,
    evaluatedNodes: d.evaluatedNodes,
    feasibleNodes: d.feasibleNodes,
    filterPlugins: d.filterPlugins.map((name, j) => ({ name, skipped: d.filterSkipped[j]! })),
    scorePlugins: d.scorePlugins.map(([name, weight], j) => ({ name, weight, skipped: d.scoreSkipped[j]! })),
    nodes,
    omittedNodes: d.omittedNodes,
    rejectedBy: { ...d.rejectedBy },
  };
  if (d.selectedNode !== undefined) out.selectedNode = d.selectedNode;
  if (d.message !== undefined) out.message = d.message;
  if (d.nominatedNode) out.nominatedNode = d.nominatedNode;
  if (d.preFilter) out.preFilter = { plugin: d.preFilter.plugin, code: codeName(d.preFilter.code), reasons: [...d.preFilter.reasons] };
  if (d.scoringSkipped) out.scoringSkipped = true;
  if (d.preemption) out.preemption = structuredClone(d.preemption);
  return out;
}

function codeName(c: number): FilterVerdictCode {
  return (CODE_NAMES[c as Code] ?? 'Error') as FilterVerdictCode;
}
