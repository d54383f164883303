import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { NODE_AGENTS_SERVICE, type NodeAgents } from '../node/agent';
import type { Network } from './http';
import { fakeNode, fixturePod, service } from './testutil';

function cluster(seed = 21): { c: Cluster; net: Network } {
  const c = new Cluster({ seed, nodes: 1 });
  fakeNode(c, 'fake-node-1', '172.18.0.101');
  fakeNode(c, 'fake-node-2', '172.18.0.102');
  return { c, net: c.service<Network>('network')! };
}

function threePods(c: Cluster): void {
  fixturePod(c, 'web-a', { ip: '10.244.1.2', node: 'fake-node-1', ports: [{ containerPort: 8080 }] });
  fixturePod(c, 'web-b', { ip: '10.244.1.3', node: 'fake-node-1', ports: [{ containerPort: 8080 }] });
  fixturePod(c, 'web-c', { ip: '10.244.2.2', node: 'fake-node-2', ports: [{ containerPort: 8080 }] });
}

function tally(net: Network, n: number, url: string, from: { namespace: string; name: string } | null = null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const r = net.httpGet(from, url);
    const k = r.failure ?? r.pod?.name ?? `HTTP ${r.status}`;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

describe('service proxy (iptables mode)', () => {
  it('spreads connections uniformly over the ready endpoints (seeded)', () => {
    const { c, net } = cluster();
    threePods(c);
    service(c, 'web', { selector: { app: 'web' }, clusterIP: '10.96.8.8', ports: [{ port: 80, targetPort: 8080 }] });
    c.runUntilIdle();
    const counts = tally(net, 3000, 'http://web/');
    expect(Object.keys(counts).sort()).toEqual(['web-a', 'web-b', 'web-c']);
    // Binomial(3000, 1/3): sd ≈ 26; allow ±4 sd.
    for (const n of Object.values(counts)) expect(Math.abs(n - 1000)).toBeLessThan(104);
    // Chi-square with 2 degrees of freedom below the 99.9% quantile (13.8).
    const chi2 = Object.values(counts).reduce((s, n) => s + (n - 1000) ** 2 / 1000, 0);
    expect(chi2).toBeLessThan(13.8);
    // The same seed gives the same run.
    const again = cluster();
    threePods(again.c);
    service(again.c, 'web', { selector: { app: 'web' }, clusterIP: '10.96.8.8', ports: [{ port: 80, targetPort: 8080 }] });
    again.c.runUntilIdle();
    expect(tally(again.net, 3000, 'http://web/')).toEqual(counts);
  });

  it('answers from the pod; ClusterIP, NodePort and pod IP all reach it', () => {
    const { c, net } = cluster();
    threePods(c);
    const svc = service(c, 'web', { selector: { app: 'web' }, type: 'NodePort', ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] });
    c.runUntilIdle();
    const r = net.httpGet(null, `http://${svc.spec.clusterIP}/`);
    expect(r).toMatchObject({ status: 200, body: 'OK\n', service: 'default/web', via: 'ClusterIP' });
    expect(net.httpGet(null, 'http://172.18.0.102:30080/')).toMatchObject({ status: 200, via: 'NodePort' });
    expect(net.httpGet(null, 'http://10.244.1.2:8080/')).toMatchObject({ status: 200, via: 'PodIP', pod: { name: 'web-a' } });
    // Nothing listens on 9090 in the pod: refused.
    expect(net.httpGet(null, 'http://10.244.1.2:9090/')).toMatchObject({ reason: 'refused', failure: 'refused' });
  });

  it('ClientIP affinity keeps a client on one endpoint; other clients spread', () => {
    const { c, net } = cluster();
    threePods(c);
    fixturePod(c, 'client-1', { ip: '10.244.3.1', labels: { app: 'client' } });
    fixturePod(c, 'client-2', { ip: '10.244.3.2', labels: { app: 'client' } });
    service(c, 'web', { selector: { app: 'web' }, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 2 } }, ports: [{ port: 80, targetPort: 8080 }] });
    c.runUntilIdle();
    const one = tally(net, 50, 'http://web/', { namespace: 'default', name: 'client-1' });
    expect(Object.values(one)).toEqual([50]);
    const two = tally(net, 50, 'http://web/', { namespace: 'default', name: 'client-2' });
    expect(Object.values(two)).toEqual([50]);
    // Used again within the timeout: it sticks; after the timeout without traffic it may land elsewhere.
    c.advance(1500);
    expect(Object.values(tally(net, 5, 'http://web/', { namespace: 'default', name: 'client-1' }))).toEqual([5]);
    const picks = new Set<string>();
    for (let i = 0; i < 20; i++) {
      c.advance(2001);
      picks.add(net.httpGet({ namespace: 'default', name: 'client-1' }, 'http://web/').pod!.name);
    }
    expect(picks.size).toBeGreaterThan(1);
  });

  it('no endpoints: connection refused at once, with curl\'s message', () => {
    const { c, net } = cluster();
    const svc = service(c, 'web', { selector: { app: 'typo' }, ports: [{ port: 80 }] });
    c.runUntilIdle();
    expect(net.httpGet(null, 'http://web/')).toMatchObject({
      reason: 'refused', failure: 'no-endpoints', ip: svc.spec.clusterIP, message: "Failed to connect to web port 80 after 0 ms: Couldn't connect to server",
    });
    expect(net.httpGet(null, 'http://nope/')).toMatchObject({ reason: 'resolve', message: 'Could not resolve host: nope' });
  });

  it('externalTrafficPolicy Local: only endpoints on the receiving node; none there drops the packet', () => {
    const { c, net } = cluster();
    fixturePod(c, 'web-a', { ip: '10.244.1.2', node: 'fake-node-1' });
    service(c, 'web', { selector: { app: 'web' }, type: 'NodePort', externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30081 }] });
    c.runUntilIdle();
    expect(net.httpGet(null, 'http://172.18.0.101:30081/')).toMatchObject({ status: 200, pod: { name: 'web-a' } });
    expect(net.httpGet(null, 'http://172.18.0.102:30081/')).toMatchObject({ reason: 'timeout', failure: 'timeout' });
  });

  it('falls back to serving terminating endpoints; a pod on a powered-off node times out', () => {
    const { c, net } = cluster();
    fixturePod(c, 'web-a', { ip: '10.244.1.2', node: 'fake-node-1' });
    fixturePod(c, 'web-b', { ip: '10.244.2.2', node: 'fake-node-2' });
    service(c, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    c.runUntilIdle();
    const podInfo = c.kinds.byKind('Pod')!;
    c.api.delete(podInfo, 'default', 'web-a', { gracePeriodSeconds: 30 });
    c.api.delete(podInfo, 'default', 'web-b', { gracePeriodSeconds: 30 });
    c.runUntilIdle();
    expect(tally(net, 40, 'http://web/')).toMatchObject({ 'web-a': expect.any(Number), 'web-b': expect.any(Number) });
    c.service<NodeAgents>(NODE_AGENTS_SERVICE)!.set('fake-node-2', { powered: false });
    const r = tally(net, 40, 'http://web/');
    expect(r.timeout).toBeGreaterThan(0);
    expect(r['web-a']).toBeGreaterThan(0);
  });

  it('a LoadBalancer Service answers on its address once the cloud provisioned it', () => {
    const { c, net } = cluster();
    fixturePod(c, 'web-a', { ip: '10.244.1.2' });
    service(c, 'web', { selector: { app: 'web' }, type: 'LoadBalancer', ports: [{ port: 80 }] });
    expect(net.httpGet(null, 'http://172.18.255.200/')).toMatchObject({ failure: 'timeout' });
    c.runUntilIdle();
    expect(c.get('/Service', 'default', 'web')!.status.loadBalancer).toEqual({ ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] });
    expect(net.httpGet(null, 'http://172.18.255.200/')).toMatchObject({ status: 200, via: 'LoadBalancer', pod: { name: 'web-a' } });
  });
});
