// kube-proxy in iptables mode, as seen by a connection (`pkg/proxy/iptables/proxier.go`,
// `pkg/proxy/topology.go`): a connection to a ClusterIP:port, a NodeIP:nodePort, a load-balancer
// or external IP picks one endpoint of the Service uniformly at random among the ready ones
// (falling back to serving-but-terminating endpoints when none is ready), honours
// `sessionAffinity: ClientIP` (the same client sticks to its endpoint for `timeoutSeconds`,
// refreshed on use) and `externalTrafficPolicy`/`internalTrafficPolicy: Local` (only endpoints on
// the receiving/client node; none means the packet is dropped). A Service without endpoints is
// REJECTed: connection refused. Rules follow the EndpointSlices at once (no sync-period lag).

import type { ObjectStore } from '../api/store';
import type { KObject } from '../api/types';
import type { Rng } from '../core/rng';
import { LABEL_SERVICE_NAME } from '../controllers/endpointsutil';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export interface ProxyEndpoint {
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
  pod?: { namespace: string; name: string };
}

export interface ProxyClient {
  ip: string;
  /** The node the connection enters (the client pod's node, or the node of a NodePort). */
  nodeName?: string;
}

export type ProxyVia = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalIP' | 'PodIP';

export type ConnectResult =
  | { ok: true; endpoint: ProxyEndpoint; service?: KObject; servicePort?: Json; via: ProxyVia }
  | { ok: false; reason: 'no-endpoints' | 'timeout'; service?: KObject; via?: ProxyVia; message: string };

interface AffinityEntry {
  endpoint: string;
  lastMs: number;
}

const IDX_SERVICE_IP = 'network.serviceIP';
const IDX_NODE_PORT = 'network.nodePort';
const IDX_SLICE_SERVICE = 'network.sliceService';
const IDX_POD_IP = 'network.podIP';

/** Registers the store indexes the proxy reads through (derived data, rebuilt from the store). */
export function addNetworkIndexes(store: ObjectStore): void {
  store.addIndex('/Service', IDX_SERVICE_IP, (s) => {
    const spec = s.spec ?? {};
    const ips: string[] = [];
    for (const ip of Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [spec.clusterIP]) if (typeof ip === 'string' && ip && ip !== 'None') ips.push(`cluster:${ip}`);
    for (const ip of Array.isArray(spec.externalIPs) ? spec.externalIPs : []) if (typeof ip === 'string') ips.push(`external:${ip}`);
    for (const ing of Array.isArray(s.status?.loadBalancer?.ingress) ? s.status.loadBalancer.ingress : []) if (typeof ing?.ip === 'string') ips.push(`lb:${ing.ip}`);
    return ips;
  });
  store.addIndex('/Service', IDX_NODE_PORT, (s) =>
    (Array.isArray(s.spec?.ports) ? s.spec.ports : []).filter((p: Json) => typeof p?.nodePort === 'number').map((p: Json) => String(p.nodePort)),
  );
  store.addIndex('discovery.k8s.io/EndpointSlice', IDX_SLICE_SERVICE, (s) => {
    const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
    return svc ? [`${s.metadata.namespace}/${svc}`] : [];
  });
  store.addIndex('/Pod', IDX_POD_IP, (p) => {
    const ip = p.status?.podIP;
    return typeof ip === 'string' && ip && p.spec?.hostNetwork !== true ? [ip] : [];
  });
}

export function podByIP(store: ObjectStore, ip: string): KObject | undefined {
  // Several pods can carry an IP briefly (a terminated pod and its successor); prefer a live one.
  const pods = store.byIndex('/Pod', IDX_POD_IP, ip);
  return pods.find((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running') ?? pods[0];
}

export function nodeByIP(store: ObjectStore, ip: string): KObject | undefined {
  return store.list('/Node').find((n) => (n.status?.addresses ?? []).some((a: Json) => a?.type === 'InternalIP' && a.address === ip));
}

export function nodeIP(node: KObject): string | undefined {
  return (node.status?.addresses ?? []).find((a: Json) => a?.type === 'InternalIP')?.address;
}

/** Every endpoint of one Service port from the Service's EndpointSlices, in `ip:port` order. */
export function endpointsForServicePort(store: ObjectStore, svc: KObject, svcPort: Json): ProxyEndpoint[] {
  const out = new Map<string, ProxyEndpoint>();
  const portName = svcPort?.name ?? '';
  const protocol = svcPort?.protocol ?? 'TCP';
  for (const slice of store.byIndex('discovery.k8s.io/EndpointSlice', IDX_SLICE_SERVICE, `${svc.metadata.namespace}/${svc.metadata.name}`)) {
    if (slice.addressType !== 'IPv4') continue;
    const sp = (Array.isArray(slice.ports) ? slice.ports : []).find((p: Json) => (p?.name ?? '') === portName && (p?.protocol ?? 'TCP') === protocol);
    if (!sp || typeof sp.port !== 'number') continue;
    for (const ep of Array.isArray(slice.endpoints) ? slice.endpoints : []) {
      const c = ep?.conditions ?? {};
      const ready = c.ready !== false;
      const serving = c.serving === undefined || c.serving === null ? ready : c.serving === true;
      const terminating = c.terminating === true;
      for (const ip of Array.isArray(ep?.addresses) ? ep.addresses : []) {
        const key = `${ip}:${sp.port}`;
        if (out.has(key)) continue;
        const ref = ep.targetRef?.kind === 'Pod' ? { namespace: ep.targetRef.namespace, name: ep.targetRef.name } : undefined;
        out.set(key, { ip, port: sp.port, ready, serving, terminating, nodeName: ep.nodeName, pod: ref });
      }
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/** `CategorizeEndpoints`: ready endpoints, or serving terminating ones when none is ready. */
export function usableEndpoints(all: ProxyEndpoint[], localNode?: string): ProxyEndpoint[] {
  const pool = localNode === undefined ? all : all.filter((e) => e.nodeName === localNode);
  const ready = pool.filter((e) => e.ready);
  return ready.length > 0 ? ready : pool.filter((e) => e.serving && e.terminating);
}

export class ServiceProxy {
  /** ClientIP affinity (`-m recent`): `ns/svc:port|clientIP` → endpoint `ip:port`. */
  private affinity: Record<string, AffinityEntry> = {};

  constructor(
    private readonly store: ObjectStore,
    private readonly rng: Rng,
    private readonly clock: { now(): number },
  ) {}

  /** Routes a TCP/UDP connection to `ip:port` as the node's iptables rules would. */
  connect(client: ProxyClient, ip: string, port: number, protocol = 'TCP'): ConnectResult {
    for (const [prefix, via] of [['cluster', 'ClusterIP'], ['lb', 'LoadBalancer'], ['external', 'ExternalIP']] as const) {
      for (const svc of this.store.byIndex('/Service', IDX_SERVICE_IP, `${prefix}:${ip}`)) {
        const sp = (svc.spec?.ports ?? []).find((p: Json) => p?.port === port && (p?.protocol ?? 'TCP') === protocol);
        if (!sp) continue;
        const local = via === 'ClusterIP' ? (svc.spec?.internalTrafficPolicy === 'Local' ? client.nodeName : undefined) : undefined;
        return this.toService(client, svc, sp, via, local);
      }
    }
    const node = nodeByIP(this.store, ip);
    if (node) {
      for (const svc of this.store.byIndex('/Service', IDX_NODE_PORT, String(port))) {
        const sp = (svc.spec?.ports ?? []).find((p: Json) => p?.nodePort === port && (p?.protocol ?? 'TCP') === protocol);
        if (!sp) continue;
        const local = svc.spec?.externalTrafficPolicy === 'Local' ? node.metadata.name : undefined;
        return this.toService({ ...client, nodeName: node.metadata.name }, svc, sp, 'NodePort', local);
      }
    }
    const pod = podByIP(this.store, ip);
    if (pod) {
      return { ok: true, via: 'PodIP', endpoint: { ip, port, ready: true, serving: true, terminating: !!pod.metadata.deletionTimestamp, nodeName: pod.spec?.nodeName, pod: { namespace: pod.metadata.namespace!, name: pod.metadata.name! } } };
    }
    if (node) return { ok: false, reason: 'timeout', message: `nothing listens on ${ip}:${port}` };
    return { ok: false, reason: 'timeout', message: `no route to ${ip}` };
  }

  /** One endpoint of a Service port (the ingress controller's pick: no affinity, no locality). */
  pickEndpoint(svc: KObject, svcPort: Json): ProxyEndpoint | undefined {
    const usable = usableEndpoints(endpointsForServicePort(this.store, svc, svcPort));
    return usable.length === 0 ? undefined : usable[this.rng.int(usable.length)];
  }

  private toService(client: ProxyClient, svc: KObject, sp: Json, via: ProxyVia, localNode: string | undefined): ConnectResult {
    const all = endpointsForServicePort(this.store, svc, sp);
    const candidates = usableEndpoints(all, localNode);
    if (candidates.length === 0) {
      // No endpoints at all: REJECT. Only remote ones under a Local policy: DROP (a timeout).
      if (localNode !== undefined && usableEndpoints(all).length > 0) {
        return { ok: false, reason: 'timeout', service: svc, via, message: `no local endpoints on ${localNode}` };
      }
      return { ok: false, reason: 'no-endpoints', service: svc, via, message: `service ${svc.metadata.namespace}/${svc.metadata.name} has no endpoints` };
    }
    let chosen: ProxyEndpoint | undefined;
    if (svc.spec?.sessionAffinity === 'ClientIP') {
      const timeoutMs = (svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) * 1000;
      const key = `${svc.metadata.namespace}/${svc.metadata.name}:${sp.name ?? ''}|${client.ip}`;
      const entry = this.affinity[key];
      const nowMs = this.clock.now();
      if (entry && nowMs - entry.lastMs <= timeoutMs) chosen = candidates.find((e) => `${e.ip}:${e.port}` === entry.endpoint);
      chosen ??= candidates[this.rng.int(candidates.length)];
      this.affinity[key] = { endpoint: `${chosen.ip}:${chosen.port}`, lastMs: nowMs };
    } else {
      chosen = candidates[this.rng.int(candidates.length)];
    }
    return { ok: true, endpoint: chosen, service: svc, servicePort: sp, via };
  }

  snapshot(): unknown {
    // Expired entries are reaped (`--reap`); the longest possible timeout is a day.
    const nowMs = this.clock.now();
    const out: Record<string, AffinityEntry> = {};
    for (const k of Object.keys(this.affinity).sort()) if (nowMs - this.affinity[k].lastMs <= 86_400_000) out[k] = { ...this.affinity[k] };
    return out;
  }

  restore(data: unknown): void {
    this.affinity = { ...((data ?? {}) as Record<string, AffinityEntry>) };
  }
}
