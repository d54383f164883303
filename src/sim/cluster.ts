// The Cluster facade: boots a simulated cluster and drives it on the virtual clock. Everything
// that happens is an event in one queue; components talk only through the API server.
// The whole state is plain data: snapshot() and Cluster.restore() round-trip it exactly, and the
// same inputs from the same snapshot replay to the same state.

import { ApiServer } from './api/server';
import { EventRecorder } from './api/recorder';
import { EXPIRE_EVENT } from './api/recorder.expiry';
import { KindRegistry } from './api/kinds';
import { ObjectStore, type StoreState, type StoredChange } from './api/store';
import type { KObject } from './api/types';
import { EventQueue, type EventQueueState } from './core/queue';
import { Rng, type RngState } from './core/rng';
import { DEFAULT_START_MS } from './core/time';
import { bootstrapCluster } from './bootstrap';
import { ControllerManager, type ManagerState } from './controllers/manager';
import { GarbageCollector } from './controllers/garbagecollector';
import { NamespaceController, RootCACertPublisher, ServiceAccountsController } from './controllers/namespace';
import type { KubectlIO, KubectlProcess, KubectlResult, KubectlSession, runKubectl, startKubectl } from './kubectl';
import type { ApplyReport, applyText } from './kubectl/apply';
import { linkedKubectl } from '#kubectl-link';
import { registerCustomKinds } from './api/crd';
import { runControl, type ControlResult } from './controls';
import type { Component } from './host';
import { ClusterHost } from './clusterhost';
import type { TypeFilter } from './core/queue';
import { createComponents } from './components';

export interface ClusterOptions {
  /** Seed of the rng: same seed and inputs give the same run. Default 1. */
  seed?: number;
  /** Worker nodes beside the control-plane node. Default 3. */
  nodes?: number;
  /** Virtual time at boot, ms since the epoch. Default 2025-01-15T09:00:00Z. */
  startMs?: number;
  /** Cluster name, the prefix of node names (kind's convention). Default `kubeplay`. */
  name?: string;
}

export interface ClusterSnapshot {
  version: 1;
  options: Required<ClusterOptions>;
  nowMs: number;
  rng: RngState;
  queue: EventQueueState;
  store: StoreState;
  controllers: ManagerState;
  /** State of components outside the API objects, by the name they registered. */
  components: Record<string, unknown>;
  session: KubectlSession;
}


type Handler = (data: never) => void;

/** kubectl as Cluster's `kubectl`, `startKubectl` and `apply` run it. */
export interface KubectlTools {
  runKubectl: typeof runKubectl;
  startKubectl: typeof startKubectl;
  applyText: typeof applyText;
}

/**
 * kubectl is a dependency set at start-up, not an import: linked in outside the browser (Node:
 * the CLI, tests, benchmarks); in the browser build `#kubectl-link` links nothing and the Web
 * Worker sets it (`Cluster.useKubectl`) once its tools chunk has loaded after the first picture,
 * so kubectl, `explain`'s schemas and the YAML parser stay out of the script that picture waits
 * for (package.json "imports", src/worker/kubectl.link*.ts).
 */
let kubectlTools: KubectlTools | undefined = linkedKubectl;

function kubectlOf(): KubectlTools {
  if (!kubectlTools) throw new Error('kubectl has not loaded yet');
  return kubectlTools;
}

export class Cluster {
  readonly options: Required<ClusterOptions>;
  readonly kinds = new KindRegistry();
  private store: ObjectStore;
  private queue: EventQueue;
  private rng: Rng;
  private clockMs: number;
  readonly api: ApiServer;
  readonly events: EventRecorder;
  private readonly controllers: ControllerManager;
  private readonly handlers = new Map<string, Handler>();
  /** Event types that recur forever (heartbeats, probes, expiries): runUntilIdle does not wait for them. */
  private readonly backgroundTypes = new Set<string>([EXPIRE_EVENT]);
  /** Queued events that are not background work. */
  private foregroundPending = 0;
  /** How the cluster's parts reach the clock, the queue and each other (see clusterhost.ts). */
  private readonly host: ClusterHost;
  private readonly components: Component[];
  /** kubectl's client state: the current namespace of the context. */
  session: KubectlSession = { namespace: 'default' };

  /**
   * `settle: false` leaves the start-up work (controllers reconciling what bootstrap created)
   * queued instead of running it until idle here: the worker sends the UI the cluster first, then
   * calls runUntilIdle() itself — the same events in the same order, so the same run.
   * `restoreFrom` becomes this cluster's (its objects are stored as they are): Cluster.restore
   * copies it first unless adopting.
   */
  constructor(opts: ClusterOptions & { settle?: boolean } = {}, restoreFrom?: ClusterSnapshot) {
    this.options = {
      seed: opts.seed ?? 1,
      nodes: opts.nodes ?? 3,
      startMs: opts.startMs ?? DEFAULT_START_MS,
      name: opts.name ?? 'kubeplay',
    };
    if (restoreFrom) {
      this.store = ObjectStore.restore(restoreFrom.store);
      // Event expiry timers go back to the recorder's chain (below), the rest to the queue.
      const q = restoreFrom.queue;
      this.queue = EventQueue.restore({ nextSeq: q.nextSeq, events: q.events.filter((e) => e.type !== EXPIRE_EVENT) });
      this.rng = new Rng(restoreFrom.rng);
      this.clockMs = restoreFrom.nowMs;
      this.session = { ...restoreFrom.session };
    } else {
      this.store = new ObjectStore();
      this.queue = new EventQueue();
      this.rng = new Rng(this.options.seed);
      this.clockMs = this.options.startMs;
    }
    const host = new ClusterHost(this, this.queue, this.store, this.kinds, this.rng);
    this.host = host;
    this.api = host.api = new ApiServer(host);
    this.events = host.events = new EventRecorder(this.api, this.store, host);
    this.controllers = host.controllers = new ControllerManager(this.store, host);
    this.controllers.register(new GarbageCollector(host));
    this.controllers.register(new NamespaceController(host));
    this.controllers.register(new ServiceAccountsController(host));
    this.controllers.register(new RootCACertPublisher(host, CLUSTER_CA));

    this.on('controller.work', (d: { controller: string }) => this.controllers.work(d.controller));
    this.on('controller.requeue', (d: { controller: string; key: string }) => this.controllers.requeue(d.controller, d.key));
    this.on(EXPIRE_EVENT, (d: unknown) => this.events.onExpireTimer(d));

    this.components = createComponents();
    for (const c of this.components) c.install(host);

    if (restoreFrom) {
      this.foregroundPending = restoreFrom.queue.events.filter((e) => !this.backgroundTypes.has(e.type)).length;
      registerCustomKinds(this.kinds, this.store.list('apiextensions.k8s.io/CustomResourceDefinition'));
      this.events.resync();
      this.events.restoreExpiries(restoreFrom.queue.events.filter((e) => e.type === EXPIRE_EVENT));
      // Each component gets its part of the snapshot itself: `restoreFrom` is this cluster's own
      // (Cluster.restore's one copy, or a snapshot handed over), so nothing is copied again here
      // or in ObjectStore.restore.
      for (const [name, state] of host.states) {
        if (name in restoreFrom.components) state.restore(restoreFrom.components[name]);
      }
      this.controllers.restore(restoreFrom.controllers);
      this.controllers.start();
    } else {
      this.controllers.start();
      bootstrapCluster(this.api, this.rng, () => this.clockMs, { clusterName: this.options.name, workers: this.options.nodes });
      for (const c of this.components) c.start?.();
      if (opts.settle !== false) this.runUntilIdle();
    }
    this.store.subscribe(() => {
      registerCustomKinds(this.kinds, this.store.list('apiextensions.k8s.io/CustomResourceDefinition'));
    }, 'apiextensions.k8s.io/CustomResourceDefinition');
  }

  /** A service a component offers (e.g. `metrics`). */
  service<T>(name: string): T | undefined {
    return this.host.service<T>(name);
  }

  /**
   * Restores from one copy of `snapshot`, made here; the parts restored from it (the store, the
   * components' states) take theirs from that copy without copying again. `adopt: true`: the
   * snapshot is the caller's to give away (the worker's freshly parsed JSON), so it is restored
   * without the defensive copy (≈ a third of a large restore's time) and becomes the cluster's.
   */
  static restore(snapshot: ClusterSnapshot, opts: { adopt?: boolean } = {}): Cluster {
    return new Cluster(snapshot.options, opts.adopt ? snapshot : structuredClone(snapshot));
  }

  /** Current virtual time, ms since the epoch. */
  get nowMs(): number {
    return this.clockMs;
  }

  get resourceVersion(): number {
    return this.store.resourceVersion;
  }

  /**
   * Registers the handler of a queue event type; components add theirs at install. Background
   * types (periodic heartbeats, probes) don't keep runUntilIdle going.
   */
  on<T>(type: string, handler: (data: T) => void, opts?: { background?: boolean }): void {
    if (this.handlers.has(type)) throw new Error(`event type ${type} has a handler already`);
    this.handlers.set(type, handler as Handler);
    if (opts?.background) this.backgroundTypes.add(type);
  }

  /** Removes queued events matching the predicate (a cancelled timer); `only` names the types it can match. */
  cancel(pred: (type: string, data: unknown) => boolean, only?: TypeFilter): void {
    this.queue.removeWhere((e) => {
      const hit = pred(e.type, e.data);
      if (hit && !this.backgroundTypes.has(e.type)) this.foregroundPending--;
      return hit;
    }, only);
  }

  /** Queues an event; `seq` (from the queue's reserveSeq) gives it the place it reserved in the order. */
  schedule(atMs: number, type: string, data: unknown, seq?: number): void {
    this.queue.push(Math.max(atMs, this.clockMs), type, data, seq);
    if (!this.backgroundTypes.has(type)) this.foregroundPending++;
  }

  /** Runs the next queued event; false when the queue is empty. */
  step(): boolean {
    const ev = this.queue.pop();
    if (!ev) return false;
    if (!this.backgroundTypes.has(ev.type)) this.foregroundPending--;
    this.clockMs = Math.max(this.clockMs, ev.atMs);
    const h = this.handlers.get(ev.type);
    if (h) h(ev.data as never);
    return true;
  }

  /** Time of the next queued event, if any. */
  nextEventAt(): number | undefined {
    return this.queue.peek()?.atMs;
  }

  /** Advances virtual time by `ms`, running every event due on the way. */
  advance(ms: number): void {
    const target = this.clockMs + Math.max(0, ms);
    this.advanceTo(target);
  }

  advanceTo(targetMs: number): void {
    for (let next = this.queue.peek(); next && next.atMs <= targetMs; next = this.queue.peek()) this.step();
    this.clockMs = Math.max(this.clockMs, targetMs);
  }

  /**
   * Runs events until only background work (heartbeats, expiries) is queued, or `maxMs` of
   * virtual time has passed. Returns the virtual time it ran.
   */
  runUntilIdle(maxMs = 60 * 60 * 1000): number {
    const start = this.clockMs;
    const limit = start + maxMs;
    for (;;) {
      const next = this.queue.peek();
      if (!next || next.atMs > limit) break;
      if (this.foregroundPending === 0) break;
      this.step();
    }
    return this.clockMs - start;
  }

  /** Whether only background work (heartbeats, expiries) is queued. */
  isIdle(): boolean {
    return this.foregroundPending === 0;
  }

  /** Sets the kubectl every Cluster of this process runs (the Web Worker, once it has loaded it). */
  static useKubectl(tools: KubectlTools): void {
    kubectlTools = tools;
  }

  /** Applies manifests as `kubectl apply -f` does; returns the per-object outcomes. */
  apply(text: string, source = 'STDIN'): ApplyReport {
    const r = kubectlOf().applyText(this, text, source, {});
    this.runUntilIdle();
    return r;
  }

  /** Runs one kubectl command line; waiting commands advance virtual time. */
  kubectl(line: string, io: KubectlIO = {}): KubectlResult {
    return kubectlOf().runKubectl(this, line, io);
  }

  /** Starts a kubectl command line; a long-running one is fed by the caller's clock (the worker). */
  startKubectl(line: string, io: KubectlIO = {}): KubectlProcess {
    return kubectlOf().startKubectl(this, line, io);
  }

  /** Runs one `kubeplay ...` simulator control line. */
  control(line: string): ControlResult {
    const r = runControl(this, line);
    return r;
  }

  list(kindKey: string, namespace?: string): KObject[] {
    return this.store.list(kindKey, namespace);
  }

  get(kindKey: string, namespace: string | undefined, name: string): KObject | undefined {
    return this.store.get(kindKey, namespace, name);
  }

  /** Every stored change from now on, in order (the UI bridge and tests watch through this). */
  subscribe(handler: (c: StoredChange) => void): () => void {
    return this.store.subscribe(handler);
  }

  /** Changes after `rv`, or undefined when too old (410 Gone). */
  changesSince(rv: number): StoredChange[] | undefined {
    return this.store.changesSince(rv);
  }

  /**
   * The whole state as plain data. `watchLog: false` leaves out the store's change log (up to
   * 20,000 changes, most of a large snapshot's size): the worker's restart snapshots do, as an API
   * server restarting loses its watch cache. The result is a copy unless `clone: false`.
   */
  snapshot(opts: { watchLog?: boolean; clone?: boolean } = {}): ClusterSnapshot {
    const state: ClusterSnapshot = {
      version: 1 as const,
      options: this.options,
      nowMs: this.clockMs,
      rng: this.rng.state(),
      queue: this.events.snapshotQueue(this.queue.snapshot()),
      store: this.store.snapshot(opts),
      controllers: this.controllers.snapshot(),
      components: Object.fromEntries([...this.host.states].map(([name, st]) => [name, st.snapshot()])),
      session: this.session,
    };
    // `clone: false` shares what the parts share with the live cluster: only for a caller that
    // serialises it at once (the worker's restart snapshots: JSON.stringify copies anyway, and
    // this clone was ≈ 40% of their cost). Its JSON is the same either way.
    return opts.clone === false ? state : structuredClone(state);
  }
}

/** A fixed, fake cluster CA certificate (published as kube-root-ca.crt). */
const CLUSTER_CA = `-----BEGIN CERTIFICATE-----
MIIDBTCCAe2gAwIBAgIIKubeplayQ0EwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE
AxMKa3ViZXJuZXRlczAeFw0yNTAxMTUwODU1MDBaFw0zNTAxMTMwOTAwMDBaMBUx
EzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK
-----END CERTIFICATE-----
`;
