// client-go's delaying queue (`AddAfter`) on the virtual clock, for controllers that requeue keys
// later than the manager's 5 ms: the Job controller's 1 s pod-event batching and back-off, the
// CronJob controller's next schedule, the HPA's 15 s resync, TTL expiries. A key waits at most
// once: adding it again only moves it earlier, as in client-go. Used by job, cronjob, hpa,
// daemonset, ttlafterfinished and disruption controllers; part of the snapshot.

import type { ComponentHost, ComponentState } from '../host';

interface Fire {
  key: string;
  at: number;
}

export class DelayingQueue implements ComponentState {
  /** key → virtual time it is due. */
  private waiting = new Map<string, number>();

  /**
   * @param eventType queue event type of the timers (one per queue).
   * @param background whether the timers are recurring background work (periodic resyncs,
   *   schedules, expiries) that `runUntilIdle` does not wait for.
   */
  constructor(
    private readonly host: ComponentHost,
    private readonly controller: string,
    private readonly eventType: string,
    background: boolean,
  ) {
    host.on<Fire>(eventType, (d) => this.fire(d), { background });
  }

  /** Queues `key` for the controller after `delayMs`, unless it already waits for an earlier time. */
  addAfter(key: string, delayMs: number): void {
    const at = this.host.now() + Math.max(0, Math.ceil(delayMs));
    const cur = this.waiting.get(key);
    if (cur !== undefined && cur <= at) return;
    this.waiting.set(key, at);
    this.host.schedule(at, this.eventType, { key, at });
  }

  /** When the key is due, if it waits. */
  dueAt(key: string): number | undefined {
    return this.waiting.get(key);
  }

  forget(key: string): void {
    this.waiting.delete(key);
  }

  private fire(d: Fire): void {
    if (this.waiting.get(d.key) !== d.at) return; // superseded by an earlier time
    this.waiting.delete(d.key);
    this.host.enqueue(this.controller, d.key);
  }

  snapshot(): [string, number][] {
    return [...this.waiting].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  restore(data: unknown): void {
    this.waiting = new Map((data ?? []) as [string, number][]);
  }
}
