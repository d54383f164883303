import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import type { KObject } from '../../api/types';
import { NODE_AGENTS_SERVICE, type NodeAgents } from '../agent';

const W1 = 'kubeplay-worker';

function pod(name: string, container: string, extra = '', spec = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  nodeName: ${W1}
${spec}  containers:
  - name: ${name}
${container.split('\n').map((l) => `    ${l}`).join('\n')}
${extra}`;
}

function setup(manifest: string, seed = 1): Cluster {
  const c = new Cluster({ seed });
  c.apply(manifest);
  return c;
}

const get = (c: Cluster, name: string) => c.get('/Pod', 'default', name)!;
const cs = (p: KObject) => p.status.containerStatuses[0];
const events = (c: Cluster, name: string) => c.list('/Event', 'default').filter((e) => e.involvedObject.name === name).map((e) => `${e.type} ${e.reason} ${e.message}`);

describe('kubelet: pod start', () => {
  it('pulls, creates and starts the container; reports IPs, conditions and phase', () => {
    const writes: KObject[] = [];
    const c = new Cluster({ seed: 1 });
    c.subscribe((ch) => { if (ch.kindKey === '/Pod' && ch.object.metadata.name === 'web') writes.push(ch.object); });
    c.apply(pod('web', 'image: nginx:1.27'));
    c.advance(5000);
    const p = get(c, 'web');
    expect(p.status.phase).toBe('Running');
    expect(p.status.podIP).toBe('10.244.1.2');
    expect(p.status.hostIP).toBe('172.18.0.3');
    expect(p.status.conditions.map((x: { type: string; status: string }) => `${x.type}=${x.status}`)).toEqual([
      'PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True',
    ]);
    expect(cs(p)).toMatchObject({ name: 'web', ready: true, started: true, restartCount: 0, image: 'docker.io/library/nginx:1.27', state: { running: {} } });
    const ev = events(c, 'web');
    expect(ev[0]).toBe('Normal Pulling Pulling image "nginx:1.27"');
    expect(ev[1]).toMatch(/^Normal Pulled Successfully pulled image "nginx:1\.27" in \d+(\.\d+)?s \(\d+(\.\d+)?s including waiting\)\. Image size: \d+ bytes\.$/);
    expect(ev.slice(2)).toEqual(['Normal Created Created container: web', 'Normal Started Started container web']);
    // Create, first status (ContainerCreating), Running: no identical status written twice.
    const statuses = writes.map((w) => JSON.stringify(w.status));
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(writes.some((w) => w.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ContainerCreating')).toBe(true);
  });

  it('reuses a present image (IfNotPresent) and allocates IPs in sequence', () => {
    const c = setup(pod('a', 'image: nginx:1.27'));
    c.apply(pod('b', 'image: nginx:1.27'));
    c.advance(2000);
    expect(events(c, 'b')[0]).toBe('Normal Pulled Container image "nginx:1.27" already present on machine');
    expect(get(c, 'b').status.podIP).toBe('10.244.1.3');
  });

  it('does not restart or rewrite the bootstrap system pods', () => {
    const c = new Cluster({ seed: 2 });
    const before = c.list('/Pod', 'kube-system').map((p) => p.metadata.resourceVersion);
    c.advance(120_000);
    expect(c.list('/Pod', 'kube-system').map((p) => p.metadata.resourceVersion)).toEqual(before);
    expect(c.kubectl('logs -n kube-system etcd-kubeplay-control-plane').exitCode).toBe(0);
  });
});

describe('kubelet: failures', () => {
  it('ngnix: ErrImagePull, then ImagePullBackOff with growing back-off', () => {
    const c = setup(pod('typo', 'image: ngnix'));
    expect(events(c, 'typo')).toContain('Warning Failed Error: ErrImagePull');
    c.advance(1500);
    const w = cs(get(c, 'typo')).state.waiting;
    expect(w.reason).toBe('ImagePullBackOff');
    expect(w.message).toMatch(/^Back-off pulling image "ngnix": ErrImagePull: rpc error: code = Unknown desc = failed to pull and unpack image "docker\.io\/library\/ngnix:latest": failed to resolve reference "docker\.io\/library\/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed$/);
    c.advance(120_000);
    const ev = c.list('/Event', 'default').filter((e) => e.reason === 'Pulling');
    expect(ev[0].count).toBeGreaterThanOrEqual(3);
    expect(ev[0].count).toBeLessThanOrEqual(5);
    expect(get(c, 'typo').status.phase).toBe('Pending');
  });

  it('CrashLoopBackOff: immediate first restart, then 10s, 20s, 40s', () => {
    const c = setup(pod('crash', 'image: busybox:1.37\ncommand: ["sh", "-c", "echo boom; exit 1"]'));
    const restarts: number[] = [];
    let last = 0;
    for (let t = 0; last < 3; t++) {
      c.advance(1000);
      const n = cs(get(c, 'crash')).restartCount;
      if (n !== last) restarts.push(t);
      last = n;
    }
    c.advance(16_000);
    const gaps = restarts.slice(1).map((t, i) => t - restarts[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(9);
    expect(gaps[0]).toBeLessThanOrEqual(12);
    expect(gaps[1]).toBeGreaterThanOrEqual(19);
    expect(gaps[1]).toBeLessThanOrEqual(22);
    const p = get(c, 'crash');
    expect(p.status.phase).toBe('Running');
    expect(cs(p).state.waiting.reason).toBe('CrashLoopBackOff');
    expect(cs(p).state.waiting.message).toBe(`back-off 40s restarting failed container=crash pod=crash_default(${p.metadata.uid})`);
    expect(cs(p).lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(c.kubectl('get pod crash').stdout).toMatch(/crash\s+0\/1\s+CrashLoopBackOff\s+3 \(\d+s ago\)/);
  });

  it('liveness probe restarts luksa/kubia-unhealthy after the 5th request (killed after the grace period: 137)', () => {
    const c = setup(pod('kubia', 'image: luksa/kubia-unhealthy\nlivenessProbe:\n  httpGet:\n    path: /\n    port: 8080'));
    c.advance(150_000);
    const ev = events(c, 'kubia');
    expect(ev).toContain('Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 500');
    expect(ev).toContain('Normal Killing Container kubia failed liveness probe, will be restarted');
    const st = cs(get(c, 'kubia'));
    expect(st.restartCount).toBe(1);
    expect(st.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('OOMKilled when SIM_MEMORY exceeds the memory limit', () => {
    const c = setup(pod('oom', 'image: busybox\nimagePullPolicy: IfNotPresent\ncommand: ["sleep", "3600"]\nenv:\n- name: SIM_MEMORY\n  value: 300Mi\nresources:\n  limits:\n    memory: 128Mi', '', '  restartPolicy: Never\n'));
    c.advance(10_000);
    const p = get(c, 'oom');
    expect(cs(p).state.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(p.status.phase).toBe('Failed');
  });

  it('CreateContainerConfigError for a missing ConfigMap key', () => {
    const c = setup(`apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  a: "1"
---
${pod('cfg', 'image: nginx\nenv:\n- name: B\n  valueFrom:\n    configMapKeyRef:\n      name: cfg\n      key: b')}`);
    c.advance(3000);
    expect(cs(get(c, 'cfg')).state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: "couldn't find key b in ConfigMap default/cfg" });
    expect(events(c, 'cfg')).toContain("Warning Failed Error: couldn't find key b in ConfigMap default/cfg");
  });

  it('a missing ConfigMap volume is a FailedMount: no sandbox, ContainerCreating', () => {
    const c = setup(pod('vol', 'image: nginx\nvolumeMounts:\n- name: c\n  mountPath: /c', '  volumes:\n  - name: c\n    configMap:\n      name: nope\n'));
    c.advance(3000);
    expect(cs(get(c, 'vol')).state.waiting.reason).toBe('ContainerCreating');
    expect(events(c, 'vol')[0]).toBe('Warning FailedMount MountVolume.SetUp failed for volume "c" : configmap "nope" not found');
  });
});

describe('kubelet: completion and termination', () => {
  it('a Job-like pod completes: Succeeded, Completed, sandbox gone', () => {
    const c = setup(pod('job', 'image: busybox\ncommand: ["sh", "-c", "echo done"]', '', '  restartPolicy: OnFailure\n'));
    c.advance(5000);
    const p = get(c, 'job');
    expect(p.status.phase).toBe('Succeeded');
    expect(cs(p).state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(p.status.conditions.find((x: { type: string }) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(p.status.conditions.find((x: { type: string }) => x.type === 'PodReadyToStartContainers').status).toBe('False');
    expect(c.kubectl('get pod job').stdout).toMatch(/job\s+0\/1\s+Completed\s+0/);
    expect(c.kubectl('logs job').stdout).toBe('done\n');
  });

  it('graceful deletion: sleep ignores SIGTERM and is killed after 30 s; nginx exits at once', () => {
    const c = setup(pod('sleeper', 'image: busybox\ncommand: ["sleep", "3600"]') + '---\n' + pod('web', 'image: nginx'));
    c.advance(5000);
    expect(c.kubectl('delete pod sleeper web --wait=false').exitCode).toBe(0);
    c.advance(2000);
    expect(get(c, 'web')).toBeUndefined();
    expect(c.kubectl('get pod sleeper').stdout).toMatch(/Terminating/);
    c.advance(25_000);
    expect(get(c, 'sleeper')).toBeDefined();
    c.advance(5000);
    expect(get(c, 'sleeper')).toBeUndefined();
    expect(events(c, 'sleeper')).toContain('Normal Killing Stopping container sleeper');
  });

  it('init containers run in order before the app container; a sidecar keeps running', () => {
    const c = setup(`apiVersion: v1
kind: Pod
metadata:
  name: init
spec:
  nodeName: ${W1}
  initContainers:
  - name: wait
    image: busybox
    command: ["sleep", "5"]
  - name: log
    image: busybox
    restartPolicy: Always
    command: ["sh", "-c", "while true; do echo tick; sleep 1; done"]
  containers:
  - name: app
    image: nginx
`);
    expect(c.kubectl('get pod init').stdout).toMatch(/init\s+0\/2\s+Init:0\/2/);
    c.advance(15_000);
    expect(c.kubectl('get pod init').stdout).toMatch(/init\s+2\/2\s+Running/);
    expect(get(c, 'init').status.initContainerStatuses[0].state.terminated.reason).toBe('Completed');
  });
});

describe('kubelet: machine state', () => {
  it('power off stops containers; power on restarts them with SandboxChanged and restartCount+1', () => {
    const c = setup(pod('web', 'image: nginx'));
    c.advance(5000);
    const agents = c.service<NodeAgents>(NODE_AGENTS_SERVICE)!;
    agents.set(W1, { powered: false });
    c.advance(60_000);
    expect(cs(get(c, 'web')).state.running).toBeDefined(); // nobody reports it
    agents.set(W1, { powered: true });
    c.advance(10_000);
    const st = cs(get(c, 'web'));
    expect(st.restartCount).toBe(1);
    expect(st.lastState.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' });
    expect(events(c, 'web')).toContain('Normal SandboxChanged Pod sandbox changed, it will be killed and re-created.');
  });

  it('partitioned: restarts happen locally, nothing is written until the partition heals', () => {
    const c = setup(pod('crash', 'image: busybox\nimagePullPolicy: IfNotPresent\ncommand: ["sh", "-c", "sleep 10; exit 3"]'));
    c.advance(2000);
    const agents = c.service<NodeAgents>(NODE_AGENTS_SERVICE)!;
    agents.set(W1, { partitioned: true });
    const rv = get(c, 'crash').metadata.resourceVersion;
    c.advance(30_000);
    expect(get(c, 'crash').metadata.resourceVersion).toBe(rv);
    agents.set(W1, { partitioned: false });
    c.advance(1000);
    expect(cs(get(c, 'crash')).restartCount).toBeGreaterThanOrEqual(1);
  });

  it('kubelet stopped: containers keep running, nothing restarts; it catches up when it starts again', () => {
    const c = setup(pod('crash', 'image: busybox\nimagePullPolicy: IfNotPresent\ncommand: ["sh", "-c", "sleep 10; exit 3"]'));
    c.advance(2000);
    const agents = c.service<NodeAgents>(NODE_AGENTS_SERVICE)!;
    agents.set(W1, { kubeletRunning: false });
    c.advance(30_000);
    expect(cs(get(c, 'crash')).restartCount).toBe(0);
    expect(c.kubectl('logs crash').stderr).toMatch(/^Error from server: Get "https:\/\/172\.18\.0\.3:10250\/containerLogs\/default\/crash\/crash": dial tcp 172\.18\.0\.3:10250: connect: connection refused/);
    agents.set(W1, { kubeletRunning: true });
    c.advance(5000);
    expect(cs(get(c, 'crash')).restartCount).toBe(1);
    expect(cs(get(c, 'crash')).lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });

  it('a pod deleted while its node is off stays Terminating', () => {
    const c = setup(pod('web', 'image: nginx'));
    c.advance(5000);
    c.service<NodeAgents>(NODE_AGENTS_SERVICE)!.set(W1, { powered: false });
    c.kubectl('delete pod web --wait=false');
    c.advance(120_000);
    expect(c.kubectl('get pod web').stdout).toMatch(/Terminating/);
  });
});

describe('kubelet: snapshots', () => {
  it('restores mid-run and continues identically', () => {
    const a = setup(pod('crash', 'image: busybox\ncommand: ["sh", "-c", "echo x; sleep 3; exit 1"]') + '---\n' + pod('web', 'image: nginx\nreadinessProbe:\n  httpGet:\n    port: 80'));
    a.advance(17_000);
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    const b = Cluster.restore(snap);
    a.advance(90_000);
    b.advance(90_000);
    // The event queue's heap layout may differ; its contents, in order, may not.
    const norm = (s: ReturnType<Cluster['snapshot']>) => ({ ...s, queue: { ...s.queue, events: [...s.queue.events].sort((x, y) => x.atMs - y.atMs || x.seq - y.seq) } });
    expect(norm(b.snapshot())).toEqual(norm(a.snapshot()));
    expect(b.kubectl('logs web').stdout).toBe(a.kubectl('logs web').stdout);
  });
});

describe('kubelet: pod-to-pod HTTP finds the pod behind an IP', () => {
  it('on every node, also after the node last asked for that /24 lost its pod', () => {
    const c = new Cluster({ seed: 3, nodes: 3 });
    c.apply(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 6
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`);
    c.advance(30_000);
    const pods = c.list('/Pod', 'default').filter((p) => p.status?.phase === 'Running');
    expect(pods).toHaveLength(6);
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBeGreaterThan(1);
    const client = pods[0]!.metadata.name;
    const served = (ip: string) => c.kubectl(`exec ${client} -- curl -s http://${ip}/`);
    // Twice each: the second answer for a /24 comes from the node that answered the first.
    for (const p of [...pods, ...pods]) expect(served(p.status.podIP).stdout, p.metadata.name).toContain('Welcome to nginx!');
    // A pod goes: its IP no longer answers, its neighbours' still do.
    const gone = pods[1]!;
    c.kubectl(`delete pod ${gone.metadata.name} --grace-period=0 --force`);
    c.advance(1000);
    expect(served(gone.status.podIP).exitCode).not.toBe(0);
    for (const p of pods.filter((x) => x !== gone && x.spec.nodeName === gone.spec.nodeName)) expect(served(p.status.podIP).stdout).toContain('Welcome to nginx!');
  });
});
