// StatefulSet pod and claim writes with their events (pkg/controller/statefulset/stateful_pod_control.go).
// v1.32 writes the verbs lowercase: `create Pod web-0 in StatefulSet web successful`,
// `create Claim www-web-0 Pod web-0 in StatefulSet web success`.

import type { KindInfo } from '../api/kinds';
import { jsonEqual } from '../api/meta';
import { isStatus, type KObject, type Status } from '../api/types';
import type { ComponentHost } from '../host';
import { claimIsStaleFor, desiredClaimOwnerRefs, getOrdinal, persistentVolumeClaims, updateIdentity, updateStorage } from './statefulset-utils';

export const STATEFULSET_CONTROLLER = 'statefulset-controller';

const title = (verb: string) => verb[0].toUpperCase() + verb.slice(1);

export class StatefulPodControl {
  constructor(private readonly host: ComponentHost) {}

  private get podInfo(): KindInfo {
    return this.host.kinds.byKind('Pod')!;
  }

  private get pvcInfo(): KindInfo {
    return this.host.kinds.byKind('PersistentVolumeClaim')!;
  }

  private recordPodEvent(verb: string, set: KObject, pod: KObject, err?: Status): void {
    const src = { component: STATEFULSET_CONTROLLER };
    if (!err) this.host.events.record(set, 'Normal', `Successful${title(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, src);
    else this.host.events.record(set, 'Warning', `Failed${title(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${err.message}`, src);
  }

  private recordClaimEvent(verb: string, set: KObject, pod: KObject, claim: KObject, err?: Status): void {
    const src = { component: STATEFULSET_CONTROLLER };
    if (!err) this.host.events.record(set, 'Normal', `Successful${title(verb)}`, `${verb} Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`, src);
    else this.host.events.record(set, 'Warning', `Failed${title(verb)}`, `${verb} Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${err.message}`, src);
  }

  private getClaim(ns: string, name: string): KObject | undefined {
    return this.host.store.get('/PersistentVolumeClaim', ns, name);
  }

  /** `createPersistentVolumeClaims`: creates the pod's missing claims; an error if one is being deleted. */
  createPersistentVolumeClaims(set: KObject, pod: KObject): Status | undefined {
    let first: Status | undefined;
    for (const { claim } of persistentVolumeClaims(set, getOrdinal(pod))) {
      const existing = this.getClaim(claim.metadata.namespace!, claim.metadata.name!);
      if (!existing) {
        const r = this.host.api.create(claim);
        const err = isStatus(r) ? r : undefined;
        if (err) first ??= { ...err, message: `failed to create PVC ${claim.metadata.name}: ${err.message}` };
        if (!err || err.reason !== 'AlreadyExists') this.recordClaimEvent('create', set, pod, claim, err);
      } else if (existing.metadata.deletionTimestamp) {
        first ??= internal(`pvc ${claim.metadata.name} is being deleted`);
      }
    }
    return first;
  }

  /** `CreateStatefulPod`: claims first, then the pod, then the claims' retention ownerReferences. */
  createStatefulPod(set: KObject, pod: KObject): Status | undefined {
    const claimErr = this.createPersistentVolumeClaims(set, pod);
    if (claimErr) {
      this.recordPodEvent('create', set, pod, claimErr);
      return claimErr;
    }
    const r = this.host.api.create(pod);
    if (isStatus(r) && r.reason === 'AlreadyExists') return r;
    if (!isStatus(r)) {
      const err = this.updatePodClaimForRetentionPolicy(set, r);
      if (err) {
        this.recordPodEvent('update', set, r, err);
        return err;
      }
    }
    this.recordPodEvent('create', set, pod, isStatus(r) ? r : undefined);
    return isStatus(r) ? r : undefined;
  }

  deleteStatefulPod(set: KObject, pod: KObject): Status | undefined {
    const r = this.host.api.delete(this.podInfo, pod.metadata.namespace, pod.metadata.name!);
    const err = isStatus(r) ? r : undefined;
    if (err?.code === 404) return undefined;
    this.recordPodEvent('delete', set, pod, err);
    return err;
  }

  /** `UpdateStatefulPod`: restores identity and storage of an adopted or altered pod. */
  updateStatefulPod(set: KObject, pod: KObject): Status | undefined {
    const cur = this.host.store.get('/Pod', pod.metadata.namespace, pod.metadata.name!);
    if (!cur) return undefined;
    const next = structuredClone(cur) as KObject;
    updateIdentity(set, next);
    const before = JSON.stringify(next.spec?.volumes ?? []);
    updateStorage(set, next);
    if (JSON.stringify(next.spec?.volumes ?? []) !== before) {
      const err = this.createPersistentVolumeClaims(set, next);
      if (err) {
        this.recordPodEvent('update', set, pod, err);
        return err;
      }
    }
    const r = this.host.api.update(next);
    const err = isStatus(r) ? r : undefined;
    this.recordPodEvent('update', set, pod, err);
    return err;
  }

  /** `ClaimsMatchRetentionPolicy`: every existing claim has the ownerReferences the policy wants. */
  claimsMatchRetentionPolicy(set: KObject, pod: KObject): boolean {
    for (const { claim } of persistentVolumeClaims(set, getOrdinal(pod))) {
      const c = this.getClaim(claim.metadata.namespace!, claim.metadata.name!);
      if (c && !jsonEqual(c.metadata.ownerReferences ?? [], desiredClaimOwnerRefs(c, set, pod))) return false;
    }
    return true;
  }

  /** `UpdatePodClaimForRetentionPolicy`: sets the claims' ownerReferences for the policy. */
  updatePodClaimForRetentionPolicy(set: KObject, pod: KObject): Status | undefined {
    for (const { claim } of persistentVolumeClaims(set, getOrdinal(pod))) {
      const c = this.getClaim(claim.metadata.namespace!, claim.metadata.name!);
      if (!c) continue;
      const refs = desiredClaimOwnerRefs(c, set, pod);
      if (jsonEqual(c.metadata.ownerReferences ?? [], refs)) continue;
      const r = this.host.api.mutate(this.pvcInfo, c.metadata.namespace, c.metadata.name!, (o) => {
        if (refs.length === 0) delete o.metadata.ownerReferences;
        else o.metadata.ownerReferences = refs;
      });
      if (isStatus(r)) return { ...r, message: `could not update claim ${c.metadata.name} for delete policy ownerRefs: ${r.message}` };
    }
    return undefined;
  }

  /** `PodClaimIsStale`: with whenScaled Delete, a claim still owned by an earlier pod of that name. */
  podClaimIsStale(set: KObject, pod: KObject): boolean {
    if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled !== 'Delete') return false;
    return persistentVolumeClaims(set, getOrdinal(pod)).some(({ claim }) => {
      const c = this.getClaim(claim.metadata.namespace!, claim.metadata.name!);
      return c !== undefined && claimIsStaleFor(c, pod);
    });
  }
}

function internal(message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500, reason: 'InternalError', message };
}
