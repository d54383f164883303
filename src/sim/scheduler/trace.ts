// What one scheduling attempt saw, node by node (framework.ts fills it, decisions.ts records it).
import type { Status } from './types';

/** What one attempt saw, node by node, for the decision record. Buffers are reused between attempts. */
export class AttemptTrace {
  /** Evaluated nodes in evaluation order. */
  names: string[] = [];
  statuses: (Status | null)[] = [];
  filterSkipped: boolean[] = [];
  scoreSkipped: boolean[] = [];
  /** Feasible nodes as scored (indexes into `names`); filled while filtering, kept only when scored. */
  scoredIdx: number[] = [];
  /** The selected node's row among the scored ones, or -1 (not scored). */
  selectedRow = -1;
  /** Per score plugin, raw and normalized scores of the scored nodes. */
  raw: Float64Array[] = [];
  normalized: Float64Array[] = [];
  totals: Float64Array = new Float64Array(0);
  scored = 0;
  nominatedNode: string | undefined;
  preFilter: Status | undefined;

  /**
   * Rows written by the running attempt. `names`, `statuses` and `scoredIdx` are written by index
   * from 0 and cut to length by `end()`: emptying an array (length = 0) gives its backing store
   * back, and refilling it regrew it push by push (three stores a buffer, every attempt).
   */
  count = 0;
  scoredCount = 0;

  /** Starts an attempt: flags cleared, rows written from 0 (stale rows stay until `end`). */
  begin(numFilters: number, numScores: number): void {
    this.count = 0;
    this.scoredCount = 0;
    this.filterSkipped.length = numFilters;
    this.filterSkipped.fill(false);
    this.scoreSkipped.length = numScores;
    this.scoreSkipped.fill(false);
    this.scored = 0;
    this.selectedRow = -1;
    this.nominatedNode = undefined;
    this.preFilter = undefined;
  }

  /** An evaluated node's row (null: it passed every filter). */
  add(name: string, st: Status | null): void {
    this.names[this.count] = name;
    this.statuses[this.count] = st;
    this.count++;
  }

  /** Ends an attempt: the arrays hold exactly its rows. */
  end(): void {
    this.names.length = this.count;
    this.statuses.length = this.count;
    this.scoredIdx.length = this.scoredCount;
  }

  /** An empty trace (for callers that fill the arrays themselves). */
  reset(numFilters: number, numScores: number): void {
    this.begin(numFilters, numScores);
    this.end();
  }
}
