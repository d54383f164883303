import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import type { NodeAgents } from '../agent';
import { microTime } from './heartbeat';
import { advanceUntil, events, pinnedPod, podCondition, readyOf, taintsOf } from './testutil';

const W2 = 'kubeplay-worker2';
const agents = (c: Cluster) => c.service<NodeAgents>('nodeAgents')!;
const lease = (c: Cluster, node: string) => c.get('coordination.k8s.io/Lease', 'kube-node-lease', node)!;

describe('kubelet heartbeats', () => {
  it('renew the node Lease every 10 s and post node status every 5 min, only while the kubelet reaches the API', () => {
    const c = new Cluster({ seed: 1, nodes: 2 });
    c.advance(10_000);
    expect(lease(c, 'kubeplay-worker').spec.renewTime).toBe(microTime(Date.UTC(2025, 0, 15, 9, 0, 10)));
    expect(lease(c, 'kubeplay-worker').spec.leaseDurationSeconds).toBe(40);
    const ready = () => c.get('/Node', undefined, 'kubeplay-worker')!.status.conditions.find((x: { type: string }) => x.type === 'Ready');
    c.advance(280_000);
    expect(ready().lastHeartbeatTime).toBe('2025-01-15T09:00:00Z');
    c.advance(10_000);
    expect(ready().lastHeartbeatTime).toBe('2025-01-15T09:05:00Z');
    expect(ready().lastTransitionTime).toBe('2025-01-15T09:00:00Z');
    agents(c).set('kubeplay-worker', { partitioned: true });
    const before = lease(c, 'kubeplay-worker').spec.renewTime;
    c.advance(30_000);
    expect(lease(c, 'kubeplay-worker').spec.renewTime).toBe(before);
  });

  it('records NodeNotSchedulable at the next kubelet sync after a cordon', () => {
    const c = new Cluster({ seed: 1, nodes: 2 });
    c.kubectl('cordon kubeplay-worker');
    c.advance(10_000);
    expect(events(c, (e) => e.source.component === 'kubelet')).toEqual([
      'Normal NodeNotSchedulable Node/kubeplay-worker: Node kubeplay-worker status is now: NodeNotSchedulable (kubelet)',
    ]);
    expect(taintsOf(c, 'kubeplay-worker')).toEqual(['node.kubernetes.io/unschedulable:NoSchedule']);
    c.kubectl('uncordon kubeplay-worker');
    c.advance(10_000);
    expect(taintsOf(c, 'kubeplay-worker')).toEqual([]);
    expect(events(c, (e) => e.reason === 'NodeSchedulable')).toHaveLength(1);
  });
});

describe('node lifecycle controller', () => {
  it('marks a silent node NotReady after the 50 s grace period, taints it and marks its pods not ready', () => {
    const c = new Cluster({ seed: 1, nodes: 3 });
    pinnedPod(c, 'p', W2);
    c.advance(20_000);
    expect(podCondition(c, 'p', 'Ready')?.status).toBe('True');
    const crashAt = c.nowMs;
    c.control(`kubeplay node crash ${W2}`);
    // The last heartbeat the controller saw was at 20 s: Unknown at the first 5 s pass after 70 s.
    const took = advanceUntil(c, () => readyOf(c, W2) === 'Unknown', 120_000);
    expect(took).toBeGreaterThan(40_000);
    expect(took).toBeLessThanOrEqual(60_000);
    const node = c.get('/Node', undefined, W2)!;
    for (const cond of node.status.conditions) {
      expect(cond).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    }
    expect(readyOf(c, 'kubeplay-worker')).toBe('True');
    expect(podCondition(c, 'p', 'Ready')?.status).toBe('False');
    c.advance(100);
    expect(taintsOf(c, W2)).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    c.advance(5_000);
    expect(taintsOf(c, W2)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(c.get('/Node', undefined, W2)!.spec.taints[1].timeAdded).toMatch(/Z$/);
    // Every pod on the node gets the warning, the DaemonSet pods too.
    expect(events(c, (e) => e.source.component === 'node-controller')).toEqual([
      `Normal NodeNotReady Node/${W2}: Node ${W2} status is now: NodeNotReady (node-controller)`,
      'Warning NodeNotReady Pod/p: Node is not ready (node-controller)',
      'Warning NodeNotReady Pod/kindnet-xch8p: Node is not ready (node-controller)',
      'Warning NodeNotReady Pod/kube-proxy-2sq7k: Node is not ready (node-controller)',
    ]);
    expect(c.nowMs - crashAt).toBeLessThan(70_000);
  });

  it('evicts the pods 300 s after the NoExecute taint (DefaultTolerationSeconds); they stay Terminating', () => {
    const c = new Cluster({ seed: 2, nodes: 3 });
    pinnedPod(c, 'p', W2);
    c.advance(20_000);
    c.control(`kubeplay node crash ${W2}`);
    advanceUntil(c, () => taintsOf(c, W2).includes('node.kubernetes.io/unreachable:NoExecute'), 120_000);
    const taintedAt = c.nowMs;
    const took = advanceUntil(c, () => !!c.get('/Pod', 'default', 'p')!.metadata.deletionTimestamp, 400_000);
    expect(took).toBeGreaterThanOrEqual(299_000);
    expect(took).toBeLessThanOrEqual(301_000);
    expect(podCondition(c, 'p', 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    expect(events(c, (e) => e.reason === 'TaintManagerEviction')).toEqual(['Normal TaintManagerEviction Pod/p: Marking for deletion Pod default/p (taint-eviction-controller)']);
    c.advance(600_000);
    expect(c.get('/Pod', 'default', 'p')!.metadata.deletionTimestamp).toBeDefined();
    expect(c.nowMs - taintedAt).toBeGreaterThanOrEqual(900_000);
  });

  it('removes the taints and cancels pending evictions when the node comes back', () => {
    const c = new Cluster({ seed: 3, nodes: 3 });
    pinnedPod(c, 'p', W2);
    c.advance(20_000);
    c.control(`kubeplay node partition ${W2}`);
    advanceUntil(c, () => taintsOf(c, W2).includes('node.kubernetes.io/unreachable:NoExecute'), 120_000);
    c.advance(60_000);
    expect(c.control(`kubeplay node restore ${W2}`).output).toBe(`node/${W2} restored: reconnected to the API server\n`);
    c.advance(6_000);
    expect(readyOf(c, W2)).toBe('True');
    expect(taintsOf(c, W2)).toEqual([]);
    expect(events(c, (e) => e.reason === 'TaintManagerEviction')).toEqual(['Normal TaintManagerEviction Pod/p: Cancelling deletion of Pod default/p (taint-eviction-controller)']);
    expect(events(c, (e) => e.source.component === 'kubelet' && e.involvedObject.kind === 'Node').map((l) => l.split(':')[0])).toEqual([
      `Normal NodeHasSufficientMemory Node/${W2}`, `Normal NodeHasNoDiskPressure Node/${W2}`, `Normal NodeHasSufficientPID Node/${W2}`, `Normal NodeReady Node/${W2}`,
    ]);
    c.advance(400_000);
    expect(c.get('/Pod', 'default', 'p')!.metadata.deletionTimestamp).toBeUndefined();
  });

  it('evicts pods that do not tolerate a NoExecute taint at once; tolerating pods after their tolerationSeconds', () => {
    const c = new Cluster({ seed: 4, nodes: 3 });
    pinnedPod(c, 'plain', W2);
    pinnedPod(c, 'patient', W2, { tolerations: [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }] });
    pinnedPod(c, 'forever', W2, { tolerations: [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute' }] });
    c.advance(20_000);
    expect(c.kubectl(`taint nodes ${W2} maintenance=now:NoExecute`).output).toBe(`node/${W2} tainted\n`);
    c.advance(1_000);
    const deleting = () => ['plain', 'patient', 'forever'].filter((n) => c.get('/Pod', 'default', n)?.metadata.deletionTimestamp || !c.get('/Pod', 'default', n));
    expect(deleting()).toEqual(['plain']);
    c.advance(60_000);
    expect(deleting()).toEqual(['plain', 'patient']);
    c.advance(600_000);
    expect(deleting()).toEqual(['plain', 'patient']);
  });

  it('stops NoExecute tainting when every zone is fully disrupted (all nodes down)', () => {
    const c = new Cluster({ seed: 5, nodes: 2 });
    for (const n of ['kubeplay-control-plane', 'kubeplay-worker', W2]) agents(c).set(n, { powered: false });
    c.advance(90_000);
    for (const n of ['kubeplay-control-plane', 'kubeplay-worker', W2]) {
      expect(readyOf(c, n)).toBe('Unknown');
      expect(taintsOf(c, n).filter((t) => t.endsWith(':NoExecute'))).toEqual([]);
    }
  });

  it('taints one node per 10 s in a zone (node-eviction-rate 0.1)', () => {
    const c = new Cluster({ seed: 6, nodes: 6 });
    // Workers 1 and 4 are in zone-a with the control plane; 2 and 5 in zone-b.
    const zoneB = ['kubeplay-worker2', 'kubeplay-worker5'];
    for (const n of zoneB) agents(c).set(n, { kubeletRunning: false });
    const tainted: Record<string, number> = {};
    advanceUntil(c, () => {
      for (const n of zoneB) if (!(n in tainted) && taintsOf(c, n).some((t) => t.endsWith(':NoExecute'))) tainted[n] = c.nowMs;
      return Object.keys(tainted).length === 2;
    }, 200_000);
    expect(Math.abs(tainted[zoneB[0]] - tainted[zoneB[1]])).toBeGreaterThanOrEqual(10_000);
  });
});

describe('PodGC', () => {
  it('fails and force-deletes pods bound to a deleted node after the 40 s quarantine', () => {
    const c = new Cluster({ seed: 7, nodes: 3 });
    pinnedPod(c, 'p', W2);
    c.advance(20_000);
    const seen: string[] = [];
    c.subscribe((ch) => {
      if (ch.kindKey === '/Pod' && ch.object.metadata.name === 'p') seen.push(`${ch.type} ${ch.object.status?.phase}`);
    });
    expect(c.control(`kubeplay node delete ${W2}`).exitCode).toBe(0);
    c.advance(30_000);
    expect(c.get('/Pod', 'default', 'p')).toBeDefined();
    const took = advanceUntil(c, () => !c.get('/Pod', 'default', 'p'), 60_000);
    expect(took).toBeLessThanOrEqual(35_000);
    expect(seen.slice(-2)).toEqual(['MODIFIED Failed', 'DELETED Failed']);
    expect(events(c, (e) => e.reason === 'RemovingNode')).toEqual([`Normal RemovingNode Node/${W2}: Node ${W2} event: Removing Node ${W2} from Controller (node-controller)`]);
    expect(c.get('coordination.k8s.io/Lease', 'kube-node-lease', W2)).toBeUndefined();
  });
});

describe('snapshot and restore', () => {
  it('a restored cluster continues the node timeline exactly', () => {
    const c = new Cluster({ seed: 8, nodes: 3 });
    pinnedPod(c, 'p', W2);
    c.advance(20_000);
    c.control(`kubeplay node crash ${W2}`);
    c.advance(100_000);
    const r = Cluster.restore(JSON.parse(JSON.stringify(c.snapshot())));
    for (const x of [c, r]) x.advance(400_000);
    const view = (x: Cluster) => JSON.stringify([x.list('/Node'), x.list('/Pod', 'default'), x.list('/Event').map((e) => [e.reason, e.message, e.count])]);
    expect(view(r)).toBe(view(c));
    expect(c.get('/Pod', 'default', 'p')!.metadata.deletionTimestamp).toBeDefined();
  });
});
