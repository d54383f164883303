// Services and traffic: the Endpoints, EndpointSlice and mirroring controllers
// (kube-controller-manager), the cloud load balancer (cloud-provider-kind), ingress-nginx, and the
// data plane — cluster DNS, kube-proxy, HTTP to container behaviours — offered as the `network`
// service, plus the traffic generator (`traffic`). See docs in each file.

import type { ControllerContext } from '../controllers/manager';
import { EndpointsController } from '../controllers/endpoints';
import { EndpointSliceController } from '../controllers/endpointslice';
import { EndpointSliceMirroringController } from '../controllers/endpointslicemirroring';
import { isStatus, type KObject } from '../api/types';
import type { Component, ComponentHost } from '../host';
import { Network } from './http';
import { IngressNginxController, ingressClassObject } from './ingress';
import { ServiceLoadBalancerController } from './loadbalancer';
import { PORT_FORWARD_SERVICE, PortForwards } from './portforward';
import { ServiceProxy, addNetworkIndexes } from './proxy';
import { TRAFFIC_SERVICE, TRAFFIC_TICK, TrafficGenerator } from './traffic';

export const NETWORK_SERVICE = 'network';
/** The kubelet's name for kube-proxy's routing (`src/sim/node/kubelet/network.ts`). */
export const SERVICE_PROXY_SERVICE = 'serviceProxy';

export { Network } from './http';
export type { HttpClientRef, HttpOptions, HttpOutcome, FailureReason } from './http';
export type { TrafficClient, TrafficRequest, TrafficClientSpec } from './traffic';
export { TrafficGenerator } from './traffic';
export type { TrafficClientStats } from './traffic';
export { PORT_FORWARD_SERVICE, PortForwards } from './portforward';

export function createNetworkComponents(): Component[] {
  let host: ComponentHost | undefined;
  return [
    {
      name: 'network',
      install(h) {
        host = h;
        // The host is the controllers' context (one shared `now`, see clusterhost.ts).
        const ctx: ControllerContext = h;
        const endpoints = new EndpointsController(ctx);
        const slices = new EndpointSliceController(ctx);
        h.registerController(endpoints);
        h.registerController(slices);
        h.registerController(new EndpointSliceMirroringController(ctx));
        h.registerState('endpoint-controller', endpoints.tracker);
        h.registerState('endpoint-slice-controller', slices.tracker);

        const lb = new ServiceLoadBalancerController(h);
        h.registerController(lb);
        h.registerState('service-controller', lb);
        const ingress = new IngressNginxController(h);
        h.registerController(ingress);
        h.registerState('ingress-nginx', ingress);

        addNetworkIndexes(h.store);
        const proxy = new ServiceProxy(h.store, h.rng, h);
        h.registerState('kube-proxy', proxy);
        h.provide(NETWORK_SERVICE, new Network(h, proxy));
        // The kubelet's pod networking asks `serviceProxy` where a connection to a ClusterIP goes.
        h.provide(SERVICE_PROXY_SERVICE, {
          route(clusterIP: string, port: number, fromNode: string) {
            const r = proxy.connect({ ip: `node/${fromNode}`, nodeName: fromNode }, clusterIP, port);
            return r.ok ? { ip: r.endpoint.ip, port: r.endpoint.port } : undefined;
          },
        });

        const traffic = new TrafficGenerator(h);
        h.registerState(TRAFFIC_SERVICE, traffic);
        h.provide(TRAFFIC_SERVICE, traffic);
        h.on(TRAFFIC_TICK, (d: { client: string; generation: number }) => traffic.tick(d), { background: true });

        // `kubectl port-forward` sessions on the client machine (localhost:PORT from outside).
        const forwards = new PortForwards(h);
        h.registerState(PORT_FORWARD_SERVICE, forwards);
        h.provide(PORT_FORWARD_SERVICE, forwards);
      },
      start() {
        if (!host) return;
        // What kind's cluster has besides the bootstrap: the API server's own `kubernetes`
        // EndpointSlice (its endpoint reconciler writes it next to the Endpoints) and the
        // IngressClass of the ingress controller.
        const ep = host.store.get('/Endpoints', 'default', 'kubernetes');
        if (ep && !host.store.get('discovery.k8s.io/EndpointSlice', 'default', 'kubernetes')) create(host, kubernetesSlice(ep));
        if (!host.store.get('networking.k8s.io/IngressClass', undefined, ingressClassObject().metadata.name!)) create(host, ingressClassObject());
      },
    },
  ];
}

function create(host: ComponentHost, o: KObject): void {
  const r = host.api.create(o);
  if (isStatus(r)) throw new Error(`network: ${o.kind} ${o.metadata.name}: ${r.message}`);
}

/** `endpointSliceFromEndpoints` (pkg/controlplane/reconcilers/endpointsadapter.go). */
function kubernetesSlice(ep: KObject): KObject {
  const subset = ep.subsets?.[0] ?? {};
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: (subset.addresses ?? []).map((a: { ip: string }) => ({ addresses: [a.ip], conditions: { ready: true } })),
    ports: (subset.ports ?? []).map((p: { name?: string; port: number; protocol?: string }) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
  };
}
