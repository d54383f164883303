// `kubectl describe ingress` (describe.go describeIngressV1, describeBackendV1,
// describeIngressTLSV1): each service backend with the endpoints (EndpointSlices) of its port.
import type { KObject } from '../../api/types';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { formatEndpointSlices } from './service';
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString } from './writer';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

function serviceBackendString(b: Json): string {
  return `${b.name}:${b.port?.number ? b.port.number : (b.port?.name ?? '')}`;
}

function describeBackend(ctx: DescribeContext, ns: string, backend: Json): string {
  if (backend?.service) {
    const b = backend.service;
    const sb = serviceBackendString(b);
    const slices = ctx.cluster.list('discovery.k8s.io/EndpointSlice', ns).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === b.name);
    const svc = ctx.cluster.list('/Service', ns).find((s) => s.metadata.name === b.name);
    if (!svc) return `${sb} (<error: services "${b.name}" not found>)`;
    let spName = '';
    for (const sp of (svc.spec?.ports ?? []) as Json[]) {
      if (b.port?.number && b.port.number === sp.port) spName = sp.name ?? '';
      else if (b.port?.name && b.port.name === sp.name) spName = sp.name ?? '';
    }
    return `${sb} (${formatEndpointSlices(slices, new Set([spName]))})`;
  }
  if (backend?.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind ?? ''}, Name: ${r.name ?? ''}`;
  }
  return '';
}

export function describeIngress(ctx: DescribeContext, ing: KObject): string {
  const spec = ing.spec ?? {};
  const ns = ing.metadata.namespace ?? '';
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ing.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', ing.metadata.labels);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    const lb: Json[] = ing.status?.loadBalancer?.ingress ?? [];
    w.write(LEVEL_0, `Address:\t${lb.map((i) => i.ip || i.hostname || '').filter(Boolean).join(',')}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
    const def = spec.defaultBackend;
    w.write(LEVEL_0, `Default backend:\t${def ? describeBackend(ctx, ns, def) : '<default>'}\n`);
    if ((spec.tls ?? []).length > 0) {
      w.write(LEVEL_0, 'TLS:\n');
      for (const t of spec.tls as Json[]) {
        if (!t.secretName) w.write(LEVEL_1, `SNI routes ${(t.hosts ?? []).join(',')}\n`);
        else w.write(LEVEL_1, `${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n`);
      }
    }
    w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    let count = 0;
    for (const rule of (spec.rules ?? []) as Json[]) {
      if (!rule.http) continue;
      count++;
      w.write(LEVEL_1, `${rule.host || '*'}\t\n`);
      for (const p of (rule.http.paths ?? []) as Json[]) w.write(LEVEL_2, `\t${p.path ?? ''} \t${describeBackend(ctx, ns, p.backend)}\n`);
    }
    if (count === 0) w.write(LEVEL_1, `*\t*\t${describeBackend(ctx, ns, def)}\n`);
    printAnnotationsMultiline(w, 'Annotations', ing.metadata.annotations);
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, ing), ctx.nowMs);
  });
}

registerDescriber('networking.k8s.io/Ingress', describeIngress);
