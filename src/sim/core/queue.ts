// The discrete-event queue: a binary min-heap ordered by virtual time, then insertion sequence.
// Entries are plain data ({type, data}) dispatched by type, so the queue snapshots as JSON.

export interface QueuedEvent {
  atMs: number;
  seq: number;
  type: string;
  data: unknown;
}

export interface EventQueueState {
  nextSeq: number;
  events: QueuedEvent[];
}

function before(x: QueuedEvent, y: QueuedEvent): boolean {
  return x.atMs < y.atMs || (x.atMs === y.atMs && x.seq < y.seq);
}

export class EventQueue {
  private heap: QueuedEvent[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(atMs: number, type: string, data: unknown): QueuedEvent {
    const ev: QueuedEvent = { atMs, seq: this.nextSeq++, type, data };
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
    return ev;
  }

  peek(): QueuedEvent | undefined {
    return this.heap[0];
  }

  pop(): QueuedEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  /** Removes every event matching the predicate (e.g. a cancelled timer). */
  removeWhere(pred: (ev: QueuedEvent) => boolean): number {
    const kept = this.heap.filter((e) => !pred(e));
    const removed = this.heap.length - kept.length;
    if (removed > 0) {
      this.heap = [];
      for (const e of kept.sort((a, b) => (before(a, b) ? -1 : 1))) this.heap.push(e);
    }
    return removed;
  }

  snapshot(): EventQueueState {
    // In (time, sequence) order, not the heap's layout: equal queues give equal snapshots.
    return { nextSeq: this.nextSeq, events: this.heap.map((e) => ({ ...e })).sort((a, b) => (before(a, b) ? -1 : 1)) };
  }

  static restore(state: EventQueueState): EventQueue {
    const q = new EventQueue();
    q.nextSeq = state.nextSeq;
    q.heap = state.events.map((e) => ({ ...e })).sort((a, b) => (before(a, b) ? -1 : 1));
    return q;
  }
}
