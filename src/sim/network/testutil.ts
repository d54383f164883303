// Test fixtures for the network: nodes without kubelets (`fake-node-*`) and pods bound to them
// whose status (IP, Ready) the test writes through the status subresource, as the kubelet would.
// Fixture pods name a scheduler nobody serves, so the real scheduler and kubelets leave them be.

import type { Cluster } from '../cluster';
import { isStatus, type KObject } from '../api/types';
import { rfc3339 } from '../core/time';
import { NODE_AGENTS_SERVICE, type NodeAgents } from '../node/agent';

export const FIXTURE_SCHEDULER = 'fixture-scheduler';

export function must(r: KObject | { kind: 'Status'; message: string }): KObject {
  if (isStatus(r)) throw new Error(r.message);
  return r as KObject;
}

/**
 * A Ready node with an InternalIP and a zone. Its kubelet is stopped (a machine state, see
 * node/agent.ts), so the test alone writes the status of the pods bound to it.
 */
export function fakeNode(c: Cluster, name: string, ip: string, zone = 'zone-a'): KObject {
  c.service<NodeAgents>(NODE_AGENTS_SERVICE)?.set(name, { kubeletRunning: false });
  const n = must(c.api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone } }, spec: {} }));
  const ts = rfc3339(c.nowMs);
  return must(c.api.update({
    ...n,
    status: {
      addresses: [{ address: ip, type: 'InternalIP' }, { address: name, type: 'Hostname' }],
      conditions: [{ lastHeartbeatTime: ts, lastTransitionTime: ts, message: 'kubelet is posting ready status', reason: 'KubeletReady', status: 'True', type: 'Ready' }],
    },
  }, { subresource: 'status' }));
}

export interface FixturePod {
  labels?: Record<string, string>;
  node?: string;
  ip?: string;
  ready?: boolean;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  hostname?: string;
  subdomain?: string;
  namespace?: string;
}

/** Creates a pod bound to a fake node, Running with `ip`, Ready or not. */
export function fixturePod(c: Cluster, name: string, o: FixturePod = {}): KObject {
  const ns = o.namespace ?? 'default';
  must(c.api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: o.labels ?? { app: 'web' } },
    spec: {
      schedulerName: FIXTURE_SCHEDULER,
      ...(o.hostname ? { hostname: o.hostname } : {}),
      ...(o.subdomain ? { subdomain: o.subdomain } : {}),
      containers: [{ name: 'app', image: 'nginx:1.27', ...(o.ports ? { ports: o.ports } : {}) }],
    },
  }));
  if (o.node !== undefined || o.ip !== undefined) must(c.api.bind(ns, name, o.node ?? 'fake-node-1'));
  if (o.ip !== undefined) setPodStatus(c, name, { ip: o.ip, ready: o.ready ?? true, namespace: ns });
  return c.get('/Pod', ns, name)!;
}

/** Writes the pod's status: Running with the IP, Ready True/False (transition time now when it changes). */
export function setPodStatus(c: Cluster, name: string, o: { ip?: string; ready: boolean; namespace?: string; phase?: string }): KObject {
  const ns = o.namespace ?? 'default';
  const pod = c.get('/Pod', ns, name)!;
  const ts = rfc3339(c.nowMs);
  const prev = (pod.status?.conditions ?? []).find((x: { type: string }) => x.type === 'Ready');
  const readyTs = prev && (prev.status === 'True') === o.ready ? prev.lastTransitionTime : ts;
  const ip = o.ip ?? pod.status?.podIP;
  const cond = (type: string, ok: boolean, at = ts) => ({ lastProbeTime: null, lastTransitionTime: at, status: ok ? 'True' : 'False', type });
  return must(c.api.update({
    ...pod,
    status: {
      ...pod.status,
      phase: o.phase ?? 'Running',
      conditions: [cond('Initialized', true), cond('Ready', o.ready, readyTs), cond('ContainersReady', o.ready, readyTs), cond('PodScheduled', true)],
      containerStatuses: [{ name: 'app', image: 'nginx:1.27', imageID: 'nginx:1.27', ready: o.ready, restartCount: 0, started: true, state: { running: { startedAt: ts } }, lastState: {} }],
      hostIP: '172.18.0.100',
      podIP: ip,
      podIPs: [{ ip }],
      startTime: pod.status?.startTime ?? ts,
    },
  }, { subresource: 'status' }));
}

export function service(c: Cluster, name: string, spec: Record<string, unknown>, labels?: Record<string, string>): KObject {
  return must(c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, ...(labels ? { labels } : {}) }, spec }));
}

/** Objects of a kind without the fields that vary with the seed (uids, resourceVersions, names' suffixes stay). */
export function strip(o: KObject | undefined): KObject | undefined {
  if (!o) return o;
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, ...metadata } = o.metadata;
  void _u;
  void _r;
  void _c;
  return { ...o, metadata };
}
