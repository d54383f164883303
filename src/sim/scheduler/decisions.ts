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

import { kept, selectKept } from './decisions.keep';
import { decodeNodes, encodeNodes, shared, sharedIndexesOf } from './decisions.shared';
import { statusPart } from './decisions.status';
import type { AttemptTrace } from './trace';
import { CODE_NAMES, type Code, type FilterPlugin, type FilterVerdict, type FilterVerdictCode, type NodeDecision, type PreemptionDecision, type SchedulingDecision, type ScorePlugin } from './types';

export const DETAIL_ALL_LIMIT = 100;
export { FAILED_DETAIL_LIMIT, SCORED_DETAIL_LIMIT } from './decisions.keep';

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

/**
 * recordAttempt's scratch, reused by every record: the distinct score rows of the record being
 * made (their numbers, row by row, and their totals) and its kept nodes' row indexes.
 * Fresh per-record arrays, grown push by push, were most of what a record allocated.
 */
let rowScores = new Float64Array(256);
let rowTotals = new Float64Array(16);
let rowIndexes = new Float64Array(128);

/** Room for `rows` rows of `width` numbers (contents kept). */
function growRows(rows: number, width: number): void {
  const cap = Math.max(rows, rowTotals.length * 2);
  const scores = new Float64Array(Math.max(cap * width, rowScores.length));
  scores.set(rowScores);
  rowScores = scores;
  const totals = new Float64Array(cap);
  totals.set(rowTotals);
  rowTotals = totals;
}

const pluginIndexes = new WeakMap<readonly FilterPlugin[], Map<string, number>>();
const filterNames = new WeakMap<readonly FilterPlugin[], string[]>();
const scoreNames = new WeakMap<readonly ScorePlugin[], [string, number][]>();


/** Builds the stored record of an attempt from the framework's trace. */
export function recordAttempt(a: AttemptInfo, trace: AttemptTrace, filters: readonly FilterPlugin[], scores: readonly ScorePlugin[]): StoredDecision {
  return makeRecord(a, trace, filters, scores, false) as StoredDecision;
}

/**
 * The record with its node list encoded (decisions.shared.ts encodeNodes), the form the scheduler
 * holds: the names are encoded from the trace, without a copy of them made per record first.
 */
export function recordAttemptEncoded(a: AttemptInfo, trace: AttemptTrace, filters: readonly FilterPlugin[], scores: readonly ScorePlugin[]): EncodedDecision {
  return makeRecord(a, trace, filters, scores, true);
}

/** Placeholders for the record's arrays, replaced before it is returned (fixed key order). */
const UNSET = Object.freeze([]) as unknown as number[];

function makeRecord(a: AttemptInfo, trace: AttemptTrace, filters: readonly FilterPlugin[], scores: readonly ScorePlugin[], encode: boolean): EncodedDecision {
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
  let keep: Int32Array | null = null;
  let K = n;
  if (n > DETAIL_ALL_LIMIT) {
    keep = kept;
    K = selectKept(trace, n, a.selectedNode);
  }
  const verdicts = statusPart(statuses, n, keep, K, pluginIndex);
  const P = scores.length;
  const out: EncodedDecision = {
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
    nodes: UNSET as unknown as string[],
    failedBy: verdicts.failedBy,
    status: verdicts.status,
    statusTable: verdicts.statusTable,
    scoreRow: UNSET,
    scores: UNSET,
    totals: UNSET,
    omittedNodes: n - K,
    rejectedBy: verdicts.rejectedBy,
  };
  if (a.selectedNode !== undefined) out.selectedNode = a.selectedNode;
  if (a.message !== undefined) out.message = a.message;
  if (trace.nominatedNode) out.nominatedNode = trace.nominatedNode;
  if (trace.preFilter) out.preFilter = { plugin: trace.preFilter.plugin ?? '', code: trace.preFilter.code, reasons: [...trace.preFilter.reasons] };
  if (a.preemption) out.preemption = a.preemption;
  // The distinct score rows (numbers and totals) and each kept node's row, in the reused
  // scratch buffers: only the arrays the record keeps are made, and only when not shared already.
  const rowWidth = P * 2;
  if (rowIndexes.length < K) rowIndexes = new Float64Array(Math.max(K, rowIndexes.length * 2));
  const scoreRow = rowIndexes;
  let rows = 0;
  let r = 0;
  const raw = trace.raw;
  const normalized = trace.normalized;
  // Per-node arrays of their exact length (pushing leaves up to half again as spare capacity).
  const names = trace.names;
  // (Encoded, every evaluated node kept: the trace's own list is encoded, `names` has length n.)
  const nodes: string[] = keep === null ? (encode ? names : names.slice(0, n)) : new Array(K);
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
    // Rows in the table are distinct under ===, so at most one matches, whatever order they are
    // tried in. A record keeps at most DETAIL_ALL_LIMIT nodes and has a few distinct rows: a scan
    // of their totals, then of the numbers of a row with the same total, costs less than hashing
    // every node's row.
    const total = totals[r]!;
    let row = -1;
    for (let cand = 0; cand < rows; cand++) {
      if (rowTotals[cand] !== total) continue;
      const base = cand * rowWidth;
      let j = 0;
      while (j < P && rowScores[base + j * 2] === raw[j]![r] && rowScores[base + j * 2 + 1] === normalized[j]![r]) j++;
      if (j === P) {
        row = cand;
        break;
      }
    }
    if (row < 0) {
      row = rows++;
      if (rowTotals.length < rows || rowScores.length < rows * rowWidth) growRows(rows, rowWidth);
      const base = row * rowWidth;
      for (let j = 0; j < P; j++) {
        rowScores[base + j * 2] = raw[j]![r]!;
        rowScores[base + j * 2 + 1] = normalized[j]![r]!;
      }
      rowTotals[row] = total;
    }
    scoreRow[x] = row;
  }
  out.nodes = encode ? encodeNodes(nodes) : nodes;
  // Exact-length (and, when seen before, shared) arrays.
  out.scoreRow = sharedIndexesOf(scoreRow, K);
  out.scores = sharedIndexesOf(rowScores, rows * rowWidth);
  out.totals = sharedIndexesOf(rowTotals, rows);
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
