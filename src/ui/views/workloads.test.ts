import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../../worker/protocol';
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
});
