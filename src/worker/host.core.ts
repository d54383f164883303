// The worker's logic, free of worker globals so tests drive it with fake timers: owns one
// Cluster, runs its virtual clock against wall time at the chosen speed, squashes store changes
// into at most one batch per frame, and answers commands. Nothing thrown escapes `handle`.
// Its tools (kubectl, YAML, the editor's commands: tools.ts) come from `deps.tools`, linked in
// (host.ts) or loaded after boot (the Web Worker); messages that need them wait, in order.
// When a snapshot of the cluster is due, and reading one back, are snapshots.ts's.

import type { KindInfo } from '../sim/api/kinds';
import type { Cluster, ClusterOptions, ClusterSnapshot } from '../sim/cluster';
import type { EditTarget, EditorIO } from '../sim/kubectl/verbs/edit';
import { advanceFeeding } from '../sim/kubectl/process';
import type { SchedulerService, SchedulingDecision } from '../sim/scheduler/types';
import { RunningCommands, kubectlReply } from './commands';
import { ChangeBatcher, TrafficBatcher, type TrafficSource } from './batcher';
import { ToolGate, type ToolsSource } from './toolgate';
import { readSnapshot, SnapshotSchedule } from './snapshots';
import {
  MAX_BATCH_ENTRIES,
  PROTOCOL_VERSION,
  internalErrorStatus,
  type BootMessage,
  type CommandResult,
  type FromWorker,
  type KubectlRequest,
  type ObjectEntry,
  type ReplyMessage,
  type StepResult,
  type ToWorker,
} from './protocol';

/** Wall ms between frames (~60 Hz): at most one batch per frame. */
export const FRAME_MS = 16;
/** Wall time a single frame may account for; longer stalls (a throttled tab) slow virtual time. */
export const MAX_FRAME_WALL_MS = 250;
export const MAX_SPEED = 1000;
export { SNAPSHOT_AFTER_COMMAND_MS, SNAPSHOT_COST_FACTOR, SNAPSHOT_PERIOD_MS } from './snapshots';

export interface HostDeps {
  /** `transfer`: buffers handed over rather than copied (a snapshot's). */
  post(msg: FromWorker, transfer?: Transferable[]): void;
  /** Monotonic wall clock, ms (performance.now). */
  wallNow(): number;
  /** The current date, ms since the epoch (Date.now): the default start of virtual time. */
  dateNow(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** `settle: false`: the host runs the cluster's start-up work itself, after sending `ready`. */
  createCluster(opts: ClusterOptions & { settle?: boolean }): Cluster;
  /**
   * Rebuilds a cluster from a snapshot (a restart after the previous worker died). The snapshot
   * is freshly parsed and nobody else's: the cluster may adopt it (`Cluster.restore(s, { adopt: true })`).
   */
  restoreCluster?(snapshot: ClusterSnapshot): Cluster;
  /**
   * kubectl, YAML and the editor's commands: the module itself, or a loader the host calls after
   * `ready` (or on first need). Absent: kubectl runs on the cluster itself, editor commands fail.
   */
  tools?: ToolsSource;
}

export class WorkerHost {
  private cluster?: Cluster;
  private unsubscribe?: () => void;
  private batcher?: ChangeBatcher;
  private trafficBatcher = new TrafficBatcher();
  private playing = true;
  private speed = 1;
  private lastWallMs = 0;
  /** Fractional virtual ms not yet advanced (the cluster moves in whole ms). */
  private carryMs = 0;
  private lastSentSecond = -1;
  /** Virtual time of the last batch (or the ready message). */
  private lastSentMs = 0;
  private timer: unknown;
  private replies: ReplyMessage[] = [];
  /** Running kubectl commands by request id (their reply is sent when they end). */
  private readonly commands = new RunningCommands();
  /** The served kinds as last sent to the UI (a CRD changes them). */
  private kindsKey = '';
  /** When the next snapshot is due (the UI restarts a dead worker from the last). */
  private readonly snapshots: SnapshotSchedule;
  /** kubectl and the editor's commands, and the messages waiting for them. */
  private readonly gate: ToolGate;
  constructor(private readonly deps: HostDeps) {
    this.gate = new ToolGate(deps.tools, (msg) => this.dispatch(msg));
    this.snapshots = new SnapshotSchedule(
      () => deps.wallNow(),
      (msg, transfer) => deps.post(msg, transfer),
    );
  }

  handle(raw: unknown): void {
    this.gate.handle(raw);
  }

  private dispatch(raw: unknown): void {
    try {
      const msg = raw as ToWorker;
      if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') throw new Error('malformed message');
      switch (msg.type) {
        case 'boot':
          return this.boot(msg);
        case 'clock':
          return this.setClock(msg.playing, msg.speed);
        case 'kubectl':
          return this.command(msg.id, () => this.kubectl(msg));
        case 'apply':
          return this.command(msg.id, () => ({
            ok: true,
            op: 'apply',
            value: this.gate.need().editorApply(this.need(), String(msg.text), msg.source ? String(msg.source) : undefined, msg.dryRun === 'server' ? 'server' : undefined),
          }));
        case 'diff':
          return this.command(msg.id, () => ({ ok: true, op: 'diff', value: this.gate.need().editorDiff(this.need(), String(msg.text), msg.source ? String(msg.source) : undefined) }));
        case 'openEdit':
          return this.command(msg.id, () => {
            const r = this.gate.need().editorOpen(this.need(), String(msg.kindKey), msg.namespace, String(msg.name));
            return 'error' in r ? { ok: false, status: r.error } : { ok: true, op: 'openEdit', value: r };
          });
        case 'saveEdit':
          return this.command(msg.id, () => ({ ok: true, op: 'saveEdit', value: this.gate.need().editorSave(this.need(), msg.target, String(msg.text), typeof msg.original === 'string' ? msg.original : undefined) }));
        case 'control':
          return this.command(msg.id, () => ({ ok: true, op: 'control', value: this.need().control(String(msg.line)) }));
        case 'decision':
          return this.command(msg.id, () => ({ ok: true, op: 'decision', value: this.decision(String(msg.podUid)) }));
        case 'step':
          return this.command(msg.id, () => ({ ok: true, op: 'step', value: this.step(msg.mode, msg.maxMs, msg.atMs) }));
        case 'cancel':
          return this.cancel(msg.id);
        default:
          throw new Error(`unknown message type ${JSON.stringify((msg as { type: unknown }).type)}`);
      }
    } catch (e) {
      this.deps.post({ type: 'error', message: errorMessage(e) });
    }
  }

  private boot(msg: BootMessage): void {
    if (msg.version !== PROTOCOL_VERSION) {
      throw new Error(`protocol version mismatch: UI speaks ${msg.version}, worker ${PROTOCOL_VERSION}`);
    }
    this.unsubscribe?.();
    for (const r of this.commands.endAll(this.cluster?.session?.namespace)) this.deps.post(r);
    const startMs = Number.isFinite(msg.startMs) ? msg.startMs! : Math.round(this.deps.dateNow() / 1000) * 1000;
    // A new cluster comes unsettled: `ready` (the nodes and system pods, drawn at once) goes out
    // before the controllers' start-up work runs, which then reaches the UI as the first batch.
    const cluster = msg.snapshot ? this.restore(msg.snapshot) : this.deps.createCluster({ seed: msg.seed, nodes: msg.nodes, startMs, settle: false });
    if (typeof msg.playing === 'boolean') this.playing = msg.playing;
    if (typeof msg.speed === 'number' && Number.isFinite(msg.speed) && msg.speed > 0 && msg.speed <= MAX_SPEED) this.speed = msg.speed;
    // A restored cluster is the snapshot the UI holds already: the next one is due in a period.
    this.snapshots.reset(cluster, !!msg.snapshot);
    const objects: ObjectEntry[] = [];
    for (const info of cluster.kinds.all()) {
      const kindKey = `${info.group}/${info.kind}`;
      for (const object of cluster.list(kindKey)) objects.push({ kindKey, object });
    }
    // Listing and subscribing in the same turn: no change can fall between them.
    const batcher = new ChangeBatcher(cluster.resourceVersion);
    this.unsubscribe = cluster.subscribe((c) => batcher.add(c));
    this.cluster = cluster;
    this.batcher = batcher;
    this.trafficBatcher = new TrafficBatcher();
    // Requests made before this boot (a restored snapshot's ring) are history, not traffic to draw.
    this.trafficBatcher.skipTo(trafficSource(cluster));
    this.replies = [];
    this.carryMs = 0;
    this.lastWallMs = this.deps.wallNow();
    this.lastSentSecond = Math.floor(cluster.nowMs / 1000);
    this.lastSentMs = cluster.nowMs;
    this.kindsKey = '';
    this.deps.post({
      type: 'ready',
      version: PROTOCOL_VERSION,
      snapshotRv: cluster.resourceVersion,
      nowMs: cluster.nowMs,
      playing: this.playing,
      speed: this.speed,
      objects,
      kinds: this.changedKinds(cluster) ?? [],
    });
    // What `new Cluster()` runs when settling (the same events in the same order): the run is the
    // one a settled cluster would have.
    if (!msg.snapshot && typeof cluster.runUntilIdle === 'function') {
      try {
        cluster.runUntilIdle();
      } catch (e) {
        this.playing = false;
        this.deps.post({ type: 'error', message: `simulation stopped: ${errorMessage(e)}` });
      }
    }
    // The first picture is on its way: now fetch kubectl and the editor's commands.
    this.gate.load();
    this.schedule();
  }

  private setClock(playing: boolean, speed: number): void {
    if (typeof playing !== 'boolean') throw new Error('clock: playing must be a boolean');
    if (!Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED) {
      throw new Error(`clock: speed must be a number in (0, ${MAX_SPEED}]`);
    }
    if (playing && !this.playing) {
      this.lastWallMs = this.deps.wallNow();
      this.carryMs = 0;
    }
    // On pause, the next flush sends the exact virtual time the clock stopped at (if it moved).
    if (!playing && this.playing && this.cluster && this.cluster.nowMs !== this.lastSentMs) this.lastSentSecond = -1;
    this.playing = playing;
    this.speed = speed;
    this.schedule();
  }

  /** Runs a command; `run` returns null when the reply comes later (a running kubectl process). */
  private command(id: number, run: () => CommandResult | null): void {
    if (typeof id !== 'number') throw new Error('command without a numeric id');
    this.snapshots.commandRan();
    let result: CommandResult | null;
    // The virtual time the command runs at: the share link's action log replays it there.
    const atMs = this.cluster?.nowMs;
    try {
      result = run();
    } catch (e) {
      result = { ok: false, status: internalErrorStatus(errorMessage(e)) };
    }
    // The reply goes out after the batch carrying the command's effects.
    if (result === null) return this.schedule();
    this.replies.push(atMs === undefined ? { type: 'reply', id, result } : { type: 'reply', id, result, atMs });
    this.schedule();
  }

  private kubectl(msg: KubectlRequest): CommandResult | null {
    const files = msg.files && typeof msg.files === 'object' ? msg.files : {};
    const openEditor: EditTarget[] = [];
    const io: EditorIO = {
      readFile: (path) => (Object.prototype.hasOwnProperty.call(files, path) ? String(files[path]) : undefined),
      stdin: typeof msg.stdin === 'string' ? msg.stdin : undefined,
      // The terminal has Ctrl+C: `port-forward` stays in the foreground.
      interactive: true,
      openEditor: (t) => openEditor.push(t),
    };
    const cluster = this.need();
    // In the Web Worker, Cluster's kubectl is the tools chunk's: a load that failed answers here.
    if (this.gate.pending) this.gate.need();
    const atMs = cluster.nowMs;
    const proc = cluster.startKubectl(String(msg.line), io);
    // A wait whose condition already holds (`delete` of an object without finalizers) ends now.
    proc.tick();
    if (!proc.done) {
      // Long-running (`get -w`, `rollout status`, …): fed by the clock loop, replies when it ends.
      this.commands.add(msg.id, proc, atMs);
      return null;
    }
    const value = kubectlReply(proc, cluster.session?.namespace);
    return { ok: true, op: 'kubectl', value: openEditor.length > 0 ? { ...value, openEditor } : value };
  }

  /** Ctrl+C: ends a running command now; its reply (exit code 130) goes out with the next flush. */
  private cancel(id: number): void {
    if (this.commands.cancel(id)) this.schedule();
  }

  private decision(podUid: string): SchedulingDecision | null {
    const svc = this.need().service<SchedulerService>('scheduler');
    return svc?.decision(podUid) ?? null;
  }

  /**
   * Moves virtual time by hand: one queued event, one second, until the next Event object, or
   * `to` an absolute virtual time (only forwards: events already due at `now` stay queued).
   */
  private step(mode: 'event' | 'second' | 'nextEvent' | 'to', maxMs?: number, atMs?: number): StepResult {
    const cluster = this.need();
    const start = cluster.nowMs;
    if (mode === 'to') {
      if (typeof atMs !== 'number' || !Number.isFinite(atMs)) throw new Error('step: mode "to" needs a numeric atMs');
      if (atMs > start) advanceFeeding(cluster, Math.floor(atMs), this.commands.processes());
    } else if (mode === 'event') cluster.step();
    else if (mode === 'second') advanceFeeding(cluster, start + 1000, this.commands.processes());
    else if (mode === 'nextEvent') {
      const limit = start + (Number.isFinite(maxMs) && maxMs! > 0 ? maxMs! : 60 * 60 * 1000);
      let seen = false;
      const off = cluster.subscribe((c) => {
        if (c.kindKey === '/Event' || c.kindKey === 'events.k8s.io/Event') seen = true;
      });
      try {
        for (let at = cluster.nextEventAt(); !seen && at !== undefined && at <= limit; at = cluster.nextEventAt()) cluster.step();
        if (!seen) cluster.advanceTo(limit);
      } finally {
        off();
      }
    } else throw new Error(`step: unknown mode ${JSON.stringify(mode)}`);
    this.lastWallMs = this.deps.wallNow();
    this.carryMs = 0;
    return { nowMs: cluster.nowMs, advancedMs: cluster.nowMs - start };
  }

  /** The served kinds when they differ from what the UI has (undefined otherwise). */
  private changedKinds(cluster: Cluster): KindInfo[] | undefined {
    const kinds = [...cluster.kinds.all()];
    const key = kinds.map((k) => `${k.group}/${k.kind}/${k.version}/${k.plural}/${(k.shortNames ?? []).join(',')}`).join(' ');
    if (key === this.kindsKey) return undefined;
    this.kindsKey = key;
    return kinds.map((k) => ({ ...k }));
  }

  private need(): Cluster {
    if (!this.cluster) throw new Error('the cluster has not booted yet');
    return this.cluster;
  }

  private schedule(): void {
    if (this.timer === undefined) this.timer = this.deps.setTimer(this.tick, FRAME_MS);
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    const wall = this.deps.wallNow();
    if (this.cluster && this.playing) {
      this.carryMs += Math.min(Math.max(0, wall - this.lastWallMs), MAX_FRAME_WALL_MS) * this.speed;
      const whole = Math.floor(this.carryMs);
      this.carryMs -= whole;
      try {
        // Running kubectl commands look after every event (and stop at their deadlines).
        if (whole > 0) advanceFeeding(this.cluster, this.cluster.nowMs + whole, this.commands.processes());
      } catch (e) {
        this.playing = false;
        this.deps.post({ type: 'error', message: `simulation stopped: ${errorMessage(e)}` });
      }
    }
    this.lastWallMs = wall;
    this.flush();
    const snapshotPending = this.maybeSnapshot();
    if (this.playing || snapshotPending) this.schedule();
  };

  private restore(json: ArrayBuffer): Cluster {
    if (!this.deps.restoreCluster) throw new Error('this worker cannot restore a snapshot');
    return this.deps.restoreCluster(readSnapshot(json));
  }

  /** Sends a snapshot when one is due (snapshots.ts); true while one waits to become due. */
  private maybeSnapshot(): boolean {
    const cluster = this.cluster;
    if (!cluster || typeof cluster.snapshot !== 'function' || !this.deps.restoreCluster) return false;
    return this.snapshots.maybeSend(cluster);
  }

  /** Sends the pending batch (if anything changed, or the clock crossed a second) then replies. */
  private flush(): void {
    const { cluster, batcher } = this;
    if (cluster && batcher) {
      const second = Math.floor(cluster.nowMs / 1000);
      // The traffic generator's requests since the last frame (bounded), for the network view.
      const traffic = this.trafficBatcher.take(trafficSource(cluster));
      if (!batcher.isEmpty || second !== this.lastSentSecond || this.replies.length > 0 || traffic) {
        // Kinds change only with CRDs, whose changes arrive in a batch.
        let kinds = batcher.isEmpty ? undefined : this.changedKinds(cluster);
        // A large batch goes out in parts, all now (the page spreads reading them over frames);
        // the kinds ride on the first part, the traffic on the last, the replies after it.
        let batch = batcher.take(cluster.nowMs, MAX_BATCH_ENTRIES);
        for (; batch.more; batch = batcher.take(cluster.nowMs, MAX_BATCH_ENTRIES)) {
          this.deps.post(kinds ? { ...batch, kinds } : batch);
          kinds = undefined;
        }
        if (traffic) batch.traffic = traffic;
        this.deps.post(kinds ? { ...batch, kinds } : batch);
        this.lastSentSecond = second;
        this.lastSentMs = cluster.nowMs;
      }
    }
    if (cluster) this.replies.push(...this.commands.pump((m) => this.deps.post(m), cluster.session?.namespace));
    const replies = this.replies;
    this.replies = [];
    for (const r of replies) this.deps.post(r);
  }

  /** Stops the clock loop (tests). */
  dispose(): void {
    if (this.timer !== undefined) this.deps.clearTimer(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
  }
}

/** The cluster's traffic generator, if it has one (test doubles of Cluster may not). */
function trafficSource(cluster: Cluster): TrafficSource | undefined {
  return typeof cluster.service === 'function' ? cluster.service<TrafficSource>('traffic') : undefined;
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
