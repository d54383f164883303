// Waiting in virtual time. Commands that wait (`get -w`, `rollout status`, `wait`, `logs -f`,
// `delete`) do not loop themselves: they register a `KubectlWait` (Ctx.waitFor) and return, and a
// driver feeds it as virtual time passes (process.ts) — the transcript runner by running the
// cluster's events, the browser worker from its clock loop at the user's speed.
import type { Cluster } from '../cluster';
import { parseDuration } from '../core/time';

export interface KubectlWait {
  /**
   * Looks at the cluster after an event (or after time moved): prints what is new and returns
   * true when the command is done. May throw ExitError (the command then fails with it).
   */
  poll(): boolean;
  /** The virtual time kubectl's own timeout (`--timeout`, `--request-timeout`) ends it; none = until Ctrl+C. */
  deadlineMs?: number;
  /**
   * Without a deadline, how long a transcript waits at most: real kubectl would wait for ever,
   * and a transcript has no Ctrl+C.
   */
  batchLimitMs: number;
  /** Transcripts without a deadline: stop once only background work is queued (`get -w`). */
  batchUntilIdle?: boolean;
  /**
   * Runs once when the wait ends by itself, with whether `poll` said done (false: the deadline or
   * the transcript's limit passed): prints the result or kubectl's timeout error. May throw
   * ExitError, and may register the next wait. Not called on Ctrl+C.
   */
  finish?(done: boolean): void;
  /** Always runs when the wait ends (also on Ctrl+C): drop subscriptions. */
  close?(): void;
}

/**
 * Runs events until `done()` or `timeoutMs` of virtual time has passed; returns whether done.
 * For the few verbs that still wait inside one call (`scale --timeout`, `exec`, `drain`).
 */
export function waitUntil(cluster: Cluster, done: () => boolean, timeoutMs: number, onStep?: () => void): boolean {
  const deadline = cluster.nowMs + timeoutMs;
  for (;;) {
    if (done()) return true;
    const next = cluster.nextEventAt();
    if (next === undefined || next > deadline) {
      cluster.advanceTo(deadline);
      onStep?.();
      return done();
    }
    cluster.step();
    onStep?.();
  }
}

/** What an unparsable --request-timeout waits in a transcript (kubectl would refuse it). */
const BAD_REQUEST_TIMEOUT_MS = 10 * 60 * 1000;

/** `--request-timeout` in ms for watches and follows: a bare number is seconds; zero or none = no timeout. */
export function requestTimeoutMs(flag: string | undefined): number | undefined {
  if (flag === undefined || flag === '0') return undefined;
  const ms = parseDuration(/^\d+$/.test(flag) ? `${flag}s` : flag);
  if (ms === undefined) return BAD_REQUEST_TIMEOUT_MS;
  return ms > 0 ? ms : undefined;
}
