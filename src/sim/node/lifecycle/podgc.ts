// The pod garbage collector (source `pod-garbage-collector`; pkg/controller/podgc/gc_controller.go,
// v1.32). Every 20 s:
// - terminated pods (Succeeded/Failed) beyond --terminated-pod-gc-threshold (12500) are deleted,
//   evicted and oldest first;
// - terminating pods on a NotReady node tainted node.kubernetes.io/out-of-service are force-deleted;
// - pods bound to a node that has not existed for the 40 s quarantine are marked Failed with
//   DisruptionTarget `DeletionByPodGC` "PodGC: node no longer exists", then force-deleted;
// - terminating pods that were never scheduled are force-deleted.
import type { ComponentHost } from '../../host';
import { isStatus, type KObject } from '../../api/types';
import type { PodCondition } from '../../api/podutil';
import { nodeReadyStatus } from '../../api/podutil';
import { disruptionTarget, updatePodCondition } from './podutil';
import { TAINT_OUT_OF_SERVICE, nodeTaints } from './taints';

export const GC_CHECK_PERIOD_MS = 20_000;
export const QUARANTINE_MS = 40_000;
export const TERMINATED_POD_GC_THRESHOLD = 12_500;

const TICK = 'podgc.tick';
/** Phases that are not terminal (a pod without a phase counts as not terminated). */
const NOT_TERMINATED = new Set<string | undefined>(['Pending', 'Running', 'Unknown', undefined]);

interface State {
  /** Missing nodes waiting out the quarantine: node name → when it may be treated as deleted. */
  quarantine: Record<string, number>;
}

export class PodGC {
  private state: State = { quarantine: {} };

  constructor(
    private readonly host: ComponentHost,
    private readonly terminatedPodThreshold = TERMINATED_POD_GC_THRESHOLD,
  ) {}

  install(): void {
    this.host.on(TICK, () => this.tick(), { background: true });
    this.host.registerState('pod-garbage-collector', {
      snapshot: () => structuredClone(this.state),
      restore: (d) => {
        // The cluster's own copy of the snapshot (Cluster.restore): taken as it is, not copied again.
        this.state = d as State;
      },
    });
  }

  start(): void {
    this.host.schedule(this.host.now(), TICK, {});
  }

  private tick(): void {
    this.gc();
    this.host.schedule(this.host.now() + GC_CHECK_PERIOD_MS, TICK, {});
  }

  gc(): void {
    const pods = this.host.store.list('/Pod');
    // One pass over every pod (150,000 at the documented limit) gathers what each clean-up
    // below needs, in list order, where each used to walk the whole list itself.
    const terminated: KObject[] = [];
    const terminating: KObject[] = [];
    const unscheduledTerminating: KObject[] = [];
    const nodeNames: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < pods.length; i++) {
      const p = pods[i]!;
      if (!NOT_TERMINATED.has(p.status?.phase)) terminated.push(p);
      const n: string | undefined = p.spec?.nodeName;
      if (p.metadata.deletionTimestamp) (n ? terminating : unscheduledTerminating).push(p);
      if (n && !seen.has(n)) {
        seen.add(n);
        nodeNames.push(n);
      }
    }
    if (this.terminatedPodThreshold > 0 && terminated.length > this.terminatedPodThreshold) this.gcTerminated(terminated);
    this.gcTerminating(terminating);
    this.gcOrphaned(pods, nodeNames);
    for (const p of unscheduledTerminating) this.markFailedAndDelete(p);
  }

  /**
   * `terminated`: the terminated pods in list order, more than the threshold (gc checks). Those
   * beyond it go, evicted and oldest first.
   */
  private gcTerminated(terminated: KObject[]): void {
    const count = terminated.length - this.terminatedPodThreshold;
    for (const p of sortByEvictionAndCreation(terminated).slice(0, count)) this.markFailedAndDelete(p);
  }

  /** `terminating`: pods with a deletionTimestamp and a node. Those on a NotReady out-of-service node go. */
  private gcTerminating(terminating: KObject[]): void {
    const victims = terminating.filter((p) => {
      const node = this.host.store.get('/Node', undefined, p.spec.nodeName);
      return !!node && nodeReadyStatus(node) !== 'True' && nodeTaints(node).some((t) => t.key === TAINT_OUT_OF_SERVICE);
    });
    for (const p of sortByEvictionAndCreation(victims)) this.markFailedAndDelete(p);
  }

  /** `nodeNames`: the nodes pods are bound to, in the order the pods first name them. */
  private gcOrphaned(pods: KObject[], nodeNames: string[]): void {
    const now = this.host.now();
    const exists = (n: string) => !!this.host.store.get('/Node', undefined, n);
    // Each node name is looked up once per pass (tens of pods share a node), in the order the
    // pods first name it, so the quarantine fills in the same order as before.
    for (const n of nodeNames) {
      if (!exists(n) && !(n in this.state.quarantine)) this.state.quarantine[n] = now + QUARANTINE_MS;
    }
    const deleted = new Set<string>();
    for (const [n, at] of Object.entries(this.state.quarantine)) {
      if (at > now) continue;
      delete this.state.quarantine[n];
      if (!exists(n)) deleted.add(n);
    }
    if (deleted.size === 0) return;
    for (const p of pods) {
      if (!deleted.has(p.spec?.nodeName)) continue;
      this.markFailedAndDelete(p, disruptionTarget('DeletionByPodGC', 'PodGC: node no longer exists'));
    }
  }

  /** markFailedAndDeletePodWithCondition: phase Failed (and the condition) first, then delete with grace 0. */
  private markFailedAndDelete(pod: KObject, cond?: PodCondition): void {
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name!;
    const cur = this.host.store.get('/Pod', ns, name);
    if (!cur || cur.metadata.uid !== pod.metadata.uid) return;
    const phase = cur.status?.phase;
    if (phase !== 'Succeeded' && phase !== 'Failed') {
      const conditions = cond ? (updatePodCondition(cur, cond, this.host.now()) ?? cur.status?.conditions) : cur.status?.conditions;
      const status = { ...cur.status, phase: 'Failed', ...(conditions ? { conditions } : {}) };
      const u = this.host.api.update({ ...cur, status }, { subresource: 'status' });
      if (isStatus(u)) return;
    }
    this.host.api.delete(this.host.kinds.byKind('Pod')!, ns, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
  }
}

/** byEvictionAndCreationTimestamp: evicted pods first, then oldest first. */
function sortByEvictionAndCreation(pods: KObject[]): KObject[] {
  const evicted = (p: KObject) => (p.status?.reason === 'Evicted' ? 0 : 1);
  return [...pods].sort((a, b) => {
    if (evicted(a) !== evicted(b)) return evicted(a) - evicted(b);
    const ca = a.metadata.creationTimestamp ?? '';
    const cb = b.metadata.creationTimestamp ?? '';
    return ca < cb ? -1 : ca > cb ? 1 : 0;
  });
}
