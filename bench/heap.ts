// Heap per pod: `node --expose-gc --import tsx bench/heap.ts [nodes] [pods] [--breakdown]`
// (defaults 50 and 1000). Boots a cluster, applies one Deployment of `pods` replicas, runs it until
// settled, and prints the live heap it added (after full GCs) per pod: the pods with their Events,
// the scheduler's decision records, kubelet and runtime state, controller caches and the API
// server's watch log (20,000 changes at most, so its share per pod falls in larger runs).
// --breakdown also writes heap snapshots before and after (in the OS temp dir) and prints, per
// owner path from the Cluster object, the bytes per pod it added (bench/heapsnapshot.ts).
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { Cluster } from '../src/sim/cluster';
import { deploymentYaml } from './scenarios';
import { bytesByOwner, ownerDiff } from './heapsnapshot';

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

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const breakdown = process.argv.includes('--breakdown');
const nodes = Number(args[0] ?? 50);
const pods = Number(args[1] ?? 1000);
const cluster = new Cluster({ seed: 1, nodes });
const before = liveMB();
const beforeFile = breakdown ? writeHeapSnapshot(join(tmpdir(), `kp-heap-before-${process.pid}.heapsnapshot`)) : '';
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
if (breakdown) {
  const afterFile = writeHeapSnapshot(join(tmpdir(), `kp-heap-after-${process.pid}.heapsnapshot`));
  // Keep the cluster alive through the second snapshot.
  if (cluster.nowMs < 0) console.log('');
  const depth = 8;
  const lines = ownerDiff(bytesByOwner(beforeFile, depth), bytesByOwner(afterFile, depth), pods, 40);
  console.log('bytes per pod by owner (objects charged to the nearest owner):');
  for (const l of lines) console.log(l);
  rmSync(beforeFile);
  rmSync(afterFile);
}
