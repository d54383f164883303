import { describe, expect, it } from 'vitest';
import type { ObjectEntry, TrafficClientTotals, TrafficRecord } from '../../worker/protocol';
import { labelFilter } from '../views/labelFilter';
import { layoutNetwork, requestPath } from './layout';
import { POD_LIMIT, buildNetwork } from './model';
import { requestStops } from './TrafficDots';

const entry = (kindKey: string, o: Record<string, unknown>): [string, ObjectEntry] => {
  const md = o.metadata as { name: string; namespace?: string };
  const uid = `${kindKey}/${md.namespace ?? ''}/${md.name}`;
  return [uid, { kindKey, object: { apiVersion: 'v1', kind: kindKey.split('/')[1], ...o, metadata: { namespace: 'default', uid, ...md } } as never }];
};
const pod = (name: string, node: string, labels: Record<string, string> = { app: 'web' }, ready = true) =>
  entry('/Pod', { metadata: { name, labels }, spec: { nodeName: node }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], containerStatuses: [{ ready, state: { running: {} } }] } });
const svc = (name: string, spec: Record<string, unknown>) => entry('/Service', { metadata: { name, labels: { app: name } }, spec });
const slice = (svcName: string, eps: { pod: string; ready: boolean; terminating?: boolean }[]) =>
  entry('discovery.k8s.io/EndpointSlice', {
    metadata: { name: `${svcName}-abc`, labels: { 'kubernetes.io/service-name': svcName } },
    endpoints: eps.map((e) => ({ addresses: ['10.244.1.1'], conditions: { ready: e.ready, serving: e.ready, terminating: !!e.terminating }, targetRef: { kind: 'Pod', name: e.pod, namespace: 'default' } })),
  });
const client = (over: Partial<TrafficClientTotals> = {}): TrafficClientTotals => ({ name: 'load', url: 'http://web', rps: 10, running: true, sent: 40, succeeded: 36, failed: { 'connection refused': 3, timeout: 1 }, byPod: { 'default/web-a': 20, 'default/web-b': 16 }, ...over });

const objects = Object.fromEntries([
  pod('web-a', 'kubeplay-worker'),
  pod('web-b', 'kubeplay-worker2'),
  pod('web-c', 'kubeplay-worker2', { app: 'web', track: 'canary' }, false),
  pod('db-0', 'kubeplay-worker', { app: 'db' }),
  svc('web', { type: 'NodePort', clusterIP: '10.96.12.34', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }),
  svc('db', { clusterIP: 'None', ports: [{ port: 6379, protocol: 'TCP' }] }),
  slice('web', [{ pod: 'web-a', ready: true }, { pod: 'web-b', ready: true }, { pod: 'web-c', ready: false }]),
  slice('db', [{ pod: 'db-0', ready: true }]),
  entry('networking.k8s.io/Ingress', { metadata: { name: 'site' }, spec: { rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', backend: { service: { name: 'web' } } }] } }] }, status: { loadBalancer: { ingress: [{ ip: '172.18.0.5' }] } } }),
]);

describe('network model', () => {
  it('shows services as kubectl does, their endpoints ready and not, and pods by node', () => {
    const m = buildNetwork(objects, [client()]);
    expect(m.services.map((s) => `${s.name} ${s.type} ${s.clusterIP} ${s.ports} ${s.ready}/${s.notReady}`)).toEqual([
      'db ClusterIP None 6379/TCP 1/0',
      'web NodePort 10.96.12.34 80:30080/TCP 2/1',
    ]);
    expect(m.ingresses).toMatchObject([{ name: 'site', rules: ['web.example.com/'], address: '172.18.0.5', services: ['default/web'] }]);
    expect(m.nodes.map((n) => `${n.name}: ${n.pods.map((p) => `${p.name}(${p.answers})`).join(' ')}`)).toEqual([
      'kubeplay-worker: db-0(0) web-a(20)',
      'kubeplay-worker2: web-b(16) web-c(0)',
    ]);
    expect(m.endpoints.find((e) => e.pod === 'default/web-c')?.ready).toBe(false);
    expect(m.generators).toEqual([expect.objectContaining({ name: 'load', successRate: 90, target: 'svc:default/web', failures: [{ reason: 'connection refused', count: 3 }, { reason: 'timeout', count: 1 }] })]);
  });

  it('applies the label filter to pods, and keeps services with matching endpoints', () => {
    const m = buildNetwork(objects, [], new Map(), { labels: labelFilter('app=web,track!=canary').match });
    expect(m.services.map((s) => s.name)).toEqual(['web']);
    expect(m.nodes.flatMap((n) => n.pods.map((p) => p.name))).toEqual(['web-a', 'web-b']);
    // Counts stay the Service's own, whatever the filter hides.
    expect(m.services[0].notReady).toBe(1);
  });

  it('counts endpoints without a pod (the kubernetes Service: the API server)', () => {
    const api = Object.fromEntries([
      svc('kubernetes', { clusterIP: '10.96.0.1', ports: [{ port: 443, protocol: 'TCP' }] }),
      entry('discovery.k8s.io/EndpointSlice', { metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } }, endpoints: [{ addresses: ['172.18.0.2'], conditions: { ready: true } }] }),
    ]);
    const m = buildNetwork(api, []);
    expect(m.services.map((s) => `${s.name} ${s.clusterIP} ${s.ports} ${s.ready}/${s.notReady}`)).toEqual(['kubernetes 10.96.0.1 443/TCP 1/0']);
    expect(m.endpoints).toEqual([]);
  });

  it('draws a request from the generator through the ingress and service to its pod', () => {
    const m = buildNetwork(objects, [client()], new Map([['load', 'ing:default/site']]));
    const l = layoutNetwork(m);
    expect(l.edges.map((e) => e.id)).toContain('e:gen:load');
    expect(l.edges.find((e) => e.id === 'e:gen:load')?.target).toBe('ing:default/site');
    expect(l.edges.find((e) => e.id === 'e:default/web>default/web-c')?.className).toContain('net-edge--notready');
    const rec: TrafficRecord = { seq: 1, atMs: 0, client: 'load', ok: true, status: 200, pod: 'default/web-a', service: 'default/web', ingress: 'default/site' };
    const stops = requestStops(rec, { anchors: l.anchors });
    expect(stops).toEqual(['gen:load', 'ing:default/site', 'svc:default/web', 'pod:default/web-a']);
    const d = requestPath(l.anchors, stops)!;
    expect(d.match(/C/g)).toHaveLength(3);
    expect(d.startsWith('M')).toBe(true);
    expect(d.match(/M/g)).toHaveLength(1);
  });

  it('draws pods as counts per node past the limit', () => {
    const many = Object.fromEntries([
      ...Array.from({ length: POD_LIMIT + 1 }, (_, i) => pod(`web-${i}`, `kubeplay-worker${(i % 3) + 2}`)),
      svc('web', { clusterIP: '10.96.0.9', ports: [{ port: 80 }] }),
      slice('web', Array.from({ length: POD_LIMIT + 1 }, (_, i) => ({ pod: `web-${i}`, ready: i > 0 }))),
    ]);
    const m = buildNetwork(many, []);
    expect(m.aggregated).toBe(true);
    expect(m.nodes.every((n) => n.pods.length === 0)).toBe(true);
    expect(m.nodes[0].counts).toEqual([{ service: 'default/web', ready: 50, notReady: 1, answers: 0 }]);
    const l = layoutNetwork(m);
    expect(l.nodes.length).toBe(1 + 3);
    expect(requestStops({ seq: 1, atMs: 0, client: 'x', ok: true, pod: 'default/web-0', service: 'default/web' }, { anchors: l.anchors, podNode: m.podNode })).toEqual(['svc:default/web', 'node:kubeplay-worker2']);
  });
});

describe('traffic targets', () => {
  it('names a generator per Service and Ingress, valid and unique across namespaces', async () => {
    const { trafficTargets } = await import('./TrafficControls');
    const m = buildNetwork(Object.fromEntries([...Object.entries(objects), entry('/Service', { metadata: { name: 'web', namespace: 'shop' }, spec: { clusterIP: '10.96.3.3', ports: [{ port: 8080 }] } })]), []);
    expect(trafficTargets(m.services, m.ingresses).map((t) => `${t.name} ${t.url} ${t.label}`)).toEqual([
      'to-db http://db:6379/ svc/db',
      'to-web http://web/ svc/web',
      'to-web-shop http://web.shop:8080/ svc/web',
      'ing-site http://172.18.0.5/ ingress/site (web.example.com)',
    ]);
  });
});
