// A simulated ingress-nginx (controller `k8s.io/ingress-nginx`, event source
// `nginx-ingress-controller`), installed the way kind's guide does: reachable on localhost:80/443
// (hostPorts on the control-plane node) and publishing `localhost` as every Ingress's address.
// It serves the Ingresses of its IngressClass (`nginx`, created at start) and, as kind's
// ingress-nginx manifest runs it with `--watch-ingress-without-class=true`, Ingresses without a
// class.
//
// Routing (`route`): rules of every served Ingress are merged per host; an exact host beats a
// wildcard (`*.example.com`, one label) beats rules without a host; within a host the longest
// matching path wins, Exact before Prefix (element-wise: `/foo` matches `/foo/bar`, not `/foobar`;
// ImplementationSpecific is treated as Prefix). Nothing matching: an Ingress's defaultBackend,
// else the controller's own 404. A host listed under `tls` is redirected from http to https (308).

import type { ObjectStore, StoredChange } from '../api/store';
import { isStatus, type KObject } from '../api/types';
import type { ComponentHost } from '../host';
import type { Controller } from '../controllers/manager';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const INGRESS_CONTROLLER = 'k8s.io/ingress-nginx';
export const INGRESS_CLASS = 'nginx';
export const INGRESS_ADDRESS = 'localhost';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
/** Time from an Ingress being synced to its status carrying the address. */
export const INGRESS_STATUS_DELAY_MS = 2000;
const COMPONENT = 'nginx-ingress-controller';

/** The IngressClass kind's ingress-nginx manifest creates. */
export function ingressClassObject(): KObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {
      name: INGRESS_CLASS,
      labels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' },
    },
    spec: { controller: INGRESS_CONTROLLER },
  };
}

/**
 * Whether this controller serves the Ingress: its class, or no class at all (watching Ingresses
 * without a class) unless another controller's class is the default one.
 */
export function servedByUs(store: ObjectStore, ing: KObject): boolean {
  const cls = ing.spec?.ingressClassName ?? ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  const classes = store.list('networking.k8s.io/IngressClass');
  if (cls) {
    const ic = classes.find((c) => c.metadata.name === cls);
    return ic ? ic.spec?.controller === INGRESS_CONTROLLER : cls === INGRESS_CLASS && !ing.spec?.ingressClassName;
  }
  const defaults = classes.filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  return defaults.length === 0 || defaults.some((c) => c.spec?.controller === INGRESS_CONTROLLER);
}

export interface IngressBackend {
  ingress: KObject;
  service?: { name: string; port: { number?: number; name?: string } };
}

export type IngressRoute =
  | { kind: 'backend'; backend: IngressBackend; namespace: string }
  | { kind: 'redirect'; location: string; ingress: KObject }
  | { kind: 'not-found' };

function hostMatches(ruleHost: string, host: string): 'exact' | 'wildcard' | undefined {
  if (ruleHost === host) return 'exact';
  if (ruleHost.startsWith('*.')) {
    const suffix = ruleHost.slice(1);
    const first = host.slice(0, host.length - suffix.length);
    if (host.endsWith(suffix) && first.length > 0 && !first.includes('.')) return 'wildcard';
  }
  return undefined;
}

function pathMatches(pathType: string, rulePath: string, path: string): boolean {
  if (pathType === 'Exact') return rulePath === path;
  const trim = (p: string) => p.replace(/\/+$/, '');
  const r = trim(rulePath);
  if (r === '') return true;
  const p = trim(path);
  return p === r || p.startsWith(`${r}/`);
}

/** Every host an Ingress served by this controller names (for routing requests to them). */
export function ingressHosts(store: ObjectStore): Set<string> {
  const hosts = new Set<string>();
  for (const ing of store.list('networking.k8s.io/Ingress')) {
    if (!servedByUs(store, ing)) continue;
    for (const r of Array.isArray(ing.spec?.rules) ? ing.spec.rules : []) if (r?.host) hosts.add(String(r.host).toLowerCase());
  }
  return hosts;
}

/** Where ingress-nginx sends a request for `host` + `path` over `scheme`. */
export function route(store: ObjectStore, scheme: 'http' | 'https', hostHeader: string, pathWithQuery: string): IngressRoute {
  const host = hostHeader.toLowerCase().replace(/:\d+$/, '');
  const path = pathWithQuery.split('?')[0] || '/';
  const ingresses = store.list('networking.k8s.io/Ingress').filter((i) => servedByUs(store, i) && !i.metadata.deletionTimestamp);
  const tlsHost = ingresses.some((i) => (Array.isArray(i.spec?.tls) ? i.spec.tls : []).some((t: Json) => (t?.hosts ?? []).some((h: string) => hostMatches(h.toLowerCase(), host))));
  let best: { rank: number; len: number; exact: boolean; backend: IngressBackend; ns: string } | undefined;
  for (const ing of ingresses) {
    for (const rule of Array.isArray(ing.spec?.rules) ? ing.spec.rules : []) {
      const ruleHost = String(rule?.host ?? '').toLowerCase();
      const m = ruleHost === '' ? 'any' : hostMatches(ruleHost, host);
      if (!m) continue;
      const rank = m === 'exact' ? 3 : m === 'wildcard' ? 2 : 1;
      for (const p of Array.isArray(rule?.http?.paths) ? rule.http.paths : []) {
        const rulePath = String(p?.path ?? '/') || '/';
        if (!pathMatches(p?.pathType ?? 'Prefix', rulePath, path)) continue;
        const exact = p?.pathType === 'Exact';
        const better = !best || rank > best.rank || (rank === best.rank && (rulePath.length > best.len || (rulePath.length === best.len && exact && !best.exact)));
        if (better) best = { rank, len: rulePath.length, exact, backend: { ingress: ing, service: p?.backend?.service }, ns: ing.metadata.namespace! };
      }
    }
  }
  if (tlsHost && scheme === 'http') {
    const ing = best?.backend.ingress ?? ingresses[0];
    return { kind: 'redirect', location: `https://${host}${pathWithQuery}`, ingress: ing };
  }
  if (best) return { kind: 'backend', backend: best.backend, namespace: best.ns };
  const withDefault = ingresses.find((i) => i.spec?.defaultBackend?.service);
  if (withDefault) return { kind: 'backend', backend: { ingress: withDefault, service: withDefault.spec.defaultBackend.service }, namespace: withDefault.metadata.namespace! };
  return { kind: 'not-found' };
}

/** nginx's own error pages, as ingress-nginx serves them. */
export function nginxErrorPage(status: number): string {
  const text: Record<number, string> = {
    308: '308 Permanent Redirect', 404: '404 Not Found', 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out',
  };
  const t = text[status] ?? `${status}`;
  return `<html>\n<head><title>${t}</title></head>\n<body>\n<center><h1>${t}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`;
}

interface IngressState {
  /** resourceVersion last synced per Ingress (a change is "Scheduled for sync"). */
  seen: Record<string, string>;
  /** When the status of an Ingress is due to carry the address. */
  statusDue: Record<string, number>;
}

/** The controller: `Sync` events on every change, then the status address after a short delay. */
export class IngressNginxController implements Controller {
  readonly name = COMPONENT;
  /** Its informers: Ingresses and IngressClasses (not the thousands of Events and pod writes). */
  readonly kinds = ['networking.k8s.io/Ingress', 'networking.k8s.io/IngressClass'];
  private state: IngressState = { seen: {}, statusDue: {} };

  constructor(private readonly host: ComponentHost) {}

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    if (change.kindKey === 'networking.k8s.io/Ingress') return [`${o.metadata.namespace}/${o.metadata.name}`];
    if (change.kindKey === 'networking.k8s.io/IngressClass') {
      return this.host.store.list('networking.k8s.io/Ingress').map((i) => `${i.metadata.namespace}/${i.metadata.name}`);
    }
    return [];
  }

  sync(key: string): number | void {
    const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const ing = this.host.store.get('networking.k8s.io/Ingress', ns, name);
    if (!ing || !servedByUs(this.host.store, ing)) {
      delete this.state.seen[key];
      delete this.state.statusDue[key];
      return;
    }
    if (this.state.seen[key] !== ing.metadata.resourceVersion) {
      this.state.seen[key] = ing.metadata.resourceVersion!;
      this.host.events.record(ing, 'Normal', 'Sync', 'Scheduled for sync', { component: COMPONENT });
    }
    const hasAddress = (ing.status?.loadBalancer?.ingress ?? []).some((x: Json) => x?.hostname === INGRESS_ADDRESS || x?.ip === INGRESS_ADDRESS);
    if (hasAddress || ing.metadata.deletionTimestamp) {
      delete this.state.statusDue[key];
      return;
    }
    const nowMs = this.host.now();
    const due = (this.state.statusDue[key] ??= nowMs + INGRESS_STATUS_DELAY_MS);
    if (nowMs < due) return due - nowMs;
    delete this.state.statusDue[key];
    const info = this.host.kinds.byKind('Ingress')!;
    const r = this.host.api.mutate(info, ns, name, (o) => {
      o.status = { ...(o.status ?? {}), loadBalancer: { ingress: [{ hostname: INGRESS_ADDRESS }] } };
    }, { subresource: 'status' });
    if (isStatus(r) && r.reason !== 'NotFound') return 1000;
  }

  snapshot(): unknown {
    return structuredClone(this.state);
  }

  restore(data: unknown): void {
    this.state = structuredClone((data ?? { seen: {}, statusDue: {} }) as IngressState);
  }
}
