// HTTP requests end to end: the client's resolver (cluster DNS with its pod's search path), the
// service proxy (ClusterIP / NodePort / load balancer / pod IP) or the ingress controller
// (localhost:80/443, the control-plane node's ports 80/443, or any host an Ingress names), a
// `kubectl port-forward` listening on the client machine (localhost:PORT from outside only), and
// finally the answering pod's container behaviour (backends.ts). Offered as the `network`
// service; `kubectl exec … -- curl/wget` and the traffic generator go through `request`.
//
// A client is a pod (`{namespace, name}`), or null for a client outside the cluster: the
// machine running kind (172.18.0.1 on the kind network), which is given cluster DNS with the
// search path of `namespace` so that `http://web` works from transcripts and the UI.

import type { KObject } from '../api/types';
import type { ComponentHost } from '../host';
import { NODE_AGENTS_SERVICE, type NodeAgents } from '../node/agent';
import { podHttpAnswer } from './backends';
import { addressesOf, lookup, podResolver, type LookupResult, type ResolverConfig } from './dns';
import { INGRESS_ADDRESS, ingressHosts, nginxErrorPage, route } from './ingress';
import { PORT_FORWARD_SERVICE, type PortForwards } from './portforward';
import { nodeIP, podByIP, type ProxyEndpoint, type ProxyVia, ServiceProxy } from './proxy';

/** The kind network's gateway: where requests from outside the cluster come from. */
export const EXTERNAL_CLIENT_IP = '172.18.0.1';
/** How long a client waits for a connection that is never answered. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** ingress-nginx's `proxy-connect-timeout` before it answers 504. */
const INGRESS_CONNECT_TIMEOUT_MS = 5_000;
const HOP_MS = 1;

export interface HttpClientRef {
  namespace: string;
  name: string;
}

export interface HttpOptions {
  body?: string;
  headers?: Record<string, string>;
  userAgent?: string;
  /** For a client outside the cluster: the namespace whose search path resolves short names. */
  namespace?: string;
  timeoutMs?: number;
}

/** `empty-reply`: a port-forward accepted the connection, then its session ended (curl's exit 52). */
export type FailureReason = 'resolve' | 'no-endpoints' | 'refused' | 'pod-terminating' | 'timeout' | 'client' | 'bad-url' | 'empty-reply';

export interface HttpOutcome {
  /** The HTTP status; undefined when the connection failed. */
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Failure as the shell's curl/wget sees it (connection refused, name not resolved, timeout). */
  reason?: 'refused' | 'resolve' | 'timeout';
  /** Why the request failed, in the traffic generator's terms. */
  failure?: FailureReason;
  message?: string;
  /** The address connected to (after DNS) and the port. */
  ip?: string;
  port: number;
  host: string;
  pod?: { namespace: string; name: string };
  nodeName?: string;
  /** `namespace/name` of the Service that routed the request. */
  service?: string;
  ingress?: string;
  via?: ProxyVia | 'Ingress' | 'PortForward';
  latencyMs: number;
  clientIP: string;
}

interface ParsedUrl {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  path: string;
}

export function parseUrl(raw: string): ParsedUrl | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#\s]+)(?::(\d+))?([/?][^#\s]*)?$/i.exec(raw.trim());
  if (!m) return undefined;
  const scheme = (m[1]?.toLowerCase() ?? 'http') as 'http' | 'https';
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  const path = m[4] ? (m[4].startsWith('?') ? `/${m[4]}` : m[4]) : '/';
  return { scheme, host: m[2].toLowerCase(), port, path };
}

interface ClientCtx {
  ip: string;
  nodeName?: string;
  pod?: KObject;
  resolver: ResolverConfig;
}

const isIPv4 = (s: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s);

export class Network {
  constructor(
    private readonly host: ComponentHost,
    readonly proxy: ServiceProxy,
  ) {}

  /** The brief's `httpGet`: a GET from a pod (or from outside) with optional headers. */
  httpGet(from: HttpClientRef | null, url: string, headers?: Record<string, string>): HttpOutcome {
    return this.request(from, 'GET', url, { headers });
  }

  /** Resolves a name as the client would (search path, ndots). */
  resolve(from: HttpClientRef | null, name: string, qtype: 'A' | 'SRV' = 'A', namespace = 'default'): LookupResult {
    const c = this.client(from, namespace);
    const resolver = 'error' in c ? podResolver(undefined, namespace) : c.resolver;
    return lookup(this.host.store, name, resolver, qtype);
  }

  request(from: HttpClientRef | null, method: string, url: string, opts: HttpOptions = {}): HttpOutcome {
    const u = parseUrl(url);
    const c = this.client(from, opts.namespace ?? 'default');
    const base = { port: u?.port ?? 80, host: u?.host ?? url, clientIP: 'error' in c ? '' : c.ip };
    if ('error' in c) return { ...base, reason: 'refused', failure: 'client', message: c.error, latencyMs: 0 };
    if (!u) return { ...base, reason: 'resolve', failure: 'bad-url', message: `URL rejected: Malformed input to a URL function`, latencyMs: 0 };
    const headers = opts.headers ?? {};
    const hostHeader = headers.Host ?? headers.host ?? u.host;
    const timeoutMs = opts.timeoutMs ?? CONNECT_TIMEOUT_MS;
    const fail = (failure: FailureReason, message: string, extra: Partial<HttpOutcome> = {}): HttpOutcome => ({
      ...base, ...extra, failure, message,
      reason: failure === 'resolve' ? 'resolve' : failure === 'timeout' ? 'timeout' : 'refused',
      latencyMs: failure === 'timeout' ? timeoutMs : HOP_MS,
    });
    const req = { method, path: u.path, body: opts.body, headers, userAgent: opts.userAgent ?? 'curl/8.11.1' };

    // Where the name points.
    let ip: string | undefined;
    const external = !c.pod;
    const loopback = u.host === 'localhost' || u.host.endsWith('.localhost') || /^127\./.test(u.host);
    if (external && loopback) {
      // The machine running kind: ports 80/443 are ingress-nginx's port mappings, any other port
      // is whatever `kubectl port-forward` listens there (or nothing: refused).
      if (u.port === 80 || u.port === 443) return this.viaIngress(c, u.scheme, hostHeader, req, base, isIPv4(u.host) ? u.host : INGRESS_ADDRESS, timeoutMs);
      return this.viaPortForward(isIPv4(u.host) ? u.host : 'localhost', req, base, timeoutMs);
    }
    if (isIPv4(u.host)) ip = u.host;
    else if (u.host === 'localhost' || u.host.endsWith('.localhost')) {
      ip = '127.0.0.1';
    } else {
      const r = lookup(this.host.store, u.host, c.resolver, 'A');
      const ips = addressesOf(r);
      if (ips.length > 0) ip = ips.length === 1 ? ips[0] : ips[this.host.rng.int(ips.length)];
      else if (external && ingressHosts(this.host.store).has(u.host)) return this.viaIngress(c, u.scheme, hostHeader, req, base, u.host, timeoutMs);
      else return fail('resolve', `Could not resolve host: ${u.host}`);
    }
    if (ip === '127.0.0.1' && c.pod) {
      // Loopback inside a pod: its own containers.
      const own: ProxyEndpoint = { ip: c.ip, port: u.port, ready: true, serving: true, terminating: false, nodeName: c.nodeName, pod: { namespace: c.pod.metadata.namespace!, name: c.pod.metadata.name! } };
      return this.fromEndpoint(c, own, req, { ...base, ip }, 'PodIP', undefined, timeoutMs);
    }
    const cp = this.host.store.list('/Node').find((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined);
    if (cp && ip === nodeIP(cp) && (u.port === 80 || u.port === 443)) return this.viaIngress(c, u.scheme, hostHeader, req, { ...base, ip }, ip, timeoutMs);

    const conn = this.proxy.connect({ ip: c.ip, nodeName: c.nodeName }, ip, u.port);
    const svcName = conn.service ? `${conn.service.metadata.namespace}/${conn.service.metadata.name}` : undefined;
    if (!conn.ok) {
      const failure = conn.reason === 'no-endpoints' ? 'no-endpoints' : 'timeout';
      return fail(failure, failure === 'timeout' ? `Failed to connect to ${u.host} port ${u.port} after ${timeoutMs} ms: Timeout was reached` : `Failed to connect to ${u.host} port ${u.port} after 0 ms: Couldn't connect to server`, { ip, service: svcName, via: conn.via });
    }
    return this.fromEndpoint(c, conn.endpoint, req, { ...base, ip, service: svcName }, conn.via, svcName, timeoutMs);
  }

  private client(from: HttpClientRef | null, namespace: string): ClientCtx | { error: string } {
    if (!from) return { ip: EXTERNAL_CLIENT_IP, resolver: podResolver(undefined, namespace) };
    const pod = this.host.store.get('/Pod', from.namespace, from.name);
    if (!pod) return { error: `pod ${from.namespace}/${from.name} not found` };
    const ip = pod.status?.podIP;
    if (!ip || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return { error: `pod ${from.namespace}/${from.name} is not running` };
    return { ip, nodeName: pod.spec?.nodeName, pod, resolver: podResolver(pod) };
  }

  /** The answer of the pod behind an endpoint (its node must be up, its container listening). */
  private fromEndpoint(
    c: ClientCtx, ep: ProxyEndpoint, req: { method: string; path: string; body?: string; headers: Record<string, string>; userAgent: string },
    base: Omit<HttpOutcome, 'latencyMs'>, via: ProxyVia | 'Ingress', svcName: string | undefined, timeoutMs: number,
  ): HttpOutcome {
    const pod = ep.pod ? this.host.store.get('/Pod', ep.pod.namespace, ep.pod.name) : podByIP(this.host.store, ep.ip);
    const where = { ...base, via, service: svcName, pod: ep.pod, nodeName: ep.nodeName ?? pod?.spec?.nodeName };
    const agents = this.host.service<NodeAgents>(NODE_AGENTS_SERVICE);
    const node = where.nodeName;
    const target = `${base.host} port ${base.port}`;
    if (node && agents && !agents.get(node).powered) {
      return { ...where, reason: 'timeout', failure: 'timeout', message: `Failed to connect to ${target} after ${timeoutMs} ms: Timeout was reached`, latencyMs: timeoutMs };
    }
    if (!pod && !ep.pod) {
      // An address outside the cluster (hand-written Endpoints): nothing routes there.
      return { ...where, reason: 'timeout', failure: 'timeout', message: `Failed to connect to ${target} after ${timeoutMs} ms: Timeout was reached`, latencyMs: timeoutMs };
    }
    if (!pod) {
      // The pod is gone but the rules still point at it (the slice update is a few ms behind).
      return { ...where, reason: 'refused', failure: ep.terminating ? 'pod-terminating' : 'refused', message: `Failed to connect to ${target} after 0 ms: Couldn't connect to server`, latencyMs: HOP_MS };
    }
    const answer = podHttpAnswer(this.host, { pod, port: ep.port, ...req, clientIP: c.ip });
    if (answer.kind === 'refused') {
      const failure = pod.metadata.deletionTimestamp ? 'pod-terminating' : 'refused';
      return { ...where, reason: 'refused', failure, message: `Failed to connect to ${target} after 0 ms: Couldn't connect to server`, latencyMs: HOP_MS };
    }
    if (answer.kind === 'timeout') {
      return { ...where, reason: 'timeout', failure: 'timeout', message: `Operation timed out after ${timeoutMs} milliseconds with 0 bytes received`, latencyMs: timeoutMs };
    }
    return { ...where, status: answer.status, body: answer.body, headers: answer.headers, latencyMs: HOP_MS + (via === 'Ingress' ? HOP_MS : 0) + (answer.latencyMs ?? 0) };
  }

  /**
   * Through a `kubectl port-forward` session on the client machine: always its one pod (chosen
   * when kubectl started, even for `svc/NAME`), on the pod's own localhost:REMOTE.
   */
  private viaPortForward(
    address: string, req: { method: string; path: string; body?: string; headers: Record<string, string>; userAgent: string },
    base: Omit<HttpOutcome, 'latencyMs'>, timeoutMs: number,
  ): HttpOutcome {
    const at = { ...base, ip: address === 'localhost' ? '127.0.0.1' : address, via: 'PortForward' as const };
    const target = `${base.host} port ${base.port}`;
    const pf = this.host.service<PortForwards>(PORT_FORWARD_SERVICE);
    const session = pf?.listening(address, base.port);
    if (!pf || !session) return { ...at, reason: 'refused', failure: 'refused', message: `Failed to connect to ${target} after 0 ms: Couldn't connect to server`, latencyMs: HOP_MS };
    const o = pf.connect(session, base.port, req);
    const pod = this.host.store.get('/Pod', session.namespace, session.pod);
    const where = { ...at, pod: { namespace: session.namespace, name: session.pod }, nodeName: pod?.spec?.nodeName as string | undefined };
    if (o.kind === 'closed') return { ...where, reason: 'refused', failure: 'empty-reply', message: 'Empty reply from server', latencyMs: HOP_MS };
    if (o.kind === 'timeout') return { ...where, reason: 'timeout', failure: 'timeout', message: `Operation timed out after ${timeoutMs} milliseconds with 0 bytes received`, latencyMs: timeoutMs };
    // Two hops: kubectl → API server → kubelet streaming, then the pod.
    return { ...where, status: o.answer.status, body: o.answer.body, headers: o.answer.headers, latencyMs: 2 * HOP_MS + (o.answer.latencyMs ?? 0) };
  }

  /** ingress-nginx: route by Host and path, then proxy to one endpoint of the backend Service. */
  private viaIngress(
    c: ClientCtx, scheme: 'http' | 'https', hostHeader: string, req: { method: string; path: string; body?: string; headers: Record<string, string>; userAgent: string },
    base: Omit<HttpOutcome, 'latencyMs'>, ip: string, timeoutMs: number,
  ): HttpOutcome {
    void timeoutMs;
    const at = { ...base, ip: isIPv4(ip) ? ip : '127.0.0.1', via: 'Ingress' as const };
    const nginx = (status: number, extra: Partial<HttpOutcome> = {}, latencyMs = HOP_MS): HttpOutcome => ({ ...at, ...extra, status, body: nginxErrorPage(status), latencyMs });
    const r = route(this.host.store, scheme, hostHeader, req.path);
    if (r.kind === 'not-found') return nginx(404);
    if (r.kind === 'redirect') return nginx(308, { headers: { Location: r.location }, ingress: `${r.ingress.metadata.namespace}/${r.ingress.metadata.name}` });
    const ingress = `${r.backend.ingress.metadata.namespace}/${r.backend.ingress.metadata.name}`;
    const ref = r.backend.service;
    const svc = ref ? this.host.store.get('/Service', r.namespace, ref.name) : undefined;
    const sp = svc?.spec?.ports?.find((p: { port?: number; name?: string }) => (ref?.port?.number !== undefined ? p.port === ref.port.number : p.name === ref?.port?.name));
    if (!svc || !sp) return nginx(503, { ingress });
    const svcName = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const ep = this.proxy.pickEndpoint(svc, sp);
    if (!ep) return nginx(503, { ingress, service: svcName });
    const out = this.fromEndpoint(c, ep, req, at, 'Ingress', svcName, INGRESS_CONNECT_TIMEOUT_MS);
    if (out.status !== undefined) return { ...out, ingress };
    const status = out.failure === 'timeout' ? 504 : 502;
    return { ...nginx(status, { ingress, service: svcName, pod: out.pod, nodeName: out.nodeName }, out.failure === 'timeout' ? INGRESS_CONNECT_TIMEOUT_MS : HOP_MS), failure: undefined };
  }
}
