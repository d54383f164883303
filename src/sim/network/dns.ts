// Cluster DNS as CoreDNS's kubernetes plugin answers it (kind's Corefile: zone cluster.local,
// `pods insecure`, `ttl 30`, `loadbalance`), plus the resolver side of a pod: /etc/resolv.conf
// with `search <ns>.svc.cluster.local svc.cluster.local cluster.local` and `ndots:5`.
//
// - `svc.ns.svc.cluster.local`: A = the ClusterIP; for a headless Service, one A per ready
//   endpoint; for an ExternalName Service, a CNAME to the external name.
// - `host.svc.ns.svc.cluster.local`: a headless endpoint by hostname (StatefulSet pods with a
//   subdomain: `web-0.nginx.default.svc.cluster.local`) or by dashed IP (`10-244-1-5.…`).
// - `_port._proto.svc.ns.svc.cluster.local`: SRV for named ports (one per endpoint when headless).
// - `1-2-3-4.ns.pod.cluster.local`: A 1.2.3.4.
// Endpoints come from EndpointSlices, as CoreDNS reads them. Names outside the cluster zone do
// not resolve (the simulated cluster has no internet).

import type { ObjectStore } from '../api/store';
import type { KObject } from '../api/types';
import { LABEL_SERVICE_NAME } from '../controllers/endpointsutil';

export const CLUSTER_DOMAIN = 'cluster.local';
export const DNS_SERVICE_IP = '10.96.0.10';
export const DNS_TTL = 30;

export type DnsRecord =
  | { name: string; type: 'A'; ttl: number; address: string }
  | { name: string; type: 'CNAME'; ttl: number; target: string }
  | { name: string; type: 'SRV'; ttl: number; priority: number; weight: number; port: number; target: string };

export interface DnsAnswer {
  /** The fully qualified name that was asked (without the trailing dot). */
  name: string;
  rcode: 'NOERROR' | 'NXDOMAIN';
  records: DnsRecord[];
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

interface Endpoint {
  ip: string;
  hostname?: string;
  ready: boolean;
  ports: { name: string; port: number; protocol: string }[];
}

/** Ready endpoints of a Service from its EndpointSlices, deduplicated by IP, in IP order. */
export function serviceEndpoints(store: ObjectStore, svc: KObject): Endpoint[] {
  const byIP = new Map<string, Endpoint>();
  const slices = store.list('discovery.k8s.io/EndpointSlice', svc.metadata.namespace).filter((s) => s.metadata.labels?.[LABEL_SERVICE_NAME] === svc.metadata.name);
  for (const slice of slices) {
    const ports = (Array.isArray(slice.ports) ? slice.ports : []).map((p: Json) => ({ name: p?.name ?? '', port: p?.port, protocol: p?.protocol ?? 'TCP' }));
    for (const ep of Array.isArray(slice.endpoints) ? slice.endpoints : []) {
      const ready = ep?.conditions?.ready !== false;
      for (const ip of Array.isArray(ep?.addresses) ? ep.addresses : []) {
        if (byIP.has(ip)) continue;
        byIP.set(ip, { ip, hostname: ep.hostname, ready, ports });
      }
    }
  }
  return [...byIP.values()].sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
}

const dashed = (ip: string) => ip.replace(/\./g, '-');

/** Answers one query for a fully qualified name (no trailing dot) from the cluster zone. */
export function queryCluster(store: ObjectStore, fqdn: string, qtype: 'A' | 'SRV' = 'A'): DnsAnswer {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  const nx: DnsAnswer = { name, rcode: 'NXDOMAIN', records: [] };
  const empty: DnsAnswer = { name, rcode: 'NOERROR', records: [] };
  if (name !== CLUSTER_DOMAIN && !name.endsWith(`.${CLUSTER_DOMAIN}`)) return nx;
  const labels = name === CLUSTER_DOMAIN ? [] : name.slice(0, -(CLUSTER_DOMAIN.length + 1)).split('.');
  const kind = labels[labels.length - 1];
  if (labels.length === 0) return empty;
  if (kind === 'pod') {
    if (labels.length === 1) return empty;
    if (labels.length !== 3 || !store.get('/Namespace', undefined, labels[1])) return nx;
    const ip = labels[0].replace(/-/g, '.');
    return /^\d{1,3}(\.\d{1,3}){3}$/.test(ip) ? { name, rcode: 'NOERROR', records: [{ name, type: 'A', ttl: DNS_TTL, address: ip }] } : nx;
  }
  if (kind !== 'svc') return nx;
  if (labels.length === 1) return empty;
  const ns = labels[labels.length - 2];
  if (!store.get('/Namespace', undefined, ns)) return nx;
  if (labels.length === 2) return empty;
  const svcName = labels[labels.length - 3];
  const svc = store.get('/Service', ns, svcName);
  if (!svc) return nx;
  const rest = labels.slice(0, -3);
  const spec = svc.spec ?? {};
  const headless = spec.clusterIP === 'None';
  const svcFqdn = `${svcName}.${ns}.svc.${CLUSTER_DOMAIN}`;

  if (rest.length === 0) {
    if (spec.type === 'ExternalName') {
      return { name, rcode: 'NOERROR', records: [{ name, type: 'CNAME', ttl: DNS_TTL, target: String(spec.externalName ?? '').replace(/\.$/, '') }] };
    }
    if (qtype === 'SRV') return srvForService(store, svc, name, svcFqdn, undefined);
    if (!headless) return spec.clusterIP ? { name, rcode: 'NOERROR', records: [{ name, type: 'A', ttl: DNS_TTL, address: spec.clusterIP }] } : nx;
    const ready = serviceEndpoints(store, svc).filter((e) => e.ready);
    if (ready.length === 0) return nx;
    return { name, rcode: 'NOERROR', records: ready.map((e) => ({ name, type: 'A' as const, ttl: DNS_TTL, address: e.ip })) };
  }
  if (rest.length === 1 && headless) {
    const ep = serviceEndpoints(store, svc).find((e) => e.ready && (e.hostname === rest[0] || dashed(e.ip) === rest[0]));
    return ep ? { name, rcode: 'NOERROR', records: [{ name, type: 'A', ttl: DNS_TTL, address: ep.ip }] } : nx;
  }
  if (rest.length === 2 && rest[0].startsWith('_') && rest[1].startsWith('_')) {
    return srvForService(store, svc, name, svcFqdn, { port: rest[0].slice(1), protocol: rest[1].slice(1) });
  }
  return nx;
}

/** SRV records of a Service's named ports (one port when `want` names it). */
function srvForService(store: ObjectStore, svc: KObject, name: string, svcFqdn: string, want: { port: string; protocol: string } | undefined): DnsAnswer {
  const ports: Json[] = (Array.isArray(svc.spec?.ports) ? svc.spec.ports : []).filter(
    (p: Json) => p?.name && (!want || (p.name === want.port && String(p.protocol ?? 'TCP').toLowerCase() === want.protocol)),
  );
  if (ports.length === 0) return { name, rcode: 'NXDOMAIN', records: [] };
  const records: DnsRecord[] = [];
  if (svc.spec?.clusterIP !== 'None') {
    const weight = Math.floor(100 / ports.length);
    for (const p of ports) records.push({ name, type: 'SRV', ttl: DNS_TTL, priority: 0, weight, port: p.port, target: svcFqdn });
    return { name, rcode: 'NOERROR', records };
  }
  const eps = serviceEndpoints(store, svc).filter((e) => e.ready);
  const targets: { port: number; target: string }[] = [];
  for (const p of ports) {
    for (const e of eps) {
      const ep = e.ports.find((x) => x.name === p.name);
      if (ep) targets.push({ port: ep.port, target: `${e.hostname ?? dashed(e.ip)}.${svcFqdn}` });
    }
  }
  if (targets.length === 0) return { name, rcode: 'NXDOMAIN', records: [] };
  const weight = Math.max(1, Math.floor(100 / targets.length));
  for (const t of targets) records.push({ name, type: 'SRV', ttl: DNS_TTL, priority: 0, weight, port: t.port, target: t.target });
  return { name, rcode: 'NOERROR', records };
}

/** A client's resolver configuration (what /etc/resolv.conf holds). */
export interface ResolverConfig {
  /** Whether the cluster DNS (10.96.0.10) is the nameserver. */
  clusterDNS: boolean;
  search: string[];
  ndots: number;
}

/** The resolver a pod gets from its dnsPolicy (ClusterFirst, ClusterFirstWithHostNet, Default, None). */
export function podResolver(pod: KObject | undefined, namespace = 'default'): ResolverConfig {
  const ns = pod?.metadata.namespace ?? namespace;
  const clusterSearch = [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
  const policy = pod?.spec?.dnsPolicy ?? 'ClusterFirst';
  const hostNetwork = pod?.spec?.hostNetwork === true;
  if (policy === 'Default' || (policy === 'ClusterFirst' && hostNetwork)) return { clusterDNS: false, search: [], ndots: 1 };
  if (policy === 'None') {
    const cfg = pod?.spec?.dnsConfig ?? {};
    const ndots = Number((cfg.options ?? []).find((o: Json) => o?.name === 'ndots')?.value ?? 1);
    return { clusterDNS: (cfg.nameservers ?? []).includes(DNS_SERVICE_IP), search: cfg.searches ?? [], ndots };
  }
  const extra: string[] = Array.isArray(pod?.spec?.dnsConfig?.searches) ? pod!.spec.dnsConfig.searches : [];
  return { clusterDNS: true, search: [...clusterSearch, ...extra], ndots: 5 };
}

export interface LookupResult {
  /** The name that answered (or the last one tried). */
  name: string;
  rcode: 'NOERROR' | 'NXDOMAIN';
  records: DnsRecord[];
  /** Every name tried, in order, with its answer code. */
  tried: { name: string; rcode: 'NOERROR' | 'NXDOMAIN' }[];
}

/** The candidate names a resolver tries for `name` (search list and ndots, as glibc/musl do). */
export function candidateNames(name: string, cfg: ResolverConfig): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = name.split('.').length - 1;
  const searched = cfg.search.map((d) => `${name}.${d}`);
  return dots >= cfg.ndots ? [name, ...searched] : [...searched, name];
}

/** Resolves a name as a client with `cfg` would: search list first, CNAMEs followed in-zone. */
export function lookup(store: ObjectStore, name: string, cfg: ResolverConfig, qtype: 'A' | 'SRV' = 'A'): LookupResult {
  const tried: LookupResult['tried'] = [];
  if (!cfg.clusterDNS) {
    tried.push({ name: name.replace(/\.$/, ''), rcode: 'NXDOMAIN' });
    return { name: name.replace(/\.$/, ''), rcode: 'NXDOMAIN', records: [], tried };
  }
  let last: DnsAnswer = { name, rcode: 'NXDOMAIN', records: [] };
  for (const candidate of candidateNames(name.toLowerCase(), cfg)) {
    last = queryCluster(store, candidate, qtype);
    tried.push({ name: last.name, rcode: last.rcode });
    if (last.rcode === 'NOERROR' && last.records.length > 0) {
      const records = [...last.records];
      // Follow a CNAME that points back into the cluster zone.
      const cname = records.length === 1 && records[0].type === 'CNAME' ? records[0] : undefined;
      if (cname && qtype === 'A') {
        const target = queryCluster(store, cname.target, 'A');
        records.push(...target.records);
      }
      return { name: last.name, rcode: 'NOERROR', records, tried };
    }
  }
  return { name: last.name, rcode: last.rcode, records: [], tried };
}

/** The A-record addresses of a lookup (after CNAMEs). */
export function addressesOf(r: LookupResult): string[] {
  return r.records.filter((x): x is Extract<DnsRecord, { type: 'A' }> => x.type === 'A').map((x) => x.address);
}
