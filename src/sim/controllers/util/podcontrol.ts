// Creating and deleting a controller's pods with the events kube-controller-manager records
// (pkg/controller/controller_utils.go `RealPodControl`, `GetPodFromTemplate`, `slowStartBatch`).

import { clone } from '../../api/meta';
import type { EventRecorder } from '../../api/recorder';
import type { ApiServer } from '../../api/server';
import { isStatus, type KObject, type OwnerReference, type Status } from '../../api/types';
import type { KindInfo } from '../../api/kinds';

/** Most pods a ReplicaSet creates or deletes in one sync (`BurstReplicas`). */
export const BURST_REPLICAS = 500;
/** First batch of the slow start (`SlowStartInitialBatchSize`). */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export interface PodControlDeps {
  api: ApiServer;
  events: EventRecorder;
  /** The event source, e.g. `replicaset-controller`. */
  component: string;
}

/**
 * `slowStartBatch`: calls `fn` `count` times in batches of 1, 2, 4, … Every call of a batch runs
 * (they run in parallel upstream); the first batch with a failure ends it. Returns the number of
 * successes and the first error.
 */
export function slowStartBatch(count: number, initialBatchSize: number, fn: () => Status | undefined): { successes: number; error?: Status } {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let firstError: Status | undefined;
    for (let i = 0; i < batch; i++) {
      const err = fn();
      if (err) firstError ??= err;
      else successes++;
    }
    if (firstError) return { successes, error: firstError };
    remaining -= batch;
  }
  return { successes };
}

/** The last owner name `podsPrefix` was asked about and its answer: a controller creates its pods in runs. */
let lastPrefixOwner: string | null = null;
let lastPrefix = '';

/** `getPodsPrefix`: `<owner>-`, or the bare name when that would not be a valid generateName. */
export function podsPrefix(ownerName: string): string {
  if (ownerName === lastPrefixOwner) return lastPrefix;
  const prefix = `${ownerName}-`;
  lastPrefix = /^[a-z0-9]([-a-z0-9.]*)?$/.test(prefix) && prefix.length <= 253 ? prefix : ownerName;
  lastPrefixOwner = ownerName;
  return lastPrefix;
}

/** The object has an own enumerable key (as `Object.keys(o).length > 0`, without the array). */
function hasKeys(o: object): boolean {
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return true;
  return false;
}

/**
 * `GetPodFromTemplate`: labels, annotations and finalizers of the template, its spec, the
 * controller ref. `copySpec` false hands the template's own spec over: only for a pod passed
 * straight to `api.create`, which copies its input before changing anything (no second deep copy
 * per pod created).
 */
export function podFromTemplate(template: KObject['spec'], owner: KObject, controllerRef?: OwnerReference, copySpec = true): KObject {
  const meta = template?.metadata ?? {};
  const pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: podsPrefix(owner.metadata.name!),
      namespace: owner.metadata.namespace,
    },
    spec: copySpec ? clone(template?.spec ?? {}) : (template?.spec ?? {}),
  };
  if (meta.labels && hasKeys(meta.labels)) pod.metadata.labels = { ...meta.labels };
  if (meta.annotations && hasKeys(meta.annotations)) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers && meta.finalizers.length > 0) pod.metadata.finalizers = [...meta.finalizers];
  if (controllerRef) pod.metadata.ownerReferences = [controllerRef];
  return pod;
}

/**
 * `RealPodControl.CreatePods`: creates one pod from the template and records `SuccessfulCreate`
 * ("Created pod: NAME") or `FailedCreate` ("Error creating: ERR") on the owner. Returns the error.
 */
export function createPod(deps: PodControlDeps, template: KObject['spec'], owner: KObject, controllerRef: OwnerReference): Status | undefined {
  const labels = template?.metadata?.labels;
  if (!labels || !hasKeys(labels)) return invalid('unable to create pods, no labels');
  const created = deps.api.create(podFromTemplate(template, owner, controllerRef, false));
  if (isStatus(created)) {
    if (!isNamespaceTerminating(created)) {
      deps.events.record(owner, 'Warning', 'FailedCreate', `Error creating: ${created.message}`, { component: deps.component });
    }
    return created;
  }
  deps.events.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, { component: deps.component });
  return undefined;
}

/**
 * `RealPodControl.DeletePod`: deletes the pod and records `SuccessfulDelete` ("Deleted pod: NAME")
 * or `FailedDelete` ("Error deleting: ERR"). A pod already gone returns its 404 without an event.
 */
export function deletePod(deps: PodControlDeps, podInfo: KindInfo, namespace: string, name: string, owner: KObject): Status | undefined {
  const r = deps.api.delete(podInfo, namespace, name);
  if (isStatus(r)) {
    if (r.code === 404) return r;
    deps.events.record(owner, 'Warning', 'FailedDelete', `Error deleting: ${r.message}`, { component: deps.component });
    return { ...r, message: `unable to delete pods: ${r.message}` };
  }
  deps.events.record(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`, { component: deps.component });
  return undefined;
}

/** `apierrors.HasStatusCause(err, NamespaceTerminatingCause)`. */
export function isNamespaceTerminating(s: Status): boolean {
  return (s.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating') || /because it is being terminated$/.test(s.message);
}

function invalid(message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500, reason: 'InternalError', message };
}
