// The taint eviction controller (source `taint-eviction-controller`;
// pkg/controller/tainteviction/taint_eviction.go, timed_workers.go): pods on a node with NoExecute
// taints they do not tolerate are deleted at once; pods that tolerate them for tolerationSeconds
// (300 s for not-ready/unreachable, from DefaultTolerationSeconds admission) are deleted when the
// shortest such time has passed, unless the taints go first. Each deletion is announced with
// `TaintManagerEviction "Marking for deletion Pod ns/name"` and marks the pod DisruptionTarget;
// a cancelled one with "Cancelling deletion of Pod ns/name".
import { BoundedMap } from '../../core/boundedmap';
import type { ComponentHost } from '../../host';
import { NO_KEYS, type Controller } from '../../controllers/manager';
import type { StoredChange } from '../../api/store';
import { isStatus, type KObject } from '../../api/types';
import { disruptionTarget, podRefByName, podsOnNode, updatePodCondition } from './podutil';
import { matchingTolerations, minTolerationTimeMs, noExecuteTaints, podTolerations, type Taint } from './taints';

const FIRE = 'taint-eviction.fire';
/** `nodeSeen`'s signature of a node without NoExecute taints. */
const NO_TAINTS_JSON = '[]';
const SOURCE = { component: 'taint-eviction-controller' };

/** A scheduled deletion (TimedWorker), or null once it has run (kept so it is not added again). */
type Worker = { createdAtMs: number; fireAtMs: number; timerAtMs: number } | null;

export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  readonly kinds = ['/Node', '/Pod'];
  private workers: Record<string, Worker> = {};
  /** Informer caches to filter changes the way the handlers do: NoExecute taints by node; pod node + tolerations. */
  private nodeSeen = new Map<string, NodeSeen>();
  /**
   * Per pod: the spec last seen, its node and tolerations. Stored objects never change and a status
   * write keeps the stored spec object, so the same spec needs no new signature (most pod
   * writes are status writes).
   */
  private podSeen = new Map<string, PodSeen>(); // by pod uid

  constructor(private readonly host: ComponentHost) {}

  install(): void {
    this.host.registerController(this);
    this.host.on<{ key: string; timerAtMs: number }>(FIRE, (d) => this.fire(d.key, d.timerAtMs), { background: true });
    this.host.registerState('taint-eviction-controller', {
      snapshot: () => structuredClone(this.workers),
      restore: (d) => {
        // The cluster's own copy of the snapshot (Cluster.restore): taken as it is, not copied again.
        this.workers = d as Record<string, Worker>;
      },
    });
    this.resync();
  }

  resync(): void {
    this.nodeSeen.clear();
    this.podSeen.clear();
    for (const n of this.host.store.list('/Node')) this.nodeSeen.set(n.metadata.name!, { taints: JSON.stringify(noExecuteTaints(n)), node: n });
    for (const p of this.host.store.list('/Pod')) this.podSeen.set(p.metadata.uid!, podSeenOf(p));
  }

  keysFor(c: StoredChange): readonly string[] {
    if (c.kindKey === '/Node') {
      const name = c.object.metadata.name!;
      if (c.type === 'DELETED') {
        this.nodeSeen.delete(name);
        return NO_KEYS;
      }
      const sig = JSON.stringify(noExecuteTaints(c.object));
      const seen = this.nodeSeen.get(name);
      if (seen !== undefined && seen.taints === sig) {
        seen.node = c.object;
        return NO_KEYS;
      }
      this.nodeSeen.set(name, { taints: sig, node: c.object });
      return [`node:${name}`];
    }
    if (c.kindKey === '/Pod') {
      // Filed by uid: the stored uid string is the same object in every version of the pod, so
      // its hash is computed once, where a `namespace/name` key is built and hashed per change.
      // (A pod re-created under the same name has a new uid; the old entry went at its DELETED.)
      const uid = c.object.metadata.uid!;
      if (c.type === 'DELETED') {
        this.podSeen.delete(uid);
        return [`pod:${podKey(c.object)}`];
      }
      const seen = this.podSeen.get(uid);
      const spec = c.object.spec;
      if (seen && seen.spec === spec) return NO_KEYS;
      const next = podSeenOf(c.object, seen);
      this.podSeen.set(uid, next);
      if (seen && seen.node === next.node && seen.tolerations === next.tolerations) return NO_KEYS;
      return [`pod:${podKey(c.object)}`];
    }
    return NO_KEYS;
  }

  sync(key: string): void {
    if (key.startsWith('node:')) this.handleNodeUpdate(key.slice(5));
    else if (key.startsWith('pod:')) this.handlePodUpdate(key.slice(4));
  }

  private handleNodeUpdate(name: string): void {
    const node = this.host.store.get('/Node', undefined, name);
    if (!node) return;
    const taints = noExecuteTaints(node);
    const pods = podsOnNode(this.host.store, name);
    if (taints.length === 0) {
      for (const p of pods) this.cancelWorkWithEvent(podKey(p));
      return;
    }
    const now = this.host.now();
    for (const p of pods) this.processPodOnNode(p, taints, now);
  }

  private handlePodUpdate(key: string): void {
    const slash = key.indexOf('/');
    const pod = this.host.store.get('/Pod', key.slice(0, slash), key.slice(slash + 1));
    if (!pod) {
      this.cancelWorkWithEvent(key);
      return;
    }
    const nodeName: string | undefined = pod.spec?.nodeName;
    if (!nodeName) return;
    // A node without NoExecute taints (the common case) needs no taint list. The informer cache's
    // signature is trusted only for the very node object it was computed from (stored objects
    // never change): a change that reached keysFor out of order (one written while another
    // subscriber handled an earlier change) or not at all leaves another object, read instead.
    const node = this.host.store.get('/Node', undefined, nodeName);
    const seen = this.nodeSeen.get(nodeName);
    if (seen !== undefined && seen.node === node && seen.taints === NO_TAINTS_JSON) return;
    const taints = noExecuteTaints(node);
    if (taints.length === 0) return;
    this.processPodOnNode(pod, taints, this.host.now());
  }

  private processPodOnNode(pod: KObject, taints: Taint[], now: number): void {
    const key = podKey(pod);
    const { allTolerated, used } = matchingTolerations(taints, podTolerations(pod));
    if (!allTolerated) {
      this.cancelWorkWithEvent(key);
      this.addWork(key, now, now);
      return;
    }
    const min = minTolerationTimeMs(used);
    if (min < 0) {
      this.cancelWorkWithEvent(key);
      return;
    }
    let start = now;
    const trigger = now + min;
    const scheduled = this.workers[key];
    if (scheduled) {
      start = scheduled.createdAtMs;
      if (start + min < trigger) return;
      this.cancelWorkWithEvent(key);
    }
    this.addWork(key, start, trigger);
  }

  /** TimedWorkerQueue.AddWork: an existing key (even one that ran) is not added again; the timer runs fireAt − createdAt from now. */
  private addWork(key: string, createdAtMs: number, fireAtMs: number): void {
    if (key in this.workers) return;
    const delay = fireAtMs - createdAtMs;
    if (delay <= 0) {
      this.workers[key] = null;
      this.deletePod(key);
      return;
    }
    const timerAtMs = this.host.now() + delay;
    this.workers[key] = { createdAtMs, fireAtMs, timerAtMs };
    this.host.schedule(timerAtMs, FIRE, { key, timerAtMs });
  }

  private cancelWorkWithEvent(key: string): void {
    if (!(key in this.workers)) return;
    const w = this.workers[key];
    delete this.workers[key];
    if (!w) return;
    this.host.cancel((type, data) => type === FIRE && (data as { key: string }).key === key, { types: [FIRE] });
    const [ns, name] = key.split('/');
    this.host.events.record(podRefByName(ns, name), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`, SOURCE);
  }

  private fire(key: string, timerAtMs: number): void {
    const w = this.workers[key];
    if (!w || w.timerAtMs !== timerAtMs) return;
    this.workers[key] = null;
    this.deletePod(key);
  }

  /** deletePodHandler: the event, DisruptionTarget=True, then a default delete. A failure forgets the work. */
  private deletePod(key: string): void {
    const [ns, name] = key.split('/');
    this.host.events.record(podRefByName(ns, name), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`, SOURCE);
    const pod = this.host.store.get('/Pod', ns, name);
    if (!pod) {
      delete this.workers[key];
      return;
    }
    const cond = disruptionTarget('DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint');
    const conds = updatePodCondition(pod, cond, this.host.now());
    if (conds) {
      const u = this.host.api.update({ ...pod, status: { ...pod.status, conditions: conds } }, { subresource: 'status' });
      if (isStatus(u)) {
        delete this.workers[key];
        return;
      }
    }
    const r = this.host.api.delete(this.host.kinds.byKind('Pod')!, ns, name);
    if (isStatus(r)) delete this.workers[key];
  }
}

/** The informer's view of a node: its NoExecute taints (as JSON) and the node object of the last change seen. */
interface NodeSeen {
  taints: string;
  node: KObject;
}

function podKey(p: KObject): string {
  return `${p.metadata.namespace}/${p.metadata.name}`;
}

/** What the pod handler compares: the node and the tolerations (as JSON). */
interface PodSeen {
  spec: unknown;
  node: string;
  tolerations: string;
  /** The tolerations array `tolerations` was serialised from. */
  tolerationsRef: unknown;
}

/**
 * The pod's node and tolerations; the binding gives a pod a new spec object with the same
 * tolerations array, whose JSON is then reused rather than serialised again.
 */
function podSeenOf(p: KObject, prev?: PodSeen): PodSeen {
  const ref = p.spec?.tolerations;
  let tolerations: string;
  if (prev && ref !== undefined && prev.tolerationsRef === ref) tolerations = prev.tolerations;
  else if (ref !== undefined && ref === lastTolerationsRef) tolerations = lastTolerationsJson;
  else {
    tolerations = internJson(JSON.stringify(ref ?? null));
    // Sibling pods share one stored tolerations array (api/intern.ts): its JSON is kept for the
    // next pod. Stored arrays are immutable, so the same array has the same JSON.
    if (ref !== undefined) {
      lastTolerationsRef = ref;
      lastTolerationsJson = tolerations;
    }
  }
  return { spec: p.spec, node: p.spec?.nodeName ?? '', tolerations, tolerationsRef: ref };
}

let lastTolerationsRef: unknown;
let lastTolerationsJson = '';

/**
 * One copy of each tolerations JSON: the pods of a template (and every pod with the default
 * not-ready/unreachable tolerations) carry the same ≈ 250 characters, held per pod otherwise.
 */
const tolerationsJson = new BoundedMap<string, string>(10_000);

function internJson(json: string): string {
  const kept = tolerationsJson.get(json);
  if (kept !== undefined) return kept;
  tolerationsJson.set(json, json);
  return json;
}
