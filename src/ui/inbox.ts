// The worker's messages, read in order within a per-frame budget. Reading a message (`e.data`)
// deserialises it on the main thread in one go: the worker splits a large catch-up into parts
// (MAX_BATCH_ENTRIES), and this reads as many parts as fit in BUDGET_MS, then lets the page draw a
// frame before reading on. A message that arrives while nothing waits is read at once, as before.

/** Main-thread ms spent reading messages before the rest waits for the next frame. */
export const BUDGET_MS = 8;

export interface InboxClock {
  now(): number;
  /** Runs `fn` once, at the next frame (or soon, where frames do not come). */
  nextFrame(fn: () => void): void;
  /** True while the page is not drawn (a background tab): nothing is gained by waiting. */
  hidden(): boolean;
}

export class MessageInbox<M> {
  private readonly queue: M[] = [];
  private draining = false;
  /** Messages wait for the next frame (this frame's budget is spent). */
  private waiting = false;
  /** Ms spent reading since the last frame began; a frame callback is armed while > 0. */
  private spentMs = 0;
  private armed = false;

  /** Without a clock (tests, no browser) every message is read at once. */
  constructor(
    private readonly handle: (m: M) => void,
    private readonly clock?: InboxClock,
    private readonly budgetMs = BUDGET_MS,
  ) {}

  /** Messages waiting for a later frame. */
  get size(): number {
    return this.queue.length;
  }

  push(m: M): void {
    this.queue.push(m);
    if (!this.waiting && !this.draining) this.drain();
  }

  /** Reads every waiting message now (before a worker death is handled: its last words first). */
  flush(): void {
    this.waiting = false;
    this.drain(true);
  }

  /** A new frame: a fresh budget, and what waited is read first. */
  private readonly frame = (): void => {
    this.armed = false;
    this.spentMs = 0;
    if (!this.waiting) return;
    this.waiting = false;
    if (!this.draining) this.drain();
  };

  private drain(all = false): void {
    const clock = all ? undefined : this.clock;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        // Each message is its own task, so the budget is per frame, not per call: once spent, the
        // rest waits for the frame to be drawn. The first message of a frame is always read.
        if (clock && this.spentMs >= this.budgetMs && !clock.hidden()) {
          this.waiting = true;
          return;
        }
        const start = clock?.now() ?? 0;
        this.handle(this.queue.shift()!);
        if (!clock) continue;
        this.spentMs += clock.now() - start;
        if (!this.armed) {
          this.armed = true;
          clock.nextFrame(this.frame);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}

/** The browser's clock: animation frames, with a timer as a fallback (frames stop in a hidden tab). */
export function browserInboxClock(): InboxClock | undefined {
  if (typeof requestAnimationFrame !== 'function' || typeof document === 'undefined') return undefined;
  return {
    now: () => performance.now(),
    nextFrame(fn) {
      let done = false;
      const once = () => {
        if (done) return;
        done = true;
        fn();
      };
      requestAnimationFrame(once);
      setTimeout(once, 100);
    },
    hidden: () => document.visibilityState === 'hidden',
  };
}
