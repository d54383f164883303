// Pod helpers the lifecycle controllers share: pods by node (a store index), pod conditions as
// apipod.UpdatePodCondition sets them, and the node controllers' object references.
import type { ObjectStore } from '../../api/store';
import type { KObject } from '../../api/types';
import type { PodCondition } from '../../api/podutil';
import { rfc3339 } from '../../core/time';

export const POD_NODE_INDEX = 'spec.nodeName';

export function addPodNodeIndex(store: ObjectStore): void {
  store.addIndex('/Pod', POD_NODE_INDEX, podNodeValues);
}

/**
 * The index values of a pod: asked twice per pod write (the old and the new version, mostly of
 * the same node), so the last node's list is kept and handed out again, and an unbound pod gets
 * one shared empty list; frozen, as the store only reads them. (A lookup per node name cost more
 * than the lists it saved at 5,000 nodes; one comparison does not.)
 */
function podNodeValues(o: KObject): readonly string[] {
  const node: string | undefined = o.spec?.nodeName;
  if (!node) return NO_NODE;
  if (node !== lastNode) {
    lastNode = node;
    lastNodeValues = Object.freeze([node]);
  }
  return lastNodeValues;
}

const NO_NODE: readonly string[] = Object.freeze([]);
let lastNode: string | undefined;
let lastNodeValues: readonly string[] = NO_NODE;

/** Pods bound to the node, in namespace/name order. */
export function podsOnNode(store: ObjectStore, node: string): KObject[] {
  return store.byIndex('/Pod', POD_NODE_INDEX, node);
}

/**
 * apipod.UpdatePodCondition on a copy of the conditions: adds or replaces `cond` (keeping the old
 * lastTransitionTime when the status is unchanged). Returns the new list, or undefined if nothing changed.
 */
export function updatePodCondition(pod: KObject, cond: PodCondition, nowMs: number): PodCondition[] | undefined {
  const conds: PodCondition[] = Array.isArray(pod.status?.conditions) ? pod.status.conditions.map((c: PodCondition) => ({ ...c })) : [];
  const next: PodCondition = { ...cond, lastTransitionTime: rfc3339(nowMs) };
  const i = conds.findIndex((c) => c.type === cond.type);
  if (i < 0) {
    conds.push(orderCondition({ lastProbeTime: null, ...next }));
    return conds;
  }
  const old = conds[i];
  if (old.status === next.status) next.lastTransitionTime = old.lastTransitionTime;
  next.lastProbeTime = cond.lastProbeTime !== undefined ? cond.lastProbeTime : (old.lastProbeTime ?? null);
  const same =
    old.status === next.status &&
    (old.reason ?? '') === (next.reason ?? '') &&
    (old.message ?? '') === (next.message ?? '') &&
    (old.lastTransitionTime ?? '') === (next.lastTransitionTime ?? '');
  conds[i] = orderCondition(next);
  return same ? undefined : conds;
}

/** Keys in the order the API server serializes a PodCondition. */
function orderCondition(c: PodCondition): PodCondition {
  const out: Record<string, unknown> = {};
  for (const k of ['lastProbeTime', 'lastTransitionTime', 'message', 'reason', 'status', 'type'] as const) {
    if (c[k] !== undefined) out[k] = c[k];
  }
  return out as unknown as PodCondition;
}

/** A pod condition built the way the disruption paths write DisruptionTarget. */
export function disruptionTarget(reason: string, message: string): PodCondition {
  return { type: 'DisruptionTarget', status: 'True', reason, message };
}

/** The ObjectReference the node controllers put on Node events: `v1 Node`, uid of the node. */
export function nodeRef(name: string, uid: string | undefined): KObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, uid } } as KObject;
}

/** A pod reference by namespace/name only (the taint manager's events carry no uid). */
export function podRefByName(namespace: string, name: string): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace } } as KObject;
}
