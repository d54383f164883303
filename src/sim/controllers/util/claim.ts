// Controller references: adopting orphans that match a controller's selector and releasing
// children that no longer match (pkg/controller/controller_ref_manager.go `ClaimObject`,
// `RecheckDeletionTimestamp`). Adoption and release are patches of the child's ownerReferences.

import type { KindInfo } from '../../api/kinds';
import { controllerOf, newControllerRef } from '../../api/meta';
import type { ApiServer } from '../../api/server';
import { isStatus, type KObject, type Status } from '../../api/types';

export interface ClaimContext {
  api: ApiServer;
  /** The controller claiming (a ReplicaSet, a Deployment, …). */
  owner: KObject;
  /** Kind of the children (Pod, ReplicaSet, …). */
  childInfo: KindInfo;
  /** The selector (plus any filter) a child must match to be claimed. */
  match: (child: KObject) => boolean;
  /** Checked once, lazily, before the first adoption: `recheckDeletionTimestamp(...)`. */
  canAdopt?: () => boolean;
}

export interface ClaimResult {
  /** Children this controller owns after claiming (adopted ones as patched), in input order. */
  claimed: KObject[];
  /** The first failed adoption or release, as the controller would return it to requeue. */
  error?: Status;
}

/**
 * `RecheckDeletionTimestamp`: reads the owner fresh from the API (not the cache) and allows
 * adoption only if it is the same object (uid) and not being deleted.
 */
export function recheckDeletionTimestamp(api: ApiServer, info: KindInfo, owner: KObject): () => boolean {
  let answer: boolean | undefined;
  return () => {
    if (answer === undefined) {
      const fresh = api.get(info, owner.metadata.namespace, owner.metadata.name!);
      answer = !isStatus(fresh) && fresh.metadata.uid === owner.metadata.uid && !fresh.metadata.deletionTimestamp;
    }
    return answer;
  };
}

/** `ClaimObject` for each child; returns the ones the owner keeps or adopts. */
export function claimObjects(ctx: ClaimContext, children: readonly KObject[]): ClaimResult {
  const claimed: KObject[] = [];
  let error: Status | undefined;
  const ownerUid = ctx.owner.metadata.uid;
  for (const child of children) {
    // The common case first, without allocating: ours, and still matching.
    const ref = controllerOf(child);
    if (ref && ref.uid === ownerUid && ctx.match(child)) {
      claimed.push(child);
      continue;
    }
    const r = claimObject(ctx, child);
    if (r.error && !error) error = r.error;
    if (r.object) claimed.push(r.object);
  }
  return error ? { claimed, error } : { claimed };
}

/** One child: kept (object returned), adopted (patched object returned), released or ignored. */
export function claimObject(ctx: ClaimContext, child: KObject): { object?: KObject; error?: Status } {
  const owner = ctx.owner;
  const ref = controllerOf(child);
  if (ref) {
    if (ref.uid !== owner.metadata.uid) return {}; // owned by someone else
    if (ctx.match(child)) return { object: child };
    // Owned by us but the selector no longer matches: release, unless we are being deleted.
    if (owner.metadata.deletionTimestamp) return {};
    const r = releaseObject(ctx.api, ctx.childInfo, child, owner.metadata.uid!);
    if (isStatus(r) && r.code !== 404) return { error: r };
    return {};
  }
  // An orphan.
  if (owner.metadata.deletionTimestamp || !ctx.match(child)) return {};
  if (child.metadata.deletionTimestamp) return {};
  if (owner.metadata.namespace && owner.metadata.namespace !== child.metadata.namespace) return {};
  if (ctx.canAdopt && !ctx.canAdopt()) {
    return { error: adoptionRefused(owner) };
  }
  const r = adoptObject(ctx.api, ctx.childInfo, child, owner);
  if (isStatus(r)) return r.code === 404 ? {} : { error: r };
  return { object: r };
}

/** Patches the owner's controller reference into the child (the uid guards against a recreated child). */
export function adoptObject(api: ApiServer, info: KindInfo, child: KObject, owner: KObject): KObject | Status {
  let conflict = false;
  const r = api.mutate(info, child.metadata.namespace, child.metadata.name!, (o) => {
    if (o.metadata.uid !== child.metadata.uid || controllerOf(o)) {
      conflict = true;
      return;
    }
    o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []), newControllerRef(owner)];
  });
  if (conflict) return preconditionFailed(info, child);
  return r;
}

/** Removes the owner's reference from the child (a `$patch: delete` of its ownerReferences entry). */
export function releaseObject(api: ApiServer, info: KindInfo, child: KObject, ownerUid: string): KObject | Status {
  let gone = false;
  const r = api.mutate(info, child.metadata.namespace, child.metadata.name!, (o) => {
    if (o.metadata.uid !== child.metadata.uid) {
      gone = true;
      return;
    }
    const refs = (o.metadata.ownerReferences ?? []).filter((x) => x.uid !== ownerUid);
    if (refs.length === 0) delete o.metadata.ownerReferences;
    else o.metadata.ownerReferences = refs;
  });
  if (gone) return preconditionFailed(info, child);
  return r;
}

function preconditionFailed(info: KindInfo, child: KObject): Status {
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 409, reason: 'Conflict',
    message: `Operation cannot be fulfilled on ${info.plural} "${child.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
  };
}

function adoptionRefused(owner: KObject): Status {
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 409, reason: 'Conflict',
    message: `${owner.metadata.namespace}/${owner.metadata.name} has just been deleted at ${owner.metadata.deletionTimestamp ?? ''}`,
  };
}
