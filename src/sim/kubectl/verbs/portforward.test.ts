import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/types';
import { Cluster } from '../../cluster';
import { PORT_FORWARD_SERVICE, type PortForwards } from '../../network/portforward';
import { mostActiveFirst } from './portforward';

function cluster(): Cluster {
  const c = new Cluster({ seed: 5 });
  c.apply(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: kubia
spec:
  replicas: 2
  selector:
    matchLabels: {app: kubia}
  template:
    metadata:
      labels: {app: kubia}
    spec:
      containers:
      - name: kubia
        image: luksa/kubia
        ports:
        - {name: http, containerPort: 8080}
        - {name: dns, containerPort: 53, protocol: UDP}
---
apiVersion: v1
kind: Service
metadata:
  name: kubia
spec:
  selector: {app: kubia}
  ports:
  - {name: web, port: 80, targetPort: http}
  - {name: dns, port: 53, targetPort: 53, protocol: UDP}
---
apiVersion: v1
kind: Service
metadata:
  name: kubia-headless
spec:
  clusterIP: None
  selector: {app: kubia}
  ports:
  - {port: 8080, targetPort: 9999}
---
apiVersion: v1
kind: Service
metadata:
  name: manual
spec:
  ports:
  - {port: 80}
`);
  c.advance(15_000);
  return c;
}

const pf = (c: Cluster) => c.service<PortForwards>(PORT_FORWARD_SERVICE)!;

describe('kubectl port-forward', () => {
  it('a Service: named service port, named target port, one pod, a trailing &', () => {
    const c = cluster();
    const r = c.kubectl('port-forward svc/kubia 8080:web &');
    expect(r.output).toBe('Forwarding from 127.0.0.1:8080 -> 8080\nForwarding from [::1]:8080 -> 8080\n');
    // A named service port alone listens on the service port's number (80: kind's ingress has it).
    expect(c.kubectl('port-forward service/kubia web').stderr).toMatch(/^Unable to listen on port 80: .*\nerror: unable to listen on any of the requested ports: \[\{80 8080\}\]\n$/);
    const s = pf(c).sessions()[0];
    expect(s.pod).toMatch(/^kubia-/);
    expect(s.target).toBe('svc/kubia');
    // A headless Service's port is the pod's port as is (its targetPort is ignored).
    expect(c.kubectl('port-forward svc/kubia-headless 8090:8080').stdout).toBe('Forwarding from 127.0.0.1:8090 -> 8080\nForwarding from [::1]:8090 -> 8080\n');
  });

  it('picks the most active pod of a workload', () => {
    const c = cluster();
    const pods = c.list('/Pod', 'default').filter((p) => p.metadata.labels?.app === 'kubia');
    const expected = [...pods].sort(mostActiveFirst)[0].metadata.name;
    c.kubectl('port-forward deploy/kubia 8080');
    const rs = c.list('apps/ReplicaSet', 'default')[0].metadata.name;
    c.kubectl(`port-forward rs/${rs} 8081:8080`);
    expect(pf(c).sessions().map((s) => s.pod)).toEqual([expected, expected]);
  });

  it('orders pods as sort.Reverse(ActivePods)', () => {
    const pod = (name: string, o: { node?: string; phase?: string; readyAt?: string; restarts?: number; created: string }): KObject => ({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, creationTimestamp: o.created },
      spec: o.node ? { nodeName: o.node } : {},
      status: {
        phase: o.phase ?? 'Running',
        conditions: o.readyAt ? [{ type: 'Ready', status: 'True', lastTransitionTime: o.readyAt }] : [],
        containerStatuses: [{ restartCount: o.restarts ?? 0 }],
      },
    });
    const pods = [
      pod('unassigned', { created: '2025-01-01T00:00:00Z' }),
      pod('pending', { node: 'n', phase: 'Pending', created: '2025-01-01T00:00:00Z' }),
      pod('not-ready', { node: 'n', created: '2025-01-01T00:00:00Z' }),
      pod('ready-late', { node: 'n', readyAt: '2025-01-01T00:05:00Z', created: '2025-01-01T00:00:00Z' }),
      pod('ready-early-restarts', { node: 'n', readyAt: '2025-01-01T00:01:00Z', restarts: 2, created: '2025-01-01T00:00:00Z' }),
      pod('ready-early', { node: 'n', readyAt: '2025-01-01T00:01:00Z', created: '2025-01-01T00:00:01Z' }),
      pod('ready-early-older', { node: 'n', readyAt: '2025-01-01T00:01:00Z', created: '2025-01-01T00:00:00Z' }),
    ];
    expect(pods.sort(mostActiveFirst).map((p) => p.metadata.name)).toEqual([
      'ready-early-older', 'ready-early', 'ready-early-restarts', 'ready-late', 'not-ready', 'pending', 'unassigned',
    ]);
  });

  it('-n selects the namespace', () => {
    const c = cluster();
    c.kubectl('create namespace other');
    c.advance(1000);
    c.kubectl('run web -n other --image=nginx:1.27 --port=80');
    c.advance(10_000);
    expect(c.kubectl('port-forward web 8080:80').output).toBe('Error from server (NotFound): pods "web" not found\n');
    expect(c.kubectl('-n other port-forward pod/web 8080:80').exitCode).toBe(0);
    expect(pf(c).sessions()[0]).toMatchObject({ namespace: 'other', pod: 'web' });
  });

  it('errors in kubectl\'s words', () => {
    const c = cluster();
    const err = (line: string) => c.kubectl(line).stderr;
    expect(err('port-forward svc/manual 8080:80')).toBe("error: cannot attach to *v1.Service: invalid service 'manual': Service is defined without a selector\n");
    expect(err('port-forward svc/kubia 53')).toBe('error: UDP protocol is not supported for 53\n');
    expect(err('port-forward deploy/kubia 8080:dns')).toBe('error: UDP protocol is not supported for dns\n');
    expect(err('port-forward deploy/kubia 8080 --pod-running-timeout=0')).toBe("error: --pod-running-timeout must be higher than zero\nSee 'kubectl port-forward -h' for help and examples\n");
    expect(err('port-forward deploy/kubia 8080 --pod-running-timeout=soon')).toBe(
      `Error: invalid argument "soon" for "--pod-running-timeout" flag: time: invalid duration "soon"\nSee 'kubectl port-forward --help' for usage.\n`,
    );
    expect(err('port-forward deploy/kubia 8080 --address nowhere')).toBe('error: nowhere is not a valid IP\n');
    expect(err('port-forward deploy/kubia abc:8080')).toBe(`error: error parsing local port 'abc': strconv.ParseUint: parsing "abc": invalid syntax\n`);
    expect(err('port-forward deploy/kubia 8080:nope')).toMatch(/^error: Pod 'kubia-[a-z0-9]+-[a-z0-9]{5}' does not have a named port 'nope'\n$/);
    expect(err('port-forward nodes/kubeplay-worker 8080')).toBe('error: cannot attach to *v1.Node: selector for *v1.Node not implemented\n');
  });

  it('waits up to --pod-running-timeout for a workload without pods', () => {
    const c = cluster();
    c.kubectl('create deployment empty --image=nginx --replicas=0');
    c.advance(2000);
    const t0 = c.nowMs;
    expect(c.kubectl('port-forward deploy/empty 8080:80 --pod-running-timeout=5s').stderr).toBe('error: timed out waiting for the condition\n');
    expect(c.nowMs - t0).toBe(5000);
    // A pod that exists but does not run yet is refused (kubectl does not wait for Running).
    c.kubectl('scale deploy/empty --replicas=1');
    c.advance(50);
    expect(c.kubectl('port-forward deploy/empty 8080:80').stderr).toBe('error: unable to forward port because pod is not running. Current status=Pending\n');
  });
});
