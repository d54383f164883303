// `kubectl describe service` (kubectl/pkg/describe/describe.go describeService, formatEndpointSlices)
// in the v1.32 layout: the EndpointSlices labelled with the service's name give each port's endpoints.
import type { KObject } from '../../api/types';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { LEVEL_0, tabbedString } from './writer';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** labels.FormatLabels: `k=v` sorted, comma-joined, `<none>` when empty. */
export function formatLabels(m: Record<string, string> | undefined | null): string {
  const keys = Object.keys(m ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((k) => `${k}=${m![k]}`).join(',') || '<none>';
}

const hostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** formatEndpointSlices: up to 3 ready `ip:port`, then ` + N more...`; `<none>` without slices. */
export function formatEndpointSlices(slices: KObject[], ports: Set<string> | null): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const ready = (e: Json) => e.conditions?.ready === undefined || e.conditions?.ready === null || e.conditions.ready === true;
  for (const s of slices) {
    const eps: Json[] = s.endpoints ?? [];
    if ((s.ports ?? []).length === 0) {
      for (const e of eps) {
        if (list.length === max) more = true;
        if (ready(e)) {
          count++;
          if (!more) list.push(e.addresses[0]);
        }
      }
      continue;
    }
    for (const port of s.ports) {
      if (ports === null || ports.has(port.name ?? '')) {
        for (const e of eps) {
          if (list.length === max) more = true;
          if (ready(e)) {
            count++;
            if (!more) list.push(hostPort(e.addresses[0], port.port));
          }
        }
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** buildIngressString: load-balancer ingress IPs (or hostnames) with their IP mode, comma-joined. */
function ingressString(ingress: Json[]): string {
  return ingress.map((i) => `${i.ip || i.hostname || ''}${i.ipMode ? ` (${i.ipMode})` : ''}`).join(', ');
}

export function describeService(ctx: DescribeContext, svc: KObject): string {
  const spec = svc.spec ?? {};
  const slices = ctx.cluster.list('discovery.k8s.io/EndpointSlice', svc.metadata.namespace).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace}\n`);
    printLabelsMultiline(w, 'Labels', svc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(LEVEL_0, `IP Families:\t${(spec.ipFamilies ?? []).join(',') || '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    w.write(LEVEL_0, `IPs:\t${(spec.clusterIPs ?? []).join(',') || '<none>'}\n`);
    if ((spec.externalIPs ?? []).length > 0) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    const lbIngress: Json[] = svc.status?.loadBalancer?.ingress ?? [];
    if (lbIngress.length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingressString(lbIngress)}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    for (const sp of spec.ports ?? []) {
      const name = sp.name || '<unset>';
      const proto = sp.protocol ?? '';
      w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${proto}\n`);
      w.write(LEVEL_0, `TargetPort:\t${sp.targetPort ?? 0}/${proto}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${proto}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, new Set([sp.name ?? '']))}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if ((spec.loadBalancerSourceRanges ?? []).length > 0) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, svc), ctx.nowMs);
  });
}

registerDescriber('Service', describeService);
