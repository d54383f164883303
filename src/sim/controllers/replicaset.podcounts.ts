// Incremental per-ReplicaSet pod counts, so a sync costs O(pods changed since the last sync)
// instead of O(pods of the ReplicaSet). A real ReplicaSet controller lists its pods from the
// informer cache on every sync; at 1,000 replicas that walk was a third of a Deployment's
// roll-out, and at 150,000 pods it made scaling quadratic.
//
// The informer (`keysFor`) marks the pods a change touches as dirty for the ReplicaSet that owns
// them (by controller uid, before and after), with the change itself: the newest change of a pod
// is the pod as the store holds it (every write reaches the informer), so a sync refreshes only
// the dirty pods' facts, from those changes, without looking the pods up again.
// Everything here is derived: a ReplicaSet whose selector, template labels or uid changed, or any
// cache after a restore, is rebuilt from the store's controller index. The counts are exactly what
// `claimObjects` + `calculateReplicaSetStatus` would compute over the same store state in the
// common case; the controller falls back to that full path whenever the fast path does not apply
// (orphans to adopt, owned pods to release, pods to delete, minReadySeconds, an invalid selector).

import type { LabelSelectorMatcher } from '../api/selectors';
import { labelSelectorFromSet } from '../api/selectors';
import { controllerOf } from '../api/meta';
import { isPodActive, isPodReady } from '../api/podutil';
import type { ObjectStore, StoredChange } from '../api/store';
import type { KObject } from '../api/types';
import { CONTROLLER_INDEX } from './util/ownerindex';

/** What one owned pod contributes. */
interface PodFact {
  active: boolean;
  matches: boolean;
  fullyLabeled: boolean;
  ready: boolean;
  /**
   * The labels object `matches` and `fullyLabeled` were computed from: a status write keeps the
   * stored labels object, so the two label matches are not run again. (The entry's selector and
   * template are fixed: a change of either rebuilds the entry.) Null: none yet.
   */
  labels: unknown;
}

export interface ReplicaSetCounts {
  /** Active pods controlled by the ReplicaSet. */
  active: number;
  /** Of those, the ones its selector matches: what a claim keeps. */
  claimed: number;
  fullyLabeled: number;
  ready: number;
}

interface Entry {
  key: string;
  uid: string;
  /** Selector and template labels the facts were computed with. */
  signature: string;
  /** The spec object the signature was taken from: a status write keeps it, so no new signature is needed. */
  spec: unknown;
  selector: LabelSelectorMatcher;
  template: LabelSelectorMatcher;
  facts: Map<string, PodFact>;
  /** Pod key → its newest change since the last sync. */
  dirty: Map<string, StoredChange>;
  counts: ReplicaSetCounts;
}

const signatureOf = (rs: KObject) => JSON.stringify([rs.spec?.selector ?? null, rs.spec?.template?.metadata?.labels ?? null]);

const podKeyOf = (p: KObject) => `${p.metadata.namespace}/${p.metadata.name}`;

function add(c: ReplicaSetCounts, f: PodFact, sign: 1 | -1): void {
  if (!f.active) return;
  c.active += sign;
  if (!f.matches) return;
  c.claimed += sign;
  if (f.fullyLabeled) c.fullyLabeled += sign;
  if (f.ready) c.ready += sign;
}

export class ReplicaSetPodCounts {
  /** ReplicaSet key (`ns/name`) → entry. */
  private readonly byKey = new Map<string, Entry>();
  /** Controller uid → entry, for the informer's dirty marking. */
  private readonly byUid = new Map<string, Entry>();

  constructor(
    private readonly store: ObjectStore,
    private readonly selectorOf: (rs: KObject) => LabelSelectorMatcher,
  ) {}

  /**
   * Informer hook: a pod changed; `prevOwnerUid` is its controller uid before the change.
   * `ownerUid`: its controller uid now when the caller knows it (undefined: none), null: look it up.
   */
  podChanged(change: StoredChange, prevOwnerUid: string | undefined, key?: string, ownerUid: string | undefined | null = null): void {
    const pod = change.object;
    const uid = ownerUid === null ? controllerOf(pod)?.uid : ownerUid;
    const e = uid !== undefined ? this.byUid.get(uid) : undefined;
    const prevE = prevOwnerUid !== undefined && prevOwnerUid !== uid ? this.byUid.get(prevOwnerUid) : undefined;
    // Most pod changes are of no counted ReplicaSet here (e.g. every pod, for the
    // ReplicationController's counter): no key string for them.
    if (e === undefined && prevE === undefined) return;
    const k = key ?? podKeyOf(pod);
    if (e !== undefined) markDirty(e.dirty, k, change);
    if (prevE !== undefined) markDirty(prevE.dirty, k, change);
  }

  /** The ReplicaSet is gone (or must be rebuilt). */
  forget(key: string): void {
    const e = this.byKey.get(key);
    if (!e) return;
    this.byKey.delete(key);
    if (this.byUid.get(e.uid) === e) this.byUid.delete(e.uid);
  }

  clear(): void {
    this.byKey.clear();
    this.byUid.clear();
  }

  /** Up-to-date counts of the ReplicaSet's controlled pods. */
  counts(key: string, rs: KObject): ReplicaSetCounts {
    const uid = rs.metadata.uid!;
    let e = this.byKey.get(key);
    if (e && (e.uid !== uid || (e.spec !== rs.spec && e.signature !== signatureOf(rs)))) {
      this.forget(key);
      e = undefined;
    }
    if (!e) return this.build(key, uid, rs);
    e.spec = rs.spec;
    if (e.dirty.size === 0) return e.counts;
    for (const [podKey, change] of e.dirty) {
      const old = e.facts.get(podKey);
      if (old) add(e.counts, old, -1);
      // The pod as the store holds it now: gone after a DELETED, else the newest change's object.
      const p = change.type === 'DELETED' ? undefined : change.object;
      if (p && controllerOf(p)?.uid === uid) {
        // The pod's record is refreshed in place (most dirty pods were counted before).
        const f = old ?? { active: false, matches: false, fullyLabeled: false, ready: false, labels: null };
        setFact(f, p, e.selector, e.template);
        if (!old) e.facts.set(podKey, f);
        add(e.counts, f, 1);
      } else if (old) e.facts.delete(podKey);
    }
    e.dirty.clear();
    return e.counts;
  }

  /** A new entry, counted from the store's controller index. */
  private build(key: string, uid: string, rs: KObject): ReplicaSetCounts {
    const selector = this.selectorOf(rs);
    const template = labelSelectorFromSet(rs.spec?.template?.metadata?.labels ?? {});
    const e: Entry = { key, uid, signature: signatureOf(rs), spec: rs.spec, selector, template, facts: new Map(), dirty: new Map(), counts: { active: 0, claimed: 0, fullyLabeled: 0, ready: 0 } };
    for (const p of this.store.byIndex('/Pod', CONTROLLER_INDEX, `uid:${uid}`)) {
      const f: PodFact = { active: false, matches: false, fullyLabeled: false, ready: false, labels: null };
      setFact(f, p, selector, template);
      e.facts.set(podKeyOf(p), f);
      add(e.counts, f, 1);
    }
    this.byKey.set(key, e);
    this.byUid.set(uid, e);
    return e.counts;
  }
}

/** What a pod contributes, written into `f` (the label matches only for labels not matched yet). */
function setFact(f: PodFact, p: KObject, selector: LabelSelectorMatcher, template: LabelSelectorMatcher): void {
  const labels = p.metadata.labels ?? NO_LABELS;
  f.active = isPodActive(p);
  if (f.labels !== labels) {
    f.matches = selector.matches(labels);
    f.fullyLabeled = template.matches(labels);
    f.labels = labels;
  }
  f.ready = isPodReady(p);
}

const NO_LABELS: Readonly<Record<string, string>> = {};

/**
 * Keeps a pod's newest change. Changes reach the informer in resourceVersion order, except when a
 * subscriber ahead of the controller manager writes while handling one (a nested change arrives
 * first): the higher resourceVersion wins either way.
 */
function markDirty(dirty: Map<string, StoredChange>, key: string, change: StoredChange): void {
  const prev = dirty.get(key);
  if (prev === undefined || prev.rv < change.rv) dirty.set(key, change);
}
