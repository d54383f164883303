// The worker's periodic snapshots of its cluster (the UI restarts a dead worker from the last one),
// and reading one back. Split from host.core.ts: when a snapshot is due, and what it costs.

import type { Cluster, ClusterSnapshot } from '../sim/cluster';
import type { FromWorker } from './protocol';

/** Wall ms between snapshots while the cluster changes (the UI restarts a dead worker from the last). */
export const SNAPSHOT_PERIOD_MS = 2000;
/** After a command the next snapshot comes sooner: what the user just did is kept. */
export const SNAPSHOT_AFTER_COMMAND_MS = 250;
/** Snapshots take at most 1/SNAPSHOT_COST_FACTOR of the worker's time: the gap grows with their cost. */
export const SNAPSHOT_COST_FACTOR = 50;

export class SnapshotSchedule {
  /** The last snapshot sent: when (wall), what it cost, the state it captured; a command since. */
  private snap = { wallMs: -Infinity, costMs: 0, nowMs: NaN, rv: -1, command: false };

  constructor(
    private readonly wallNow: () => number,
    private readonly post: (msg: FromWorker, transfer?: Transferable[]) => void,
  ) {}

  /** A new cluster: the first snapshot is due at once; a restored one is what the UI holds already. */
  reset(cluster: Cluster, restored: boolean): void {
    this.snap = restored
      ? { wallMs: this.wallNow(), costMs: 0, nowMs: cluster.nowMs, rv: cluster.resourceVersion, command: false }
      : { wallMs: -Infinity, costMs: 0, nowMs: NaN, rv: -1, command: false };
  }

  /** A command ran: the next snapshot comes sooner. */
  commandRan(): void {
    this.snap.command = true;
  }

  /**
   * Sends a snapshot when the cluster changed and one is due: SNAPSHOT_PERIOD_MS after the last
   * (SNAPSHOT_AFTER_COMMAND_MS after a command), and never sooner than SNAPSHOT_COST_FACTOR times
   * what the last one cost. Returns true while a snapshot waits to become due.
   */
  maybeSend(cluster: Cluster): boolean {
    const s = this.snap;
    if (!s.command && cluster.nowMs === s.nowMs && cluster.resourceVersion === s.rv) return false;
    const start = this.wallNow();
    const gap = Math.max(s.command ? SNAPSHOT_AFTER_COMMAND_MS : SNAPSHOT_PERIOD_MS, s.costMs * SNAPSHOT_COST_FACTOR);
    if (start < s.wallMs + gap) return true;
    try {
      // No defensive copy: stringified at once (the copy was ≈ 40% of a large snapshot's cost).
      const bytes = new TextEncoder().encode(JSON.stringify(cluster.snapshot({ watchLog: false, clone: false })));
      // The buffer exactly (an encoder may hand out a view on a larger one).
      const json = (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()).buffer as ArrayBuffer;
      this.post({ type: 'snapshot', nowMs: cluster.nowMs, rv: cluster.resourceVersion, json }, [json]);
    } catch (e) {
      this.post({ type: 'error', message: `snapshot failed: ${e instanceof Error ? e.message : String(e)}` });
    }
    const end = this.wallNow();
    this.snap = { wallMs: end, costMs: end - start, nowMs: cluster.nowMs, rv: cluster.resourceVersion, command: false };
    return false;
  }
}

/** A snapshot as the UI sent it back (a restart): parsed and checked. */
export function readSnapshot(json: ArrayBuffer): ClusterSnapshot {
  let snapshot: ClusterSnapshot | undefined;
  try {
    snapshot = JSON.parse(new TextDecoder().decode(json)) as ClusterSnapshot;
  } catch {
    // reported below
  }
  if (!snapshot || typeof snapshot !== 'object' || snapshot.version !== 1) throw new Error('boot: not a cluster snapshot (version 1)');
  return snapshot;
}
