// Waiting in virtual time: commands that wait (`wait`, `delete`, `rollout status`, `get -w`)
// run the cluster's events until their condition holds or the timeout passes.
import type { Cluster } from '../cluster';

/** Runs events until `done()` or `timeoutMs` of virtual time has passed. Returns whether done. */
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
