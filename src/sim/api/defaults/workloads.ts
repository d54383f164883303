// Workload defaulting: apps/v1 (`pkg/apis/apps/v1/defaults.go`), batch/v1
// (`pkg/apis/batch/v1/defaults.go`) and core/v1 ReplicationController.

import { type Obj, ensureObj, isObj, isUnset, objAt, objItems, defaultPodTemplate, setIfUnset } from './pod';

const MAX_INT32 = 2147483647;

function templateLabels(spec: Obj): Obj | undefined {
  const t = objAt(spec, 'template');
  const m = t && objAt(t, 'metadata');
  return m && objAt(m, 'labels');
}

export function defaultDeployment(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  if (!spec) return;
  setIfUnset(spec, 'replicas', 1);
  const strategy = ensureObj(spec, 'strategy');
  if (strategy) {
    setIfUnset(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') {
      const ru = ensureObj(strategy, 'rollingUpdate');
      if (ru) {
        setIfUnset(ru, 'maxUnavailable', '25%');
        setIfUnset(ru, 'maxSurge', '25%');
      }
    }
  }
  setIfUnset(spec, 'revisionHistoryLimit', 10);
  setIfUnset(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(spec.template);
}

export function defaultReplicaSet(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  if (!spec) return;
  setIfUnset(spec, 'replicas', 1);
  defaultPodTemplate(spec.template);
}

export function defaultDaemonSet(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  if (!spec) return;
  const us = ensureObj(spec, 'updateStrategy');
  if (us) {
    setIfUnset(us, 'type', 'RollingUpdate');
    if (us.type === 'RollingUpdate') {
      const ru = ensureObj(us, 'rollingUpdate');
      if (ru) {
        setIfUnset(ru, 'maxUnavailable', 1);
        setIfUnset(ru, 'maxSurge', 0);
      }
    }
  }
  setIfUnset(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(spec.template);
}

/** A PersistentVolumeClaim, standalone or as a StatefulSet volumeClaimTemplate. */
export function defaultPersistentVolumeClaim(pvc: Obj): void {
  const spec = objAt(pvc, 'spec');
  if (spec) setIfUnset(spec, 'volumeMode', 'Filesystem');
  const status = ensureObj(pvc, 'status');
  if (status) setIfUnset(status, 'phase', 'Pending');
}

export function defaultStatefulSet(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  if (!spec) return;
  setIfUnset(spec, 'podManagementPolicy', 'OrderedReady');
  const us = ensureObj(spec, 'updateStrategy');
  if (us) {
    if (isUnset(us.type)) {
      us.type = 'RollingUpdate';
      ensureObj(us, 'rollingUpdate');
    }
    const ru = objAt(us, 'rollingUpdate');
    if (us.type === 'RollingUpdate' && ru) setIfUnset(ru, 'partition', 0);
  }
  const pol = ensureObj(spec, 'persistentVolumeClaimRetentionPolicy');
  if (pol) {
    setIfUnset(pol, 'whenDeleted', 'Retain');
    setIfUnset(pol, 'whenScaled', 'Retain');
  }
  setIfUnset(spec, 'replicas', 1);
  setIfUnset(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(spec.template);
  for (const pvc of objItems(spec.volumeClaimTemplates)) defaultPersistentVolumeClaim(pvc);
}

export function defaultJob(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  if (!spec) return;
  if (isUnset(spec.completions) && isUnset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setIfUnset(spec, 'parallelism', 1);
  if (isUnset(spec.backoffLimit)) spec.backoffLimit = isUnset(spec.backoffLimitPerIndex) ? 6 : MAX_INT32;
  const labels = templateLabels(spec);
  const meta = ensureObj(obj, 'metadata');
  if (labels && meta && (!isObj(meta.labels) || Object.keys(meta.labels).length === 0)) meta.labels = { ...labels };
  setIfUnset(spec, 'completionMode', 'NonIndexed');
  setIfUnset(spec, 'suspend', false);
  setIfUnset(spec, 'manualSelector', false);
  const pfp = objAt(spec, 'podFailurePolicy');
  if (pfp) for (const rule of objItems(pfp.rules)) for (const c of objItems(rule.onPodConditions)) setIfUnset(c, 'status', 'True');
  if (isUnset(spec.podReplacementPolicy)) spec.podReplacementPolicy = pfp ? 'Failed' : 'TerminatingOrFailed';
  defaultPodTemplate(spec.template);
}

/**
 * The Job strategy's `PrepareForCreate` (not defaulting, and it needs the uid): unless
 * `spec.manualSelector` is true, the selector is generated from the uid and the template gets the
 * matching labels `batch.kubernetes.io/controller-uid`, `batch.kubernetes.io/job-name`,
 * `controller-uid` and `job-name`. Call it once the uid is assigned.
 */
export function generateJobSelector(job: Obj): void {
  const meta = objAt(job, 'metadata');
  const spec = objAt(job, 'spec');
  if (!meta || !spec || spec.manualSelector === true) return;
  const uid = typeof meta.uid === 'string' ? meta.uid : '';
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (!isObj(spec.selector)) spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const tmpl = ensureObj(spec, 'template');
  const tmeta = tmpl && ensureObj(tmpl, 'metadata');
  const labels = tmeta && ensureObj(tmeta, 'labels');
  if (!labels) return;
  labels['batch.kubernetes.io/controller-uid'] ??= uid;
  labels['batch.kubernetes.io/job-name'] ??= name;
  labels['controller-uid'] ??= uid;
  labels['job-name'] ??= name;
}

export function defaultCronJob(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  if (!spec) return;
  setIfUnset(spec, 'concurrencyPolicy', 'Allow');
  setIfUnset(spec, 'suspend', false);
  setIfUnset(spec, 'successfulJobsHistoryLimit', 3);
  setIfUnset(spec, 'failedJobsHistoryLimit', 1);
  const jt = objAt(spec, 'jobTemplate');
  const jspec = jt && objAt(jt, 'spec');
  if (jspec) defaultPodTemplate(jspec.template);
}

export function defaultReplicationController(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  if (!spec) return;
  const labels = templateLabels(spec);
  if (labels) {
    if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    const meta = ensureObj(obj, 'metadata');
    if (meta && (!isObj(meta.labels) || Object.keys(meta.labels).length === 0)) meta.labels = { ...labels };
  }
  setIfUnset(spec, 'replicas', 1);
  defaultPodTemplate(spec.template);
}
