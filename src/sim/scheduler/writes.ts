// The scheduler's API writes besides binding: the PodScheduled condition and nominated node of a
// pod that did not fit (updatePod), and preemption's victims (prepareCandidate).
import { isStatus, type KObject } from '../api/types';
import { rfc3339 } from '../core/time';
import type { ComponentHost } from '../host';
import type { PodInfo } from './podinfo';
import { SCHEDULER_NAME } from './types';

const SOURCE = { component: SCHEDULER_NAME };

/** updatePod: writes the condition (and nominatedNodeName) only when something changes. */
export function updatePodStatus(host: ComponentHost, pod: KObject, cond: { type: string; status: string; reason: string; message: string }, nominate: string | undefined): void {
  const conds: Record<string, unknown>[] = Array.isArray(pod.status?.conditions) ? pod.status.conditions : [];
  const old = conds.find((c) => c.type === cond.type);
  const condChanged = !old || old.status !== cond.status || old.reason !== cond.reason || old.message !== cond.message;
  const nnnChanged = nominate !== undefined && (pod.status?.nominatedNodeName ?? '') !== nominate;
  if (!condChanged && !nnnChanged) return;
  const now = rfc3339(host.now());
  const next = {
    lastProbeTime: null,
    lastTransitionTime: old && old.status === cond.status ? old.lastTransitionTime : now,
    message: cond.message,
    reason: cond.reason,
    status: cond.status,
    type: cond.type,
  };
  const status = { ...(pod.status ?? {}) };
  status.conditions = old ? conds.map((c) => (c === old ? next : c)) : [...conds, next];
  if (nominate !== undefined) {
    if (nominate) status.nominatedNodeName = nominate;
    else delete status.nominatedNodeName;
  }
  host.api.update({ ...pod, status }, { subresource: 'status' });
}

/** prepareCandidate: mark and delete the victims, clear lower-priority nominations on the node. */
export function prepareCandidate(host: ComponentHost, preemptor: KObject, node: string, victims: PodInfo[], lowerNominated: PodInfo[]): void {
  const podInfo = host.kinds.byKind('Pod')!;
  for (const v of victims) {
    const cur = host.store.get('/Pod', v.namespace, v.name);
    if (!cur || cur.metadata.uid !== v.uid) continue;
    const conds: Record<string, unknown>[] = Array.isArray(cur.status?.conditions) ? cur.status.conditions : [];
    const old = conds.find((c) => c.type === 'DisruptionTarget');
    const message = `${preemptor.spec?.schedulerName ?? SCHEDULER_NAME}: preempting to accommodate a higher priority pod`;
    if (!old || old.status !== 'True' || old.reason !== 'PreemptionByScheduler' || old.message !== message) {
      const next = { lastProbeTime: null, lastTransitionTime: old?.status === 'True' ? old.lastTransitionTime : rfc3339(host.now()), message, reason: 'PreemptionByScheduler', status: 'True', type: 'DisruptionTarget' };
      host.api.update({ ...cur, status: { ...(cur.status ?? {}), conditions: old ? conds.map((c) => (c === old ? next : c)) : [...conds, next] } }, { subresource: 'status' });
    }
    const deleted = host.api.delete(podInfo, v.namespace, v.name);
    const subject = isStatus(deleted) ? cur : deleted;
    host.events.record(subject, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata.uid} on node ${node}`, SOURCE);
  }
  for (const p of lowerNominated) {
    const cur = host.store.get('/Pod', p.namespace, p.name);
    if (!cur?.status?.nominatedNodeName) continue;
    const status = { ...cur.status };
    delete status.nominatedNodeName;
    host.api.update({ ...cur, status }, { subresource: 'status' });
  }
}
