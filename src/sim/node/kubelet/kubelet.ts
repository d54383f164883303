// The kubelets: one per Node, acting on the pods bound to it. This file holds the shared
// machinery — state, the API watch, the PLEG-like relist, status writes, timers and events. The
// pod worker (worker.ts), container lifecycle and termination (lifecycle.ts), probes (probes.ts)
// and the machine state (machine.ts: power, kubelet stopped, partition) build on it.
import { BoundedMap } from '../../core/boundedmap';
import { isStatus, type KObject } from '../../api/types';
import { jsonEqual } from '../../api/meta';
import type { ComponentHost } from '../../host';
import type { NodeAgents } from '../agent';
import { ContainerRuntime, type ContainerRecord } from '../runtime/runtime';
import type { ProcessSpec } from '../runtime/program';
import { containerLimits, hostnameOf, volumeContent } from './env';
import { FALLBACK_POD_PREFIX, httpFrom, nodeInternalIP, releaseIP } from './network';
import { generatePodStatus, hostIPsOf } from './status';
import type { NodeKubeletState, PodState, Slot } from './state';
import { FORTUNES } from './fortunes';
import { PodIndex } from './podindex';
import { lookupRecord } from './records';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const COMPONENT = 'kubelet';
const RELIST_PERIOD_MS = 1000;
/** The pod worker's requeue after a failed sync (pod_workers.go backOffPeriod 10 s, jitter 0.5). */
export const ERROR_REQUEUE_MS = 10_000;

const POD_INFO = { kind: 'Pod', group: '', version: 'v1', plural: 'pods', singular: 'pod', shortNames: ['po'], namespaced: true };

export class Kubelets {
  /** By node name: a lookup record (see lookupRecord), read on every kubelet event. */
  private nodesState: Record<string, NodeKubeletState> = lookupRecord();
  /**
   * Derived lookups over `nodes[*].pods` (by uid, by namespace/name), kept up to date where pods
   * are added (seePod) and removed (forget), dropped when `nodes` is replaced (restore) and
   * rebuilt on next use. Entries are checked against `nodes` before use.
   */
  private podIndex?: PodIndex;

  get nodes(): Record<string, NodeKubeletState> {
    return this.nodesState;
  }

  set nodes(v: Record<string, NodeKubeletState>) {
    this.nodesState = v;
    this.podIndex = undefined;
  }
  seq = 0;
  readonly runtime: ContainerRuntime;
  /** Hooks the other kubelet modules install (avoids import cycles). */
  hooks!: {
    runWorker(ps: PodState): void;
    syncTerminating(ps: PodState): void;
    podRemoved(ps: PodState): void;
    afterTerminal(ps: PodState): void;
    startProbes(ps: PodState, slot: Slot, rec: ContainerRecord): void;
    scheduleExit(ps: PodState, slot: Slot, rec: ContainerRecord): void;
    adopt(ps: PodState): boolean;
  };

  constructor(readonly host: ComponentHost, readonly agents: NodeAgents) {
    this.runtime = new ContainerRuntime({
      volume: (uid, name) => {
        const ps = this.podByUid(uid);
        return ps ? volumeContent(host.store, ps.pod, name, ps.sandbox?.ip ?? ps.pod.status?.podIP ?? '', this.hostIP(ps.node)) : undefined;
      },
      podContainers: (uid) => {
        const ps = this.podByUid(uid);
        return ps ? Object.values(ps.slots).map((s) => this.runtime.get(s.current)).filter((r): r is ContainerRecord => !!r) : [];
      },
      http: (from, method, url, body, atMs, ua) => {
        const ps = this.podByUid(from.podUid);
        return httpFrom(this, from, from.node, ps?.namespace ?? 'default', method, url, body, atMs, ua);
      },
      fortune: (t) => FORTUNES[Math.floor(t / 1000) % FORTUNES.length],
    });
  }

  now(): number {
    return this.host.now();
  }

  nodeState(name: string): NodeKubeletState {
    let n = this.nodes[name];
    if (!n) {
      n = { name, images: {}, pullFreeAtMs: 0, lastIpIndex: 1, ips: lookupRecord(), pods: lookupRecord(), dirty: [], relistPhaseMs: this.host.rng.int(RELIST_PERIOD_MS) };
      this.nodes[name] = n;
    }
    return n;
  }

  nodeObj(name: string): KObject | undefined {
    return this.host.store.get('/Node', undefined, name);
  }

  /**
   * The node's InternalIP, read again only when its Node object changes (asked per status), and
   * the `hostIPs` its pods' statuses report: one frozen list per node (see status.ts hostIPsOf).
   */
  private readonly hostIPs = new Map<string, HostAddresses>();
  /** Derived: a pod IP's `a.b.c.` prefix → the node that last had a pod there (a hint, checked on use). */
  private readonly ipPrefixNode = new BoundedMap<string, string>(10_000);

  hostIP(node: string): string {
    return this.hostIPOf(node, this.nodeObj(node));
  }

  /** hostIP with the node's stored Node object in hand. */
  private hostIPOf(node: string, obj: KObject | undefined): string {
    return this.hostAddresses(node, obj).ip;
  }

  private hostAddresses(node: string, obj: KObject | undefined): HostAddresses {
    const hit = this.hostIPs.get(node);
    if (hit && hit.obj === obj) return hit;
    const ip = nodeInternalIP(obj);
    const addresses = { obj, ip, ips: hit && hit.ip === ip ? hit.ips : hostIPsOf(ip) };
    this.hostIPs.set(node, addresses);
    return addresses;
  }

  /** The kubelet process runs (machine on, kubelet not stopped). */
  active(node: string): boolean {
    const s = this.agents.get(node);
    return s.powered && s.kubeletRunning;
  }

  /** The kubelet can talk to the API server. */
  canWrite(node: string): boolean {
    return this.agents.reachesApi(node) && !!this.nodeObj(node);
  }

  private index(): PodIndex {
    return (this.podIndex ??= new PodIndex(this.nodes));
  }

  podByUid(uid: string): PodState | undefined {
    return this.index().podByUid(uid);
  }

  podByKey(ns: string, name: string, key?: string): PodState | undefined {
    return this.index().podByKey(ns, name, key);
  }

  /** The pod that has a pod IP, with its running containers. */
  podByIP(ip: string): { ps: PodState; node: string; containers: ContainerRecord[] } | undefined {
    // A node hands out the IPs of its own podCIDR, so the node that last answered for an IP's /24
    // is asked first; the scan over every node (5,000 in the largest clusters) is the fallback,
    // and the only way for the /24 that nodes without a podCIDR share.
    const prefix = ip.slice(0, ip.lastIndexOf('.') + 1);
    const hinted = prefix === FALLBACK_POD_PREFIX ? undefined : this.ipPrefixNode.get(prefix);
    const hintedNode = hinted === undefined ? undefined : this.nodes[hinted];
    if (hintedNode) {
      const found = this.podOnNodeByIP(hintedNode, ip);
      if (found) return found;
    }
    for (const n of Object.values(this.nodes)) {
      if (n === hintedNode) continue;
      const found = this.podOnNodeByIP(n, ip);
      if (found) {
        if (prefix !== FALLBACK_POD_PREFIX) this.ipPrefixNode.set(prefix, n.name);
        return found;
      }
    }
    return undefined;
  }

  private podOnNodeByIP(n: NodeKubeletState, ip: string): { ps: PodState; node: string; containers: ContainerRecord[] } | undefined {
    const uid = n.ips[ip];
    const ps = uid ? n.pods[uid] : undefined;
    if (!ps) return undefined;
    return { ps, node: n.name, containers: Object.values(ps.slots).map((s) => this.runtime.get(s.current)).filter((r): r is ContainerRecord => r?.state === 'running') };
  }

  containerSpec(ps: PodState, name: string): Json | undefined {
    const spec = ps.pod.spec;
    return named(spec?.containers, name) ?? named(spec?.initContainers, name);
  }

  /** `spec.containers{name}` or `spec.initContainers{name}`: one string per container name, not one per Event. */
  fieldPath(ps: PodState, name: string): string {
    const init = named(ps.pod.spec?.initContainers, name) !== undefined;
    const paths = init ? INIT_FIELD_PATHS : FIELD_PATHS;
    let path = paths.get(name);
    if (path === undefined) {
      path = `spec.${init ? 'initContainers' : 'containers'}{${name}}`;
      paths.set(name, path);
    }
    return path;
  }

  /** Records an event about the pod (dropped when the kubelet cannot reach the API server). */
  event(ps: PodState, type: 'Normal' | 'Warning', reason: string, message: string, container?: string): void {
    if (!this.canWrite(ps.node)) return;
    const cur = this.host.store.get('/Pod', ps.namespace, ps.name);
    const obj = cur && cur.metadata.uid === ps.uid ? cur : ps.pod;
    this.host.events.record(obj, type, reason, message, { component: COMPONENT, host: ps.node }, container ? this.fieldPath(ps, container) : undefined);
  }

  // --- timers ------------------------------------------------------------------------------

  schedule(type: string, atMs: number, data: Record<string, unknown>): void {
    this.host.schedule(Math.max(atMs, this.now()), type, data);
  }

  /** A timed resync of a pod (back-off expiry, error requeue); only the earliest is kept. */
  resyncAt(ps: PodState, atMs: number): void {
    const at = Math.max(atMs, this.now() + 1);
    if (ps.resyncAtMs !== undefined && ps.resyncAtMs <= at && ps.resyncAtMs > this.now()) return;
    if (ps.resyncAtMs !== undefined) this.host.cancel((t, d) => t === 'kubelet.resync' && (d as { uid: string }).uid === ps.uid, { types: ['kubelet.resync'] });
    ps.resyncAtMs = at;
    this.schedule('kubelet.resync', at, { node: ps.node, uid: ps.uid, atMs: at });
  }

  /** The error requeue after a failed sync: 10–15 s. */
  requeueAfterError(ps: PodState, notAfterMs?: number): void {
    const at = this.now() + ERROR_REQUEUE_MS + this.host.rng.int(5000);
    this.resyncAt(ps, notAfterMs !== undefined ? Math.min(at, notAfterMs) : at);
  }

  /** A runtime change the next relist reports (the PLEG): the pod syncs at the next 1 s tick. */
  markChanged(ps: PodState): void {
    const n = this.nodeState(ps.node);
    if (!n.dirty.includes(ps.uid)) n.dirty.push(ps.uid);
    const now = this.now();
    const next = now + RELIST_PERIOD_MS - ((now - n.relistPhaseMs) % RELIST_PERIOD_MS + RELIST_PERIOD_MS) % RELIST_PERIOD_MS;
    if (n.relistAtMs !== undefined && n.relistAtMs >= now) return;
    n.relistAtMs = next;
    this.schedule('kubelet.relist', next, { node: ps.node });
  }

  relist(node: string): void {
    const n = this.nodes[node];
    if (!n) return;
    n.relistAtMs = undefined;
    const dirty = n.dirty.splice(0);
    if (!this.active(node)) return;
    for (const uid of dirty) {
      const ps = n.pods[uid];
      if (ps) this.syncPod(ps);
    }
  }

  // --- the API watch -----------------------------------------------------------------------

  /** A pod changed in the API (the kubelet's informer). */
  onPodChange(ns: string, name: string, key?: string): void {
    const pod = this.host.store.get('/Pod', ns, name);
    const known = this.podByKey(ns, name, key);
    // The stored pod is the very object the kubelet last took in (usually its own status write,
    // coming back through the informer): nothing to see (seePod would only note it again).
    if (known !== undefined && pod === known.pod) return;
    if (known && (!pod || pod.metadata.uid !== known.uid)) {
      if (!this.nodeObj(known.node)) this.forget(known); // the node itself is gone
      else if (this.canWrite(known.node)) this.hooks.podRemoved(known);
    }
    if (!pod) return;
    const node = pod.spec?.nodeName;
    // canWrite's own Node lookup asked once (nothing between the two changes the store).
    if (!node || !this.nodeObj(node) || !this.agents.reachesApi(node)) return;
    this.seePod(node, pod);
  }

  /** Takes the API's version of a pod into the kubelet's cache and syncs it. */
  seePod(node: string, pod: KObject, force = false): void {
    const n = this.nodeState(node);
    let ps = n.pods[pod.metadata.uid!];
    if (!ps) {
      ps = { uid: pod.metadata.uid!, namespace: pod.metadata.namespace!, name: pod.metadata.name!, node, pod, slots: {}, pullBackoff: {} };
      n.pods[ps.uid] = ps;
      this.index().add(ps);
      if (this.hooks.adopt(ps)) return;
    } else if (!force && !podsDifferSemantically(ps.pod, pod)) {
      // A status-only change (often our own write) is a "reconcile", not an update: no sync.
      ps.pod = pod;
      return;
    }
    ps.pod = pod;
    this.syncPod(ps);
  }

  /** The pod worker's entry point: write the status, then act. */
  syncPod(ps: PodState): void {
    if (!this.active(ps.node)) return;
    if (ps.op) {
      ps.pendingSync = true;
      return;
    }
    if (ps.pod.metadata.deletionTimestamp || ps.terminating) {
      this.hooks.syncTerminating(ps);
      return;
    }
    if (ps.startTimeMs === undefined && !ps.pod.status?.startTime) ps.startTimeMs = this.now();
    this.updateStatus(ps);
    if (ps.terminal) return;
    ps.passAttempted = [];
    this.hooks.runWorker(ps);
  }

  /** A container record by id, for generatePodStatus (one function, not a closure per status). */
  private readonly record = (id: string | undefined): ContainerRecord | undefined => this.runtime.get(id);

  /** Writes the pod status when it differs from the API's (status manager). */
  updateStatus(ps: PodState, podIsTerminal = false): void {
    const cur = this.host.store.get('/Pod', ps.namespace, ps.name);
    // Asked once: nothing below changes the machine state or the Node before it is used again
    // (the terminal-phase branch starts over in a new call).
    // The Node is looked up once for canWrite and hostIP.
    const nodeObj = this.nodeObj(ps.node);
    const writable = this.agents.reachesApi(ps.node) && !!nodeObj;
    if (cur && cur.metadata.uid === ps.uid && writable) ps.pod = cur;
    const host = this.hostAddresses(ps.node, nodeObj);
    const status = generatePodStatus({ ps, record: this.record, hostIP: host.ip, hostIPs: host.ips, nowMs: this.now() }, podIsTerminal || !!ps.terminal);
    if ((status.phase === 'Succeeded' || status.phase === 'Failed') && !ps.terminal) {
      ps.terminal = true;
      this.hooks.afterTerminal(ps);
      return this.updateStatus(ps, podIsTerminal);
    }
    if (jsonEqual(status, ps.pod.status)) {
      ps.statusDirty = false;
      return;
    }
    if (!writable || !cur || cur.metadata.uid !== ps.uid) {
      ps.statusDirty = true;
      return;
    }
    // The status is generatePodStatus's fresh object, not kept: handed over without a copy. What
    // it carries over from the stored status is flat (conditions) or frozen (volumeMounts); the
    // ephemeral containers' statuses are not, so such a status is copied as before.
    const handOverStatus = status.ephemeralContainerStatuses === undefined;
    // A status write reads only the request's kind, metadata and status (server.status.ts): no spread copy of the pod.
    const r = this.host.api.update({ apiVersion: cur.apiVersion, kind: cur.kind, metadata: cur.metadata, status }, { subresource: 'status', handOverStatus });
    if (!isStatus(r)) ps.pod = r;
    ps.statusDirty = false;
  }

  /** Forgets a pod: its containers, IP and timers. */
  forget(ps: PodState): void {
    const n = this.nodeState(ps.node);
    for (const s of Object.values(ps.slots)) {
      for (const id of [s.current, s.previous]) if (id) this.runtime.remove(id);
    }
    releaseIP(n, ps.sandbox?.ip, ps.uid);
    delete n.pods[ps.uid];
    this.podIndex?.remove(ps);
    n.dirty = n.dirty.filter((u) => u !== ps.uid);
    this.host.cancel((t, d) => t.startsWith('kubelet.') && (d as { uid?: string }).uid === ps.uid, { typePrefix: 'kubelet.' });
  }

  deletePod(ps: PodState): void {
    if (!this.canWrite(ps.node)) return;
    const cur = this.host.store.get('/Pod', ps.namespace, ps.name);
    if (!cur || cur.metadata.uid !== ps.uid) return;
    this.host.api.delete(POD_INFO, ps.namespace, ps.name, { gracePeriodSeconds: 0, preconditions: { uid: ps.uid } });
  }

  // --- for the runtime ---------------------------------------------------------------------

  /**
   * A container process's spec, built as one literal in its (snapshotted) key order; the limits
   * are present even when undefined, as they always were.
   */
  processSpec(ps: PodState, c: Json, argv: string[], env: [string, string][], podIP: string): ProcessSpec {
    const lim = containerLimits(c);
    const declaredPorts: number[] = [];
    const ports: Json[] | undefined = c.ports;
    if (ports) for (let i = 0; i < ports.length; i++) if (typeof ports[i].containerPort === 'number') declaredPorts.push(ports[i].containerPort);
    return { image: c.image, argv, env, podIP, hostname: hostnameOf(ps.pod), namespace: ps.namespace, declaredPorts, memoryLimitBytes: lim.memory, cpuLimitMilli: lim.cpuMilli };
  }

  nextId(): number {
    return ++this.seq;
  }
}

/** The container of that name in a container list. */
function named(list: Json[] | undefined, name: string): Json | undefined {
  if (!list) return undefined;
  for (let i = 0; i < list.length; i++) if (list[i].name === name) return list[i];
  return undefined;
}

const FIELD_PATHS = new BoundedMap<string, string>(1000);
const INIT_FIELD_PATHS = new BoundedMap<string, string>(1000);

/** A node's InternalIP as read from its Node object, and its pods' `status.hostIPs`. */
interface HostAddresses {
  obj: KObject | undefined;
  ip: string;
  ips: readonly Json[];
}

/** config.go podsDifferSemantically: spec, labels, annotations or deletion changed. */
function podsDifferSemantically(a: KObject, b: KObject): boolean {
  return !(
    jsonEqual(a.spec, b.spec) &&
    jsonEqual(a.metadata.labels ?? {}, b.metadata.labels ?? {}) &&
    jsonEqual(a.metadata.annotations ?? {}, b.metadata.annotations ?? {}) &&
    a.metadata.deletionTimestamp === b.metadata.deletionTimestamp &&
    a.metadata.deletionGracePeriodSeconds === b.metadata.deletionGracePeriodSeconds
  );
}
