// `kubectl describe node` (describe.go describeNode, describeNodeLease, describeNodeResource) in
// the v1.32 layout: conditions, addresses, capacity, system info, the non-terminated pods with
// their requests and limits as a share of allocatable, the allocated totals and the node's events
// (the kubelet's, whose uid is the node name, and the controllers', with the node's uid).
import type { KObject } from '../../api/types';
import { formatQuantity, isBinaryQuantity, parseQuantity } from '../../api/quantity';
import { translateTimestampSince } from '../printers/duration';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, rfc1123z } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './writer';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const byteCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);

/** A resource total as resource.Quantity keeps it: the value and the format of the first term. */
interface Total {
  value: number;
  binary: boolean;
}
type Totals = Record<string, Total>;

function add(into: Totals, name: string, raw: unknown): void {
  const v = parseQuantity(raw);
  if (v === undefined) return;
  if (into[name]) into[name] = { ...into[name], value: into[name].value + v };
  else into[name] = { value: v, binary: isBinaryQuantity(raw) };
}

function max(into: Totals, other: Totals): void {
  for (const [k, t] of Object.entries(other)) if (!into[k] || t.value > into[k].value) into[k] = { ...t };
}

/** resourcehelper.PodRequests / PodLimits: containers (plus sidecars) vs each init container, plus overhead. */
export function podTotals(pod: KObject, field: 'requests' | 'limits'): Totals {
  const spec = pod.spec ?? {};
  const out: Totals = {};
  for (const c of spec.containers ?? []) for (const [k, v] of Object.entries(c.resources?.[field] ?? {})) add(out, k, v);
  const sidecars: Totals = {};
  for (const c of spec.initContainers ?? []) {
    const own: Totals = {};
    for (const [k, v] of Object.entries(c.resources?.[field] ?? {})) add(own, k, v);
    if (c.restartPolicy === 'Always') {
      for (const [k, t] of Object.entries(own)) add(out, k, formatQuantity(t.value, t.binary));
      for (const [k, t] of Object.entries(own)) add(sidecars, k, formatQuantity(t.value, t.binary));
    } else {
      for (const [k, t] of Object.entries(sidecars)) add(own, k, formatQuantity(t.value, t.binary));
      max(out, own);
    }
  }
  for (const [k, v] of Object.entries(spec.overhead ?? {})) if (out[k] || field === 'requests') add(out, k, v);
  return out;
}

function quantity(t: Total | undefined): string {
  return t ? formatQuantity(t.value, t.binary) : '0';
}

/** int64(float64(q) / float64(allocatable) * 100), 0 when nothing is allocatable. */
function percent(t: Total | undefined, allocatable: unknown): number {
  const a = parseQuantity(allocatable) ?? 0;
  if (!t || a === 0) return 0;
  return Math.trunc((t.value / a) * 100);
}

function findNodeRoles(node: KObject): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort(byteCompare);
}

function describeNodeResource(w: PrefixWriter, pods: KObject[], node: KObject, nowMs: number): void {
  const alloc: Record<string, string> = node.status?.allocatable && Object.keys(node.status.allocatable).length > 0 ? node.status.allocatable : (node.status?.capacity ?? {});
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const reqs: Totals = {};
  const lims: Totals = {};
  for (const p of pods) {
    const r = podTotals(p, 'requests');
    const l = podTotals(p, 'limits');
    const cell = (t: Totals, k: string) => `${quantity(t[k])} (${percent(t[k], alloc[k])}%)`;
    w.write(LEVEL_1, `${p.metadata.namespace}\t${p.metadata.name}\t\t${cell(r, 'cpu')}\t${cell(l, 'cpu')}\t${cell(r, 'memory')}\t${cell(l, 'memory')}\t${translateTimestampSince(p.metadata.creationTimestamp, nowMs)}\n`);
    for (const [k, t] of Object.entries(r)) add(reqs, k, formatQuantity(t.value, t.binary));
    for (const [k, t] of Object.entries(l)) add(lims, k, formatQuantity(t.value, t.binary));
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const row = (k: string) => w.write(LEVEL_1, `${k}\t${quantity(reqs[k])} (${percent(reqs[k], alloc[k])}%)\t${quantity(lims[k])} (${percent(lims[k], alloc[k])}%)\n`);
  for (const k of ['cpu', 'memory', 'ephemeral-storage']) row(k);
  const names = Object.keys(alloc);
  for (const k of names.filter((n) => n.startsWith('hugepages-')).sort(byteCompare)) row(k);
  const ext = names.filter((n) => !n.startsWith('hugepages-') && !STANDARD.has(n) && !n.startsWith('requests.') && !n.startsWith('limits.')).sort(byteCompare);
  for (const k of ext) w.write(LEVEL_1, `${k}\t${quantity(reqs[k])}\t${quantity(lims[k])}\n`);
}

/** The node's events: first those with its uid (controllers), then those with its name as uid (kubelet). */
function nodeEvents(ctx: DescribeContext, node: KObject): KObject[] {
  const all = ctx.cluster.api.store.list('/Event').filter((e) => e.involvedObject?.kind === 'Node' && e.involvedObject?.name === node.metadata.name && !e.involvedObject?.namespace);
  return [...all.filter((e) => e.involvedObject.uid === node.metadata.uid), ...all.filter((e) => e.involvedObject.uid === node.metadata.name)];
}

export function describeNode(ctx: DescribeContext, node: KObject): string {
  const name = node.metadata.name!;
  const status = node.status ?? {};
  const lease = ctx.cluster.api.store.get('coordination.k8s.io/Lease', 'kube-node-lease', name);
  const pods = ctx.cluster.api.store
    .list('/Pod')
    .filter((p) => p.spec?.nodeName === name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${name}\n`);
    const roles = findNodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', node.spec?.taints);
    w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
    if (lease) {
      w.write(LEVEL_0, 'Lease:\n');
      w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
      w.write(LEVEL_1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
    } else {
      w.write(LEVEL_0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${name}" not found\n`);
    }
    const conds: Json[] = status.conditions ?? [];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conds) {
        w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
      }
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    const resources = (list: Record<string, string>) => {
      for (const k of Object.keys(list).sort(byteCompare)) w.write(LEVEL_0, `  ${k}:\t${list[k]}\n`);
    };
    if (Object.keys(status.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, 'Capacity:\n');
      resources(status.capacity);
    }
    if (Object.keys(status.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, 'Allocatable:\n');
      resources(status.allocatable);
    }
    const info = status.nodeInfo ?? {};
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`);
    if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
    if ((node.spec?.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
    if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);
    describeNodeResource(w, pods, node, ctx.nowMs);
    if (ctx.showEvents) describeEvents(w, nodeEvents(ctx, node), ctx.nowMs);
  });
}

registerDescriber('Node', describeNode);
