// Pod networking as the kubelet and CNI see it: pod IPs from the node's podCIDR (host-local
// IPAM: the next free address after the last one handed out), and HTTP between containers —
// localhost, pod IPs, pod and Service DNS names. Services are routed to a ready endpoint unless
// another component offers the `serviceProxy` service (kube-proxy).
import { BoundedMap } from '../../core/boundedmap';
import type { KObject } from '../../api/types';
import type { HttpResult } from '../runtime/shell/interp';
import type { ContainerRecord } from '../runtime/runtime';
import type { Kubelets } from './kubelet';
import type { NodeKubeletState } from './state';

/** The cluster network (src/sim/network), when installed: DNS, kube-proxy, ingress, pod backends. */
interface NetworkService {
  request(from: { namespace: string; name: string } | null, method: string, url: string, opts: { body?: string; userAgent?: string }): { status?: number; body?: string; reason?: 'refused' | 'resolve' | 'timeout'; ip?: string };
}
const NETWORK_SERVICE = 'network';

/** What kube-proxy offers: where a connection to a Service IP:port goes. */
export interface ServiceProxy {
  route(clusterIP: string, port: number, fromNode: string): { ip: string; port: number } | undefined;
}
export const SERVICE_PROXY_SERVICE = 'serviceProxy';

/** `10.244.1.0/24` → `10.244.1.` */
function cidrPrefix(node: KObject | undefined): string | undefined {
  const raw: unknown = node?.spec?.podCIDR;
  if (!raw) return undefined;
  const cidr = String(raw);
  // One answer per CIDR string (one per node): asked for every pod IP handed out and every probe.
  let prefix = cidrPrefixes.get(cidr);
  if (prefix === undefined) {
    const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(cidr);
    cidrPrefixes.set(cidr, (prefix = m ? `${m[1]}.` : null));
  }
  return prefix ?? undefined;
}

/** podCIDR → its `a.b.c.` prefix (null: not a /24). Bounded: emptied when full. */
const cidrPrefixes = new BoundedMap<string, string | null>(10_000);

/** The /24 a node without a podCIDR hands pod IPs out of (shared by every such node). */
export const FALLBACK_POD_PREFIX = '10.244.99.';

export function allocateIP(ns: NodeKubeletState, nodeObj: KObject | undefined, podUid: string): string {
  const prefix = cidrPrefix(nodeObj) ?? FALLBACK_POD_PREFIX;
  for (let i = 1; i <= 253; i++) {
    const idx = ((ns.lastIpIndex - 2 + i) % 253) + 2;
    const ip = `${prefix}${idx}`;
    if (!ns.ips[ip]) {
      ns.ips[ip] = podUid;
      ns.lastIpIndex = idx;
      return ip;
    }
  }
  return `${prefix}254`;
}

export function releaseIP(ns: NodeKubeletState, ip: string | undefined, podUid: string): void {
  if (ip && ns.ips[ip] === podUid) delete ns.ips[ip];
}

/** The gateway address probes come from (`10.244.1.1`). */
export function gatewayIP(nodeObj: KObject | undefined): string {
  return `${cidrPrefix(nodeObj) ?? FALLBACK_POD_PREFIX}1`;
}

export function nodeInternalIP(nodeObj: KObject | undefined): string {
  return nodeObj?.status?.addresses?.find((a: { type: string }) => a.type === 'InternalIP')?.address ?? '';
}

/** Resolves a DNS name the way a pod's resolv.conf search path would. */
function resolveName(k: Kubelets, host: string, namespace: string): string | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
  if (host === 'localhost') return '127.0.0.1';
  const parts = host.replace(/\.$/, '').replace(/\.cluster\.local$/, '').split('.');
  const store = k.host.store;
  // service[.ns[.svc]] and pod-hostname.subdomain[.ns[.svc]]
  const [a, b, c] = parts;
  const ns = b && b !== 'svc' ? (c === undefined || c === 'svc' ? b : undefined) : namespace;
  if (parts.length <= 3 && ns) {
    const svc = store.get('/Service', ns, a);
    if (svc?.spec?.clusterIP && svc.spec.clusterIP !== 'None') return svc.spec.clusterIP;
    if (svc) return readyPodsFor(k, svc)[0]?.status?.podIP;
  }
  if (parts.length >= 2) {
    const subNs = parts[2] && parts[2] !== 'svc' ? parts[2] : namespace;
    const pod = store.list('/Pod', subNs).find((p) => p.spec?.hostname === a && p.spec?.subdomain === b);
    if (pod?.status?.podIP) return pod.status.podIP;
  }
  return undefined;
}

function readyPodsFor(k: Kubelets, svc: KObject): KObject[] {
  const sel: Record<string, string> | undefined = svc.spec?.selector;
  if (!sel || Object.keys(sel).length === 0) return [];
  return k.host.store.list('/Pod', svc.metadata.namespace).filter((p) =>
    Object.entries(sel).every(([key, v]) => p.metadata.labels?.[key] === v) &&
    !p.metadata.deletionTimestamp && p.status?.podIP &&
    (p.status?.conditions ?? []).some((cd: { type: string; status: string }) => cd.type === 'Ready' && cd.status === 'True'));
}

/** A Service IP:port → a pod IP:port (kube-proxy if present, else a ready endpoint in turn). */
function routeService(k: Kubelets, ip: string, port: number, fromNode: string): { ip: string; port: number } | 'timeout' | undefined {
  const svc = k.host.store.list('/Service').find((s) => s.spec?.clusterIP === ip);
  if (!svc) return undefined;
  const proxy = k.host.service<ServiceProxy>(SERVICE_PROXY_SERVICE);
  if (proxy) return proxy.route(ip, port, fromNode) ?? 'timeout';
  const sp = (svc.spec.ports ?? []).find((p: { port: number }) => p.port === port);
  if (!sp) return 'timeout';
  const pods = readyPodsFor(k, svc);
  if (pods.length === 0) return 'timeout';
  const pod = pods[k.host.rng.int(pods.length)];
  let target = sp.targetPort ?? sp.port;
  if (typeof target === 'string') {
    const named = (pod.spec.containers ?? []).flatMap((c: { ports?: { name?: string; containerPort: number }[] }) => c.ports ?? []).find((p: { name?: string }) => p.name === target);
    target = named?.containerPort ?? 0;
  }
  return { ip: pod.status.podIP, port: Number(target) };
}

/** HTTP from a container (curl, wget) to a URL; `url` is `http://host:port/path`. */
export function httpFrom(k: Kubelets, from: ContainerRecord | undefined, fromNode: string, namespace: string, method: string, url: string, body: string | undefined, atMs: number, userAgent: string): HttpResult {
  const m = /^http:\/\/([^/:]+):(\d+)(.*)$/.exec(url);
  if (!m) return { reason: 'resolve' };
  const [, host, portStr, path] = m;
  const net = k.host.service<NetworkService>(NETWORK_SERVICE);
  const ps = from ? k.podByUid(from.podUid) : undefined;
  if (net && ps && host !== 'localhost' && host !== '127.0.0.1') {
    const r = net.request({ namespace: ps.namespace, name: ps.name }, method, url, { body, userAgent });
    return { status: r.status, body: r.body, reason: r.reason, ip: r.ip };
  }
  let ip = resolveName(k, host, namespace);
  if (!ip) return { reason: 'resolve' };
  let port = Number(portStr);
  const routed = routeService(k, ip, port, fromNode);
  if (routed === 'timeout') return { reason: 'timeout', ip };
  if (routed) ({ ip, port } = routed);
  const req = { method, path: path || '/', body, userAgent };
  if (ip === '127.0.0.1' && from) {
    const target = k.runtime.eval.env.podContainers(from.podUid).find((c) => k.runtime.eval.listens(c, port, atMs));
    if (!target) return { reason: 'refused', ip };
    return k.runtime.http(target, port, req, atMs, '127.0.0.1');
  }
  const found = k.podByIP(ip);
  if (!found) return /^10\.244\./.test(ip) ? { reason: 'timeout', ip } : { reason: 'refused', ip };
  if (!k.agents.get(found.node).powered) return { reason: 'timeout', ip };
  const target = found.containers.find((c) => k.runtime.eval.listens(c, port, atMs));
  if (!target) return { reason: 'refused', ip };
  const clientIp = from?.spec.podIP || '10.244.0.1';
  return k.runtime.http(target, port, req, atMs, clientIp);
}
