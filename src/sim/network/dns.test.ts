import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { addressesOf, candidateNames, lookup, podResolver, queryCluster } from './dns';
import { nslookupOutput } from './tools';
import { fakeNode, fixturePod, service, setPodStatus } from './testutil';

function cluster(): Cluster {
  const c = new Cluster({ seed: 5, nodes: 1 });
  fakeNode(c, 'fake-node-1', '172.18.0.101');
  fixturePod(c, 'web-0', { ip: '10.244.1.5', hostname: 'web-0', subdomain: 'nginx', labels: { app: 'nginx' }, ports: [{ name: 'web', containerPort: 80 }] });
  fixturePod(c, 'web-1', { ip: '10.244.1.6', hostname: 'web-1', subdomain: 'nginx', labels: { app: 'nginx' }, ports: [{ name: 'web', containerPort: 80 }] });
  fixturePod(c, 'web-2', { ip: '10.244.1.7', hostname: 'web-2', subdomain: 'nginx', labels: { app: 'nginx' }, ready: false });
  service(c, 'nginx', { selector: { app: 'nginx' }, clusterIP: 'None', ports: [{ name: 'web', port: 80 }] });
  service(c, 'web', { selector: { app: 'nginx' }, clusterIP: '10.96.5.5', ports: [{ name: 'http', port: 80, targetPort: 'web' }] });
  service(c, 'db', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' });
  c.runUntilIdle();
  return c;
}

const a = (c: Cluster, name: string) => {
  const r = queryCluster(c.api.store, name);
  return r.rcode === 'NXDOMAIN' ? 'NXDOMAIN' : r.records.map((x) => (x.type === 'A' ? x.address : x.type === 'CNAME' ? `CNAME ${x.target}` : '')).join(' ');
};

describe('cluster DNS', () => {
  it('answers Service, headless, per-pod, pod-IP and ExternalName names', () => {
    const c = cluster();
    expect(a(c, 'web.default.svc.cluster.local')).toBe('10.96.5.5');
    expect(a(c, 'kubernetes.default.svc.cluster.local')).toBe('10.96.0.1');
    expect(a(c, 'kube-dns.kube-system.svc.cluster.local.')).toBe('10.96.0.10');
    // Headless: every ready pod, not web-2.
    expect(a(c, 'nginx.default.svc.cluster.local')).toBe('10.244.1.5 10.244.1.6');
    expect(a(c, 'web-0.nginx.default.svc.cluster.local')).toBe('10.244.1.5');
    expect(a(c, 'web-2.nginx.default.svc.cluster.local')).toBe('NXDOMAIN');
    expect(a(c, '10-244-1-6.nginx.default.svc.cluster.local')).toBe('10.244.1.6');
    expect(a(c, '10-244-1-6.default.pod.cluster.local')).toBe('10.244.1.6');
    expect(a(c, 'db.default.svc.cluster.local')).toBe('CNAME web.default.svc.cluster.local');
    expect(a(c, 'nope.default.svc.cluster.local')).toBe('NXDOMAIN');
    expect(a(c, 'web.nowhere.svc.cluster.local')).toBe('NXDOMAIN');
    expect(a(c, 'example.com')).toBe('NXDOMAIN');
  });

  it('SRV records for named ports: the Service, or every ready endpoint when headless', () => {
    const c = cluster();
    expect(queryCluster(c.api.store, '_http._tcp.web.default.svc.cluster.local').records).toEqual([
      { name: '_http._tcp.web.default.svc.cluster.local', type: 'SRV', ttl: 30, priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' },
    ]);
    expect(queryCluster(c.api.store, '_web._tcp.nginx.default.svc.cluster.local').records.map((r) => (r.type === 'SRV' ? `${r.weight} ${r.port} ${r.target}` : ''))).toEqual([
      '50 80 web-0.nginx.default.svc.cluster.local',
      '50 80 web-1.nginx.default.svc.cluster.local',
    ]);
    expect(queryCluster(c.api.store, '_nope._tcp.web.default.svc.cluster.local').rcode).toBe('NXDOMAIN');
  });

  it('resolves short names through the pod namespace search path, following in-cluster CNAMEs', () => {
    const c = cluster();
    const cfg = podResolver(undefined, 'default');
    expect(candidateNames('web', cfg)).toEqual(['web.default.svc.cluster.local', 'web.svc.cluster.local', 'web.cluster.local', 'web']);
    expect(addressesOf(lookup(c.api.store, 'web', cfg))).toEqual(['10.96.5.5']);
    expect(addressesOf(lookup(c.api.store, 'kube-dns.kube-system', cfg))).toEqual(['10.96.0.10']);
    expect(addressesOf(lookup(c.api.store, 'kube-dns', cfg))).toEqual([]);
    expect(addressesOf(lookup(c.api.store, 'kube-dns', podResolver(undefined, 'kube-system')))).toEqual(['10.96.0.10']);
    expect(addressesOf(lookup(c.api.store, 'db', cfg))).toEqual(['10.96.5.5']);
    // A hostNetwork pod with the default dnsPolicy uses the node's resolver: no cluster names.
    const hostNet = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'h', namespace: 'default' }, spec: { hostNetwork: true } };
    expect(lookup(c.api.store, 'web', podResolver(hostNet)).rcode).toBe('NXDOMAIN');
  });

  it('a headless Service whose pods all turn unready stops resolving', () => {
    const c = cluster();
    setPodStatus(c, 'web-0', { ready: false });
    setPodStatus(c, 'web-1', { ready: false });
    c.runUntilIdle();
    expect(a(c, 'nginx.default.svc.cluster.local')).toBe('NXDOMAIN');
  });

  it('prints nslookup as the dnsutils image does', () => {
    const c = cluster();
    const cfg = podResolver(undefined, 'default');
    expect(nslookupOutput('web', lookup(c.api.store, 'web', cfg)).stdout.join('\n')).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tweb.default.svc.cluster.local\nAddress: 10.96.5.5\n',
    );
    const nx = nslookupOutput('nope', lookup(c.api.store, 'nope', cfg));
    expect(nx.exitCode).toBe(1);
    expect(nx.stdout).toContain("** server can't find nope: NXDOMAIN");
  });
});
