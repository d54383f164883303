// Every kind the registry serves can be applied, read, updated and deleted through kubectl, with
// the outputs kubectl prints.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Cluster } from './cluster';
import { BUILTIN_KINDS, qualifiedSingular } from './api/kinds';
import { SAMPLES } from './api/validation/testutil';
import type { KObject } from './api/types';

/** Kinds that are not created by users: computed (ComponentStatus), subresource-only (Binding). */
const NOT_USER_CREATED = new Set(['Binding', 'ComponentStatus']);

const EXTRA: KObject[] = [
  { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'ext' }, subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80 }] }] },
  { apiVersion: 'v1', kind: 'Event', metadata: { name: 'ev1' }, involvedObject: { kind: 'Pod', name: 'x', namespace: 'default' }, reason: 'Test', message: 'hello', type: 'Normal' },
  { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'ev2' }, eventTime: '2025-01-15T09:00:00.000000Z', reportingController: 'me', reportingInstance: 'me-1', action: 'Test', reason: 'Test', regarding: { kind: 'Pod', name: 'x', namespace: 'default' }, type: 'Normal' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web' }, subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }] },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { replicas: 2, selector: { matchLabels: { app: 'rs' } }, template: { metadata: { labels: { app: 'rs' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
  { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'tpl' }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
];

/**
 * The shared Pod sample lists tolerations. Tolerations are an atomic list for strategic merge, so
 * re-applying such a Pod replaces the list and drops the two DefaultTolerationSeconds admission
 * added — which the API server rejects as a forbidden pod update, exactly as a real cluster does.
 * This test re-applies, so its Pod has none.
 */
const samples = [...SAMPLES, ...EXTRA].map((s) => {
  if (s.kind === 'Pod') return { ...s, spec: { ...s.spec, tolerations: undefined } };
  // The cluster ships an `nginx` IngressClass (kind's ingress-nginx).
  if (s.kind === 'IngressClass') return { ...s, metadata: { ...s.metadata, name: 'example' } };
  return s;
});

describe('every kind: apply, get, update, delete', () => {
  it('has a sample for every user-creatable kind', () => {
    const missing = BUILTIN_KINDS.filter((k) => !NOT_USER_CREATED.has(k.kind) && !samples.some((s) => s.kind === k.kind && (s.apiVersion.includes('/') ? s.apiVersion.split('/')[0] : '') === k.group));
    expect(missing.map((k) => `${k.group}/${k.kind}`)).toEqual([]);
  });

  for (const sample of samples) {
    const label = `${sample.apiVersion} ${sample.kind} ${sample.metadata.name}`;
    it(label, () => {
      const c = new Cluster({ seed: 4 });
      const info = c.kinds.byApiVersionKind(sample.apiVersion, sample.kind)!;
      const ref = `${qualifiedSingular(info)}/${sample.metadata.name}`;
      const yaml = stringify(sample);
      const created = c.kubectl('apply -f -', { stdin: yaml });
      expect(created.output).toBe(`${ref} created\n`);
      const got = c.kubectl(`get ${info.plural}.${info.group || ''} ${sample.metadata.name} -o name`.replace('. ', ' '));
      expect(got.output).toBe(`${ref}\n`);
      const labelled = { ...sample, metadata: { ...sample.metadata, labels: { ...(sample.metadata.labels ?? {}), touched: 'again' } } };
      expect(c.kubectl('apply -f -', { stdin: stringify(labelled) }).output).toBe(`${ref} configured\n`);
      expect(c.kubectl(`get ${info.plural}${info.group ? `.${info.group}` : ''} -l touched=again -o name ${info.namespaced ? '-n default' : ''}`).output).toBe(`${ref}\n`);
      const deleted = c.kubectl(`delete ${info.plural}${info.group ? `.${info.group}` : ''} ${sample.metadata.name} --timeout=10m`);
      expect(deleted.exitCode).toBe(0);
      expect(deleted.output).toBe(`${qualifiedSingular(info)} "${sample.metadata.name}" deleted\n`);
      expect(c.kubectl(`get ${info.plural}${info.group ? `.${info.group}` : ''} ${sample.metadata.name}`).exitCode).toBe(1);
    });
  }
});
