// The pods/eviction subresource (pkg/registry/core/pod/storage/eviction.go, v1.32): deletes a pod
// unless that would violate its PodDisruptionBudget. Terminal, Pending and already-deleting pods
// skip the budget. A budget the PDB controller has not yet processed (observedGeneration <
// generation) or one with no disruptions left refuses with 429 TooManyRequests; otherwise the
// eviction takes one disruption (status.disruptionsAllowed−1, the pod in status.disruptedPods),
// marks the pod DisruptionTarget=True `EvictionByEvictionAPI` and deletes it gracefully.
import { labelSelectorFromSpec } from './selectors';
import { notFound, status } from './errors';
import { isPodReady, type PodCondition } from './podutil';
import type { ApiServer } from './server';
import type { ObjectStore } from './store';
import { isStatus, type KObject, type Status } from './types';
import { rfc3339 } from '../core/time';

export interface EvictionOptions {
  /** Virtual time, for the disruptedPods entry and the pod condition. */
  nowMs: number;
  /** DeleteOptions.gracePeriodSeconds of the Eviction; the pod's terminationGracePeriodSeconds when unset. */
  gracePeriodSeconds?: number;
  dryRun?: boolean;
}

/** `true` when the pod was evicted (deletion started), else the API error. */
export type EvictionResult = true | Status;

/** MaxDisruptedPodSize */
export const MAX_DISRUPTED_POD_SIZE = 2000;

const DISRUPTION_BUDGET_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

export function evict(api: ApiServer, store: ObjectStore, namespace: string, podName: string, opts: EvictionOptions): EvictionResult {
  const podInfo = api.kinds.byKind('Pod')!;
  const pod = store.get('/Pod', namespace, podName);
  if (!pod) return notFound(podInfo, podName);
  const grace = opts.gracePeriodSeconds;

  if (canIgnorePDB(pod)) return addConditionAndDelete(api, pod, opts, grace);

  const pdbs = store.list('policy/PodDisruptionBudget', namespace).filter((pdb) => {
    const sel = pdb.spec?.selector;
    if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) return false;
    return labelSelectorFromSpec(sel).matches(pod.metadata.labels ?? {});
  });
  if (pdbs.length > 1) {
    return status(500, '', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  }
  let precondition = false;
  if (pdbs.length === 1) {
    const pdb = pdbs[0];
    const st = pdb.status ?? {};
    const unhealthy = !isPodReady(pod);
    const alwaysAllow = pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow';
    if (unhealthy && (alwaysAllow || ((st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0))) {
      // An unhealthy pod does not count towards the budget: delete it without taking a disruption.
      precondition = true;
    } else {
      const refused = checkAndDecrement(api, pdb, podName, opts);
      if (refused) return refused;
    }
  }
  return addConditionAndDelete(api, pod, opts, grace, precondition ? pod.metadata.resourceVersion : undefined, pdbs[0]?.metadata.name);
}

/** Terminal, Pending or deleting pods are evicted without consulting budgets. */
function canIgnorePDB(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

function tooManyRequests(cause: string, retryAfterSeconds: number): Status {
  return status(429, 'TooManyRequests', DISRUPTION_BUDGET_MESSAGE, {
    causes: [{ reason: 'DisruptionBudget', message: cause, field: '' }],
    retryAfterSeconds,
  });
}

/** checkAndDecrement: refuses (429/403) or takes one disruption from the budget's status. */
function checkAndDecrement(api: ApiServer, pdb: KObject, podName: string, opts: EvictionOptions): Status | undefined {
  const st = pdb.status ?? {};
  const name = pdb.metadata.name!;
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    return tooManyRequests(`The disruption budget ${name} is still being processed by the server.`, 10);
  }
  const allowed: number = st.disruptionsAllowed ?? 0;
  if (allowed < 0) return status(403, 'Forbidden', `poddisruptionbudgets.policy "${name}" is forbidden: pdb disruptions allowed is negative`);
  if (Object.keys(st.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    return status(403, 'Forbidden', `poddisruptionbudgets.policy "${name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`);
  }
  if (allowed === 0) {
    return tooManyRequests(`The disruption budget ${name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`, 0);
  }
  if (opts.dryRun) return undefined;
  const next = { ...st, disruptionsAllowed: allowed - 1, disruptedPods: { ...(st.disruptedPods ?? {}), [podName]: rfc3339(opts.nowMs) } };
  if (next.disruptionsAllowed === 0) next.conditions = disruptionAllowedCondition(st.conditions, opts.nowMs);
  const r = api.update({ ...pdb, status: next }, { subresource: 'status' });
  return isStatus(r) ? r : undefined;
}

/** pdbhelper.UpdateDisruptionAllowedCondition with no disruptions left. */
function disruptionAllowedCondition(conds: PodCondition[] | undefined, nowMs: number): PodCondition[] {
  const list = Array.isArray(conds) ? conds.map((c) => ({ ...c })) : [];
  const c = { type: 'DisruptionAllowed', status: 'False' as const, reason: 'InsufficientPods', message: '' };
  const i = list.findIndex((x) => x.type === 'DisruptionAllowed');
  if (i < 0) return [...list, { ...c, lastTransitionTime: rfc3339(nowMs) }];
  const old = list[i];
  list[i] = { ...old, ...c, lastTransitionTime: old.status === c.status ? old.lastTransitionTime : rfc3339(nowMs) };
  return list;
}

/** addConditionAndDeletePod: DisruptionTarget=True, then the delete with the eviction's options. */
function addConditionAndDelete(api: ApiServer, pod: KObject, opts: EvictionOptions, grace: number | undefined, resourceVersion?: string, pdbName?: string): EvictionResult {
  const info = api.kinds.byKind('Pod')!;
  const ns = pod.metadata.namespace!;
  const name = pod.metadata.name!;
  if (opts.dryRun) return true;
  const conds: PodCondition[] = Array.isArray(pod.status?.conditions) ? pod.status.conditions.map((c: PodCondition) => ({ ...c })) : [];
  const i = conds.findIndex((c) => c.type === 'DisruptionTarget');
  const cond: PodCondition = {
    lastProbeTime: null, lastTransitionTime: rfc3339(opts.nowMs), message: 'Eviction API: evicting', reason: 'EvictionByEvictionAPI', status: 'True', type: 'DisruptionTarget',
  };
  if (i < 0 || conds[i].status !== 'True' || conds[i].reason !== cond.reason || conds[i].message !== cond.message) {
    if (i >= 0 && conds[i].status === 'True') cond.lastTransitionTime = conds[i].lastTransitionTime;
    if (i < 0) conds.push(cond);
    else conds[i] = cond;
    const u = api.update({ ...pod, status: { ...pod.status, conditions: conds } }, { subresource: 'status' });
    if (isStatus(u)) return u;
    if (resourceVersion) resourceVersion = u.metadata.resourceVersion;
  }
  const r = api.delete(info, ns, name, {
    gracePeriodSeconds: grace,
    ...(resourceVersion ? { preconditions: { resourceVersion } } : {}),
  });
  if (isStatus(r)) {
    if (r.reason === 'Conflict' && resourceVersion && pdbName) {
      return tooManyRequests(`The disruption budget ${pdbName} is still being processed by the server.`, 10);
    }
    return r;
  }
  return true;
}
