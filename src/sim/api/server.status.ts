// The /status subresource's write path (`update` with `subresource: 'status'`), split from
// server.ts. A status write keeps the stored object and replaces its status (and, as upstream's
// status strategies, labels and annotations from the request), so it is built from the stored
// object alone: the request is read, never copied (its status aside), and an object built from
// a stored one is already in the stored key order, so it goes to the store as it is (no
// `reorder`, no second copy). Kubelets' and controllers' status writes are a third of all
// writes of a Deployment's roll-out; this path builds two objects per write where it built eight.

import { conflict, notFound } from './errors';
import type { SiblingPods } from './intern';
import type { KindInfo } from './kinds';
import { clone, controllerOf } from './meta';
import type { ApiServerDeps, UpdateOptions } from './server';
import { equalButResourceVersion, inStoredOrder, keyOf, reorder, sameStringMap } from './server.util';
import type { KObject, ObjectMeta, Status } from './types';

/** What a request without object metadata reads as (the generic path replaced it with `{}`). */
const NO_METADATA: ObjectMeta = Object.freeze({});

/**
 * `owned`: `input` is the server's own fresh copy (mutate's). The result is what the generic
 * update path stored for a status write: same object, key order, resourceVersion and errors.
 */
export function updateStatus(deps: ApiServerDeps, siblings: SiblingPods, info: KindInfo, input: KObject, opts: UpdateOptions, owned: boolean): KObject | Status {
  // The request's status is copied unless handed over (first, as before: a copy that throws
  // fails the request whatever else is wrong with it).
  let status: unknown = owned || opts.handOverStatus ? input.status : clone(input.status);
  const im = input.metadata as unknown;
  // Metadata that is not an object reads as none (an array's copy had no names either).
  const req = typeof im === 'object' && im !== null && !Array.isArray(im) ? (im as ObjectMeta) : NO_METADATA;
  const name = req.name ?? '';
  const ns = info.namespaced ? req.namespace || 'default' : undefined;
  const kk = keyOf(info);
  const cur = deps.store.get(kk, ns, name);
  if (!cur) return notFound(info, name);
  if (req.resourceVersion && req.resourceVersion !== cur.metadata.resourceVersion) return conflict(info, name);

  // A controller-owned pod's status is shared with its siblings' (intern.ts).
  let statusOwner: string | undefined;
  if (kk === '/Pod') {
    const owner = controllerOf(cur)?.uid;
    if (typeof owner === 'string') status = siblings.shareStatus(status, (statusOwner = owner));
  }
  // The stored metadata, its resourceVersion left undefined in place (set by the store). Labels
  // and annotations come from the request (labels not for the apps kinds, whose status
  // strategies reset them); unchanged ones keep the stored (immutable) maps, so informers that
  // remember them by identity (endpoints' pod→Service memo) see that nothing changed.
  const cm = cur.metadata;
  const meta: ObjectMeta = { ...cm };
  meta.resourceVersion = undefined;
  /** A key was deleted: the metadata is no longer a compact object (see the store below). */
  let deleted = false;
  if (req.annotations) {
    if (!sameStringMap(req.annotations, cm.annotations)) meta.annotations = owned ? req.annotations : clone(req.annotations);
  } else if (meta.annotations !== undefined) {
    delete meta.annotations;
    deleted = true;
  }
  if (info.group !== 'apps') {
    if (req.labels) {
      if (!sameStringMap(req.labels, cm.labels)) meta.labels = owned ? req.labels : clone(req.labels);
    } else if (meta.labels !== undefined) {
      delete meta.labels;
      deleted = true;
    }
  }
  const next: KObject = { ...cur, metadata: meta, status };
  if (opts.dryRun) delete meta.resourceVersion;
  if (equalButResourceVersion(next, cur)) return cur; // a no-op write does not bump the resourceVersion
  if (opts.dryRun) return next;
  // (The generic path's "last finalizer gone" deletion cannot apply: a status write keeps the
  // stored finalizers and deletionTimestamp.)
  // Built from a stored object, `next` is usually in the stored key order and compact: stored
  // as it is. Otherwise (a key deleted, an object stored out of order) as the generic path does.
  const stored = !deleted && inStoredOrder(next) ? deps.store.putOwned(kk, next) : deps.store.put(kk, reorder(next, info));
  if (statusOwner !== undefined) siblings.rememberStatus(stored.status, statusOwner);
  return stored;
}
