// The node lifecycle controller's view of node health (nodeHealthData and tryUpdateNodeHealth in
// pkg/controller/nodelifecycle/node_lifecycle_controller.go, v1.32): when it last heard from each
// node — the newer of the Ready condition's lastHeartbeatTime and the node Lease's renewTime, as
// the controller observed them — and, past the grace period without a heartbeat, the write that
// sets Ready, MemoryPressure, DiskPressure and PIDPressure to Unknown.
import { BoundedMap } from '../../core/boundedmap';
import type { ComponentHost } from '../../host';
import { isStatus, type KObject } from '../../api/types';
import { rfc3339 } from '../../core/time';

export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

/** What the controller last saw of a node (nodeHealthData). */
export interface NodeHealth {
  probeMs: number;
  readyTransitionMs: number;
  /** The saved Ready condition's heartbeat and transition times, or null when it had none. */
  ready: { heartbeat?: string; transition?: string } | null;
  leaseRenew?: string;
}

export function condition(node: KObject, type: string): Condition | undefined {
  const conds: Condition[] = Array.isArray(node.status?.conditions) ? node.status.conditions : [];
  return conds.find((c) => c.type === type);
}

/**
 * MicroTime → ms. Each lease renewTime is compared twice (when first seen, and as the saved one
 * in later passes): the parse is remembered per string. Bounded: emptied when full.
 */
const parsedMicro = new BoundedMap<string, number>(20_000);
const parseMicro = (s: string | undefined): number => {
  if (!s) return NaN;
  let t = parsedMicro.get(s);
  if (t === undefined) {
    t = Date.parse(s.replace(/\.(\d{3})\d*Z$/, '.$1Z'));
    parsedMicro.set(s, t);
  }
  return t;
};

/** The Ready times saved in the health record: made only when saved (most passes keep `health`). */
function seenOf(ready: Condition | undefined): { heartbeat?: string; transition?: string } {
  return { heartbeat: ready?.lastHeartbeatTime, transition: ready?.lastTransitionTime };
}

/**
 * tryUpdateNodeHealth: refreshes the node's probe time (in `healths`) from heartbeats; past the
 * grace period, conditions go Unknown. Returns the Ready condition as observed before this pass
 * and as it stands after it (undefined: the node never posted one and nothing was written).
 */
export function tryUpdateNodeHealth(host: ComponentHost, healths: Record<string, NodeHealth>, node: KObject): { observed: Condition; current: Condition | undefined } {
  const name = node.metadata.name!;
  const now = host.now();
  let health: NodeHealth | undefined = healths[name];
  const ready = condition(node, 'Ready');
  let observed: Condition;
  let gracePeriod: number;
  if (!ready) {
    observed = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: node.metadata.creationTimestamp };
    gracePeriod = NODE_STARTUP_GRACE_PERIOD_MS;
    const created = Date.parse(node.metadata.creationTimestamp ?? '') || now;
    if (health) health = { ...health, ready: null };
    else health = { probeMs: created, readyTransitionMs: created, ready: null };
  } else {
    // The stored condition itself (stored objects are not changed; callers only read it).
    observed = ready;
    gracePeriod = NODE_MONITOR_GRACE_PERIOD_MS;
  }
  const saved = health?.ready ?? null;
  if (!health) {
    health = { probeMs: now, readyTransitionMs: now, ready: ready ? seenOf(ready) : null };
  } else if (!saved && ready) {
    health = { probeMs: now, readyTransitionMs: now, ready: seenOf(ready), leaseRenew: health.leaseRenew };
  } else if (saved && ready && saved.heartbeat !== ready.lastHeartbeatTime) {
    const transitionMs = saved.transition !== ready.lastTransitionTime ? now : health.readyTransitionMs;
    health = { probeMs: now, readyTransitionMs: transitionMs, ready: seenOf(ready), leaseRenew: health.leaseRenew };
  }
  // Always update the probe time if the node lease was renewed.
  const lease = host.store.get('coordination.k8s.io/Lease', 'kube-node-lease', name);
  const renew: string | undefined = lease?.spec?.renewTime;
  // The same renewTime as last seen (the usual case between renewals) is not newer: no parsing.
  if (renew && renew !== health.leaseRenew && (!health.leaseRenew || parseMicro(health.leaseRenew) < parseMicro(renew))) {
    health = { ...health, leaseRenew: renew, probeMs: now };
  }
  healths[name] = health;

  if (now <= health.probeMs + gracePeriod) return { observed, current: ready };
  const ts = rfc3339(now);
  const conditions: Condition[] = Array.isArray(node.status?.conditions) ? node.status.conditions.map((c: Condition) => ({ ...c })) : [];
  for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: ts,
        message: 'Kubelet never posted node status.', reason: 'NodeStatusNeverUpdated', status: 'Unknown', type,
      });
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: ts });
    }
  }
  const current = conditions.find((c) => c.type === 'Ready')!;
  if (JSON.stringify(current) === JSON.stringify(ready ?? observed) && ready) return { observed, current: ready };
  const updated = host.api.update({ ...node, status: { ...node.status, conditions } }, { subresource: 'status' });
  if (isStatus(updated)) return { observed, current: ready };
  healths[name] = { ...health, readyTransitionMs: now, ready: { heartbeat: current.lastHeartbeatTime, transition: current.lastTransitionTime } };
  return { observed, current };
}
