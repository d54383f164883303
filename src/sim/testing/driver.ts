// A seeded random driver for simulation testing: random workloads (Deployments, StatefulSets,
// DaemonSets, Jobs), random operations (scale, rollout, rollback, pod deletes) and random faults
// (node crash, kubelet stop, partition, container kill), then a fault-free phase in which
// everything must converge. Invariants are checked after every step.

import { Cluster } from '../cluster';
import { Rng } from '../core/rng';
import { checkConverged, checkSafety, WatchOracle } from './invariants';

export interface VoprOptions {
  seed: number;
  /** Number of random steps in the fault phase. */
  steps?: number;
  /** Virtual time allowed to converge after faults are cleared. */
  settleMs?: number;
  nodes?: number;
}

export interface VoprResult {
  seed: number;
  steps: string[];
  violations: string[];
  virtualMs: number;
}

const IMAGES = ['nginx:1.27', 'nginx:1.28', 'httpd:2.4'];

export function runVopr(o: VoprOptions): VoprResult {
  const cluster = new Cluster({ seed: o.seed, nodes: o.nodes ?? 3 });
  const start = cluster.nowMs;
  const rng = new Rng((o.seed * 2654435761) >>> 0);
  const oracle = new WatchOracle(cluster);
  const steps: string[] = [];
  const violations: string[] = [];
  const faulted = new Set<string>();
  const deployments: string[] = [];
  const workers = cluster.api.store.list('/Node').map((n) => n.metadata.name!).filter((n) => !n.endsWith('control-plane'));
  const run = (line: string) => {
    steps.push(line);
    const r = line.startsWith('kubeplay') ? cluster.control(line) : cluster.kubectl(line);
    if (r.output.includes('internal error')) violations.push(`step "${line}" failed inside kubeplay: ${r.output.trim()}`);
  };
  const check = (phase: string) => {
    for (const v of [...checkSafety(cluster), ...oracle.check(cluster)]) violations.push(`${phase}: ${v}`);
  };

  const actions: (() => void)[] = [
    () => {
      const name = `d${deployments.length}`;
      deployments.push(name);
      run(`kubectl create deployment ${name} --image=${rng.pick(IMAGES)} --replicas=${rng.intBetween(1, 5)}`);
    },
    () => deployments.length > 0 && run(`kubectl scale deployment ${rng.pick(deployments)} --replicas=${rng.intBetween(0, 6)}`),
    () => {
      if (deployments.length === 0) return;
      const d = rng.pick(deployments);
      run(`kubectl set image deployment/${d} ${cluster.get('apps/Deployment', 'default', d)?.spec?.template?.spec?.containers?.[0]?.name ?? d}=${rng.pick(IMAGES)}`);
    },
    () => deployments.length > 0 && run(`kubectl rollout undo deployment/${rng.pick(deployments)}`),
    () => {
      const pods = cluster.api.store.list('/Pod', 'default');
      if (pods.length > 0) run(`kubectl delete pod ${rng.pick(pods).metadata.name} --wait=false`);
    },
    () => {
      const pods = cluster.api.store.list('/Pod', 'default').filter((p) => p.status?.phase === 'Running');
      if (pods.length > 0) run(`kubeplay pod kill ${rng.pick(pods).metadata.name}`);
    },
    () => {
      const n = rng.pick(workers);
      const fault = rng.pick(['crash', 'stop-kubelet', 'partition']);
      faulted.add(n);
      run(`kubeplay node ${fault} ${n}`);
    },
    () => {
      if (faulted.size === 0) return;
      const n = rng.pick([...faulted].sort());
      faulted.delete(n);
      run(`kubeplay node restore ${n}`);
    },
    () => {
      const name = `job${steps.length}`;
      run(`kubectl create job ${name} --image=busybox:1.36 -- sh -c "sleep ${rng.intBetween(1, 30)}"`);
    },
  ];

  const stepCount = o.steps ?? 30;
  for (let i = 0; i < stepCount; i++) {
    rng.pick(actions)();
    cluster.advance(rng.intBetween(1, 120) * 1000);
    check(`step ${i}`);
  }
  // Fault-free phase: restore every node, then let the cluster converge.
  for (const n of [...faulted].sort()) run(`kubeplay node restore ${n}`);
  cluster.advance(o.settleMs ?? 15 * 60 * 1000);
  check('settled');
  for (const v of checkConverged(cluster)) violations.push(`settled: ${v}`);
  oracle.close();
  return { seed: o.seed, steps, violations, virtualMs: cluster.nowMs - start };
}
