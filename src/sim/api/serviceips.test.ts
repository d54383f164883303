import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { isStatus, type KObject } from './types';
import { inServiceRange, ipToInt } from './serviceips';

const svcInfo = { kind: 'Service', group: '', version: 'v1', plural: 'services', singular: 'service', shortNames: ['svc'], namespaced: true };

function create(c: Cluster, name: string, spec: Record<string, unknown>): KObject | string {
  const r = c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ...spec } });
  return isStatus(r) ? r.message : r;
}

const svc = (x: KObject | string): KObject => {
  if (typeof x === 'string') throw new Error(x);
  return x;
};

describe('ClusterIP allocation', () => {
  it('hands out random free IPs from the upper band of 10.96.0.0/12', () => {
    const c = new Cluster({ seed: 3, nodes: 1 });
    const ips = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const s = svc(create(c, `s${i}`, { ports: [{ port: 80 }] }));
      const ip = s.spec.clusterIP;
      expect(s.spec.clusterIPs).toEqual([ip]);
      expect(inServiceRange(ip)).toBe(true);
      // Above the 256 addresses kept for static IPs: 10.96.1.1 and up.
      expect(ipToInt(ip)!).toBeGreaterThanOrEqual(ipToInt('10.96.1.1')!);
      ips.add(ip);
    }
    expect(ips.size).toBe(50);
  });

  it('accepts a requested free IP and rejects a taken or out-of-range one, as the API server does', () => {
    const c = new Cluster({ seed: 3, nodes: 1 });
    expect(svc(create(c, 'a', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] })).spec.clusterIP).toBe('10.96.0.20');
    expect(create(c, 'b', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] })).toBe(
      'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    expect(create(c, 'c', { clusterIP: '10.0.0.5', ports: [{ port: 80 }] })).toBe(
      'Service "c" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    // Deleting the Service releases its IP.
    c.api.delete(svcInfo, 'default', 'a');
    expect(svc(create(c, 'd', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] })).spec.clusterIP).toBe('10.96.0.20');
  });

  it('headless and ExternalName Services get no IP', () => {
    const c = new Cluster({ seed: 3, nodes: 1 });
    expect(svc(create(c, 'h', { clusterIP: 'None', ports: [{ port: 80 }] })).spec.clusterIPs).toEqual(['None']);
    const e = svc(c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'e' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } }) as KObject);
    expect(e.spec.clusterIP).toBeUndefined();
  });
});

describe('NodePort allocation', () => {
  it('allocates random ports in 30000–32767 above the static band, or the requested one', () => {
    const c = new Cluster({ seed: 3, nodes: 1 });
    const s = svc(create(c, 'web', { type: 'NodePort', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }));
    for (const p of s.spec.ports) {
      expect(p.nodePort).toBeGreaterThanOrEqual(30086);
      expect(p.nodePort).toBeLessThanOrEqual(32767);
    }
    expect(s.spec.ports[0].nodePort).not.toBe(s.spec.ports[1].nodePort);
    expect(svc(create(c, 'fixed', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).spec.ports[0].nodePort).toBe(30080);
  });

  it('rejects a port another Service holds, with the upstream error', () => {
    const c = new Cluster({ seed: 3, nodes: 1 });
    svc(create(c, 'a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(create(c, 'b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).toBe(
      'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    // The same manifest applied twice: the port conflict comes before AlreadyExists.
    expect(create(c, 'a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).toBe(
      'Service "a" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(create(c, 'c', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] })).toBe(
      'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    c.api.delete(svcInfo, 'default', 'a');
    expect(svc(create(c, 'b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).spec.ports[0].nodePort).toBe(30080);
  });

  it('one node port for a port number served over TCP and UDP; LoadBalancers get node ports and, with Local, a health check port', () => {
    const c = new Cluster({ seed: 3, nodes: 1 });
    const dns = svc(create(c, 'dns', { type: 'NodePort', ports: [{ name: 'udp', port: 53, protocol: 'UDP' }, { name: 'tcp', port: 53, protocol: 'TCP' }] }));
    expect(dns.spec.ports[0].nodePort).toBe(dns.spec.ports[1].nodePort);
    const lb = svc(create(c, 'lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }));
    expect(lb.spec.ports[0].nodePort).toBeGreaterThan(30000);
    expect(lb.spec.healthCheckNodePort).toBeGreaterThan(30000);
    const noPorts = svc(create(c, 'lb2', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] }));
    expect(noPorts.spec.ports[0].nodePort).toBeUndefined();
  });
});

describe('updates', () => {
  it('keeps allocated values the update omits; a type change drops what the new type does not use', () => {
    const c = new Cluster({ seed: 3, nodes: 1 });
    const s = svc(create(c, 'web', { type: 'NodePort', ports: [{ name: 'http', port: 80 }] }));
    const ip = s.spec.clusterIP;
    const np = s.spec.ports[0].nodePort;
    // A full replace without clusterIP or nodePort (kubectl replace of the original manifest).
    const replaced = c.api.update({ ...s, spec: { selector: { app: 'web' }, type: 'NodePort', ports: [{ name: 'http', port: 80 }] } }) as KObject;
    expect(replaced.spec.clusterIP).toBe(ip);
    expect(replaced.spec.ports[0].nodePort).toBe(np);
    const toClusterIP = c.api.mutate(svcInfo, 'default', 'web', (o) => { o.spec.type = 'ClusterIP'; }) as KObject;
    expect(isStatus(toClusterIP)).toBe(false);
    expect(toClusterIP.spec.ports[0].nodePort).toBeUndefined();
    expect(toClusterIP.spec.externalTrafficPolicy).toBeUndefined();
    expect(toClusterIP.spec.clusterIP).toBe(ip);
    const toExternal = c.api.mutate(svcInfo, 'default', 'web', (o) => { o.spec = { type: 'ExternalName', externalName: 'x.example.com', ports: o.spec.ports }; }) as KObject;
    expect(isStatus(toExternal)).toBe(false);
    expect(toExternal.spec.clusterIP).toBeUndefined();
    const back = c.api.mutate(svcInfo, 'default', 'web', (o) => { o.spec = { type: 'ClusterIP', selector: { app: 'web' }, ports: o.spec.ports }; }) as KObject;
    expect(inServiceRange(back.spec.clusterIP)).toBe(true);
  });

  it('a requested node port on update may not be another Service\'s', () => {
    const c = new Cluster({ seed: 3, nodes: 1 });
    svc(create(c, 'a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    svc(create(c, 'b', { type: 'NodePort', ports: [{ port: 80 }] }));
    const r = c.api.mutate(svcInfo, 'default', 'b', (o) => { o.spec.ports[0].nodePort = 30080; });
    expect(isStatus(r) && r.message).toBe('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  });
});
