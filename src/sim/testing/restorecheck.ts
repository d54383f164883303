// Determinism across a restore (the helpers of restore.determinism.test.ts): a cluster restored
// from a snapshot must run on exactly as the original (the UI restarts a dead worker from its last
// snapshot). A busy workload — spread Deployments, a StatefulSet, a DaemonSet, a CronJob, a
// crash-looping pod, probes, a Service with traffic, a node crash — runs to T; a second cluster is
// restored from the JSON restart snapshot at T; both get the same inputs and run on; everything
// observable must match: store changes in order, Events, the scheduler's decision records (as the
// inspector reads them), traffic, kubectl's views and the next snapshot, byte for byte.

import { Cluster, type ClusterSnapshot } from '../cluster';
import type { StoredChange } from '../api/store';
import { SCHEDULER_SERVICE, type SchedulerService } from '../scheduler/types';
import { TRAFFIC_SERVICE } from '../network/traffic';

const WORKLOAD = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 5
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
      containers:
      - name: web
        image: nginx:1.27
        resources: {requests: {cpu: 100m, memory: 64Mi}}
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
        livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 10}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 4
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 50
            podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: api}}}
      containers:
      - name: api
        image: nginx:1.28
        resources: {requests: {cpu: 200m, memory: 128Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: nginx}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80, name: web}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: nginx
  replicas: 2
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        readinessProbe: {tcpSocket: {port: 80}, periodSeconds: 3}
        livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 4, failureThreshold: 2}
        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: standard
      resources: {requests: {storage: 1Gi}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
      - {name: agent, image: busybox:1.37, command: [sh, -c, 'while true; do sleep 5; done']}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - {name: hello, image: busybox:1.37, command: [sh, -c, 'echo hello; sleep 3']}
---
apiVersion: v1
kind: Pod
metadata: {name: crasher}
spec:
  containers:
  - {name: crasher, image: busybox:1.37, command: [sh, -c, 'echo starting; sleep 2; exit 1']}
`;

/** What happens after the restore point, by default: a scale-up, the node back, a rollout. */
export const DEFAULT_ACTIONS = ['kubectl scale deployment web --replicas=7', 'kubeplay node restore kubeplay-worker2', 'kubectl rollout restart deployment api'];

/** More inputs for a property to pick from: faults, probes, drains, preemption, traffic. */
export const MORE_ACTIONS = [
  ...DEFAULT_ACTIONS,
  'kubeplay node partition kubeplay-worker3',
  'kubeplay node stop-kubelet kubeplay-worker',
  'kubeplay node restore kubeplay-worker3',
  'kubeplay pod kill db-0',
  'kubectl cordon kubeplay-worker4',
  'kubectl uncordon kubeplay-worker4',
  'kubectl drain kubeplay-worker4 --ignore-daemonsets --delete-emptydir-data --timeout=20s',
  'kubectl scale statefulset db --replicas=3',
  'kubectl scale deployment api --replicas=1',
  'kubectl delete pod crasher --wait=false',
  'kubectl create job once --image=busybox:1.37 -- sh -c "sleep 4"',
  'kubeplay traffic stop load',
  'kubeplay traffic start db --to http://nginx/ --rps 5',
  'kubeplay node add kubeplay-worker5 --zone b',
  'kubeplay pod fail-liveness db-0',
  'kubeplay pod fail-readiness db-1',
  'kubeplay pod heal db-0',
  'kubectl autoscale deployment web --min=2 --max=8 --cpu-percent=10',
  'kubectl apply -f -\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 4, selector: {matchLabels: {app: web}}}',
  'kubectl create priorityclass high --value=100000',
  'kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata: {name: vip}\nspec:\n  priorityClassName: high\n  containers: [{name: c, image: nginx, resources: {requests: {cpu: 1500m}}}]',
  'kubectl apply -f -\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  rules: [{host: web.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]',
  'kubeplay traffic start ing --to http://web.example.com/ --rps 10',
  'kubectl delete node kubeplay-worker3',
];

/**
 * Boots the busy cluster and runs it `warmMs` past the workload (the snapshot point). `early`:
 * the snapshot is taken `warmMs` after the workload was sent, while it is still starting (pods
 * pending, scheduling cycles and pulls under way); traffic and the node crash come after.
 */
export function busyCluster(seed: number, warmMs: number, early = false): Cluster {
  const c = new Cluster({ seed, nodes: 4 });
  if (early) {
    c.kubectl('kubectl apply -f -', { stdin: WORKLOAD });
    c.advance(warmMs);
    return c;
  }
  c.kubectl('kubectl apply -f -', { stdin: WORKLOAD });
  c.advance(30_000);
  c.control('kubeplay traffic start load --to http://web/ --rps 20');
  c.advance(20_000);
  c.control('kubeplay node crash kubeplay-worker2');
  c.advance(warmMs);
  return c;
}

/** After an early snapshot: the traffic, the crash, then the default actions. */
export const EARLY_ACTIONS = ['kubeplay traffic start load --to http://web/ --rps 20', 'kubeplay node crash kubeplay-worker2', ...DEFAULT_ACTIONS];

/** The same inputs for both clusters after the restore point, spread evenly over `runMs`. */
export function inputs(c: Cluster, runMs: number, actions: readonly string[] = DEFAULT_ACTIONS): void {
  const step = Math.floor(runMs / (actions.length + 1));
  for (const action of actions) {
    c.advance(step);
    // A first line then a manifest: the manifest is the command's standard input.
    const nl = action.indexOf('\n');
    const line = nl < 0 ? action : action.slice(0, nl);
    if (line.startsWith('kubeplay ')) c.control(line);
    else c.kubectl(line, nl < 0 ? {} : { stdin: action.slice(nl + 1) });
  }
  c.advance(runMs - actions.length * step);
}

interface Observed {
  changes: string[];
}

export function observe(c: Cluster): Observed {
  const o: Observed = { changes: [] };
  c.subscribe((ch: StoredChange) => o.changes.push(`${c.nowMs} ${ch.type} ${ch.kindKey} ${JSON.stringify(ch.object)}`));
  return o;
}

/** What the inspector shows for every pod: its scheduler decision record, expanded. */
export function decisions(c: Cluster): Record<string, unknown> {
  const svc = c.service<SchedulerService>(SCHEDULER_SERVICE)!;
  const out: Record<string, unknown> = {};
  for (const p of c.list('/Pod')) out[`${p.metadata.namespace}/${p.metadata.name}`] = svc.decision(p.metadata.uid!) ?? null;
  return out;
}

function traffic(c: Cluster): unknown {
  const t = c.service<{ since(seq: number): unknown; stats(windowMs?: number): unknown }>(TRAFFIC_SERVICE)!;
  return { since: t.since(0), stats: t.stats(10_000) };
}

function firstDifference(a: string[], b: string[]): string | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return `#${i}\n live:     ${a[i]?.slice(0, 600)}\n restored: ${b[i]?.slice(0, 600)}`;
  return undefined;
}

/** Read-only commands whose output must match. */
const READS = [
  'kubectl get pods -A -o wide',
  'kubectl get events -A --sort-by=.lastTimestamp',
  'kubectl describe pods',
  'kubectl describe nodes',
  'kubectl top pods -A',
  'kubectl top nodes',
  'kubectl logs crasher --previous',
  'kubectl logs -l app=web --tail=5 --prefix',
  'kubectl get endpointslices -o yaml',
  'kubeplay traffic report',
];

function firstIndex(x: string, y: string): number {
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return i;
}

/** What one cluster did after the restore point: its store changes, then its views in order. */
export interface RunRecord {
  changes: string[];
  views: [string, string][];
}

/** Gives `c` the inputs for `runMs` and records what it did and what it shows. */
export function runAndRecord(c: Cluster, runMs: number, actions: readonly string[]): RunRecord {
  const o = observe(c);
  inputs(c, runMs, actions);
  const views: [string, (c: Cluster) => unknown][] = [
    ['decisions', decisions],
    ['traffic', traffic],
    ['events', (x) => x.list('/Event')],
    // What a user reads: kubectl's own views (describe shows the scheduler's Events; top the
    // metrics pipeline; logs the runtime) and the traffic report. Last, as they advance the clock.
    ['kubectl', (x) => READS.map((line) => (line.startsWith('kubeplay ') ? x.control(line).output : x.kubectl(line).output))],
    ['snapshot', (x) => x.snapshot({ watchLog: false })],
  ];
  return { changes: o.changes, views: views.map(([name, view]) => [name, JSON.stringify(view(c))]) };
}

/** The first difference between two runs' records, if any. */
export function differenceOf(a: RunRecord, b: RunRecord): string | undefined {
  const diff = firstDifference(a.changes, b.changes);
  if (diff) return `store change ${diff}`;
  for (let k = 0; k < a.views.length; k++) {
    const [name, x] = a.views[k]!;
    const y = b.views[k]?.[1] ?? '';
    if (x !== y) {
      const i = firstIndex(x, y);
      return `${name} differ at ${i}:\n live:     ${x.slice(Math.max(0, i - 300), i + 200)}\n restored: ${y.slice(Math.max(0, i - 300), i + 200)}`;
    }
  }
  return undefined;
}

/** Takes the restart snapshot as the worker does: without the watch log, through JSON. */
export function restartSnapshot(c: Cluster): string {
  return JSON.stringify(c.snapshot({ watchLog: false, clone: false }));
}

/** Runs the original and a restored copy side by side; returns the first difference, if any. */
export function compare(seed: number, warmMs: number, runMs: number, actions: readonly string[] = DEFAULT_ACTIONS, early = false): string | undefined {
  const live = busyCluster(seed, warmMs, early);
  const json = restartSnapshot(live);
  const restored = Cluster.restore(JSON.parse(json) as ClusterSnapshot, { adopt: true });
  const again = restartSnapshot(restored);
  if (again !== json) return `the restored cluster's own snapshot differs at once, at ${firstIndex(json, again)}`;
  return differenceOf(runAndRecord(live, runMs, actions), runAndRecord(restored, runMs, actions));
}
