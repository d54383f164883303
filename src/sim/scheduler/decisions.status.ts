// The per-node verdict part of a decision record (decisions.ts): which filter rejected each
// detailed node and with what status, and the rejection tally over all evaluated nodes.
//
// In a cluster of up to DETAIL_ALL_LIMIT nodes every attempt of a ReplicaSet's pods evaluates the
// same nodes (all of them, from the same start) and meets the same verdicts: the same shared
// Status objects, say the control-plane node's taint, and null for the rest. So the part is made
// once and handed to the next record while its statuses are the same objects — what it would have
// made again, equal value for value (the parts are frozen, shared values).
import { sharedIndexesOf, sharedTally, sharedTable, statusEntry, type StatusEntry } from './decisions.shared';
import type { Status } from './types';

export interface StatusPart {
  /** Per detailed node: index of the rejecting filter plugin, or -1; empty when none was rejected. */
  failedBy: number[];
  /** Per detailed node: index into `statusTable`, or -1; empty when none was rejected. */
  status: number[];
  statusTable: StatusEntry[];
  /** Rejections per plugin over every evaluated node. */
  rejectedBy: Record<string, number>;
}

/** The last part made for every evaluated node, and an own copy of the statuses it was made from. */
let memoStatuses: (Status | null)[] = [];
let memoIndex: ReadonlyMap<string, number> | undefined;
let memoPart: StatusPart | undefined;

/** Reused buffers (see sharedIndexesOf): per kept node, its rejecting plugin and status row. */
let failedByBuf = new Float64Array(128);
let statusBuf = new Float64Array(128);
/**
 * The distinct Status objects met in the record being made, and their rows in its table (written
 * from 0 per record; what is left past that is never read).
 */
const seen: Status[] = [];
const seenRow: number[] = [];
/** The rejection tally being made: plugin names in order of first rejection, and their counts. */
const tallyNames: string[] = [];
const tallyCounts: number[] = [];
const NO_ENTRIES: StatusEntry[] = [];

/**
 * The part for the first `n` statuses; `keep` lists the `K` detailed nodes (indexes into
 * statuses), or is null when every evaluated node is detailed (K = n).
 */
export function statusPart(statuses: readonly (Status | null)[], n: number, keep: Int32Array | null, K: number, pluginIndex: ReadonlyMap<string, number>): StatusPart {
  if (keep === null && memoPart !== undefined && memoIndex === pluginIndex && memoStatuses.length === n) {
    let i = 0;
    while (i < n && statuses[i] === memoStatuses[i]) i++;
    if (i === n) return fresh(memoPart);
  }
  // The tally, by plugin in order of first rejection (the object's key order).
  let plugins = 0;
  for (let i = 0; i < n; i++) {
    const st = statuses[i];
    if (!st) continue;
    const name = st.plugin ?? '';
    let p = 0;
    while (p < plugins && tallyNames[p] !== name) p++;
    if (p === plugins) {
      tallyNames[plugins] = name;
      tallyCounts[plugins++] = 0;
    }
    tallyCounts[p]!++;
  }
  if (failedByBuf.length < K) {
    failedByBuf = new Float64Array(Math.max(K, failedByBuf.length * 2));
    statusBuf = new Float64Array(failedByBuf.length);
  }
  let statusTable = NO_ENTRIES;
  let seenCount = 0;
  let anyFailed = false;
  let allFrozen = true;
  for (let x = 0; x < K; x++) {
    const st = statuses[keep === null ? x : keep[x]!];
    if (!st) {
      failedByBuf[x] = -1;
      statusBuf[x] = -1;
      continue;
    }
    if (!anyFailed) {
      anyFailed = true;
      statusTable = [];
    }
    if (!Object.isFrozen(st)) allFrozen = false;
    failedByBuf[x] = pluginIndex.get(st.plugin ?? '') ?? -1;
    let k = 0;
    while (k < seenCount && seen[k] !== st) k++;
    let si: number;
    if (k < seenCount) si = seenRow[k]!;
    else {
      // Alike statuses are one table entry whether or not a plugin's (bounded, process-wide)
      // cache handed out one shared object: a record must not depend on what the process saw
      // before (a restarted worker restored from a snapshot starts with empty caches).
      // (A record has a handful of distinct statuses: a scan beats building keys.)
      si = statusTable.findIndex((e) => sameStatus(e, st));
      if (si < 0) {
        si = statusTable.length;
        statusTable.push(statusEntry(st));
      }
      seen[seenCount] = st;
      seenRow[seenCount++] = si;
    }
    statusBuf[x] = si;
  }
  // Most records reject none of their detailed nodes: then both per-node arrays are left empty.
  const part: StatusPart = {
    failedBy: anyFailed ? sharedIndexesOf(failedByBuf, K) : [],
    status: anyFailed ? sharedIndexesOf(statusBuf, K) : [],
    statusTable: sharedTable(statusTable),
    rejectedBy: sharedTally(tallyNames, tallyCounts, plugins),
  };
  // Only a part of shared, frozen values made from frozen statuses can be handed on.
  if (keep === null) {
    const shareable = allFrozen && Object.isFrozen(part.statusTable) && (!anyFailed || (Object.isFrozen(part.failedBy) && Object.isFrozen(part.status)));
    memoPart = shareable ? part : undefined;
    memoIndex = pluginIndex;
    memoStatuses = shareable ? statuses.slice(0, n) : [];
  }
  return fresh(part);
}

/** A part for one record: the shared values, and empty per-node arrays of its own. */
function fresh(p: StatusPart): StatusPart {
  return { failedBy: p.failedBy.length === 0 ? [] : p.failedBy, status: p.status.length === 0 ? [] : p.status, statusTable: p.statusTable, rejectedBy: p.rejectedBy };
}

function sameStatus(e: { code: number; reasons: readonly string[] }, st: Status): boolean {
  if (e.code !== st.code || e.reasons.length !== st.reasons.length) return false;
  for (let i = 0; i < e.reasons.length; i++) if (e.reasons[i] !== st.reasons[i]) return false;
  return true;
}
