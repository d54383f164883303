// The scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go): activeQ ordered by
// PrioritySort (priority, then the time the pod was queued), backoffQ for pods waiting out their
// backoff (1s doubling to 10s per attempt), unschedulablePods waiting for a cluster event that may
// help them (or at most 5 minutes), and gated pods (schedulingGates) held until the gates go.
// Timers are queue events carrying {uid, gen}; everything here is plain data in the snapshot.

import type { ComponentHost } from '../host';

export type QueueName = 'activeQ' | 'backoffQ' | 'unschedulablePods' | 'gated' | 'inFlight';

export interface QueuedPod {
  uid: string;
  namespace: string;
  name: string;
  priority: number;
  queue: QueueName;
  attempts: number;
  /** QueuedPodInfo.Timestamp: when the pod was added, or last failed. */
  timestampMs: number;
  /** Tie-break among equal priority and timestamp: the order pods entered activeQ. */
  seq: number;
  /** Bumped whenever the pod changes queue, so stale timers do nothing. */
  gen: number;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: string[];
  /** The pod changed during its scheduling cycle (an in-flight update): retry after backoff. */
  moveRequested?: boolean;
}

export const INITIAL_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration. */
export const MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;

export const BACKOFF_EVENT = 'scheduler.backoffDone';
export const FLUSH_EVENT = 'scheduler.unschedulableTimeout';

export interface QueueTimers {
  now(): number;
  schedule(atMs: number, type: string, data: { uid: string; gen: number }): void;
  /** activeQ has pods: make sure a scheduling cycle is coming. */
  onActive(): void;
}

/** The queue's clock and timers on the scheduler's host: methods, not per-scheduler closures (see clusterhost.ts). */
export class SchedulerTimers implements QueueTimers {
  constructor(
    private readonly host: ComponentHost,
    private readonly scheduler: { wake(): void },
  ) {}

  now(): number {
    return this.host.now();
  }

  schedule(atMs: number, type: string, data: { uid: string; gen: number }): void {
    this.host.schedule(atMs, type, data);
  }

  onActive(): void {
    this.scheduler.wake();
  }
}

/** calculateBackoffDuration: 1s, 2s, 4s, 8s, then 10s. */
export function backoffDurationMs(attempts: number): number {
  if (attempts === 0) return 0;
  let d = INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts; i++) {
    if (d > MAX_BACKOFF_MS - d) return MAX_BACKOFF_MS;
    d += d;
  }
  return d;
}

function before(a: QueuedPod, b: QueuedPod): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.timestampMs !== b.timestampMs) return a.timestampMs < b.timestampMs;
  return a.seq < b.seq;
}

export interface QueueState {
  seq: number;
  schedulingCycle: number;
  pods: QueuedPod[];
}

export class SchedulingQueue {
  readonly pods = new Map<string, QueuedPod>();
  private heap: QueuedPod[] = [];
  private seq = 0;
  schedulingCycle = 0;
  /** Count of unschedulable pods rejected by each plugin, to skip scans no event can help. */
  private readonly rejectedBy = new Map<string, number>();
  private unschedulableCount = 0;

  constructor(private readonly timers: QueueTimers) {}

  get activeCount(): number {
    return this.heap.length;
  }

  get(uid: string): QueuedPod | undefined {
    return this.pods.get(uid);
  }

  /** A new pending pod (informer add). `quiet`: no wake-up call (queued while installing). */
  add(uid: string, namespace: string, name: string, priority: number, gated: boolean, quiet = false): QueuedPod {
    const qp: QueuedPod = { uid, namespace, name, priority, queue: 'gated', attempts: 0, timestampMs: this.timers.now(), seq: 0, gen: 0, unschedulablePlugins: [] };
    this.pods.set(uid, qp);
    if (!gated) this.toActive(qp, quiet);
    return qp;
  }

  delete(uid: string): void {
    const qp = this.pods.get(uid);
    if (!qp) return;
    this.leave(qp);
    this.pods.delete(uid);
  }

  /** The next pod to schedule, now in flight. */
  pop(): QueuedPod | undefined {
    const qp = this.heapPop();
    if (!qp) return undefined;
    this.leave(qp);
    qp.queue = 'inFlight';
    qp.attempts++;
    qp.moveRequested = false;
    this.schedulingCycle++;
    return qp;
  }

  /**
   * AddUnschedulableIfNotPresent after a failed attempt: to unschedulablePods when plugins rejected
   * the pod (and nothing happened meanwhile that may help) or `park`, otherwise to backoffQ.
   */
  requeueFailed(qp: QueuedPod, unschedulablePlugins: string[], park = false): void {
    if (this.pods.get(qp.uid) !== qp) return;
    qp.timestampMs = this.timers.now();
    qp.unschedulablePlugins = unschedulablePlugins;
    if ((unschedulablePlugins.length === 0 && !park) || qp.moveRequested) this.requeue(qp);
    else this.toUnschedulable(qp);
  }

  /** Moves a waiting pod on: backoffQ while its backoff lasts, else activeQ. */
  requeue(qp: QueuedPod): void {
    const until = qp.timestampMs + backoffDurationMs(qp.attempts);
    if (until > this.timers.now()) this.toBackoff(qp, until);
    else this.toActive(qp);
  }

  /** MoveAllToActiveOrBackoffQueue for the unschedulable pods `worth` says a cluster event may help. */
  moveUnschedulable(worth: (qp: QueuedPod) => boolean, plugins?: readonly string[]): void {
    if (this.unschedulableCount === 0) return;
    if (plugins && !plugins.some((p) => (this.rejectedBy.get(p) ?? 0) > 0) && !this.hasUnrejected()) return;
    for (const qp of [...this.pods.values()]) {
      if (qp.queue === 'unschedulablePods' && worth(qp)) this.requeue(qp);
    }
  }

  private hasUnrejected(): boolean {
    return (this.rejectedBy.get('') ?? 0) > 0;
  }

  /** A gated pod whose gates were removed, or a pending pod whose update may help it. */
  activate(qp: QueuedPod): void {
    if (qp.queue === 'gated') this.toActive(qp);
    else if (qp.queue === 'unschedulablePods') this.requeue(qp);
    else if (qp.queue === 'inFlight') qp.moveRequested = true;
  }

  gate(qp: QueuedPod): void {
    if (qp.queue === 'inFlight') return;
    this.leave(qp);
    qp.queue = 'gated';
  }

  /** Timer: a pod's backoff is over. */
  backoffDone(uid: string, gen: number): void {
    const qp = this.pods.get(uid);
    if (qp && qp.gen === gen && qp.queue === 'backoffQ') this.toActive(qp);
  }

  /** Timer: a pod waited 5 minutes in unschedulablePods (flushUnschedulablePodsLeftover). */
  unschedulableTimeout(uid: string, gen: number): void {
    const qp = this.pods.get(uid);
    if (qp && qp.gen === gen && qp.queue === 'unschedulablePods') this.requeue(qp);
  }

  private toActive(qp: QueuedPod, quiet = false): void {
    this.leave(qp);
    qp.queue = 'activeQ';
    qp.seq = this.seq++;
    this.heapPush(qp);
    if (!quiet) this.timers.onActive();
  }

  private toBackoff(qp: QueuedPod, until: number): void {
    this.leave(qp);
    qp.queue = 'backoffQ';
    qp.gen++;
    this.timers.schedule(until, BACKOFF_EVENT, { uid: qp.uid, gen: qp.gen });
  }

  private toUnschedulable(qp: QueuedPod): void {
    this.leave(qp);
    qp.queue = 'unschedulablePods';
    qp.gen++;
    this.countRejected(qp, 1);
    this.timers.schedule(qp.timestampMs + MAX_IN_UNSCHEDULABLE_MS, FLUSH_EVENT, { uid: qp.uid, gen: qp.gen });
  }

  private countRejected(qp: QueuedPod, sign: 1 | -1): void {
    this.unschedulableCount += sign;
    const plugins = qp.unschedulablePlugins.length ? qp.unschedulablePlugins : [''];
    for (const p of plugins) this.rejectedBy.set(p, (this.rejectedBy.get(p) ?? 0) + sign);
  }

  /** Takes the pod out of whatever queue it is in. */
  private leave(qp: QueuedPod): void {
    if (qp.queue === 'activeQ') this.heapRemove(qp);
    else if (qp.queue === 'unschedulablePods') this.countRejected(qp, -1);
    qp.gen++;
    qp.queue = 'inFlight';
  }

  // ---- activeQ heap ----

  private heapPush(qp: QueuedPod): void {
    const h = this.heap;
    h.push(qp);
    this.up(h.length - 1);
  }

  private heapPop(): QueuedPod | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.down(0);
    }
    // Still marked activeQ: leave() must not remove it again.
    top.queue = 'inFlight';
    return top;
  }

  private heapRemove(qp: QueuedPod): void {
    const h = this.heap;
    const i = h.indexOf(qp);
    if (i < 0) return;
    const last = h.pop()!;
    if (i < h.length) {
      h[i] = last;
      this.down(i);
      this.up(i);
    }
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const child = h[i]!;
      if (!before(child, h[p]!)) break;
      // A swap through a local (a destructuring swap may build an array per step).
      h[i] = h[p]!;
      h[p] = child;
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      const parent = h[i]!;
      h[i] = h[m]!;
      h[m] = parent;
      i = m;
    }
  }

  // ---- snapshot ----

  snapshot(): QueueState {
    return { seq: this.seq, schedulingCycle: this.schedulingCycle, pods: [...this.pods.values()].map((qp) => ({ ...qp, unschedulablePlugins: [...qp.unschedulablePlugins] })) };
  }

  restore(s: QueueState): void {
    this.pods.clear();
    this.heap = [];
    this.rejectedBy.clear();
    this.unschedulableCount = 0;
    this.seq = s.seq;
    this.schedulingCycle = s.schedulingCycle;
    for (const p of s.pods) {
      const qp: QueuedPod = { ...p, unschedulablePlugins: [...p.unschedulablePlugins] };
      this.pods.set(qp.uid, qp);
      if (qp.queue === 'activeQ') this.heapPush(qp);
      else if (qp.queue === 'unschedulablePods') this.countRejected(qp, 1);
    }
  }
}
