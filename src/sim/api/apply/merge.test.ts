import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LAST_APPLIED_ANNOTATION,
  deepEqual,
  lastAppliedAnnotation,
  lastAppliedOf,
  threeWayMerge,
  withLastApplied,
} from './merge.ts';
import { PATCH_STRATEGIES, patchStrategiesFor } from './patchstrategy.ts';

const DEPLOY = { group: 'apps', kind: 'Deployment' };
const SERVICE = { group: '', kind: 'Service' };
const POD = { group: '', kind: 'Pod' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

function deployment(containers: Obj[], extra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers } },
      ...extra,
    },
  };
}

/** What the server has after defaulting and controllers ran. */
function live(manifest: Obj): Obj {
  const l = structuredClone(manifest);
  l.metadata.uid = 'u-1';
  l.metadata.generation = 1;
  l.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  l.spec.template.spec.restartPolicy = 'Always';
  for (const c of l.spec.template.spec.containers) {
    c.imagePullPolicy = 'IfNotPresent';
    c.terminationMessagePath = '/dev/termination-log';
  }
  l.status = { replicas: 2, readyReplicas: 2 };
  return l;
}

describe('threeWayMerge', () => {
  it('removes an env var dropped from the manifest, keeping server defaults', () => {
    const v1 = deployment([{ name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }]);
    const v2 = deployment([{ name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] }]);
    const out = threeWayMerge(v1, v2, live(v1), DEPLOY) as Obj;
    const c = out.spec.template.spec.containers[0];
    expect(c.env).toEqual([{ name: 'A', value: '1' }]);
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(out.status).toEqual({ replicas: 2, readyReplicas: 2 });
    expect(out.metadata.uid).toBe('u-1');
  });

  it('keeps what controllers set: status, clusterIP, defaulted port fields', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    const current = {
      ...structuredClone(svc),
      spec: { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], clusterIP: '10.96.0.12', type: 'ClusterIP' },
      status: { loadBalancer: {} },
    };
    const modified = structuredClone(svc);
    modified.spec.ports.push({ port: 443 });
    const out = threeWayMerge(svc, modified, current, SERVICE) as Obj;
    expect(out.spec).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }, { port: 443 }],
      clusterIP: '10.96.0.12',
      type: 'ClusterIP',
    });
    expect(out.status).toEqual({ loadBalancer: {} });
  });

  it('adds a container and keeps the existing one merged with its defaults', () => {
    const v1 = deployment([{ name: 'app', image: 'app:1' }]);
    const v2 = deployment([{ name: 'app', image: 'app:2' }, { name: 'sidecar', image: 'busybox' }]);
    const out = threeWayMerge(v1, v2, live(v1), DEPLOY) as Obj;
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'app', image: 'app:2', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' },
      { name: 'sidecar', image: 'busybox' },
    ]);
  });

  it('removes a container dropped from the manifest', () => {
    const v1 = deployment([{ name: 'app', image: 'app:1' }, { name: 'sidecar', image: 'busybox' }]);
    const v2 = deployment([{ name: 'app', image: 'app:1' }]);
    const out = threeWayMerge(v1, v2, live(v1), DEPLOY) as Obj;
    expect(out.spec.template.spec.containers.map((c: Obj) => c.name)).toEqual(['app']);
  });

  it('reorders containers as the manifest does', () => {
    const v1 = deployment([{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }]);
    const v2 = deployment([{ name: 'b', image: 'b' }, { name: 'a', image: 'a' }]);
    const out = threeWayMerge(v1, v2, live(v1), DEPLOY) as Obj;
    expect(out.spec.template.spec.containers.map((c: Obj) => c.name)).toEqual(['b', 'a']);
    expect(out.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  it('keeps a container only the server has (injected) in its place', () => {
    const v1 = deployment([{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }]);
    const current = live(v1);
    current.spec.template.spec.containers.splice(1, 0, { name: 'proxy', image: 'envoy' });
    const out = threeWayMerge(v1, structuredClone(v1), current, DEPLOY) as Obj;
    expect(out.spec.template.spec.containers.map((c: Obj) => c.name)).toEqual(['a', 'proxy', 'b']);
  });

  it('removes a label applied before, keeps one added by kubectl label', () => {
    const v1 = deployment([{ name: 'a', image: 'a' }]);
    v1.metadata.labels = { app: 'web', tier: 'frontend' };
    const current = live(v1);
    current.metadata.labels.owner = 'alice'; // kubectl label deploy web owner=alice
    const v2 = structuredClone(v1);
    v2.metadata.labels = { app: 'web' };
    const out = threeWayMerge(v1, v2, current, DEPLOY) as Obj;
    expect(out.metadata.labels).toEqual({ app: 'web', owner: 'alice' });
  });

  it('replaces atomic lists (args, tolerations) whole', () => {
    const v1 = deployment([{ name: 'a', image: 'a', args: ['--x', '--y'] }], {});
    v1.spec.template.spec.tolerations = [{ key: 'k', operator: 'Exists' }];
    const v2 = structuredClone(v1);
    v2.spec.template.spec.containers[0].args = ['--z'];
    v2.spec.template.spec.tolerations = [{ key: 'other', operator: 'Exists' }];
    const out = threeWayMerge(v1, v2, live(v1), DEPLOY) as Obj;
    expect(out.spec.template.spec.containers[0].args).toEqual(['--z']);
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'other', operator: 'Exists' }]);
  });

  it('merges container ports by containerPort and volume mounts by mountPath', () => {
    const v1 = deployment([
      { name: 'a', image: 'a', ports: [{ containerPort: 80 }], volumeMounts: [{ name: 'v', mountPath: '/data' }] },
    ]);
    const current = live(v1);
    current.spec.template.spec.containers[0].ports[0].protocol = 'TCP';
    const v2 = structuredClone(v1);
    v2.spec.template.spec.containers[0].ports.push({ containerPort: 443 });
    v2.spec.template.spec.containers[0].volumeMounts[0].readOnly = true;
    const out = threeWayMerge(v1, v2, current, DEPLOY) as Obj;
    expect(out.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }]);
    expect(out.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'v', mountPath: '/data', readOnly: true }]);
  });

  it('drops rollingUpdate when the strategy changes to Recreate (retainKeys)', () => {
    const v1 = deployment([{ name: 'a', image: 'a' }]);
    const v2 = deployment([{ name: 'a', image: 'a' }], { strategy: { type: 'Recreate' } });
    const out = threeWayMerge(v1, v2, live(v1), DEPLOY) as Obj;
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('keeps a defaulted strategy when the manifest does not touch it', () => {
    const v1 = deployment([{ name: 'a', image: 'a' }]);
    const v2 = structuredClone(v1);
    v2.spec.replicas = 3;
    const out = threeWayMerge(v1, v2, live(v1), DEPLOY) as Obj;
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: '25%' });
  });

  it('switches a volume source (retainKeys on volumes)', () => {
    const pod = (volume: Obj) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image: 'a' }], volumes: [{ name: 'data', ...volume }] },
    });
    const v1 = pod({ emptyDir: {} });
    const v2 = pod({ configMap: { name: 'cfg' } });
    const current = structuredClone(v1) as Obj;
    const out = threeWayMerge(v1, v2, current, POD) as Obj;
    expect(out.spec.volumes).toEqual([{ name: 'data', configMap: { name: 'cfg' } }]);
  });

  it('merges finalizers as a set', () => {
    const v1 = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['example.com/a'] } };
    const v2 = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['example.com/b'] } };
    const current = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['example.com/a', 'kubernetes'] } };
    const out = threeWayMerge(v1, v2, current, { group: '', kind: 'ConfigMap' }) as Obj;
    expect(out.metadata.finalizers).toEqual(['example.com/b', 'kubernetes']);
  });

  it('deletes a field set to null in the manifest', () => {
    const v1 = deployment([{ name: 'a', image: 'a' }]);
    const v2 = structuredClone(v1);
    v2.spec.replicas = null;
    const out = threeWayMerge(v1, v2, live(v1), DEPLOY) as Obj;
    expect('replicas' in out.spec).toBe(false);
  });

  it('deletes nothing when there is no last-applied configuration', () => {
    const v1 = deployment([{ name: 'a', image: 'a', env: [{ name: 'A', value: '1' }] }]);
    const v2 = deployment([{ name: 'a', image: 'a' }]);
    const out = threeWayMerge(undefined, v2, live(v1), DEPLOY) as Obj;
    expect(out.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }]);
  });

  it('replaces lists of custom resources (JSON merge patch)', () => {
    const cr = (items: Obj[]) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { containers: items } });
    const current = cr([{ name: 'a', image: 'a', extra: 1 }, { name: 'b' }]) as Obj;
    current.status = { ok: true };
    const out = threeWayMerge(cr([{ name: 'a', image: 'a' }]), cr([{ name: 'a', image: 'a2' }]), current, { group: 'example.com', kind: 'Widget' }) as Obj;
    expect(out.spec.containers).toEqual([{ name: 'a', image: 'a2' }]);
    expect(out.status).toEqual({ ok: true });
  });

  it('does not modify its inputs', () => {
    const v1 = deployment([{ name: 'a', image: 'a' }]);
    const v2 = deployment([{ name: 'a', image: 'b' }]);
    const current = live(v1);
    const snapshot = structuredClone([v1, v2, current]);
    threeWayMerge(v1, v2, current, DEPLOY);
    expect([v1, v2, current]).toEqual(snapshot);
  });

  it('applying the same manifest again changes nothing', () => {
    const v1 = deployment([{ name: 'a', image: 'a', env: [{ name: 'X', value: '1' }] }]);
    const once = threeWayMerge(undefined, v1, live(v1), DEPLOY);
    expect(threeWayMerge(v1, v1, once, DEPLOY)).toEqual(once);
  });
});

describe('the patch strategy table', () => {
  it('covers pod templates of every workload kind', () => {
    expect(patchStrategiesFor(DEPLOY)!.get('spec.template.spec.containers')).toEqual({ list: 'merge', key: 'name' });
    expect(patchStrategiesFor({ group: 'batch', kind: 'CronJob' })!.get('spec.jobTemplate.spec.template.spec.containers[].env')).toEqual({
      list: 'merge',
      key: 'name',
    });
    expect(patchStrategiesFor(POD)!.get('spec.initContainers[].ports')).toEqual({ list: 'merge', key: 'containerPort' });
    expect(patchStrategiesFor(SERVICE)!.get('spec.ports')).toEqual({ list: 'merge', key: 'port' });
    expect(patchStrategiesFor(POD)!.get('spec.tolerations')).toBeUndefined();
    expect(patchStrategiesFor({ group: 'example.com', kind: 'Widget' })).toBeUndefined();
    expect(PATCH_STRATEGIES.size).toBeGreaterThan(30);
  });
});

describe('last-applied-configuration', () => {
  it("is Go's json.Encoder output: sorted keys, compact, trailing newline, without itself", () => {
    const manifest = {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'c', namespace: 'default', annotations: { [LAST_APPLIED_ANNOTATION]: 'old', note: 'a<b & c>d' } },
      data: { z: '1', a: 'x\ny' },
    };
    expect(lastAppliedAnnotation(manifest)).toBe(
      '{"apiVersion":"v1","data":{"a":"x\\ny","z":"1"},"kind":"ConfigMap","metadata":{"annotations":{"note":"a\\u003cb \\u0026 c\\u003ed"},"name":"c","namespace":"default"}}\n',
    );
  });

  it('is stored by withLastApplied and read back by lastAppliedOf', () => {
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
    const m = withLastApplied(manifest) as Obj;
    expect(m.metadata.annotations[LAST_APPLIED_ANNOTATION]).toBe(lastAppliedAnnotation(manifest));
    expect(lastAppliedOf(m)).toEqual(manifest);
    expect(manifest.metadata).toEqual({ name: 'c' });
    expect(lastAppliedOf({ metadata: {} })).toBeUndefined();
  });
});

describe('deepEqual', () => {
  it('compares JSON structurally', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: null }, {})).toBe(false);
    expect(deepEqual(1, '1')).toBe(false);
    expect(deepEqual([], {})).toBe(false);
  });
});

describe('properties', () => {
  const kinds = fc.constantFrom(DEPLOY, SERVICE, POD, { group: 'batch', kind: 'CronJob' }, { group: 'example.com', kind: 'Widget' });
  const container = fc.record({
    name: fc.constantFrom('a', 'b', 'c'),
    image: fc.string(),
    env: fc.uniqueArray(fc.record({ name: fc.constantFrom('X', 'Y', 'Z'), value: fc.string() }), { maxLength: 3, selector: (e) => e.name }),
  });
  const deploymentLike = fc.record({
    metadata: fc.record({ name: fc.constant('w'), labels: fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.string()) }),
    spec: fc.record({ template: fc.record({ spec: fc.record({ containers: fc.uniqueArray(container, { maxLength: 3, selector: (c) => c.name }) }) }) }),
  });
  const anyObject = fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), deploymentLike);

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.option(fc.jsonValue()), fc.jsonValue(), fc.jsonValue(), kinds, (o, m, c, kind) => {
        const out = threeWayMerge(o as object, m as object, c as object, kind);
        expect(typeof out).toBe('object');
      }),
      { numRuns: 500 },
    );
  });

  // Duplicate merge keys are excluded: the API server rejects them (Duplicate value).
  it('applying the same manifest twice is the same as once', () => {
    fc.assert(
      fc.property(fc.option(anyObject, { nil: undefined }), anyObject, anyObject, kinds, (o, m, c, kind) => {
        const once = threeWayMerge(o, m, c, kind);
        expect(threeWayMerge(m, m, once, kind)).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });
});
