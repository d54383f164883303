// The Deployment controller (pkg/controller/deployment/deployment_controller.go): watches
// Deployments, their ReplicaSets and (for Recreate) pod deletions, claims ReplicaSets by
// selector and runs `syncDeployment`: paused / scaling syncs, RollingUpdate or Recreate steps.

import { clone, controllerOf } from '../api/meta';
import { labelSelectorFromSpec } from '../api/selectors';
import type { StoredChange } from '../api/store';
import type { KObject } from '../api/types';
import type { Component, ComponentHost } from '../host';
import type { Controller } from './manager';
import { podMapForDeployment, rolloutRecreate, rolloutRolling } from './deployment.rollout';
import { isScalingEvent, syncScaling, syncStatusOnly } from './deployment.sync';
import { checkPausedConditions, DEPLOYMENT_CONTROLLER, recordEvent, SyncError, updateDeploymentStatus, type SyncContext } from './deployment.status';
import { shareCanonicalTemplate } from './deployment.util';
import { ItemBackoff } from './util/backoff';
import { claimObjects, recheckDeletionTimestamp } from './util/claim';
import { addControllerIndex, claimCandidates } from './util/ownerindex';

interface ReplicaSetMemo {
  /** `ns/name` of the Deployment controlling it. */
  owner?: string;
  hasController: boolean;
  labels: string;
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
    return [];
  }

  private keysForReplicaSet(change: StoredChange): string[] {
    const rs = change.object;
    const prev = this.replicaSets.get(keyOf(rs));
    if (change.type === 'DELETED') {
      this.replicaSets.delete(keyOf(rs));
      const owner = deploymentOwnerKey(rs) ?? prev?.owner;
      return owner ? [owner] : [];
    }
    const cur: ReplicaSetMemo = { owner: deploymentOwnerKey(rs), hasController: !!controllerOf(rs), labels: labelsKey(rs) };
    this.replicaSets.set(keyOf(rs), cur);
    const keys = new Set<string>();
    if (prev?.owner && prev.owner !== cur.owner) keys.add(prev.owner);
    if (cur.owner) keys.add(cur.owner);
    else if (!cur.hasController && !rs.metadata.deletionTimestamp && (!prev || prev.labels !== cur.labels || prev.hasController)) {
      // An orphan: every Deployment whose selector matches may adopt it.
      for (const d of this.host.store.list('apps/Deployment', rs.metadata.namespace)) {
        const sel = labelSelectorFromSpec(d.spec?.selector);
        if (!sel.empty && sel.matches(rs.metadata.labels ?? {})) keys.add(keyOf(d));
      }
    }
    return [...keys];
  }

  /** `deletePod`: a Recreate Deployment re-syncs once none of its pods is left. */
  private keysForDeletedPod(pod: KObject): string[] {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet' || ref.apiVersion !== 'apps/v1') return [];
    const rs = this.host.store.get('apps/ReplicaSet', pod.metadata.namespace, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return [];
    const dRef = controllerOf(rs);
    if (!dRef || dRef.kind !== 'Deployment') return [];
    const d = this.host.store.get('apps/Deployment', pod.metadata.namespace, dRef.name);
    if (!d || d.metadata.uid !== dRef.uid || d.spec?.strategy?.type !== 'Recreate') return [];
    const rsList = this.host.store.list('apps/ReplicaSet', d.metadata.namespace).filter((x) => controllerOf(x)?.uid === d.metadata.uid);
    const sel = labelSelectorFromSpec(d.spec?.selector);
    const podMap = podMapForDeployment(d, rsList, this.host.store.list('/Pod', d.metadata.namespace), (p) => sel.matches(p.metadata.labels ?? {}));
    const numPods = [...podMap.values()].reduce((n, l) => n + l.length, 0);
    return numPods === 0 ? [keyOf(d)] : [];
  }

  resync(): void {
    this.replicaSets.clear();
    for (const rs of this.host.store.list('apps/ReplicaSet')) {
      this.replicaSets.set(keyOf(rs), { owner: deploymentOwnerKey(rs), hasController: !!controllerOf(rs), labels: labelsKey(rs) });
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
      const copy = clone(stored);
      shareCanonicalTemplate(copy, stored);
      syncDeployment(ctx, copy);
    } catch (e) {
      if (e instanceof SyncError) return this.backoff.failure(key);
      throw e;
    }
    this.backoff.forget(key);
    return ctx.requeueAfterMs;
  }
}

/** `syncDeployment`. `d` is a private copy; API failures throw SyncError. */
export function syncDeployment(ctx: SyncContext, d: KObject): void {
  const selector = labelSelectorFromSpec(d.spec?.selector);
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
