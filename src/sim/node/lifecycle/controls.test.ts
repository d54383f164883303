import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import type { NodeAgents } from '../agent';
import { addNode, nextWorkerName } from './controls';
import { events, readyOf, taintsOf } from './testutil';

const agents = (c: Cluster) => c.service<NodeAgents>('nodeAgents')!;
const run = (c: Cluster, line: string) => c.control(line).output.trimEnd();

describe('node controls', () => {
  it('node add registers a node as its kubelet would: NotReady until its first sync, then Ready', () => {
    const c = new Cluster({ seed: 1, nodes: 3 });
    expect(nextWorkerName(c)).toBe('kubeplay-worker4');
    expect(run(c, 'kubeplay node add')).toBe('node/kubeplay-worker4 added (zone zone-a, 4 CPU, 8Gi memory); its kubelet is registering');
    const n = c.get('/Node', undefined, 'kubeplay-worker4')!;
    expect(n.metadata.labels!['topology.kubernetes.io/zone']).toBe('zone-a');
    expect(n.status.addresses[0]).toEqual({ address: '172.18.0.6', type: 'InternalIP' });
    expect(n.spec.podCIDR).toBe('10.244.4.0/24');
    expect(readyOf(c, 'kubeplay-worker4')).toBe('False');
    expect(c.get('coordination.k8s.io/Lease', 'kube-node-lease', 'kubeplay-worker4')).toBeDefined();
    c.advance(100);
    expect(taintsOf(c, 'kubeplay-worker4')).toContain('node.kubernetes.io/not-ready:NoSchedule');
    c.advance(10_000);
    expect(readyOf(c, 'kubeplay-worker4')).toBe('True');
    c.advance(5_000);
    expect(taintsOf(c, 'kubeplay-worker4')).toEqual([]);
    expect(events(c, (e) => e.involvedObject.name === 'kubeplay-worker4').map((l) => l.replace(/ Node\/kubeplay-worker4/, ''))).toEqual([
      'Normal Starting: Starting kubelet. (kubelet)',
      'Normal NodeHasSufficientMemory: Node kubeplay-worker4 status is now: NodeHasSufficientMemory (kubelet)',
      'Normal NodeHasNoDiskPressure: Node kubeplay-worker4 status is now: NodeHasNoDiskPressure (kubelet)',
      'Normal NodeHasSufficientPID: Node kubeplay-worker4 status is now: NodeHasSufficientPID (kubelet)',
      'Normal NodeAllocatableEnforced: Updated Node Allocatable limit across pods (kubelet)',
      'Normal RegisteredNode: Node kubeplay-worker4 event: Registered Node kubeplay-worker4 in Controller (node-controller)',
      'Normal NodeReady: Node kubeplay-worker4 status is now: NodeReady (kubelet)',
    ]);
    expect(c.kubectl('get nodes kubeplay-worker4').output).toContain('kubeplay-worker4   Ready    <none>   15s   v1.32.2');
  });

  it('node add takes a name, zone and capacity; rejects bad input', () => {
    const c = new Cluster({ seed: 1, nodes: 1 });
    expect(run(c, 'kubeplay node add big --zone zone-c --cpu 16 --memory=64Gi')).toBe('node/big added (zone zone-c, 16 CPU, 64Gi memory); its kubelet is registering');
    expect(c.get('/Node', undefined, 'big')!.status.capacity).toMatchObject({ cpu: '16', memory: '64Gi' });
    expect(run(c, 'kubeplay node add big')).toBe('kubeplay: node "big" already exists');
    expect(run(c, 'kubeplay node add Bad_Name')).toBe('kubeplay: invalid node name "Bad_Name": must be a lowercase RFC 1123 subdomain');
    expect(run(c, 'kubeplay node add x --cpu lots')).toBe('kubeplay: invalid --cpu "lots": must be a positive quantity');
    expect(run(c, 'kubeplay node add x --gpu 1')).toBe('kubeplay: unknown flag: --gpu');
    expect(addNode(c, {})).toContain('node/kubeplay-worker2 added');
  });

  it('crash, stop-kubelet and partition change the machine state; restore brings the node back', () => {
    const c = new Cluster({ seed: 1, nodes: 2 });
    expect(run(c, 'kubeplay node crash kubeplay-worker')).toBe('node/kubeplay-worker crashed: powered off, its kubelet and containers stopped');
    expect(agents(c).get('kubeplay-worker').powered).toBe(false);
    expect(run(c, 'kubeplay node stop-kubelet kubeplay-worker2')).toBe('node/kubeplay-worker2 kubelet stopped: containers keep running, nothing is reported');
    expect(run(c, 'kubeplay node partition kubeplay-control-plane')).toBe('node/kubeplay-control-plane partitioned: its kubelet cannot reach the API server');
    c.advance(70_000);
    expect(['kubeplay-control-plane', 'kubeplay-worker', 'kubeplay-worker2'].map((n) => readyOf(c, n))).toEqual(['Unknown', 'Unknown', 'Unknown']);
    expect(run(c, 'kubeplay node restore kubeplay-worker')).toBe('node/kubeplay-worker restored: powered on, its kubelet starting');
    expect(run(c, 'kubeplay node restore kubeplay-worker2')).toBe('node/kubeplay-worker2 restored: its kubelet starting');
    expect(run(c, 'kubeplay node restore kubeplay-worker2')).toBe('node/kubeplay-worker2 is healthy already');
    c.advance(1_000);
    expect(readyOf(c, 'kubeplay-worker')).toBe('True');
    expect(events(c, (e) => e.involvedObject.name === 'kubeplay-worker' && e.source.component === 'kubelet').map((l) => l.split(' ')[1])).toEqual([
      'Starting', 'NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeReady', 'NodeAllocatableEnforced',
    ]);
    expect(run(c, 'kubeplay node crash nope')).toBe('kubeplay: node "nope" not found');
    expect(run(c, 'kubeplay node reboot kubeplay-worker')).toMatch(/^kubeplay: usage: kubeplay node add/);
  });

  it('zone fail powers off every node of the zone; zone restore brings them back', () => {
    const c = new Cluster({ seed: 1, nodes: 5 });
    expect(run(c, 'kubeplay zone fail zone-b')).toBe('zone zone-b failed: 2 nodes powered off (kubeplay-worker2, kubeplay-worker5)');
    expect(agents(c).reachesApi('kubeplay-worker5')).toBe(false);
    expect(agents(c).reachesApi('kubeplay-worker')).toBe(true);
    expect(run(c, 'kubeplay zone restore zone-b')).toBe('zone zone-b restored: 2 nodes back (kubeplay-worker2, kubeplay-worker5)');
    expect(agents(c).reachesApi('kubeplay-worker5')).toBe(true);
    expect(run(c, 'kubeplay zone fail zone-x')).toBe('kubeplay: no nodes in zone "zone-x" (label topology.kubernetes.io/zone)');
  });

  it('node delete removes the node and powers off its machine', () => {
    const c = new Cluster({ seed: 1, nodes: 2 });
    expect(run(c, 'kubeplay node delete kubeplay-worker2')).toBe('node/kubeplay-worker2 deleted; its pods are garbage-collected 40s after PodGC notices');
    expect(c.get('/Node', undefined, 'kubeplay-worker2')).toBeUndefined();
    c.advance(60_000);
    expect(c.list('/Pod').filter((p) => p.spec.nodeName === 'kubeplay-worker2')).toEqual([]);
    expect(run(c, 'kubeplay node add')).toBe('node/kubeplay-worker2 added (zone zone-b, 4 CPU, 8Gi memory); its kubelet is registering');
  });

  it('pod kill validates the pod and container, then kills it', () => {
    const c = new Cluster({ seed: 1, nodes: 1 });
    expect(run(c, 'kubeplay pod kill nope')).toBe('kubeplay: pods "nope" not found in namespace default');
    const proxy = c.list('/Pod', 'kube-system').find((p) => p.metadata.name!.startsWith('kube-proxy-'))!;
    expect(run(c, `kubeplay pod kill ${proxy.metadata.name} -n kube-system -c nope`)).toBe(`kubeplay: container nope is not valid for pod ${proxy.metadata.name}`);
    const out = run(c, `kubeplay pod kill ${proxy.metadata.name} -n kube-system`);
    expect(out).toBe(`pod/${proxy.metadata.name} container kube-proxy killed (exit code 137)`);
    expect(run(c, 'kubeplay pod restart x')).toBe('kubeplay: usage: kubeplay pod kill|fail-readiness|fail-liveness|heal POD [-c CONTAINER] [-n NAMESPACE]');
  });
});
