// A simulated cloud load balancer, as kind's cloud-provider-kind runs the cloud-controller-manager's
// service controller (`k8s.io/cloud-provider/controllers/service`, source `service-controller`):
// a LoadBalancer Service gets the `service.kubernetes.io/load-balancer-cleanup` finalizer, an
// `EnsuringLoadBalancer` event, and after a short provisioning delay an address in
// `status.loadBalancer.ingress` (from 172.18.255.200–250, the kind network's spare range) and
// `EnsuredLoadBalancer`. Until then `kubectl get svc` shows `<pending>`. Deleting the Service, or
// changing its type, deletes the load balancer (`DeletingLoadBalancer`, `DeletedLoadBalancer`)
// and drops the finalizer.

import type { StoredChange } from '../api/store';
import { isStatus, type KObject } from '../api/types';
import type { ComponentHost } from '../host';
import type { Controller } from '../controllers/manager';
import { intToIp, ipToInt } from '../api/serviceips';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const LB_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';
/** Time the simulated cloud takes to provision a load balancer. */
export const LB_PROVISION_MS = 3000;
export const LB_POOL_FIRST = '172.18.255.200';
export const LB_POOL_LAST = '172.18.255.250';
const COMPONENT = 'service-controller';

/** The load balancer's address a Service would get: its requested loadBalancerIP, else the lowest free one. */
export function nextLoadBalancerIP(services: readonly KObject[], svc: KObject): string | undefined {
  const used = new Set<string>();
  for (const s of services) {
    if (s.metadata.uid === svc.metadata.uid) continue;
    for (const ing of s.status?.loadBalancer?.ingress ?? []) if (typeof ing?.ip === 'string') used.add(ing.ip);
  }
  const first = ipToInt(LB_POOL_FIRST)!;
  const last = ipToInt(LB_POOL_LAST)!;
  const requested = svc.spec?.loadBalancerIP;
  if (typeof requested === 'string' && requested) {
    const n = ipToInt(requested);
    return n !== undefined && n >= first && n <= last && !used.has(requested) ? requested : undefined;
  }
  for (let n = first; n <= last; n++) if (!used.has(intToIp(n))) return intToIp(n);
  return undefined;
}

export class ServiceLoadBalancerController implements Controller {
  readonly name = COMPONENT;
  /** Its informer: Services. */
  readonly kinds = ['/Service'];
  /** Service key → when its load balancer is ready (provisioning in progress). */
  private provisioning: Record<string, number> = {};

  constructor(private readonly host: ComponentHost) {}

  keysFor(change: StoredChange): readonly string[] {
    return change.kindKey === '/Service' ? [`${change.object.metadata.namespace}/${change.object.metadata.name}`] : [];
  }

  sync(key: string): number | void {
    const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const svc = this.host.store.get('/Service', ns, name);
    const info = this.host.kinds.byKind('Service')!;
    if (!svc) {
      delete this.provisioning[key];
      return;
    }
    const wants = svc.spec?.type === 'LoadBalancer' && !svc.metadata.deletionTimestamp;
    const finalizers = svc.metadata.finalizers ?? [];
    const hasFinalizer = finalizers.includes(LB_FINALIZER);
    if (!wants) {
      delete this.provisioning[key];
      if (!hasFinalizer) return;
      this.host.events.record(svc, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer', { component: COMPONENT });
      if ((svc.status?.loadBalancer?.ingress ?? []).length > 0) {
        this.host.api.mutate(info, ns, name, (o) => {
          o.status = { ...(o.status ?? {}), loadBalancer: {} };
        }, { subresource: 'status' });
      }
      const r = this.host.api.mutate(info, ns, name, (o) => {
        o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== LB_FINALIZER);
        if (o.metadata.finalizers.length === 0) delete o.metadata.finalizers;
      });
      if (isStatus(r) && r.reason !== 'NotFound') return 1000;
      this.host.events.record(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer', { component: COMPONENT });
      return;
    }
    if (!hasFinalizer) {
      const r = this.host.api.mutate(info, ns, name, (o) => {
        o.metadata.finalizers = [...(o.metadata.finalizers ?? []), LB_FINALIZER];
      });
      return isStatus(r) && r.reason !== 'NotFound' ? 1000 : undefined;
    }
    const ingress: Json[] = svc.status?.loadBalancer?.ingress ?? [];
    const requested = svc.spec?.loadBalancerIP;
    if (ingress.length > 0 && (!requested || ingress.some((i) => i?.ip === requested))) return;
    const nowMs = this.host.now();
    if (this.provisioning[key] === undefined) {
      this.provisioning[key] = nowMs + LB_PROVISION_MS;
      this.host.events.record(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', { component: COMPONENT });
    }
    const due = this.provisioning[key];
    if (nowMs < due) return due - nowMs;
    const ip = nextLoadBalancerIP(this.host.store.list('/Service'), svc);
    if (!ip) {
      this.host.events.record(svc, 'Warning', 'SyncLoadBalancerFailed', 'Error syncing load balancer: failed to ensure load balancer: no IP address available in the pool', { component: COMPONENT });
      this.provisioning[key] = nowMs + 60_000;
      return 60_000;
    }
    const r = this.host.api.mutate(info, ns, name, (o) => {
      o.status = { ...(o.status ?? {}), loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } };
    }, { subresource: 'status' });
    if (isStatus(r)) return r.reason === 'NotFound' ? undefined : 1000;
    delete this.provisioning[key];
    this.host.events.record(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', { component: COMPONENT });
  }

  snapshot(): unknown {
    return { ...this.provisioning };
  }

  restore(data: unknown): void {
    this.provisioning = { ...((data ?? {}) as Record<string, number>) };
  }
}
