// Simulation testing: seeded random workloads and faults with invariants checked after every
// step, then a fault-free phase in which everything must converge. A failing seed prints its
// steps; pin it below as a named regression test once fixed. Longer runs: `npm run sim:soak`.
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { isPodAvailable } from '../api/podutil';
import { runVopr } from './driver';

const CI_SEEDS = 20;

function expectClean(seed: number, steps?: number): void {
  const r = runVopr({ seed, steps });
  if (r.violations.length > 0) {
    throw new Error(`seed ${seed} violated invariants:\n  ${r.violations.slice(0, 10).join('\n  ')}\nsteps:\n  ${r.steps.join('\n  ')}`);
  }
}

describe('simulation testing (VOPR)', () => {
  it(`${CI_SEEDS} random schedules of workloads and faults keep every invariant and converge`, () => {
    for (let seed = 1; seed <= CI_SEEDS; seed++) expectClean(seed, 25);
  }, 300_000);

  it('regression: seed 4 — heartbeats must survive a power-off (the kubelet cancelled them with its own timers)', () => {
    expectClean(4, 25);
  });

  it('regression: seed 119 — a pod worker step finishing while the kubelet is stopped must not block the pod after it restarts', () => {
    expectClean(119, 40);
  });

  it('a fault-free rolling update never drops availability below replicas - maxUnavailable', () => {
    const c = new Cluster({ seed: 11 });
    c.kubectl('create deployment web --image=nginx:1.27 --replicas=8');
    c.advance(60_000);
    c.kubectl('set image deployment/web nginx=nginx:1.28');
    const minAvailable = 8 - Math.floor(8 * 0.25);
    let lowest = Infinity;
    const end = c.nowMs + 5 * 60_000;
    while (c.nowMs < end && c.step()) {
      const available = c.list('/Pod', 'default').filter((p) => !p.metadata.deletionTimestamp && isPodAvailable(p, 0, c.nowMs)).length;
      lowest = Math.min(lowest, available);
    }
    expect(lowest).toBeGreaterThanOrEqual(minAvailable);
    const d = c.get('apps/Deployment', 'default', 'web')!;
    expect(d.status.updatedReplicas).toBe(8);
    expect(d.status.availableReplicas).toBe(8);
  });
});
