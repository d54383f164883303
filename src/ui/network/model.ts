// Pure model of the Network view: Ingresses → Services → endpoint pods (grouped by node), with
// the traffic generators on the left. Services show what `kubectl get svc` shows (type,
// CLUSTER-IP, PORT(S)) and their ready / not-ready endpoint counts, read from the EndpointSlices
// kube-proxy routes by (a terminating endpoint counts as not ready). Past POD_LIMIT endpoint
// pods, a node's pods are drawn as one count badge per Service instead of one box per pod.

import type { KObject } from '../../sim/api/types';
import type { ObjectEntry, TrafficClientTotals } from '../../worker/protocol';
import { compareNames } from '../graph/layout';
import { podStatusText, podTone, type PodTone } from '../kube/pods';
import type { LabelMatch } from '../views/labelFilter';

export const POD_LIMIT = 150;

export interface GeneratorView {
  name: string;
  url: string;
  rps: number;
  running: boolean;
  sent: number;
  succeeded: number;
  /** 0–100, one decimal; null before the first request. */
  successRate: number | null;
  /** Failure reasons, most frequent first. */
  failures: { reason: string; count: number }[];
  /** Where its requests enter: `ing:ns/name` or `svc:ns/name`, when known. */
  target?: string;
}

export interface IngressView {
  key: string;
  uid: string;
  name: string;
  namespace: string;
  /** `host/path` rules, `*` for any host. */
  rules: string[];
  address?: string;
  /** Backend Service keys (`ns/name`). */
  services: string[];
}

export interface ServiceView {
  key: string;
  uid: string;
  name: string;
  namespace: string;
  type: string;
  clusterIP: string;
  /** As `kubectl get svc` prints PORT(S): `80/TCP`, `80:30080/TCP`. */
  ports: string;
  externalName?: string;
  ready: number;
  notReady: number;
}

export interface EndpointView {
  /** Service key. */
  service: string;
  /** Pod key (`ns/name`). */
  pod: string;
  ready: boolean;
  terminating: boolean;
}

export interface PodView {
  key: string;
  uid: string;
  name: string;
  namespace: string;
  status: string;
  tone: PodTone;
  /** Requests this pod answered, over all generators. */
  answers: number;
}

export interface NodeGroupView {
  /** Node name, or `(no node)`. */
  name: string;
  pods: PodView[];
  /** Set instead of per-pod views at scale: endpoint counts per Service on this node. */
  counts?: { service: string; ready: number; notReady: number; answers: number }[];
}

export interface NetworkModel {
  generators: GeneratorView[];
  ingresses: IngressView[];
  services: ServiceView[];
  endpoints: EndpointView[];
  nodes: NodeGroupView[];
  /** Pods drawn as counts per node (too many to draw one by one). */
  aggregated: boolean;
  /** Endpoint pod key → its node's name. */
  podNode: Map<string, string>;
}

export interface NetworkFilter {
  namespace?: string;
  search?: string;
  labels?: LabelMatch;
}

const SYSTEM = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage', 'ingress-nginx']);
const byKey = (a: { key: string }, b: { key: string }) => compareNames(a.key, b.key);
const keyOf = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

export function buildNetwork(objects: Record<string, ObjectEntry>, clients: readonly TrafficClientTotals[], targets: ReadonlyMap<string, string> = new Map(), filter: NetworkFilter = {}): NetworkModel {
  const pods = new Map<string, KObject>();
  const svcs: KObject[] = [];
  const ings: KObject[] = [];
  const slices: KObject[] = [];
  for (const e of Object.values(objects)) {
    const o = e.object;
    if (e.kindKey === '/Pod') pods.set(keyOf(o), o);
    else if (e.kindKey === '/Service') svcs.push(o);
    else if (e.kindKey === 'networking.k8s.io/Ingress') ings.push(o);
    else if (e.kindKey === 'discovery.k8s.io/EndpointSlice') slices.push(o);
  }
  const q = (filter.search ?? '').trim().toLowerCase();
  const inNs = (o: KObject) => (filter.namespace ? o.metadata.namespace === filter.namespace : !SYSTEM.has(o.metadata.namespace ?? ''));
  const podShown = (p: KObject | undefined) => !!p && (!filter.labels || filter.labels(p.metadata.labels));

  // Endpoints per Service from its EndpointSlices (label kubernetes.io/service-name). Every
  // endpoint counts (the `kubernetes` Service's are the API server's address, no pod); those
  // backed by a pod also get an edge to it.
  const eps = new Map<string, EndpointView[]>();
  const counts = new Map<string, { ready: number; notReady: number }>();
  for (const s of slices) {
    const svc = s.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const key = `${s.metadata.namespace}/${svc}`;
    const list = eps.get(key) ?? [];
    const c = counts.get(key) ?? { ready: 0, notReady: 0 };
    for (const ep of (s.endpoints ?? []) as { addresses?: string[]; conditions?: { ready?: boolean; terminating?: boolean }; targetRef?: { kind?: string; name?: string; namespace?: string } }[]) {
      const ready = ep.conditions?.ready !== false;
      const pod = ep.targetRef?.kind === 'Pod' && ep.targetRef.name ? `${ep.targetRef.namespace ?? s.metadata.namespace}/${ep.targetRef.name}` : undefined;
      // Dual-stack Services have one slice per address family: count a pod once.
      if (pod && list.some((x) => x.pod === pod)) continue;
      if (ready) c.ready++;
      else c.notReady++;
      if (pod) list.push({ service: key, pod, ready, terminating: ep.conditions?.terminating === true });
    }
    eps.set(key, list);
    counts.set(key, c);
  }

  const answers = new Map<string, number>();
  for (const c of clients) for (const [pod, n] of Object.entries(c.byPod)) answers.set(pod, (answers.get(pod) ?? 0) + n);

  const services: ServiceView[] = [];
  const endpoints: EndpointView[] = [];
  for (const s of svcs) {
    if (!inNs(s)) continue;
    const key = keyOf(s);
    const all = eps.get(key) ?? [];
    const shownEps = all.filter((e) => podShown(pods.get(e.pod)));
    const matchesSelf = !filter.labels || filter.labels(s.metadata.labels);
    if (filter.labels && !matchesSelf && shownEps.length === 0) continue;
    if (q && !(s.metadata.name ?? '').toLowerCase().includes(q) && !shownEps.some((e) => e.pod.toLowerCase().includes(q))) continue;
    services.push({
      key,
      uid: s.metadata.uid ?? key,
      name: s.metadata.name ?? '',
      namespace: s.metadata.namespace ?? '',
      type: s.spec?.type ?? 'ClusterIP',
      clusterIP: s.spec?.type === 'ExternalName' ? '<none>' : s.spec?.clusterIP ?? '<none>',
      ports: formatPorts(s),
      externalName: s.spec?.externalName,
      ready: counts.get(key)?.ready ?? 0,
      notReady: counts.get(key)?.notReady ?? 0,
    });
    endpoints.push(...shownEps);
  }
  services.sort(byKey);
  const shownSvcs = new Set(services.map((s) => s.key));

  const ingresses: IngressView[] = [];
  for (const i of ings) {
    if (filter.namespace && i.metadata.namespace !== filter.namespace) continue;
    const backends = ingressBackends(i).filter((k) => shownSvcs.has(k));
    if ((filter.labels || q) && backends.length === 0) continue;
    const lb = (i.status?.loadBalancer?.ingress ?? [])[0] as { ip?: string; hostname?: string } | undefined;
    ingresses.push({
      key: keyOf(i),
      uid: i.metadata.uid ?? keyOf(i),
      name: i.metadata.name ?? '',
      namespace: i.metadata.namespace ?? '',
      rules: ingressRules(i),
      address: lb?.ip ?? lb?.hostname,
      services: backends,
    });
  }
  ingresses.sort(byKey);

  // Endpoint pods grouped by node, in node-name order.
  const groups = new Map<string, PodView[]>();
  const seen = new Set<string>();
  for (const e of endpoints) {
    if (seen.has(e.pod)) continue;
    seen.add(e.pod);
    const p = pods.get(e.pod);
    if (!p) continue;
    const node = p.spec?.nodeName ?? '(no node)';
    const status = podStatusText(p);
    const list = groups.get(node) ?? [];
    list.push({ key: e.pod, uid: p.metadata.uid ?? e.pod, name: p.metadata.name ?? '', namespace: p.metadata.namespace ?? '', status, tone: podTone(p, status), answers: answers.get(e.pod) ?? 0 });
    groups.set(node, list);
  }
  const aggregated = seen.size > POD_LIMIT;
  const nodeOf = new Map<string, string>();
  const nodes: NodeGroupView[] = [...groups.keys()].sort((a, b) => compareNames(a, b)).map((name) => {
    const list = groups.get(name)!.sort(byKey);
    for (const p of list) nodeOf.set(p.key, name);
    return { name, pods: aggregated ? [] : list };
  });
  if (aggregated) {
    for (const n of nodes) {
      const counts = new Map<string, { service: string; ready: number; notReady: number; answers: number }>();
      for (const e of endpoints) {
        if (nodeOf.get(e.pod) !== n.name) continue;
        const c = counts.get(e.service) ?? { service: e.service, ready: 0, notReady: 0, answers: 0 };
        if (e.ready) c.ready++;
        else c.notReady++;
        c.answers += answers.get(e.pod) ?? 0;
        counts.set(e.service, c);
      }
      n.counts = [...counts.values()].sort((a, b) => a.service.localeCompare(b.service));
    }
  }

  const generators = clients.map((c): GeneratorView => {
    const failures = Object.entries(c.failed).map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
    return {
      name: c.name,
      url: c.url,
      rps: c.rps,
      running: c.running,
      sent: c.sent,
      succeeded: c.succeeded,
      successRate: c.sent === 0 ? null : Math.round((1000 * c.succeeded) / c.sent) / 10,
      failures,
      target: targets.get(c.name) ?? guessTarget(c.url, services, ingresses),
    };
  });
  return { generators, ingresses, services, endpoints, nodes, aggregated, podNode: nodeOf };
}

/** `kubectl get svc` PORT(S): `80/TCP,443:30443/TCP`; `<none>` without ports. */
export function formatPorts(s: KObject): string {
  const ports = (s.spec?.ports ?? []) as { port?: number; nodePort?: number; protocol?: string }[];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function ingressRules(i: KObject): string[] {
  const out: string[] = [];
  for (const r of (i.spec?.rules ?? []) as { host?: string; http?: { paths?: { path?: string }[] } }[]) {
    for (const p of r.http?.paths ?? []) out.push(`${r.host ?? '*'}${p.path ?? '/'}`);
  }
  if (i.spec?.defaultBackend) out.push('(default backend)');
  return out;
}

function ingressBackends(i: KObject): string[] {
  const ns = i.metadata.namespace ?? 'default';
  const names = new Set<string>();
  const d = i.spec?.defaultBackend?.service?.name;
  if (d) names.add(d);
  for (const r of (i.spec?.rules ?? []) as { http?: { paths?: { backend?: { service?: { name?: string } } }[] } }[]) {
    for (const p of r.http?.paths ?? []) if (p.backend?.service?.name) names.add(p.backend.service.name);
  }
  return [...names].sort().map((n) => `${ns}/${n}`);
}

/** Where a generator's URL enters, before its first request says: a Service or an Ingress host. */
function guessTarget(url: string, services: ServiceView[], ingresses: IngressView[]): string | undefined {
  let host: string;
  try {
    host = new URL(url.includes('://') ? url : `http://${url}`).hostname;
  } catch {
    return undefined;
  }
  const parts = host.split('.');
  const svc =
    services.find((s) => s.clusterIP === host) ??
    services.find((s) => s.name === parts[0] && (parts.length === 1 || parts[1] === s.namespace)) ??
    undefined;
  if (svc) return `svc:${svc.key}`;
  const ing = ingresses.find((i) => i.rules.some((r) => r.startsWith(`${host}/`)) || i.address === host);
  return ing ? `ing:${ing.key}` : undefined;
}
