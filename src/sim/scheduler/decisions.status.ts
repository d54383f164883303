// The per-node verdict part of a decision record (decisions.ts): which filter rejected each
// detailed node and with what status, and the rejection tally over all evaluated nodes.
//
// In a cluster of up to DETAIL_ALL_LIMIT nodes every attempt of a ReplicaSet's pods evaluates the
// same nodes (all of them, from the same start) and meets the same verdicts: the same shared
// Status objects, say the control-plane node's taint, and null for the rest. So the part is made
// once and handed to the next record while its statuses are the same objects — what it would have
// made again, equal value for value (the parts are frozen, shared values).
import { sharedIndexes, sharedRejectedBy, sharedTable, statusEntry, type StatusEntry } from './decisions.shared';
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

/**
 * The part for the first `n` statuses; `keep` lists the detailed nodes (indexes into statuses),
 * or null when every evaluated node is detailed.
 */
export function statusPart(statuses: readonly (Status | null)[], n: number, keep: readonly number[] | null, pluginIndex: ReadonlyMap<string, number>): StatusPart {
  if (keep === null && memoPart !== undefined && memoIndex === pluginIndex && memoStatuses.length === n) {
    let i = 0;
    while (i < n && statuses[i] === memoStatuses[i]) i++;
    if (i === n) return fresh(memoPart);
  }
  const rejectedBy: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const st = statuses[i];
    if (st) {
      const name = st.plugin ?? '';
      rejectedBy[name] = (rejectedBy[name] ?? 0) + 1;
    }
  }
  const K = keep === null ? n : keep.length;
  const failedBy: number[] = new Array(K);
  const status: number[] = new Array(K);
  const statusTable: StatusEntry[] = [];
  const statusIdx = new Map<Status, number>();
  let anyFailed = false;
  let allFrozen = true;
  for (let x = 0; x < K; x++) {
    const st = statuses[keep === null ? x : keep[x]!];
    if (!st) {
      failedBy[x] = -1;
      status[x] = -1;
      continue;
    }
    anyFailed = true;
    if (!Object.isFrozen(st)) allFrozen = false;
    failedBy[x] = pluginIndex.get(st.plugin ?? '') ?? -1;
    let si = statusIdx.get(st);
    if (si === undefined) {
      // Alike statuses are one table entry whether or not a plugin's (bounded, process-wide)
      // cache handed out one shared object: a record must not depend on what the process saw
      // before (a restarted worker restored from a snapshot starts with empty caches).
      // (A record has a handful of distinct statuses: a scan beats building keys.)
      si = statusTable.findIndex((e) => sameStatus(e, st));
      if (si < 0) {
        si = statusTable.length;
        statusTable.push(statusEntry(st));
      }
      statusIdx.set(st, si);
    }
    status[x] = si;
  }
  // Most records reject none of their detailed nodes: then both per-node arrays are left empty.
  const part: StatusPart = {
    failedBy: anyFailed ? sharedIndexes(failedBy) : [],
    status: anyFailed ? sharedIndexes(status) : [],
    statusTable: sharedTable(statusTable),
    rejectedBy: sharedRejectedBy(rejectedBy),
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
