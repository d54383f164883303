// The Endpoints controller (`pkg/controller/endpoint/endpoints_controller.go`, source
// `endpoint-controller`): for every Service with a selector, one Endpoints object of the same
// name listing the selected pods' IPs: ready pods in `addresses`, the others in
// `notReadyAddresses` (all in `addresses` with `publishNotReadyAddresses`), each with nodeName,
// targetRef and, for pods whose subdomain is the Service, hostname. Services without a selector
// keep the Endpoints users write; the Endpoints of a deleted Service are deleted.

import { isStatus, type KObject } from '../api/types';
import { clone, jsonEqual } from '../api/meta';
import type { StoredChange } from '../api/store';
import { NO_KEYS, type Controller, type ControllerContext } from './manager';
import {
  ANNOTATION_OVER_CAPACITY, ANNOTATION_TRIGGER_TIME, LABEL_HEADLESS, ServicePodIndex, TriggerTimeTracker, findPort,
  isPodReady, isServiceIPSet, podIPs, podsForService, serviceKey, serviceSelector, shouldPodBeInEndpoints,
  shouldSetHostname, splitKey,
} from './endpointsutil';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** `maxCapacity`: Endpoints above this many addresses are truncated. */
export const ENDPOINTS_MAX_CAPACITY = 1000;

const ENDPOINTS_INFO = { kind: 'Endpoints', group: '', version: 'v1', plural: 'endpoints', singular: 'endpoints', shortNames: ['ep'], namespaced: true };

interface Entry {
  address: Json;
  ready: boolean;
  /** Endpoint ports, or null for a headless Service without ports. */
  ports: Json[] | null;
}

export class EndpointsController implements Controller {
  readonly name = 'endpoint-controller';
  readonly kinds = ['/Service', '/Pod', '/Endpoints'];
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
      case '/Endpoints':
        return change.type === 'DELETED' ? [serviceKey(o.metadata.namespace, o.metadata.name!)] : NO_KEYS;
      default:
        return NO_KEYS;
    }
  }

  resync(): void {
    this.index.resync();
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const svc = this.ctx.store.get('/Service', namespace, name);
    const current = this.ctx.store.get('/Endpoints', namespace, name);
    if (!svc) {
      if (current) this.ctx.api.delete(this.ctx.api.kinds.byKind('Endpoints') ?? ENDPOINTS_INFO, namespace, name);
      this.tracker.deleteService(namespace, name);
      return;
    }
    if (svc.spec?.type === 'ExternalName' || !serviceSelector(svc)) return;
    const pods = podsForService(this.ctx.store, svc);
    const triggerTime = this.tracker.compute(svc, pods);
    const subsets = desiredSubsets(svc, pods);

    const labels = { ...(svc.metadata.labels ?? {}) };
    if (current) {
      const compareLabels = { ...(current.metadata.labels ?? {}) };
      delete compareLabels[LABEL_HEADLESS];
      const annotations = current.metadata.annotations ?? {};
      const count = countAddresses(current.subsets ?? []);
      const capacityOk = count > ENDPOINTS_MAX_CAPACITY ? false : annotations[ANNOTATION_OVER_CAPACITY] === undefined;
      if (jsonEqual(current.subsets ?? [], subsets) && jsonEqual(compareLabels, labels) && capacityOk) return;
    }
    const next: KObject = current ? clone(current) : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } };
    const annotations: Record<string, string> = { ...(next.metadata.annotations ?? {}) };
    if (triggerTime) annotations[ANNOTATION_TRIGGER_TIME] = triggerTime;
    else delete annotations[ANNOTATION_TRIGGER_TIME];
    if (truncate(subsets)) annotations[ANNOTATION_OVER_CAPACITY] = 'truncated';
    else delete annotations[ANNOTATION_OVER_CAPACITY];
    if (isServiceIPSet(svc)) delete labels[LABEL_HEADLESS];
    else labels[LABEL_HEADLESS] = '';
    next.metadata.labels = labels;
    next.metadata.annotations = annotations;
    if (Object.keys(labels).length === 0) delete next.metadata.labels;
    if (Object.keys(annotations).length === 0) delete next.metadata.annotations;
    if (subsets.length > 0) next.subsets = subsets;
    else delete next.subsets;
    const r = current ? this.ctx.api.update(next) : this.ctx.api.create(next);
    if (isStatus(r)) {
      if (r.reason === 'Forbidden' || r.reason === 'NotFound') return; // a terminating namespace
      this.ctx.events.record(
        next,
        'Warning',
        current ? 'FailedToUpdateEndpoint' : 'FailedToCreateEndpoint',
        current ? `Failed to update endpoint ${namespace}/${name}: ${r.message}` : `Failed to create endpoint for service ${namespace}/${name}: ${r.message}`,
        { component: this.name },
      );
    }
  }
}

/** The Service's subsets from its pods, repacked into the canonical layout (`RepackSubsets`). */
export function desiredSubsets(svc: KObject, pods: readonly KObject[]): Json[] {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const ports: Json[] = Array.isArray(svc.spec?.ports) ? svc.spec.ports : [];
  const entries: Entry[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const ip = podIPs(pod)[0];
    const address: Json = { ip };
    if (shouldSetHostname(pod, svc)) address.hostname = pod.spec.hostname;
    address.nodeName = pod.spec?.nodeName ?? '';
    address.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
    const ready = publishNotReady || isPodReady(pod);
    if (ports.length === 0) {
      if (svc.spec?.clusterIP === 'None') entries.push({ address, ready, ports: null });
      continue;
    }
    const eps: Json[] = [];
    for (const sp of ports) {
      const n = findPort(pod, sp);
      if (n === undefined) continue;
      const ep: Json = { name: sp.name, port: n, protocol: sp.protocol ?? 'TCP' };
      if (!sp.name) delete ep.name;
      if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
      eps.push(ep);
    }
    if (eps.length > 0) entries.push({ address, ready, ports: eps });
  }
  return repack(entries);
}

/**
 * Groups addresses by the set of ports they offer: one subset per distinct address set, with
 * addresses sorted by IP (byte order) then pod uid, not-ready winning over ready. Upstream sorts
 * ports and subsets by an md5 of their Go dump; here ports keep the Service's order and subsets
 * the order of their first port.
 */
function repack(entries: Entry[]): Json[] {
  const portKey = (p: Json | null) => (p === null ? '' : JSON.stringify(p));
  const byPort = new Map<string, { port: Json | null; addrs: Map<string, { address: Json; ready: boolean }> }>();
  for (const e of entries) {
    for (const p of e.ports ?? [null]) {
      const k = portKey(p);
      let slot = byPort.get(k);
      if (!slot) byPort.set(k, (slot = { port: p, addrs: new Map() }));
      const ak = `${e.address.ip}|${e.address.targetRef?.uid ?? ''}`;
      const prev = slot.addrs.get(ak);
      if (!prev || prev.ready) slot.addrs.set(ak, { address: prev?.address ?? e.address, ready: e.ready });
    }
  }
  const groups = new Map<string, { ports: Json[]; addrs: { address: Json; ready: boolean }[] }>();
  for (const slot of byPort.values()) {
    const addrs = [...slot.addrs.values()].sort((a, b) => lessAddress(a.address, b.address));
    const k = addrs.map((a) => `${a.address.ip}|${a.address.targetRef?.uid ?? ''}|${a.ready}`).join(',');
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ports: [], addrs }));
    if (slot.port !== null) g.ports.push(slot.port);
  }
  const out: Json[] = [];
  for (const g of groups.values()) {
    const subset: Json = {};
    const ready = g.addrs.filter((a) => a.ready).map((a) => a.address);
    const notReady = g.addrs.filter((a) => !a.ready).map((a) => a.address);
    if (ready.length > 0) subset.addresses = ready;
    if (notReady.length > 0) subset.notReadyAddresses = notReady;
    if (g.ports.length > 0) subset.ports = g.ports;
    out.push(subset);
  }
  return out;
}

/** `LessEndpointAddress`: IP as bytes, then the target's uid. */
function lessAddress(a: Json, b: Json): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid ?? '';
  const ub = b.targetRef?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function countAddresses(subsets: Json[]): number {
  return subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
}

/** `truncateEndpoints`: keep at most 1000 addresses, ready ones first, proportionally per subset. */
function truncate(subsets: Json[]): boolean {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= ENDPOINTS_MAX_CAPACITY) return false;
  const truncateReady = totalReady > ENDPOINTS_MAX_CAPACITY;
  const max = truncateReady ? ENDPOINTS_MAX_CAPACITY : ENDPOINTS_MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const s of subsets) {
    const inSubset = truncateReady ? (s.addresses?.length ?? 0) : (s.notReadyAddresses?.length ?? 0);
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      if (s.addresses) s.addresses = s.addresses.slice(0, toBeAdded);
      delete s.notReadyAddresses;
      canBeAdded -= s.addresses?.length ?? 0;
    } else {
      if (s.notReadyAddresses) s.notReadyAddresses = s.notReadyAddresses.slice(0, toBeAdded);
      canBeAdded -= s.notReadyAddresses?.length ?? 0;
    }
  }
  return true;
}
