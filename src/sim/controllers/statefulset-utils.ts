// StatefulSet pod identity and storage (pkg/controller/statefulset/stateful_set_utils.go): pods
// `<set>-<ordinal>` with hostname/subdomain and the pod-name / pod-index / revision labels, their
// claims `<template>-<set>-<ordinal>`, and the claims' ownerReferences for the
// persistentVolumeClaimRetentionPolicy (StatefulSetAutoDeletePVC, GA in 1.32).

import { newControllerRef } from '../api/meta';
import { isPodReady, isPodAvailable } from '../api/podutil';
import type { KObject, OwnerReference } from '../api/types';
import { POD_REVISION_LABEL } from './history';
import { podFromTemplate } from './util/podcontrol';

export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const ORDINAL = /^(.*)-([0-9]+)$/;

/** `getParentNameAndOrdinal`: ['web', 2] for `web-2`; ordinal -1 when the name has none. */
export function parentAndOrdinal(pod: KObject): [string, number] {
  const m = ORDINAL.exec(pod.metadata.name ?? '');
  if (!m) return ['', -1];
  const n = Number(m[2]);
  return Number.isSafeInteger(n) && n <= 2147483647 ? [m[1], n] : ['', -1];
}

export const getOrdinal = (pod: KObject): number => parentAndOrdinal(pod)[1];

export function isMemberOf(set: KObject, pod: KObject): boolean {
  return parentAndOrdinal(pod)[0] === set.metadata.name;
}

export function startOrdinal(set: KObject): number {
  return set.spec?.ordinals?.start ?? 0;
}

/** `getEndOrdinal`: the last ordinal of the replica range. */
export function endOrdinal(set: KObject): number {
  return startOrdinal(set) + (set.spec?.replicas ?? 1) - 1;
}

export function podInOrdinalRange(pod: KObject, set: KObject): boolean {
  const ord = getOrdinal(pod);
  return ord >= startOrdinal(set) && ord <= endOrdinal(set);
}

export const podName = (set: KObject, ordinal: number): string => `${set.metadata.name}-${ordinal}`;
export const claimName = (set: KObject, templateName: string, ordinal: number): string => `${templateName}-${set.metadata.name}-${ordinal}`;
export const getPodRevision = (pod: KObject): string => pod.metadata.labels?.[POD_REVISION_LABEL] ?? '';

/** A pod the API knows: `isCreated` tests the phase, which the API server sets on create. */
export const isCreated = (pod: KObject): boolean => !!pod.status?.phase;
export const isFailed = (pod: KObject): boolean => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: KObject): boolean => pod.status?.phase === 'Succeeded';
export const isPending = (pod: KObject): boolean => pod.status?.phase === 'Pending';
export const isTerminating = (pod: KObject): boolean => !!pod.metadata.deletionTimestamp;
export const isRunningAndReady = (pod: KObject): boolean => pod.status?.phase === 'Running' && isPodReady(pod);
export function isRunningAndAvailable(pod: KObject, minReadySeconds: number, nowMs: number): boolean {
  return pod.status?.phase === 'Running' && isPodAvailable(pod, minReadySeconds, nowMs);
}
export const isHealthy = (pod: KObject): boolean => isRunningAndReady(pod) && !isTerminating(pod);

/** `getPersistentVolumeClaims`: the claims of one ordinal, in template order, labelled with the selector's matchLabels. */
export function persistentVolumeClaims(set: KObject, ordinal: number): { template: string; claim: KObject }[] {
  const matchLabels: Record<string, string> = set.spec?.selector?.matchLabels ?? {};
  // A null or non-object entry decodes to an empty claim template in Go; never a crash here.
  const templates: unknown[] = Array.isArray(set.spec?.volumeClaimTemplates) ? set.spec.volumeClaimTemplates : [];
  return templates.map((x) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as KObject) : ({} as KObject))).map((t: KObject) => {
    const name = claimName(set, t.metadata?.name ?? '', ordinal);
    const claim: KObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name,
        namespace: set.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}), ...matchLabels },
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      },
      spec: structuredClone(t.spec ?? {}),
    };
    if (Object.keys(claim.metadata.labels!).length === 0) delete claim.metadata.labels;
    return { template: t.metadata?.name ?? '', claim };
  });
}

/** `updateIdentity`: name, namespace and the pod-name / pod-index labels. */
export function updateIdentity(set: KObject, pod: KObject): void {
  const ord = getOrdinal(pod);
  pod.metadata.name = podName(set, ord);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [STATEFULSET_POD_NAME_LABEL]: pod.metadata.name, [POD_INDEX_LABEL]: String(ord) };
}

/** `updateStorage`: one volume per claim template (replacing same-named template volumes). */
export function updateStorage(set: KObject, pod: KObject): void {
  const ord = getOrdinal(pod);
  const claims = persistentVolumeClaims(set, ord);
  const names = new Set(claims.map((c) => c.template));
  const volumes = claims.map((c) => ({ name: c.template, persistentVolumeClaim: { claimName: c.claim.metadata.name } }));
  for (const v of pod.spec?.volumes ?? []) if (!names.has(v.name)) volumes.push(v);
  if (volumes.length > 0) pod.spec.volumes = volumes;
}

export function identityMatches(set: KObject, pod: KObject): boolean {
  const [parent, ord] = parentAndOrdinal(pod);
  return (
    ord >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.name === podName(set, ord) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[STATEFULSET_POD_NAME_LABEL] === pod.metadata.name &&
    pod.metadata.labels?.[POD_INDEX_LABEL] === String(ord)
  );
}

export function storageMatches(set: KObject, pod: KObject): boolean {
  const ord = getOrdinal(pod);
  if (ord < 0) return false;
  const volumes = new Map<string, KObject>((pod.spec?.volumes ?? []).map((v: KObject) => [v.name, v]));
  return persistentVolumeClaims(set, ord).every((c) => volumes.get(c.template)?.persistentVolumeClaim?.claimName === c.claim.metadata.name);
}

/** `newStatefulSetPod`: the pod for an ordinal from the set's template (generateName kept, as upstream). */
export function newStatefulSetPod(set: KObject, ordinal: number, revision: string): KObject {
  const pod = podFromTemplate(set.spec.template, set, newControllerRef(set));
  // A template whose spec is not an object (only reachable past validation) yields an empty spec.
  if (typeof pod.spec !== 'object' || pod.spec === null || Array.isArray(pod.spec)) pod.spec = {};
  pod.metadata.name = podName(set, ordinal);
  updateIdentity(set, pod);
  pod.spec.hostname = pod.metadata.name;
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
  updateStorage(set, pod);
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_REVISION_LABEL]: revision };
  return pod;
}

/** The ownerReferences a claim should have under the set's retention policy. */
export function desiredClaimOwnerRefs(claim: KObject, set: KObject, pod: KObject): OwnerReference[] {
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  const whenDeleted = policy.whenDeleted === 'Delete';
  const whenScaled = policy.whenScaled === 'Delete';
  const scaledDown = !podInOrdinalRange(pod, set);
  const refs = (claim.metadata.ownerReferences ?? []).filter((r) => r.uid !== set.metadata.uid && (!pod.metadata.uid || r.uid !== pod.metadata.uid));
  const existing = (uid: string | undefined) => claim.metadata.ownerReferences?.find((r) => r.uid === uid);
  const setRef = () => existing(set.metadata.uid) ?? newControllerRef(set);
  const podRef = (): OwnerReference => existing(pod.metadata.uid) ?? { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid! };
  if (whenDeleted && (!whenScaled || !scaledDown)) refs.push(setRef());
  if (whenScaled && scaledDown && pod.metadata.uid) refs.push(podRef());
  return refs;
}

/** `hasStaleOwnerRef`: the claim names the pod by name but with another uid. */
export function claimIsStaleFor(claim: KObject, pod: KObject): boolean {
  return (claim.metadata.ownerReferences ?? []).some((r) => r.kind === 'Pod' && r.name === pod.metadata.name && r.uid !== pod.metadata.uid);
}
