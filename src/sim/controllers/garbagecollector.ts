// The garbage collector (pkg/controller/garbagecollector): deletes dependents whose owners are
// gone (Background), deletes dependents before their owner (Foreground, `foregroundDeletion`
// finalizer) and strips ownerReferences for Orphan (`orphan` finalizer).

import type { KObject, OwnerReference } from '../api/types';
import type { StoredChange } from '../api/store';
import type { KindInfo } from '../api/kinds';
import { NO_KEYS, type Controller, type ControllerContext } from './manager';

interface Ref {
  kindKey: string;
  namespace?: string;
  name: string;
  /** The stored ownerReferences last filed for it (status writes keep the array); undefined: none. */
  refs: unknown;
  /**
   * The record of its one owner, found when `refs` (a single reference) was last checked: while
   * that record is not `gone`, the owner is still on record, so a later write keeping the same
   * `refs` skips the owner lookup in `objects` (one per pod write otherwise). Null: not cached.
   */
  ownerRec: Ref | null;
  /** Set when the record leaves `objects` (deleted, replaced, resync): cached `ownerRec`s drop it. */
  gone: boolean;
}

/** The owners of an object without ownerReferences (shared, never changed). */
const NO_OWNERS: readonly OwnerReference[] = [];

/** `Ref.refs` of a record not filed yet (differs from any array and from undefined). */
const NOT_FILED: unknown = Symbol('not filed');

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector-controller';
  /** uid → where the object lives. */
  private readonly objects = new Map<string, Ref>();
  /**
   * owner uid → dependent uids. A dependent is filed under the owners of the ownerReferences
   * array kept in its record (`Ref.refs`), which is what unfiles it when they change.
   */
  private readonly dependents = new Map<string, Set<string>>();
  /**
   * How many records in `objects` are Events (Events with owners, or deleted with finalizers: in
   * practice none). While there are none, an ownerless Event (half of all writes) is known not to
   * be on record without looking its uid up.
   */
  private eventRecords = 0;

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    const uid = o.metadata.uid!;
    if (change.type === 'DELETED') {
      const owners = o.metadata.ownerReferences ?? NO_OWNERS;
      const rec = this.objects.get(uid);
      const filed = rec?.refs;
      if (rec) this.forget(uid, rec);
      for (const r of owners) this.dependents.get(r.uid)?.delete(uid);
      if (Array.isArray(filed)) for (const r of filed as { uid: string }[]) this.dependents.get(r.uid)?.delete(uid);
      // Dependents of a vanished owner, and a foreground-deleting owner waiting on this object.
      return [`owner:${uid}`, ...owners.map((r) => `owner:${r.uid}`)];
    }
    const refs = o.metadata.ownerReferences;
    // An ownerless Event not being deleted: the recorder's kind (see below).
    const plainEvent = refs === undefined && change.kindKey === '/Event' && !o.metadata.deletionTimestamp;
    // The lookup below would find no record for this Event: none is an Event.
    if (plainEvent && this.eventRecords === 0) return NO_KEYS;
    // Most changes are updates of an object already known where it is: no new record.
    let known = this.objects.get(uid);
    // The recorder's Events (half of all writes, five per pod started) own nothing and are owned
    // by nothing: no record for them. Nothing is filed under an Event, and an object that does
    // name one as its owner finds it through that reference (`ownerAlive`), as upstream's GC
    // looks owners up by their reference. An Event known already (it had owners) or being
    // deleted with a finalizer is handled as any object.
    if (plainEvent && known === undefined) return NO_KEYS;
    if (!known || known.kindKey !== change.kindKey || known.name !== o.metadata.name || known.namespace !== o.metadata.namespace) {
      // `refs` starts as a field of the literal so every record has one shape (a field added
      // later gives each record a separate property array).
      const prev = known;
      if (prev) this.forget(uid, prev);
      known = { kindKey: change.kindKey, namespace: o.metadata.namespace, name: o.metadata.name!, refs: prev ? prev.refs : NOT_FILED, ownerRec: null, gone: false };
      this.remember(uid, known);
    }
    // The same stored ownerReferences array as last filed: the filing is unchanged (only this
    // object's own changes refile it). An object that never had owners (most Events) has
    // nothing filed to undo.
    if (known.refs !== refs) {
      // Unfile from the owners it no longer names, file under the ones it names now.
      const owners = refs ?? NO_OWNERS;
      const filed = known.refs;
      if (Array.isArray(filed)) {
        for (const r of filed as { uid: string }[]) if (!owners.some((x) => x.uid === r.uid)) this.dependents.get(r.uid)?.delete(uid);
      }
      for (const r of owners) this.file(uid, r.uid);
      known.refs = refs;
      known.ownerRec = null;
    }
    // A loop, not `some` with a closure: every pod write (and the few recorded Events) runs this.
    let dangling = false;
    if (refs !== undefined) {
      const cached = known.ownerRec;
      if (cached === null || cached.gone) {
        known.ownerRec = null;
        for (let i = 0; i < refs.length && !dangling; i++) dangling = !this.objects.has(refs[i]!.uid);
        // One owner (every controller's pod) on record: remembered for this object's next writes.
        if (!dangling && refs.length === 1) known.ownerRec = this.objects.get(refs[0]!.uid)!;
      }
    }
    const fin = o.metadata.deletionTimestamp ? (o.metadata.finalizers ?? []) : undefined;
    const waiting = fin !== undefined && (fin.includes('orphan') || fin.includes('foregroundDeletion'));
    if (!dangling && !waiting) return NO_KEYS;
    const keys: string[] = [];
    if (dangling) keys.push(`dependent:${uid}`);
    if (waiting) keys.push(`owner:${uid}`);
    return keys;
  }

  resync(): void {
    for (const rec of this.objects.values()) rec.gone = true;
    this.objects.clear();
    this.eventRecords = 0;
    this.dependents.clear();
    for (const kk of this.ctx.store.kindKeys()) {
      for (const o of this.ctx.store.list(kk)) {
        this.remember(o.metadata.uid!, { kindKey: kk, namespace: o.metadata.namespace, name: o.metadata.name!, refs: o.metadata.ownerReferences, ownerRec: null, gone: false });
        for (const r of o.metadata.ownerReferences ?? []) this.file(o.metadata.uid!, r.uid);
      }
    }
  }

  /** Puts a record in `objects` (none there for this uid). */
  private remember(uid: string, rec: Ref): void {
    this.objects.set(uid, rec);
    if (rec.kindKey === '/Event') this.eventRecords++;
  }

  /** Takes a record out of `objects`; records that cached it as their owner's see it gone. */
  private forget(uid: string, rec: Ref): void {
    this.objects.delete(uid);
    rec.gone = true;
    if (rec.kindKey === '/Event') this.eventRecords--;
  }

  /** Files a dependent under its owner. */
  private file(uid: string, ownerUid: string): void {
    let s = this.dependents.get(ownerUid);
    if (!s) this.dependents.set(ownerUid, (s = new Set()));
    s.add(uid);
  }

  sync(key: string): number | void {
    const [what, uid] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (what === 'dependent') return this.syncDependent(uid);
    return this.syncOwner(uid);
  }

  private lookup(uid: string): KObject | undefined {
    const ref = this.objects.get(uid);
    if (!ref) return undefined;
    const o = this.ctx.store.get(ref.kindKey, ref.namespace, ref.name);
    return o?.metadata.uid === uid ? o : undefined;
  }

  /**
   * Whether an owner reference names a live object: one on record, or an Event (not recorded,
   * see keysFor) found by the reference's kind, namespace and name with the same uid.
   */
  private ownerAlive(r: OwnerReference, namespace: string | undefined): boolean {
    if (this.lookup(r.uid) !== undefined) return true;
    if (r.kind !== 'Event' || r.apiVersion !== 'v1' || !namespace) return false;
    return this.ctx.store.get('/Event', namespace, r.name)?.metadata.uid === r.uid;
  }

  private infoOf(o: KObject): KindInfo | undefined {
    return this.ctx.api.kinds.byApiVersionKind(o.apiVersion, o.kind);
  }

  private dependentObjects(ownerUid: string): KObject[] {
    const out: KObject[] = [];
    for (const d of [...(this.dependents.get(ownerUid) ?? [])].sort()) {
      const o = this.lookup(d);
      if (o && o.metadata.ownerReferences?.some((r) => r.uid === ownerUid)) out.push(o);
    }
    return out;
  }

  private syncOwner(uid: string): number | void {
    const owner = this.lookup(uid);
    if (!owner) {
      for (const d of this.dependentObjects(uid)) this.syncDependent(d.metadata.uid!);
      return;
    }
    if (!owner.metadata.deletionTimestamp) return;
    const fin = owner.metadata.finalizers ?? [];
    const ownerInfo = this.infoOf(owner);
    if (!ownerInfo) return;
    if (fin.includes('orphan')) {
      for (const d of this.dependentObjects(uid)) {
        const info = this.infoOf(d);
        if (!info) continue;
        this.ctx.api.mutate(info, d.metadata.namespace, d.metadata.name!, (o) => {
          o.metadata.ownerReferences = o.metadata.ownerReferences!.filter((r) => r.uid !== uid);
          if (o.metadata.ownerReferences.length === 0) delete o.metadata.ownerReferences;
        });
      }
      this.removeFinalizer(ownerInfo, owner, 'orphan');
      return;
    }
    if (fin.includes('foregroundDeletion')) {
      const deps = this.dependentObjects(uid);
      for (const d of deps) {
        if (d.metadata.deletionTimestamp) continue;
        const info = this.infoOf(d);
        if (!info) continue;
        const hasOwnDependents = (this.dependents.get(d.metadata.uid!)?.size ?? 0) > 0;
        this.ctx.api.delete(info, d.metadata.namespace, d.metadata.name!, {
          propagationPolicy: hasOwnDependents ? 'Foreground' : 'Background',
        });
      }
      const blocking = this.dependentObjects(uid).filter((d) =>
        d.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion),
      );
      if (blocking.length === 0) this.removeFinalizer(ownerInfo, owner, 'foregroundDeletion');
    }
  }

  /** An object whose owners may be gone: delete it when none is left, else drop the dangling refs. */
  private syncDependent(uid: string): void {
    const o = this.lookup(uid);
    if (!o) return;
    const refs = o.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const alive = refs.filter((r) => this.ownerAlive(r, o.metadata.namespace));
    const info = this.infoOf(o);
    if (!info) return;
    if (alive.length === 0) {
      if (!o.metadata.deletionTimestamp) this.ctx.api.delete(info, o.metadata.namespace, o.metadata.name!, { propagationPolicy: 'Background' });
    } else if (alive.length < refs.length) {
      this.ctx.api.mutate(info, o.metadata.namespace, o.metadata.name!, (x) => {
        x.metadata.ownerReferences = alive;
      });
    }
  }

  private removeFinalizer(info: KindInfo, owner: KObject, finalizer: string): void {
    this.ctx.api.mutate(info, owner.metadata.namespace, owner.metadata.name!, (o) => {
      o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== finalizer);
      if (o.metadata.finalizers.length === 0) delete o.metadata.finalizers;
    });
  }
}
