// The EndpointSlice mirroring controller (`pkg/controller/endpointslicemirroring`, source
// `endpointslice-mirroring-controller`): Endpoints written by hand for a Service without a
// selector are mirrored into EndpointSlices (`<endpoints>-<5 random>`, managed-by
// `endpointslicemirroring-controller.k8s.io`, owned by the Endpoints), so that kube-proxy and DNS,
// which read slices, see them. Endpoints labelled `endpointslice.kubernetes.io/skip-mirror`
// (the API server's own `kubernetes`) and those of Services with a selector are not mirrored.
// Simplified: desired slices are matched to existing ones in name order rather than by endpoint.

import { clone, jsonEqual, newControllerRef } from '../api/meta';
import type { StoredChange } from '../api/store';
import type { KObject } from '../api/types';
import type { Controller, ControllerContext } from './manager';
import {
  ANNOTATION_TRIGGER_TIME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, LABEL_SKIP_MIRROR, serviceKey, serviceSelector, splitKey,
} from './endpointsutil';
import { MAX_ENDPOINTS_PER_SLICE } from './endpointslice';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const MIRRORING_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
/** `maxEndpointsPerSubset`... the mirroring controller mirrors at most 1000 addresses. */
const MAX_MIRRORED = 1000;

export class EndpointSliceMirroringController implements Controller {
  readonly name = 'endpointslice-mirroring-controller';
  readonly kinds = ['/Endpoints', '/Service', 'discovery.k8s.io/EndpointSlice'];

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    switch (change.kindKey) {
      case '/Endpoints':
      case '/Service':
        return [serviceKey(o.metadata.namespace, o.metadata.name!)];
      case 'discovery.k8s.io/EndpointSlice': {
        const svc = o.metadata.labels?.[LABEL_SERVICE_NAME];
        const ours = o.metadata.labels?.[LABEL_MANAGED_BY] === MIRRORING_CONTROLLER;
        return change.type === 'DELETED' && ours && svc ? [serviceKey(o.metadata.namespace, svc)] : [];
      }
      default:
        return [];
    }
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const info = this.ctx.api.kinds.byKind('EndpointSlice')!;
    const existing = this.ctx.store
      .list('discovery.k8s.io/EndpointSlice', namespace)
      .filter((s) => s.metadata.labels?.[LABEL_SERVICE_NAME] === name && s.metadata.labels?.[LABEL_MANAGED_BY] === MIRRORING_CONTROLLER);
    const svc = this.ctx.store.get('/Service', namespace, name);
    const ep = this.ctx.store.get('/Endpoints', namespace, name);
    const mirror = svc && ep && !serviceSelector(svc) && ep.metadata.labels?.[LABEL_SKIP_MIRROR] !== 'true';
    const desired = mirror ? desiredSlices(ep) : [];
    existing.forEach((s, i) => {
      const want = desired[i];
      if (!want) {
        this.ctx.api.delete(info, namespace, s.metadata.name!);
        return;
      }
      const same = jsonEqual(s.endpoints ?? [], want.endpoints) && jsonEqual(s.ports ?? [], want.ports ?? []) &&
        jsonEqual(s.metadata.labels ?? {}, want.metadata.labels) && jsonEqual(s.metadata.annotations ?? {}, want.metadata.annotations ?? {});
      if (same) return;
      const next = clone(s);
      next.endpoints = want.endpoints;
      next.ports = want.ports;
      next.metadata.labels = want.metadata.labels;
      if (want.metadata.annotations) next.metadata.annotations = want.metadata.annotations;
      else delete next.metadata.annotations;
      this.ctx.api.update(next);
    });
    for (const want of desired.slice(existing.length)) this.ctx.api.create(want);
  }
}

/** One slice per distinct port set, at most 100 endpoints each. */
function desiredSlices(ep: KObject): KObject[] {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(ep.metadata.labels ?? {})) labels[k] = v;
  labels[LABEL_SERVICE_NAME] = ep.metadata.name!;
  labels[LABEL_MANAGED_BY] = MIRRORING_CONTROLLER;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(ep.metadata.annotations ?? {})) {
    if (k !== ANNOTATION_TRIGGER_TIME && k !== 'kubectl.kubernetes.io/last-applied-configuration') annotations[k] = v;
  }
  const groups = new Map<string, { ports: Json[]; endpoints: Json[] }>();
  let total = 0;
  for (const ss of Array.isArray(ep.subsets) ? ep.subsets : []) {
    const ports: Json[] = (Array.isArray(ss?.ports) ? ss.ports : []).map((p: Json) => {
      const out: Json = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
      if (p.appProtocol !== undefined) out.appProtocol = p.appProtocol;
      return out;
    });
    const k = JSON.stringify(ports);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ports, endpoints: [] }));
    for (const [list, ready] of [[ss?.addresses, true], [ss?.notReadyAddresses, false]] as const) {
      for (const a of Array.isArray(list) ? list : []) {
        if (typeof a?.ip !== 'string' || a.ip.includes(':') || total >= MAX_MIRRORED) continue;
        const e: Json = { addresses: [a.ip], conditions: { ready } };
        if (a.hostname) e.hostname = a.hostname;
        if (a.targetRef) e.targetRef = a.targetRef;
        if (a.nodeName) e.nodeName = a.nodeName;
        g.endpoints.push(e);
        total++;
      }
    }
  }
  const out: KObject[] = [];
  for (const g of groups.values()) {
    for (let i = 0; i === 0 || i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
      if (g.endpoints.length === 0) break;
      out.push({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
          generateName: `${ep.metadata.name}-`,
          labels,
          namespace: ep.metadata.namespace,
          ownerReferences: [newControllerRef(ep)],
        },
        addressType: 'IPv4',
        endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE),
        ports: g.ports.length > 0 ? g.ports : null,
      });
    }
  }
  return out;
}
