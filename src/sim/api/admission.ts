// Admission: the plugins a v1.32 API server runs by default that a learner can observe.
// NamespaceLifecycle, ServiceAccount, Priority, DefaultTolerationSeconds, LimitRanger and the
// pod registry strategy (phase Pending, qosClass). ResourceQuota lives in quota.ts.

import type { Rng } from '../core/rng';
import { randomSuffix } from '../core/ids';
import { rfc3339 } from '../core/time';
import { forbidden, notFound, status } from './errors';
import type { KindInfo, KindRegistry } from './kinds';
import type { ObjectStore } from './store';
import type { KObject, Status } from './types';
import { admitLimitRange } from './limitrange';
import { admitResourceQuota } from './quota';
import { podQOSClass } from './qos';

export interface AdmissionContext {
  store: ObjectStore;
  kinds: KindRegistry;
  rng: Rng;
  now(): number;
}

export type Operation = 'CREATE' | 'UPDATE';

const NS_INFO = { kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces', singular: 'namespace', shortNames: [], namespaced: false };

/** Runs the admission chain; returns a Status to reject, or undefined to admit (the object may have been mutated). */
export function runAdmission(ctx: AdmissionContext, op: Operation, info: KindInfo, obj: KObject, old: KObject | undefined, name: string): Status | undefined {
  return (
    admitSimulationLimits(ctx, op, info, obj, name) ??
    admitNamespaceLifecycle(ctx, op, info, obj, name) ??
    (info.kind === 'Pod' && op === 'CREATE' ? admitPodCreate(ctx, info, obj, name) : undefined) ??
    (info.kind === 'PersistentVolumeClaim' && op === 'CREATE' ? admitDefaultStorageClass(ctx, obj) : undefined) ??
    admitLimitRange(ctx, op, info, obj) ??
    admitResourceQuota(ctx, op, info, obj, old, name)
  );
}

function admitNamespaceLifecycle(ctx: AdmissionContext, op: Operation, info: KindInfo, obj: KObject, name: string): Status | undefined {
  if (!info.namespaced) return undefined;
  const ns = obj.metadata.namespace!;
  const nsObj = ctx.store.get('/Namespace', undefined, ns);
  if (!nsObj) return notFound(NS_INFO, ns);
  if (op === 'CREATE' && nsObj.status?.phase === 'Terminating') {
    return forbidden(info, name, `unable to create new content in namespace ${ns} because it is being terminated`);
  }
  return undefined;
}

/**
 * DefaultStorageClass admission: a claim that names no class gets the default one (the newest
 * class annotated `storageclass.kubernetes.io/is-default-class: "true"`).
 */
function admitDefaultStorageClass(ctx: AdmissionContext, pvc: KObject): Status | undefined {
  if (typeof pvc.spec !== 'object' || pvc.spec === null || pvc.spec.storageClassName !== undefined) return undefined;
  const defaults = ctx.store
    .list('storage.k8s.io/StorageClass')
    .filter((sc) => sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true')
    .sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? 1 : a.metadata.creationTimestamp! > b.metadata.creationTimestamp! ? -1 : a.metadata.name! < b.metadata.name! ? -1 : 1));
  if (defaults.length > 0) pvc.spec.storageClassName = defaults[0].metadata.name;
  return undefined;
}

/** Kubernetes' documented limit of pods in a cluster; kubeplay refuses to simulate more. */
export const MAX_SIMULATED_PODS = 150_000;

/**
 * kubeplay's own admission plugin (not in Kubernetes): keeps a typo like `replicas: 1000000000`
 * from freezing the simulation. Workloads may ask for at most MAX_SIMULATED_PODS pods and the
 * cluster holds at most that many; the error says it is kubeplay's limit.
 */
function admitSimulationLimits(ctx: AdmissionContext, op: Operation, info: KindInfo, obj: KObject, name: string): Status | undefined {
  if (info.kind === 'Pod' && op === 'CREATE' && ctx.store.count('/Pod') >= MAX_SIMULATED_PODS) return forbidden(info, name, SIMULATION_LIMIT);
  // Every write passes here (most are Events): only the workload kinds build anything.
  const fieldNames = SIMULATION_LIMIT_FIELDS.get(info.kind);
  const spec = obj.spec;
  if (!fieldNames || typeof spec !== 'object' || spec === null) return undefined;
  for (const field of fieldNames) {
    const v = spec[field];
    if (typeof v === 'number' && v > MAX_SIMULATED_PODS) return forbidden(info, name, `spec.${field}: ${v}: ${SIMULATION_LIMIT}`);
  }
  return undefined;
}

const SIMULATION_LIMIT = `kubeplay simulates at most ${MAX_SIMULATED_PODS} pods (the documented limit of a Kubernetes cluster)`;

/** The spec fields admitSimulationLimits checks, per kind. */
const SIMULATION_LIMIT_FIELDS = new Map<string, readonly string[]>([
  ['Deployment', ['replicas']],
  ['ReplicaSet', ['replicas']],
  ['ReplicationController', ['replicas']],
  ['StatefulSet', ['replicas']],
  ['Job', ['parallelism', 'completions']],
]);

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const DEFAULT_TOLERATION_SECONDS = 300;

/**
 * What admission adds to every pod, as constants all pods share (deep-frozen, so no one changes
 * them, and intern.ts's sharing leaves them be): stored objects are immutable, and a fresh copy
 * per pod (with the closure that checked the tolerations) was ≈ 1 KB of garbage, or for a pod
 * without siblings of heap, per pod created.
 */
function deepFrozen<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) deepFrozen(v);
    Object.freeze(o);
  }
  return o;
}

/** The projected volume of the service account token (ServiceAccount admission). */
const KUBE_API_ACCESS_SOURCES = deepFrozen({
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
  ],
});

const DEFAULT_NOT_READY_TOLERATION = deepFrozen({ key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
const DEFAULT_UNREACHABLE_TOLERATION = deepFrozen({ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });

const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Mounts the service account token volume in each container of `list` that has nothing at its path. */
function mountServiceAccountToken(list: unknown, volName: string): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (typeof c !== 'object' || c === null) continue;
    const mount = { mountPath: TOKEN_MOUNT_PATH, name: volName, readOnly: true };
    const mounts = c.volumeMounts;
    if (!Array.isArray(mounts)) c.volumeMounts = [mount];
    else if (!mountsAt(mounts, TOKEN_MOUNT_PATH)) mounts.push(mount);
  }
}

function mountsAt(mounts: unknown[], path: string): boolean {
  for (let i = 0; i < mounts.length; i++) if ((mounts[i] as { mountPath?: string } | null | undefined)?.mountPath === path) return true;
  return false;
}

/** Whether a toleration in the list tolerates the NoExecute taint `key` (DefaultTolerationSeconds). */
function toleratesNoExecute(tolerations: unknown[], key: string): boolean {
  for (let i = 0; i < tolerations.length; i++) {
    const t = tolerations[i] as { key?: string; operator?: string; effect?: string } | null | undefined;
    if ((t?.key === key || (!t?.key && t?.operator === 'Exists')) && (!t?.effect || t.effect === 'NoExecute')) return true;
  }
  return false;
}

/**
 * The globalDefault PriorityClass (the first in list order), kept per store until a PriorityClass
 * is written: asked on every pod create, it listed the PriorityClasses each time.
 */
function globalDefaultPriorityClass(store: AdmissionContext['store']): KObject | undefined {
  const rv = store.lastWriteRv(PRIORITY_CLASS);
  const kept = defaultPriorityClasses.get(store);
  if (kept !== undefined && kept.rv === rv) return kept.def;
  const def = store.list(PRIORITY_CLASS).find((p) => p.globalDefault);
  defaultPriorityClasses.set(store, { rv, def });
  return def;
}

const PRIORITY_CLASS = 'scheduling.k8s.io/PriorityClass';
const defaultPriorityClasses = new WeakMap<AdmissionContext['store'], { rv: number; def: KObject | undefined }>();

function admitPodCreate(ctx: AdmissionContext, info: KindInfo, pod: KObject, name: string): Status | undefined {
  const spec = pod.spec;
  if (typeof spec !== 'object' || spec === null) return undefined; // validation reports it
  const ns = pod.metadata.namespace!;

  // ServiceAccount admission: default account, and its token as a projected volume. Mirror pods
  // (static pods the kubelet reports) are exempt.
  const mirror = pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
  if (!mirror) {
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
  if (!spec.serviceAccount) spec.serviceAccount = spec.serviceAccountName;
  const sa = ctx.store.get('/ServiceAccount', ns, spec.serviceAccountName);
  if (!sa) {
    return forbidden(info, name, `error looking up service account ${ns}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`);
  }
  if (spec.automountServiceAccountToken !== false && sa.automountServiceAccountToken !== false && Array.isArray(spec.containers)) {
    const volName = `kube-api-access-${randomSuffix(ctx.rng)}`;
    const volume = { name: volName, projected: KUBE_API_ACCESS_SOURCES };
    // A list made here is made at its size: a push onto `[]` reserves room for 17.
    if (Array.isArray(spec.volumes)) spec.volumes.push(volume);
    else spec.volumes = [volume];
    mountServiceAccountToken(spec.initContainers, volName);
    mountServiceAccountToken(spec.containers, volName);
  }
  }

  // Priority admission.
  if (spec.priorityClassName) {
    const pc = ctx.store.get('scheduling.k8s.io/PriorityClass', undefined, spec.priorityClassName);
    if (!pc) return forbidden(info, name, `no PriorityClass with name ${spec.priorityClassName} was found`);
    spec.priority = pc.value;
    spec.preemptionPolicy = pc.preemptionPolicy ?? 'PreemptLowerPriority';
  } else {
    const def = globalDefaultPriorityClass(ctx.store);
    if (def) {
      spec.priorityClassName = def.metadata.name;
      spec.priority = def.value;
      spec.preemptionPolicy = def.preemptionPolicy ?? 'PreemptLowerPriority';
    } else {
      spec.priority = 0;
      spec.preemptionPolicy ??= 'PreemptLowerPriority';
    }
  }

  // DefaultTolerationSeconds admission (a pod without tolerations gets both, in a list of two).
  if (!Array.isArray(spec.tolerations)) spec.tolerations = [DEFAULT_NOT_READY_TOLERATION, DEFAULT_UNREACHABLE_TOLERATION];
  else {
    const tolerations = spec.tolerations;
    if (!toleratesNoExecute(tolerations, NOT_READY)) tolerations.push(DEFAULT_NOT_READY_TOLERATION);
    if (!toleratesNoExecute(tolerations, UNREACHABLE)) tolerations.push(DEFAULT_UNREACHABLE_TOLERATION);
    spec.tolerations = tolerations;
  }

  // Pod strategy PrepareForCreate: a gated pod says so in its PodScheduled condition.
  pod.status = { phase: 'Pending', qosClass: podQOSClass(spec) };
  if (Array.isArray(spec.schedulingGates) && spec.schedulingGates.length > 0) {
    pod.status.conditions = [{ lastProbeTime: null, lastTransitionTime: rfc3339(ctx.now()), message: 'Scheduling is blocked due to non-empty scheduling gates', reason: 'SchedulingGated', status: 'False', type: 'PodScheduled' }];
  }
  return undefined;
}

export { status };
