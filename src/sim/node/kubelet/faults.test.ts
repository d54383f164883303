import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import type { KObject } from '../../api/types';

const W1 = 'kubeplay-worker';

function probePod(name: string, probes: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  nodeName: ${W1}
  containers:
  - name: app
    image: nginx:1.27
    ports:
    - containerPort: 80
${probes.split('\n').map((l) => `    ${l}`).join('\n')}
`;
}

const HTTP_READY = `readinessProbe:
  httpGet:
    path: /
    port: 80
  periodSeconds: 5`;

const run = (c: Cluster, line: string) => c.control(line).output.trimEnd();
const pod = (c: Cluster, name: string) => c.get('/Pod', 'default', name)!;
const ready = (p: KObject) => p.status.conditions.find((x: { type: string }) => x.type === 'Ready').status;
const events = (c: Cluster, name: string, reason: string) =>
  c.list('/Event', 'default').filter((e) => e.involvedObject.name === name && e.reason === reason).map((e) => `${e.message} (x${e.count ?? 1})`);

function started(manifest: string, seed = 1): Cluster {
  const c = new Cluster({ seed });
  c.apply(manifest);
  c.advance(20_000);
  return c;
}

describe('probe faults', () => {
  it('fail-readiness: Unhealthy events with the HTTP text, Ready=False after failureThreshold, out of the endpoints; heal brings it back', () => {
    const c = started(`${probePod('web', HTTP_READY)}---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
`);
    expect(ready(pod(c, 'web'))).toBe('True');
    expect(run(c, 'kubeplay pod fail-readiness web')).toBe(
      'pod/web container app: readiness probe now fails (GET / answers 500); after 3 failures the pod turns NotReady',
    );
    c.advance(9_000);
    // Two failures are not enough.
    expect(ready(pod(c, 'web'))).toBe('True');
    c.advance(6_000);
    expect(ready(pod(c, 'web'))).toBe('False');
    expect(pod(c, 'web').status.containerStatuses[0]).toMatchObject({ ready: false, restartCount: 0, state: { running: {} } });
    expect(events(c, 'web', 'Unhealthy')).toEqual(['Readiness probe failed: HTTP probe failed with statuscode: 500 (x3)']);
    const ep = c.get('/Endpoints', 'default', 'web')!;
    expect(ep.subsets[0].addresses).toBeUndefined();
    expect(ep.subsets[0].notReadyAddresses.map((a: { ip: string }) => a.ip)).toEqual([pod(c, 'web').status.podIP]);

    expect(run(c, 'kubeplay pod heal web')).toBe('pod/web healed: probes answer normally again (app readiness)');
    expect(run(c, 'kubeplay pod heal web')).toBe('pod/web: no probe faults to heal');
    c.advance(6_000);
    expect(ready(pod(c, 'web'))).toBe('True');
    expect(c.get('/Endpoints', 'default', 'web')!.subsets[0].addresses.length).toBe(1);
  });

  it('fail-liveness: the kubelet kills the container after three failures and restarts it, again and again until healed', () => {
    const c = started(probePod('web', 'livenessProbe:\n  exec:\n    command: ["true"]'));
    expect(run(c, 'kubeplay pod fail-liveness web -c app')).toBe(
      'pod/web container app: liveness probe now fails (the command exits 1); after 3 failures the kubelet restarts the container',
    );
    c.advance(35_000);
    expect(events(c, 'web', 'Killing')).toEqual(['Container app failed liveness probe, will be restarted (x1)']);
    expect(events(c, 'web', 'Unhealthy')[0]).toMatch(/^Liveness probe failed:  \(x\d\)$/);
    expect(pod(c, 'web').status.containerStatuses[0].restartCount).toBe(1);
    // Still failing: the restarted container is killed too.
    c.advance(40_000);
    expect(pod(c, 'web').status.containerStatuses[0].restartCount).toBeGreaterThanOrEqual(2);
    run(c, 'kubeplay pod heal web');
    c.advance(60_000);
    const n = pod(c, 'web').status.containerStatuses[0].restartCount;
    c.advance(120_000);
    expect(pod(c, 'web').status.containerStatuses[0].restartCount).toBe(n);
    expect(pod(c, 'web').status.containerStatuses[0].state.running).toBeDefined();
  });

  it('tcpSocket and gRPC probes fail in their own words', () => {
    const c = started(`${probePod('tcp', 'readinessProbe:\n  tcpSocket:\n    port: 80\n  periodSeconds: 1')}---
${probePod('grpc', 'readinessProbe:\n  grpc:\n    port: 80\n  periodSeconds: 1')}`);
    run(c, 'kubeplay pod fail-readiness tcp');
    run(c, 'kubeplay pod fail-readiness grpc');
    c.advance(2_000);
    expect(events(c, 'tcp', 'Unhealthy')[0]).toMatch(/^Readiness probe failed: dial tcp 10\.244\.1\.\d+:80: connect: connection refused/);
    // nginx serves no gRPC health service: its probe fails anyway, but the fault answers NOT_SERVING.
    expect(events(c, 'grpc', 'Unhealthy').some((e) => e.startsWith('Readiness probe failed: service unhealthy (responded with "NOT_SERVING")'))).toBe(true);
  });

  it('clear errors: no such probe, pod, container or node; bad usage', () => {
    const c = started(probePod('web', HTTP_READY));
    expect(run(c, 'kubeplay pod fail-liveness web')).toBe('kubeplay: container app of pod web has no liveness probe');
    expect(run(c, 'kubeplay pod fail-readiness nope -n kube-system')).toBe('kubeplay: pods "nope" not found in namespace kube-system');
    expect(run(c, 'kubeplay pod fail-readiness web -c other')).toBe('kubeplay: container other is not valid for pod web');
    expect(run(c, 'kubeplay pod fail-readiness')).toMatch(/^kubeplay: usage: kubeplay pod kill\|fail-readiness/);
    c.apply(`apiVersion: v1
kind: Pod
metadata:
  name: unbound
spec:
  nodeSelector:
    nowhere: "true"
  containers:
  - name: app
    image: nginx:1.27
    readinessProbe:
      httpGet:
        port: 80
`);
    c.advance(1_000);
    expect(run(c, 'kubeplay pod fail-readiness unbound')).toBe('kubeplay: pod unbound is not running on a node');
  });

  it('the fault survives snapshot and restore, and the run stays deterministic', () => {
    const c = started(probePod('web', HTTP_READY));
    run(c, 'kubeplay pod fail-readiness web');
    c.advance(3_000);
    const restored = Cluster.restore(JSON.parse(JSON.stringify(c.snapshot())));
    c.advance(20_000);
    restored.advance(20_000);
    expect(ready(pod(restored, 'web'))).toBe('False');
    expect(restored.snapshot()).toEqual(c.snapshot());
    run(restored, 'kubeplay pod heal web');
    restored.advance(6_000);
    expect(ready(pod(restored, 'web'))).toBe('True');
  });
});

describe('pod kill', () => {
  it('the container exits 137 (Error) and the kubelet restarts it', () => {
    const c = started(probePod('web', ''));
    expect(run(c, 'kubeplay pod kill web')).toBe('pod/web container app killed (exit code 137)');
    c.advance(3_000);
    const st = pod(c, 'web').status.containerStatuses[0];
    expect(st.restartCount).toBe(1);
    expect(st.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(st.state.running).toBeDefined();
    run(c, 'kubeplay node crash kubeplay-worker');
    expect(run(c, 'kubeplay pod kill web')).toBe('kubeplay: node kubeplay-worker is powered off: its containers are not running');
  });
});
