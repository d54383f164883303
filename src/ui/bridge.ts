// Wires the simulation worker to the store: worker messages become mirror writes, UI commands
// become protocol messages. The only module that talks to the worker.

import { createContext, useContext } from 'react';
import {
  PROTOCOL_VERSION,
  internalErrorStatus,
  type CommandResult,
  type EditTarget,
  type FromWorker,
  type SnapshotMessage,
  type ReplyMessage,
  type ToWorker,
} from '../worker/protocol';
import { useUiStore } from './store';
import { useRestartNotice } from './controls/restartNotice';
import { useViewStore } from './views/viewStore';
import { exposeDebug } from './debug';
import { sameBootOptions, type BootOptions } from './bootOptions';
import { MessageInbox, browserInboxClock } from './inbox';
import { mark } from './earlyWorker';

export { bootOptionsFromUrl, type BootOptions } from './bootOptions';

/** Restarts after a worker death before the bridge gives up (reset once a new worker sends a snapshot). */
const MAX_RESTARTS_WITHOUT_PROGRESS = 3;

/** The subset of Worker the bridge uses (tests pass a fake). */
export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error' | 'messageerror', fn: (e: Event) => void): void;
  terminate(): void;
}

/** Starts a simulation worker (earlyWorker.ts holds the one place that names its script). */
export { createSimWorker } from './earlyWorker';

export interface KubectlOptions {
  /** Standard input (a heredoc). */
  stdin?: string;
  /** Files `-f NAME` may read (the editor's buffers). */
  files?: Record<string, string>;
  /** Output streamed before the reply, for commands that stream. */
  onOutput?: (stream: 'out' | 'err', text: string) => void;
}

/** A command in flight: its id (to cancel it) and its result. */
export interface RunningCommand {
  id: number;
  result: Promise<CommandResult>;
}

/** Sees every message sent to the worker and every reply (the share link's action log). */
export interface BridgeTap {
  sent(msg: ToWorker): void;
  replied(msg: ReplyMessage): void;
}

export class Bridge {
  private nextId = 1;
  private tap?: BridgeTap;
  private readonly pending = new Map<number, (r: CommandResult) => void>();
  private readonly outputs = new Map<number, (stream: 'out' | 'err', text: string) => void>();
  private readonly store = useUiStore;

  private worker: WorkerLike;
  /** Makes a new worker when the current one dies (without it, a death is final). */
  private readonly createWorker?: () => WorkerLike;
  /** Bumped per worker: events of a replaced worker are ignored. */
  private generation = 0;
  private bootOptions?: BootOptions;
  /** The latest snapshot the worker sent: a new worker starts from it. */
  private lastSnapshot?: SnapshotMessage;
  private restartsWithoutProgress = 0;
  /** The worker's messages, read in order within a per-frame budget (inbox.ts). */
  private readonly inbox = new MessageInbox<{ generation: number; e: MessageEvent<FromWorker> }>(
    ({ generation, e }) => generation === this.generation && this.receive(e.data),
    browserInboxClock(),
  );
  /**
   * Boot options the page's entry already sent to the first worker (earlyWorker.ts), so the
   * cluster boots while the app's code loads: a `boot` with the same options is not sent again.
   */
  private preBooted?: BootOptions;

  /**
   * A worker, or a factory of workers: with a factory, a dead worker is replaced from its last
   * snapshot. `preBooted`: the options the first worker was booted with already.
   */
  constructor(worker: WorkerLike | (() => WorkerLike), preBooted?: BootOptions) {
    this.preBooted = preBooted;
    if (typeof worker === 'function') {
      this.createWorker = worker;
      this.worker = worker();
    } else this.worker = worker;
    this.attach(this.worker);
    exposeDebug('killWorker', () => this.killWorker());
    exposeDebug('lastSnapshotMs', () => this.lastSnapshot?.nowMs ?? null);
  }

  private attach(worker: WorkerLike): void {
    const generation = ++this.generation;
    const live = () => generation === this.generation;
    // The event, not its data: reading `e.data` deserialises it, which the inbox spreads over frames.
    worker.addEventListener('message', (e) => live() && this.inbox.push({ generation, e }));
    worker.addEventListener('error', (e) => live() && this.die(describeWorkerError(e)));
    worker.addEventListener('messageerror', () => live() && this.die('a message from the simulation could not be read'));
  }

  boot(opts: BootOptions): void {
    this.bootOptions = opts;
    this.store.getState().setConnection({ status: 'booting', error: null });
    const msg: ToWorker = { type: 'boot', version: PROTOCOL_VERSION, ...opts };
    const pre = this.preBooted;
    this.preBooted = undefined;
    if (pre && sameBootOptions(pre, opts)) {
      // The worker has this boot already; the tap (the share link's log) still sees it.
      this.tapCall(() => this.tap?.sent(msg));
      return;
    }
    this.post(msg);
  }

  /** Virtual time of the latest snapshot the worker sent (null before the first). */
  lastSnapshotMs(): number | null {
    return this.lastSnapshot?.nowMs ?? null;
  }

  /** Kills the worker as a crash would (the debug hook; tests of the restart). */
  killWorker(): void {
    try {
      this.worker.terminate();
    } catch {
      // already gone
    }
    this.die('the simulation worker was killed');
  }

  kubectl(line: string, opts: KubectlOptions = {}): Promise<CommandResult> {
    return this.startKubectl(line, opts).result;
  }

  /** Starts a kubectl command; `cancel(id)` stops it (Ctrl+C). */
  startKubectl(line: string, opts: KubectlOptions = {}): RunningCommand {
    const id = this.nextId;
    if (opts.onOutput) this.outputs.set(id, opts.onOutput);
    const result = this.request((i) => ({ type: 'kubectl', id: i, line, stdin: opts.stdin, files: opts.files }));
    void result.then(() => this.outputs.delete(id));
    return { id, result };
  }

  cancel(id: number): void {
    this.outputs.delete(id);
    this.post({ type: 'cancel', id });
  }

  /** Applies an editor buffer (or validates and defaults it: `dryRun: 'server'`). */
  apply(text: string, opts: { source?: string; dryRun?: 'server' } = {}): Promise<CommandResult> {
    return this.request((id) => ({ type: 'apply', id, text, source: opts.source, dryRun: opts.dryRun }));
  }

  /** What applying the buffer would change (kubectl diff). */
  diff(text: string, source?: string): Promise<CommandResult> {
    return this.request((id) => ({ type: 'diff', id, text, source }));
  }

  /** A live object's YAML for editing. */
  openEdit(kindKey: string, namespace: string | undefined, name: string): Promise<CommandResult> {
    return this.request((id) => ({ type: 'openEdit', id, kindKey, namespace, name }));
  }

  /** Saves an edited object at the version it was opened at. */
  saveEdit(target: EditTarget, text: string, original?: string): Promise<CommandResult> {
    return this.request((id) => ({ type: 'saveEdit', id, target, text, original }));
  }

  /** Runs a `kubeplay ...` simulator control (node crash, zone fail, pod kill …). */
  control(line: string): Promise<CommandResult> {
    return this.request((id) => ({ type: 'control', id, line }));
  }

  /** The scheduler's latest decision record for a pod. */
  decision(podUid: string): Promise<CommandResult> {
    return this.request((id) => ({ type: 'decision', id, podUid }));
  }

  /** Moves virtual time by hand: one queued event, one second, or to the next Event. */
  step(mode: 'event' | 'second' | 'nextEvent'): Promise<CommandResult> {
    return this.request((id) => ({ type: 'step', id, mode }));
  }

  /** Runs the clock forward to an absolute virtual time (share-link replay). */
  stepTo(atMs: number): Promise<CommandResult> {
    return this.request((id) => ({ type: 'step', id, mode: 'to', atMs }));
  }

  setTap(tap: BridgeTap | undefined): void {
    this.tap = tap;
  }

  setClock(playing: boolean, speed: number): void {
    this.store.getState().setClock({ playing, speed });
    this.post({ type: 'clock', playing, speed });
  }

  private request(make: (id: number) => ToWorker): Promise<CommandResult> {
    const id = this.nextId++;
    if (this.store.getState().connection.status === 'dead') {
      return Promise.resolve({ ok: false, status: internalErrorStatus('the simulation is not running') });
    }
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.post(make(id));
    });
  }

  private post(msg: ToWorker): void {
    try {
      this.tapCall(() => this.tap?.sent(msg));
      this.worker.postMessage(msg);
    } catch (e) {
      this.die(`could not send to the simulation: ${(e as Error).message}`);
    }
  }

  private receive(msg: FromWorker): void {
    const s = this.store.getState();
    switch (msg.type) {
      case 'ready':
        if (msg.version !== PROTOCOL_VERSION) {
          this.die(`protocol mismatch: worker speaks version ${msg.version}, UI ${PROTOCOL_VERSION}`);
          return;
        }
        mark('kubeplay:ready');
        s.mirrorReset(msg);
        return;
      case 'batch':
        s.mirrorBatch(msg);
        return;
      case 'reply': {
        const resolve = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        this.outputs.delete(msg.id);
        this.tapCall(() => this.tap?.replied(msg));
        resolve?.(msg.result);
        return;
      }
      case 'output':
        this.outputs.get(msg.id)?.(msg.stream, msg.text);
        return;
      case 'error':
        s.setConnection({ status: s.connection.status, error: msg.message });
        return;
      case 'snapshot':
        // A worker that got this far runs: it may be restarted again if it dies.
        this.lastSnapshot = msg;
        this.restartsWithoutProgress = 0;
        return;
    }
  }

  /** A failing tap must not break the bridge. */
  private tapCall(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      console.error('bridge tap failed', e);
    }
  }

  private die(message: string): void {
    // What the worker sent before it died comes first (replies, the latest snapshot).
    this.inbox.flush();
    const failed: CommandResult = { ok: false, status: internalErrorStatus(message) };
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.outputs.clear();
    if (!this.restart(message)) this.store.getState().setConnection({ status: 'dead', error: message });
    for (const resolve of pending) resolve(failed);
  }

  /**
   * Replaces a dead worker with a new one booted from the last snapshot, with the clock as the
   * user had it. False when there is no factory or snapshot, or restarts keep failing.
   */
  private restart(reason: string): boolean {
    const snap = this.lastSnapshot;
    if (!this.createWorker || !snap || !this.bootOptions || this.restartsWithoutProgress >= MAX_RESTARTS_WITHOUT_PROGRESS) return false;
    this.restartsWithoutProgress++;
    try {
      this.worker.terminate();
    } catch {
      // already gone
    }
    let worker: WorkerLike;
    try {
      worker = this.createWorker();
    } catch {
      return false;
    }
    this.worker = worker;
    this.attach(worker);
    const clock = this.store.getState().clock;
    this.store.getState().setConnection({ status: 'booting', error: null });
    useRestartNotice.getState().show({ reason, atMs: snap.nowMs });
    // In the timeline too, at the time the cluster went back to: what is logged after it was lost.
    useViewStore.getState().logAction({ timeMs: snap.nowMs, label: 'Simulation restarted from its last snapshot', output: reason, ok: false });
    // Not a user action: straight to the worker, past the tap.
    try {
      // A copy: the bridge keeps its own in case this worker dies too.
      worker.postMessage({ type: 'boot', version: PROTOCOL_VERSION, ...this.bootOptions, snapshot: snap.json.slice(0), playing: clock.playing, speed: clock.speed });
    } catch {
      return false;
    }
    return true;
  }
}

function describeWorkerError(e: Event): string {
  const msg = (e as ErrorEvent).message;
  return msg ? `The simulation stopped: ${msg}` : 'The simulation worker failed to start or crashed.';
}

export const BridgeContext = createContext<Bridge | null>(null);

export function useBridge(): Bridge {
  const b = useContext(BridgeContext);
  if (!b) throw new Error('useBridge outside <BridgeContext.Provider>');
  return b;
}
