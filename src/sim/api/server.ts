// The API server: create / update / delete / get / list / watch with defaulting, admission,
// validation, optimistic concurrency, finalizers and graceful deletion, over the object store.
// Every call returns an object or a Status; nothing malformed throws out of here.

import type { Rng } from '../core/rng';
import { generateName, uuid } from '../core/ids';
import { rfc3339 } from '../core/time';
import { applyDefaults, generateJobSelector } from './defaults';
import { invalidStatus, validateObject } from './validation';
import { validatePodCreateLikeSibling } from './validation/podsibling';
import { alreadyExists, badRequest, conflict, forbidden, gone, internalError, notFound, status } from './errors';
import type { KindInfo, KindRegistry } from './kinds';
import { clone, controllerOf, jsonEqual } from './meta';
import { SiblingPods } from './intern';
import type { ObjectStore, StoredChange } from './store';
import { isStatus, type KObject, type Status } from './types';
import { runAdmission } from './admission';
import { allocateServiceIPs } from './serviceips';
import {
  DS_TEMPLATE_GENERATION, GENERATION_KINDS, IMMORTAL_NAMESPACES, STATUS_SUBRESOURCE, equalButResourceVersion, hasFinalizers, inStoredOrder,
  keyOf, kindKeyOfObject, reorder, setDaemonSetTemplateGeneration, specChanged,
} from './server.util';
import { updateStatus } from './server.status';
import { bindPod, createRecordedEvent, finalizeNamespace } from './server.subresources';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface CreateOptions {
  dryRun?: boolean;
  /** The request namespace: used when the object names none. */
  namespace?: string;
}

export interface UpdateOptions {
  dryRun?: boolean;
  /** `status` writes only the status (the /status subresource), as controllers and kubelets do. */
  subresource?: 'status';
  /**
   * Internal clients only, with `subresource: 'status'`: the request's `status` is freshly built
   * and handed over (the caller neither keeps changing it nor reads it back as its own), so it is
   * stored without the defensive copy. The kubelet's status writes are a fifth of all writes.
   */
  handOverStatus?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ApiServerDeps {
  store: ObjectStore;
  kinds: KindRegistry;
  rng: Rng;
  now(): number;
}

const GENERATE_NAME_ATTEMPTS = 8;

/** Metadata the server sets on create, whatever the request says. */
const SYSTEM_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const;

const hasOwn = Object.prototype.hasOwnProperty;

export class ApiServer {
  /** Pods of one controller share their identical subtrees (see intern.ts). */
  private readonly siblings = new SiblingPods();

  constructor(private readonly deps: ApiServerDeps) {}

  get kinds(): KindRegistry {
    return this.deps.kinds;
  }

  get store(): ObjectStore {
    return this.deps.store;
  }

  /** Resolves an object's apiVersion/kind, with the v1.32 error for unknown kinds and removed versions. */
  resolve(apiVersion: unknown, kind: unknown): KindInfo | Status {
    if (typeof apiVersion !== 'string' || apiVersion === '') return badRequest('Object \'apiVersion\' is missing');
    if (typeof kind !== 'string' || kind === '') return badRequest("Object 'Kind' is missing");
    const info = this.deps.kinds.byApiVersionKind(apiVersion, kind);
    if (info) return info;
    return status(404, 'NotFound', `no matches for kind "${kind}" in version "${apiVersion}"`);
  }

  get(info: KindInfo, namespace: string | undefined, name: string): KObject | Status {
    const o = this.deps.store.get(keyOf(info), info.namespaced ? namespace : undefined, name);
    return o ?? notFound(info, name);
  }

  list(info: KindInfo, namespace?: string): KObject[] {
    return this.deps.store.list(keyOf(info), info.namespaced ? namespace : undefined);
  }

  /** Changes after resourceVersion `fromRv` for one kind, or 410 Gone when the log no longer has them. */
  watchFrom(info: KindInfo, fromRv: number, handler: (c: StoredChange) => void): (() => void) | Status {
    const kk = keyOf(info);
    const missed = this.deps.store.changesSince(fromRv);
    if (!missed) return gone(fromRv, this.deps.store.oldestWatchableRv);
    for (const c of missed) if (c.kindKey === kk) handler(c);
    // A closure per watch: two watches with one handler are two subscriptions, as before.
    return this.deps.store.subscribe((c) => handler(c), kk);
  }

  create(input: KObject, opts: CreateOptions = {}): KObject | Status {
    try {
      return this.createUnsafe(input, opts);
    } catch (e) {
      return internalError(e instanceof Error ? e.message : String(e));
    }
  }

  update(input: KObject, opts: UpdateOptions = {}): KObject | Status {
    return this.updateCaught(input, opts, false);
  }

  /** `owned`: the object is the server's own fresh copy (mutate's), so no defensive copy is made. */
  private updateCaught(input: KObject, opts: UpdateOptions, owned: boolean): KObject | Status {
    try {
      return this.updateUnsafe(input, opts, owned);
    } catch (e) {
      return internalError(e instanceof Error ? e.message : String(e));
    }
  }

  delete(info: KindInfo, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KObject | Status {
    try {
      return this.deleteUnsafe(info, namespace, name, opts);
    } catch (e) {
      return internalError(e instanceof Error ? e.message : String(e));
    }
  }

  /** Read-modify-write with retry on conflict, for components and kubectl verbs that patch. */
  mutate(
    info: KindInfo,
    namespace: string | undefined,
    name: string,
    change: (o: KObject) => void,
    opts: UpdateOptions = {},
  ): KObject | Status {
    const cur = this.get(info, namespace, name);
    if (isStatus(cur)) return cur;
    const next = clone(cur);
    change(next);
    if (jsonEqual(next, cur)) return cur;
    return this.updateCaught(next, opts, true);
  }

  /** The pods/binding subresource (server.subresources.ts). */
  bind(namespace: string, name: string, nodeName: string, podUid?: string): KObject | Status {
    return bindPod(this.deps, namespace, name, nodeName, podUid);
  }

  /** The namespace `finalize` subresource: drops the `kubernetes` finalizer; an emptied, deleted namespace goes. */
  finalizeNamespace(name: string): void {
    finalizeNamespace(this.deps, name);
  }

  /** Creates a core/v1 Event the event recorder built: the internal client's fast path (server.subresources.ts). */
  createEvent(ev: KObject): KObject | Status {
    try {
      return createRecordedEvent(this.deps, ev, this);
    } catch (e) {
      return internalError(e instanceof Error ? e.message : String(e));
    }
  }

  private createUnsafe(input: KObject, opts: CreateOptions): KObject | Status {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return badRequest('the object is not a JSON object');
    const info = this.resolve(input.apiVersion, input.kind);
    if (isStatus(info)) return info;
    const obj = clone(input) as KObject;
    if (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata)) obj.metadata = {};
    const meta = obj.metadata;
    if (info.namespaced) {
      const ns = meta.namespace || opts.namespace || 'default';
      if (opts.namespace && meta.namespace && meta.namespace !== opts.namespace) {
        return badRequest(`the namespace of the provided object does not match the namespace sent on the request`);
      }
      meta.namespace = ns;
    } else {
      // The REST layer clears a namespace sent on a cluster-scoped object.
      delete meta.namespace;
    }
    if (STATUS_SUBRESOURCE.has(info.kind)) delete obj.status;
    for (let i = 0; i < SYSTEM_FIELDS.length; i++) delete meta[SYSTEM_FIELDS[i]!];
    applyDefaults(obj, info);
    const name = meta.name || (meta.generateName ? `${meta.generateName}xxxxx` : '');
    const admitted = runAdmission(this.deps, 'CREATE', info, obj, undefined, name);
    if (admitted) return admitted;
    const kk = keyOf(info);
    const ns = info.namespaced ? meta.namespace : undefined;
    if (!meta.name && typeof meta.generateName === 'string' && meta.generateName !== '') {
      let attempt = 0;
      do {
        meta.name = generateName(this.deps.rng, meta.generateName);
      } while (this.deps.store.get(kk, ns, meta.name) && ++attempt < GENERATE_NAME_ATTEMPTS);
    }
    meta.uid = uuid(this.deps.rng);
    if (info.kind === 'Job' && info.group === 'batch') generateJobSelector(obj);
    if (info.kind === 'Service' && info.group === '') {
      const allocErrs = allocateServiceIPs(this.deps, obj);
      if (allocErrs.length > 0) return invalidStatus(info, meta.name ?? '', allocErrs);
    }
    // A controller's pod shares its sibling's identical subtrees (intern.ts) before validation,
    // so validation can skip what equals that validated sibling (validation/podsibling.ts).
    // A dry run shares nothing: its result is handed back, not stored.
    const ownerUid = kk === '/Pod' && !opts.dryRun ? controllerOf(obj)?.uid : undefined;
    const sibling = typeof ownerUid === 'string' ? this.siblings.lastOf(ownerUid) : undefined;
    if (sibling !== undefined) this.siblings.share(obj, ownerUid!);
    const errs = (sibling !== undefined ? validatePodCreateLikeSibling(obj, sibling) : undefined) ?? validateObject(obj, info);
    if (errs.length > 0) return invalidStatus(info, meta.name || meta.generateName || '', errs);

    if (this.deps.store.get(kk, ns, meta.name!)) return alreadyExists(info, meta.name!);
    meta.creationTimestamp = rfc3339(this.deps.now());
    if (GENERATION_KINDS.has(info.kind) || info.custom) meta.generation = 1;
    if (info.kind === 'DaemonSet') setDaemonSetTemplateGeneration(obj);
    obj.apiVersion = input.apiVersion;
    if (opts.dryRun) return { ...obj, metadata: { ...meta } };
    const stored = this.deps.store.put(kk, reorder(obj, info));
    if (typeof ownerUid === 'string') this.siblings.remember(stored, ownerUid);
    return stored;
  }

  private updateUnsafe(input: KObject, opts: UpdateOptions, owned: boolean): KObject | Status {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return badRequest('the object is not a JSON object');
    const info = this.resolve(input.apiVersion, input.kind);
    if (isStatus(info)) return info;
    if (opts.subresource === 'status') return updateStatus(this.deps, this.siblings, info, input, opts, owned);
    const obj = (owned ? input : clone(input)) as KObject;
    if (typeof obj.metadata !== 'object' || obj.metadata === null) obj.metadata = {};
    const name = obj.metadata.name ?? '';
    const ns = info.namespaced ? obj.metadata.namespace || 'default' : undefined;
    if (info.namespaced) obj.metadata.namespace = ns;
    else delete obj.metadata.namespace;
    const kk = keyOf(info);
    const cur = this.deps.store.get(kk, ns, name);
    if (!cur) return notFound(info, name);
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== cur.metadata.resourceVersion) {
      return conflict(info, name);
    }
    // System fields come from the stored object, whatever the caller sent. An undefined one is
    // not assigned and then deleted: deleting a key turns the metadata into a slow
    // dictionary-mode object (same keys, same order either way).
    const meta = obj.metadata;
    const cm = cur.metadata;
    meta.uid = cm.uid;
    meta.creationTimestamp = cm.creationTimestamp;
    if (cm.generation !== undefined) meta.generation = cm.generation;
    else if (hasOwn.call(meta, 'generation')) delete meta.generation;
    if (cm.deletionTimestamp !== undefined) meta.deletionTimestamp = cm.deletionTimestamp;
    else if (hasOwn.call(meta, 'deletionTimestamp')) delete meta.deletionTimestamp;
    if (cm.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = cm.deletionGracePeriodSeconds;
    else if (hasOwn.call(meta, 'deletionGracePeriodSeconds')) delete meta.deletionGracePeriodSeconds;

    const next = obj;
    if (STATUS_SUBRESOURCE.has(info.kind)) {
      if (cur.status === undefined) delete next.status;
      else next.status = clone(cur.status);
    }
    applyDefaults(next, info);
    const admitted = runAdmission(this.deps, 'UPDATE', info, next, cur, name);
    if (admitted) return admitted;
    if (info.kind === 'Service' && info.group === '') {
      const allocErrs = allocateServiceIPs(this.deps, next, cur);
      if (allocErrs.length > 0) return invalidStatus(info, name, allocErrs);
    }
    const errs = validateObject(next, info, cur);
    if (errs.length > 0) return invalidStatus(info, name, errs);
    if (next.metadata.generation !== undefined && specChanged(cur, next, info)) {
      next.metadata.generation = (cur.metadata.generation ?? 0) + 1;
      if (info.kind === 'DaemonSet' && !jsonEqual(cur.spec?.template, next.spec?.template)) setDaemonSetTemplateGeneration(next);
    }
    if (info.kind === 'DaemonSet' && !next.metadata.annotations?.[DS_TEMPLATE_GENERATION]) {
      const kept = cur.metadata.annotations?.[DS_TEMPLATE_GENERATION];
      if (kept) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [DS_TEMPLATE_GENERATION]: kept };
    }
    // Left undefined, not deleted, when the object goes on to `reorder` (which drops undefined
    // fields): deleting a key in the middle turns the metadata into a slow dictionary-mode object
    // that reorder then reads. A dry run hands the object back as is: the key goes.
    if (opts.dryRun) delete next.metadata.resourceVersion;
    else next.metadata.resourceVersion = undefined;
    if (equalButResourceVersion(next, cur)) {
      return cur; // a no-op write does not bump the resourceVersion
    }
    if (opts.dryRun) return next;
    // ShouldDeleteDuringUpdate: the last finalizer of an object whose grace period is over.
    if (next.metadata.deletionTimestamp && !hasFinalizers(next) && hasFinalizers(cur) && (cur.metadata.deletionGracePeriodSeconds ?? 0) === 0) {
      return this.deps.store.remove(kk, ns, name) ?? next;
    }
    // An object already in the stored order (most updates start from a stored object) skips
    // `reorder`'s copies; the store's own copy makes it compact.
    return this.deps.store.put(kk, inStoredOrder(next) ? next : reorder(next, info));
  }

  private deleteUnsafe(info: KindInfo, namespace: string | undefined, name: string, opts: DeleteOptions): KObject | Status {
    const kk = keyOf(info);
    const ns = info.namespaced ? namespace || 'default' : undefined;
    const cur = this.deps.store.get(kk, ns, name);
    if (!cur) return notFound(info, name);
    if (opts.preconditions?.uid && opts.preconditions.uid !== cur.metadata.uid) {
      return status(409, 'Conflict', `Operation cannot be fulfilled on ${info.plural} "${name}": Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${cur.metadata.uid}`);
    }
    if (opts.preconditions?.resourceVersion && opts.preconditions.resourceVersion !== cur.metadata.resourceVersion) {
      return conflict(info, name);
    }
    if (info.kind === 'Namespace' && IMMORTAL_NAMESPACES.has(name)) {
      return forbidden(info, name, 'this namespace may not be deleted');
    }
    const now = this.deps.now();
    const next = clone(cur);
    const meta = next.metadata;

    // Graceful deletion: pods on a node get a grace period the kubelet honours.
    let graceSeconds = 0;
    if (info.kind === 'Pod') {
      graceSeconds = opts.gracePeriodSeconds ?? cur.spec?.terminationGracePeriodSeconds ?? 30;
      if (graceSeconds < 0) graceSeconds = 1;
      const phase = cur.status?.phase;
      if (!cur.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') graceSeconds = 0;
    }

    // Propagation: Foreground and Orphan hold the object with a finalizer the GC removes.
    const policy = opts.propagationPolicy ?? 'Background';
    const finalizers = [...(meta.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    if (info.kind === 'Namespace') {
      if (!meta.deletionTimestamp) {
        meta.deletionTimestamp = rfc3339(now);
        meta.deletionGracePeriodSeconds = 0;
        next.status = { ...(next.status ?? {}), phase: 'Terminating' };
        if (opts.dryRun) return next;
        return this.deps.store.put(kk, next);
      }
      return cur;
    }

    if (meta.deletionTimestamp) {
      // Already being deleted: a shorter grace period shortens the deadline.
      if (info.kind === 'Pod' && graceSeconds < (meta.deletionGracePeriodSeconds ?? 0)) {
        if (graceSeconds === 0 && !hasFinalizers(next)) return opts.dryRun ? cur : (this.deps.store.remove(kk, ns, name) ?? cur);
        meta.deletionGracePeriodSeconds = graceSeconds;
        meta.deletionTimestamp = rfc3339(now + graceSeconds * 1000);
        return opts.dryRun ? next : this.deps.store.put(kk, next);
      }
      if (finalizers.length !== (meta.finalizers?.length ?? 0)) {
        meta.finalizers = finalizers;
        return opts.dryRun ? next : this.deps.store.put(kk, next);
      }
      return cur;
    }

    if (graceSeconds > 0 || finalizers.length > 0) {
      meta.deletionTimestamp = rfc3339(now + graceSeconds * 1000);
      meta.deletionGracePeriodSeconds = graceSeconds;
      if (finalizers.length > 0) meta.finalizers = finalizers;
      return opts.dryRun ? next : this.deps.store.put(kk, next);
    }
    if (opts.dryRun) return cur;
    return this.deps.store.remove(kk, ns, name) ?? cur;
  }

}

export { keyOf, kindKeyOfObject };
