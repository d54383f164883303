// `npm run sim:soak -- [--seeds N] [--from S] [--steps K]`: runs many seeded random schedules of
// workloads and faults and reports every seed that violates an invariant.
import { runVopr } from '../sim/testing/driver';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} needs a non-negative integer`);
  return v;
}

const seeds = flag('seeds', 200);
const from = flag('from', 1);
const steps = flag('steps', 40);
const t0 = performance.now();
let failed = 0;
let virtualMs = 0;
for (let seed = from; seed < from + seeds; seed++) {
  const r = runVopr({ seed, steps });
  virtualMs += r.virtualMs;
  if (r.violations.length > 0) {
    failed++;
    console.log(`seed ${seed}: ${r.violations.length} violations`);
    for (const v of r.violations.slice(0, 5)) console.log(`  ${v}`);
    console.log(`  steps:\n    ${r.steps.join('\n    ')}`);
  }
}
const wallS = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({ seeds, failed, steps, virtualHours: +(virtualMs / 3_600_000).toFixed(1), wallSeconds: +wallS.toFixed(1) }),
);
process.exitCode = failed > 0 ? 1 : 0;
