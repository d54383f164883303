// The cluster as its parts reach it: the components' ComponentHost, and also the controllers'
// context, the API server's dependencies (store, kinds, rng, clock), and the timer of the Event
// recorder and of the controller manager.
//
// A class on purpose, not an object of closures. V8 compiles a call such as `host.now()` for the
// one function it has seen there. Closures made per cluster (`now: () => this.clockMs`) are a new
// function in every Cluster, so each hot call site was compiled again for the next cluster
// ("wrong call target") and its code thrown away when the old cluster was collected ("weak
// objects" in `--trace-deopt`). A method on this prototype is the same function in every cluster.

import type { ApiServer } from './api/server';
import type { EventRecorder, EventTimer } from './api/recorder';
import type { KindRegistry } from './api/kinds';
import type { ObjectStore, StoredChange } from './api/store';
import type { ControllerContext, Controller, ControllerManager } from './controllers/manager';
import type { EventQueue, TypeFilter } from './core/queue';
import type { Rng } from './core/rng';
import type { ComponentHost, ComponentState } from './host';

/** What the host asks of the Cluster that owns the clock and the event loop. */
export interface EventLoop {
  readonly nowMs: number;
  schedule(atMs: number, type: string, data: unknown, seq?: number): void;
  on<T>(type: string, handler: (data: T) => void, opts?: { background?: boolean }): void;
  cancel(pred: (type: string, data: unknown) => boolean, only?: TypeFilter): void;
}

export class ClusterHost implements ComponentHost, ControllerContext, EventTimer {
  // Set by the Cluster once built (each needs the host first).
  api!: ApiServer;
  events!: EventRecorder;
  controllers!: ControllerManager;
  /** Component state in snapshots, by the name it registered. */
  readonly states = new Map<string, ComponentState>();
  /** Services components offer each other. */
  readonly services = new Map<string, unknown>();

  constructor(
    private readonly loop: EventLoop,
    private readonly queue: EventQueue,
    readonly store: ObjectStore,
    readonly kinds: KindRegistry,
    readonly rng: Rng,
  ) {}

  now(): number {
    return this.loop.nowMs;
  }

  schedule(atMs: number, type: string, data: unknown, seq?: number): void {
    this.loop.schedule(atMs, type, data, seq);
  }

  reserveSeq(): number {
    return this.queue.reserveSeq();
  }

  on<T>(type: string, handler: (data: T) => void, opts?: { background?: boolean }): void {
    this.loop.on(type, handler, opts);
  }

  cancel(pred: (type: string, data: unknown) => boolean, only?: TypeFilter): void {
    this.loop.cancel(pred, only);
  }

  registerController(c: Controller): void {
    this.controllers.register(c);
  }

  enqueue(controller: string, key: string): void {
    this.controllers.enqueue(controller, key);
  }

  registerState(name: string, state: ComponentState): void {
    if (this.states.has(name)) throw new Error(`component state ${name} registered twice`);
    this.states.set(name, state);
  }

  subscribe(handler: (c: StoredChange) => void): () => void {
    return this.store.subscribe(handler);
  }

  provide<T>(name: string, service: T): void {
    this.services.set(name, service);
  }

  service<T>(name: string): T | undefined {
    return this.services.get(name) as T | undefined;
  }
}
