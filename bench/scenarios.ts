// kubeplay's benchmark scenarios. Each scenario has an untimed `prepare` (boot the cluster, settle
// a starting workload) and a timed `run` that returns what it reached. The runner (bench/run.ts)
// measures wall, CPU and heap around `run`.
import { Cluster } from '../src/sim/cluster';
import { applyText } from '../src/sim/kubectl/apply';
import { MAX_SIMULATED_PODS } from '../src/sim/api/admission';
import type { StoredChange } from '../src/sim/api/store';
import type { KObject } from '../src/sim/api/types';
import { prepareAlgorithm } from './scheduler';
import { PEER_IMAGE } from './peer';

export interface RunResult {
  nodes: number;
  pods: number;
  virtualMs: number;
  /** Set when the scenario stopped before its goal (limit or time cap): what was missing. */
  incomplete?: string;
  /** Extra figures a scenario reports (kept in the JSON line). */
  extra?: Record<string, number | string>;
}

export interface Prepared {
  run(probe: Probe): RunResult | Promise<RunResult>;
}

/** Given to `run`: the runner's heap sampler and wall-clock budget. */
export interface Probe {
  /** Samples heap usage (peak tracking); call now and then in long loops. */
  sample(): void;
  /** Wall ms since the timed part started. */
  elapsedMs(): number;
}

export interface Options {
  /** Cap on pods for scale-150k (`--limit`). */
  limit?: number;
  /** Wall-clock budget per run of a long scenario, ms (`--max-wall`). */
  maxWallMs: number;
  seed: number;
}

export interface Scenario {
  name: string;
  describe: string;
  prepare(opts: Options): Prepared;
}

const SEED_NS = 'default';

export function deploymentYaml(name: string, replicas: number, image = 'nginx:1.27', namespace = SEED_NS): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: app
        image: ${image}
        resources:
          requests:
            cpu: 10m
            memory: 16Mi
`;
}

function applyOrThrow(cluster: Cluster, yaml: string): void {
  const r = applyText(cluster, yaml, 'bench', {});
  if (r.errors.length) throw new Error(`apply failed: ${r.errors.map((e) => e.message).join('; ')}`);
}

function podReady(p: KObject): boolean {
  const conds = p.status?.conditions;
  if (!Array.isArray(conds)) return false;
  for (const c of conds) if (c.type === 'Ready') return c.status === 'True';
  return false;
}

/**
 * Counts pods (in `namespace`) for which `pred` holds, kept up to date from the store's change
 * stream, so checking progress costs nothing per step.
 */
class PodCounter {
  private readonly hit = new Set<string>();
  readonly unsubscribe: () => void;
  constructor(cluster: Cluster, namespace: string, pred: (p: KObject) => boolean) {
    for (const p of cluster.list('/Pod', namespace)) if (pred(p)) this.hit.add(p.metadata.name!);
    this.unsubscribe = cluster.subscribe((c: StoredChange) => {
      if (c.kindKey !== '/Pod' || c.object.metadata.namespace !== namespace) return;
      const name = c.object.metadata.name!;
      if (c.type !== 'DELETED' && pred(c.object)) this.hit.add(name);
      else this.hit.delete(name);
    });
  }
  get count(): number {
    return this.hit.size;
  }
}

/**
 * Runs events until `done()` or until the queue has nothing left within `maxVirtualMs`, or the
 * wall budget is spent. Checks `done` after every event (cheap: counters), samples the heap every
 * 10,000 events.
 */
function stepUntil(cluster: Cluster, done: () => boolean, probe: Probe, maxVirtualMs: number, maxWallMs: number): 'done' | 'virtual-cap' | 'wall-cap' | 'queue-empty' {
  const limit = cluster.nowMs + maxVirtualMs;
  let n = 0;
  while (!done()) {
    const next = cluster.nextEventAt();
    if (next === undefined) return 'queue-empty';
    if (next > limit) return 'virtual-cap';
    cluster.step();
    if (++n % 10_000 === 0) {
      probe.sample();
      if (probe.elapsedMs() > maxWallMs) return 'wall-cap';
    }
  }
  return 'done';
}

const HOUR = 3_600_000;

function deployToReady(cluster: Cluster, name: string, replicas: number, probe: Probe, maxWallMs: number, image?: string): RunResult & { outcome: string } {
  const counter = new PodCounter(cluster, SEED_NS, (p) => podReady(p) && !p.metadata.deletionTimestamp);
  const start = cluster.nowMs;
  applyOrThrow(cluster, deploymentYaml(name, replicas, image));
  const outcome = stepUntil(cluster, () => counter.count >= replicas, probe, HOUR, maxWallMs);
  counter.unsubscribe();
  return {
    nodes: cluster.options.nodes,
    pods: counter.count,
    virtualMs: cluster.nowMs - start,
    outcome,
    ...(outcome === 'done' ? {} : { incomplete: `${counter.count}/${replicas} pods Ready (${outcome})` }),
  };
}

function settledCluster(seed: number, nodes: number, name: string, replicas: number): Cluster {
  const cluster = new Cluster({ seed, nodes });
  cluster.apply(deploymentYaml(name, replicas));
  const ready = cluster.list('/Pod', SEED_NS).filter(podReady).length;
  if (ready !== replicas) throw new Error(`setup: ${ready}/${replicas} pods Ready`);
  return cluster;
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'deploy-1k',
    describe: '50 nodes, one Deployment of 1,000 replicas, from apply to all pods Ready',
    prepare(opts) {
      const cluster = new Cluster({ seed: opts.seed, nodes: 50 });
      return {
        run: (probe) => {
          const { outcome: _o, ...r } = deployToReady(cluster, 'web', 1000, probe, opts.maxWallMs, PEER_IMAGE);
          return r;
        },
      };
    },
  },
  {
    name: 'deploy-1k-again',
    describe: 'deploy-1k in a cluster that ran it before (the Deployment deleted and its pods gone): a class\'s second demo',
    prepare(opts) {
      // A long-lived cluster has seen its workload's object shapes before, so V8's optimised code
      // for them survives; deploy-1k's fresh cluster pays for compiling it again (bench/README.md).
      const cluster = new Cluster({ seed: opts.seed, nodes: 50 });
      const first = deployToReady(cluster, 'web', 1000, { sample() {}, elapsedMs: () => 0 }, opts.maxWallMs, PEER_IMAGE);
      if (first.outcome !== 'done') throw new Error(`setup: ${first.incomplete}`);
      const r = cluster.kubectl('delete deployment web');
      if (r.exitCode !== 0) throw new Error(`setup: ${r.stderr}`);
      const gone = new PodCounter(cluster, SEED_NS, () => true);
      const outcome = stepUntil(cluster, () => gone.count === 0, { sample() {}, elapsedMs: () => 0 }, HOUR, opts.maxWallMs);
      gone.unsubscribe();
      if (outcome !== 'done') throw new Error(`setup: ${gone.count} pods left after deleting the Deployment (${outcome})`);
      return {
        run: (probe) => {
          const { outcome: _o, ...res } = deployToReady(cluster, 'web', 1000, probe, opts.maxWallMs, PEER_IMAGE);
          return res;
        },
      };
    },
  },
  {
    name: 'scale-150k',
    describe: "5,000 nodes filled to 150,000 pods (Kubernetes' documented limits: the system pods plus 140 Deployments x 1,000 replicas), from apply to all Running",
    prepare(opts) {
      const cluster = new Cluster({ seed: opts.seed, nodes: 5000 });
      // "No more than 150,000 total pods" counts every pod in the cluster: the 5,000 nodes already
      // run ~10,000 system pods (kube-proxy, ...), and kubeplay admits no pod beyond the limit
      // (admission's MAX_SIMULATED_PODS). So the Deployments fill the cluster up to it.
      const systemPods = cluster.list('/Pod').length;
      const room = MAX_SIMULATED_PODS - systemPods;
      const total = Math.min(room, opts.limit ?? room);
      const perDeployment = Math.min(1000, total);
      const deployments = Math.ceil(total / perDeployment);
      return {
        run: (probe) => {
          const counter = new PodCounter(cluster, SEED_NS, (p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
          const start = cluster.nowMs;
          const docs: string[] = [];
          for (let i = 0; i < deployments; i++) {
            const replicas = i === deployments - 1 ? total - perDeployment * (deployments - 1) : perDeployment;
            docs.push(deploymentYaml(`scale-${String(i).padStart(3, '0')}`, replicas));
          }
          applyOrThrow(cluster, docs.join('---\n'));
          probe.sample();
          const outcome = stepUntil(cluster, () => counter.count >= total, probe, HOUR, opts.maxWallMs);
          counter.unsubscribe();
          const incomplete: string[] = [];
          if (outcome !== 'done') incomplete.push(`${counter.count}/${total} pods Running (${outcome} after ${Math.round(probe.elapsedMs())} ms wall)`);
          if (total < room) incomplete.push(`--limit ${total}: not the full ${room} (${MAX_SIMULATED_PODS} with the system pods)`);
          return {
            nodes: 5000,
            pods: counter.count,
            virtualMs: cluster.nowMs - start,
            ...(incomplete.length ? { incomplete: incomplete.join('; ') } : {}),
            extra: { target: total, deployments, systemPods, podsInCluster: cluster.list('/Pod').length },
          };
        },
      };
    },
  },
  {
    name: 'schedule-basic',
    describe: 'scheduler algorithm (cache + framework + decision records), 10,000 pods onto 5,000 nodes',
    prepare() {
      const b = prepareAlgorithm(5000, 10_000, false);
      return { run: () => ({ nodes: 5000, pods: b.run(), virtualMs: 0 }) };
    },
  },
  {
    name: 'schedule-antiaffinity',
    describe: 'scheduler algorithm, 5,000 pods with required pod anti-affinity on hostname onto 5,000 nodes',
    prepare() {
      const b = prepareAlgorithm(5000, 5000, true);
      return {
        run: () => {
          const pods = b.run();
          return { nodes: 5000, pods, virtualMs: 0, ...(pods < 5000 ? { incomplete: `${pods}/5000 scheduled` } : {}) };
        },
      };
    },
  },
  {
    name: 'idle-hour',
    describe: '3 nodes, a Deployment of 30 Ready pods, advanced one virtual hour',
    prepare(opts) {
      const cluster = settledCluster(opts.seed, 3, 'idle', 30);
      return {
        run: (probe) => {
          const start = cluster.nowMs;
          // Advance in minutes so the heap sampler sees the run.
          for (let m = 0; m < 60; m++) {
            cluster.advance(60_000);
            probe.sample();
          }
          const ready = cluster.list('/Pod', SEED_NS).filter(podReady).length;
          return { nodes: 3, pods: ready, virtualMs: cluster.nowMs - start, ...(ready !== 30 ? { incomplete: `${ready}/30 Ready after the hour` } : {}) };
        },
      };
    },
  },
  {
    name: 'rollout-1k',
    describe: '50 nodes, rolling update of a 1,000-replica Deployment (image change) to completion',
    prepare(opts) {
      const cluster = settledCluster(opts.seed, 50, 'web', 1000);
      return {
        run: (probe) => {
          const start = cluster.nowMs;
          applyOrThrow(cluster, deploymentYaml('web', 1000, 'nginx:1.28'));
          // kubectl rollout status's test: observed, all updated, no old replicas, all available.
          const complete = (): boolean => {
            const d = cluster.get('apps/Deployment', SEED_NS, 'web');
            const s = d?.status;
            return !!d && !!s && s.observedGeneration >= d.metadata.generation! && s.updatedReplicas === 1000 && s.replicas === 1000 && s.availableReplicas === 1000;
          };
          // Deployment status changes only through the store: check on its changes.
          let done = false;
          const unsub = cluster.subscribe((c) => {
            if (c.kindKey === 'apps/Deployment' && c.object.metadata.name === 'web') done = complete();
          });
          const outcome = stepUntil(cluster, () => done, probe, HOUR, opts.maxWallMs);
          unsub();
          const updated = cluster.get('apps/Deployment', SEED_NS, 'web')?.status?.updatedReplicas ?? 0;
          return {
            nodes: 50,
            pods: 1000,
            virtualMs: cluster.nowMs - start,
            ...(outcome !== 'done' ? { incomplete: `rollout not complete (${outcome}), ${updated}/1000 updated` } : {}),
          };
        },
      };
    },
  },
];
