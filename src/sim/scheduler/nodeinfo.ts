// framework.NodeInfo: a node with the aggregates of the pods on it (requested resources with and
// without the scoring defaults, host ports, pods with affinity), updated incrementally.

import { parseQuantity } from '../api/quantity';
import type { KObject } from '../api/types';
import type { HostPort, PodInfo } from './podinfo';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

const LABEL_HOSTNAME = 'kubernetes.io/hostname';
const LABEL_REGION = 'topology.kubernetes.io/region';
const LABEL_ZONE = 'topology.kubernetes.io/zone';
const LABEL_REGION_BETA = 'failure-domain.beta.kubernetes.io/region';
const LABEL_ZONE_BETA = 'failure-domain.beta.kubernetes.io/zone';

export class NodeInfo {
  /** The Node object; undefined for a node the cache knows only from pods bound to it. */
  node: KObject | undefined;
  labels: Readonly<Record<string, string>> = {};
  /** labels[kubernetes.io/hostname] and labels[topology.kubernetes.io/zone], the default spreading keys, as fields. */
  hostnameLabel: string | undefined = undefined;
  zoneLabel: string | undefined = undefined;
  /**
   * zoneLabel's index in the cache's table of zone values (SchedulerCache.zoneIndex), or -1 when
   * the node has no zone label: spreading counts per zone live in small arrays, not string maps.
   */
  zoneIdx = -1;
  taints: readonly Taint[] = [];
  /** taints.length > 0, kept beside the other per-node fields the filters read (no array to load). */
  hasTaints = false;
  unschedulable = false;
  zoneKey = '';
  allocCpu = 0;
  allocMemory = 0;
  allocPods = 0;
  allocEphemeral = 0;
  allocScalar: Record<string, number> | null = null;
  reqCpu = 0;
  reqMemory = 0;
  reqEphemeral = 0;
  reqScalar: Record<string, number> | null = null;
  nonZeroCpu = 0;
  nonZeroMemory = 0;
  /** Pods on the node (assumed ones included), by uid. */
  pods = new Map<string, PodInfo>();
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;
  /** `ip/protocol/port` → number of pods using it. */
  usedPorts: Map<string, number> | null = null;
  /** Images present on the node (node.status.images): every name → size in bytes. */
  images: ReadonlyMap<string, number> = EMPTY_IMAGES;
  /** The node.status.images list `images` was built from. */
  private imageList: ImageList = [];

  /**
   * A number the cache gives each NodeInfo it creates, never reused: per-node counters index
   * arrays by it (clones keep it: they stand for the same node).
   */
  slot = -1;

  constructor(readonly name: string) {}

  /** Reads what the scheduler uses from the Node object. */
  setNode(node: KObject): void {
    this.node = node;
    this.setLabels(node.metadata.labels ?? {});
    this.taints = Array.isArray(node.spec?.taints) ? node.spec.taints : [];
    this.hasTaints = this.taints.length > 0;
    this.unschedulable = node.spec?.unschedulable === true;
    const a = node.status?.allocatable ?? {};
    this.allocCpu = milli(a.cpu);
    this.allocMemory = whole(a.memory);
    this.allocPods = whole(a.pods);
    this.allocEphemeral = whole(a['ephemeral-storage']);
    let scalar: Record<string, number> | null = null;
    for (const [k, v] of Object.entries(a)) {
      if (k === 'cpu' || k === 'memory' || k === 'pods' || k === 'ephemeral-storage') continue;
      (scalar ??= {})[k] = whole(v);
    }
    this.allocScalar = scalar;
    this.zoneKey = zoneKeyOf(this.labels);
    // Status updates (heartbeats) mostly report the same images: keep the map then (no allocation,
    // and the cache's image counts see the same object).
    const list: ImageList = Array.isArray(node.status?.images) ? node.status.images : [];
    if (!sameImageList(this.imageList, list)) {
      this.imageList = list;
      const images = new Map<string, number>();
      for (const img of list) {
        const size = Number(img?.sizeBytes ?? 0);
        for (const n of Array.isArray(img?.names) ? img.names : []) images.set(String(n), size);
      }
      this.images = images.size ? images : EMPTY_IMAGES;
    }
  }

  /** The Node object is gone: no images (the next setNode builds them again). */
  forgetImages(): void {
    this.images = new Map();
    this.imageList = [];
  }

  setLabels(labels: Readonly<Record<string, string>>): void {
    this.labels = labels;
    this.hostnameLabel = Object.prototype.hasOwnProperty.call(labels, LABEL_HOSTNAME) ? labels[LABEL_HOSTNAME] : undefined;
    this.zoneLabel = Object.prototype.hasOwnProperty.call(labels, LABEL_ZONE) ? labels[LABEL_ZONE] : undefined;
  }

  /** pods.size, as a field: NodeResourcesFit reads it for every node filtered (no Map to load). */
  podCount = 0;

  addPod(pi: PodInfo): void {
    this.pods.set(pi.uid, pi);
    this.podCount = this.pods.size;
    this.update(pi, 1);
  }

  removePod(pi: PodInfo): boolean {
    const cur = this.pods.get(pi.uid);
    if (!cur) return false;
    this.pods.delete(pi.uid);
    this.podCount = this.pods.size;
    this.update(cur, -1);
    return true;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    this.reqCpu += sign * pi.cpu;
    this.reqMemory += sign * pi.memory;
    this.reqEphemeral += sign * pi.ephemeralStorage;
    this.nonZeroCpu += sign * pi.nonZeroCpu;
    this.nonZeroMemory += sign * pi.nonZeroMemory;
    if (pi.scalar) {
      const s = (this.reqScalar ??= {});
      for (const [k, v] of Object.entries(pi.scalar)) s[k] = (s[k] ?? 0) + sign * v;
    }
    if (pi.hasPodAffinity) this.podsWithAffinity += sign;
    if (pi.requiredAntiAffinity) this.podsWithRequiredAntiAffinity += sign;
    if (pi.ports) {
      const used = (this.usedPorts ??= new Map());
      for (const p of pi.ports) {
        const k = portKey(p);
        const n = (used.get(k) ?? 0) + sign;
        if (n <= 0) used.delete(k);
        else used.set(k, n);
      }
    }
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with every address. */
  portConflict(p: HostPort): boolean {
    const used = this.usedPorts;
    if (!used || used.size === 0) return false;
    if (p.ip === '0.0.0.0') {
      const suffix = `/${p.protocol}/${p.port}`;
      for (const k of used.keys()) if (k.endsWith(suffix)) return true;
      return false;
    }
    return used.has(portKey(p)) || used.has(`0.0.0.0/${p.protocol}/${p.port}`);
  }

  /** A copy for what-if evaluation (preemption dry runs, nominated pods). Pods are shared, not copied. */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.slot = this.slot;
    c.node = this.node;
    c.labels = this.labels;
    c.hostnameLabel = this.hostnameLabel;
    c.zoneLabel = this.zoneLabel;
    c.zoneIdx = this.zoneIdx;
    c.taints = this.taints;
    c.hasTaints = this.hasTaints;
    c.unschedulable = this.unschedulable;
    c.zoneKey = this.zoneKey;
    c.allocCpu = this.allocCpu;
    c.allocMemory = this.allocMemory;
    c.allocPods = this.allocPods;
    c.allocEphemeral = this.allocEphemeral;
    c.allocScalar = this.allocScalar;
    c.reqCpu = this.reqCpu;
    c.reqMemory = this.reqMemory;
    c.reqEphemeral = this.reqEphemeral;
    c.reqScalar = this.reqScalar ? { ...this.reqScalar } : null;
    c.nonZeroCpu = this.nonZeroCpu;
    c.nonZeroMemory = this.nonZeroMemory;
    c.pods = new Map(this.pods);
    c.podCount = this.podCount;
    c.podsWithAffinity = this.podsWithAffinity;
    c.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity;
    c.usedPorts = this.usedPorts ? new Map(this.usedPorts) : null;
    c.images = this.images;
    return c;
  }
}

const EMPTY_IMAGES: ReadonlyMap<string, number> = new Map();

type ImageList = readonly { names?: unknown[]; sizeBytes?: unknown }[];

/** Two node.status.images lists with the same names and sizes in the same order (they build the same map). */
function sameImageList(a: ImageList, b: ImageList): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (Number(x?.sizeBytes ?? 0) !== Number(y?.sizeBytes ?? 0)) return false;
    const xn = Array.isArray(x?.names) ? x.names : [];
    const yn = Array.isArray(y?.names) ? y.names : [];
    if (xn.length !== yn.length) return false;
    for (let j = 0; j < xn.length; j++) if (String(xn[j]) !== String(yn[j])) return false;
  }
  return true;
}

function portKey(p: HostPort): string {
  return `${p.ip}/${p.protocol}/${p.port}`;
}

/** utilnode.GetZoneKey: region and zone, or '' when the node has neither. */
export function zoneKeyOf(labels: Readonly<Record<string, string>>): string {
  const region = labels[LABEL_REGION] ?? labels[LABEL_REGION_BETA] ?? '';
  const zone = labels[LABEL_ZONE] ?? labels[LABEL_ZONE_BETA] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

function milli(v: unknown): number {
  const q = parseQuantity(v);
  return q === undefined ? 0 : Math.round(q * 1000);
}

function whole(v: unknown): number {
  const q = parseQuantity(v);
  return q === undefined ? 0 : Math.floor(q);
}
