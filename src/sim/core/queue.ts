// The discrete-event queue: a binary min-heap ordered by virtual time, then insertion sequence.
// Entries are plain data ({type, data}) dispatched by type, so the queue snapshots as JSON.

export interface QueuedEvent {
  atMs: number;
  seq: number;
  type: string;
  data: unknown;
}

/** Narrows a removal to some event types, so it scans only their events. */
export interface TypeFilter {
  /** Exactly these types. */
  types?: readonly string[];
  /** Types starting with this (`kubelet.`). */
  typePrefix?: string;
}

export interface EventQueueState {
  nextSeq: number;
  events: QueuedEvent[];
}

function before(x: QueuedEvent, y: QueuedEvent): boolean {
  return x.atMs < y.atMs || (x.atMs === y.atMs && x.seq < y.seq);
}

/**
 * The heap keeps each entry's (atMs, seq) in a flat Float64Array beside it, slot i at 2i and
 * 2i+1: the sifts compare numbers in one contiguous block instead of reading each event object,
 * which between two events (every handler touches megabytes) has left the cache: a pop on the
 * objects cost several cache misses per level. The sifts are the swap sifts with the moving entry
 * held aside, so the heap's layout, and the pop order, are what they were.
 */
export class EventQueue {
  private heap: QueuedEvent[] = [];
  /** (atMs, seq) of heap[i] at [2i, 2i+1]; capacity grows by doubling. */
  private keys = new Float64Array(128);
  private nextSeq = 0;
  /**
   * Removed events still in the heap: skipped when they reach the top. Cancelling a timer is
   * frequent (every container stop cancels its probes), and rebuilding the heap each time made
   * it O(queue log queue) per cancel.
   */
  private cancelled = new Set<QueuedEvent>();
  /** Live (queued, not cancelled) events by type, for removals narrowed by type. */
  private byType = new Map<string, Set<QueuedEvent>>();

  private track(ev: QueuedEvent): void {
    let set = this.byType.get(ev.type);
    if (!set) this.byType.set(ev.type, (set = new Set()));
    set.add(ev);
  }

  get size(): number {
    return this.heap.length - this.cancelled.size;
  }

  /**
   * Queues an event. `seq`, when given, is one `reserveSeq()` handed out earlier: the event takes
   * the place in the order it would have had if queued then (a chain of timers kept outside the
   * heap queues each of them this way when its turn comes; see api/recorder.expiry.ts).
   */
  push(atMs: number, type: string, data: unknown, seq: number = this.nextSeq++): QueuedEvent {
    const ev: QueuedEvent = { atMs, seq, type, data };
    this.track(ev);
    const h = this.heap;
    let i = h.length;
    h.push(ev);
    if (2 * i + 2 > this.keys.length) this.grow();
    const k = this.keys;
    // Sift up: parents after the new entry move down into the hole.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pa = k[2 * p]!;
      const ps = k[2 * p + 1]!;
      if (!(atMs < pa || (atMs === pa && seq < ps))) break;
      h[i] = h[p]!;
      k[2 * i] = pa;
      k[2 * i + 1] = ps;
      i = p;
    }
    h[i] = ev;
    k[2 * i] = atMs;
    k[2 * i + 1] = seq;
    return ev;
  }

  private grow(): void {
    const k = new Float64Array(this.keys.length * 2);
    k.set(this.keys);
    this.keys = k;
  }

  /** Takes the next sequence number without queueing anything (for a later `push(…, seq)`). */
  reserveSeq(): number {
    return this.nextSeq++;
  }

  peek(): QueuedEvent | undefined {
    while (this.cancelled.size > 0 && this.heap.length > 0 && this.cancelled.has(this.heap[0]!)) {
      this.cancelled.delete(this.popTop()!);
    }
    return this.heap[0];
  }

  pop(): QueuedEvent | undefined {
    for (;;) {
      const top = this.popTop();
      if (top === undefined) return undefined;
      if (this.cancelled.size > 0 && this.cancelled.delete(top)) continue;
      this.byType.get(top.type)!.delete(top);
      return top;
    }
  }

  private popTop(): QueuedEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      const k = this.keys;
      // The last entry sifts down from the root; the smaller child moves up into the hole.
      const la = k[2 * n]!;
      const ls = k[2 * n + 1]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let ma = la;
        let ms = ls;
        if (l < n) {
          const a = k[2 * l]!;
          const s = k[2 * l + 1]!;
          if (a < ma || (a === ma && s < ms)) {
            m = l;
            ma = a;
            ms = s;
          }
        }
        if (r < n) {
          const a = k[2 * r]!;
          const s = k[2 * r + 1]!;
          if (a < ma || (a === ma && s < ms)) {
            m = r;
            ma = a;
            ms = s;
          }
        }
        if (m === i) break;
        h[i] = h[m]!;
        k[2 * i] = ma;
        k[2 * i + 1] = ms;
        i = m;
      }
      h[i] = last;
      k[2 * i] = la;
      k[2 * i + 1] = ls;
    }
    return top;
  }

  /** Replaces the heap with `events`, sorted (a sorted array is a valid heap). */
  private setHeap(events: QueuedEvent[]): void {
    this.heap = events.sort((a, b) => (before(a, b) ? -1 : 1));
    let cap = 128;
    while (cap < 2 * events.length) cap *= 2;
    const k = new Float64Array(cap);
    for (let i = 0; i < events.length; i++) {
      k[2 * i] = events[i]!.atMs;
      k[2 * i + 1] = events[i]!.seq;
    }
    this.keys = k;
  }

  /** Removes every event matching the predicate (e.g. a cancelled timer). */
  removeWhere(pred: (ev: QueuedEvent) => boolean, filter?: TypeFilter): number {
    let removed = 0;
    const h = this.heap;
    const cancel = (e: QueuedEvent) => {
      this.cancelled.add(e);
      this.byType.get(e.type)!.delete(e);
      removed++;
    };
    if (filter) {
      // Only the named types' events: the predicate sees a subset of what it would otherwise,
      // the rest being of types it rejects anyway.
      for (const [type, set] of this.byType) {
        if (!(filter.types?.includes(type) || (filter.typePrefix !== undefined && type.startsWith(filter.typePrefix)))) continue;
        for (const e of set) if (pred(e)) cancel(e);
      }
    } else {
      for (let i = 0; i < h.length; i++) {
        const e = h[i]!;
        if (!this.cancelled.has(e) && pred(e)) cancel(e);
      }
    }
    // Mostly cancelled: compact.
    if (this.cancelled.size > 1024 && this.cancelled.size * 2 > h.length) {
      this.setHeap(this.live());
      this.cancelled = new Set();
    }
    return removed;
  }

  private live(): QueuedEvent[] {
    return this.cancelled.size === 0 ? [...this.heap] : this.heap.filter((e) => !this.cancelled.has(e));
  }

  snapshot(): EventQueueState {
    // In (time, sequence) order, not the heap's layout: equal queues give equal snapshots.
    return { nextSeq: this.nextSeq, events: this.live().map((e) => ({ ...e })).sort((a, b) => (before(a, b) ? -1 : 1)) };
  }

  static restore(state: EventQueueState): EventQueue {
    const q = new EventQueue();
    q.nextSeq = state.nextSeq;
    q.setHeap(state.events.map((e) => ({ ...e })));
    for (const e of q.heap) q.track(e);
    return q;
  }
}
