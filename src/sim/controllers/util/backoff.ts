// Per-key retry back-off of a controller's work queue (client-go
// `ItemExponentialFailureRateLimiter(5ms, 1000s)`, the per-item half of
// `DefaultControllerRateLimiter`): a failing key is retried after 5 ms, 10 ms, 20 ms, … up to
// 1000 s; a successful sync forgets it. The counts are component state (snapshotted).

import type { ComponentState } from '../../host';

export const BACKOFF_BASE_MS = 5;
export const BACKOFF_MAX_MS = 1000 * 1000;

export class ItemBackoff implements ComponentState {
  private failures = new Map<string, number>();

  /** Records a failure of `key`; returns the delay before its retry, ms. */
  failure(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    return Math.min(BACKOFF_BASE_MS * 2 ** n, BACKOFF_MAX_MS);
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.failures].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  restore(data: unknown): void {
    this.failures = new Map(Object.entries((data ?? {}) as Record<string, number>));
  }
}
