// Test helpers for the batch and stateful controllers' fixture tests: finish pods as the kubelet
// would (Succeeded / Failed with terminated container states) and read an object's status.

import type { Cluster } from '../cluster';
import { isStatus, type KObject } from '../api/types';
import { rfc3339 } from '../core/time';
import { setPodRunning } from './util/testing';
import { makeNode } from '../bootstrap';
import { NODE_AGENTS_SERVICE, type NodeAgents } from '../node/agent';

/** Marks a pod Succeeded (exit 0) or Failed (exit `exitCode`, default 1) now, binding it first if needed. */
export function setPodFinished(c: Cluster, pod: KObject, phase: 'Succeeded' | 'Failed', exitCode = phase === 'Succeeded' ? 0 : 1): KObject {
  const ns = pod.metadata.namespace!;
  const name = pod.metadata.name!;
  let cur = c.get('/Pod', ns, name)!;
  if (!cur.spec.nodeName) cur = setPodRunning(c, cur);
  const ts = rfc3339(c.nowMs);
  const cond = (type: string, status: boolean) => ({ lastProbeTime: null, lastTransitionTime: ts, status: status ? 'True' : 'False', type });
  const status = {
    ...cur.status,
    phase,
    conditions: [
      cond('PodReadyToStartContainers', false),
      cond('Initialized', true),
      { ...cond('Ready', false), reason: 'PodCompleted' },
      { ...cond('ContainersReady', false), reason: 'PodCompleted' },
      ...(cur.status?.conditions ?? []).filter((x: { type: string }) => x.type === 'PodScheduled'),
    ],
    containerStatuses: cur.spec.containers.map((ct: { name: string; image: string }) => ({
      name: ct.name, image: ct.image, imageID: ct.image, ready: false, restartCount: 0, started: false, lastState: {},
      state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: cur.status?.startTime ?? ts, finishedAt: ts } },
    })),
  };
  const r = c.api.update({ ...cur, status }, { subresource: 'status' });
  if (isStatus(r)) throw new Error(r.message);
  return r;
}

/** Pods of the namespace whose controller is `owner` (by name), in name order. */
export function podsOf(c: Cluster, owner: string, namespace = 'default'): KObject[] {
  return c.list('/Pod', namespace).filter((p) => p.metadata.ownerReferences?.some((r) => r.controller && r.name === owner));
}

/** An object's status with the volatile timestamps replaced by offsets from `t0` ("+12s"). */
export function statusAt(o: KObject | undefined, t0: number): unknown {
  return JSON.parse(
    JSON.stringify(o?.status ?? null, (_k, v) => {
      if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(v)) return `+${(Date.parse(v) - t0) / 1000}s`;
      return v;
    }),
  );
}

/**
 * Node objects whose kubelet is stopped (`fake-node-1` …): PodGC keeps pods bound to them and no
 * kubelet touches those pods, so tests write pod statuses themselves. The node lifecycle
 * controller marks them NotReady after the grace period (50 s); keep tests shorter than that or
 * expect the taints.
 */
export function addFakeNodes(c: Cluster, count: number, labels: (i: number) => Record<string, string> = () => ({}), first = 1): KObject[] {
  const out: KObject[] = [];
  for (let i = first; i < first + count; i++) {
    const node = makeNode({ name: `fake-node-${i}`, index: 50 + i }, c.nowMs);
    node.metadata.labels = { ...node.metadata.labels, ...labels(i) };
    const created = c.api.create({ ...node, status: undefined });
    if (isStatus(created)) throw new Error(created.message);
    const r = c.api.update({ ...created, status: node.status }, { subresource: 'status' });
    if (isStatus(r)) throw new Error(r.message);
    c.service<NodeAgents>(NODE_AGENTS_SERVICE)?.set(node.metadata.name!, { kubeletRunning: false });
    out.push(r);
  }
  return out;
}

/**
 * Advances time renewing the fake nodes' Leases every 5 s (what their stopped kubelets would do),
 * so the node lifecycle controller keeps them Ready in longer tests.
 */
export function advanceKeepingFakeNodes(c: Cluster, ms: number): void {
  const end = c.nowMs + ms;
  const leaseInfo = c.kinds.byKind('Lease')!;
  while (c.nowMs < end) {
    for (const n of c.list('/Node')) {
      if (!n.metadata.name!.startsWith('fake-node-')) continue;
      const renewTime = new Date(c.nowMs).toISOString().replace('Z', '000Z');
      const lease = c.get('coordination.k8s.io/Lease', 'kube-node-lease', n.metadata.name!);
      if (lease) c.api.mutate(leaseInfo, 'kube-node-lease', n.metadata.name!, (o) => {
        o.spec = { ...o.spec, renewTime };
      });
      else c.api.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: n.metadata.name, namespace: 'kube-node-lease' }, spec: { holderIdentity: n.metadata.name, leaseDurationSeconds: 40, renewTime } });
    }
    c.advanceTo(Math.min(end, c.nowMs + 5000));
  }
}
