// Squashes store changes into one batch per frame, keyed by uid (tldraw's added/updated/removed).
// Pure: no timers, so it is unit-tested directly.

import type { StoredChange } from '../sim/api/store';
import type { TrafficClient, TrafficRequest } from '../sim/network/traffic';
import { MAX_TRAFFIC_RECORDS, mirrorKey, type BatchMessage, type ObjectEntry, type TrafficBatch, type TrafficRecord } from './protocol';

type Pending =
  | { op: 'added'; entry: ObjectEntry }
  | { op: 'updated'; entry: ObjectEntry }
  | { op: 'removed' };

export class ChangeBatcher {
  private pending = new Map<string, Pending>();
  private lastRv: number;

  constructor(startRv: number) {
    this.lastRv = startRv;
  }

  get isEmpty(): boolean {
    return this.pending.size === 0;
  }

  get rv(): number {
    return this.lastRv;
  }

  add(change: StoredChange): void {
    const key = mirrorKey(change.kindKey, change.object);
    const prev = this.pending.get(key);
    const entry: ObjectEntry = { kindKey: change.kindKey, object: change.object };
    this.lastRv = Math.max(this.lastRv, change.rv);
    switch (change.type) {
      case 'ADDED':
        // Removed then re-added under the same key (only possible for uid-less objects): an update.
        this.pending.set(key, prev?.op === 'removed' ? { op: 'updated', entry } : { op: 'added', entry });
        break;
      case 'MODIFIED':
        this.pending.set(key, prev?.op === 'added' ? { op: 'added', entry } : { op: 'updated', entry });
        break;
      case 'DELETED':
        if (prev?.op === 'added') this.pending.delete(key);
        else this.pending.set(key, { op: 'removed' });
        break;
    }
  }

  /**
   * Takes the squashed batch, or its `max` oldest changes (`more: true` then: the rest stays
   * pending, squashed with whatever changes next, and keeps its place).
   */
  take(nowMs: number, max = Infinity): BatchMessage {
    const batch: BatchMessage = { type: 'batch', rv: this.lastRv, nowMs, added: {}, updated: {}, removed: [] };
    if (this.pending.size > max) {
      let n = 0;
      for (const [key, p] of this.pending) {
        if (n++ >= max) break;
        put(batch, key, p);
        // Deleting the visited entry while iterating a Map is safe.
        this.pending.delete(key);
      }
      batch.more = true;
      return batch;
    }
    for (const [key, p] of this.pending) put(batch, key, p);
    this.pending = new Map();
    return batch;
  }
}

function put(batch: BatchMessage, key: string, p: Pending): void {
  if (p.op === 'added') batch.added[key] = p.entry;
  else if (p.op === 'updated') batch.updated[key] = p.entry;
  else batch.removed.push(key);
}

/** What the traffic batcher reads from the traffic generator (src/sim/network/traffic.ts). */
export interface TrafficSource {
  recent(afterSeq?: number): readonly TrafficRequest[];
  clients(): readonly TrafficClient[];
  /** The latest request's sequence number (cheaper than listing the ring). */
  lastSeq?(): number;
}

/**
 * Takes the traffic generator's activity since the last batch: new request records, bounded to
 * MAX_TRAFFIC_RECORDS per batch (evenly sampled, so a fast generator still shows every pod that
 * answers), and the generators' totals when they changed. Pure: the host calls it once per frame.
 */
export class TrafficBatcher {
  private lastSeq = 0;
  private totalsKey = '';

  constructor(private readonly max = MAX_TRAFFIC_RECORDS) {}

  /** Starts after the requests the source holds now. */
  skipTo(source: TrafficSource | undefined): void {
    if (!source) return;
    this.lastSeq = source.lastSeq ? source.lastSeq() : (source.recent(0).at(-1)?.seq ?? 0);
  }

  take(source: TrafficSource | undefined): TrafficBatch | undefined {
    if (!source) return undefined;
    const clients = source.clients();
    let fresh = source.recent(this.lastSeq);
    if (fresh.length === 0 && this.lastSeq > 0) {
      // A restored snapshot may number requests from an earlier point: start over.
      const latest = source.lastSeq ? source.lastSeq() : (source.recent(0).at(-1)?.seq ?? 0);
      if (latest < this.lastSeq) fresh = source.recent(0);
    }
    const key = clients.map((c) => `${c.name}:${c.sent}:${c.running ? 1 : 0}:${c.rps}`).join(' ');
    if (fresh.length === 0 && key === this.totalsKey) return undefined;
    this.totalsKey = key;
    if (fresh.length) this.lastSeq = fresh[fresh.length - 1]!.seq;
    const picked = sample(fresh, this.max);
    return {
      lastSeq: this.lastSeq,
      records: picked.map(toRecord),
      dropped: fresh.length - picked.length,
      clients: clients.map((c) => ({
        name: c.name,
        url: c.url,
        rps: c.rps,
        running: c.running,
        sent: c.sent,
        succeeded: c.succeeded,
        failed: { ...c.failed },
        byPod: { ...c.byPod },
      })),
    };
  }
}

/** Every k-th element so that at most `max` remain, oldest first. */
export function sample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const out: T[] = [];
  const step = items.length / max;
  for (let i = 0; i < max; i++) out.push(items[Math.floor(i * step)]!);
  return out;
}

function toRecord(r: TrafficRequest): TrafficRecord {
  const out: TrafficRecord = { seq: r.seq, atMs: r.atMs, client: r.client, ok: r.ok };
  if (r.status !== undefined) out.status = r.status;
  if (r.reason) out.reason = r.reason;
  if (r.pod) out.pod = r.pod;
  if (r.service) out.service = r.service;
  if (r.ingress) out.ingress = r.ingress;
  return out;
}
