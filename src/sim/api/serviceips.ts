// Service ClusterIP and NodePort allocation, as the Service REST storage does on create and update
// (`pkg/registry/core/service/storage/alloc.go`, `ipallocator/bitmap.go`, `portallocator`).
//
// - ClusterIPs come from 10.96.0.0/12 (kubeadm's default; `kubernetes` is 10.96.0.1 and kube-dns
//   10.96.0.10). A dynamic IP is a random free address in the upper band, then a linear scan; the
//   lower min(max(16, size/16), 256) addresses are preferred for static (requested) IPs.
// - NodePorts come from 30000–32767; dynamic ports avoid the lower band of min(max(16, size/32), 128)
//   ports (ServiceNodePortStaticSubrange). A requested port taken by another Service is rejected
//   with `provided port is already allocated`.
// - On update, values the user omitted are patched in from the stored Service
//   (`patchAllocatedValues`), and fields that no longer apply to a new type are dropped
//   (`dropTypeDependentFields`).
//
// There is no allocator state: what is allocated is read from the stored Services each time, so
// deleting a Service releases its IP and ports and a restored cluster needs nothing rebuilt.

import type { Rng } from '../core/rng';
import type { ObjectStore } from './store';
import type { KObject } from './types';
import { goStringSlice } from './validation/gorepr';
import { invalid, type FieldError } from './validation/errors';

export const SERVICE_CIDR = '10.96.0.0/12';
const CIDR_BASE = ipToInt('10.96.0.0')!;
const CIDR_BITS = 12;
/** Usable addresses: the network and broadcast addresses are never handed out. */
const IP_RANGE_SIZE = 2 ** (32 - CIDR_BITS) - 2;
const IP_RANGE_OFFSET = Math.min(Math.max(16, 2 ** (32 - CIDR_BITS) / 16), 256);

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const PORT_RANGE_SIZE = NODE_PORT_MAX - NODE_PORT_MIN + 1;
const PORT_RANGE_OFFSET = Math.min(Math.max(16, Math.floor(PORT_RANGE_SIZE / 32)), 128);

export interface AllocationDeps {
  store: ObjectStore;
  rng: Rng;
}

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Port = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Whether an IP is an allocatable address of the service CIDR. */
export function inServiceRange(ip: string): boolean {
  const n = ipToInt(ip);
  return n !== undefined && n > CIDR_BASE && n <= CIDR_BASE + IP_RANGE_SIZE;
}

const needsClusterIP = (s: Spec) => (s.type ?? 'ClusterIP') !== 'ExternalName';
const needsNodePort = (s: Spec) => s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);
const needsHCNodePort = (s: Spec) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
const portsOf = (s: Spec): Port[] => (Array.isArray(s.ports) ? s.ports.filter((p: unknown) => typeof p === 'object' && p !== null) : []);
const isPortNum = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v !== 0;

/** ClusterIPs and node ports held by every stored Service except `exceptUid`. */
function allocated(store: ObjectStore, exceptUid?: string): { ips: Set<number>; ports: Set<number> } {
  const ips = new Set<number>();
  const ports = new Set<number>();
  for (const svc of store.list('/Service')) {
    if (exceptUid && svc.metadata.uid === exceptUid) continue;
    const spec: Spec = svc.spec ?? {};
    const list: unknown[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [spec.clusterIP];
    for (const ip of list) {
      const n = typeof ip === 'string' ? ipToInt(ip) : undefined;
      if (n !== undefined) ips.add(n);
    }
    for (const p of portsOf(spec)) if (isPortNum(p.nodePort)) ports.add(p.nodePort);
    if (isPortNum(spec.healthCheckNodePort)) ports.add(spec.healthCheckNodePort);
  }
  return { ips, ports };
}

/** `randomScanStrategyWithOffset.AllocateBit`: random in the upper band, then the lower one. */
function allocateIndex(rng: Rng, size: number, offset: number, taken: (i: number) => boolean): number | undefined {
  const upper = size - offset;
  let start = rng.int(upper);
  for (let i = 0; i < upper; i++) {
    const at = offset + ((start + i) % upper);
    if (!taken(at)) return at;
  }
  if (offset === 0) return undefined;
  start = rng.int(offset);
  for (let i = 0; i < offset; i++) {
    const at = (start + i) % offset;
    if (!taken(at)) return at;
  }
  return undefined;
}

/**
 * Allocates (or checks requested) ClusterIPs and node ports for a Service about to be created
 * (`old` undefined) or updated, mutating `svc`. Returns the field errors the API server reports
 * as 422 Invalid; malformed values are left alone for validation to report.
 */
export function allocateServiceIPs(deps: AllocationDeps, svc: KObject, old?: KObject): FieldError[] {
  const spec: Spec | undefined = typeof svc.spec === 'object' && svc.spec !== null && !Array.isArray(svc.spec) ? svc.spec : undefined;
  if (!spec) return [];
  const oldSpec: Spec | undefined = old?.spec;
  if (old && oldSpec) {
    dropTypeDependentFields(svc, spec, oldSpec);
    patchAllocatedValues(spec, oldSpec);
  }
  const errs: FieldError[] = [];
  const used = allocated(deps.store, old?.metadata.uid);
  allocateClusterIP(deps.rng, spec, oldSpec, used.ips, errs);
  if (errs.length > 0) return errs;
  allocateNodePorts(deps.rng, spec, oldSpec, used.ports, errs);
  return errs;
}

function allocateClusterIP(rng: Rng, spec: Spec, oldSpec: Spec | undefined, used: Set<number>, errs: FieldError[]): void {
  if (!needsClusterIP(spec)) return;
  if ((spec.clusterIP === undefined || spec.clusterIP === '') && Array.isArray(spec.clusterIPs) && typeof spec.clusterIPs[0] === 'string') {
    spec.clusterIP = spec.clusterIPs[0];
  }
  const requested = spec.clusterIP;
  if (requested === 'None') return;
  if (typeof requested === 'string' && requested !== '') {
    if (oldSpec && oldSpec.clusterIP === requested) return; // already ours
    const n = ipToInt(requested);
    if (n === undefined) return; // validation reports the malformed IP
    const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [requested];
    const fail = (why: string) => errs.push(invalid('spec.clusterIPs', ips, `failed to allocate IP ${requested}: ${why}`, goStringSlice(ips)));
    if (!inServiceRange(requested)) fail(`the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`);
    else if (used.has(n)) fail('provided IP is already allocated');
    return;
  }
  if (requested !== undefined && requested !== null && typeof requested !== 'string') return;
  const i = allocateIndex(rng, IP_RANGE_SIZE, IP_RANGE_OFFSET, (at) => used.has(CIDR_BASE + 1 + at));
  if (i === undefined) {
    errs.push(invalid('spec.clusterIPs', [], 'failed to allocate a serviceIP: range is full', 'nil'));
    return;
  }
  const ip = intToIp(CIDR_BASE + 1 + i);
  spec.clusterIP = ip;
  spec.clusterIPs = [ip];
}

function allocateNodePorts(rng: Rng, spec: Spec, oldSpec: Spec | undefined, used: Set<number>, errs: FieldError[]): void {
  const ports = portsOf(spec);
  const oldPorts = new Set<number>();
  if (oldSpec) {
    for (const p of portsOf(oldSpec)) if (isPortNum(p.nodePort)) oldPorts.add(p.nodePort);
    if (isPortNum(oldSpec.healthCheckNodePort)) oldPorts.add(oldSpec.healthCheckNodePort);
  }
  const mine = new Set<number>();
  const inRange = (n: number) => n >= NODE_PORT_MIN && n <= NODE_PORT_MAX;
  const claim = (n: number, field: string): boolean => {
    if (!inRange(n)) return false; // validation reports the range
    if (used.has(n) && !oldPorts.has(n)) {
      errs.push(invalid(field, n, 'provided port is already allocated'));
      return false;
    }
    mine.add(n);
    return true;
  };
  // Requested ports first (they may not be taken by a dynamic allocation below).
  const allocate = needsNodePort(spec);
  const isLB = spec.type === 'LoadBalancer';
  if (allocate || isLB) {
    ports.forEach((p, i) => {
      if (isPortNum(p.nodePort) && !mine.has(p.nodePort)) claim(p.nodePort, `spec.ports[${i}].nodePort`);
    });
  }
  if (needsHCNodePort(spec) && isPortNum(spec.healthCheckNodePort) && !mine.has(spec.healthCheckNodePort)) {
    claim(spec.healthCheckNodePort, 'spec.healthCheckNodePort');
  }
  if (errs.length > 0) return;
  const next = (): number | undefined => {
    const i = allocateIndex(rng, PORT_RANGE_SIZE, PORT_RANGE_OFFSET, (at) => used.has(NODE_PORT_MIN + at) || mine.has(NODE_PORT_MIN + at));
    if (i === undefined) return undefined;
    mine.add(NODE_PORT_MIN + i);
    return NODE_PORT_MIN + i;
  };
  if (allocate) {
    // A port number served over several protocols (DNS on TCP and UDP) shares one node port.
    const byPort = new Map<number, number>();
    for (const p of ports) if (isPortNum(p.nodePort) && typeof p.port === 'number') byPort.set(p.port, p.nodePort);
    ports.forEach((p, i) => {
      if (isPortNum(p.nodePort) || (p.nodePort !== undefined && p.nodePort !== null && p.nodePort !== 0)) return;
      const shared = typeof p.port === 'number' ? byPort.get(p.port) : undefined;
      const n = shared ?? next();
      if (n === undefined) {
        errs.push(invalid(`spec.ports[${i}].nodePort`, 0, 'failed to allocate a nodePort: range is full'));
        return;
      }
      p.nodePort = n;
      if (typeof p.port === 'number') byPort.set(p.port, n);
    });
  }
  if (needsHCNodePort(spec) && !isPortNum(spec.healthCheckNodePort)) {
    const n = next();
    if (n !== undefined) spec.healthCheckNodePort = n;
  }
}

/** `patchAllocatedValues`: an update that omits allocated values keeps the stored ones. */
function patchAllocatedValues(spec: Spec, oldSpec: Spec): void {
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    if ((spec.clusterIP === undefined || spec.clusterIP === '') && oldSpec.clusterIP !== undefined) spec.clusterIP = oldSpec.clusterIP;
    const emptyIPs = !Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0;
    if (emptyIPs && Array.isArray(oldSpec.clusterIPs) && spec.clusterIP === oldSpec.clusterIP) spec.clusterIPs = [...oldSpec.clusterIPs];
  }
  if (needsNodePort(oldSpec) && needsNodePort(spec)) {
    const nodePortsOf = (s: Spec) => new Set(portsOf(s).map((p) => p.nodePort).filter(isPortNum));
    const newUsed = nodePortsOf(spec);
    const byName = new Map<string, number>();
    for (const p of portsOf(oldSpec)) byName.set(typeof p.name === 'string' ? p.name : '', p.nodePort);
    for (const p of portsOf(spec)) {
      if (isPortNum(p.nodePort)) continue;
      const oldVal = byName.get(typeof p.name === 'string' ? p.name : '');
      if (isPortNum(oldVal) && !newUsed.has(oldVal)) {
        p.nodePort = oldVal;
        newUsed.add(oldVal);
      }
    }
  }
  if (needsHCNodePort(oldSpec) && needsHCNodePort(spec) && !isPortNum(spec.healthCheckNodePort) && isPortNum(oldSpec.healthCheckNodePort)) {
    spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
  }
}

/** `dropTypeDependentFields`: wipe what a new type no longer needs, if the user left it unchanged. */
function dropTypeDependentFields(svc: KObject, spec: Spec, oldSpec: Spec): void {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (needsClusterIP(oldSpec) && !needsClusterIP(spec)) {
    if (same(spec.clusterIP, oldSpec.clusterIP) && (spec.clusterIPs === undefined || same(spec.clusterIPs, oldSpec.clusterIPs))) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (spec.ipFamilies === undefined || same(spec.ipFamilies, oldSpec.ipFamilies)) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === undefined || same(spec.ipFamilyPolicy, oldSpec.ipFamilyPolicy)) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(oldSpec) && !needsNodePort(spec)) {
    const np = (s: Spec) => portsOf(s).map((p) => (isPortNum(p.nodePort) ? p.nodePort : 0));
    const now = np(spec);
    const before = np(oldSpec);
    if (now.every((n, i) => n === 0 || n === before[i])) for (const p of portsOf(spec)) delete p.nodePort;
  }
  if (needsHCNodePort(oldSpec) && !needsHCNodePort(spec) && (spec.healthCheckNodePort === undefined || spec.healthCheckNodePort === oldSpec.healthCheckNodePort)) {
    delete spec.healthCheckNodePort;
  }
  if (oldSpec.type === 'LoadBalancer' && spec.type !== 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts) {
    delete spec.allocateLoadBalancerNodePorts;
  }
  const needsETP = (s: Spec) => s.type === 'NodePort' || s.type === 'LoadBalancer' || (Array.isArray(s.externalIPs) && s.externalIPs.length > 0);
  if (needsETP(oldSpec) && !needsETP(spec) && spec.externalTrafficPolicy === oldSpec.externalTrafficPolicy) delete spec.externalTrafficPolicy;
  if (spec.type !== 'LoadBalancer' && svc.status?.loadBalancer?.ingress) svc.status = { ...svc.status, loadBalancer: {} };
}
