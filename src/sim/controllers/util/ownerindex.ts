// A store index of objects by their controller: `uid:<controller uid>`, or `orphan:<namespace>`
// for objects without one. A controller claiming children only needs its own and the orphans
// (ClaimObject ignores objects another controller owns), so it reads these two buckets instead
// of listing the namespace. Derived data: rebuilt by `addIndex` when a component installs.

import { controllerOf } from '../../api/meta';
import type { ObjectStore } from '../../api/store';
import type { KObject } from '../../api/types';

export const CONTROLLER_INDEX = 'workloads/controller';

export function addControllerIndex(store: ObjectStore, kindKey: string): void {
  // The store asks twice per write (the old and the new object). A controller's pods share one
  // stored ownerReferences array (api/intern.ts), and a status write keeps it: the answer for the
  // last array asked about is kept (the store only reads it), instead of a string and an array
  // per call. Stored arrays are immutable, so the same array gives the same answer.
  let lastRefs: unknown;
  let lastValues: readonly string[] = [];
  store.addIndex(kindKey, CONTROLLER_INDEX, (o) => {
    const refs = o.metadata.ownerReferences;
    if (refs !== undefined && refs === lastRefs) return lastValues;
    const ref = controllerOf(o);
    if (!ref) return [`orphan:${o.metadata.namespace ?? ''}`];
    lastRefs = refs;
    lastValues = [`uid:${ref.uid}`];
    return lastValues;
  });
}

const byName = (a: KObject, b: KObject) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0);

/** Objects controlled by `owner` and the orphans of its namespace, in name order. */
export function claimCandidates(store: ObjectStore, kindKey: string, owner: KObject): KObject[] {
  const ns = owner.metadata.namespace ?? '';
  let own = store.byIndex(kindKey, CONTROLLER_INDEX, `uid:${owner.metadata.uid}`);
  // The uid bucket spans namespaces: an object in another namespace that names this owner is not
  // one of its children (upstream's controllers list only the owner's namespace).
  if (own.some((o) => (o.metadata.namespace ?? '') !== ns)) own = own.filter((o) => (o.metadata.namespace ?? '') === ns);
  const orphans = store.byIndex(kindKey, CONTROLLER_INDEX, `orphan:${ns}`);
  return orphans.length === 0 ? own : own.length === 0 ? orphans : [...own, ...orphans].sort(byName);
}

/** Objects controlled by the object with this uid, in name order. */
export function controlledBy(store: ObjectStore, kindKey: string, uid: string): KObject[] {
  return store.byIndex(kindKey, CONTROLLER_INDEX, `uid:${uid}`);
}
