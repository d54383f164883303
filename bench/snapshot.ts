// What the worker's periodic snapshot costs (the UI restarts a dead worker from the last one):
// `npx tsx bench/snapshot.ts [--runs N]`. For each cluster size, one JSON line with medians of N
// (default 5): the size of the snapshot as the worker sends it (UTF-8 JSON without the watch log)
// and with the watch log; what makes it up (`partsKB`: the stored objects by kind, each
// component's state, the event queue); and, as CPU ms (`cpuMs`, the figure to compare on a shared
// machine) and wall ms, the time to take it as the worker does (cluster.snapshot without the
// copy + JSON.stringify + encode: the worker's stall) and to restore from it as a restarted worker
// does (decode + JSON.parse + Cluster.restore adopting the parsed object).
import { performance } from 'node:perf_hooks';
import { Cluster } from '../src/sim/cluster';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.floor(s.length / 2)].toFixed(1);
}

function deployment(replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        resources:
          requests:
            cpu: 10m
            memory: 16Mi
        readinessProbe:
          httpGet:
            port: 80
`;
}

/** Runs `fn`, returning its result with the CPU and wall ms it took. */
function timed<T>(fn: () => T): { value: T; cpuMs: number; wallMs: number } {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = fn();
  const d = process.cpuUsage(cpu);
  return { value, cpuMs: (d.user + d.system) / 1000, wallMs: performance.now() - wall };
}

/** KB of JSON per part of the snapshot, largest first (parts under 1% of the whole left out). */
function parts(json: string): Record<string, number> {
  const snap = JSON.parse(json) as { store: { objects?: { kind?: string }[] }; components: Record<string, unknown>; queue: unknown };
  const kb = (x: unknown) => (JSON.stringify(x) ?? '').length / 1024;
  const out = new Map<string, number>();
  for (const o of snap.store.objects ?? []) out.set(`store ${o.kind}`, (out.get(`store ${o.kind}`) ?? 0) + kb(o));
  for (const [name, state] of Object.entries(snap.components)) out.set(`component ${name}`, kb(state));
  out.set('queue', kb(snap.queue));
  const total = json.length / 1024;
  return Object.fromEntries([...out].filter(([, v]) => v >= total / 100).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v)]));
}

for (const [nodes, replicas] of [[3, 0], [3, 30], [100, 0], [100, 1000]] as const) {
  const c = new Cluster({ seed: 1, nodes });
  if (replicas > 0) c.apply(deployment(replicas));
  c.advance(120_000);
  const take = { cpu: [] as number[], wall: [] as number[] };
  const restore = { cpu: [] as number[], wall: [] as number[] };
  let bytes = 0;
  let json = '';
  const withWatchLogKB = Math.round(JSON.stringify(c.snapshot()).length / 1024);
  for (let i = 0; i < RUNS; i++) {
    // As the worker does (src/worker/host.core.ts): no defensive copy, stringified at once.
    const t = timed(() => new TextEncoder().encode(JSON.stringify(c.snapshot({ watchLog: false, clone: false }))));
    take.cpu.push(t.cpuMs);
    take.wall.push(t.wallMs);
    bytes = t.value.byteLength;
    // As a restarted worker does (host.core.ts restore, cluster.worker.ts): the parsed object is adopted.
    const r = timed(() => {
      json = new TextDecoder().decode(t.value);
      return Cluster.restore(JSON.parse(json), { adopt: true });
    });
    restore.cpu.push(r.cpuMs);
    restore.wall.push(r.wallMs);
  }
  console.log(
    JSON.stringify({
      nodes,
      pods: c.list('/Pod').length,
      sentKB: Math.round(bytes / 1024),
      withWatchLogKB,
      take: { cpuMs: median(take.cpu), wallMs: median(take.wall) },
      restore: { cpuMs: median(restore.cpu), wallMs: median(restore.wall) },
      partsKB: parts(json),
    }),
  );
}
