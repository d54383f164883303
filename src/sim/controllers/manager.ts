// The controller manager: level-based reconcilers, each with a work queue of keys fed by store
// watches (the informer role), processed on the virtual clock. Reconcile reads current state and
// converges; it never relies on seeing every event (controller-runtime's contract).

import type { ApiServer } from '../api/server';
import type { EventRecorder } from '../api/recorder';
import type { ObjectStore, StoredChange } from '../api/store';
import type { Rng } from '../core/rng';

export interface ControllerContext {
  api: ApiServer;
  store: ObjectStore;
  events: EventRecorder;
  rng: Rng;
  now(): number;
}

export interface Controller {
  /** Also the event source component, e.g. `replicaset-controller`. */
  readonly name: string;
  /** Keys to enqueue for a store change (the informer's event handlers). */
  keysFor(change: StoredChange): readonly string[];
  /**
   * The kinds (kindKeys, `/Pod`, `apps/ReplicaSet`) whose changes `keysFor` can return keys for or
   * must see (its informers). The manager calls `keysFor` only for changes of these kinds; absent
   * means every change (e.g. the garbage collector). Upstream, an informer watches only its kind.
   */
  readonly kinds?: readonly string[];
  /** Reconciles one key. Returns a delay to requeue it after, in ms, or nothing. */
  sync(key: string): number | void;
  /** Rebuilds in-memory indexes from the store (after restore). */
  resync?(): void;
}

/**
 * The answer of `keysFor` for a change that queues nothing: one shared array, as most changes a
 * controller is shown queue nothing (no new empty array per change). Never changed in place.
 */
export const NO_KEYS: readonly string[] = [];

/** Time from a change to the controller acting on it. Real controllers react within milliseconds. */
export const CONTROLLER_LATENCY_MS = 5;

export interface ManagerState {
  queues: Record<string, { keys: string[]; scheduled: boolean }>;
}

export interface Scheduler {
  now(): number;
  schedule(atMs: number, type: string, data: unknown): void;
}

/**
 * Keys waiting up to which a work queue finds a duplicate by scanning them; past it, a Set of
 * them is made. Most queues hold a few keys between two work events: no Set per work event.
 */
const SCANNED_KEYS = 16;
/** Longest key buffer kept for reuse after a work event. */
const MAX_SPARE_KEYS = 1024;

interface QueueState {
  /** The controller's name, carried in its `controller.work` events. */
  readonly name: string;
  /** The waiting keys are `keys[0..count)`; entries past `count` are stale and never read. */
  keys: string[];
  count: number;
  /**
   * The buffer the next work event's keys go to (the last one worked through): two buffers are
   * swapped, so a queue does not grow a new array per work event.
   */
  spare: string[];
  /** The waiting keys, made once more than SCANNED_KEYS wait (undefined until then). */
  set: Set<string> | undefined;
  scheduled: boolean;
}

function newQueue(name: string, keys: string[], scheduled: boolean): QueueState {
  return { name, keys, count: keys.length, spare: [], set: undefined, scheduled };
}

/** A controller with its queue: the fan-out enqueues straight into it (no lookup by name per key). */
interface Registered {
  readonly controller: Controller;
  readonly queue: QueueState;
}

export class ControllerManager {
  private readonly controllers = new Map<string, Controller>();
  private readonly queues = new Map<string, QueueState>();
  /**
   * Per kindKey, the controllers (in registration order) whose `kinds` include it or who watch
   * every kind: most writes are Events, which only those see. Rebuilt after a register.
   */
  private byKind = new Map<string, Registered[]>();
  private unsubscribe?: () => void;

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Scheduler,
  ) {}

  register(c: Controller): void {
    this.controllers.set(c.name, c);
    this.byKind = new Map();
    if (!this.queues.has(c.name)) this.queues.set(c.name, newQueue(c.name, [], false));
  }

  get(name: string): Controller | undefined {
    return this.controllers.get(name);
  }

  start(): void {
    this.unsubscribe = this.store.subscribe((change) => {
      // Runs for every write times every interested controller: plain indexed loops, no iterators.
      const list = this.byKind.get(change.kindKey) ?? this.controllersFor(change.kindKey);
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        const keys = r.controller.keysFor(change);
        for (let k = 0; k < keys.length; k++) this.add(r.queue, keys[k]!);
      }
    });
  }

  private controllersFor(kindKey: string): Registered[] {
    const list: Registered[] = [];
    for (const c of this.controllers.values()) {
      if (!c.kinds || c.kinds.includes(kindKey)) list.push({ controller: c, queue: this.queues.get(c.name)! });
    }
    this.byKind.set(kindKey, list);
    return list;
  }

  stop(): void {
    this.unsubscribe?.();
  }

  enqueue(controller: string, key: string): void {
    const q = this.queues.get(controller);
    if (q) this.add(q, key);
  }

  /** The work queue's `Add`: a key already waiting is not added again (upstream's dedup). */
  private add(q: QueueState, key: string): void {
    // The key added last is waiting still: a run of writes to one controller's pods (most
    // writes) queues its key once, without a set lookup per write.
    const keys = q.keys;
    const n = q.count;
    if (n > 0 && keys[n - 1] === key) return;
    if (n <= SCANNED_KEYS) {
      for (let i = 0; i < n - 1; i++) if (keys[i] === key) return;
    } else {
      let set = q.set;
      if (set === undefined) {
        set = q.set = new Set();
        for (let i = 0; i < n; i++) set.add(keys[i]!);
      }
      if (set.has(key)) return;
      set.add(key);
    }
    keys[n] = key;
    q.count = n + 1;
    if (!q.scheduled) {
      q.scheduled = true;
      this.clock.schedule(this.clock.now() + CONTROLLER_LATENCY_MS, 'controller.work', { controller: q.name });
    }
  }

  /** Handles a `controller.work` event: syncs every key queued so far, in order. */
  work(controller: string): void {
    const q = this.queues.get(controller);
    const c = this.controllers.get(controller);
    if (!q || !c) return;
    q.scheduled = false;
    const keys = q.keys;
    const n = q.count;
    // Keys added while these are synced go to the other buffer; this one is refilled by the next
    // work event (not before: work events of one controller never nest).
    q.keys = q.spare;
    q.spare = keys;
    q.count = 0;
    q.set = undefined;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const after = c.sync(key);
      if (typeof after === 'number' && after >= 0) {
        this.clock.schedule(this.clock.now() + Math.max(after, 1), 'controller.requeue', { controller, key });
      }
    }
    // A long buffer is not kept: its stale keys would hold strings (e.g. a garbage collector's
    // sweep over 150,000 pods) until as many keys are queued again.
    if (n > MAX_SPARE_KEYS && q.spare === keys) q.spare = [];
  }

  requeue(controller: string, key: string): void {
    this.enqueue(controller, key);
  }

  snapshot(): ManagerState {
    const queues: ManagerState['queues'] = {};
    for (const [name, q] of this.queues) queues[name] = { keys: q.keys.slice(0, q.count), scheduled: q.scheduled };
    return { queues };
  }

  restore(state: ManagerState): void {
    for (const [name, q] of Object.entries(state.queues)) {
      this.queues.set(name, newQueue(name, [...q.keys], q.scheduled));
    }
    // The fan-out's entries hold the queue objects just replaced.
    this.byKind = new Map();
    for (const c of this.controllers.values()) c.resync?.();
  }
}
