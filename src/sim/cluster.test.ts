import { describe, expect, it } from 'vitest';
import { Cluster } from './cluster';

describe('Cluster', () => {
  it('boots like kind: a tainted control-plane node and named workers, system namespaces and pods', () => {
    const c = new Cluster({ seed: 1, nodes: 2 });
    const nodes = c.list('/Node');
    expect(nodes.map((n) => n.metadata.name)).toEqual(['kubeplay-control-plane', 'kubeplay-worker', 'kubeplay-worker2']);
    expect(nodes[0].spec.taints).toEqual([{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }]);
    expect(c.list('/Namespace').map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage']);
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) expect(c.get('/ServiceAccount', ns, 'default')).toBeDefined();
    const sys = c.list('/Pod', 'kube-system').map((p) => p.metadata.name!);
    expect(sys.filter((n) => n.startsWith('kube-proxy-'))).toHaveLength(3);
    expect(sys).toContain('etcd-kubeplay-control-plane');
    expect(c.get('/Service', 'default', 'kubernetes')!.spec.clusterIP).toBe('10.96.0.1');
  });

  it('same seed and inputs give the same state; another seed differs', () => {
    const run = (seed: number) => {
      const c = new Cluster({ seed });
      c.kubectl('create namespace team');
      c.kubectl('create configmap x --from-literal=a=b -n team');
      c.advance(30_000);
      return c.snapshot();
    };
    expect(JSON.stringify(run(5))).toBe(JSON.stringify(run(5)));
    expect(JSON.stringify(run(6))).not.toBe(JSON.stringify(run(5)));
  });

  it('snapshots to plain data and replays the same inputs to the same state after restore', () => {
    const c = new Cluster({ seed: 3 });
    c.kubectl('create namespace team');
    const snap = JSON.parse(JSON.stringify(c.snapshot()));
    const inputs = (x: Cluster) => {
      x.kubectl('create configmap a --from-literal=k=v -n team');
      x.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: p-\n  namespace: team\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
      x.kubectl('delete namespace team');
      x.advance(60_000);
    };
    const restored = Cluster.restore(snap);
    expect(restored.snapshot()).toEqual(c.snapshot());
    inputs(c);
    inputs(restored);
    expect(restored.snapshot()).toEqual(c.snapshot());
    expect(c.get('/Namespace', undefined, 'team')).toBeUndefined();
  });

  it('advance runs due events and moves the clock exactly', () => {
    const c = new Cluster({ seed: 1 });
    const t0 = c.nowMs;
    c.advance(1234);
    expect(c.nowMs).toBe(t0 + 1234);
  });
});
