// The DaemonSet controller (pkg/controller/daemon/daemon_controller.go): one pod per eligible node,
// created with a required `metadata.name` node affinity so the default scheduler binds it there,
// plus the daemon tolerations; pods on nodes that no longer qualify are deleted; failed pods are
// killed and recreated with a per-node back-off (1 s doubling to 15 min); RollingUpdate / OnDelete
// through ControllerRevisions (daemonset-update.ts); the status counts.

import type { KindInfo } from '../api/kinds';
import { controllerOf, newControllerRef } from '../api/meta';
import { isPodAvailable, isPodReady } from '../api/podutil';
import { labelSelectorFromSpec } from '../api/selectors';
import type { StoredChange } from '../api/store';
import type { KObject } from '../api/types';
import type { Component, ComponentHost, ComponentState } from '../host';
import { NO_KEYS, type Controller } from './manager';
import { cleanupHistory, constructHistory, rollingUpdate } from './daemonset-update';
import { daemonPodTemplate, isPodUpdated, nodeShouldRunDaemonPod, replaceNodeNameAffinity, scaledValue, sortDaemonPods, targetNodeName, templateGeneration } from './daemonset-util';
import { POD_REVISION_LABEL } from './history';
import { DelayingQueue } from './job-delayqueue';
import { claimObjects, recheckDeletionTimestamp } from './util/claim';
import { addControllerIndex, claimCandidates } from './util/ownerindex';
import { createPod, deletePod, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch, type PodControlDeps } from './util/podcontrol';

export const DAEMONSET_CONTROLLER = 'daemonset-controller';
/** `BurstReplicas` of the DaemonSet controller. */
const BURST_REPLICAS = 250;
const FAILED_POD_BACKOFF_INITIAL_MS = 1000;
const FAILED_POD_BACKOFF_MAX_MS = 15 * 60_000;

/** flowcontrol.Backoff of failed daemon pods, per `<ds uid>/<observedGeneration>/<node>`. */
export class FailedPodsBackoff implements ComponentState {
  private entries = new Map<string, { backoffMs: number; lastUpdateMs: number }>();

  inBackoffSinceUpdate(key: string, now: number): boolean {
    const e = this.entries.get(key);
    return !!e && now - e.lastUpdateMs < e.backoffMs;
  }

  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  next(key: string, now: number): void {
    const e = this.entries.get(key);
    if (!e || now - e.lastUpdateMs > 2 * FAILED_POD_BACKOFF_MAX_MS) this.entries.set(key, { backoffMs: FAILED_POD_BACKOFF_INITIAL_MS, lastUpdateMs: now });
    else this.entries.set(key, { backoffMs: Math.min(e.backoffMs * 2, FAILED_POD_BACKOFF_MAX_MS), lastUpdateMs: now });
  }

  snapshot(): [string, { backoffMs: number; lastUpdateMs: number }][] {
    return [...this.entries].sort(([a], [b]) => (a < b ? -1 : 1));
  }

  restore(data: unknown): void {
    this.entries = new Map((data ?? []) as [string, { backoffMs: number; lastUpdateMs: number }][]);
  }
}

/** The DaemonSet's pods, and by target node (callers only read both). */
interface DaemonPods {
  byNode: Map<string, KObject[]>;
  pods: KObject[];
}

/** A claim's answer, with the store's write versions of Pods and DaemonSets it was made at. */
interface ClaimedPods {
  ds: KObject;
  podRv: number;
  dsRv: number;
  claimed: KObject[];
  withTerminal: DaemonPods | undefined;
  withoutTerminal: DaemonPods | undefined;
}

/** The claimed pods grouped by target node; deleted terminal pods left out unless asked for. */
function groupByNode(claimed: readonly KObject[], includeDeletedTerminal: boolean): DaemonPods {
  const byNode = new Map<string, KObject[]>();
  const pods: KObject[] = [];
  for (const p of claimed) {
    const terminal = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
    if (!includeDeletedTerminal && terminal && p.metadata.deletionTimestamp) continue;
    pods.push(p);
    const node = targetNodeName(p);
    if (node === undefined) continue;
    if (!byNode.has(node)) byNode.set(node, []);
    byNode.get(node)!.push(p);
  }
  return { byNode, pods };
}

const nodeSignature = (n: KObject) => JSON.stringify([n.metadata.labels ?? {}, n.spec ?? {}]);

export class DaemonSetController implements Controller {
  readonly name = DAEMONSET_CONTROLLER;
  readonly kinds = ['apps/DaemonSet', '/Node', 'apps/ControllerRevision', '/Pod'];
  readonly backoff = new FailedPodsBackoff();
  /** Requeues of DaemonSets waiting out a failed-pod back-off or minReadySeconds (background). */
  readonly queue: DelayingQueue;
  private readonly nodes = new Map<string, string>();
  /** The last claim `nodesToDaemonPods` may reuse (see there). */
  private claimed: ClaimedPods | undefined;

  constructor(private readonly host: ComponentHost) {
    this.queue = new DelayingQueue(host, DAEMONSET_CONTROLLER, 'daemonset.requeue', true);
  }

  private get info(): KindInfo {
    return this.host.kinds.byApiVersionKind('apps/v1', 'DaemonSet')!;
  }

  private get podControl(): PodControlDeps {
    return { api: this.host.api, events: this.host.events, component: DAEMONSET_CONTROLLER };
  }

  private allKeys(): string[] {
    return this.host.store.list('apps/DaemonSet').map((d) => `${d.metadata.namespace}/${d.metadata.name}`);
  }

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    switch (change.kindKey) {
      case 'apps/DaemonSet':
        return [`${o.metadata.namespace}/${o.metadata.name}`];
      case '/Node': {
        const name = o.metadata.name!;
        if (change.type === 'DELETED') {
          this.nodes.delete(name);
          return this.allKeys();
        }
        const sig = nodeSignature(o);
        const prev = this.nodes.get(name);
        this.nodes.set(name, sig);
        return prev === sig ? NO_KEYS : this.allKeys();
      }
      case 'apps/ControllerRevision': {
        const ref = controllerOf(o);
        return ref?.kind === 'DaemonSet' ? [`${o.metadata.namespace}/${ref.name}`] : NO_KEYS;
      }
      case '/Pod': {
        const ref = controllerOf(o);
        if (ref) return ref.kind === 'DaemonSet' && ref.apiVersion === 'apps/v1' ? [`${o.metadata.namespace}/${ref.name}`] : NO_KEYS;
        if (change.type === 'DELETED' || o.metadata.deletionTimestamp) return NO_KEYS;
        return this.host.store
          .list('apps/DaemonSet', o.metadata.namespace)
          .filter((d) => {
            const sel = labelSelectorFromSpec(d.spec?.selector);
            return !sel.empty && sel.matches(o.metadata.labels ?? {});
          })
          .map((d) => `${d.metadata.namespace}/${d.metadata.name}`);
      }
      default:
        return NO_KEYS;
    }
  }

  resync(): void {
    this.claimed = undefined;
    this.nodes.clear();
    for (const n of this.host.store.list('/Node')) this.nodes.set(n.metadata.name!, nodeSignature(n));
  }

  sync(key: string): void {
    const i = key.indexOf('/');
    const ds = this.host.store.get('apps/DaemonSet', key.slice(0, i), key.slice(i + 1));
    if (!ds) return;
    this.syncDaemonSet(key, ds);
  }

  /**
   * `getNodesToDaemonPods`: the DaemonSet's pods (adopting orphans) by target node. A sync asks
   * four times, each claim walking every pod of the namespace (5,000 nodes: 10,000 system pods);
   * while no Pod and no DaemonSet has been written since a claim that wrote nothing and failed
   * nowhere, claiming again would find the same pods and do nothing: its answer is reused.
   */
  private nodesToDaemonPods(ds: KObject, includeDeletedTerminal: boolean): DaemonPods {
    const store = this.host.store;
    const podRv = store.lastWriteRv('/Pod');
    const dsRv = store.lastWriteRv('apps/DaemonSet');
    let c = this.claimed;
    if (c === undefined || c.ds !== ds || c.podRv !== podRv || c.dsRv !== dsRv) {
      const sel = labelSelectorFromSpec(ds.spec?.selector);
      const r = claimObjects(
        { api: this.host.api, owner: ds, childInfo: this.host.kinds.byKind('Pod')!, match: (p) => sel.matches(p.metadata.labels ?? {}), canAdopt: recheckDeletionTimestamp(this.host.api, this.info, ds) },
        // Its own pods and the namespace's orphans: ClaimObject ignores pods another controller owns.
        claimCandidates(store, '/Pod', ds),
      );
      c = { ds, podRv, dsRv, claimed: r.claimed, withTerminal: undefined, withoutTerminal: undefined };
      const unchanged = r.error === undefined && store.lastWriteRv('/Pod') === podRv && store.lastWriteRv('apps/DaemonSet') === dsRv;
      this.claimed = unchanged ? c : undefined;
    }
    if (includeDeletedTerminal) return (c.withTerminal ??= groupByNode(c.claimed, true));
    return (c.withoutTerminal ??= groupByNode(c.claimed, false));
  }

  private syncDaemonSet(key: string, ds: KObject): void {
    const sel = labelSelectorFromSpec(ds.spec?.selector);
    if (sel.empty) {
      this.host.events.record(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.', { component: DAEMONSET_CONTROLLER });
      return;
    }
    if (sel.error || ds.metadata.deletionTimestamp) return;
    const nodes = this.host.store.list('/Node');
    const { cur, old } = constructHistory(this.host, ds, this.info, sel);
    if (!cur) return;
    const hash = cur.metadata.labels?.[POD_REVISION_LABEL] ?? '';
    this.manage(key, ds, nodes, hash);
    if (ds.spec?.updateStrategy?.type !== 'OnDelete') {
      const { byNode } = this.nodesToDaemonPods(ds, false);
      const plan = rollingUpdate(ds, nodes, byNode, hash, this.host.now());
      this.syncNodes(ds, plan.podsToDelete, plan.nodesToCreate, hash);
    }
    cleanupHistory(this.host, ds, old, this.nodesToDaemonPods(ds, true).pods);
    this.updateStatus(key, ds, nodes, hash);
  }

  /** `manage` + `podsShouldBeOnNode`: creates missing pods, deletes failed, surplus and misplaced ones. */
  private manage(key: string, ds: KObject, nodes: KObject[], hash: string): void {
    const { byNode } = this.nodesToDaemonPods(ds, true);
    const now = this.host.now();
    const needing: string[] = [];
    const toDelete: string[] = [];
    const surge = (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxSurge ?? 0, 1, true) !== 0;
    const mrs = ds.spec?.minReadySeconds ?? 0;
    for (const node of nodes) {
      const name = node.metadata.name!;
      // By index: destructuring walks an iterator, per node, in code that runs a few times (unoptimized).
      const should = nodeShouldRunDaemonPod(node, ds);
      const shouldRun = should[0];
      const shouldContinue = should[1];
      const pods = byNode.get(name);
      if (shouldRun && !pods) {
        needing.push(name);
        continue;
      }
      if (!shouldContinue) {
        for (const p of pods ?? []) if (!p.metadata.deletionTimestamp) toDelete.push(p.metadata.name!);
        continue;
      }
      const running: KObject[] = [];
      for (const p of pods ?? []) {
        if (p.metadata.deletionTimestamp) continue;
        if (p.status?.phase === 'Failed') {
          const bkey = `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${name}`;
          if (this.backoff.inBackoffSinceUpdate(bkey, now)) {
            this.queue.addAfter(key, this.backoff.get(bkey));
            continue;
          }
          this.backoff.next(bkey, now);
          this.host.events.record(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${name}, will try to kill it`, { component: DAEMONSET_CONTROLLER });
          toDelete.push(p.metadata.name!);
        } else if (p.status?.phase === 'Succeeded') {
          this.host.events.record(ds, 'Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${name}, will try to delete it`, { component: DAEMONSET_CONTROLLER });
          toDelete.push(p.metadata.name!);
        } else running.push(p);
      }
      if (running.length <= 1) {
        if (surge && running.length === 0 && shouldRun) needing.push(name);
        continue;
      }
      sortDaemonPods(running);
      if (!surge) {
        for (const p of running.slice(1)) toDelete.push(p.metadata.name!);
        continue;
      }
      let oldestNew: KObject | undefined;
      let oldestOld: KObject | undefined;
      const gen = templateGeneration(ds);
      for (const p of running) {
        const updated = isPodUpdated(p, hash, gen);
        if (updated && !oldestNew) oldestNew = p;
        else if (!updated && !oldestOld) oldestOld = p;
        else toDelete.push(p.metadata.name!);
      }
      if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, mrs, now))) toDelete.push(oldestOld.metadata.name!);
    }
    // Unscheduled pods aimed at nodes that no longer exist.
    const existing = new Set(nodes.map((n) => n.metadata.name!));
    for (const [node, pods] of byNode) {
      if (existing.has(node)) continue;
      for (const p of pods) if (!p.spec?.nodeName && !p.metadata.deletionTimestamp) toDelete.push(p.metadata.name!);
    }
    this.syncNodes(ds, toDelete, needing, hash);
  }

  /** `syncNodes`: creates pods for the nodes (slow-start batches), then deletes the pods; BurstReplicas each. */
  private syncNodes(ds: KObject, podsToDelete: string[], nodesNeeding: string[], hash: string): void {
    const create = nodesNeeding.slice(0, BURST_REPLICAS);
    const template = daemonPodTemplate(ds, hash);
    const ref = newControllerRef(ds);
    let ix = 0;
    slowStartBatch(create.length, SLOW_START_INITIAL_BATCH_SIZE, () => {
      const t = structuredClone(template);
      replaceNodeNameAffinity(t.spec, create[ix++]);
      return createPod(this.podControl, t, ds, ref);
    });
    const podInfo = this.host.kinds.byKind('Pod')!;
    for (const name of podsToDelete.slice(0, BURST_REPLICAS)) deletePod(this.podControl, podInfo, ds.metadata.namespace!, name, ds);
  }

  /** `updateDaemonSetStatus`: counts per node, written only when something changed. */
  private updateStatus(key: string, ds: KObject, nodes: KObject[], hash: string): void {
    const { byNode } = this.nodesToDaemonPods(ds, false);
    const now = this.host.now();
    const mrs = ds.spec?.minReadySeconds ?? 0;
    const gen = templateGeneration(ds);
    let desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
    for (const node of nodes) {
      const shouldRun = nodeShouldRunDaemonPod(node, ds)[0];
      const pods = byNode.get(node.metadata.name!) ?? [];
      if (!shouldRun) {
        if (pods.length > 0) misscheduled++;
        continue;
      }
      desired++;
      if (pods.length === 0) continue;
      current++;
      const pod = sortDaemonPods([...pods])[0];
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, mrs, now)) available++;
      }
      if (isPodUpdated(pod, hash, gen)) updated++;
    }
    const st = ds.status ?? {};
    const next: Record<string, unknown> = {
      ...(st.collisionCount !== undefined ? { collisionCount: st.collisionCount } : {}),
      ...(st.conditions ? { conditions: st.conditions } : {}),
      currentNumberScheduled: current,
      desiredNumberScheduled: desired,
      numberMisscheduled: misscheduled,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
    };
    if (available) next.numberAvailable = available;
    if (desired - available) next.numberUnavailable = desired - available;
    if (updated) next.updatedNumberScheduled = updated;
    const same =
      st.desiredNumberScheduled === desired && st.currentNumberScheduled === current && st.numberMisscheduled === misscheduled && st.numberReady === ready &&
      (st.updatedNumberScheduled ?? 0) === updated && (st.numberAvailable ?? 0) === available && (st.numberUnavailable ?? 0) === desired - available &&
      (st.observedGeneration ?? 0) >= (ds.metadata.generation ?? 0);
    if (!same) {
      const cur = this.host.store.get('apps/DaemonSet', ds.metadata.namespace, ds.metadata.name!);
      if (cur) this.host.api.update({ ...cur, status: next }, { subresource: 'status' });
    }
    if (mrs > 0 && ready !== available) this.queue.addAfter(key, mrs * 1000);
  }
}

/** The `daemonset-controller` component. */
export function createDaemonSetController(): Component {
  return {
    name: DAEMONSET_CONTROLLER,
    install(host) {
      const c = new DaemonSetController(host);
      addControllerIndex(host.store, '/Pod');
      host.registerController(c);
      host.registerState(`${DAEMONSET_CONTROLLER}/backoff`, c.backoff);
      host.registerState(`${DAEMONSET_CONTROLLER}/queue`, c.queue);
    },
  };
}
