// Helpers shared by the Endpoints, EndpointSlice and mirroring controllers
// (`staging/src/k8s.io/endpointslice/util`, `pkg/controller/util/endpoint`): which pods belong
// in endpoints, target port lookup, the last-change trigger time tracker, and the index of which
// Services select a pod.

import { isPodReady, isPodTerminal } from '../api/podutil';
import type { ObjectStore, StoredChange } from '../api/store';
import type { KObject } from '../api/types';
import { rfc3339 } from '../core/time';
import { NO_KEYS } from './manager';
import { storedSelectorFromSet } from './util/selectorcache';

export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
export const LABEL_SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
export const ANNOTATION_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const ANNOTATION_OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export function serviceKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** A non-empty selector (an empty one is nil once stored, so it selects nothing). */
export function serviceSelector(svc: KObject): Record<string, string> | undefined {
  const sel = svc.spec?.selector;
  if (typeof sel !== 'object' || sel === null || Array.isArray(sel) || Object.keys(sel).length === 0) return undefined;
  return sel;
}

/** `helper.IsServiceIPSet`: a ClusterIP that is neither empty nor None. */
export function isServiceIPSet(svc: KObject): boolean {
  const ip = svc.spec?.clusterIP;
  return typeof ip === 'string' && ip !== '' && ip !== 'None';
}

export function podIPs(pod: KObject): string[] {
  const ips: Json[] = Array.isArray(pod.status?.podIPs) ? pod.status.podIPs : [];
  const list = ips.map((p) => p?.ip).filter((ip): ip is string => typeof ip === 'string' && ip !== '');
  if (list.length === 0 && typeof pod.status?.podIP === 'string' && pod.status.podIP) list.push(pod.status.podIP);
  return list;
}

/** `ShouldPodBeInEndpoints`: not terminal, has an IP, and not terminating unless tolerated. */
export function shouldPodBeInEndpoints(pod: KObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (podIPs(pod).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** `ShouldSetHostname`: the pod's hostname, when its subdomain is this Service. */
export function shouldSetHostname(pod: KObject, svc: KObject): boolean {
  return !!pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

/** `FindPort`: a numeric target port as is; a named one from the pod's container (or sidecar) ports. */
export function findPort(pod: KObject, svcPort: Json): number | undefined {
  const target = svcPort?.targetPort ?? svcPort?.port;
  if (typeof target === 'number') return target;
  if (typeof target !== 'string') return undefined;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = svcPort.protocol ?? 'TCP';
  const lists: Json[][] = [
    Array.isArray(pod.spec?.containers) ? pod.spec.containers : [],
    (Array.isArray(pod.spec?.initContainers) ? pod.spec.initContainers : []).filter((c: Json) => c?.restartPolicy === 'Always'),
  ];
  for (const list of lists) {
    for (const c of list) {
      for (const p of Array.isArray(c?.ports) ? c.ports : []) {
        if (p?.name === target && (p.protocol ?? 'TCP') === protocol && typeof p.containerPort === 'number') return p.containerPort;
      }
    }
  }
  return undefined;
}

/** The pod's Ready condition transition time, its endpoints trigger time (ms, or 0). */
function podTriggerTime(pod: KObject): number {
  const conds: Json[] = Array.isArray(pod.status?.conditions) ? pod.status.conditions : [];
  const ready = conds.find((c) => c?.type === 'Ready');
  const t = ready?.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

interface ServiceTriggerState {
  service: number;
  pods: Record<string, number>;
}

/**
 * `TriggerTimeTracker`: the time of the earliest change (a pod's readiness transition, the
 * Service's creation) not yet reflected in the Service's endpoints, for the
 * `endpoints.kubernetes.io/last-change-trigger-time` annotation. Plain data for snapshots.
 */
export class TriggerTimeTracker {
  private states: Record<string, ServiceTriggerState> = {};

  /** The trigger time as RFC3339 (second precision), or undefined when nothing changed. */
  compute(svc: KObject, pods: readonly KObject[]): string | undefined {
    const key = serviceKey(svc.metadata.namespace, svc.metadata.name!);
    const state = this.states[key] ?? { service: 0, pods: {} };
    let min = 0;
    const lower = (t: number) => {
      if (min === 0 || t < min) min = t;
    };
    const podTimes: Record<string, number> = {};
    for (const pod of pods) {
      const t = podTriggerTime(pod);
      if (t === 0) continue;
      podTimes[pod.metadata.name!] = t;
      if (t > (state.pods[pod.metadata.name!] ?? 0)) lower(t);
    }
    const created = Date.parse(svc.metadata.creationTimestamp ?? '');
    const svcTime = Number.isNaN(created) ? 0 : created;
    if (svcTime > state.service) lower(svcTime);
    this.states[key] = { service: svcTime, pods: podTimes };
    return min === 0 ? undefined : rfc3339(min);
  }

  deleteService(namespace: string, name: string): void {
    delete this.states[serviceKey(namespace, name)];
  }

  snapshot(): unknown {
    return structuredClone(this.states);
  }

  restore(data: unknown): void {
    // The cluster's own copy of the snapshot (Cluster.restore): taken as it is, not copied again.
    this.states = (data ?? {}) as Record<string, ServiceTriggerState>;
  }
}

/** The pods a Service with a selector selects, in name order. `svc` is a stored Service (its selector's matcher is cached by identity). */
export function podsForService(store: ObjectStore, svc: KObject): KObject[] {
  const sel = serviceSelector(svc);
  if (!sel) return [];
  const m = storedSelectorFromSet(sel);
  return store.list('/Pod', svc.metadata.namespace).filter((p) => m.matches(p.metadata.labels ?? {}));
}

/** The Services of a pod no Service selects (shared; replaced, never changed in place). */
const NO_SERVICES: Set<string> = new Set();
const sharedIndexes = new WeakMap<ObjectStore, ServicePodIndex>();

/** What the index remembers of a pod: the Services selecting it, and the labels that was computed from. */
interface PodServices {
  services: Set<string>;
  /** The stored labels object `services` was computed from; undefined when a Service change set it. */
  labels: unknown;
}

/**
 * Which Services select a pod, remembered per pod so a label change that takes a pod out of a
 * Service still queues that Service (`GetServicesToUpdateOnPodChange`). Derived from the store.
 * Filed by pod uid: the stored uid string is one object across a pod's versions (its hash is
 * computed once), where a `namespace/name` key would be built per change. A pod re-created under
 * the same name has a new uid; the old one's entry went at its DELETED.
 */
export class ServicePodIndex {
  private readonly byPod = new Map<string, PodServices>();
  /** The last pod change answered, and the answer (the Endpoints and EndpointSlice controllers share one index). */
  private lastChange: StoredChange | undefined;
  private lastKeys: readonly string[] = NO_KEYS;
  private lastServiceChange: StoredChange | undefined;

  constructor(private readonly store: ObjectStore) {}

  /**
   * The index of a store, shared by the Endpoints and EndpointSlice controllers: both derive the
   * same pod → Services memo from the same changes, so one copy (and one computation per pod
   * change) serves both. Each change reaches it once per controller; the second is answered from
   * `lastChange`.
   */
  static shared(store: ObjectStore): ServicePodIndex {
    let idx = sharedIndexes.get(store);
    if (!idx) sharedIndexes.set(store, (idx = new ServicePodIndex(store)));
    return idx;
  }

  private matching(pod: KObject): Set<string> {
    let out: Set<string> | undefined;
    const labels = pod.metadata.labels ?? {};
    for (const svc of this.store.list('/Service', pod.metadata.namespace)) {
      const sel = serviceSelector(svc);
      if (sel && storedSelectorFromSet(sel).matches(labels)) (out ??= new Set()).add(serviceKey(svc.metadata.namespace, svc.metadata.name!));
    }
    // Most pods match no Service: they share one empty set (never changed in place).
    return out ?? NO_SERVICES;
  }

  /**
   * Service keys to sync for a pod change: those selecting it now and those that did. The answer
   * is kept for the other controller and shared, not copied: the manager only reads it.
   */
  keysForPod(change: StoredChange): readonly string[] {
    if (change === this.lastChange) return this.lastKeys;
    const keys = this.computeKeysForPod(change);
    this.lastChange = change;
    this.lastKeys = keys;
    return keys;
  }

  private computeKeysForPod(change: StoredChange): readonly string[] {
    const pod = change.object;
    const uid = pod.metadata.uid!;
    const rec = this.byPod.get(uid);
    const labels = pod.metadata.labels;
    if (rec !== undefined && change.type !== 'DELETED' && labels !== undefined && rec.labels === labels) {
      // The same stored labels object as when the memo was last computed (a status write keeps
      // it), and Service changes keep the memo right (onServiceChange): the set is unchanged.
      return rec.services.size === 0 ? NO_KEYS : [...rec.services].sort();
    }
    const before = rec?.services ?? NO_SERVICES;
    const now = this.matching(pod);
    if (change.type === 'DELETED') this.byPod.delete(uid);
    else if (rec) {
      rec.services = now;
      rec.labels = labels;
    } else this.byPod.set(uid, { services: now, labels });
    if (before.size === 0 && now.size === 0) return NO_KEYS;
    return [...new Set([...before, ...now])].sort();
  }

  /** Keeps the memo right when a Service's selector changes or the Service goes. */
  onServiceChange(change: StoredChange): void {
    if (change === this.lastServiceChange) return;
    this.lastServiceChange = change;
    // A pod change answered before this Service change must be recomputed if it comes again.
    this.lastChange = undefined;
    const svc = change.object;
    const key = serviceKey(svc.metadata.namespace, svc.metadata.name!);
    const sel = change.type === 'DELETED' ? undefined : serviceSelector(svc);
    const m = sel ? storedSelectorFromSet(sel) : undefined;
    for (const pod of this.store.list('/Pod', svc.metadata.namespace)) {
      const uid = pod.metadata.uid!;
      const rec = this.byPod.get(uid);
      const selects = !!m?.matches(pod.metadata.labels ?? {});
      if (!rec) this.byPod.set(uid, { services: selects ? new Set([key]) : NO_SERVICES, labels: undefined });
      else if (selects && rec.services === NO_SERVICES) rec.services = new Set([key]);
      else if (selects) rec.services.add(key);
      else if (rec.services !== NO_SERVICES) rec.services.delete(key);
    }
  }

  resync(): void {
    this.lastChange = undefined;
    this.lastServiceChange = undefined;
    this.byPod.clear();
    for (const pod of this.store.list('/Pod')) this.byPod.set(pod.metadata.uid!, { services: this.matching(pod), labels: undefined });
  }
}

export { isPodReady };
