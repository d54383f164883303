// DaemonSet history and rolling updates (pkg/controller/daemon/update.go): ControllerRevisions
// named `<ds>-<ComputeHash(template)>`, and the RollingUpdate strategy — without surge, delete old
// pods on at most maxUnavailable nodes (counting nodes already unavailable) and let the main loop
// create the new ones; with maxSurge, start the new pod first and delete the old one once the new
// one is available.

import type { KindInfo } from '../api/kinds';
import { newControllerRef } from '../api/meta';
import { isPodAvailable } from '../api/podutil';
import type { LabelSelectorMatcher } from '../api/selectors';
import { isStatus, type KObject } from '../api/types';
import type { ComponentHost } from '../host';
import { isPodUpdated, nodeShouldRunDaemonPod, scaledValue, templateGeneration } from './daemonset-util';
import { controlledRevisions, deleteControllerRevision, maxRevision, POD_REVISION_LABEL, revisionRaw, templatePatch } from './history';
import { computeHash } from './util/hash';

/** `constructHistory`: the current revision (created or renumbered) and the old ones. */
export function constructHistory(host: ComponentHost, ds: KObject, dsInfo: KindInfo, selector: LabelSelectorMatcher): { cur?: KObject; old: KObject[] } {
  const api = host.api;
  const revInfo = host.kinds.byKind('ControllerRevision')!;
  const patch = templatePatch(ds);
  const current: KObject[] = [];
  const old: KObject[] = [];
  for (let h of controlledRevisions(api, ds, dsInfo, selector).revisions) {
    if (h.metadata.labels?.[POD_REVISION_LABEL] === undefined) {
      const r = api.mutate(revInfo, h.metadata.namespace, h.metadata.name!, (o) => {
        o.metadata.labels = { ...(o.metadata.labels ?? {}), [POD_REVISION_LABEL]: o.metadata.name! };
      });
      if (!isStatus(r)) h = r;
    }
    if (revisionRaw(h) === patch.raw) current.push(h);
    else old.push(h);
  }
  const next = maxRevision(old) + 1;
  if (current.length === 0) return { cur: snapshot(host, ds, patch, next), old };
  // dedupCurHistories: keep the highest revision, move pods of the others onto it.
  current.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
  let keep = current[0];
  for (const dup of current.slice(1)) {
    const dupHash = dup.metadata.labels?.[POD_REVISION_LABEL];
    const keepHash = keep.metadata.labels?.[POD_REVISION_LABEL];
    for (const p of host.store.list('/Pod', ds.metadata.namespace)) {
      if (p.metadata.labels?.[POD_REVISION_LABEL] !== dupHash || !selector.matches(p.metadata.labels ?? {})) continue;
      api.mutate(host.kinds.byKind('Pod')!, p.metadata.namespace, p.metadata.name!, (o) => {
        o.metadata.labels = { ...(o.metadata.labels ?? {}), [POD_REVISION_LABEL]: keepHash ?? '' };
      });
    }
    deleteControllerRevision(api, dup);
  }
  if ((keep.revision ?? 0) < next) {
    const r = api.mutate(revInfo, keep.metadata.namespace, keep.metadata.name!, (o) => {
      o.revision = next;
    });
    if (!isStatus(r)) keep = r;
  }
  return { cur: keep, old };
}

/** `snapshot`: creates the revision for the current template, bumping collisionCount on a name clash. */
function snapshot(host: ComponentHost, ds: KObject, patch: ReturnType<typeof templatePatch>, revision: number): KObject | undefined {
  const collisionCount: number | undefined = ds.status?.collisionCount ?? undefined;
  const hash = computeHash(ds.spec.template, collisionCount);
  const history: KObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${ds.metadata.name}-${hash}`,
      namespace: ds.metadata.namespace,
      labels: { ...(ds.spec.template?.metadata?.labels ?? {}), [POD_REVISION_LABEL]: hash },
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds)],
    },
    data: patch.data,
    revision,
  };
  const r = host.api.create(history);
  if (!isStatus(r)) return r;
  if (r.reason !== 'AlreadyExists') return undefined;
  const existing = host.store.get('apps/ControllerRevision', ds.metadata.namespace, history.metadata.name!);
  if (existing && revisionRaw(existing) === patch.raw) return existing;
  // A different revision holds the name: bump the collision count; the next sync retries.
  const info = host.kinds.byApiVersionKind('apps/v1', 'DaemonSet')!;
  host.api.mutate(info, ds.metadata.namespace, ds.metadata.name!, (o) => {
    o.status = { ...(o.status ?? {}), collisionCount: (o.status?.collisionCount ?? 0) + 1 };
  }, { subresource: 'status' });
  return undefined;
}

/** `cleanupHistory`: deletes the oldest old revisions no pod uses beyond revisionHistoryLimit. */
export function cleanupHistory(host: ComponentHost, ds: KObject, old: KObject[], pods: readonly KObject[]): void {
  const toKeep = ds.spec?.revisionHistoryLimit ?? 10;
  let toKill = old.length - toKeep;
  if (toKill <= 0) return;
  const live = new Set(pods.map((p) => p.metadata.labels?.[POD_REVISION_LABEL]).filter((h): h is string => !!h));
  for (const h of [...old].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))) {
    if (toKill <= 0) break;
    if (live.has(h.metadata.labels?.[POD_REVISION_LABEL] ?? '')) continue;
    deleteControllerRevision(host.api, h);
    toKill--;
  }
}

/** `findUpdatedPodsOnNode`: the node's new and old pod; not ok with two of either. */
function findUpdatedPodsOnNode(ds: KObject, pods: readonly KObject[], hash: string): { newPod?: KObject; oldPod?: KObject; ok: boolean } {
  let newPod: KObject | undefined;
  let oldPod: KObject | undefined;
  const gen = templateGeneration(ds);
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (isPodUpdated(p, hash, gen)) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { newPod, oldPod, ok: true };
}

export interface UpdatePlan {
  podsToDelete: string[];
  nodesToCreate: string[];
}

/** `rollingUpdate`: which old pods to delete and (with surge) which nodes get a new pod first. */
export function rollingUpdate(ds: KObject, nodes: readonly KObject[], nodeToPods: Map<string, KObject[]>, hash: string, nowMs: number): UpdatePlan {
  const mrs = ds.spec?.minReadySeconds ?? 0;
  const available = (p: KObject) => isPodAvailable(p, mrs, nowMs);
  let desired = 0;
  const byNode = new Map(nodeToPods);
  const nodeByName = new Map(nodes.map((n) => [n.metadata.name!, n]));
  for (const n of nodes) {
    if (!nodeShouldRunDaemonPod(n, ds)[0]) continue;
    desired++;
    if (!byNode.has(n.metadata.name!)) byNode.set(n.metadata.name!, []);
  }
  const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
  let maxUnavailable = scaledValue(ru.maxUnavailable ?? 1, desired, true);
  const maxSurge = scaledValue(ru.maxSurge ?? 0, desired, true);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const names = [...byNode.keys()].sort();
  if (maxSurge === 0) {
    let numUnavailable = 0;
    const replacements: string[] = [];
    const candidates: string[] = [];
    for (const name of names) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, byNode.get(name)!, hash);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod) {
        if (!available(oldPod)) replacements.push(oldPod.metadata.name!);
        else if (numUnavailable < maxUnavailable) candidates.push(oldPod.metadata.name!);
      }
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { podsToDelete: [...replacements, ...candidates.slice(0, remaining)], nodesToCreate: [] };
  }
  const oldPodsToDelete: string[] = [];
  const shouldNotRun: string[] = [];
  const candidateNewNodes: string[] = [];
  const allowedNewNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const name of names) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, byNode.get(name)!, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod ? available(oldPod) : newPod && available(newPod)) numAvailable++;
    if (!oldPod) continue;
    const node = nodeByName.get(name);
    if (!newPod) {
      const shouldRun = node ? nodeShouldRunDaemonPod(node, ds)[0] : false;
      if (!available(oldPod)) {
        if (!shouldRun) oldPodsToDelete.push(oldPod.metadata.name!);
        else allowedNewNodes.push(name);
      } else if (!shouldRun) shouldNotRun.push(oldPod.metadata.name!);
      else if (numSurge < maxSurge) candidateNewNodes.push(name);
    } else if (!available(newPod)) numSurge++;
    else oldPodsToDelete.push(oldPod.metadata.name!);
  }
  const deletable = Math.min(numAvailable - desired, shouldNotRun.length);
  if (deletable > 0) oldPodsToDelete.push(...shouldNotRun.slice(0, deletable));
  const remainingSurge = Math.min(Math.max(0, maxSurge - numSurge), candidateNewNodes.length);
  return { podsToDelete: oldPodsToDelete, nodesToCreate: [...allowedNewNodes, ...candidateNewNodes.slice(0, remainingSurge)] };
}

