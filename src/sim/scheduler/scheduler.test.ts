import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { makeNode } from '../bootstrap';
import { isStatus, type KObject } from '../api/types';
import { SCHEDULER_SERVICE, type SchedulerService } from './types';
import { backoffDurationMs } from './queue';

const CP_TAINT = '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

function podYaml(name: string, o: { cpu?: string; memory?: string; extra?: string; priorityClassName?: string; labels?: Record<string, string> } = {}): string {
  const res = o.cpu || o.memory ? `\n    resources:\n      requests:${o.cpu ? `\n        cpu: "${o.cpu}"` : ''}${o.memory ? `\n        memory: ${o.memory}` : ''}` : '';
  const labels = o.labels ? `\n  labels:\n${Object.entries(o.labels).map(([k, v]) => `    ${k}: ${v}`).join('\n')}` : '';
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}${labels}
spec:${o.priorityClassName ? `\n  priorityClassName: ${o.priorityClassName}` : ''}${o.extra ?? ''}
  containers:
  - name: c
    image: nginx${res}
`;
}

const podOf = (c: Cluster, name: string, ns = 'default') => c.get('/Pod', ns, name)!;
/** The scheduler's events about a pod (kubelets may add their own). */
const eventsFor = (c: Cluster, name: string) =>
  c.list('/Event').filter((e) => e.involvedObject.name === name && e.source.component === 'default-scheduler').map((e) => `${e.type} ${e.reason} ${e.source.component} x${e.count}: ${e.message}`);
const service = (c: Cluster) => c.service<SchedulerService>(SCHEDULER_SERVICE)!;

function addNode(c: Cluster, name: string, index: number, zone = 'zone-a', cpu = '4'): void {
  const n = makeNode({ name, index, zone, cpu }, c.nowMs);
  const created = c.api.create({ ...n, status: undefined });
  if (isStatus(created)) throw new Error(created.message);
  const updated = c.api.update({ ...created, status: n.status }, { subresource: 'status' });
  if (isStatus(updated)) throw new Error(updated.message);
}

describe('default-scheduler', () => {
  it('binds a pending pod to a worker: spec.nodeName, PodScheduled=True and a Scheduled event', () => {
    const c = new Cluster({ seed: 1 });
    c.apply(podYaml('web'));
    const p = podOf(c, 'web');
    expect(p.spec.nodeName).toMatch(/^kubeplay-worker/);
    expect(p.status.conditions.find((x: { type: string }) => x.type === 'PodScheduled')).toEqual({ lastProbeTime: null, lastTransitionTime: expect.any(String), status: 'True', type: 'PodScheduled' });
    expect(eventsFor(c, 'web')).toEqual([`Normal Scheduled default-scheduler x1: Successfully assigned default/web to ${p.spec.nodeName}`]);
  });

  it('takes a few virtual milliseconds per scheduling cycle', () => {
    const c = new Cluster({ seed: 1 });
    const t0 = c.nowMs;
    const boundAt: Record<string, number> = {};
    c.subscribe((ch) => {
      if (ch.kindKey === '/Pod' && ch.object.spec?.nodeName && !(ch.object.metadata.name! in boundAt)) boundAt[ch.object.metadata.name!] = c.nowMs - t0;
    });
    c.apply(`${podYaml('a')}---\n${podYaml('b')}`);
    expect(boundAt).toMatchObject({ a: 2, b: 4 });
  });

  it('FailedScheduling: the upstream message, PodScheduled=False, aggregated on retry', () => {
    const c = new Cluster({ seed: 1 });
    c.apply(['a', 'b', 'c', 'd'].map((n) => podYaml(n, { cpu: '3' })).join('---\n'));
    expect(['a', 'b', 'c'].map((n) => podOf(c, n).spec.nodeName).sort()).toEqual(['kubeplay-worker', 'kubeplay-worker2', 'kubeplay-worker3']);
    const msg = `0/4 nodes are available: ${CP_TAINT}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..`;
    expect(eventsFor(c, 'd')).toEqual([`Warning FailedScheduling default-scheduler x1: ${msg}`]);
    const cond = podOf(c, 'd').status.conditions[0];
    expect(cond).toEqual({ lastProbeTime: null, lastTransitionTime: expect.any(String), message: msg, reason: 'Unschedulable', status: 'False', type: 'PodScheduled' });
    expect(service(c).queueStatus(podOf(c, 'd').metadata.uid!)).toEqual({ queue: 'unschedulablePods', attempts: 1, unschedulablePlugins: ['NodeResourcesFit', 'TaintToleration'] });
    // Nothing changes in the cluster: the pod is retried after 5 minutes, and the event counts up.
    c.advance(5 * 60_000 + 100);
    expect(eventsFor(c, 'd')).toEqual([`Warning FailedScheduling default-scheduler x2: ${msg}`]);
  });

  it('runUntilIdle returns while an unschedulable pod waits for a cluster change', () => {
    const c = new Cluster({ seed: 1 });
    c.kubectl('apply -f -', { stdin: podYaml('huge', { cpu: '64' }) });
    const ran = c.runUntilIdle();
    expect(ran).toBeLessThan(1000);
    expect(c.isIdle()).toBe(true);
  });

  it('without nodes: "no nodes available to schedule pods", retried when a node registers', () => {
    const c = new Cluster({ seed: 1, nodes: 0 });
    c.kubectl('delete node kubeplay-control-plane');
    c.apply(podYaml('lonely'));
    expect(eventsFor(c, 'lonely')).toEqual(['Warning FailedScheduling default-scheduler x1: no nodes available to schedule pods']);
    expect(c.isIdle()).toBe(true);
    addNode(c, 'kubeplay-worker', 1);
    c.runUntilIdle();
    expect(podOf(c, 'lonely').spec.nodeName).toBe('kubeplay-worker');
  });

  it('ignores pods for other schedulers and pods that name their node', () => {
    const c = new Cluster({ seed: 1 });
    c.apply(`${podYaml('other', { extra: '\n  schedulerName: my-scheduler' })}---\n${podYaml('pinned', { extra: '\n  nodeName: kubeplay-worker2' })}`);
    expect(podOf(c, 'other').spec.nodeName).toBeUndefined();
    expect(podOf(c, 'other').status.conditions).toBeUndefined();
    expect(eventsFor(c, 'other')).toEqual([]);
    expect(podOf(c, 'pinned').spec.nodeName).toBe('kubeplay-worker2');
    expect(eventsFor(c, 'pinned')).toEqual([]);
  });

  it('schedulingGates keep a pod SchedulingGated until the gates are removed', () => {
    const c = new Cluster({ seed: 1 });
    c.apply(podYaml('gated', { extra: '\n  schedulingGates:\n  - name: example.com/wait' }));
    const p = podOf(c, 'gated');
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status.conditions).toEqual([{ lastProbeTime: null, lastTransitionTime: expect.any(String), message: 'Scheduling is blocked due to non-empty scheduling gates', reason: 'SchedulingGated', status: 'False', type: 'PodScheduled' }]);
    expect(c.kubectl('get pod gated').output).toContain('SchedulingGated');
    expect(service(c).queueStatus(p.metadata.uid!)?.queue).toBe('gated');
    const next = structuredClone(p) as KObject;
    delete next.spec.schedulingGates;
    expect(isStatus(c.api.update(next))).toBe(false);
    c.runUntilIdle();
    expect(podOf(c, 'gated').spec.nodeName).toMatch(/^kubeplay-worker/);
  });

  it('backoff is 1s doubling to 10s', () => {
    expect([1, 2, 3, 4, 5, 6].map(backoffDurationMs)).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('an unschedulable pod is retried when a node is added, after its backoff', () => {
    const c = new Cluster({ seed: 1, nodes: 1 });
    c.apply(podYaml('big', { cpu: '6' }));
    expect(podOf(c, 'big').spec.nodeName).toBeUndefined();
    const failedAt = service(c).decision(podOf(c, 'big').metadata.uid!)!.timeMs;
    addNode(c, 'kubeplay-large', 5, 'zone-a', '8');
    // The node arrives 0s after the failure: the pod waits out its 1s backoff in backoffQ.
    expect(service(c).queueStatus(podOf(c, 'big').metadata.uid!)).toEqual({ queue: 'backoffQ', attempts: 1, backoffUntilMs: failedAt + 1000, unschedulablePlugins: ['NodeResourcesFit', 'TaintToleration'] });
    c.runUntilIdle();
    expect(podOf(c, 'big').spec.nodeName).toBe('kubeplay-large');
    expect(service(c).decision(podOf(c, 'big').metadata.uid!)).toMatchObject({ attempt: 2, timeMs: failedAt + 1000 + 2, selectedNode: 'kubeplay-large' });
  });

  it('a pending pod moves to activeQ when its labels change, not on a status-only write (isPodUpdated)', () => {
    const c = new Cluster({ seed: 1, nodes: 1 });
    c.apply(podYaml('big', { cpu: '6' }));
    c.runUntilIdle();
    const uid = podOf(c, 'big').metadata.uid!;
    expect(service(c).queueStatus(uid)?.queue).toBe('unschedulablePods');
    const cur = podOf(c, 'big');
    c.api.update({ ...cur, status: { ...cur.status, message: 'x' } }, { subresource: 'status' });
    expect(service(c).queueStatus(uid)?.queue).toBe('unschedulablePods');
    c.kubectl('label pod big tier=web');
    expect(service(c).queueStatus(uid)?.attempts).toBe(1);
    expect(service(c).queueStatus(uid)?.queue).not.toBe('unschedulablePods');
  });

  it('a node that does not help (its taint is not tolerated) leaves the pod waiting', () => {
    const c = new Cluster({ seed: 1, nodes: 1 });
    c.apply(podYaml('big', { cpu: '6' }));
    const n = makeNode({ name: 'kubeplay-tainted', index: 5, zone: 'zone-a', cpu: '8', controlPlane: true }, c.nowMs);
    const created = c.api.create({ ...n, status: undefined }) as KObject;
    c.api.update({ ...created, status: n.status }, { subresource: 'status' });
    c.runUntilIdle();
    expect(service(c).queueStatus(podOf(c, 'big').metadata.uid!)?.queue).toBe('unschedulablePods');
  });

  it('counts an assumed pod on its node at once: a burst never overcommits', () => {
    const c = new Cluster({ seed: 2 });
    c.apply(Array.from({ length: 14 }, (_, i) => podYaml(`p${i}`, { cpu: '1' })).join('---\n'));
    const perNode = new Map<string, number>();
    let pending = 0;
    for (let i = 0; i < 14; i++) {
      const n = podOf(c, `p${i}`).spec.nodeName;
      if (n) perNode.set(n, (perNode.get(n) ?? 0) + 1);
      else pending++;
    }
    expect([...perNode.values()]).toEqual([4, 4, 4]);
    expect(pending).toBe(2);
  });

  it('schedules higher-priority pods first (PrioritySort)', () => {
    const c = new Cluster({ seed: 1, nodes: 1 });
    c.apply('apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high\nvalue: 1000\n');
    c.kubectl('apply -f -', { stdin: `${podYaml('low', { cpu: '3' })}---\n${podYaml('high', { cpu: '3', priorityClassName: 'high' })}` });
    c.runUntilIdle();
    expect(podOf(c, 'high').spec.nodeName).toBe('kubeplay-worker');
    expect(podOf(c, 'low').spec.nodeName).toBeUndefined();
  });

  it('preempts lower-priority pods: DisruptionTarget, graceful delete, Preempted events, nominatedNodeName, then binds', () => {
    const c = new Cluster({ seed: 1 });
    c.apply('apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high\nvalue: 1000\n');
    c.apply(['a', 'b', 'c'].map((n) => podYaml(n, { cpu: '3' })).join('---\n'));
    c.kubectl('apply -f -', { stdin: podYaml('vip', { cpu: '3', priorityClassName: 'high' }) });
    c.advance(20);
    const vip = podOf(c, 'vip');
    const node = vip.status.nominatedNodeName;
    expect(node).toMatch(/^kubeplay-worker/);
    expect(vip.spec.nodeName).toBeUndefined();
    const victim = ['a', 'b', 'c'].find((n) => podOf(c, n).spec.nodeName === node)!;
    const v = podOf(c, victim);
    expect(v.metadata.deletionTimestamp).toBeDefined();
    expect(v.status.conditions).toContainEqual({ lastProbeTime: null, lastTransitionTime: expect.any(String), message: 'default-scheduler: preempting to accommodate a higher priority pod', reason: 'PreemptionByScheduler', status: 'True', type: 'DisruptionTarget' });
    expect(eventsFor(c, victim)).toContain(`Normal Preempted default-scheduler x1: Preempted by pod ${vip.metadata.uid} on node ${node}`);
    expect(eventsFor(c, 'vip')).toEqual([`Warning FailedScheduling default-scheduler x1: 0/4 nodes are available: ${CP_TAINT}, 3 Insufficient cpu.`]);
    expect(c.kubectl('get pod vip -o wide').output.split('\n')[1]).toMatch(new RegExp(`<none>\\s+<none>\\s+${node}\\s+<none>$`));
    // Others stay untouched.
    for (const n of ['a', 'b', 'c'].filter((x) => x !== victim)) expect(podOf(c, n).metadata.deletionTimestamp).toBeUndefined();
    const d = service(c).decision(vip.metadata.uid!)!;
    expect(d.preemption).toEqual({ message: '', nominatedNode: node, victims: [{ namespace: 'default', name: victim, uid: v.metadata.uid }] });
    // Once the victim is gone (the kubelet finishes it, or a forced delete), the preemptor binds to the nominated node.
    if (c.get('/Pod', 'default', victim)) c.kubectl(`delete pod ${victim} --grace-period=0 --force`);
    c.runUntilIdle();
    expect(podOf(c, 'vip').spec.nodeName).toBe(node);
    expect(podOf(c, 'vip').status.nominatedNodeName).toBe(node);
  });

  it('preemptionPolicy: Never pods do not preempt', () => {
    const c = new Cluster({ seed: 1 });
    c.apply('apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high-nonpreempting\nvalue: 1000\npreemptionPolicy: Never\n');
    c.apply(['a', 'b', 'c'].map((n) => podYaml(n, { cpu: '3' })).join('---\n'));
    c.apply(podYaml('polite', { cpu: '3', priorityClassName: 'high-nonpreempting' }));
    expect(eventsFor(c, 'polite')).toEqual([`Warning FailedScheduling default-scheduler x1: 0/4 nodes are available: ${CP_TAINT}, 3 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..`]);
    for (const n of ['a', 'b', 'c']) expect(podOf(c, n).metadata.deletionTimestamp).toBeUndefined();
  });

  it('an unbound Immediate claim keeps the pod out', () => {
    const c = new Cluster({ seed: 1 });
    c.apply('apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: example.com/fast\nvolumeBindingMode: Immediate\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: fast\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n');
    c.apply(podYaml('db', { extra: '\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data' }));
    expect(eventsFor(c, 'db')).toEqual(['Warning FailedScheduling default-scheduler x1: 0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..']);
  });

  it('a WaitForFirstConsumer claim is fine, and gets the selected node', () => {
    const c = new Cluster({ seed: 1 });
    c.apply('apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: standard\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n');
    c.apply(podYaml('db', { extra: '\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data' }));
    const node = podOf(c, 'db').spec.nodeName;
    expect(node).toMatch(/^kubeplay-worker/);
    expect(c.get('/PersistentVolumeClaim', 'default', 'data')!.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(node);
  });

  it('keeps a decision record per pod: filter verdicts per node, raw and weighted scores, the choice', () => {
    const c = new Cluster({ seed: 1 });
    c.apply(podYaml('web', { cpu: '1' }));
    const p = podOf(c, 'web');
    const d = service(c).decision(p.metadata.uid!)!;
    expect(d).toMatchObject({ name: 'web', namespace: 'default', attempt: 1, outcome: 'Scheduled', selectedNode: p.spec.nodeName, numAllNodes: 4, evaluatedNodes: 4, feasibleNodes: 3, omittedNodes: 0, rejectedBy: { TaintToleration: 1 } });
    expect(d.filterPlugins.filter((f) => f.skipped).map((f) => f.name)).toEqual(['NodeAffinity', 'NodePorts', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity']);
    expect(d.scorePlugins.filter((s) => s.skipped).map((s) => s.name)).toEqual(['NodeAffinity', 'PodTopologySpread', 'InterPodAffinity']);
    const cp = d.nodes.find((n) => n.node === 'kubeplay-control-plane')!;
    expect(cp.feasible).toBe(false);
    expect(cp.filters.map((f) => `${f.plugin}:${f.code}`)).toEqual([
      'NodeUnschedulable:Success', 'NodeName:Success', 'TaintToleration:UnschedulableAndUnresolvable', 'NodeAffinity:Skip', 'NodePorts:Skip',
      'NodeResourcesFit:NotRun', 'VolumeBinding:Skip', 'PodTopologySpread:Skip', 'InterPodAffinity:Skip',
    ]);
    expect(cp.filters[2]!.reasons).toEqual(['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
    expect(cp.scores).toBeUndefined();
    const chosen = d.nodes.find((n) => n.node === p.spec.nodeName)!;
    // Workers run kindnet and kube-proxy without requests (100m/200Mi each for scoring):
    // LeastAllocated cpu (4000−1200)/40 = 70, memory (8192−600)/81.92 = 92 → 81; Balanced .25 vs 0 → 87.
    expect(chosen.scores).toEqual([
      { plugin: 'TaintToleration', weight: 3, raw: 0, normalized: 100, weighted: 300 },
      { plugin: 'NodeResourcesFit', weight: 1, raw: 81, normalized: 81, weighted: 81 },
      { plugin: 'NodeResourcesBalancedAllocation', weight: 1, raw: 87, normalized: 87, weighted: 87 },
      { plugin: 'ImageLocality', weight: 1, raw: 0, normalized: 0, weighted: 0 },
    ]);
    expect(chosen.totalScore).toBe(468);
    // The record lives as long as the pod, and is part of the snapshot.
    expect(Cluster.restore(c.snapshot()).service<SchedulerService>(SCHEDULER_SERVICE)!.decision(p.metadata.uid!)).toEqual(d);
    c.kubectl('delete pod web --grace-period=0 --force');
    expect(service(c).decision(p.metadata.uid!)).toBeUndefined();
  });

  it('restored from a snapshot without scheduler state, queues the pending pods from the store', () => {
    const c = new Cluster({ seed: 1 });
    c.kubectl('apply -f -', { stdin: podYaml('early') });
    const snap = c.snapshot();
    delete snap.components.scheduler;
    snap.queue.events = snap.queue.events.filter((e) => !e.type.startsWith('scheduler.'));
    const r = Cluster.restore(snap);
    r.kubectl('label pod early tier=web');
    r.runUntilIdle();
    expect(r.get('/Pod', 'default', 'early')!.spec.nodeName).toMatch(/^kubeplay-worker/);
  });

  it('is deterministic: the same seed places pods the same way; a restored snapshot has the same future', () => {
    const run = (seed: number) => {
      const c = new Cluster({ seed, nodes: 6 });
      c.apply(Array.from({ length: 20 }, (_, i) => podYaml(`p${i}`, { cpu: '500m' })).join('---\n'));
      return Array.from({ length: 20 }, (_, i) => podOf(c, `p${i}`).spec.nodeName).join(',');
    };
    expect(run(7)).toBe(run(7));
    expect(run(8)).not.toBe(run(7));

    const c = new Cluster({ seed: 3 });
    c.apply(['a', 'b', 'c', 'd'].map((n) => podYaml(n, { cpu: '3' })).join('---\n'));
    c.kubectl('apply -f -', { stdin: Array.from({ length: 6 }, (_, i) => podYaml(`q${i}`, { cpu: '100m' })).join('---\n') });
    const snap = JSON.parse(JSON.stringify(c.snapshot()));
    const restored = Cluster.restore(snap);
    // The event queue snapshots its heap array: same events, the layout may differ after a restore.
    const normalized = (x: Cluster) => {
      const s = x.snapshot();
      s.queue.events.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
      return s;
    };
    expect(normalized(restored)).toEqual(normalized(c));
    expect(restored.snapshot().components.scheduler).toEqual(c.snapshot().components.scheduler);
    const future = (x: Cluster) => {
      x.runUntilIdle();
      addNode(x, 'kubeplay-extra', 9, 'zone-b');
      x.advance(6 * 60_000);
      return normalized(x);
    };
    expect(future(restored)).toEqual(future(c));
  });
});
