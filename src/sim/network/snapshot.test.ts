import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { TRAFFIC_SERVICE, type TrafficGenerator } from './traffic';
import { fakeNode, fixturePod, must, service } from './testutil';

describe('network state in snapshots', () => {
  it('a restored cluster finishes provisioning, routing and sending exactly as the original', () => {
    const c = new Cluster({ seed: 17, nodes: 1 });
    fakeNode(c, 'fake-node-1', '172.18.0.101');
    fixturePod(c, 'web-a', { ip: '10.244.1.2' });
    fixturePod(c, 'web-b', { ip: '10.244.1.3' });
    service(c, 'web', { selector: { app: 'web' }, type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] });
    must(c.api.create({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } }));
    c.control('kubeplay traffic start lb --to http://172.18.255.200/ --rps 10');
    c.control('kubeplay traffic start ing --to http://localhost/ --rps 10');
    c.advance(1500);
    const snap = c.snapshot();
    const restored = Cluster.restore(snap);
    for (const x of [c, restored]) x.advance(8000);
    const view = (x: Cluster) => [
      x.kubectl('get svc,ep,ing').stdout,
      JSON.stringify(x.service<TrafficGenerator>(TRAFFIC_SERVICE)!.clients()),
      JSON.stringify(x.list('/Event', 'default').map((e) => `${e.reason} ${e.count}`)),
    ];
    expect(view(restored)).toEqual(view(c));
    expect(view(c)[0]).toContain('172.18.255.200');
    expect(view(c)[0]).toContain('localhost');
  });
});
