// The scheduler's loop (schedule_one.go, eventhandlers.go): informer handlers feed the cache and
// the queue; one scheduling cycle at a time pops the best pod, runs the framework, and either
// assumes + binds it, or runs preemption and records the failure (FailedScheduling event,
// PodScheduled=False, the pod back to the queue). Each cycle takes SCHEDULING_CYCLE_MS of virtual
// time; the binding is written at the end of the cycle.

import { isStatus, type KObject } from '../api/types';
import type { StoredChange } from '../api/store';
import type { ComponentHost } from '../host';
import { SchedulerCache, sameRecord } from './cache';
import { attemptInfo, recordAttemptEncoded, type AttemptInfo, type StoredDecision } from './decisions';
import { DecisionStore } from './decisions.held';
import { fitErrorMessage } from './diagnosis';
import { Framework } from './framework';
import { hint, pluginsFor, type ClusterEvent } from './hints';
import { newPodInfo, type PodInfo } from './podinfo';
import { SchedulingSignature } from './signature';
import { delayedClaims } from './plugins/volumebinding';
import { prepareCandidate, updatePodStatus } from './writes';
import { DefaultPreemption } from './preemption';
import { BACKOFF_EVENT, FLUSH_EVENT, SchedulerTimers, SchedulingQueue, backoffDurationMs, type QueuedPod, type QueueState } from './queue';
import type { CycleState } from './cycle';
import { SCHEDULER_NAME, SCHEDULER_SERVICE, type PreemptionDecision, type QueueStatus, type SchedulerService } from './types';

/** Virtual time one scheduling cycle (filter, score, bind) takes. The real scheduler binds within milliseconds. */
export const SCHEDULING_CYCLE_MS = 2;
export const CYCLE_EVENT = 'scheduler.cycle';
export const GATED_EVENT = 'scheduler.markGated';
const SOURCE = { component: SCHEDULER_NAME };
/** validation.NoteLengthLimit: event messages are truncated to it. */
const NOTE_LENGTH_LIMIT = 1024;
const GATED_MESSAGE = 'Scheduling is blocked due to non-empty scheduling gates';

export interface SchedulerState {
  version: 1;
  cyclePending: boolean;
  nextStartNodeIndex: number;
  nodeTree: [string, string[]][];
  queue: QueueState;
  decisions: StoredDecision[];
}

export class DefaultScheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  readonly preemption: DefaultPreemption;
  readonly decisions = new DecisionStore();
  private cyclePending = false;
  /** Pending pods were queued from the store at install (a snapshot without scheduler state). */
  private wakeOnFirstChange = false;
  /** PodInfo of pending pods (for hints), dropped when the pod changes. Derived. */
  private readonly pendingInfo = new Map<string, PodInfo>();
  /** What of a pending pod can change its scheduling (labels, spec) as last seen. Derived. */
  private readonly pendingSig = new Map<string, SchedulingSignature>();

  constructor(private readonly host: ComponentHost) {
    this.queue = new SchedulingQueue(new SchedulerTimers(host, this));
    this.framework = new Framework(this.cache, host.store, host.rng);
    this.preemption = new DefaultPreemption(this.framework, host.rng, host);
  }

  install(): void {
    const host = this.host;
    host.on(CYCLE_EVENT, () => this.cycle());
    host.on(BACKOFF_EVENT, (d: { uid: string; gen: number }) => this.queue.backoffDone(d.uid, d.gen));
    // Waiting for a cluster change must not keep runUntilIdle busy: the 5-minute flush is background.
    host.on(FLUSH_EVENT, (d: { uid: string; gen: number }) => this.queue.unschedulableTimeout(d.uid, d.gen), { background: true });
    host.on(GATED_EVENT, (d: { uid: string; namespace: string; name: string }) => this.markGated(d));
    host.registerState('scheduler', { snapshot: () => this.snapshot(), restore: (d) => this.restore(d as SchedulerState) });
    const service: SchedulerService = {
      decision: (uid) => this.decisions.get(uid),
      queueStatus: (uid) => this.queueStatus(uid),
    };
    host.provide(SCHEDULER_SERVICE, service);
    this.rebuild();
    host.subscribe((c) => this.onChange(c));
  }

  private get api() {
    return this.host.api;
  }

  /** Makes sure a scheduling cycle is queued while activeQ has pods. */
  wake(): void {
    if (this.cyclePending) return;
    this.cyclePending = true;
    this.host.schedule(this.host.now() + SCHEDULING_CYCLE_MS, CYCLE_EVENT, {});
  }

  // ---- informer handlers ----

  /** Rebuilds the cache from the store (a new component on a restored cluster). */
  private rebuild(): void {
    const store = this.host.store;
    for (const n of store.list('/Node')) this.cache.setNode(n);
    for (const s of store.list('/Service')) this.cache.setService(s, false);
    for (const p of store.list('/Pod')) {
      if (p.spec?.nodeName) {
        if (!isTerminal(p)) this.cache.setPod(newPodInfo(p));
      } else if (p.spec?.schedulerName === SCHEDULER_NAME && !isTerminal(p)) {
        this.pendingSig.set(p.metadata.uid!, new SchedulingSignature(p));
        if (p.status?.nominatedNodeName) this.cache.setNominated(newPodInfo(p), p.status.nominatedNodeName);
        // As the informer's initial list would. restore() replaces this with the saved queue;
        // without saved state (an older snapshot) the first change starts the cycles.
        if (!p.metadata.deletionTimestamp) {
          this.queue.add(p.metadata.uid!, p.metadata.namespace!, p.metadata.name!, typeof p.spec?.priority === 'number' ? p.spec.priority : 0, hasSchedulingGates(p), true);
          this.wakeOnFirstChange = true;
        }
      }
    }
  }

  private onChange(c: StoredChange): void {
    if (this.wakeOnFirstChange) {
      this.wakeOnFirstChange = false;
      if (this.queue.activeCount > 0) this.wake();
    }
    switch (c.kindKey) {
      case '/Pod':
        this.onPod(c);
        return;
      case '/Node':
        this.onNode(c);
        return;
      case '/Service':
        this.cache.setService(c.object, c.type === 'DELETED');
        return;
      case '/PersistentVolumeClaim':
      case '/PersistentVolume':
      case 'storage.k8s.io/StorageClass':
        if (c.type !== 'DELETED') this.clusterEvent({ type: 'StorageChange' });
        return;
    }
  }

  private onNode(c: StoredChange): void {
    const name = c.object.metadata.name!;
    if (c.type === 'DELETED') {
      this.cache.removeNode(name);
      this.clusterEvent({ type: 'NodeDelete' });
      return;
    }
    const change = this.cache.setNode(c.object);
    const node = this.cache.nodes.get(name)!;
    if (change.added) this.clusterEvent({ type: 'NodeAdd', node });
    else if (change.labels || change.taints || change.allocatable || change.unschedulable) this.clusterEvent({ type: 'NodeUpdate', node, change });
  }

  private onPod(c: StoredChange): void {
    const o = c.object;
    const uid = o.metadata.uid!;
    if (c.type === 'DELETED') {
      const removed = this.cache.removePod(uid);
      this.forgetPending(uid, o);
      this.decisions.delete(uid);
      if (removed) this.clusterEvent({ type: 'AssignedPodDelete', pod: removed });
      return;
    }
    if (o.spec?.nodeName) {
      this.forgetPending(uid, o);
      const prev = this.cache.getPod(uid);
      if (isTerminal(o)) {
        const removed = this.cache.removePod(uid);
        if (removed) this.clusterEvent({ type: 'AssignedPodDelete', pod: removed });
        return;
      }
      if (prev && prev.nodeName === o.spec.nodeName && sameRecord(prev.labels, o.metadata.labels ?? {}) && prev.terminating === !!o.metadata.deletionTimestamp) {
        prev.pod = o;
        this.cache.setPod(prev);
        return;
      }
      const pi = newPodInfo(o);
      this.cache.setPod(pi);
      if (!prev) this.clusterEvent({ type: 'AssignedPodAdd', pod: pi });
      else if (!sameRecord(prev.labels, pi.labels)) this.clusterEvent({ type: 'AssignedPodUpdate', old: prev, pod: pi });
      return;
    }
    if (o.spec?.schedulerName !== SCHEDULER_NAME || isTerminal(o)) {
      this.forgetPending(uid, o);
      return;
    }
    const nominated: string = o.status?.nominatedNodeName ?? '';
    if (nominated || this.cache.nominatedNode(uid)) this.cache.setNominated(newPodInfo(o), nominated);
    const gated = hasSchedulingGates(o);
    const sig = new SchedulingSignature(o);
    const qp = this.queue.get(uid);
    if (!qp) {
      if (o.metadata.deletionTimestamp) return;
      this.pendingSig.set(uid, sig);
      this.queue.add(uid, o.metadata.namespace!, o.metadata.name!, typeof o.spec?.priority === 'number' ? o.spec.priority : 0, gated);
      if (gated) this.host.schedule(this.host.now(), GATED_EVENT, { uid, namespace: o.metadata.namespace, name: o.metadata.name });
      return;
    }
    if (this.pendingSig.get(uid)?.equals(sig)) return;
    this.pendingSig.set(uid, sig);
    this.pendingInfo.delete(uid);
    if (gated) return;
    this.queue.activate(qp);
  }

  /** The pod is no longer pending for this scheduler: out of the queue and the nominator. */
  private forgetPending(uid: string, o: KObject): void {
    if (this.queue.get(uid)) this.queue.delete(uid);
    this.pendingInfo.delete(uid);
    this.pendingSig.delete(uid);
    if (this.cache.nominatedNode(uid)) this.cache.setNominated(newPodInfo(o), '');
  }

  /** MoveAllToActiveOrBackoffQueue with the plugins' hints. */
  private clusterEvent(ev: ClusterEvent): void {
    const plugins = pluginsFor(ev);
    if (plugins.length === 0) return;
    this.queue.moveUnschedulable((qp) => {
      if (qp.unschedulablePlugins.length === 0) return true;
      const pending = this.pendingPodInfo(qp);
      if (!pending) return true;
      return qp.unschedulablePlugins.some((p) => plugins.includes(p) && hint(p, pending, ev));
    }, plugins);
  }

  private pendingPodInfo(qp: QueuedPod): PodInfo | undefined {
    let pi = this.pendingInfo.get(qp.uid);
    if (!pi) {
      const pod = this.host.store.get('/Pod', qp.namespace, qp.name);
      if (!pod || pod.metadata.uid !== qp.uid) return undefined;
      pi = newPodInfo(pod);
      this.pendingInfo.set(qp.uid, pi);
    }
    return pi;
  }

  // ---- the scheduling cycle ----

  private cycle(): void {
    this.cyclePending = false;
    this.scheduleOne();
    if (this.queue.activeCount > 0) this.wake();
  }

  /** ScheduleOne. */
  scheduleOne(): void {
    const qp = this.queue.pop();
    if (!qp) return;
    const pod = this.host.store.get('/Pod', qp.namespace, qp.name);
    if (!pod || pod.metadata.uid !== qp.uid || pod.spec?.nodeName) {
      this.queue.delete(qp.uid);
      return;
    }
    if (pod.metadata.deletionTimestamp) {
      this.host.events.record(pod, 'Warning', 'FailedScheduling', `skip schedule deleting pod: ${qp.namespace}/${qp.name}`, SOURCE);
      this.queue.delete(qp.uid);
      return;
    }
    const pi = newPodInfo(pod);
    const outcome = this.framework.schedulePod(pi);
    const now = this.host.now();
    const numAllNodes = this.cache.numNodes;
    if (outcome.kind === 'noNodes') {
      const msg = 'no nodes available to schedule pods';
      this.record(attemptInfo(qp, now, numAllNodes, 'Unschedulable', undefined, msg, 0, 0, undefined));
      // Upstream retries this every backoff (≤10s); here the pod waits for a node to appear (any
      // cluster event moves it), so a cluster without nodes does not keep the event loop busy.
      this.fail(qp, pod, msg, 'Unschedulable', [], '', true);
      return;
    }
    if (outcome.kind === 'unschedulable') {
      const { diagnosis, state } = outcome;
      const post = this.preemption.postFilter(state, diagnosis);
      let nominate: string | undefined;
      let preemption: PreemptionDecision;
      if (post.ok) {
        prepareCandidate(this.host, pod, post.node, post.victims, post.lowerNominated);
        nominate = post.node;
        preemption = { message: '', nominatedNode: post.node, victims: post.victims.map((v) => ({ namespace: v.namespace, name: v.name, uid: v.uid })) };
      } else {
        diagnosis.postFilterMsg = post.message;
        nominate = post.nominate;
        preemption = { message: post.message };
      }
      const msg = fitErrorMessage(diagnosis);
      this.record(attemptInfo(qp, now, numAllNodes, 'Unschedulable', undefined, msg, outcome.evaluatedNodes, 0, preemption));
      this.fail(qp, pod, msg, 'Unschedulable', [...diagnosis.unschedulablePlugins].sort(), nominate);
      return;
    }
    const { result, state } = outcome;
    this.record(attemptInfo(qp, now, numAllNodes, 'Scheduled', result.node, undefined, result.evaluatedNodes, result.feasibleNodes, undefined));
    this.bind(qp, pod, pi, result.node, state);
  }

  /** The attempt's decision record, from the framework's trace. */
  private record(a: AttemptInfo): void {
    const fw = this.framework;
    this.decisions.setEncoded(recordAttemptEncoded(a, fw.trace, fw.filters, fw.scores));
  }

  /** Assume, PreBind (volume claims), Bind, and the Scheduled event. */
  private bind(qp: QueuedPod, pod: KObject, pi: PodInfo, node: string, state: CycleState): void {
    this.cache.assume(pi, node);
    for (const key of delayedClaims(state)) {
      const [ns, name] = key.split('/');
      this.api.mutate(this.host.kinds.byKind('PersistentVolumeClaim')!, ns, name!, (pvc) => {
        pvc.metadata.annotations = { ...(pvc.metadata.annotations ?? {}), 'volume.kubernetes.io/selected-node': node };
      });
    }
    const bound = this.api.bind(qp.namespace, qp.name, node, qp.uid);
    if (isStatus(bound)) {
      this.cache.forget(qp.uid);
      this.clusterEvent({ type: 'AssignedPodDelete', pod: pi });
      this.decisions.markError(qp.uid, bound.message);
      this.fail(qp, pod, bound.message ?? 'binding failed', 'SchedulerError', [], undefined);
      return;
    }
    this.queue.delete(qp.uid);
    this.host.events.record(bound, 'Normal', 'Scheduled', `Successfully assigned ${qp.namespace}/${qp.name} to ${node}`, SOURCE);
  }

  /** handleSchedulingFailure: requeue, FailedScheduling event, PodScheduled=False and the nominated node. */
  private fail(qp: QueuedPod, pod: KObject, message: string, reason: 'Unschedulable' | 'SchedulerError', plugins: string[], nominate: string | undefined, park = false): void {
    const cur = this.host.store.get('/Pod', qp.namespace, qp.name);
    if (cur && cur.metadata.uid === qp.uid && !cur.spec?.nodeName) this.queue.requeueFailed(qp, plugins, park);
    else this.queue.delete(qp.uid);
    this.host.events.record(cur ?? pod, 'Warning', 'FailedScheduling', truncateMessage(message), SOURCE);
    if (!cur || cur.metadata.uid !== qp.uid) return;
    updatePodStatus(this.host, cur, { type: 'PodScheduled', status: 'False', reason, message }, nominate);
  }

  /** Stand-in for the API server's SchedulingGated condition on create (pod strategy). */
  private markGated(d: { uid: string; namespace: string; name: string }): void {
    const pod = this.host.store.get('/Pod', d.namespace, d.name);
    if (!pod || pod.metadata.uid !== d.uid || pod.spec?.nodeName || !hasSchedulingGates(pod)) return;
    updatePodStatus(this.host, pod, { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: GATED_MESSAGE }, undefined);
  }

  private queueStatus(uid: string): QueueStatus | undefined {
    const qp = this.queue.get(uid);
    if (!qp || qp.queue === 'inFlight') return undefined;
    const out: QueueStatus = { queue: qp.queue, attempts: qp.attempts, unschedulablePlugins: [...qp.unschedulablePlugins] };
    if (qp.queue === 'backoffQ') out.backoffUntilMs = qp.timestampMs + backoffDurationMs(qp.attempts);
    return out;
  }

  // ---- snapshot ----

  snapshot(): SchedulerState {
    return {
      version: 1,
      cyclePending: this.cyclePending,
      nextStartNodeIndex: this.framework.nextStartNodeIndex,
      nodeTree: this.cache.tree.snapshot(),
      queue: this.queue.snapshot(),
      decisions: this.decisions.snapshot(),
    };
  }

  restore(s: SchedulerState): void {
    this.wakeOnFirstChange = false;
    this.cyclePending = s.cyclePending;
    this.framework.nextStartNodeIndex = s.nextStartNodeIndex;
    this.cache.restoreTree(s.nodeTree);
    this.queue.restore(s.queue);
    this.decisions.restore(s.decisions);
  }
}

function isTerminal(p: KObject): boolean {
  const phase = p.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function hasSchedulingGates(p: KObject): boolean {
  return Array.isArray(p.spec?.schedulingGates) && p.spec.schedulingGates.length > 0;
}

function truncateMessage(message: string): string {
  if (message.length <= NOTE_LENGTH_LIMIT) return message;
  const suffix = ' ...';
  return message.slice(0, NOTE_LENGTH_LIMIT - suffix.length) + suffix;
}

