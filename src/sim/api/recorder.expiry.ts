// Event expiry timers kept as one chain instead of one event-queue entry per Event.
//
// Every Event is deleted an hour (the API server's --event-ttl) after it was created, or later
// when it has been seen again since (recorder.ts `expire`). That used to be one `event.expire`
// entry in the cluster's event queue per Event: six per pod, ≈ 0.65 KB of heap per pod, and a
// heap the size of all Events of the last hour that every other timer's push and pop walked.
// The TTL is one constant, so first expiries fall due in creation order: they wait here, in
// four flat arrays, and only the earliest is queued (the "armed" one). When it runs, the next
// one is queued. Each keeps the queue sequence number it was given when its Event was created
// (EventQueue.reserveSeq), so every expiry still runs at its exact place in the queue's (time,
// sequence) order, between the same other events as before: the same run, event for event.
//
// An expiry that would not fall due after the last one in the chain (a re-armed timer of an
// Event seen again, which may be due later than Events created since) is queued on its own, as
// before. A snapshot lists the chain's waiting entries as the `event.expire` queue entries they
// stand for (same JSON as before the chain existed), and a restore takes them back into a chain:
// snapshots from before and after this change restore alike.

import type { EventQueueState, QueuedEvent } from '../core/queue';

/** The queue event type of an Event's expiry timer (its payload is ExpireData; both are in snapshots). */
export const EXPIRE_EVENT = 'event.expire';

/** The payload of an `event.expire` timer: which Event to check. Key order is part of snapshots. */
export interface ExpireData {
  namespace: string;
  name: string;
}

/** What the chain needs of the cluster's event queue. */
export interface ExpiryTimer {
  schedule(atMs: number, type: string, data: unknown, seq?: number): void;
}

export class EventExpiries {
  // The waiting entries after the armed one, from `head` on, in (time, sequence) order.
  // Parallel flat arrays rather than an object per entry: 32 bytes an Event.
  private atMs: number[] = [];
  private seqs: number[] = [];
  private namespaces: string[] = [];
  private names: string[] = [];
  private head = 0;
  /** The payload of the chain's one queued timer (by identity: stand-alone timers are not the chain's). */
  private armed: ExpireData | undefined;
  private armedAtMs = 0;
  private armedSeq = 0;

  constructor(private readonly timer: ExpiryTimer) {}

  /** Adds the expiry of `namespace/name` at `atMs`, in the queue order of sequence number `seq`. */
  add(atMs: number, seq: number, namespace: string, name: string): void {
    if (this.armed === undefined) {
      this.arm(atMs, seq, namespace, name);
      return;
    }
    const last = this.names.length - 1;
    const lastAtMs = last >= this.head ? this.atMs[last]! : this.armedAtMs;
    const lastSeq = last >= this.head ? this.seqs[last]! : this.armedSeq;
    if (atMs > lastAtMs || (atMs === lastAtMs && seq > lastSeq)) {
      this.atMs.push(atMs);
      this.seqs.push(seq);
      this.namespaces.push(namespace);
      this.names.push(name);
    } else {
      // Due before the chain's last entry: its own queue entry, at the same place in the order.
      this.timer.schedule(atMs, EXPIRE_EVENT, { namespace, name }, seq);
    }
  }

  /** Called when an `event.expire` timer has run: if it was the chain's, the next one is queued. */
  fired(data: unknown): void {
    if (data !== this.armed) return;
    this.armed = undefined;
    const i = this.head;
    if (i >= this.names.length) return;
    this.head++;
    this.arm(this.atMs[i]!, this.seqs[i]!, this.namespaces[i]!, this.names[i]!);
    this.compact();
  }

  /**
   * `state` (the event queue's snapshot, with the armed timer in it) with the chain's waiting
   * entries merged in as the `event.expire` entries they stand for, in (time, sequence) order.
   */
  withWaiting(state: EventQueueState): EventQueueState {
    const n = this.names.length - this.head;
    if (n === 0) return state;
    const queued = state.events;
    const events: QueuedEvent[] = new Array(queued.length + n);
    let q = 0;
    let w = this.head;
    for (let k = 0; k < events.length; k++) {
      const e = queued[q];
      if (w < this.names.length && (e === undefined || this.atMs[w]! < e.atMs || (this.atMs[w] === e.atMs && this.seqs[w]! < e.seq))) {
        events[k] = { atMs: this.atMs[w]!, seq: this.seqs[w]!, type: EXPIRE_EVENT, data: { namespace: this.namespaces[w]!, name: this.names[w]! } };
        w++;
      } else {
        events[k] = e!;
        q++;
      }
    }
    return { nextSeq: state.nextSeq, events };
  }

  /** Takes a restored snapshot's `event.expire` entries (in the snapshot's order) into the chain. */
  restore(entries: readonly QueuedEvent[]): void {
    for (const e of entries) {
      const d = e.data as Partial<ExpireData> | null;
      if (typeof d === 'object' && d !== null && typeof d.namespace === 'string' && typeof d.name === 'string') this.add(e.atMs, e.seq, d.namespace, d.name);
      else this.timer.schedule(e.atMs, e.type, e.data, e.seq); // malformed: queued as it was
    }
  }

  private arm(atMs: number, seq: number, namespace: string, name: string): void {
    const data: ExpireData = { namespace, name };
    this.armed = data;
    this.armedAtMs = atMs;
    this.armedSeq = seq;
    this.timer.schedule(atMs, EXPIRE_EVENT, data, seq);
  }

  /** Drops the entries before `head` once they are most of the arrays (amortised O(1) per entry). */
  private compact(): void {
    const h = this.head;
    if (h < 1024 || h * 2 < this.names.length) return;
    this.atMs.splice(0, h);
    this.seqs.splice(0, h);
    this.namespaces.splice(0, h);
    this.names.splice(0, h);
    this.head = 0;
  }
}
