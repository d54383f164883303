// The Deployment controller (pkg/controller/deployment/deployment_controller.go): watches
// Deployments, their ReplicaSets and (for Recreate) pod deletions, claims ReplicaSets by
// selector and runs `syncDeployment`: paused / scaling syncs, RollingUpdate or Recreate steps.

import { clone, controllerOf } from '../api/meta';
import type { LabelSelectorMatcher } from '../api/selectors';
import type { StoredChange } from '../api/store';
import type { KObject } from '../api/types';
import type { Component, ComponentHost } from '../host';
import { NO_KEYS, type Controller } from './manager';
import { podMapForDeployment, rolloutRecreate, rolloutRolling } from './deployment.rollout';
import { isScalingEvent, syncScaling, syncStatusOnly } from './deployment.sync';
import { checkPausedConditions, DEPLOYMENT_CONTROLLER, recordEvent, SyncError, updateDeploymentStatus, type SyncContext } from './deployment.status';
import { ItemBackoff } from './util/backoff';
import { claimObjects, recheckDeletionTimestamp } from './util/claim';
import { addControllerIndex, claimCandidates } from './util/ownerindex';
import { storedSelectorFromSpec } from './util/selectorcache';

interface ReplicaSetMemo {
  /** `ns/name` of the Deployment controlling it. */
  owner: string | undefined;
  hasController: boolean;
  labels: string;
  /** The stored ownerReferences and labels the fields above were read from (a status write keeps both). */
  refs: unknown;
  labelsRef: unknown;
  /** `[owner]`, made once: the answer to most of this ReplicaSet's changes. */
  ownerKeys: readonly string[];
}

function replicaSetMemo(rs: KObject, prev: ReplicaSetMemo | undefined): ReplicaSetMemo {
  const refs = rs.metadata.ownerReferences;
  const labelsRef = rs.metadata.labels;
  // Most ReplicaSet changes are status writes: the same owners and labels, the same memo.
  if (prev && prev.refs === refs && prev.labelsRef === labelsRef) return prev;
  const owner = deploymentOwnerKey(rs);
  const labels = prev && prev.labelsRef === labelsRef && labelsRef !== undefined ? prev.labels : labelsKey(rs);
  return { owner, hasController: !!controllerOf(rs), labels, refs, labelsRef, ownerKeys: owner ? [owner] : NO_KEYS };
}

const keyOf = (o: KObject) => `${o.metadata.namespace}/${o.metadata.name}`;
const labelsKey = (o: KObject) => JSON.stringify(Object.entries(o.metadata.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function deploymentOwnerKey(o: KObject): string | undefined {
  const ref = controllerOf(o);
  return ref && ref.kind === 'Deployment' && ref.apiVersion === 'apps/v1' ? `${o.metadata.namespace}/${ref.name}` : undefined;
}

export class DeploymentController implements Controller {
  readonly name = DEPLOYMENT_CONTROLLER;
  readonly kinds = ['apps/Deployment', 'apps/ReplicaSet', '/Pod'];
  readonly backoff = new ItemBackoff();
  private readonly replicaSets = new Map<string, ReplicaSetMemo>();

  constructor(private readonly host: ComponentHost) {}

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    if (change.kindKey === 'apps/Deployment') return [keyOf(o)];
    if (change.kindKey === 'apps/ReplicaSet') return this.keysForReplicaSet(change);
    if (change.kindKey === '/Pod' && change.type === 'DELETED') return this.keysForDeletedPod(o);
    return NO_KEYS;
  }

  private keysForReplicaSet(change: StoredChange): readonly string[] {
    const rs = change.object;
    const key = keyOf(rs);
    const prev = this.replicaSets.get(key);
    if (change.type === 'DELETED') {
      this.replicaSets.delete(key);
      const owner = deploymentOwnerKey(rs) ?? prev?.owner;
      return owner ? [owner] : NO_KEYS;
    }
    const cur = replicaSetMemo(rs, prev);
    if (cur !== prev) this.replicaSets.set(key, cur);
    // The controller changed: the old one re-syncs too (first, as upstream's handler queues it).
    const movedFrom = prev?.owner && prev.owner !== cur.owner ? prev.owner : undefined;
    if (cur.owner) return movedFrom ? [movedFrom, cur.owner] : cur.ownerKeys;
    const keys: string[] = movedFrom ? [movedFrom] : [];
    if (!cur.hasController && !rs.metadata.deletionTimestamp && (!prev || prev.labels !== cur.labels || prev.hasController)) {
      // An orphan: every Deployment whose selector matches may adopt it.
      for (const d of this.host.store.list('apps/Deployment', rs.metadata.namespace)) {
        const sel = storedSelectorFromSpec(d.spec?.selector);
        if (!sel.empty && sel.matches(rs.metadata.labels ?? {})) {
          const k = keyOf(d);
          if (!keys.includes(k)) keys.push(k);
        }
      }
    }
    return keys.length === 0 ? NO_KEYS : keys;
  }

  /** `deletePod`: a Recreate Deployment re-syncs once none of its pods is left. */
  private keysForDeletedPod(pod: KObject): readonly string[] {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet' || ref.apiVersion !== 'apps/v1') return NO_KEYS;
    const rs = this.host.store.get('apps/ReplicaSet', pod.metadata.namespace, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return NO_KEYS;
    const dRef = controllerOf(rs);
    if (!dRef || dRef.kind !== 'Deployment') return NO_KEYS;
    const d = this.host.store.get('apps/Deployment', pod.metadata.namespace, dRef.name);
    if (!d || d.metadata.uid !== dRef.uid || d.spec?.strategy?.type !== 'Recreate') return NO_KEYS;
    const rsList = this.host.store.list('apps/ReplicaSet', d.metadata.namespace).filter((x) => controllerOf(x)?.uid === d.metadata.uid);
    const sel = storedSelectorFromSpec(d.spec?.selector);
    const podMap = podMapForDeployment(d, rsList, this.host.store.list('/Pod', d.metadata.namespace), (p) => sel.matches(p.metadata.labels ?? {}));
    const numPods = [...podMap.values()].reduce((n, l) => n + l.length, 0);
    return numPods === 0 ? [keyOf(d)] : NO_KEYS;
  }

  resync(): void {
    this.replicaSets.clear();
    for (const rs of this.host.store.list('apps/ReplicaSet')) {
      this.replicaSets.set(keyOf(rs), replicaSetMemo(rs, undefined));
    }
  }

  sync(key: string): number | void {
    const i = key.indexOf('/');
    const stored = this.host.store.get('apps/Deployment', key.slice(0, i), key.slice(i + 1));
    if (!stored) {
      this.backoff.forget(key);
      return;
    }
    const ctx: SyncContext = { host: this.host };
    try {
      const copy = workingCopy(stored);
      // The stored selector's matcher (cached): the copy's selector is a new object every sync.
      syncDeployment(ctx, copy, storedSelectorFromSpec(stored.spec?.selector));
    } catch (e) {
      if (e instanceof SyncError) return this.backoff.failure(key);
      throw e;
    }
    this.backoff.forget(key);
    return ctx.requeueAfterMs;
  }
}

/** `syncDeployment`. `d` is a private copy; API failures throw SyncError. `selector` is its selector's matcher. */
function syncDeployment(ctx: SyncContext, d: KObject, selector: LabelSelectorMatcher): void {
  if (selector.empty) {
    recordEvent(ctx, d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
      updateDeploymentStatus(ctx, d);
    }
    return;
  }
  if (selector.error) return;
  const rsList = getReplicaSetsForDeployment(ctx, d, (o) => selector.matches(o.metadata.labels ?? {}));
  if (d.metadata.deletionTimestamp) return syncStatusOnly(ctx, d, rsList);
  checkPausedConditions(ctx, d);
  if (d.spec.paused) return syncScaling(ctx, d, rsList);
  if (isScalingEvent(ctx, d, rsList)) return syncScaling(ctx, d, rsList);
  if (d.spec.strategy?.type === 'Recreate') {
    const podMap = podMapForDeployment(d, rsList, ctx.host.store.list('/Pod', d.metadata.namespace), (p) => selector.matches(p.metadata.labels ?? {}));
    return rolloutRecreate(ctx, d, rsList, podMap);
  }
  if (d.spec.strategy?.type === 'RollingUpdate') return rolloutRolling(ctx, d, rsList);
}

/**
 * The sync's working copy of a stored Deployment: a deep clone (upstream's `DeepCopy`) but for
 * `spec.template`, which is the stored template itself. The sync never changes its copy's
 * template (a new ReplicaSet's template is cloned from it), and the stored one is frozen under
 * test; sharing it saves copying the largest part of the object every sync and keeps the
 * template's cached canonical text (`canonicalTemplate` in deployment.util.ts). Keys keep their order.
 */
function workingCopy(stored: KObject): KObject {
  const spec = stored.spec as Record<string, unknown> | undefined;
  // Anything unusual (no template, an own `__proto__` key from hostile JSON) is cloned whole.
  if (!plainWithTemplate(spec) || Object.prototype.hasOwnProperty.call(stored, '__proto__')) return clone(stored);
  const out: Record<string, unknown> = {};
  for (const k in stored) {
    if (!Object.prototype.hasOwnProperty.call(stored, k)) continue;
    out[k] = k === 'spec' ? copySpec(spec) : clone((stored as Record<string, unknown>)[k]);
  }
  return out as KObject;
}

function plainWithTemplate(spec: unknown): spec is Record<string, unknown> {
  if (typeof spec !== 'object' || spec === null || Object.getPrototypeOf(spec) !== Object.prototype) return false;
  return Object.prototype.hasOwnProperty.call(spec, 'template') && !Object.prototype.hasOwnProperty.call(spec, '__proto__');
}

function copySpec(spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in spec) {
    if (Object.prototype.hasOwnProperty.call(spec, k)) out[k] = k === 'template' ? spec[k] : clone(spec[k]);
  }
  return out;
}

/** `getReplicaSetsForDeployment`: the namespace's ReplicaSets the Deployment owns, after adoption and release. */
function getReplicaSetsForDeployment(ctx: SyncContext, d: KObject, match: (o: KObject) => boolean): KObject[] {
  const dInfo = ctx.host.kinds.byKind('Deployment')!;
  const r = claimObjects(
    { api: ctx.host.api, owner: d, childInfo: ctx.host.kinds.byKind('ReplicaSet')!, match, canAdopt: recheckDeletionTimestamp(ctx.host.api, dInfo, d) },
    claimCandidates(ctx.host.store, 'apps/ReplicaSet', d),
  );
  if (r.error) throw new SyncError(r.error);
  return r.claimed;
}

/** The `deployment-controller` component. */
export function createDeploymentController(): Component {
  return {
    name: DEPLOYMENT_CONTROLLER,
    install(host: ComponentHost) {
      const c = new DeploymentController(host);
      addControllerIndex(host.store, 'apps/ReplicaSet');
      host.registerController(c);
      host.registerState(DEPLOYMENT_CONTROLLER, c.backoff);
    },
  };
}
