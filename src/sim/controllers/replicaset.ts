// The ReplicaSet controller and the ReplicationController manager that shares its code
// (pkg/controller/replicaset/replica_set.go, pkg/controller/replication): keep `spec.replicas`
// active pods matching the selector, adopting orphans and releasing pods that stop matching;
// create in slow-start batches, delete the pods ranked first for deletion; write the status.

import type { KindInfo } from '../api/kinds';
import { controllerOf, newControllerRef } from '../api/meta';
import { isPodActive, isPodReady } from '../api/podutil';
import type { LabelSelectorMatcher } from '../api/selectors';
import type { StoredChange } from '../api/store';
import { isStatus, type KObject, type Status } from '../api/types';
import type { Component, ComponentHost } from '../host';
import { NO_KEYS, type Controller } from './manager';
import { ReplicaSetPodCounts } from './replicaset.podcounts';
import { calculateReplicaSetStatus, replicaSetStatusFromCounts, statusToWrite } from './replicaset.status';
import { ItemBackoff } from './util/backoff';
import { claimObjects, recheckDeletionTimestamp } from './util/claim';
import { addControllerIndex, claimCandidates, controlledBy, CONTROLLER_INDEX } from './util/ownerindex';
import { BURST_REPLICAS, createPod, deletePod, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch, type PodControlDeps } from './util/podcontrol';
import { getPodsToDelete } from './util/ranking';
import { storedSelectorFromSet, storedSelectorFromSpec } from './util/selectorcache';

const STATUS_WRITE = { subresource: 'status', handOverStatus: true } as const;

/** A ReplicationController without a selector: one shared empty set (its matcher is cached). */
const EMPTY_SET: Readonly<Record<string, string>> = {};

/** What differs between the ReplicaSet controller and the ReplicationController manager. */
export interface ReplicaSetKind {
  /** Controller and component name; the events' source. */
  readonly name: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly kindKey: string;
  /** The selector of a stored object (cached per selector object: see util/selectorcache). */
  selector(o: KObject): LabelSelectorMatcher;
}

export const REPLICA_SET_KIND: ReplicaSetKind = {
  name: 'replicaset-controller',
  kind: 'ReplicaSet',
  apiVersion: 'apps/v1',
  kindKey: 'apps/ReplicaSet',
  selector: (rs) => storedSelectorFromSpec(rs.spec?.selector),
};

export const REPLICATION_CONTROLLER_KIND: ReplicaSetKind = {
  name: 'replication-controller',
  kind: 'ReplicationController',
  apiVersion: 'v1',
  kindKey: '/ReplicationController',
  selector: (rc) => storedSelectorFromSet(rc.spec?.selector ?? EMPTY_SET),
};

/** What the informer remembers of a pod, to see label, owner and readiness changes. */
interface PodMemo {
  /** The pod's own `ns/name` (the ReplicaSet pod counter's key). */
  key: string;
  /** `ns/name` of its controller when that is one of ours. */
  owner?: string;
  /** Uid of its controller, whatever kind. */
  ownerUid?: string;
  hasController: boolean;
  /** The pod's labels (the stored object's, never changed in place). */
  labels: Readonly<Record<string, string>>;
  ready: boolean;
  /** The stored ownerReferences the owner fields were read from (kept by status writes). */
  refs: unknown;
  /** `[owner]`, made once: the answer to most of the pod's changes (no array per pod write). */
  ownerKeys: readonly string[];
}

/** A pod's controller as the memo records it (shared by the pods of one ownerReferences array). */
type PodOwner = Pick<PodMemo, 'owner' | 'ownerUid' | 'hasController' | 'ownerKeys'>;

const NO_LABELS: Readonly<Record<string, string>> = {};

/** Same label set (order aside); runs on every pod change, so it allocates nothing. */
function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k] || !Object.prototype.hasOwnProperty.call(b, k)) return false;
    n++;
  }
  for (const _k in b) n--;
  return n === 0;
}

export class ReplicaSetController implements Controller {
  readonly name: string;
  readonly kinds: readonly string[];
  /** Pod uid → what keysFor last saw of it (keyed by the uid the pod carries: no key string per change). */
  private readonly pods = new Map<string, PodMemo>();
  readonly backoff = new ItemBackoff();
  private readonly podCounts: ReplicaSetPodCounts;
  /** What `memo` read of the last ownerReferences array it was given, and the pod's namespace. */
  private lastRefs: unknown = undefined;
  private lastNamespace: string | undefined = undefined;
  private lastOwner: PodOwner = { owner: undefined, ownerUid: undefined, hasController: false, ownerKeys: NO_KEYS };

  constructor(
    private readonly host: ComponentHost,
    readonly cfg: ReplicaSetKind,
  ) {
    this.name = cfg.name;
    this.kinds = [cfg.kindKey, '/Pod'];
    this.podCounts = new ReplicaSetPodCounts(host.store, cfg.selector);
  }

  private get info(): KindInfo {
    return this.host.kinds.byKind(this.cfg.kind)!;
  }

  private get podInfo(): KindInfo {
    return this.host.kinds.byKind('Pod')!;
  }

  private ownerKeyOf(pod: KObject): string | undefined {
    const ref = controllerOf(pod);
    return ref && ref.kind === this.cfg.kind && ref.apiVersion === this.cfg.apiVersion ? `${pod.metadata.namespace}/${ref.name}` : undefined;
  }

  private memo(pod: KObject, prev?: PodMemo, key = `${pod.metadata.namespace}/${pod.metadata.name}`): PodMemo {
    const refs = pod.metadata.ownerReferences;
    const labels = pod.metadata.labels ?? NO_LABELS;
    // Most pod changes are status writes, which keep the stored ownerReferences array: the
    // owner fields (and their key string) carry over, and the memo is updated in place (the
    // caller has read what it compares first): no new record per status write.
    if (prev && refs !== undefined && prev.refs === refs) {
      prev.labels = labels;
      prev.ready = isPodReady(pod);
      return prev;
    }
    const ns = pod.metadata.namespace;
    // A controller's pods share one stored ownerReferences array (api/intern.ts): the owner key
    // and `[owner]` made for the last such array are the next pod's too (one each per
    // controller, not per pod). Stored arrays are never changed in place.
    if (refs === undefined || refs !== this.lastRefs || ns !== this.lastNamespace) {
      const ref = controllerOf(pod);
      const owner = ref && ref.kind === this.cfg.kind && ref.apiVersion === this.cfg.apiVersion ? `${ns}/${ref.name}` : undefined;
      this.lastRefs = refs;
      this.lastNamespace = ns;
      this.lastOwner = { owner, ownerUid: ref?.uid, hasController: !!ref, ownerKeys: owner ? [owner] : NO_KEYS };
    }
    const o = this.lastOwner;
    return { key, owner: o.owner, ownerUid: o.ownerUid, hasController: o.hasController, labels, ready: isPodReady(pod), refs, ownerKeys: o.ownerKeys };
  }

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    if (change.kindKey === this.cfg.kindKey) return [`${o.metadata.namespace}/${o.metadata.name}`];
    if (change.kindKey !== '/Pod') return NO_KEYS;
    const uid = o.metadata.uid!;
    const prev = this.pods.get(uid);
    // A pod keeps its namespace and name: the remembered key string is its key. A new pod's key
    // is made once, for the pod counts and the memo both.
    const podKey = prev !== undefined ? prev.key : `${o.metadata.namespace}/${o.metadata.name}`;
    // The same stored ownerReferences array as the memo's (every status write): the same controller.
    const sameRefs = prev !== undefined && prev.refs !== undefined && prev.refs === o.metadata.ownerReferences;
    this.podCounts.podChanged(change, prev?.ownerUid, podKey, sameRefs ? prev.ownerUid : null);
    if (change.type === 'DELETED') {
      this.pods.delete(uid);
      const owner = this.ownerKeyOf(o) ?? prev?.owner;
      return owner ? [owner] : NO_KEYS;
    }
    // What is compared is read before `memo` may update `prev` in place.
    const prevOwner = prev?.owner;
    const prevReady = prev?.ready;
    const prevLabels = prev?.labels;
    const prevHasController = prev?.hasController;
    const cur = this.memo(o, prev, podKey);
    if (cur !== prev) this.pods.set(uid, cur);
    // The controller changed: the old one re-syncs too.
    const movedFrom = prevOwner && prevOwner !== cur.owner ? prevOwner : undefined;
    if (cur.owner) {
      if (prev && !prevReady && cur.ready) this.requeueForAvailability(cur.owner);
      return movedFrom ? [movedFrom, cur.owner] : cur.ownerKeys;
    }
    // An orphan: the controllers whose selector matches may adopt it. Most pod writes are of pods
    // another controller owns (every pod, for the ReplicationController manager): no array for them.
    const adoptable = !cur.hasController && !o.metadata.deletionTimestamp && (!prev || !sameLabels(prevLabels!, cur.labels) || prevHasController);
    if (!adoptable) return movedFrom ? [movedFrom] : NO_KEYS;
    // A plain array (at most a few keys), deduplicated by hand.
    const keys: string[] = movedFrom ? [movedFrom] : [];
    for (const k of this.ownersMatching(o)) if (!keys.includes(k)) keys.push(k);
    return keys.length === 0 ? NO_KEYS : keys;
  }

  /** A pod turned Ready: with minReadySeconds its RS checks availability again once it has passed (+1 s). */
  private requeueForAvailability(ownerKey: string): void {
    const slash = ownerKey.indexOf('/');
    const rs = this.host.store.get(this.cfg.kindKey, ownerKey.slice(0, slash), ownerKey.slice(slash + 1));
    const mrs = rs?.spec?.minReadySeconds ?? 0;
    if (mrs > 0) this.host.schedule(this.host.now() + (mrs + 1) * 1000, 'controller.requeue', { controller: this.name, key: ownerKey });
  }

  /** `getPodReplicaSets`: controllers in the pod's namespace whose (non-empty) selector matches it. */
  private ownersMatching(pod: KObject): string[] {
    const out: string[] = [];
    for (const rs of this.host.store.list(this.cfg.kindKey, pod.metadata.namespace)) {
      const sel = this.cfg.selector(rs);
      if (sel.empty || sel.matchesNothing) continue;
      if (sel.matches(pod.metadata.labels ?? {})) out.push(`${rs.metadata.namespace}/${rs.metadata.name}`);
    }
    return out;
  }

  resync(): void {
    this.pods.clear();
    this.podCounts.clear();
    for (const p of this.host.store.list('/Pod')) this.pods.set(p.metadata.uid!, this.memo(p));
  }

  sync(key: string): number | void {
    const slash = key.indexOf('/');
    const rs = this.host.store.get(this.cfg.kindKey, key.slice(0, slash), key.slice(slash + 1));
    if (!rs) {
      this.backoff.forget(key);
      this.podCounts.forget(key);
      return;
    }
    const err = this.syncReplicaSet(key, rs);
    if (err && typeof err === 'object') return this.backoff.failure(key);
    this.backoff.forget(key);
    return typeof err === 'number' ? err : undefined;
  }

  /** `syncReplicaSet`: returns an error to retry with back-off, or a requeue delay. */
  private syncReplicaSet(key: string, rs: KObject): Status | number | undefined {
    const selector = this.cfg.selector(rs);
    if (selector.error) return undefined; // an invalid selector is logged and never synced
    const fast = this.syncFromCounts(key, rs, selector);
    if (fast !== false) return fast;
    // Every pod of the namespace could be claimed, but ClaimObject ignores those another controller owns.
    const active = claimCandidates(this.host.store, '/Pod', rs).filter(isPodActive);
    const claim = claimObjects(
      {
        api: this.host.api,
        owner: rs,
        childInfo: this.podInfo,
        match: (p) => selector.matches(p.metadata.labels ?? {}),
        canAdopt: recheckDeletionTimestamp(this.host.api, this.info, rs),
      },
      active,
    );
    if (claim.error) return claim.error;
    const pods = claim.claimed;
    let manageErr: Status | undefined;
    if (!rs.metadata.deletionTimestamp) manageErr = this.manageReplicas(pods, rs);
    return this.writeStatus(rs, calculateReplicaSetStatus(rs, pods, manageErr, this.host.now()), manageErr);
  }

  /**
   * The same sync from the incremental counts, when it provably changes nothing but the status
   * and new pods: no active orphan the selector matches (nothing to adopt), every active pod we
   * control still matches (nothing to release), none to delete, and no minReadySeconds (whose
   * availability depends on time). Returns false to take the full path.
   */
  private syncFromCounts(key: string, rs: KObject, selector: LabelSelectorMatcher): Status | number | undefined | false {
    if ((rs.spec?.minReadySeconds ?? 0) > 0) return false;
    for (const o of this.host.store.byIndex('/Pod', CONTROLLER_INDEX, `orphan:${rs.metadata.namespace ?? ''}`)) {
      if (isPodActive(o) && selector.matches(o.metadata.labels ?? {})) return false;
    }
    const c = this.podCounts.counts(key, rs);
    const diff = c.claimed - (rs.spec?.replicas ?? 0);
    if (c.active !== c.claimed || diff > 0) return false;
    let manageErr: Status | undefined;
    if (!rs.metadata.deletionTimestamp && diff < 0) manageErr = this.createReplicas(rs, -diff);
    const counts = { replicas: c.claimed, fullyLabeled: c.fullyLabeled, ready: c.ready, available: c.ready };
    return this.writeStatus(rs, replicaSetStatusFromCounts(rs, counts, manageErr, this.host.now()), manageErr);
  }

  /** `updateReplicaSetStatus` and the requeue that waits for minReadySeconds. */
  private writeStatus(rs: KObject, next: ReturnType<typeof calculateReplicaSetStatus>, manageErr: Status | undefined): Status | number | undefined {
    let updated = rs;
    const write = statusToWrite(rs, next);
    if (write) {
      // `write` is a new object (statusToWrite's), conditions included, and not used after: handed over.
      const r = this.host.api.update({ ...rs, status: write }, STATUS_WRITE);
      if (isStatus(r)) return r;
      updated = r;
    }
    if (manageErr) return manageErr;
    const replicas = updated.spec?.replicas ?? 0;
    const mrs = updated.spec?.minReadySeconds ?? 0;
    if (mrs > 0 && (updated.status?.readyReplicas ?? 0) === replicas && (updated.status?.availableReplicas ?? 0) !== replicas) return mrs * 1000;
    return undefined;
  }

  private get podControl(): PodControlDeps {
    return { api: this.host.api, events: this.host.events, component: this.cfg.name };
  }

  /** `manageReplicas`: creates or deletes pods to reach spec.replicas, at most BurstReplicas at a time. */
  private manageReplicas(pods: KObject[], rs: KObject): Status | undefined {
    const diff = pods.length - (rs.spec?.replicas ?? 0);
    if (diff < 0) return this.createReplicas(rs, -diff);
    if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const toDelete = getPodsToDelete(pods, this.indirectlyRelatedPods(rs), n, this.host.now());
      let first: Status | undefined;
      for (const pod of toDelete) {
        const err = deletePod(this.podControl, this.podInfo, pod.metadata.namespace!, pod.metadata.name!, rs);
        if (err && err.code !== 404) first ??= err;
      }
      return first;
    }
    return undefined;
  }

  /** manageReplicas' create half: `missing` more pods, at most BurstReplicas, in slow-start batches. */
  private createReplicas(rs: KObject, missing: number): Status | undefined {
    const n = Math.min(missing, BURST_REPLICAS);
    const ref = newControllerRef(rs);
    return slowStartBatch(n, SLOW_START_INITIAL_BATCH_SIZE, () => createPod(this.podControl, rs.spec.template, rs, ref)).error;
  }

  /**
   * `getIndirectlyRelatedPods`: pods selected by any RS with the same controller as `rs` (for a
   * Deployment's RS: all its RSs). None for an RS without a controller.
   */
  private indirectlyRelatedPods(rs: KObject): KObject[] {
    const ref = controllerOf(rs);
    if (!ref) return [];
    const seen = new Set<string>();
    const out: KObject[] = [];
    const pods = this.host.store.list('/Pod', rs.metadata.namespace);
    for (const other of controlledBy(this.host.store, this.cfg.kindKey, ref.uid)) {
      if (other.metadata.namespace !== rs.metadata.namespace) continue;
      const sel = this.cfg.selector(other);
      for (const p of pods) {
        if (!sel.matches(p.metadata.labels ?? {}) || seen.has(p.metadata.uid!)) continue;
        seen.add(p.metadata.uid!);
        out.push(p);
      }
    }
    return out;
  }
}

function component(cfg: ReplicaSetKind): Component {
  return {
    name: cfg.name,
    install(host) {
      const c = new ReplicaSetController(host, cfg);
      addControllerIndex(host.store, '/Pod');
      addControllerIndex(host.store, cfg.kindKey);
      host.registerController(c);
      host.registerState(cfg.name, c.backoff);
    },
  };
}

/** The `replicaset-controller` component. */
export function createReplicaSetController(): Component {
  return component(REPLICA_SET_KIND);
}

/** The `replication-controller` component (ReplicationControllers, same logic). */
export function createReplicationController(): Component {
  return component(REPLICATION_CONTROLLER_KIND);
}
