// The worker's logic, free of worker globals so tests drive it with fake timers: owns one
// Cluster, runs its virtual clock against wall time at the chosen speed, squashes store changes
// into at most one batch per frame, and answers commands. Nothing thrown escapes `handle`.

import type { KindInfo } from '../sim/api/kinds';
import type { Cluster, ClusterOptions } from '../sim/cluster';
import type { EditTarget, EditorIO } from '../sim/kubectl/verbs/edit';
import type { SchedulerService, SchedulingDecision } from '../sim/scheduler/types';
import { ChangeBatcher } from './batcher';
import { editorApply, editorDiff, editorOpen, editorSave } from './editor';
import {
  PROTOCOL_VERSION,
  internalErrorStatus,
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

export interface HostDeps {
  post(msg: FromWorker): void;
  /** Monotonic wall clock, ms (performance.now). */
  wallNow(): number;
  /** The current date, ms since the epoch (Date.now): the default start of virtual time. */
  dateNow(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  createCluster(opts: ClusterOptions): Cluster;
}

export class WorkerHost {
  private cluster?: Cluster;
  private unsubscribe?: () => void;
  private batcher?: ChangeBatcher;
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
  /** The served kinds as last sent to the UI (a CRD changes them). */
  private kindsKey = '';

  constructor(private readonly deps: HostDeps) {}

  handle(raw: unknown): void {
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
            value: editorApply(this.need(), String(msg.text), msg.source ? String(msg.source) : undefined, msg.dryRun === 'server' ? 'server' : undefined),
          }));
        case 'diff':
          return this.command(msg.id, () => ({ ok: true, op: 'diff', value: editorDiff(this.need(), String(msg.text), msg.source ? String(msg.source) : undefined) }));
        case 'openEdit':
          return this.command(msg.id, () => {
            const r = editorOpen(this.need(), String(msg.kindKey), msg.namespace, String(msg.name));
            return 'error' in r ? { ok: false, status: r.error } : { ok: true, op: 'openEdit', value: r };
          });
        case 'saveEdit':
          return this.command(msg.id, () => ({ ok: true, op: 'saveEdit', value: editorSave(this.need(), msg.target, String(msg.text), typeof msg.original === 'string' ? msg.original : undefined) }));
        case 'control':
          return this.command(msg.id, () => ({ ok: true, op: 'control', value: this.need().control(String(msg.line)) }));
        case 'decision':
          return this.command(msg.id, () => ({ ok: true, op: 'decision', value: this.decision(String(msg.podUid)) }));
        case 'step':
          return this.command(msg.id, () => ({ ok: true, op: 'step', value: this.step(msg.mode, msg.maxMs) }));
        case 'cancel':
          // Commands run to completion in virtual time today; nothing is running to stop.
          return;
        default:
          throw new Error(`unknown message type ${JSON.stringify((msg as { type: unknown }).type)}`);
      }
    } catch (e) {
      this.deps.post({ type: 'error', message: errorMessage(e) });
    }
  }

  private boot(msg: { version: number; seed: number; nodes: number; startMs?: number }): void {
    if (msg.version !== PROTOCOL_VERSION) {
      throw new Error(`protocol version mismatch: UI speaks ${msg.version}, worker ${PROTOCOL_VERSION}`);
    }
    this.unsubscribe?.();
    const startMs = Number.isFinite(msg.startMs) ? msg.startMs! : Math.round(this.deps.dateNow() / 1000) * 1000;
    const cluster = this.deps.createCluster({ seed: msg.seed, nodes: msg.nodes, startMs });
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

  private command(id: number, run: () => CommandResult): void {
    if (typeof id !== 'number') throw new Error('command without a numeric id');
    let result: CommandResult;
    try {
      result = run();
    } catch (e) {
      result = { ok: false, status: internalErrorStatus(errorMessage(e)) };
    }
    // The reply goes out after the batch carrying the command's effects.
    this.replies.push({ type: 'reply', id, result });
    this.schedule();
  }

  private kubectl(msg: KubectlRequest): CommandResult {
    const files = msg.files && typeof msg.files === 'object' ? msg.files : {};
    const openEditor: EditTarget[] = [];
    const io: EditorIO = {
      readFile: (path) => (Object.prototype.hasOwnProperty.call(files, path) ? String(files[path]) : undefined),
      stdin: typeof msg.stdin === 'string' ? msg.stdin : undefined,
      openEditor: (t) => openEditor.push(t),
    };
    const cluster = this.need();
    const value = { ...cluster.kubectl(String(msg.line), io), namespace: cluster.session?.namespace };
    return { ok: true, op: 'kubectl', value: openEditor.length > 0 ? { ...value, openEditor } : value };
  }

  private decision(podUid: string): SchedulingDecision | null {
    const svc = this.need().service<SchedulerService>('scheduler');
    return svc?.decision(podUid) ?? null;
  }

  /** Moves virtual time by hand: one queued event, one second, or until the next Event object. */
  private step(mode: 'event' | 'second' | 'nextEvent', maxMs?: number): StepResult {
    const cluster = this.need();
    const start = cluster.nowMs;
    if (mode === 'event') cluster.step();
    else if (mode === 'second') cluster.advance(1000);
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
        if (whole > 0) this.cluster.advance(whole);
      } catch (e) {
        this.playing = false;
        this.deps.post({ type: 'error', message: `simulation stopped: ${errorMessage(e)}` });
      }
    }
    this.lastWallMs = wall;
    this.flush();
    if (this.playing) this.schedule();
  };

  /** Sends the pending batch (if anything changed, or the clock crossed a second) then replies. */
  private flush(): void {
    const { cluster, batcher } = this;
    if (cluster && batcher) {
      const second = Math.floor(cluster.nowMs / 1000);
      if (!batcher.isEmpty || second !== this.lastSentSecond || this.replies.length > 0) {
        // Kinds change only with CRDs, whose changes arrive in a batch.
        const kinds = batcher.isEmpty ? undefined : this.changedKinds(cluster);
        const batch = batcher.take(cluster.nowMs);
        this.deps.post(kinds ? { ...batch, kinds } : batch);
        this.lastSentSecond = second;
        this.lastSentMs = cluster.nowMs;
      }
    }
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

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
