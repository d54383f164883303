import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { StoredChange } from '../api/store';
import type { KObject } from '../api/types';
import { fakeNode, fixturePod, service, setPodStatus } from '../network/testutil';

function cluster(): Cluster {
  const c = new Cluster({ seed: 11, nodes: 1 });
  fakeNode(c, 'fake-node-1', '172.18.0.101', 'zone-a');
  fakeNode(c, 'fake-node-2', '172.18.0.102', 'zone-b');
  return c;
}

const slicesOf = (c: Cluster, svc: string, ns = 'default') =>
  c.list('discovery.k8s.io/EndpointSlice', ns).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);

/** `ADDED web-abcde [ip(ready/serving/terminating)...]` for slice writes while `fn` runs and settles. */
function writes(c: Cluster, fn: () => void): string[] {
  const out: string[] = [];
  const stop = c.subscribe((ch: StoredChange) => {
    if (ch.kindKey !== 'discovery.k8s.io/EndpointSlice') return;
    const eps = (ch.object.endpoints ?? []).map((e: { addresses: string[]; conditions: { ready: boolean; serving: boolean; terminating: boolean } }) =>
      `${e.addresses[0]}(${+e.conditions.ready}${+e.conditions.serving}${+e.conditions.terminating})`);
    out.push(`${ch.type} ${ch.object.metadata.name} [${eps.join(' ')}]`);
  });
  fn();
  c.runUntilIdle();
  stop();
  return out;
}

describe('endpoint-slice-controller', () => {
  it('writes the exact slice: labels, owner, ports, endpoints with conditions, zone, hostname', () => {
    const c = cluster();
    const a = fixturePod(c, 'web-0', { ip: '10.244.1.5', node: 'fake-node-2', hostname: 'web-0', subdomain: 'web', ports: [{ name: 'http', containerPort: 8080 }] });
    const svc = service(c, 'web', { selector: { app: 'web' }, clusterIP: 'None', ports: [{ name: 'web', port: 80, targetPort: 'http' }] }, { tier: 'front' });
    c.runUntilIdle();
    const [slice] = slicesOf(c, 'web');
    expect(slice.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect({ ...slice, metadata: { ...slice.metadata, name: undefined, uid: undefined, resourceVersion: undefined, creationTimestamp: undefined } }).toEqual({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': svc.metadata.creationTimestamp },
        generateName: 'web-',
        labels: {
          tier: 'front',
          'service.kubernetes.io/headless': '',
          'kubernetes.io/service-name': 'web',
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        },
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }],
        name: undefined, uid: undefined, resourceVersion: undefined, creationTimestamp: undefined,
      },
      addressType: 'IPv4',
      endpoints: [{
        addresses: ['10.244.1.5'],
        conditions: { ready: true, serving: true, terminating: false },
        hostname: 'web-0',
        targetRef: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: a.metadata.uid },
        nodeName: 'fake-node-2',
        zone: 'zone-b',
      }],
      ports: [{ name: 'web', port: 8080, protocol: 'TCP' }],
    });
  });

  it('conditions follow readiness and termination; the slice keeps its name from placeholder to zero and back', () => {
    const c = cluster();
    const first = writes(c, () => service(c, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    expect(first).toHaveLength(1);
    const name = first[0].split(' ')[1];
    expect(first).toEqual([`ADDED ${name} []`]);
    expect(slicesOf(c, 'web')[0]).toMatchObject({ endpoints: null, ports: null });

    expect(writes(c, () => fixturePod(c, 'web-a', { ip: '10.244.1.2', ready: false }))).toEqual([`MODIFIED ${name} [10.244.1.2(000)]`]);
    expect(writes(c, () => setPodStatus(c, 'web-a', { ready: true }))).toEqual([`MODIFIED ${name} [10.244.1.2(110)]`]);
    expect(writes(c, () => fixturePod(c, 'web-b', { ip: '10.244.1.3' }))).toEqual([`MODIFIED ${name} [10.244.1.2(110) 10.244.1.3(110)]`]);
    const podInfo = c.kinds.byKind('Pod')!;
    // Terminating: still listed, not ready, serving while the pod is Ready.
    expect(writes(c, () => c.api.delete(podInfo, 'default', 'web-a', { gracePeriodSeconds: 30 }))).toEqual([`MODIFIED ${name} [10.244.1.2(011) 10.244.1.3(110)]`]);
    expect(writes(c, () => c.api.delete(podInfo, 'default', 'web-a', { gracePeriodSeconds: 0 }))).toEqual([`MODIFIED ${name} [10.244.1.3(110)]`]);
    // The last pod goes: the slice is recycled as the placeholder, not deleted.
    expect(writes(c, () => c.api.delete(podInfo, 'default', 'web-b', { gracePeriodSeconds: 0 }))).toEqual([`MODIFIED ${name} []`]);
    expect(slicesOf(c, 'web').map((s) => s.metadata.name)).toEqual([name]);
  });

  it('publishNotReadyAddresses marks every endpoint ready; pods on unknown nodes are skipped', () => {
    const c = cluster();
    fixturePod(c, 'web-a', { ip: '10.244.1.2', ready: false });
    fixturePod(c, 'web-b', { ip: '10.244.1.3', node: 'gone-node' });
    service(c, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }], publishNotReadyAddresses: true });
    service(c, 'web2', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    c.runUntilIdle();
    const eps = (svc: string) => slicesOf(c, svc)[0].endpoints.map((e: KObject) => `${e.addresses[0]} ready=${e.conditions.ready}`);
    expect(eps('web')).toEqual(['10.244.1.2 ready=true', '10.244.1.3 ready=true']);
    expect(eps('web2')).toEqual(['10.244.1.2 ready=false']);
  });

  it('splits more than 100 endpoints over slices', () => {
    const c = cluster();
    for (let i = 0; i < 150; i++) fixturePod(c, `web-${i}`, { ip: `10.244.${2 + Math.floor(i / 200)}.${(i % 200) + 2}` });
    service(c, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    c.runUntilIdle();
    expect(slicesOf(c, 'web').map((s) => s.endpoints.length).sort()).toEqual([100, 50]);
    expect(c.kubectl('get ep web').stdout).toContain('10.244.2.10:80,10.244.2.100:80,10.244.2.101:80 + 147 more...');
  });

  it('a changed Service label is copied to its slices', () => {
    const c = cluster();
    fixturePod(c, 'web-a', { ip: '10.244.1.2' });
    service(c, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    c.runUntilIdle();
    c.kubectl('label svc web team=blue');
    c.runUntilIdle();
    expect(slicesOf(c, 'web')[0].metadata.labels?.team).toBe('blue');
    expect(c.get('/Endpoints', 'default', 'web')!.metadata.labels).toEqual({ team: 'blue' });
  });
});

describe('endpointslice-mirroring-controller', () => {
  it('mirrors hand-written Endpoints of a selector-less Service, not the API server\'s own', () => {
    const c = cluster();
    service(c, 'db', { ports: [{ name: 'pg', port: 5432 }] });
    c.api.create({
      apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'db', labels: { team: 'data' } },
      subsets: [{ addresses: [{ ip: '192.168.1.5' }], notReadyAddresses: [{ ip: '192.168.1.6' }], ports: [{ name: 'pg', port: 5432 }] }],
    });
    c.runUntilIdle();
    const [slice] = slicesOf(c, 'db');
    expect(slice.metadata.name).toMatch(/^db-/);
    expect(slice.metadata.labels).toEqual({ team: 'data', 'kubernetes.io/service-name': 'db', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' });
    expect(slice.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Endpoints', name: 'db' });
    expect(slice.endpoints).toEqual([
      { addresses: ['192.168.1.5'], conditions: { ready: true } },
      { addresses: ['192.168.1.6'], conditions: { ready: false } },
    ]);
    expect(slice.ports).toEqual([{ name: 'pg', port: 5432, protocol: 'TCP' }]);
    expect(slicesOf(c, 'kubernetes').map((s) => s.metadata.name)).toEqual(['kubernetes']);
  });
});
