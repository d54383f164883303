import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { rfc3339 } from '../core/time';
import type { StoredChange } from '../api/store';
import { fakeNode, fixturePod, service, setPodStatus } from '../network/testutil';

function cluster(): Cluster {
  const c = new Cluster({ seed: 7, nodes: 1 });
  fakeNode(c, 'fake-node-1', '172.18.0.101', 'zone-a');
  fakeNode(c, 'fake-node-2', '172.18.0.102', 'zone-b');
  return c;
}

/** Endpoints writes (type + subsets) while `fn` runs and the controllers settle. */
function writes(c: Cluster, fn: () => void): string[] {
  const out: string[] = [];
  const stop = c.subscribe((ch: StoredChange) => {
    if (ch.kindKey !== '/Endpoints' || ch.object.metadata.name === 'kubernetes') return;
    const subsets = (ch.object.subsets ?? []).map((s: { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[]; ports?: { port: number }[] }) =>
      `[${(s.addresses ?? []).map((a) => a.ip).join(',')}|${(s.notReadyAddresses ?? []).map((a) => a.ip).join(',')}|${(s.ports ?? []).map((p) => p.port).join(',')}]`);
    out.push(`${ch.type} ${ch.object.metadata.name} ${subsets.join('') || '-'}`);
  });
  fn();
  c.runUntilIdle();
  stop();
  return out;
}

describe('endpoint-controller', () => {
  it('writes the exact Endpoints of a Service: ready addresses sorted by IP, nodeName, targetRef', () => {
    const c = cluster();
    const a = fixturePod(c, 'web-a', { ip: '10.244.1.10', node: 'fake-node-1', ports: [{ name: 'http', containerPort: 8080 }] });
    const b = fixturePod(c, 'web-b', { ip: '10.244.1.9', node: 'fake-node-2', ports: [{ name: 'http', containerPort: 8080 }] });
    service(c, 'web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }, { app: 'web' });
    c.runUntilIdle();
    const ep = c.get('/Endpoints', 'default', 'web')!;
    const created = c.get('/Service', 'default', 'web')!.metadata.creationTimestamp;
    expect({ ...ep, metadata: { ...ep.metadata, uid: undefined, resourceVersion: undefined } }).toEqual({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': created },
        creationTimestamp: created,
        labels: { app: 'web' },
        name: 'web',
        namespace: 'default',
        uid: undefined,
        resourceVersion: undefined,
      },
      subsets: [{
        // Byte order of the IP strings: "10.244.1.10" < "10.244.1.9".
        addresses: [
          { ip: '10.244.1.10', nodeName: 'fake-node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: a.metadata.uid } },
          { ip: '10.244.1.9', nodeName: 'fake-node-2', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-b', uid: b.metadata.uid } },
        ],
        ports: [{ port: 8080, protocol: 'TCP' }],
      }],
    });
  });

  it('follows readiness: not-ready pods in notReadyAddresses, terminating pods dropped, no IP no entry', () => {
    const c = cluster();
    fixturePod(c, 'web-a', { ip: '10.244.1.2' });
    fixturePod(c, 'web-b', { ip: '10.244.1.3', ready: false });
    fixturePod(c, 'web-c'); // pending, no IP
    const w = writes(c, () => service(c, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    expect(w).toEqual(['ADDED web [10.244.1.2|10.244.1.3|80]']);
    expect(writes(c, () => setPodStatus(c, 'web-b', { ready: true }))).toEqual(['MODIFIED web [10.244.1.2,10.244.1.3||80]']);
    expect(writes(c, () => setPodStatus(c, 'web-a', { ready: false }))).toEqual(['MODIFIED web [10.244.1.3|10.244.1.2|80]']);
    const podInfo = c.kinds.byKind('Pod')!;
    expect(writes(c, () => c.api.delete(podInfo, 'default', 'web-b', { gracePeriodSeconds: 30 }))).toEqual(['MODIFIED web [|10.244.1.2|80]']);
    expect(writes(c, () => setPodStatus(c, 'web-a', { ready: false, phase: 'Failed' }))).toEqual(['MODIFIED web -']);
  });

  it('publishNotReadyAddresses lists every pod with an IP as ready, terminating ones too', () => {
    const c = cluster();
    fixturePod(c, 'web-a', { ip: '10.244.1.2', ready: false });
    fixturePod(c, 'web-b', { ip: '10.244.1.3' });
    c.api.delete(c.kinds.byKind('Pod')!, 'default', 'web-b', { gracePeriodSeconds: 30 });
    const w = writes(c, () => service(c, 'web', { selector: { app: 'web' }, clusterIP: 'None', publishNotReadyAddresses: true, ports: [{ port: 80 }] }));
    expect(w).toEqual(['ADDED web [10.244.1.2,10.244.1.3||80]']);
    expect(c.get('/Endpoints', 'default', 'web')!.metadata.labels).toEqual({ 'service.kubernetes.io/headless': '' });
  });

  it('sets hostname for pods whose subdomain is the Service; headless without ports still lists addresses', () => {
    const c = cluster();
    fixturePod(c, 'web-0', { ip: '10.244.1.5', hostname: 'web-0', subdomain: 'nginx' });
    fixturePod(c, 'web-1', { ip: '10.244.1.6', hostname: 'web-1', subdomain: 'other' });
    service(c, 'nginx', { selector: { app: 'web' }, clusterIP: 'None' });
    c.runUntilIdle();
    const ep = c.get('/Endpoints', 'default', 'nginx')!;
    expect(ep.subsets).toEqual([{
      addresses: [
        { ip: '10.244.1.5', hostname: 'web-0', nodeName: 'fake-node-1', targetRef: expect.objectContaining({ name: 'web-0' }) },
        { ip: '10.244.1.6', nodeName: 'fake-node-1', targetRef: expect.objectContaining({ name: 'web-1' }) },
      ],
    }]);
  });

  it('a named target port only the new pods declare: pods without it are left out of that port', () => {
    const c = cluster();
    fixturePod(c, 'old', { ip: '10.244.1.2', ports: [{ containerPort: 8080 }] });
    fixturePod(c, 'new', { ip: '10.244.1.3', ports: [{ name: 'http', containerPort: 9090 }] });
    service(c, 'web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] });
    c.runUntilIdle();
    expect(c.get('/Endpoints', 'default', 'web')!.subsets).toEqual([
      { addresses: [expect.objectContaining({ ip: '10.244.1.3' })], ports: [{ port: 9090, protocol: 'TCP' }] },
    ]);
  });

  it('relabelled pods leave the Endpoints; Services without a selector keep hand-written Endpoints; deleting the Service deletes them', () => {
    const c = cluster();
    fixturePod(c, 'web-a', { ip: '10.244.1.2' });
    service(c, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    c.runUntilIdle();
    const podInfo = c.kinds.byKind('Pod')!;
    expect(writes(c, () => c.api.mutate(podInfo, 'default', 'web-a', (p) => { p.metadata.labels = { app: 'other' }; }))).toEqual(['MODIFIED web -']);

    service(c, 'db', { ports: [{ port: 5432 }] });
    c.api.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'db' }, subsets: [{ addresses: [{ ip: '192.168.1.5' }], ports: [{ port: 5432 }] }] });
    c.runUntilIdle();
    expect(c.get('/Endpoints', 'default', 'db')!.subsets[0].addresses).toEqual([{ ip: '192.168.1.5' }]);

    expect(writes(c, () => c.api.delete(c.kinds.byKind('Service')!, 'default', 'web'))).toEqual(['DELETED web -']);
  });

  it('the trigger time is the earliest readiness change not yet reflected', () => {
    const c = cluster();
    fixturePod(c, 'web-a', { ip: '10.244.1.2', ready: false });
    service(c, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    c.runUntilIdle();
    c.advance(7000);
    setPodStatus(c, 'web-a', { ready: true });
    const at = rfc3339(c.nowMs);
    c.runUntilIdle();
    expect(c.get('/Endpoints', 'default', 'web')!.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': at });
  });
});
