import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { isStatus, type KObject, type Status } from './types';

const pods = { kind: 'Pod', group: '', version: 'v1', plural: 'pods', singular: 'pod', shortNames: ['po'], namespaced: true };
const cms = { kind: 'ConfigMap', group: '', version: 'v1', plural: 'configmaps', singular: 'configmap', shortNames: ['cm'], namespaced: true };

function pod(name: string, extra: Partial<KObject['spec']> = {}): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...extra } };
}

function ok(x: KObject | Status): KObject {
  if (isStatus(x)) throw new Error(x.message);
  return x;
}

describe('ApiServer', () => {
  it('creates with uid, resourceVersion, creationTimestamp, defaults and admission', () => {
    const c = new Cluster({ seed: 1 });
    const p = ok(c.api.create(pod('web')));
    expect(p.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(p.metadata.resourceVersion)).toBe(c.resourceVersion);
    expect(p.metadata.creationTimestamp).toBe('2025-01-15T09:00:00Z'.replace('09:00:00', new Date(c.nowMs).toISOString().slice(11, 19)));
    expect(p.metadata.namespace).toBe('default');
    expect(p.spec.restartPolicy).toBe('Always');
    expect(p.spec.serviceAccountName).toBe('default');
    expect(p.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(p.spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('generates names and rejects duplicates with AlreadyExists', () => {
    const c = new Cluster({ seed: 1 });
    const g = ok(c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } }));
    expect(g.metadata.name).toMatch(/^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    ok(c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }));
    const dup = c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }) as Status;
    expect(dup.code).toBe(409);
    expect(dup.message).toBe('configmaps "x" already exists');
  });

  it('rejects a stale resourceVersion with 409 Conflict', () => {
    const c = new Cluster({ seed: 1 });
    const v1 = ok(c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1' } }));
    ok(c.api.update({ ...v1, data: { a: '2' } }));
    const stale = c.api.update({ ...v1, data: { a: '3' } }) as Status;
    expect(stale.reason).toBe('Conflict');
    expect(stale.message).toBe('Operation cannot be fulfilled on configmaps "x": the object has been modified; please apply your changes to the latest version and try again');
    expect(c.get('/ConfigMap', 'default', 'x')!.data).toEqual({ a: '2' });
  });

  it('tracks generation on spec changes, not on status or metadata-only writes', () => {
    const c = new Cluster({ seed: 1 });
    const d = ok(c.api.create({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    }));
    expect(d.metadata.generation).toBe(1);
    const d2 = ok(c.api.update({ ...d, metadata: { ...d.metadata, labels: { x: 'y' } } }));
    expect(d2.metadata.generation).toBe(1);
    const d3 = ok(c.api.update({ ...d2, spec: { ...d2.spec, replicas: 3 } }));
    expect(d3.metadata.generation).toBe(2);
    const d4 = ok(c.api.update({ ...d3, status: { replicas: 3 } }, { subresource: 'status' }));
    expect(d4.metadata.generation).toBe(2);
    expect(d4.status).toEqual({ replicas: 3 });
    // The main resource ignores status; the status subresource ignores spec.
    const d5 = ok(c.api.update({ ...d4, status: { replicas: 99 } }));
    expect(d5.status).toEqual({ replicas: 3 });
  });

  it('rejects objects in a missing namespace and new objects in a terminating one', () => {
    const c = new Cluster({ seed: 1 });
    const missing = c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'nope' } }) as Status;
    expect(missing.message).toBe('namespaces "nope" not found');
    ok(c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }));
    c.runUntilIdle();
    ok(c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'team', finalizers: ['example.com/hold'] } }));
    ok(c.api.delete({ kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces', singular: 'namespace', shortNames: ['ns'], namespaced: false }, undefined, 'team'));
    const denied = c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'y', namespace: 'team' } }) as Status;
    expect(denied.code).toBe(403);
    expect(denied.message).toBe('configmaps "y" is forbidden: unable to create new content in namespace team because it is being terminated');
  });

  it('holds an object with finalizers until they are removed', () => {
    const c = new Cluster({ seed: 1 });
    ok(c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', finalizers: ['example.com/hold'] } }));
    const held = ok(c.api.delete(cms, 'default', 'x'));
    expect(held.metadata.deletionTimestamp).toBeDefined();
    expect(c.get('/ConfigMap', 'default', 'x')).toBeDefined();
    ok(c.api.mutate(cms, 'default', 'x', (o) => {
      o.metadata.finalizers = [];
    }));
    expect(c.get('/ConfigMap', 'default', 'x')).toBeUndefined();
  });

  it('deletes an unscheduled pod at once and a scheduled one gracefully', () => {
    const c = new Cluster({ seed: 1 });
    ok(c.api.create(pod('pending')));
    ok(c.api.delete(pods, 'default', 'pending'));
    expect(c.get('/Pod', 'default', 'pending')).toBeUndefined();
    ok(c.api.create(pod('bound', { nodeName: 'kubeplay-worker' })));
    const t = ok(c.api.delete(pods, 'default', 'bound'));
    expect(t.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(Date.parse(t.metadata.deletionTimestamp!)).toBe(Math.floor(c.nowMs / 1000) * 1000 + 30_000);
    // A second delete with a shorter grace period shortens it; grace 0 removes the pod.
    const t2 = ok(c.api.delete(pods, 'default', 'bound', { gracePeriodSeconds: 5 }));
    expect(t2.metadata.deletionGracePeriodSeconds).toBe(5);
    ok(c.api.delete(pods, 'default', 'bound', { gracePeriodSeconds: 0 }));
    expect(c.get('/Pod', 'default', 'bound')).toBeUndefined();
  });

  it('reports unknown kinds and removed API versions as a v1.32 server does', () => {
    const c = new Cluster({ seed: 1 });
    const r = c.api.create({ apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'x' } }) as Status;
    expect(r.message).toBe('no matches for kind "Deployment" in version "extensions/v1beta1"');
    const f = c.api.create({ apiVersion: 'v1', kind: 'Foo', metadata: { name: 'x' } }) as Status;
    expect(f.message).toBe('no matches for kind "Foo" in version "v1"');
  });

  it('enforces ResourceQuota at admission with the quota plugin message', () => {
    const c = new Cluster({ seed: 1 });
    ok(c.api.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '1', 'requests.cpu': '1' } } }));
    const withCpu = (name: string, cpu: string) => pod(name, { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }] });
    ok(c.api.create(withCpu('a', '600m')));
    const over = c.api.create(withCpu('b', '600m')) as Status;
    expect(over.message).toBe('pods "b" is forbidden: exceeded quota: q, requested: pods=1,requests.cpu=600m, used: pods=1,requests.cpu=600m, limited: pods=1,requests.cpu=1');
    const missing = c.api.create(pod('c')) as Status;
    expect(missing.message).toBe('pods "c" is forbidden: failed quota: q: must specify requests.cpu for: c');
  });

  it('never throws on malformed input', () => {
    const c = new Cluster({ seed: 1 });
    for (const junk of [null, 42, 'x', [], { kind: 'Pod' }, { apiVersion: 'v1' }, { apiVersion: 'v1', kind: 'Pod', metadata: 'x' }, { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: [] }]) {
      const r = c.api.create(junk as unknown as KObject);
      expect(isStatus(r)).toBe(true);
    }
  });
});

describe('ApiServer no-op updates', () => {
  it('returns the stored object without a new resourceVersion when nothing but the resourceVersion differs', () => {
    const c = new Cluster({ seed: 1 });
    const cm = ok(c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { a: '1' } }, data: { k: 'v' } }));
    const rv = c.resourceVersion;
    // Same content, keys in another order, an explicit undefined, no resourceVersion.
    const same = ok(c.api.update({ data: { k: 'v' }, kind: 'ConfigMap', apiVersion: 'v1', metadata: { labels: { a: '1' }, name: 'x', annotations: undefined } }));
    expect(same).toBe(c.get('/ConfigMap', 'default', 'x'));
    expect(c.resourceVersion).toBe(rv);
    expect(same.metadata.resourceVersion).toBe(cm.metadata.resourceVersion);
    // Any other difference writes.
    ok(c.api.update({ ...cm, metadata: { ...cm.metadata, labels: { a: '2' } } }));
    expect(c.resourceVersion).toBe(rv + 1);
    ok(c.api.update({ ...c.get('/ConfigMap', 'default', 'x')!, data: { k: 'v', extra: '' } }));
    expect(c.resourceVersion).toBe(rv + 2);
  });
});
