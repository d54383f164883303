// The StatefulSet controller (pkg/controller/statefulset/stateful_set.go, stateful_set_control.go):
// pods `<set>-<ordinal>` with stable identity and claims, created in ordinal order and each only
// once its predecessors are Running and Ready (OrderedReady) or all at once (Parallel); scale-down
// from the highest ordinal; RollingUpdate from the highest ordinal down to `partition`, one pod at
// a time; OnDelete; ControllerRevisions for current/update revisions. A pod that is Terminating
// keeps its name taken, so a pod on a lost node is not replaced until it is force-deleted.

import type { KindInfo } from '../api/kinds';
import { controllerOf, newControllerRef } from '../api/meta';
import { isPodReady } from '../api/podutil';
import { labelSelectorFromSpec } from '../api/selectors';
import type { StoredChange } from '../api/store';
import { isStatus, type KObject } from '../api/types';
import type { Component, ComponentHost } from '../host';
import { NO_KEYS, type Controller } from './manager';
import {
  applyRevision, controlledRevisions, createControllerRevision, deleteControllerRevision, equalRevision, findEqualRevisions, newControllerRevision,
  nextRevision, sortControllerRevisions, templatePatch, updateControllerRevision,
} from './history';
import { STATEFULSET_CONTROLLER, StatefulPodControl } from './statefulset-podcontrol';
import {
  endOrdinal, getOrdinal, getPodRevision, identityMatches, isCreated, isFailed, isHealthy, isMemberOf, isPending, isRunningAndAvailable, isRunningAndReady,
  isSucceeded, isTerminating, newStatefulSetPod, podInOrdinalRange, startOrdinal, storageMatches,
} from './statefulset-utils';
import { claimObjects, recheckDeletionTimestamp } from './util/claim';

export { STATEFULSET_CONTROLLER };

interface SetStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

const splitKey = (key: string): [string, string] => {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
};

export class StatefulSetController implements Controller {
  readonly name = STATEFULSET_CONTROLLER;
  readonly kinds = ['apps/StatefulSet', '/Pod'];
  private readonly podControl: StatefulPodControl;
  /** pod uid → readiness last seen, to requeue sets with minReadySeconds when a pod turns ready. */
  private readonly ready = new Map<string, boolean>();

  constructor(private readonly host: ComponentHost) {
    this.podControl = new StatefulPodControl(host);
  }

  private get info(): KindInfo {
    return this.host.kinds.byApiVersionKind('apps/v1', 'StatefulSet')!;
  }

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    if (change.kindKey === 'apps/StatefulSet') return [`${o.metadata.namespace}/${o.metadata.name}`];
    if (change.kindKey !== '/Pod') return NO_KEYS;
    const ref = controllerOf(o);
    // By uid: the stored uid string is one object across the pod's versions (hashed once).
    const podKey = o.metadata.uid!;
    if (ref && (ref.kind !== 'StatefulSet' || ref.apiVersion !== 'apps/v1')) {
      // Another controller's pod: its readiness matters only once a StatefulSet owns it, which
      // takes a write removing this controller first (remembered from then on). Not keeping
      // these saves a map entry per ReplicaSet pod and a write per pod change.
      if (this.ready.size > 0) this.ready.delete(podKey);
      return NO_KEYS;
    }
    const wasReady = this.ready.get(podKey);
    if (change.type === 'DELETED') this.ready.delete(podKey);
    else this.ready.set(podKey, isPodReady(o));
    if (ref) {
      const key = `${o.metadata.namespace}/${ref.name}`;
      const set = this.host.store.get('apps/StatefulSet', o.metadata.namespace, ref.name);
      const mrs = set?.spec?.minReadySeconds ?? 0;
      if (mrs > 0 && !wasReady && isPodReady(o)) this.host.schedule(this.host.now() + mrs * 1000, 'controller.requeue', { controller: this.name, key });
      return [key];
    }
    if (change.type === 'DELETED' || o.metadata.deletionTimestamp) return NO_KEYS;
    return this.host.store
      .list('apps/StatefulSet', o.metadata.namespace)
      .filter((s) => {
        const sel = labelSelectorFromSpec(s.spec?.selector);
        return !sel.empty && sel.matches(o.metadata.labels ?? {});
      })
      .map((s) => `${s.metadata.namespace}/${s.metadata.name}`);
  }

  resync(): void {
    this.ready.clear();
    for (const p of this.host.store.list('/Pod')) {
      const ref = controllerOf(p);
      if (ref && (ref.kind !== 'StatefulSet' || ref.apiVersion !== 'apps/v1')) continue;
      this.ready.set(p.metadata.uid!, isPodReady(p));
    }
  }

  sync(key: string): number | void {
    const [ns, name] = splitKey(key);
    const set = this.host.store.get('apps/StatefulSet', ns, name);
    if (!set) return;
    const selector = labelSelectorFromSpec(set.spec?.selector);
    if (selector.error || selector.empty) return;
    const claim = claimObjects(
      {
        api: this.host.api,
        owner: set,
        childInfo: this.host.kinds.byKind('Pod')!,
        match: (p) => selector.matches(p.metadata.labels ?? {}) && isMemberOf(set, p),
        canAdopt: recheckDeletionTimestamp(this.host.api, this.info, set),
      },
      this.host.store.list('/Pod', ns),
    );
    const revs = controlledRevisions(this.host.api, set, this.info, selector);
    const status = this.updateStatefulSet(set, claim.claimed, sortControllerRevisions(revs.revisions));
    const mrs = set.spec?.minReadySeconds ?? 0;
    if (status && mrs > 0 && status.availableReplicas !== (set.spec?.replicas ?? 1)) return mrs * 1000;
  }

  /** `getStatefulSetRevisions`: the current and update revisions, creating or renumbering as needed. */
  private revisions(set: KObject, revisions: KObject[]): { current: KObject; update: KObject; collisionCount: number } | undefined {
    let collisionCount: number = set.status?.collisionCount ?? 0;
    const patch = templatePatch(set);
    let update: KObject | undefined = newControllerRevision(set, newControllerRef(set), set.spec?.template?.metadata?.labels, patch, nextRevision(revisions), collisionCount);
    const equal = findEqualRevisions(revisions, update);
    const last = revisions[revisions.length - 1];
    if (equal.length > 0 && equalRevision(last, equal[equal.length - 1])) {
      update = last;
    } else if (equal.length > 0) {
      const r = updateControllerRevision(this.host.api, equal[equal.length - 1], update.revision);
      if (isStatus(r)) return undefined;
      update = r;
    } else {
      const r = createControllerRevision(this.host.api, set, update, collisionCount);
      collisionCount = r.collisionCount;
      if (!r.revision) return undefined;
      update = r.revision;
    }
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update: update!, collisionCount };
  }

  private computeStatus(set: KObject, current: KObject, update: KObject, collisionCount: number, ...lists: KObject[][]): SetStatus {
    const now = this.host.now();
    const mrs = set.spec?.minReadySeconds ?? 0;
    const st: SetStatus = {
      observedGeneration: set.metadata.generation ?? 0, replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0, availableReplicas: 0,
      currentRevision: current.metadata.name!, updateRevision: update.metadata.name!, collisionCount,
    };
    for (const list of lists) {
      for (const pod of list) {
        if (isCreated(pod)) st.replicas++;
        if (isRunningAndReady(pod)) {
          st.readyReplicas++;
          if (isRunningAndAvailable(pod, mrs, now)) st.availableReplicas++;
        }
        if (isCreated(pod) && !isTerminating(pod)) {
          if (getPodRevision(pod) === current.metadata.name) st.currentReplicas++;
          if (getPodRevision(pod) === update.metadata.name) st.updatedReplicas++;
        }
      }
    }
    return st;
  }

  /** `UpdateStatefulSet` + `updateStatefulSetStatus`; returns the status written (or unchanged). */
  private updateStatefulSet(set: KObject, pods: KObject[], revisions: KObject[]): SetStatus | undefined {
    const revs = this.revisions(set, revisions);
    if (!revs) return undefined;
    const { current, update, collisionCount } = revs;
    const status = this.reconcile(set, pods, current, update, collisionCount);
    // completeRollingUpdate
    if (set.spec?.updateStrategy?.type !== 'OnDelete' && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
      status.currentReplicas = status.updatedReplicas;
      status.currentRevision = status.updateRevision;
    }
    const old = set.status ?? {};
    const changed =
      status.observedGeneration > (old.observedGeneration ?? 0) || status.replicas !== (old.replicas ?? 0) || status.currentReplicas !== (old.currentReplicas ?? 0) ||
      status.readyReplicas !== (old.readyReplicas ?? 0) || status.updatedReplicas !== (old.updatedReplicas ?? 0) || status.currentRevision !== (old.currentRevision ?? '') ||
      status.availableReplicas !== (old.availableReplicas ?? 0) || status.updateRevision !== (old.updateRevision ?? '');
    if (changed) {
      const cur = this.host.store.get('apps/StatefulSet', set.metadata.namespace, set.metadata.name!);
      if (cur) {
        const next: Record<string, unknown> = { ...(cur.status?.conditions ? { conditions: cur.status.conditions } : {}) };
        for (const [k, v] of Object.entries(status)) if (v !== 0 && v !== '') next[k] = v;
        next.replicas = status.replicas;
        next.availableReplicas = status.availableReplicas;
        next.collisionCount = status.collisionCount;
        this.host.api.update({ ...cur, status: next }, { subresource: 'status' });
      }
    }
    this.truncateHistory(set, pods, revisions, current, update);
    return status;
  }

  /** `updateStatefulSet` (the pod half): creates, recreates, deletes and updates pods. */
  private reconcile(set: KObject, pods: KObject[], currentRev: KObject, updateRev: KObject, collisionCount: number): SetStatus {
    const now = this.host.now();
    const mrs = set.spec?.minReadySeconds ?? 0;
    const currentSet = applyRevision(set, currentRev);
    const updateSet = applyRevision(set, updateRev);
    const start = startOrdinal(set);
    const replicaCount = Math.max(0, endOrdinal(set) - start + 1);
    const replicas: (KObject | undefined)[] = new Array(replicaCount).fill(undefined);
    const condemned: KObject[] = [];
    for (const pod of pods) {
      if (podInOrdinalRange(pod, set)) replicas[getOrdinal(pod) - start] = pod;
      else if (getOrdinal(pod) >= 0) condemned.push(pod);
    }
    const versioned = (ord: number): KObject => {
      const ru = currentSet.spec?.updateStrategy?.rollingUpdate;
      const rolling = currentSet.spec?.updateStrategy?.type === 'RollingUpdate';
      const useCurrent = (rolling && !ru && ord < (set.status?.currentReplicas ?? 0)) || (!!ru && ord < (ru.partition ?? 0));
      return useCurrent ? newStatefulSetPod(currentSet, ord, currentRev.metadata.name!) : newStatefulSetPod(updateSet, ord, updateRev.metadata.name!);
    };
    for (let i = 0; i < replicaCount; i++) if (!replicas[i]) replicas[i] = versioned(i + start);
    const reps = replicas as KObject[];
    condemned.sort((a, b) => getOrdinal(b) - getOrdinal(a));
    let firstUnhealthy: KObject | undefined;
    for (const p of reps) if (!isHealthy(p)) firstUnhealthy ??= p;
    for (let i = condemned.length - 1; i >= 0; i--) if (!isHealthy(condemned[i])) firstUnhealthy ??= condemned[i];
    const status = () => this.computeStatus(set, currentRev, updateRev, collisionCount, reps, condemned);
    if (set.metadata.deletionTimestamp) return status();
    const monotonic = set.spec?.podManagementPolicy !== 'Parallel';

    // processReplica
    for (let i = 0; i < reps.length; i++) {
      if (isFailed(reps[i]) || isSucceeded(reps[i])) {
        // Deleted now, recreated on a later sync once the pod is gone.
        if (!isTerminating(reps[i])) this.podControl.deleteStatefulPod(set, reps[i]);
        if (monotonic) return status();
        continue;
      }
      if (!isCreated(reps[i])) {
        if (this.podControl.podClaimIsStale(set, reps[i])) {
          if (monotonic) return status();
          continue;
        }
        const err = this.podControl.createStatefulPod(set, reps[i]);
        if (err || monotonic) return status();
        continue;
      }
      if (isPending(reps[i])) this.podControl.createPersistentVolumeClaims(set, reps[i]);
      if (isTerminating(reps[i]) && monotonic) return status();
      if (!isRunningAndReady(reps[i]) && monotonic) return status();
      if (!isRunningAndAvailable(reps[i], mrs, now) && monotonic) return status();
      const retentionOk = this.podControl.claimsMatchRetentionPolicy(updateSet, reps[i]);
      if (identityMatches(set, reps[i]) && storageMatches(set, reps[i]) && retentionOk) continue;
      if (!identityMatches(set, reps[i]) || !storageMatches(set, reps[i])) {
        if (this.podControl.updateStatefulPod(updateSet, reps[i]) && monotonic) return status();
      } else if (this.podControl.updatePodClaimForRetentionPolicy(updateSet, reps[i]) && monotonic) return status();
    }
    // Claims of condemned pods follow the retention policy.
    for (const p of condemned) {
      if (!this.podControl.claimsMatchRetentionPolicy(updateSet, p) && this.podControl.updatePodClaimForRetentionPolicy(updateSet, p) && monotonic) return status();
    }
    // processCondemned: highest ordinal first; in order, one at a time, only when the rest is healthy.
    for (const p of condemned) {
      if (isTerminating(p)) {
        if (monotonic) return status();
        continue;
      }
      if (monotonic && p !== firstUnhealthy && (!isRunningAndReady(p) || !isRunningAndAvailable(p, mrs, now))) return status();
      this.podControl.deleteStatefulPod(set, p);
      if (monotonic) return status();
    }
    const st = status();
    if (set.spec?.updateStrategy?.type === 'OnDelete') return st;
    // RollingUpdate: delete the highest-ordinal pod not at the update revision, down to the partition.
    const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let target = reps.length - 1; target >= partition; target--) {
      if (getPodRevision(reps[target]) !== updateRev.metadata.name && !isTerminating(reps[target])) {
        this.podControl.deleteStatefulPod(set, reps[target]);
        st.currentReplicas--;
        return st;
      }
      if (!isHealthy(reps[target])) return st;
    }
    return st;
  }

  /** `truncateHistory`: deletes the oldest revisions no pod uses beyond revisionHistoryLimit. */
  private truncateHistory(set: KObject, pods: KObject[], revisions: KObject[], current: KObject, update: KObject): void {
    const live = new Set<string>([current.metadata.name!, update.metadata.name!, ...pods.map(getPodRevision)]);
    const history = revisions.filter((r) => !live.has(r.metadata.name!));
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    for (const r of history.slice(0, Math.max(0, history.length - limit))) deleteControllerRevision(this.host.api, r);
  }
}

/** The `statefulset-controller` component. */
export function createStatefulSetController(): Component {
  return {
    name: STATEFULSET_CONTROLLER,
    install(host) {
      host.registerController(new StatefulSetController(host));
    },
  };
}

