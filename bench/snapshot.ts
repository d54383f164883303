// What the worker's periodic snapshot costs (the UI restarts a dead worker from the last one):
// `npx tsx bench/snapshot.ts`. For each cluster size, one JSON line with medians of 5: the size
// of the snapshot as the worker sends it (UTF-8 JSON without the watch log) and with the watch
// log; the time to take it (cluster.snapshot + JSON.stringify + encode: the worker's stall) and
// to restore from it (decode + JSON.parse + Cluster.restore: a restarted worker's boot).
import { performance } from 'node:perf_hooks';
import { Cluster } from '../src/sim/cluster';

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

for (const [nodes, replicas] of [[3, 0], [3, 30], [100, 0], [100, 1000]] as const) {
  const c = new Cluster({ seed: 1, nodes });
  if (replicas > 0) c.apply(deployment(replicas));
  c.advance(120_000);
  const take: number[] = [];
  const restore: number[] = [];
  let bytes = 0;
  const withWatchLogKB = Math.round(JSON.stringify(c.snapshot()).length / 1024);
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    const json = new TextEncoder().encode(JSON.stringify(c.snapshot({ watchLog: false })));
    take.push(performance.now() - t);
    bytes = json.byteLength;
    t = performance.now();
    Cluster.restore(JSON.parse(new TextDecoder().decode(json)));
    restore.push(performance.now() - t);
  }
  console.log(JSON.stringify({ nodes, pods: c.list('/Pod').length, sentKB: Math.round(bytes / 1024), withWatchLogKB, takeMs: median(take), restoreMs: median(restore) }));
}
