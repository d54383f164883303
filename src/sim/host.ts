// What a simulation component (scheduler, kubelets, controllers, network) gets from the cluster:
// the API, the clock and event queue, the controller manager, state registration for snapshots,
// and a small registry of services components offer each other (e.g. metrics).

import type { ApiServer } from './api/server';
import type { EventRecorder } from './api/recorder';
import type { KindRegistry } from './api/kinds';
import type { ObjectStore, StoredChange } from './api/store';
import type { Controller } from './controllers/manager';
import type { Rng } from './core/rng';
import type { TypeFilter } from './core/queue';

/** Component state that lives outside the API objects (container processes, caches, queues). */
export interface ComponentState {
  /** Plain data (JSON-safe) capturing everything the component needs to resume. */
  snapshot(): unknown;
  /** Replaces the component's state with a snapshot's. Called before any event runs. */
  restore(data: unknown): void;
}

export interface ComponentHost {
  readonly api: ApiServer;
  readonly store: ObjectStore;
  readonly events: EventRecorder;
  readonly rng: Rng;
  readonly kinds: KindRegistry;
  /** Current virtual time in ms since the epoch. */
  now(): number;
  /** Queues an event of `type` with plain-data `data` at virtual time `atMs`. */
  schedule(atMs: number, type: string, data: unknown): void;
  /** Handles queued events of `type`. Background types (periodic heartbeats, probes) don't keep runUntilIdle going. */
  on<T>(type: string, handler: (data: T) => void, opts?: { background?: boolean }): void;
  /**
   * Removes queued events matching the predicate (a cancelled timer). `only` names the types the
   * predicate can match, so only their events are scanned (the queue holds one expiry timer per
   * Event, and a full scan per cancelled timer made pod deletion O(queue)).
   */
  cancel(pred: (type: string, data: unknown) => boolean, only?: TypeFilter): void;
  /** Adds a level-based controller with its own work queue (see controllers/manager.ts). */
  registerController(c: Controller): void;
  enqueue(controller: string, key: string): void;
  /** Registers state to include in snapshots under `name`. */
  registerState(name: string, state: ComponentState): void;
  /** Every store change, in order. Handlers must not write to the API synchronously; enqueue or schedule. */
  subscribe(handler: (c: StoredChange) => void): () => void;
  /** Offers a service to other components (e.g. `metrics`). */
  provide<T>(name: string, service: T): void;
  /** A service another component offers, if installed. */
  service<T>(name: string): T | undefined;
}

export interface Component {
  readonly name: string;
  /** Registers handlers, controllers and state. Must not write API objects. */
  install(host: ComponentHost): void;
  /** Called once on a new cluster after bootstrap objects exist (not on restore): e.g. start heartbeats. */
  start?(): void;
}
