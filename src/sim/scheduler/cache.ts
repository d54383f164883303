// The scheduler cache (pkg/scheduler/backend/cache): nodes with their aggregates, the pods bound
// or assumed on them, the node tree that orders nodes zone by zone, and the indexes the
// affinity and spreading plugins read. Derived from the store, except the node tree's order,
// which is the informer's add order and part of the snapshot.

import type { KObject } from '../api/types';
import { ExistingTermIndex, MatchCounters } from './indexes';
import { NodeInfo } from './nodeinfo';
import type { PodInfo } from './podinfo';

export { NodeInfo } from './nodeinfo';

/** What changed in a node update, for the queue's requeue hints. */
export interface NodeChange {
  added: boolean;
  labels: boolean;
  taints: boolean;
  allocatable: boolean;
  unschedulable: boolean;
  conditions: boolean;
  images: boolean;
}

/** nodeTree (backend/cache/node_tree.go): zones in the order they appeared, nodes per zone in add order. */
export class NodeTree {
  zones: string[] = [];
  readonly tree = new Map<string, string[]>();
  private readonly zoneOf = new Map<string, string>();

  get size(): number {
    return this.zoneOf.size;
  }

  add(name: string, zone: string): void {
    if (this.zoneOf.has(name)) return;
    const na = this.tree.get(zone);
    if (na) na.push(name);
    else {
      this.zones.push(zone);
      this.tree.set(zone, [name]);
    }
    this.zoneOf.set(name, zone);
  }

  remove(name: string): void {
    const zone = this.zoneOf.get(name);
    if (zone === undefined) return;
    this.zoneOf.delete(name);
    const na = this.tree.get(zone)!;
    na.splice(na.indexOf(name), 1);
    if (na.length === 0) {
      this.tree.delete(zone);
      this.zones.splice(this.zones.indexOf(zone), 1);
    }
  }

  /**
   * Re-files a node whose zone changed (it goes last in its new zone, as upstream); false when it
   * is already there (the order is unchanged).
   */
  update(name: string, zone: string): boolean {
    if (this.zoneOf.get(name) === zone) return false;
    this.remove(name);
    this.add(name, zone);
    return true;
  }

  /** Round robin over zones. */
  list(): string[] {
    const out: string[] = [];
    const total = this.zoneOf.size;
    for (let i = 0; out.length < total; i++) {
      for (const z of this.zones) {
        const na = this.tree.get(z)!;
        if (i < na.length) out.push(na[i]!);
      }
    }
    return out;
  }

  snapshot(): [string, string[]][] {
    return this.zones.map((z) => [z, [...this.tree.get(z)!]]);
  }

  restore(data: [string, string[]][]): void {
    this.zones = [];
    this.tree.clear();
    this.zoneOf.clear();
    for (const [z, names] of data) for (const n of names) this.add(n, z);
  }
}

export class SchedulerCache {
  readonly nodes = new Map<string, NodeInfo>();
  readonly tree = new NodeTree();
  private ordered: NodeInfo[] | null = null;
  /** Assigned and assumed pods, by uid. */
  readonly pods = new Map<string, PodInfo>();
  private readonly assumed = new Set<string>();
  private readonly labelsOf = (node: string) => this.nodes.get(node)?.labels ?? NO_LABELS;
  readonly terms = new ExistingTermIndex(this.labelsOf);
  private nextSlot = 0;
  readonly counters = new MatchCounters(this.labelsOf, (node) => this.nodes.get(node)?.slot ?? -1);
  /** Image name → number of nodes that have it (ImageStateSummary.NumNodes). */
  readonly imageNodes = new Map<string, number>();
  /** Nodes hosting pods with pod (anti-)affinity. */
  private readonly affinityNodes = new Map<string, number>();
  /** Pending pods nominated to a node by preemption: node → uid → pod. */
  readonly nominated = new Map<string, Map<string, PodInfo>>();
  private readonly nominatedNodeOf = new Map<string, string>();
  /** Service selectors by namespace, for the default topology spreading selector. */
  readonly services = new Map<string, Map<string, Readonly<Record<string, string>>>>();
  /** Counts changes to `services` (readers that keep what they derived from it compare it). */
  servicesVersion = 0;
  /** Zone label values seen on nodes, in first-seen order, and their indexes (NodeInfo.zoneIdx). Never shrinks. */
  readonly zoneValues: string[] = [];
  private readonly zoneIdxOf = new Map<string, number>();
  /** Nodes with spec.unschedulable: while none, NodeUnschedulable's filter cannot reject a node. */
  unschedulableNodes = 0;

  // ---- nodes ----

  private newNodeInfo(name: string): NodeInfo {
    const ni = new NodeInfo(name);
    ni.slot = this.nextSlot++;
    this.nodes.set(name, ni);
    return ni;
  }

  /** Adds or updates a node; returns what changed. */
  setNode(node: KObject): NodeChange {
    const name = node.metadata.name!;
    let ni = this.nodes.get(name);
    const added = !ni?.node;
    if (!ni) ni = this.newNodeInfo(name);
    const prev = ni.node;
    const prevLabels = ni.labels;
    const prevTaints = ni.taints;
    const prevCpu = ni.allocCpu;
    const prevMemory = ni.allocMemory;
    const prevPods = ni.allocPods;
    const prevEphemeral = ni.allocEphemeral;
    const prevScalar = ni.allocScalar;
    const prevUnsched = ni.unschedulable;
    const prevImages = ni.images;
    ni.setNode(node);
    ni.zoneIdx = this.zoneIndex(ni.zoneLabel);
    if ((!!prev && prevUnsched) !== ni.unschedulable) this.unschedulableNodes += ni.unschedulable ? 1 : -1;
    if (!sameRecord(prevLabels, ni.labels)) {
      this.terms.relabel(name, prevLabels, ni.labels);
      this.counters.relabel(name, prevLabels, ni.labels);
    }
    this.updateImageCounts(prevImages, ni.images);
    // The ordered list holds the same NodeInfo objects: only a new node or a zone move changes it
    // (node status updates, frequent while images are pulled, do not).
    if (added) {
      this.tree.add(name, ni.zoneKey);
      this.ordered = null;
    } else if (this.tree.update(name, ni.zoneKey)) this.ordered = null;
    const change: NodeChange = {
      added,
      labels: added || !sameRecord(prevLabels, ni.labels),
      taints: added || !(prevTaints === ni.taints || (prevTaints.length === 0 && ni.taints.length === 0) || JSON.stringify(prevTaints) === JSON.stringify(ni.taints)),
      allocatable:
        added ||
        !(prevCpu === ni.allocCpu && prevMemory === ni.allocMemory && prevPods === ni.allocPods && prevEphemeral === ni.allocEphemeral &&
          (prevScalar === ni.allocScalar || JSON.stringify(prevScalar) === JSON.stringify(ni.allocScalar))),
      unschedulable: added || prevUnsched !== ni.unschedulable,
      conditions: added || !sameConditions(prev, node),
      images: added || prevImages !== ni.images,
    };
    // Topology values come from node labels at lookup time: the per-node indexes key by node name.
    return change;
  }

  removeNode(name: string): void {
    const ni = this.nodes.get(name);
    if (!ni?.node) return;
    this.updateImageCounts(ni.images, new Map());
    if (ni.unschedulable) this.unschedulableNodes--;
    this.tree.remove(name);
    this.terms.relabel(name, ni.labels, NO_LABELS);
    this.counters.relabel(name, ni.labels, NO_LABELS);
    ni.setLabels(NO_LABELS);
    ni.zoneIdx = -1;
    ni.node = undefined;
    ni.forgetImages();
    if (ni.pods.size === 0) this.nodes.delete(name);
    this.ordered = null;
  }

  /** The index of a zone label value (-1 for none), added to `zoneValues` when new. */
  private zoneIndex(zone: string | undefined): number {
    if (zone === undefined) return -1;
    let i = this.zoneIdxOf.get(zone);
    if (i === undefined) {
      i = this.zoneValues.length;
      this.zoneValues.push(zone);
      this.zoneIdxOf.set(zone, i);
    }
    return i;
  }

  /** The index of a zone label value already seen, or undefined. */
  knownZoneIndex(zone: string): number | undefined {
    return this.zoneIdxOf.get(zone);
  }

  private updateImageCounts(prev: ReadonlyMap<string, number>, next: ReadonlyMap<string, number>): void {
    if (prev === next) return;
    for (const k of prev.keys()) {
      if (next.has(k)) continue;
      const n = (this.imageNodes.get(k) ?? 0) - 1;
      if (n <= 0) this.imageNodes.delete(k);
      else this.imageNodes.set(k, n);
    }
    for (const k of next.keys()) if (!prev.has(k)) this.imageNodes.set(k, (this.imageNodes.get(k) ?? 0) + 1);
  }

  /** Nodes in node-tree order (the snapshot's NodeInfoList). */
  nodeList(): NodeInfo[] {
    if (!this.ordered) this.ordered = this.tree.list().map((n) => this.nodes.get(n)!);
    return this.ordered;
  }

  /** Puts the nodes back in a snapshot's tree order; nodes the snapshot does not know keep theirs, after. */
  restoreTree(saved: [string, string[]][]): void {
    const known = new Set(this.tree.list());
    const rebuilt = this.tree.snapshot();
    this.tree.restore(saved.map(([z, names]) => [z, names.filter((n) => known.has(n))] as [string, string[]]).filter(([, names]) => names.length > 0));
    for (const [z, names] of rebuilt) for (const n of names) this.tree.add(n, z);
    this.ordered = null;
  }

  get numNodes(): number {
    return this.tree.size;
  }

  /** Nodes with pods that have pod affinity or anti-affinity (HavePodsWithAffinityList). */
  nodesWithAffinityPods(): IterableIterator<string> {
    return this.affinityNodes.keys();
  }

  // ---- pods ----

  isAssumed(uid: string): boolean {
    return this.assumed.has(uid);
  }

  /** Counts a pod on its node at once, before the binding is confirmed (Cache.AssumePod). */
  assume(pi: PodInfo, nodeName: string): void {
    pi.nodeName = nodeName;
    this.addPod(pi);
    this.assumed.add(pi.uid);
  }

  /** Undoes assume after a failed binding (Cache.ForgetPod). */
  forget(uid: string): void {
    if (!this.assumed.delete(uid)) return;
    const pi = this.pods.get(uid);
    if (pi) this.removePod(pi.uid);
  }

  /** An assigned pod from the informer: confirms an assumed pod or adds/updates it. */
  setPod(pi: PodInfo): void {
    const cur = this.pods.get(pi.uid);
    this.assumed.delete(pi.uid);
    if (cur) {
      if (cur.nodeName === pi.nodeName && cur.terminating === pi.terminating && sameRecord(cur.labels, pi.labels)) {
        cur.pod = pi.pod;
        return;
      }
      this.removePod(cur.uid);
    }
    this.addPod(pi);
  }

  getPod(uid: string): PodInfo | undefined {
    return this.pods.get(uid);
  }

  private addPod(pi: PodInfo): void {
    let ni = this.nodes.get(pi.nodeName);
    if (!ni) ni = this.newNodeInfo(pi.nodeName);
    ni.addPod(pi);
    this.pods.set(pi.uid, pi);
    this.terms.add(pi, 1);
    this.counters.onPod(pi, 1);
    if (pi.hasPodAffinity) this.affinityNodes.set(pi.nodeName, (this.affinityNodes.get(pi.nodeName) ?? 0) + 1);
  }

  removePod(uid: string): PodInfo | undefined {
    const pi = this.pods.get(uid);
    if (!pi) return undefined;
    this.pods.delete(uid);
    this.assumed.delete(uid);
    const ni = this.nodes.get(pi.nodeName);
    // Counters first, while the node's NodeInfo (and its slot) is still there.
    this.terms.add(pi, -1);
    this.counters.onPod(pi, -1);
    if (ni) {
      ni.removePod(pi);
      if (!ni.node && ni.pods.size === 0) this.nodes.delete(pi.nodeName);
    }
    if (pi.hasPodAffinity) {
      const n = (this.affinityNodes.get(pi.nodeName) ?? 0) - 1;
      if (n <= 0) this.affinityNodes.delete(pi.nodeName);
      else this.affinityNodes.set(pi.nodeName, n);
    }
    return pi;
  }

  // ---- nominated pods (the nominator) ----

  /** Records (or clears, with '') the node a pending pod is nominated to. */
  setNominated(pi: PodInfo, nodeName: string): void {
    const prev = this.nominatedNodeOf.get(pi.uid);
    if (prev !== undefined && prev !== nodeName) {
      const m = this.nominated.get(prev);
      m?.delete(pi.uid);
      if (m && m.size === 0) this.nominated.delete(prev);
      this.nominatedNodeOf.delete(pi.uid);
    }
    if (!nodeName) return;
    let m = this.nominated.get(nodeName);
    if (!m) this.nominated.set(nodeName, (m = new Map()));
    m.set(pi.uid, pi);
    this.nominatedNodeOf.set(pi.uid, nodeName);
  }

  nominatedNode(uid: string): string | undefined {
    return this.nominatedNodeOf.get(uid);
  }

  // ---- services ----

  setService(svc: KObject, deleted: boolean): void {
    this.servicesVersion++;
    const ns = svc.metadata.namespace ?? 'default';
    let m = this.services.get(ns);
    const sel = svc.spec?.selector;
    if (deleted || !sel || Object.keys(sel).length === 0) {
      m?.delete(svc.metadata.name!);
      return;
    }
    if (!m) this.services.set(ns, (m = new Map()));
    m.set(svc.metadata.name!, sel);
  }
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

export function sameRecord(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}

/** The same condition types and statuses in the same order (what the requeue cares about; not times). */
function sameConditions(a: KObject | undefined, b: KObject): boolean {
  const x: { type: string; status: string }[] = a?.status?.conditions ?? [];
  const y: { type: string; status: string }[] = b.status?.conditions ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (`${x[i]!.type}` !== `${y[i]!.type}` || `${x[i]!.status}` !== `${y[i]!.status}`) return false;
  return true;
}
