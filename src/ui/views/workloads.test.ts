import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../../worker/protocol';
import { labelFilter } from './labelFilter';
import { buildWorkloads } from './workloads';

const e = (kindKey: string, uid: string, name: string, owner?: string, extra: Record<string, unknown> = {}): [string, ObjectEntry] => [
  uid,
  {
    kindKey,
    object: {
      apiVersion: 'v1',
      kind: kindKey.split('/')[1],
      metadata: { uid, name, namespace: 'default', ownerReferences: owner ? [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: owner, controller: true }] : undefined, ...(extra.metadata as object) },
      spec: extra.spec as object,
      status: extra.status as object,
    },
  },
];

describe('buildWorkloads', () => {
  it('nests Deployment → ReplicaSets by revision → Pods', () => {
    const objects = Object.fromEntries([
      e('apps/Deployment', 'd', 'web', undefined, { spec: { replicas: 2 }, status: { readyReplicas: 1, updatedReplicas: 1 } }),
      e('apps/ReplicaSet', 'rs1', 'web-old', 'd', { metadata: { annotations: { 'deployment.kubernetes.io/revision': '1' } }, spec: { replicas: 1 } }),
      e('apps/ReplicaSet', 'rs2', 'web-new', 'd', { metadata: { annotations: { 'deployment.kubernetes.io/revision': '2' } }, spec: { replicas: 1 } }),
      e('/Pod', 'p1', 'web-old-a', 'rs1', { status: { phase: 'Running' } }),
      e('/Pod', 'p2', 'web-new-a', 'rs2', { status: { phase: 'Pending' } }),
      e('apps/StatefulSet', 's', 'db', undefined, { spec: { replicas: 1 } }),
    ]);
    const w = buildWorkloads(objects);
    expect(w.map((x) => `${x.kind}/${x.name}`)).toEqual(['Deployment/web', 'StatefulSet/db']);
    expect(w[0].summary).toBe('1/2 ready · 1 up-to-date');
    expect(w[0].children.map((c) => `${c.name} rev ${c.revision}`)).toEqual(['web-new rev 2', 'web-old rev 1']);
    expect(w[0].children[0].pods.map((p) => `${p.name} ${p.status}`)).toEqual(['web-new-a Pending']);
    expect(buildWorkloads(objects, '', 'db').map((x) => x.name)).toEqual(['db']);
  });

  it('filters by a label selector: matching pods, and the workloads holding them or matching themselves', () => {
    const objects = Object.fromEntries([
      e('apps/Deployment', 'd', 'web', undefined, { spec: { replicas: 2 } }),
      e('apps/ReplicaSet', 'rs', 'web-1', 'd', { spec: { replicas: 2 } }),
      e('/Pod', 'p1', 'web-1-a', 'rs', { metadata: { labels: { app: 'web', canary: 'true' } } }),
      e('/Pod', 'p2', 'web-1-b', 'rs', { metadata: { labels: { app: 'web' } } }),
      e('apps/StatefulSet', 's', 'db', undefined, { metadata: { labels: { tier: 'db' } } }),
    ]);
    const canary = buildWorkloads(objects, '', '', labelFilter('app=web,canary').match);
    expect(canary.map((w) => w.name)).toEqual(['web']);
    expect(canary[0].children[0].pods.map((p) => p.name)).toEqual(['web-1-a']);
    expect(buildWorkloads(objects, '', '', labelFilter('tier=db').match).map((w) => w.name)).toEqual(['db']);
    expect(buildWorkloads(objects, '', '', labelFilter('app=api').match).map((w) => w.name)).toEqual([]);
  });

  it('reports an invalid selector in apimachinery\'s words', () => {
    expect(labelFilter('app=-x').error).toMatch(/^unable to parse requirement: values\[0\]\[app\]: Invalid value: "-x": a valid label must be/);
    expect(labelFilter('=x').error).toBe("found '=', expected: !, identifier, or 'end of string'");
    expect(labelFilter('  ')).toEqual({});
  });
});
