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

/** What one owned pod contributes, and its change waiting for the next sync. */
interface PodFact {
  /** The pod's key (`ns/name`), its key in `Entry.facts`. */
  readonly key: string;
  /** Whether the fields below are in the entry's counts (false: not counted yet). */
  counted: boolean;
  /** The pod's newest change since the last sync (then it is in `Entry.dirty`), or null. */
  pending: StoredChange | null;
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
  /**
   * The ReplicaSet's namespace: the controller index's uid bucket spans namespaces, and a pod in
   * another namespace naming this ReplicaSet is not one of its pods (upstream lists its namespace).
   */
  ns: string;
  /** Selector and template labels the facts were computed with. */
  signature: string;
  /** The spec object the signature was taken from: a status write keeps it, so no new signature is needed. */
  spec: unknown;
  selector: LabelSelectorMatcher;
  template: LabelSelectorMatcher;
  /** Pod key → fact: the counted pods and the dirty ones not counted yet. */
  facts: Map<string, PodFact>;
  /**
   * The facts with a pending change, in the order first marked: a plain array walked by index,
   * so a sync allocates no iterator entries and a mark costs one map lookup.
   */
  dirty: PodFact[];
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
    if (e !== undefined) markDirty(e, k, change);
    if (prevE !== undefined) markDirty(prevE, k, change);
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
    const dirty = e.dirty;
    if (dirty.length === 0) return e.counts;
    for (let i = 0; i < dirty.length; i++) {
      const f = dirty[i]!;
      const change = f.pending!;
      f.pending = null;
      if (f.counted) add(e.counts, f, -1);
      // The pod as the store holds it now: gone after a DELETED, else the newest change's object.
      const p = change.type === 'DELETED' ? undefined : change.object;
      if (p && (p.metadata.namespace ?? '') === e.ns && controllerOf(p)?.uid === uid) {
        // The pod's record is refreshed in place (most dirty pods were counted before).
        setFact(f, p, e.selector, e.template);
        f.counted = true;
        add(e.counts, f, 1);
      } else {
        f.counted = false;
        e.facts.delete(f.key);
      }
    }
    dirty.length = 0;
    return e.counts;
  }

  /** A new entry, counted from the store's controller index. */
  private build(key: string, uid: string, rs: KObject): ReplicaSetCounts {
    const selector = this.selectorOf(rs);
    const template = labelSelectorFromSet(rs.spec?.template?.metadata?.labels ?? {});
    const ns = rs.metadata.namespace ?? '';
    const e: Entry = { key, uid, ns, signature: signatureOf(rs), spec: rs.spec, selector, template, facts: new Map(), dirty: [], counts: { active: 0, claimed: 0, fullyLabeled: 0, ready: 0 } };
    for (const p of this.store.byIndex('/Pod', CONTROLLER_INDEX, `uid:${uid}`)) {
      if ((p.metadata.namespace ?? '') !== ns) continue;
      const f = newFact(podKeyOf(p));
      setFact(f, p, selector, template);
      f.counted = true;
      e.facts.set(f.key, f);
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

const newFact = (key: string): PodFact => ({ key, counted: false, pending: null, active: false, matches: false, fullyLabeled: false, ready: false, labels: null });

/**
 * Keeps a pod's newest change. Changes reach the informer in resourceVersion order, except when a
 * subscriber ahead of the controller manager writes while handling one (a nested change arrives
 * first): the higher resourceVersion wins either way.
 */
function markDirty(e: Entry, key: string, change: StoredChange): void {
  let f = e.facts.get(key);
  if (f === undefined) e.facts.set(key, (f = newFact(key)));
  if (f.pending === null) {
    f.pending = change;
    e.dirty.push(f);
  } else if (f.pending.rv < change.rv) f.pending = change;
}
