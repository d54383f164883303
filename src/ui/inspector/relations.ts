// Owners and dependents of an object in the mirror: the ownerReferences chain up (Pod →
// ReplicaSet → Deployment), the objects that name it as owner down, and a node's pods.

import type { KObject } from '../../sim/api/types';
import type { ObjectEntry } from '../../worker/protocol';

export interface RelatedRef {
  uid: string;
  kind: string;
  namespace?: string;
  name: string;
}

function ref(uid: string, e: ObjectEntry): RelatedRef {
  const o = e.object;
  return { uid, kind: String(o.kind ?? e.kindKey.split('/')[1]), namespace: o.metadata.namespace, name: o.metadata.name ?? '' };
}

/** Owners up the chain, nearest first; each owner found in the mirror by uid. */
export function ownerChain(objects: Record<string, ObjectEntry>, uid: string, max = 8): RelatedRef[] {
  const out: RelatedRef[] = [];
  let cur = objects[uid]?.object;
  const seen = new Set([uid]);
  while (cur && out.length < max) {
    const refs: { uid?: string; controller?: boolean }[] = cur.metadata.ownerReferences ?? [];
    const owner = refs.find((r) => r.controller) ?? refs[0];
    if (!owner?.uid || seen.has(owner.uid) || !objects[owner.uid]) break;
    seen.add(owner.uid);
    out.push(ref(owner.uid, objects[owner.uid]));
    cur = objects[owner.uid].object;
  }
  return out;
}

/** Objects owned by `uid`, plus the pods on a Node; sorted by kind then name. Events excluded. */
export function dependents(objects: Record<string, ObjectEntry>, uid: string): RelatedRef[] {
  const self = objects[uid];
  if (!self) return [];
  const nodeName = self.kindKey === '/Node' ? self.object.metadata.name : undefined;
  const out: RelatedRef[] = [];
  for (const [k, e] of Object.entries(objects)) {
    if (e.kindKey === '/Event' || e.kindKey === 'events.k8s.io/Event') continue;
    const o: KObject = e.object;
    const owned = (o.metadata.ownerReferences ?? []).some((r: { uid?: string }) => r.uid === uid);
    if (owned || (nodeName && e.kindKey === '/Pod' && o.spec?.nodeName === nodeName)) out.push(ref(k, e));
  }
  return out.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, 'en', { numeric: true }));
}
