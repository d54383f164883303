// A kubectl command as a process: it starts, may wait (Ctx.waitFor) and is fed as virtual time
// passes until it ends by itself, times out or is cancelled (Ctrl+C). Two drivers:
//  - `runToEnd()`, for the transcript runner and tests: runs the cluster's events one by one
//    until the command is done, its own deadline passes, or (without one) a transcript limit;
//  - `tick()`, for the browser worker: called after each event its clock loop runs (and when
//    paused, after commands change the store). It never moves time itself; a watch waits.
// Output is taken in whole-line chunks while it runs (`takeOutput`), the rest with `result()`.
import type { Cluster } from '../cluster';
import { ArgError } from './args';
import { ExitError, type Ctx, type KubectlResult, type OutputChunk } from './context';
import type { KubectlWait } from './wait';

/** A shell's exit status for a command stopped by SIGINT (Ctrl+C): 128 + 2. */
export const INTERRUPTED_EXIT_CODE = 130;

/** The interface the worker and the transcript runner drive. */
export interface KubectlProcess {
  readonly done: boolean;
  /** When the command ends by itself at the latest (its --timeout), if it is still running. */
  readonly deadlineMs: number | undefined;
  /** Whether some output already went out through `takeOutput`. */
  readonly streamed: boolean;
  tick(): void;
  runToEnd(): void;
  cancel(): void;
  takeOutput(): OutputChunk[];
  /** The exit code and the output not yet taken. */
  result(): KubectlResult;
}

/** Reports what a verb threw as kubectl would (its `error: …`, a usage error, or an internal error). */
export function failWith(ctx: Ctx, verb: string | undefined, e: unknown): void {
  if (e instanceof ExitError) ctx.fail(e.message);
  else if (e instanceof ArgError) ctx.fail(`Error: ${e.message}\nSee 'kubectl ${verb} --help' for usage.`);
  else ctx.fail(`error: internal error in kubeplay: ${e instanceof Error ? e.message : String(e)}`);
}

export class CtxProcess implements KubectlProcess {
  private cancelled = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly verb: string | undefined,
  ) {}

  get done(): boolean {
    return this.cancelled || this.ctx.waiting === undefined;
  }

  get deadlineMs(): number | undefined {
    return this.done ? undefined : this.ctx.waiting?.deadlineMs;
  }

  get streamed(): boolean {
    return this.ctx.streamed;
  }

  tick(): void {
    // A wait's finish may start the next one (logs -f over several containers): look at it too.
    for (let w = this.ctx.waiting; w && !this.cancelled; w = this.ctx.waiting) {
      const done = this.poll(w);
      if (done === undefined) return;
      if (done) this.end(w, true);
      else if (w.deadlineMs !== undefined && this.ctx.cluster.nowMs >= w.deadlineMs) this.end(w, false);
      else return;
    }
  }

  runToEnd(): void {
    const cluster = this.ctx.cluster;
    while (this.ctx.waiting && !this.cancelled) {
      const w = this.ctx.waiting;
      const deadline = w.deadlineMs ?? cluster.nowMs + w.batchLimitMs;
      for (;;) {
        const done = this.poll(w);
        if (done === undefined) break;
        if (done) {
          this.end(w, true);
          break;
        }
        const next = cluster.nextEventAt();
        if (next === undefined || next > deadline) {
          cluster.advanceTo(deadline);
          const last = this.poll(w);
          if (last !== undefined) this.end(w, last);
          break;
        }
        if (w.deadlineMs === undefined && w.batchUntilIdle && cluster.isIdle()) {
          this.end(w, false);
          break;
        }
        cluster.step();
      }
    }
  }

  cancel(): void {
    if (this.done) return;
    this.cancelled = true;
    const w = this.ctx.waiting;
    this.ctx.waiting = undefined;
    this.close(w);
    this.ctx.exitCode = INTERRUPTED_EXIT_CODE;
  }

  takeOutput(): OutputChunk[] {
    return this.ctx.takeOutput();
  }

  result(): KubectlResult {
    return this.ctx.result();
  }

  /** The wait's answer, or undefined when it failed (the command then ended with the error). */
  private poll(w: KubectlWait): boolean | undefined {
    try {
      return w.poll();
    } catch (e) {
      this.ctx.waiting = undefined;
      this.close(w);
      failWith(this.ctx, this.verb, e);
      return undefined;
    }
  }

  private end(w: KubectlWait, done: boolean): void {
    this.ctx.waiting = undefined;
    this.close(w);
    try {
      w.finish?.(done);
    } catch (e) {
      const next = this.ctx.waiting;
      this.ctx.waiting = undefined;
      this.close(next);
      failWith(this.ctx, this.verb, e);
    }
  }

  private close(w: KubectlWait | undefined): void {
    try {
      w?.close?.();
    } catch {
      // Closing only drops subscriptions; nothing to report.
    }
  }
}

/**
 * Advances virtual time to `targetMs` (the worker's clock loop), letting running commands look
 * at the cluster after every event and stop exactly at their deadlines.
 */
export function advanceFeeding(cluster: Cluster, targetMs: number, procs: Iterable<KubectlProcess>): void {
  let live = [...procs];
  for (;;) {
    live = live.filter((p) => !p.done);
    if (live.length === 0) {
      if (targetMs > cluster.nowMs) cluster.advance(targetMs - cluster.nowMs);
      return;
    }
    let stop = targetMs;
    for (const p of live) {
      const d = p.deadlineMs;
      if (d !== undefined && d < stop) stop = d;
    }
    const next = cluster.nextEventAt();
    if (next !== undefined && next <= stop) cluster.step();
    else {
      cluster.advanceTo(stop);
      if (stop >= targetMs) {
        for (const p of live) p.tick();
        return;
      }
    }
    for (const p of live) p.tick();
  }
}

/** A command that already ended with `result` (test doubles of the cluster). */
export function finishedProcess(result: KubectlResult): KubectlProcess {
  return {
    done: true,
    deadlineMs: undefined,
    streamed: false,
    tick: () => {},
    runToEnd: () => {},
    cancel: () => {},
    takeOutput: () => [],
    result: () => result,
  };
}
