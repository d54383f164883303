import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../../worker/protocol';
import { dependents, ownerChain } from './relations';

const obj = (kindKey: string, uid: string, name: string, owner?: string, extra: object = {}): [string, ObjectEntry] => [
  uid,
  {
    kindKey,
    object: {
      apiVersion: 'v1',
      kind: kindKey.split('/')[1],
      metadata: { uid, name, namespace: kindKey === '/Node' ? undefined : 'default', ownerReferences: owner ? [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: owner, controller: true }] : undefined },
      ...extra,
    },
  },
];

const objects = Object.fromEntries([
  obj('apps/Deployment', 'd', 'web'),
  obj('apps/ReplicaSet', 'rs', 'web-abc', 'd'),
  obj('/Pod', 'p1', 'web-abc-1', 'rs', { spec: { nodeName: 'n1' } }),
  obj('/Pod', 'p2', 'web-abc-2', 'rs', { spec: { nodeName: 'n2' } }),
  obj('/Node', 'node1', 'n1'),
]);

describe('relations', () => {
  it('walks the owner chain', () => {
    expect(ownerChain(objects, 'p1').map((r) => `${r.kind}/${r.name}`)).toEqual(['ReplicaSet/web-abc', 'Deployment/web']);
    expect(ownerChain(objects, 'd')).toEqual([]);
  });

  it('lists dependents and a node’s pods', () => {
    expect(dependents(objects, 'rs').map((r) => r.name)).toEqual(['web-abc-1', 'web-abc-2']);
    expect(dependents(objects, 'node1').map((r) => r.name)).toEqual(['web-abc-1']);
  });
});
