// The worker's restart snapshots skip the defensive copies (Cluster.snapshot({ clone: false }),
// Cluster.restore(s, { adopt: true })): the JSON is byte for byte the copied snapshot's, taking
// it leaves the run as it was, and an adopted restore runs on exactly as a copied one.
import { describe, expect, it } from 'vitest';
import { Cluster, type ClusterSnapshot } from '../sim/cluster';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 6
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
        readinessProbe:
          httpGet:
            port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: busybox
            command: ["sh", "-c", "echo tick"]
`;

/** A cluster with probes, logs, Events, scheduler records, a CronJob, traffic and a fault. */
function busy(): Cluster {
  const c = new Cluster({ seed: 3, nodes: 3 });
  c.apply(WEB);
  c.kubectl('kubectl create deployment crashy --image=busybox --replicas=2 -- sh -c "exit 1"');
  c.control('kubeplay traffic start load --to http://web.default.svc.cluster.local --rps 5');
  c.advance(70_000);
  c.control('kubeplay node crash kubeplay-worker2');
  c.advance(20_000);
  return c;
}

const json = (s: ClusterSnapshot) => JSON.stringify(s);

describe('restart snapshots without copies', () => {
  it('serialise exactly as the copied snapshot, and taking one does not change the run', () => {
    const a = busy();
    const b = busy();
    const uncopied = json(a.snapshot({ watchLog: false, clone: false }));
    expect(uncopied).toBe(json(a.snapshot({ watchLog: false })));
    expect(json(a.snapshot({ clone: false }))).toBe(json(a.snapshot()));
    // `a` had three snapshots taken, `b` none: the runs stay the same.
    a.advance(60_000);
    b.advance(60_000);
    expect(json(a.snapshot())).toBe(json(b.snapshot()));
  });

  it('restore an adopted snapshot to the cluster a copied one gives, and run on the same', () => {
    const c = busy();
    const text = json(c.snapshot({ watchLog: false, clone: false }));
    const adopted = Cluster.restore(JSON.parse(text) as ClusterSnapshot, { adopt: true });
    const copied = Cluster.restore(JSON.parse(text) as ClusterSnapshot);
    expect(json(adopted.snapshot())).toBe(json(copied.snapshot()));
    expect(json(adopted.snapshot({ watchLog: false }))).toBe(text);
    adopted.advance(60_000);
    copied.advance(60_000);
    expect(json(adopted.snapshot({ watchLog: false }))).toBe(json(copied.snapshot({ watchLog: false })));
    expect(adopted.kubectl('kubectl get deploy web -o name').output).toBe('deployment.apps/web\n');
  });
});
