// Incremental per-ReplicaSet pod counts, so a sync costs O(pods changed since the last sync)
// instead of O(pods of the ReplicaSet). A real ReplicaSet controller lists its pods from the
// informer cache on every sync; at 1,000 replicas that walk was a third of a Deployment's
// roll-out, and at 150,000 pods it made scaling quadratic.
//
// The informer (`keysFor`) marks the pods a change touches as dirty for the ReplicaSet that owns
// them (by controller uid, before and after). A sync refreshes only the dirty pods' facts.
// Everything here is derived: a ReplicaSet whose selector, template labels or uid changed, or any
// cache after a restore, is rebuilt from the store's controller index. The counts are exactly what
// `claimObjects` + `calculateReplicaSetStatus` would compute over the same store state in the
// common case; the controller falls back to that full path whenever the fast path does not apply
// (orphans to adopt, owned pods to release, pods to delete, minReadySeconds, an invalid selector).

import type { LabelSelectorMatcher } from '../api/selectors';
import { labelSelectorFromSet } from '../api/selectors';
import { controllerOf } from '../api/meta';
import { isPodActive, isPodReady } from '../api/podutil';
import type { ObjectStore } from '../api/store';
import type { KObject } from '../api/types';
import { CONTROLLER_INDEX } from './util/ownerindex';

/** What one owned pod contributes. */
interface PodFact {
  active: boolean;
  matches: boolean;
  fullyLabeled: boolean;
  ready: boolean;
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
  dirty: Set<string>;
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

  /** Informer hook: a pod changed; `prevOwnerUid` is its controller uid before the change. */
  podChanged(pod: KObject, prevOwnerUid: string | undefined, key?: string): void {
    const uid = controllerOf(pod)?.uid;
    const e = uid !== undefined ? this.byUid.get(uid) : undefined;
    const prevE = prevOwnerUid !== undefined && prevOwnerUid !== uid ? this.byUid.get(prevOwnerUid) : undefined;
    // Most pod changes are of no counted ReplicaSet here (e.g. every pod, for the
    // ReplicationController's counter): no key string for them.
    if (e === undefined && prevE === undefined) return;
    const k = key ?? podKeyOf(pod);
    e?.dirty.add(k);
    prevE?.dirty.add(k);
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
    if (e) e.spec = rs.spec;
    const selector = e?.selector ?? this.selectorOf(rs);
    const template = e?.template ?? labelSelectorFromSet(rs.spec?.template?.metadata?.labels ?? {});
    const fact = (p: KObject): PodFact => {
      const labels = p.metadata.labels ?? {};
      return { active: isPodActive(p), matches: selector.matches(labels), fullyLabeled: template.matches(labels), ready: isPodReady(p) };
    };
    if (!e) {
      e = { key, uid, signature: signatureOf(rs), spec: rs.spec, selector, template, facts: new Map(), dirty: new Set(), counts: { active: 0, claimed: 0, fullyLabeled: 0, ready: 0 } };
      for (const p of this.store.byIndex('/Pod', CONTROLLER_INDEX, `uid:${uid}`)) {
        const f = fact(p);
        e.facts.set(podKeyOf(p), f);
        add(e.counts, f, 1);
      }
      this.byKey.set(key, e);
      this.byUid.set(uid, e);
      return e.counts;
    }
    for (const podKey of e.dirty) {
      const old = e.facts.get(podKey);
      if (old) {
        add(e.counts, old, -1);
        e.facts.delete(podKey);
      }
      const slash = podKey.indexOf('/');
      const p = this.store.get('/Pod', podKey.slice(0, slash), podKey.slice(slash + 1));
      if (p && controllerOf(p)?.uid === uid) {
        const f = fact(p);
        e.facts.set(podKey, f);
        add(e.counts, f, 1);
      }
    }
    e.dirty.clear();
    return e.counts;
  }
}
