// The benchmark runner: `npm run bench -- [SCENARIO...] [--runs N] [--limit PODS] [--max-wall S]
// [--peer-runs N] [--peer-timeout S] [--no-peer] [--seed N] [--warmup N] [--fresh-shapes]`.
// Prints one JSON line per system and scenario: the median of `--runs` runs (3 by default) of
// {system, scenario, nodes, pods, wallMs, cpuMs, virtualMs, podsPerSec, podsPerCpuSec, heapMB}. deploy-1k is also
// run on the peer (@ngrok/webernetes) in the same process, followed by a line of ratios.
//
// wallMs/cpuMs cover only the timed part of a scenario (not booting the cluster or settling its
// starting workload). cpuMs is process.cpuUsage() user+system, all threads (V8's GC and compiler
// threads included). heapMB is the peak process.memoryUsage().heapUsed sampled during the run
// (every 10,000 events and at the end): it includes garbage V8 has not collected yet (it lets the
// heap grow well past what is live before a full GC); liveHeapMB is the heap in use after full
// GCs at the end of the run, the cluster still alive (needs --expose-gc). With --expose-gc (the npm script passes it) the runner
// collects garbage before each run. `--warmup N` runs a scenario N times first, unmeasured (V8
// compiles the hot paths during the first runs: deploy-1k's first run in a fresh process costs
// about twice a warm one); `cpuMsFirst` is the first measured run, cold when there is no warm-up.
//
// Each run gets a new cluster, prepared while the previous run's cluster is still alive, and only
// then is the previous one dropped (before the GC that precedes the timed part). This is how the
// playground replaces a cluster (Reset builds the new one before letting the old go), and it
// matters: V8 holds the hidden classes ("maps") that objects acquired by adding properties only
// weakly, so when every object of a shape dies, the shape dies with it, and every piece of
// optimised code that checked for it is thrown away and compiled again in the middle of the next
// run (V8's `--trace-deopt`: "marking dependent code ... reason: weak objects", ~120 functions
// per deploy-1k run). `--fresh-shapes` drops the previous cluster first, to measure that worst
// case: deploy-1k costs about twice as much CPU that way.
import { performance } from 'node:perf_hooks';
import { SCENARIOS, type Options, type Prepared, type Probe, type RunResult } from './scenarios';
import { PEER_NAME, preparePeerDeploy } from './peer';

interface Line {
  system: string;
  scenario: string;
  nodes: number;
  pods: number;
  wallMs: number;
  cpuMs: number;
  virtualMs: number;
  podsPerSec: number;
  podsPerCpuSec?: number;
  heapMB: number;
  runs: number;
  incomplete?: string;
  error?: string;
  [extra: string]: unknown;
}

function parseCli(argv: string[]) {
  const names: string[] = [];
  const o = { runs: 3, warmup: 0, peerRuns: undefined as number | undefined, peerTimeoutMs: 180_000, peer: true, freshShapes: false, limit: undefined as number | undefined, maxWallMs: 300_000, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const val = (): number => {
      const v = Number(inline ?? argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} needs a positive number`);
      return v;
    };
    if (flag === '--runs') o.runs = Math.floor(val());
    else if (flag === '--warmup') o.warmup = Math.floor(Number(inline ?? argv[++i]) || 0);
    else if (flag === '--peer-runs') o.peerRuns = Math.floor(val());
    else if (flag === '--peer-timeout') o.peerTimeoutMs = val() * 1000;
    else if (flag === '--limit') o.limit = Math.floor(val());
    else if (flag === '--max-wall') o.maxWallMs = val() * 1000;
    else if (flag === '--seed') o.seed = Math.floor(val());
    else if (flag === '--no-peer') o.peer = false;
    else if (flag === '--fresh-shapes') o.freshShapes = true;
    else if (flag === '--help' || flag === '-h') {
      console.error(`usage: npm run bench -- [SCENARIO...] [--runs N] [--warmup N] [--limit PODS] [--max-wall SECONDS] [--peer-runs N] [--peer-timeout SECONDS] [--no-peer] [--seed N] [--fresh-shapes]\nscenarios:\n${SCENARIOS.map((s) => `  ${s.name.padEnd(22)} ${s.describe}`).join('\n')}`);
      process.exit(0);
    } else if (flag.startsWith('-')) throw new Error(`unknown flag ${flag}`);
    else names.push(a);
  }
  for (const n of names) if (!SCENARIOS.some((s) => s.name === n)) throw new Error(`unknown scenario ${n} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  return { names, ...o };
}

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

interface Sample {
  wallMs: number;
  cpuMs: number;
  heapMB: number;
  /** Heap in use after full GCs at the end of the run, the cluster still alive (with --expose-gc). */
  liveHeapMB?: number;
  result: RunResult;
}

/**
 * The cluster of the run before, kept until the next cluster has been prepared (see the header).
 * `--fresh-shapes` drops it first instead.
 */
const held: { previous?: Prepared } = {};
let freshShapes = false;

async function measure(prepare: () => Prepared | Promise<Prepared>): Promise<Sample> {
  if (freshShapes) held.previous = undefined;
  gc?.();
  const prepared = await prepare();
  held.previous = prepared;
  gc?.();
  let peak = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const probe: Probe = {
    sample: () => {
      const h = process.memoryUsage().heapUsed;
      if (h > peak) peak = h;
    },
    elapsedMs: () => performance.now() - t0,
  };
  const c0 = process.cpuUsage();
  const result = await prepared.run(probe);
  const cpu = process.cpuUsage(c0);
  const wallMs = performance.now() - t0;
  probe.sample();
  let liveHeapMB: number | undefined;
  if (gc) {
    gc();
    gc();
    liveHeapMB = process.memoryUsage().heapUsed / MB;
  }
  // The prepared scenario (its cluster) stays reachable, through `held.previous`, until after the
  // live-heap reading and the next run's prepare.
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, heapMB: peak / MB, liveHeapMB, result };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function summarise(system: string, scenario: string, samples: Sample[]): Line {
  // The run with the median wall time gives the pods/virtual/incomplete fields.
  const byWall = [...samples].sort((a, b) => a.wallMs - b.wallMs);
  const mid = byWall[(byWall.length - 1) >> 1]!;
  const wallMs = median(samples.map((s) => s.wallMs));
  const line: Line = {
    system,
    scenario,
    nodes: mid.result.nodes,
    pods: mid.result.pods,
    wallMs: round(wallMs),
    cpuMs: round(median(samples.map((s) => s.cpuMs))),
    virtualMs: mid.result.virtualMs,
    podsPerSec: Math.round(mid.result.pods / (wallMs / 1000)),
    // Steadier than podsPerSec on a shared machine, where wall time includes waiting for a core.
    podsPerCpuSec: Math.round(mid.result.pods / (median(samples.map((s) => s.cpuMs)) / 1000)),
    heapMB: round(median(samples.map((s) => s.heapMB))),
    runs: samples.length,
  };
  if (samples.every((s) => s.liveHeapMB !== undefined)) line.liveHeapMB = round(median(samples.map((s) => s.liveHeapMB!)));
  if (samples.length > 1) {
    line.wallMsRange = [round(byWall[0]!.wallMs), round(byWall.at(-1)!.wallMs)];
    const cpus = samples.map((s) => s.cpuMs).sort((a, b) => a - b);
    line.cpuMsRange = [round(cpus[0]!), round(cpus.at(-1)!)];
  }
  const incomplete = samples.map((s) => s.result.incomplete).filter(Boolean);
  if (incomplete.length) line.incomplete = mid.result.incomplete ?? incomplete[0];
  if (mid.result.extra) Object.assign(line, mid.result.extra);
  return line;
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  freshShapes = cli.freshShapes;
  const opts: Options = { limit: cli.limit, maxWallMs: cli.maxWallMs, seed: cli.seed };
  const selected = cli.names.length ? SCENARIOS.filter((s) => cli.names.includes(s.name)) : SCENARIOS;
  if (!gc) console.error('note: run node with --expose-gc to collect garbage between runs');
  for (const sc of selected) {
    const samples: Sample[] = [];
    // scale-150k is minutes long: one run unless --runs is given explicitly.
    const runs = sc.name === 'scale-150k' && !process.argv.includes('--runs') && !process.argv.some((a) => a.startsWith('--runs=')) ? 1 : cli.runs;
    const warmup = sc.name === 'scale-150k' ? 0 : cli.warmup;
    for (let i = 0; i < warmup; i++) await measure(() => sc.prepare(opts));
    for (let i = 0; i < runs; i++) samples.push(await measure(() => sc.prepare(opts)));
    const ours = summarise('kubeplay', sc.name, samples);
    ours.warmup = warmup;
    ours.cpuMsFirst = round(samples[0]!.cpuMs);
    console.log(JSON.stringify(ours));
    if (sc.name === 'deploy-1k' && cli.peer) {
      const peerLine = await runPeer(cli.peerRuns ?? cli.runs, cli.peerTimeoutMs);
      console.log(JSON.stringify(peerLine));
      if (!peerLine.error && peerLine.cpuMs > 0) {
        console.log(
          JSON.stringify({
            system: `${PEER_NAME}/kubeplay`,
            scenario: sc.name,
            wallRatio: round(peerLine.wallMs / ours.wallMs),
            cpuRatio: round(peerLine.cpuMs / ours.cpuMs),
            heapRatio: round(peerLine.heapMB / ours.heapMB, 2),
            ...(peerLine.incomplete ? { note: 'peer incomplete: its ratio is a lower bound' } : {}),
          }),
        );
      }
    }
  }
}

async function runPeer(runs: number, timeoutMs: number): Promise<Line> {
  try {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await measure(() => preparePeerDeploy(1000, 50, timeoutMs)));
    return summarise(PEER_NAME, 'deploy-1k', samples);
  } catch (e) {
    return { system: PEER_NAME, scenario: 'deploy-1k', nodes: 50, pods: 0, wallMs: 0, cpuMs: 0, virtualMs: 0, podsPerSec: 0, heapMB: 0, runs: 0, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
