// The disruption controller (pkg/controller/disruption/disruption.go): keeps each
// PodDisruptionBudget's status — expectedPods (the owning controllers' scale, or the number of
// pods for an integer minAvailable), desiredHealthy, currentHealthy (Ready pods not being deleted
// and not recently evicted), disruptionsAllowed — and the DisruptionAllowed condition
// (SufficientPods / InsufficientPods / SyncFailed). The Eviction API consumes it.

import { controllerOf } from '../api/meta';
import { isPodReady } from '../api/podutil';
import { labelSelectorFromSpec } from '../api/selectors';
import type { StoredChange } from '../api/store';
import type { KObject } from '../api/types';
import { parseTime, rfc3339 } from '../core/time';
import type { Component, ComponentHost } from '../host';
import { NO_KEYS, type Controller } from './manager';
import { scaledValue } from './daemonset-util';
import { DelayingQueue } from './job-delayqueue';
import { storedSelectorFromSpec } from './util/selectorcache';

export const DISRUPTION_CONTROLLER = 'controllermanager';
/** The component name of the controller in kube-controller-manager (`--controllers=disruption`). */
export const DISRUPTION_CONTROLLER_NAME = 'disruption';
/** `DeletionTimeout`: an evicted pod not deleted within this long counts as healthy again. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

class SyncError extends Error {}

interface Condition {
  type: string;
  status: string;
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export class DisruptionController implements Controller {
  readonly name = DISRUPTION_CONTROLLER_NAME;
  readonly kinds = ['policy/PodDisruptionBudget', '/Pod'];
  readonly recheck: DelayingQueue;

  constructor(private readonly host: ComponentHost) {
    this.recheck = new DelayingQueue(host, DISRUPTION_CONTROLLER_NAME, 'disruption.recheck', true);
  }

  /** `getPdbForPod` (all matching budgets, not just the first): PDBs whose selector selects the pod. */
  private pdbKeysFor(pod: KObject): readonly string[] {
    // Every pod change asks; with no budget anywhere (the common case) there is nothing to list.
    if (this.host.store.count('policy/PodDisruptionBudget') === 0) return NO_KEYS;
    return this.host.store
      .list('policy/PodDisruptionBudget', pod.metadata.namespace)
      .filter((p) => storedSelectorFromSpec(p.spec?.selector).matches(pod.metadata.labels ?? {}))
      .map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  }

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    if (change.kindKey === 'policy/PodDisruptionBudget') return change.type === 'DELETED' ? NO_KEYS : [`${o.metadata.namespace}/${o.metadata.name}`];
    if (change.kindKey === '/Pod') return this.pdbKeysFor(o);
    return NO_KEYS;
  }

  sync(key: string): void {
    const i = key.indexOf('/');
    const pdb = this.host.store.get('policy/PodDisruptionBudget', key.slice(0, i), key.slice(i + 1));
    if (!pdb) return;
    try {
      this.trySync(key, pdb);
    } catch (e) {
      if (!(e instanceof SyncError)) throw e;
      this.failSafe(pdb, e.message);
    }
  }

  private event(pdb: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.host.events.record(pdb, type, reason, message, { component: DISRUPTION_CONTROLLER });
  }

  private trySync(key: string, pdb: KObject): void {
    const sel = labelSelectorFromSpec(pdb.spec?.selector);
    const pods = this.host.store.list('/Pod', pdb.metadata.namespace).filter((p) => sel.matches(p.metadata.labels ?? {}));
    if (pods.length === 0) this.event(pdb, 'Normal', 'NoPods', 'No matching pods found');
    const { expected, desired, unmanaged } = this.expectedPodCount(pdb, pods);
    if (unmanaged.length > 0) {
      this.event(pdb, 'Warning', 'UnmanagedPods', `Pods selected by this PodDisruptionBudget (selector: ${sel.toString()}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`);
    }
    const now = this.host.now();
    const { disrupted, recheckAt } = this.disruptedPodMap(pods, pdb, now);
    let currentHealthy = 0;
    for (const p of pods) {
      if (p.metadata.deletionTimestamp) continue;
      const t = disrupted[p.metadata.name!];
      if (t !== undefined && (parseTime(t) ?? 0) + DELETION_TIMEOUT_MS > now) continue;
      if (isPodReady(p)) currentHealthy++;
    }
    this.updateStatus(pdb, currentHealthy, desired, expected, disrupted);
    if (recheckAt !== undefined) this.recheck.addAfter(key, recheckAt - now);
  }

  /** `getExpectedPodCount`: expectedPods and desiredHealthy for maxUnavailable / minAvailable. */
  private expectedPodCount(pdb: KObject, pods: KObject[]): { expected: number; desired: number; unmanaged: string[] } {
    const spec = pdb.spec ?? {};
    if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
      const { expected, unmanaged } = this.expectedScale(pods);
      const maxUnavailable = this.scaled(spec.maxUnavailable, expected);
      return { expected, desired: Math.max(0, expected - maxUnavailable), unmanaged };
    }
    if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
      if (typeof spec.minAvailable === 'number') return { expected: pods.length, desired: spec.minAvailable, unmanaged: [] };
      const { expected, unmanaged } = this.expectedScale(pods);
      return { expected, desired: this.scaled(spec.minAvailable, expected), unmanaged };
    }
    return { expected: 0, desired: 0, unmanaged: [] };
  }

  private scaled(v: unknown, total: number): number {
    if (typeof v === 'string' && !/^\d+%?$/.test(v)) throw new SyncError(`invalid value for IntOrString: invalid type: string is not a percentage`);
    return scaledValue(v, total, true);
  }

  /** `getExpectedScale`: the summed scale of the pods' controllers; pods without one are unmanaged. */
  private expectedScale(pods: KObject[]): { expected: number; unmanaged: string[] } {
    const scales = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const p of pods) {
      const ref = controllerOf(p);
      if (!ref) {
        unmanaged.push(p.metadata.name!);
        continue;
      }
      if (scales.has(ref.uid)) continue;
      const found = this.controllerScale(ref, p.metadata.namespace!);
      if (!found) throw new SyncError(`found no controllers for pod "${p.metadata.name}"`);
      scales.set(found.uid, found.scale);
    }
    let expected = 0;
    for (const s of scales.values()) expected += s;
    return { expected, unmanaged };
  }

  /** The finders: ReplicaSet (or its Deployment), ReplicationController, StatefulSet. */
  private controllerScale(ref: { kind: string; apiVersion: string; name: string; uid: string }, ns: string): { uid: string; scale: number } | undefined {
    const get = (kk: string, name: string) => this.host.store.get(kk, ns, name);
    if (ref.kind === 'ReplicaSet' && ref.apiVersion === 'apps/v1') {
      const rs = get('apps/ReplicaSet', ref.name);
      if (!rs || rs.metadata.uid !== ref.uid) return undefined;
      const dref = controllerOf(rs);
      if (dref && dref.kind === 'Deployment') {
        const d = get('apps/Deployment', dref.name);
        return d && d.metadata.uid === dref.uid ? { uid: d.metadata.uid!, scale: d.spec?.replicas ?? 1 } : undefined;
      }
      return { uid: rs.metadata.uid!, scale: rs.spec?.replicas ?? 1 };
    }
    const kk = ref.kind === 'ReplicationController' ? '/ReplicationController' : ref.kind === 'StatefulSet' ? 'apps/StatefulSet' : undefined;
    if (!kk) return undefined;
    const o = get(kk, ref.name);
    return o && o.metadata.uid === ref.uid ? { uid: o.metadata.uid!, scale: o.spec?.replicas ?? 1 } : undefined;
  }

  /** `buildDisruptedPodMap`: evictions still pending deletion; when the next one expires. */
  private disruptedPodMap(pods: KObject[], pdb: KObject, now: number): { disrupted: Record<string, string>; recheckAt?: number } {
    const byName = new Map(pods.map((p) => [p.metadata.name!, p]));
    const disrupted: Record<string, string> = {};
    let recheckAt: number | undefined;
    for (const [name, ts] of Object.entries((pdb.status?.disruptedPods ?? {}) as Record<string, string>)) {
      const p = byName.get(name);
      if (!p || p.metadata.deletionTimestamp) continue;
      const expire = (parseTime(ts) ?? 0) + DELETION_TIMEOUT_MS;
      if (expire < now) continue;
      disrupted[name] = ts;
      if (recheckAt === undefined || expire < recheckAt) recheckAt = expire;
    }
    return { disrupted, recheckAt };
  }

  private setCondition(conds: Condition[], c: Omit<Condition, 'lastTransitionTime'>): Condition[] {
    const now = rfc3339(this.host.now());
    const out = [...conds];
    const i = out.findIndex((x) => x.type === c.type);
    if (i < 0) out.push({ ...c, lastTransitionTime: now });
    else out[i] = { ...c, lastTransitionTime: out[i].status !== c.status ? now : out[i].lastTransitionTime };
    return out;
  }

  private writeStatus(pdb: KObject, status: Record<string, unknown>): void {
    const cur = this.host.store.get('policy/PodDisruptionBudget', pdb.metadata.namespace, pdb.metadata.name!);
    if (cur) this.host.api.update({ ...cur, status }, { subresource: 'status' });
  }

  private updateStatus(pdb: KObject, currentHealthy: number, desiredHealthy: number, expectedPods: number, disrupted: Record<string, string>): void {
    let disruptionsAllowed = currentHealthy - desiredHealthy;
    if (expectedPods <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
    const st = pdb.status ?? {};
    const gen = pdb.metadata.generation ?? 0;
    const cond = (st.conditions ?? []).find((c: Condition) => c.type === 'DisruptionAllowed');
    const condOk = cond && cond.observedGeneration === st.observedGeneration && (cond.status === 'True') === ((st.disruptionsAllowed ?? 0) > 0);
    const sameDisrupted = JSON.stringify(Object.entries(st.disruptedPods ?? {}).sort()) === JSON.stringify(Object.entries(disrupted).sort());
    if (
      (st.currentHealthy ?? 0) === currentHealthy && (st.desiredHealthy ?? 0) === desiredHealthy && (st.expectedPods ?? 0) === expectedPods &&
      (st.disruptionsAllowed ?? 0) === disruptionsAllowed && sameDisrupted && (st.observedGeneration ?? 0) === gen && condOk
    ) {
      return;
    }
    const allowed = disruptionsAllowed > 0;
    const conditions = this.setCondition(st.conditions ?? [], {
      type: 'DisruptionAllowed', status: allowed ? 'True' : 'False', observedGeneration: gen, reason: allowed ? 'SufficientPods' : 'InsufficientPods', message: '',
    });
    const status: Record<string, unknown> = {
      conditions, currentHealthy, desiredHealthy, disruptionsAllowed, expectedPods, observedGeneration: gen,
    };
    if (Object.keys(disrupted).length > 0) status.disruptedPods = disrupted;
    this.writeStatus(pdb, status);
  }

  /** `failSafe`: no disruptions allowed, condition SyncFailed with the error. */
  private failSafe(pdb: KObject, message: string): void {
    const st = pdb.status ?? {};
    const conditions = this.setCondition(st.conditions ?? [], {
      type: 'DisruptionAllowed', status: 'False', observedGeneration: st.observedGeneration ?? 0, reason: 'SyncFailed', message,
    });
    this.writeStatus(pdb, { ...st, disruptionsAllowed: 0, conditions });
  }
}

/** The `disruption` controller component. */
export function createDisruptionController(): Component {
  return {
    name: DISRUPTION_CONTROLLER_NAME,
    install(host) {
      const c = new DisruptionController(host);
      host.registerController(c);
      host.registerState(DISRUPTION_CONTROLLER_NAME, c.recheck);
    },
  };
}
