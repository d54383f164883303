// Scheduler throughput: `npx tsx bench/scheduler.ts [nodes] [pods]` (defaults 5000 and 10000).
// Prints wall-clock pods/s and pods per CPU-second (steadier on a busy machine).
// 1. algorithm: the scheduler's cache + framework + decision records alone (what kube-scheduler's
//    scheduler_perf measures): pods without affinity, then pods with required pod anti-affinity
//    on the hostname (at most one per node).
// 2. cluster: a whole simulated cluster — pods created through the API (not timed), then the
//    time to bind them all by running the event loop (API writes, events, other components).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Cluster } from '../src/sim/cluster';
import { ObjectStore } from '../src/sim/api/store';
import type { KObject } from '../src/sim/api/types';
import { Rng } from '../src/sim/core/rng';
import { SchedulerCache } from '../src/sim/scheduler/cache';
import { recordAttempt } from '../src/sim/scheduler/decisions';
import { Framework } from '../src/sim/scheduler/framework';
import { newPodInfo } from '../src/sim/scheduler/podinfo';

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

function nodeObj(i: number): KObject {
  const name = `node-${i}`;
  const alloc = { cpu: '32', memory: '128Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `n${i}`, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': ZONES[i % 3]! } },
    spec: {},
    status: { allocatable: alloc, capacity: alloc },
  };
}

function podObj(i: number, antiAffinity: boolean): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${i}`, namespace: 'default', uid: `p${i}`, labels: { app: antiAffinity ? 'spread' : 'web' } },
    spec: {
      schedulerName: 'default-scheduler',
      priority: 0,
      containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
      ...(antiAffinity
        ? { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'spread' } }, topologyKey: 'kubernetes.io/hostname' }] } } }
        : {}),
    },
    status: { phase: 'Pending' },
  };
}

/**
 * The scheduling-algorithm benchmark, split into an untimed setup (cache of `nodes` nodes, pod
 * infos) and the timed part (`run`: schedule every pod, assume it, record the decision). Used by
 * the CLI below and by bench/run.ts (`schedule-basic`, `schedule-antiaffinity`).
 */
export function prepareAlgorithm(nodes: number, numPods: number, antiAffinity: boolean): { run(): number } {
  const cache = new SchedulerCache();
  for (let i = 0; i < nodes; i++) cache.setNode(nodeObj(i));
  const fw = new Framework(cache, new ObjectStore(), new Rng(1));
  const infos = Array.from({ length: numPods }, (_, i) => newPodInfo(podObj(i, antiAffinity)));
  return {
    run(): number {
      let scheduled = 0;
      for (const pi of infos) {
        const out = fw.schedulePod(pi);
        if (out.kind === 'scheduled') {
          cache.assume(pi, out.result.node);
          scheduled++;
          recordAttempt({ uid: pi.uid, namespace: pi.namespace, name: pi.name, attempt: 1, timeMs: 0, outcome: 'Scheduled', selectedNode: out.result.node, numAllNodes: nodes, evaluatedNodes: out.result.evaluatedNodes, feasibleNodes: out.result.feasibleNodes }, fw.trace, fw.filters, fw.scores);
        }
      }
      return scheduled;
    },
  };
}

function algorithm(nodes: number, label: string, numPods: number, antiAffinity: boolean): void {
  const bench = prepareAlgorithm(nodes, numPods, antiAffinity);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const scheduled = bench.run();
  const ms = performance.now() - t0;
  const cpu = cpuMs(c0);
  console.log(
    `algorithm ${label}: ${scheduled}/${numPods} pods on ${nodes} nodes in ${ms.toFixed(0)} ms (${cpu.toFixed(0)} ms cpu) = ` +
      `${Math.round((scheduled / ms) * 1000)} pods/s (${Math.round((scheduled / cpu) * 1000)} per cpu-second)`,
  );
}

function cluster(label: string, numNodes: number, numPods: number): void {
  const t0 = performance.now();
  const c = new Cluster({ seed: 1, nodes: numNodes });
  const t1 = performance.now();
  for (let i = 0; i < numPods; i++) {
    const p = podObj(i, false);
    delete p.metadata.uid;
    delete p.status;
    c.api.create(p);
  }
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  let virtual = 0;
  for (let guard = 0; guard < 1000; guard++) {
    virtual += c.runUntilIdle(60_000);
    if (c.isIdle()) break;
  }
  const t3 = performance.now();
  const cpu = cpuMs(c2);
  const bound = c.list('/Pod', 'default').filter((p) => p.spec?.nodeName).length;
  console.log(
    `cluster ${label}: boot ${(t1 - t0).toFixed(0)} ms, create ${numPods} pods ${(t2 - t1).toFixed(0)} ms, ` +
      `bind ${bound} in ${(t3 - t2).toFixed(0)} ms (${cpu.toFixed(0)} ms cpu, ${virtual} ms virtual) = ${Math.round((bound / (t3 - t2)) * 1000)} pods/s ` +
      `(${Math.round((bound / cpu) * 1000)} per cpu-second)`,
  );
}

/** CPU time of the process since `from` (all threads: includes V8's background compiler and GC). */
function cpuMs(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const nodes = Number(process.argv[2] ?? 5000);
  const pods = Number(process.argv[3] ?? 10000);
  algorithm(nodes, 'no affinity', pods, false);
  algorithm(nodes, 'required anti-affinity', Math.min(pods, nodes), true);
  cluster('no affinity', Math.min(nodes, 500), Math.min(pods, 2000));
}
