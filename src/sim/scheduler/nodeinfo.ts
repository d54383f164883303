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

const LABEL_REGION = 'topology.kubernetes.io/region';
const LABEL_ZONE = 'topology.kubernetes.io/zone';
const LABEL_REGION_BETA = 'failure-domain.beta.kubernetes.io/region';
const LABEL_ZONE_BETA = 'failure-domain.beta.kubernetes.io/zone';

export class NodeInfo {
  /** The Node object; undefined for a node the cache knows only from pods bound to it. */
  node: KObject | undefined;
  labels: Readonly<Record<string, string>> = {};
  taints: readonly Taint[] = [];
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

  constructor(readonly name: string) {}

  /** Reads what the scheduler uses from the Node object. */
  setNode(node: KObject): void {
    this.node = node;
    this.labels = node.metadata.labels ?? {};
    this.taints = Array.isArray(node.spec?.taints) ? node.spec.taints : [];
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
    const images = new Map<string, number>();
    for (const img of Array.isArray(node.status?.images) ? node.status.images : []) {
      const size = Number(img?.sizeBytes ?? 0);
      for (const n of Array.isArray(img?.names) ? img.names : []) images.set(String(n), size);
    }
    this.images = images.size ? images : EMPTY_IMAGES;
  }

  get podCount(): number {
    return this.pods.size;
  }

  addPod(pi: PodInfo): void {
    this.pods.set(pi.uid, pi);
    this.update(pi, 1);
  }

  removePod(pi: PodInfo): boolean {
    const cur = this.pods.get(pi.uid);
    if (!cur) return false;
    this.pods.delete(pi.uid);
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
    c.node = this.node;
    c.labels = this.labels;
    c.taints = this.taints;
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
    c.podsWithAffinity = this.podsWithAffinity;
    c.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity;
    c.usedPorts = this.usedPorts ? new Map(this.usedPorts) : null;
    c.images = this.images;
    return c;
  }
}

const EMPTY_IMAGES: ReadonlyMap<string, number> = new Map();

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
