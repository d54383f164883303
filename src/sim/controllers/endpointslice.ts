// The EndpointSlice controller (`pkg/controller/endpointslice`, `staging/src/k8s.io/endpointslice/
// reconciler.go`, source `endpoint-slice-controller`): for every Service with a selector, slices
// of at most 100 endpoints (`<service>-<5 random>`), labelled `kubernetes.io/service-name` and
// `endpointslice.kubernetes.io/managed-by`, owned by the Service. Each endpoint carries its pod's
// address, `conditions` (serving = pod Ready, terminating = being deleted, ready = serving and not
// terminating, or publishNotReadyAddresses), nodeName, zone, targetRef and hostname. A Service
// with no endpoints keeps one empty placeholder slice; slices that would be deleted while others
// are created are recycled as updates, so a slice's name survives scaling to zero and back.

import { clone, jsonEqual, newControllerRef } from '../api/meta';
import { isPodReady } from '../api/podutil';
import type { StoredChange } from '../api/store';
import { isStatus, type KObject } from '../api/types';
import { nameIsDNSSubdomain } from '../api/validation/names';
import { NO_KEYS, type Controller, type ControllerContext } from './manager';
import {
  ANNOTATION_TRIGGER_TIME, LABEL_HEADLESS, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, ServicePodIndex, TriggerTimeTracker,
  findPort, isServiceIPSet, podIPs, podsForService, serviceKey, serviceSelector, shouldPodBeInEndpoints,
  shouldSetHostname, splitKey,
} from './endpointsutil';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const MAX_ENDPOINTS_PER_SLICE = 100;
export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

export class EndpointSliceController implements Controller {
  readonly name = 'endpoint-slice-controller';
  readonly kinds = ['/Service', '/Pod', 'discovery.k8s.io/EndpointSlice', '/Node'];
  readonly tracker = new TriggerTimeTracker();
  private readonly index: ServicePodIndex;

  constructor(private readonly ctx: ControllerContext) {
    this.index = ServicePodIndex.shared(ctx.store);
  }

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    switch (change.kindKey) {
      case '/Service':
        this.index.onServiceChange(change);
        return [serviceKey(o.metadata.namespace, o.metadata.name!)];
      case '/Pod':
        return this.index.keysForPod(change);
      case 'discovery.k8s.io/EndpointSlice': {
        const svc = o.metadata.labels?.[LABEL_SERVICE_NAME];
        const ours = o.metadata.labels?.[LABEL_MANAGED_BY] === ENDPOINTSLICE_CONTROLLER;
        return change.type === 'DELETED' && ours && svc ? [serviceKey(o.metadata.namespace, svc)] : NO_KEYS;
      }
      case '/Node':
        // A node appearing or going changes which pods can be placed (and their zones).
        if (change.type === 'MODIFIED') return NO_KEYS;
        return this.ctx.store.list('/Service').filter((s) => serviceSelector(s)).map((s) => serviceKey(s.metadata.namespace, s.metadata.name!));
      default:
        return NO_KEYS;
    }
  }

  resync(): void {
    this.index.resync();
  }

  sync(key: string): number | void {
    const [namespace, name] = splitKey(key);
    const svc = this.ctx.store.get('/Service', namespace, name);
    if (!svc) {
      // The garbage collector deletes the slices the Service owned.
      this.tracker.deleteService(namespace, name);
      return;
    }
    if (svc.spec?.type === 'ExternalName' || !serviceSelector(svc)) return;
    const pods = podsForService(this.ctx.store, svc);
    const triggerTime = this.tracker.compute(svc, pods);
    const existing = this.ctx.store
      .list('discovery.k8s.io/EndpointSlice', namespace)
      .filter((s) => s.metadata.labels?.[LABEL_SERVICE_NAME] === name && s.metadata.labels?.[LABEL_MANAGED_BY] === ENDPOINTSLICE_CONTROLLER);
    const plan = this.reconcile(svc, pods, existing);
    return this.finalize(svc, plan, triggerTime);
  }

  /** `reconcileByAddressType` for IPv4, the family every simulated Service has. */
  private reconcile(svc: KObject, pods: readonly KObject[], existing: KObject[]): Plan {
    const plan: Plan = { create: [], update: [], delete: [], missingNode: false };
    const existingByPorts = new Map<string, KObject[]>();
    for (const s of existing) {
      if (s.addressType !== 'IPv4' || !ownedBy(s, svc)) {
        plan.delete.push(s);
        continue;
      }
      const k = portMapKey(s.ports);
      existingByPorts.set(k, [...(existingByPorts.get(k) ?? []), s]);
    }
    const desiredByPorts = new Map<string, { ports: Json[]; endpoints: Map<string, Json> }>();
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ports = endpointPorts(svc, pod);
      const k = portMapKey(ports);
      let d = desiredByPorts.get(k);
      if (!d) desiredByPorts.set(k, (d = { ports, endpoints: new Map() }));
      const node = this.ctx.store.get('/Node', undefined, pod.spec?.nodeName ?? '');
      if (!node && svc.spec?.publishNotReadyAddresses !== true) {
        plan.missingNode = true;
        continue;
      }
      const ep = podToEndpoint(pod, node, svc);
      if (ep.addresses.length > 0) d.endpoints.set(endpointKey(ep), ep);
    }
    for (const [k, d] of desiredByPorts) {
      const r = reconcileByPortMapping(svc, existingByPorts.get(k) ?? [], d.endpoints, d.ports);
      plan.create.push(...r.create);
      plan.update.push(...r.update);
      plan.delete.push(...r.delete);
    }
    for (const [k, slices] of existingByPorts) if (!desiredByPorts.has(k)) plan.delete.push(...slices);
    if (existing.length === plan.delete.length && plan.create.length < 1) {
      const placeholder = newEndpointSlice(svc, []);
      if (plan.delete.length === 1 && isPlaceholderOf(plan.delete[0], placeholder)) plan.delete = [];
      else plan.create.push(placeholder);
    }
    return plan;
  }

  /** Recycles deletes into updates, then creates, updates and deletes (`finalize`). */
  private finalize(svc: KObject, plan: Plan, triggerTime: string | undefined): number | void {
    for (let i = 0; i < plan.delete.length && plan.create.length > 0; ) {
      const old = plan.delete[i];
      if (old.addressType === 'IPv4' && ownedBy(old, svc)) {
        const slice = plan.create.pop()!;
        slice.metadata.name = old.metadata.name;
        plan.update.push(slice);
        plan.delete.splice(i, 1);
      } else i++;
    }
    const info = this.ctx.api.kinds.byKind('EndpointSlice')!;
    const annotate = (s: KObject) => {
      const a = { ...(s.metadata.annotations ?? {}) };
      if (triggerTime) a[ANNOTATION_TRIGGER_TIME] = triggerTime;
      else delete a[ANNOTATION_TRIGGER_TIME];
      if (Object.keys(a).length > 0) s.metadata.annotations = a;
      else delete s.metadata.annotations;
      return s;
    };
    // A conflict (a stale slice) is retried; other failures (a terminating namespace) are dropped.
    let failed = false;
    const check = (r: KObject | { kind: 'Status'; reason: string }) => {
      if (isStatus(r) && r.reason === 'Conflict') failed = true;
    };
    if (!svc.metadata.deletionTimestamp) for (const s of plan.create) check(this.ctx.api.create(annotate(s)));
    for (const s of plan.update) check(this.ctx.api.update(annotate(s)));
    for (const s of plan.delete) this.ctx.api.delete(info, s.metadata.namespace, s.metadata.name!);
    // A pod on a node not (yet) known is picked up when the Node appears (see keysFor).
    if (failed) return 1000;
  }
}

interface Plan {
  create: KObject[];
  update: KObject[];
  delete: KObject[];
  missingNode: boolean;
}

function ownedBy(slice: KObject, svc: KObject): boolean {
  return (slice.metadata.ownerReferences ?? []).some((r) => r.uid === svc.metadata.uid && r.kind === 'Service' && r.apiVersion === 'v1');
}

const portMapKey = (ports: Json[] | null | undefined) => JSON.stringify(ports ?? []);

/** `hashEndpoint`: an endpoint's identity is its addresses, hostname and target pod. */
function endpointKey(ep: Json): string {
  return `${[...(ep.addresses ?? [])].sort().join(',')}|${ep.hostname ?? ''}|${ep.targetRef?.namespace ?? ''}/${ep.targetRef?.name ?? ''}`;
}

/** `getEndpointPorts`: the Service's ports this pod serves (named target ports looked up). */
function endpointPorts(svc: KObject, pod: KObject): Json[] {
  const out: Json[] = [];
  const ports: Json[] = Array.isArray(svc.spec?.ports) ? svc.spec.ports : [];
  for (const sp of ports) {
    const n = findPort(pod, sp);
    if (n === undefined) continue;
    const p: Json = { name: sp.name ?? '', port: n, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol !== undefined) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

/** `podToEndpoint`. */
export function podToEndpoint(pod: KObject, node: KObject | undefined, svc: KObject): Json {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: Json = { addresses: podIPs(pod).filter((ip) => !ip.includes(':')), conditions: { ready, serving, terminating } };
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec.hostname;
  ep.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[ZONE_LABEL];
  if (zone) ep.zone = zone;
  return ep;
}

/** `setEndpointSliceLabels`: the Service's labels plus the reserved ones; whether they changed. */
function sliceLabels(slice: KObject | undefined, svc: KObject): { labels: Record<string, string>; changed: boolean } {
  const reserved = (k: string) => k === LABEL_SERVICE_NAME || k === LABEL_MANAGED_BY || k === LABEL_HEADLESS;
  const have: Record<string, string> = {};
  for (const [k, v] of Object.entries(slice?.metadata.labels ?? {})) if (!reserved(k)) have[k] = v;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (!reserved(k)) labels[k] = v;
  const changed = !jsonEqual(have, labels);
  if (!isServiceIPSet(svc)) labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata.name!;
  labels[LABEL_MANAGED_BY] = ENDPOINTSLICE_CONTROLLER;
  return { labels, changed };
}

/** `newEndpointSlice`: no endpoints yet; `ports` and `endpoints` empty are stored as null. */
function newEndpointSlice(svc: KObject, ports: Json[]): KObject {
  const prefix = nameIsDNSSubdomain(`${svc.metadata.name}-`, true).length === 0 ? `${svc.metadata.name}-` : svc.metadata.name!;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: prefix,
      labels: sliceLabels(undefined, svc).labels,
      namespace: svc.metadata.namespace,
      ownerReferences: [newControllerRef(svc)],
    },
    addressType: 'IPv4',
    endpoints: null,
    ports: ports.length > 0 ? ports : null,
  };
}

/** `placeholderSliceCompare`: same namespace, labels and owner. */
function isPlaceholderOf(slice: KObject, placeholder: KObject): boolean {
  return (
    slice.metadata.namespace === placeholder.metadata.namespace &&
    jsonEqual(slice.metadata.labels ?? {}, placeholder.metadata.labels ?? {}) &&
    jsonEqual(slice.metadata.ownerReferences ?? [], placeholder.metadata.ownerReferences ?? []) &&
    (slice.endpoints ?? []).length === 0 &&
    (slice.ports ?? []).length === 0
  );
}

/** `reconcileByPortMapping` for the slices of one port set. */
function reconcileByPortMapping(svc: KObject, existing: KObject[], desired: Map<string, Json>, ports: Json[]): { create: KObject[]; update: KObject[]; delete: KObject[] } {
  const toUpdate = new Map<string, KObject>();
  const toDelete: KObject[] = [];
  const unchanged = new Map<string, KObject>();
  for (const slice of existing) {
    const kept: Json[] = [];
    let updated = false;
    for (const ep of slice.endpoints ?? []) {
      const k = endpointKey(ep);
      const want = desired.get(k);
      if (!want) continue;
      kept.push(want);
      if (!jsonEqual(want, ep)) updated = true;
      desired.delete(k);
    }
    const { labels, changed } = sliceLabels(slice, svc);
    if (updated || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) toDelete.push(slice);
      else toUpdate.set(slice.metadata.name!, { ...clone(slice), endpoints: kept, metadata: { ...clone(slice.metadata), labels } });
    } else if (changed) {
      toUpdate.set(slice.metadata.name!, { ...clone(slice), metadata: { ...clone(slice.metadata), labels } });
    } else unchanged.set(slice.metadata.name!, slice);
  }
  const pop = (): Json => {
    const [k, ep] = desired.entries().next().value as [string, Json];
    desired.delete(k);
    return ep;
  };
  if (desired.size > 0 && toUpdate.size > 0) {
    const fullestFirst = [...toUpdate.values()].sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const s of fullestFirst) while (desired.size > 0 && s.endpoints.length < MAX_ENDPOINTS_PER_SLICE) s.endpoints.push(pop());
  }
  const create: KObject[] = [];
  while (desired.size > 0) {
    let fill: KObject | undefined;
    if (desired.size < MAX_ENDPOINTS_PER_SLICE && unchanged.size > 0) {
      let closest = MAX_ENDPOINTS_PER_SLICE;
      for (const s of unchanged.values()) {
        const diff = MAX_ENDPOINTS_PER_SLICE - (desired.size + (s.endpoints ?? []).length);
        if (diff >= 0 && diff < closest) {
          closest = diff;
          fill = s;
        }
      }
    }
    if (fill) {
      unchanged.delete(fill.metadata.name!);
      fill = { ...clone(fill), endpoints: [...(fill.endpoints ?? [])] };
    } else fill = { ...newEndpointSlice(svc, ports), endpoints: [] };
    while (desired.size > 0 && fill.endpoints.length < MAX_ENDPOINTS_PER_SLICE) fill.endpoints.push(pop());
    if (fill.metadata.name) toUpdate.set(fill.metadata.name, fill);
    else create.push(fill);
  }
  return { create, update: [...toUpdate.values()], delete: toDelete };
}
