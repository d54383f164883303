// The node lifecycle controller's per-zone NoExecute tainting queue (scheduler.RateLimitedTimedQueue
// with a token bucket of burst 1, `flowcontrol.NewTokenBucketRateLimiter(qps, 1)`). Plain data so
// it snapshots with the controller; a processed node stays in the set until it is removed
// (recovered), so it is tainted once.

export interface ZoneTainterState {
  queue: { value: string; uid: string; processAtMs: number }[];
  /** Every node added and not removed since, including processed ones (UniqueQueue's set). */
  set: string[];
  /** Nodes per second; 0 stops tainting in the zone. */
  qps: number;
  /** The virtual time the bucket was last empty; a token is available once 1/qps has passed. */
  emptyAtMs: number;
}

export class ZoneTainter {
  constructor(private readonly s: ZoneTainterState) {}

  static initial(qps: number, nowMs: number): ZoneTainterState {
    return { queue: [], set: [], qps, emptyAtMs: nowMs - intervalMs(qps) };
  }

  add(value: string, uid: string, nowMs: number): boolean {
    if (this.s.set.includes(value)) return false;
    this.s.set.push(value);
    this.s.queue.push({ value, uid, processAtMs: nowMs });
    return true;
  }

  remove(value: string): boolean {
    const had = this.s.set.includes(value);
    // Not queued (a healthy node, asked every monitor pass): nothing to filter out.
    if (!had && !this.s.queue.some((e) => e.value === value)) return false;
    this.s.set = this.s.set.filter((v) => v !== value);
    this.s.queue = this.s.queue.filter((e) => e.value !== value);
    return had;
  }

  private tryAccept(nowMs: number): boolean {
    if (this.s.qps <= 0) return false;
    if (nowMs - this.s.emptyAtMs < intervalMs(this.s.qps)) return false;
    this.s.emptyAtMs = nowMs;
    return true;
  }

  /** RateLimitedTimedQueue.Try: processes queued nodes while the limiter allows; `fn` false retries later. */
  tryEach(nowMs: number, fn: (value: string) => boolean): void {
    while (this.s.queue.length > 0) {
      if (!this.tryAccept(nowMs)) break;
      const head = this.s.queue[0];
      if (nowMs < head.processAtMs) break;
      if (fn(head.value)) this.s.queue.shift();
      else {
        head.processAtMs = nowMs + 51;
        this.s.queue.sort((a, b) => a.processAtMs - b.processAtMs);
      }
    }
  }

  /** SwapLimiter: a new bucket at the new rate, drained if the old one had no token left. */
  swapLimiter(qps: number, nowMs: number): void {
    if (qps === this.s.qps) return;
    const hadToken = qps > 0 && this.tryAccept(nowMs);
    this.s.qps = qps;
    this.s.emptyAtMs = qps > 0 && !hadToken ? nowMs : nowMs - intervalMs(qps);
  }
}

function intervalMs(qps: number): number {
  return qps > 0 ? Math.round(1000 / qps) : Number.MAX_SAFE_INTEGER;
}
