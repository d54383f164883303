import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { Network } from './http';
import { fakeNode, fixturePod, must, service } from './testutil';

function cluster(): { c: Cluster; net: Network } {
  const c = new Cluster({ seed: 9, nodes: 1 });
  fakeNode(c, 'fake-node-1', '172.18.0.101');
  fixturePod(c, 'hello-1', { ip: '10.244.1.2', labels: { app: 'hello' } });
  fixturePod(c, 'world-1', { ip: '10.244.1.3', labels: { app: 'world' } });
  service(c, 'hello', { selector: { app: 'hello' }, ports: [{ port: 80 }] });
  service(c, 'world', { selector: { app: 'world' }, ports: [{ name: 'http', port: 8080, targetPort: 80 }] });
  service(c, 'empty', { selector: { app: 'none' }, ports: [{ port: 80 }] });
  return { c, net: c.service<Network>('network')! };
}

function ingress(c: Cluster, name: string, spec: Record<string, unknown>): void {
  must(c.api.create({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name }, spec }));
}

const backend = (name: string, port: number | string) => ({ service: { name, port: typeof port === 'number' ? { number: port } : { name: port } } });

describe('ingress-nginx', () => {
  it('routes two hosts to two Services, by Host header or by name, with path rules', () => {
    const { c, net } = cluster();
    ingress(c, 'two-hosts', {
      rules: [
        { host: 'hello.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('hello', 80) }] } },
        { host: 'world.example.com', http: { paths: [
          { path: '/api', pathType: 'Prefix', backend: backend('world', 'http') },
          { path: '/api/exact', pathType: 'Exact', backend: backend('empty', 80) },
        ] } },
      ],
    });
    c.runUntilIdle();
    const at = (url: string, host?: string) => {
      const r = net.httpGet(null, url, host ? { Host: host } : undefined);
      return `${r.status} ${r.pod?.name ?? '-'}`;
    };
    expect(at('http://hello.example.com/')).toBe('200 hello-1');
    expect(at('http://localhost/anything', 'hello.example.com')).toBe('200 hello-1');
    expect(at('http://world.example.com/api/v1')).toBe('200 world-1');
    expect(at('http://world.example.com/apis')).toBe('404 -');
    expect(at('http://world.example.com/api/exact')).toBe('503 -');
    expect(at('http://localhost/')).toBe('404 -');
    const r = net.httpGet(null, 'http://localhost/');
    expect(r.body).toContain('<center><h1>404 Not Found</h1></center>');
  });

  it('publishes the address after a short delay with Sync events; class and default backend rules', () => {
    const { c, net } = cluster();
    expect(c.get('networking.k8s.io/IngressClass', undefined, 'nginx')!.spec).toEqual({ controller: 'k8s.io/ingress-nginx' });
    ingress(c, 'catch-all', { defaultBackend: backend('hello', 80) });
    ingress(c, 'other-class', { ingressClassName: 'traefik', rules: [{ host: 'x.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('world', 8080) }] } }] });
    c.advance(1000);
    expect(c.kubectl('get ing').stdout).toBe(
      'NAME          CLASS     HOSTS           ADDRESS   PORTS   AGE\ncatch-all     <none>    *                         80      1s\nother-class   traefik   x.example.com             80      1s\n',
    );
    c.advance(2000);
    expect(c.kubectl('get ing catch-all').stdout).toContain('catch-all   <none>   *       localhost   80      3s');
    expect(c.kubectl('get ing other-class').stdout).not.toContain('localhost');
    const events = c.list('/Event', 'default').filter((e) => e.source?.component === 'nginx-ingress-controller');
    expect(events.map((e) => `${e.reason} ${e.message} x${e.count}`)).toEqual(['Sync Scheduled for sync x2']);
    expect(net.httpGet(null, 'http://localhost/whatever')).toMatchObject({ status: 200, pod: { name: 'hello-1' } });
    expect(net.httpGet(null, 'http://x.example.com/')).toMatchObject({ reason: 'resolve' });
  });

  it('redirects http to https for TLS hosts; a missing backend Service answers 503', () => {
    const { c, net } = cluster();
    ingress(c, 'tls', {
      tls: [{ hosts: ['secure.example.com'], secretName: 'secure-tls' }],
      rules: [
        { host: 'secure.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('hello', 80) }] } },
        { host: 'missing.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('nosuch', 80) }] } },
      ],
    });
    c.runUntilIdle();
    expect(net.httpGet(null, 'http://secure.example.com/a?b=1')).toMatchObject({ status: 308, headers: { Location: 'https://secure.example.com/a?b=1' } });
    expect(net.httpGet(null, 'https://secure.example.com/')).toMatchObject({ status: 200, pod: { name: 'hello-1' } });
    expect(net.httpGet(null, 'http://missing.example.com/')).toMatchObject({ status: 503 });
  });
});
