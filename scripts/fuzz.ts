// `npm run fuzz -- [--cases N] [--seed S] [--only TEXT]`: runs the fuzz properties of the
// apply path, the kubectl parser (src/sim/testing/fuzzProps.ts) and the share-link decoder
// (src/ui/share/codec.fuzz.ts) for N cases in all (default 100,000), split by each property's
// weight (cheap properties get more). Prints each property's count and time, every failure with
// fast-check's counterexample and the seed to replay it, and the totals; exits 1 on any failure.
// The Vitest suite runs the same properties with CI-sized counts.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { SEED_MANIFESTS, applyFuzzProperties, type FuzzProperty } from '../src/sim/testing/fuzzProps';
import { shareFuzzProperties } from '../src/ui/share/codec.fuzz';

const USAGE = 'usage: npm run fuzz -- [--cases N] [--seed S] [--only TEXT]';

function parseArgs(argv: string[]): { cases: number; seed: number; only?: string } {
  let cases = 100_000;
  let seed = Date.now() % 2 ** 31;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--cases') cases = Number(value());
    else if (flag === '--seed') seed = Number(value());
    else if (flag === '--only') only = value();
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`error: unknown argument ${JSON.stringify(argv[i])}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(cases) || cases < 1) {
    console.error(`error: --cases must be a positive integer\n${USAGE}`);
    process.exit(2);
  }
  if (!Number.isInteger(seed)) {
    console.error(`error: --seed must be an integer\n${USAGE}`);
    process.exit(2);
  }
  return { cases, seed, only };
}

/** Splits `total` cases by weight; every property gets at least one, the sum is exact. */
export function splitCases(props: readonly FuzzProperty[], total: number): number[] {
  const weight = props.reduce((s, p) => s + p.weight, 0);
  const counts = props.map((p) => Math.max(1, Math.floor((total * p.weight) / weight)));
  counts[counts.length - 1] += Math.max(0, total - counts.reduce((s, n) => s + n, 0));
  return counts;
}

function main(): void {
  const { cases, seed, only } = parseArgs(process.argv.slice(2));
  const corpus = resolve(dirname(fileURLToPath(import.meta.url)), '../test/corpus');
  const seeds = SEED_MANIFESTS.map((p) => readFileSync(resolve(corpus, p), 'utf8'));
  // Each property's seed follows from its place in the full list, so `--only` replays it.
  const all = [...applyFuzzProperties(seeds), ...shareFuzzProperties()].map((p, index) => ({ ...p, index }));
  const props = all.filter((p) => !only || p.name.includes(only));
  if (props.length === 0) {
    console.error(`error: no property matches ${JSON.stringify(only)}`);
    process.exit(2);
  }
  const counts = splitCases(props, cases);
  console.log(`fuzz: ${cases.toLocaleString('en-US')} cases over ${props.length} properties, seed ${seed}`);
  const started = performance.now();
  let ran = 0;
  let failures = 0;
  props.forEach((p, i) => {
    const propSeed = (seed + p.index) % 2 ** 31;
    const t0 = performance.now();
    const details = fc.check(p.property, { numRuns: counts[i], seed: propSeed });
    const secs = (performance.now() - t0) / 1000;
    ran += details.numRuns;
    const status = details.failed ? 'FAILED' : 'ok';
    console.log(`  ${status.padEnd(6)} ${String(details.numRuns).padStart(7)} cases ${secs.toFixed(1).padStart(7)} s  ${p.name}`);
    if (details.failed) {
      failures++;
      // fast-check's own report: the shrunk counterexample, the seed and path to replay it.
      console.log(
        fc
          .defaultReportMessage(details)
          ?.split('\n')
          .map((l) => `         ${l}`)
          .join('\n'),
      );
      const err = details.errorInstance;
      const where = err instanceof Error ? (err.stack ?? '').split('\n').find((l) => l.includes(' at ')) : undefined;
      console.log(`         error: ${err instanceof Error ? err.message : String(err)}${where ? `\n         ${where.trim()}` : ''}`);
      console.log(`         replay: npm run fuzz -- --seed ${seed} --only ${JSON.stringify(p.name)} (property seed ${propSeed})`);
    }
  });
  const total = (performance.now() - started) / 1000;
  console.log(`total: ${ran.toLocaleString('en-US')} cases in ${total.toFixed(1)} s, ${failures} failing ${failures === 1 ? 'property' : 'properties'}`);
  process.exit(failures > 0 ? 1 : 0);
}

main();
