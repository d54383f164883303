// The API server's subresources and internal fast paths that bypass the generic write path:
// pods/binding, the namespace finalize subresource, and the event recorder's Event create.
// Each copies only what it changes; the rest is shared with the stored (immutable) object.

import { uuid } from '../core/ids';
import { rfc3339 } from '../core/time';
import { runAdmission } from './admission';
import { alreadyExists, notFound, status } from './errors';
import { clone } from './meta';
import type { ApiServerDeps } from './server';
import { hasFinalizers } from './server.util';
import type { KObject, Status } from './types';
import { invalidStatus, recordedEventValid, validateObject } from './validation';

/**
 * The pods/binding subresource: assigns an unscheduled pod to a node and sets PodScheduled=True
 * in one write, as the scheduler's Bind does. Fails with 409 if the pod is already bound.
 */
export function bindPod(deps: ApiServerDeps, namespace: string, name: string, nodeName: string, podUid?: string): KObject | Status {
  const info = deps.kinds.byKind('Pod')!;
  const cur = deps.store.get('/Pod', namespace, name);
  if (!cur || (podUid && cur.metadata.uid !== podUid)) return notFound(info, name);
  if (cur.spec?.nodeName) {
    return status(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${cur.spec.nodeName}"`);
  }
  if (cur.metadata.deletionTimestamp) {
    return status(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`);
  }
  // Binding to a missing node is accepted by the API server; the kubelet never appears.
  const meta = { ...cur.metadata };
  const next: KObject = { ...cur, metadata: meta };
  // Copy, then set: at a spread site that has seen many object shapes (`{ ...x, key }`), V8 gives
  // each result a hidden class of its own — every bound pod's spec and status carried one
  // (≈ 0.4 KB per pod). Same keys in the same order either way.
  const spec = Object.assign({}, next.spec);
  spec.nodeName = nodeName;
  next.spec = spec;
  const scheduled = { lastProbeTime: null, lastTransitionTime: rfc3339(deps.now()), status: 'True', type: 'PodScheduled' };
  // A pending pod has no conditions mostly: its list is made at its size (a push onto `[]`
  // reserves room for 17).
  let conditions: unknown[];
  if (Array.isArray(next.status?.conditions)) {
    conditions = next.status.conditions.filter((c: { type: string }) => c.type !== 'PodScheduled');
    conditions.push(scheduled);
  } else conditions = [scheduled];
  const st = Object.assign({}, next.status);
  st.conditions = conditions;
  next.status = st;
  // Built here by spreads of the stored pod, `next` is compact: stored as it is, without the
  // store's copy, when the resourceVersion is the metadata's last key (the store sets it in
  // place, where the copy would put it after the delete below: last). Otherwise as before.
  if (lastKey(meta) === 'resourceVersion') return deps.store.putOwned('/Pod', next);
  delete meta.resourceVersion;
  return deps.store.put('/Pod', next);
}

/** An object's last own key (undefined if none). */
function lastKey(o: object): string | undefined {
  let last: string | undefined;
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) last = k;
  return last;
}

/** The namespace `finalize` subresource: drops the `kubernetes` finalizer; an emptied, deleted namespace goes. */
export function finalizeNamespace(deps: ApiServerDeps, name: string): void {
  const cur = deps.store.get('/Namespace', undefined, name);
  if (!cur?.metadata.deletionTimestamp) return;
  const next = clone(cur);
  next.spec = { ...(next.spec ?? {}), finalizers: (next.spec?.finalizers ?? []).filter((f: string) => f !== 'kubernetes') };
  if (next.spec.finalizers.length === 0) delete next.spec.finalizers;
  if (!hasFinalizers(next)) deps.store.remove('/Namespace', undefined, name);
  else deps.store.put('/Namespace', next);
}

/** The general create path, taken by an Event the fast path is not for. */
interface EventCreator {
  create(obj: KObject): KObject | Status;
}

/**
 * Creates a core/v1 Event the event recorder built: the internal client's fast path. Events are
 * most of a cluster's writes (six per pod started), and the recorder's object needs none of
 * what guards a user's: it is fresh and handed over (no copy at all: it is stored itself, with
 * the server's metadata put in), has no defaulting, status or system fields, and is built
 * in the stored key order (no reorder). Admission (namespace lifecycle, quota), the uid,
 * validation (its outcome; see recordedEventValid) and the store write are the same as
 * `create`'s, so the stored object, its resourceVersion and every rng draw are identical (tested
 * against `create`). Any other Event (other fields, other order, labels or other metadata) goes
 * the general way, `create` itself: one general path, not a copy of it kept in step.
 * May throw on malformed input: the caller turns that into a Status.
 */
export function createRecordedEvent(deps: ApiServerDeps, ev: KObject, general: EventCreator): KObject | Status {
  if (!hasRecorderShape(ev)) return general.create(ev);
  const info = deps.kinds.byApiVersionKind('v1', 'Event')!;
  const meta = ev.metadata;
  const name = meta.name as string;
  const admitted = runAdmission(deps, 'CREATE', info, ev, undefined, name);
  if (admitted) return admitted;
  const uid = uuid(deps.rng);
  // The recorder's Events pass a few cheap checks (recordedEventValid) instead of the whole
  // validation; an Event failing them gets the full validation and its exact errors.
  if (!recordedEventValid(ev)) {
    meta.uid = uid; // as `create` validates it (the object is not stored as it is then)
    const errs = validateObject(ev, info);
    if (errs.length > 0) return invalidStatus(info, name, errs);
  }
  if (deps.store.get('/Event', meta.namespace, name)) return alreadyExists(info, name);
  // The object itself is stored, handed over without the store's copy (`putOwned`): the
  // recorder built it as one literal, all keys in order, as compact as the copy would be. Only
  // the metadata is new, with the server's fields in the stored (sorted) key order and the
  // resourceVersion last, where `put`'s copy puts it (the store sets it in place).
  ev.metadata = { creationTimestamp: rfc3339(deps.now()), name, namespace: meta.namespace, uid, resourceVersion: '' };
  return deps.store.putOwned('/Event', ev);
}

/** The fields of the recorder's Events, in its order (EventRecorder.record). */
const RECORDED_KEYS = [
  'apiVersion', 'kind', 'metadata', 'involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count',
  'type', 'eventTime', 'reportingComponent', 'reportingInstance',
];

/**
 * Exactly the recorder's fields, in its order, none undefined, a v1 Event, and metadata of
 * just a name and namespace (strings): what the fast path stores is what `create` would.
 */
function hasRecorderShape(ev: KObject): boolean {
  if (typeof ev !== 'object' || ev === null || ev.apiVersion !== 'v1' || ev.kind !== 'Event') return false;
  let i = 0;
  for (const k in ev) if (k !== RECORDED_KEYS[i++] || ev[k] === undefined) return false;
  if (i !== RECORDED_KEYS.length) return false;
  const meta = ev.metadata;
  if (typeof meta !== 'object' || meta === null || typeof meta.name !== 'string' || typeof meta.namespace !== 'string') return false;
  i = 0;
  for (const k in meta) if (k !== (i++ === 0 ? 'name' : 'namespace')) return false;
  return i === 2;
}
