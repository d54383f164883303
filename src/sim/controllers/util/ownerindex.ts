// A store index of objects by their controller: `uid:<controller uid>`, or `orphan:<namespace>`
// for objects without one. A controller claiming children only needs its own and the orphans
// (ClaimObject ignores objects another controller owns), so it reads these two buckets instead
// of listing the namespace. Derived data: rebuilt by `addIndex` when a component installs.

import { controllerOf } from '../../api/meta';
import type { ObjectStore } from '../../api/store';
import type { KObject } from '../../api/types';

export const CONTROLLER_INDEX = 'workloads/controller';

export function addControllerIndex(store: ObjectStore, kindKey: string): void {
  store.addIndex(kindKey, CONTROLLER_INDEX, (o) => {
    const ref = controllerOf(o);
    return [ref ? `uid:${ref.uid}` : `orphan:${o.metadata.namespace ?? ''}`];
  });
}

const byName = (a: KObject, b: KObject) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0);

/** Objects controlled by `owner` and the orphans of its namespace, in name order. */
export function claimCandidates(store: ObjectStore, kindKey: string, owner: KObject): KObject[] {
  const own = store.byIndex(kindKey, CONTROLLER_INDEX, `uid:${owner.metadata.uid}`);
  const orphans = store.byIndex(kindKey, CONTROLLER_INDEX, `orphan:${owner.metadata.namespace ?? ''}`);
  return orphans.length === 0 ? own : own.length === 0 ? orphans : [...own, ...orphans].sort(byName);
}

/** Objects controlled by the object with this uid, in name order. */
export function controlledBy(store: ObjectStore, kindKey: string, uid: string): KObject[] {
  return store.byIndex(kindKey, CONTROLLER_INDEX, `uid:${uid}`);
}
