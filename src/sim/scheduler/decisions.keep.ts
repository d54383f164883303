// Which evaluated nodes the record of a large attempt details (decisions.ts): the first
// FAILED_DETAIL_LIMIT rejected nodes and the SCORED_DETAIL_LIMIT best-scored feasible nodes (ties:
// evaluation order), the chosen node always among them, listed in evaluation order.
//
// At 5,000 nodes every attempt evaluates hundreds of nodes and keeps 20-odd: the selection works
// in reused buffers (arrays made, concatenated and sorted per record were most of what a record
// allocated there). The result is read before the next record is made.
import type { AttemptTrace } from './trace';

export const FAILED_DETAIL_LIMIT = 20;
export const SCORED_DETAIL_LIMIT = 20;

const failed = new Int32Array(FAILED_DETAIL_LIMIT);
const best = new Int32Array(SCORED_DETAIL_LIMIT);
const bestRows = new Int32Array(SCORED_DETAIL_LIMIT);
/** The kept nodes (indexes into the trace's rows), ascending: as many as selectKept returned. */
export const kept = new Int32Array(FAILED_DETAIL_LIMIT + SCORED_DETAIL_LIMIT);

/** Fills `kept` for the trace's first `n` rows and the node the attempt chose; returns how many. */
export function selectKept(trace: AttemptTrace, n: number, selectedNode: string | undefined): number {
  const statuses = trace.statuses;
  const scored = trace.scored;
  const scoredIdx = trace.scoredIdx;
  const totals = trace.totals;
  let nFailed = 0;
  for (let i = 0; i < n && nFailed < FAILED_DETAIL_LIMIT; i++) if (statuses[i]) failed[nFailed++] = i;
  // The best-scored feasible nodes (ties: evaluation order), kept sorted by a small insertion.
  let nBest = 0;
  if (scored > 0) {
    let nRows = 0;
    for (let r = 0; r < scored; r++) {
      const t = totals[r]!;
      if (nRows === SCORED_DETAIL_LIMIT && t <= totals[bestRows[nRows - 1]!]!) continue;
      let j = nRows < SCORED_DETAIL_LIMIT ? nRows++ : nRows - 1;
      while (j > 0 && totals[bestRows[j - 1]!]! < t) {
        bestRows[j] = bestRows[j - 1]!;
        j--;
      }
      bestRows[j] = r;
    }
    for (let k = 0; k < nRows; k++) best[nBest++] = scoredIdx[bestRows[k]!]!;
  } else {
    for (let i = 0; i < n && nBest < SCORED_DETAIL_LIMIT; i++) if (!statuses[i]) best[nBest++] = i;
  }
  // The node prioritize picked (its row among the scored ones), else found by name.
  let selected = -1;
  const sr = trace.selectedRow;
  if (sr >= 0 && sr < scored && trace.names[scoredIdx[sr]!] === selectedNode) selected = scoredIdx[sr]!;
  else {
    for (let i = 0; i < n; i++) {
      if (!statuses[i] && trace.names[i] === selectedNode) {
        selected = i;
        break;
      }
    }
  }
  if (selected >= 0 && nBest > 0) {
    let k = 0;
    while (k < nBest && best[k] !== selected) k++;
    if (k === nBest) best[nBest - 1] = selected;
  }
  // Both lists in evaluation order, merged (they are disjoint: rejected and feasible nodes).
  for (let k = 1; k < nBest; k++) {
    const v = best[k]!;
    let j = k;
    while (j > 0 && best[j - 1]! > v) {
      best[j] = best[j - 1]!;
      j--;
    }
    best[j] = v;
  }
  let f = 0;
  let b = 0;
  let out = 0;
  while (f < nFailed || b < nBest) kept[out++] = b >= nBest || (f < nFailed && failed[f]! < best[b]!) ? failed[f++]! : best[b++]!;
  return out;
}
