// Wires the simulation worker to the store: worker messages become mirror writes, UI commands
// become protocol messages. The only module that talks to the worker.

import { createContext, useContext } from 'react';
import {
  PROTOCOL_VERSION,
  internalErrorStatus,
  type CommandResult,
  type EditTarget,
  type FromWorker,
  type ToWorker,
} from '../worker/protocol';
import { useUiStore } from './store';

export interface BootOptions {
  seed: number;
  nodes: number;
  /** Virtual start time; omitted = the worker uses the current date. */
  startMs?: number;
}

/** The subset of Worker the bridge uses (tests pass a fake). */
export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error' | 'messageerror', fn: (e: Event) => void): void;
  terminate(): void;
}

export function createSimWorker(): WorkerLike {
  return new Worker(new URL('../worker/cluster.worker.ts', import.meta.url), { type: 'module', name: 'kubeplay-sim' });
}

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

export class Bridge {
  private nextId = 1;
  private readonly pending = new Map<number, (r: CommandResult) => void>();
  private readonly outputs = new Map<number, (stream: 'out' | 'err', text: string) => void>();
  private readonly store = useUiStore;

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (e) => this.receive(e.data));
    worker.addEventListener('error', (e) => this.die(describeWorkerError(e)));
    worker.addEventListener('messageerror', () => this.die('a message from the simulation could not be read'));
  }

  boot(opts: BootOptions): void {
    this.store.getState().setConnection({ status: 'booting', error: null });
    this.post({ type: 'boot', version: PROTOCOL_VERSION, ...opts });
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
        s.mirrorReset(msg);
        return;
      case 'batch':
        s.mirrorBatch(msg);
        return;
      case 'reply': {
        const resolve = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        this.outputs.delete(msg.id);
        resolve?.(msg.result);
        return;
      }
      case 'output':
        this.outputs.get(msg.id)?.(msg.stream, msg.text);
        return;
      case 'error':
        s.setConnection({ status: s.connection.status, error: msg.message });
        return;
    }
  }

  private die(message: string): void {
    this.store.getState().setConnection({ status: 'dead', error: message });
    const failed: CommandResult = { ok: false, status: internalErrorStatus(message) };
    for (const resolve of this.pending.values()) resolve(failed);
    this.pending.clear();
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

/** Boot options from the page URL: `?seed=7&nodes=5&start=2025-01-15T09:00:00Z`. */
export function bootOptionsFromUrl(search: string): BootOptions {
  const q = new URLSearchParams(search);
  const int = (v: string | null, dflt: number, min: number, max: number) => {
    const n = v === null ? NaN : Number(v);
    return Number.isInteger(n) && n >= min && n <= max ? n : dflt;
  };
  const start = q.get('start');
  const startMs = start ? Date.parse(start) : NaN;
  return {
    seed: int(q.get('seed'), 1, 0, 2 ** 31 - 1),
    nodes: int(q.get('nodes'), 3, 0, 100),
    ...(Number.isFinite(startMs) ? { startMs } : {}),
  };
}
