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

  it('restores from one copy: the caller keeps its snapshot, or gives it away with adopt', () => {
    const c = new Cluster({ seed: 3 });
    c.kubectl('create deployment web --image=nginx --replicas=2');
    c.advance(30_000);
    const snap = c.snapshot();
    const text = JSON.stringify(snap);
    const copied = Cluster.restore(snap);
    copied.kubectl('scale deployment web --replicas=3');
    copied.advance(30_000);
    // Cluster.restore's copy is the cluster's: the caller's snapshot is neither changed nor frozen.
    expect(JSON.stringify(snap)).toBe(text);
    expect(Object.isFrozen(snap.store.objects[0])).toBe(false);
    expect(copied.get('/Namespace', undefined, 'default')).not.toBe(snap.store.objects.find((o) => o.kind === 'Namespace'));
    // Adopted, the snapshot's objects are the stored objects themselves (no second copy).
    const given = JSON.parse(text);
    const adopted = Cluster.restore(given, { adopt: true });
    const ns = given.store.objects.find((o: { kind: string; metadata: { name: string } }) => o.kind === 'Namespace' && o.metadata.name === 'default');
    expect(adopted.get('/Namespace', undefined, 'default')).toBe(ns);
    expect(adopted.snapshot()).toEqual(Cluster.restore(JSON.parse(text)).snapshot());
  });

  it('a snapshot\'s component states share no object with its stored objects (one copy serves both)', () => {
    const c = new Cluster({ seed: 1 });
    c.kubectl('create deployment web --image=nginx --replicas=3');
    c.kubectl('expose deployment web --port=80');
    c.kubectl('create job j --image=busybox -- sh -c "sleep 1"');
    c.advance(60_000);
    const s = c.snapshot({ clone: false });
    const stored = new Set<object>();
    const walk = (v: unknown, into: Set<object>) => {
      if (typeof v !== 'object' || v === null || into.has(v)) return;
      into.add(v);
      for (const x of Object.values(v)) walk(x, into);
    };
    for (const o of s.store.objects) walk(o, stored);
    for (const ch of s.store.log) walk(ch.object, stored);
    const parts = new Set<object>();
    walk(s.components, parts);
    walk(s.queue, parts);
    expect([...parts].filter((o) => stored.has(o))).toEqual([]);
  });

  it('advance runs due events and moves the clock exactly', () => {
    const c = new Cluster({ seed: 1 });
    const t0 = c.nowMs;
    c.advance(1234);
    expect(c.nowMs).toBe(t0 + 1234);
  });
});
