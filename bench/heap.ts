// Heap per pod: `node --expose-gc --import tsx bench/heap.ts [nodes] [pods]` (defaults 50 and
// 1000). Boots a cluster, applies one Deployment of `pods` replicas, runs it until settled, and
// prints the live heap it added (after full GCs) per pod: the pods with their Events, the
// scheduler's decision records, kubelet and runtime state, controller caches and the API
// server's watch log (20,000 changes at most, so its share per pod falls in larger runs).
import { Cluster } from '../src/sim/cluster';
import { deploymentYaml } from './scenarios';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc');
  process.exit(2);
}
const liveMB = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

const nodes = Number(process.argv[2] ?? 50);
const pods = Number(process.argv[3] ?? 1000);
const cluster = new Cluster({ seed: 1, nodes });
const before = liveMB();
cluster.apply(deploymentYaml('web', pods));
const after = liveMB();
const events = cluster.list('/Event', 'default').length;
console.log(
  JSON.stringify({
    nodes,
    pods: cluster.list('/Pod', 'default').length,
    events,
    heapBeforeMB: Math.round(before * 10) / 10,
    heapAfterMB: Math.round(after * 10) / 10,
    kbPerPod: Math.round(((after - before) * 1e4) / pods) / 10,
  }),
);
