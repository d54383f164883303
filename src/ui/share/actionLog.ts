// The action log behind share links: every state-changing message the UI sends to the worker
// (applies, kubectl lines, kubeplay controls, edits, clock steps, Ctrl+C of a running command),
// in order, stamped with the virtual time the worker ran it at (the reply's `atMs`). The bridge
// feeds it through its tap; a `boot` starts a new log. Read-only commands (get, describe, logs,
// explain …) are left out: they change nothing, and the inspector runs them every second.

import type { ReplyMessage, ToWorker } from '../../worker/protocol';
import { LIMITS, SHARE_FORMAT, type ShareAction, type ShareBuffer, type ShareState } from './state';

/** What the bridge tells its tap (see Bridge.setTap). */
export interface BridgeTapLike {
  sent(msg: ToWorker): void;
  replied(msg: ReplyMessage): void;
}

export interface BootRecord {
  seed: number;
  nodes: number;
  startMs?: number;
}

type Unstamped = ShareAction extends infer A ? (A extends ShareAction ? Omit<A, 'at'> : never) : never;

/** kubectl verbs that only read (`get -w` and `logs -f` only watch as the clock runs). */
const READ_ONLY_VERBS = new Set([
  'get', 'describe', 'logs', 'explain', 'top', 'version', 'api-resources', 'api-versions',
  'cluster-info', 'completion', 'help', 'options',
]);
/** `kubectl config` subcommands that only read (set-context changes the session's namespace). */
const READ_ONLY_CONFIG = new Set(['view', 'get-contexts', 'current-context', 'get-clusters', 'get-users']);
/** Global flags that take their value as the next word (`kubectl -n web get pods`). */
const VALUE_FLAGS = new Set(['-n', '--namespace', '--context', '--cluster', '--user', '--kubeconfig', '-s', '--server', '--request-timeout', '-v', '--v']);

/** Whether a kubectl line only reads (when unsure: no, so it is logged). */
export function isReadOnlyKubectl(line: string): boolean {
  const words = line.trim().split(/\s+/);
  let i = words[0] === 'kubectl' || words[0] === 'k' ? 1 : 0;
  const next = (): string | undefined => {
    while (i < words.length) {
      const w = words[i++];
      if (w.startsWith('-')) {
        if (VALUE_FLAGS.has(w)) i++;
        continue;
      }
      return w;
    }
    return undefined;
  };
  const verb = next();
  if (verb === undefined) return true; // bare `kubectl` prints help
  if (verb === 'config') {
    const sub = next();
    return sub !== undefined && READ_ONLY_CONFIG.has(sub);
  }
  if (verb === 'rollout') return next() === 'history';
  if (verb === 'auth') return true;
  return READ_ONLY_VERBS.has(verb);
}

/** The files a kubectl line can read: only the buffers it names (the shell sends them all). */
function namedFiles(line: string, files: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!files) return undefined;
  const words = new Set(line.split(/[\s=,]+/));
  const out: Record<string, string> = {};
  let any = false;
  for (const [name, text] of Object.entries(files)) {
    if (words.has(name)) {
      out[name] = text;
      any = true;
    }
  }
  return any ? out : undefined;
}

function withOptional<T extends object>(base: T, extra: Record<string, unknown>): T {
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) (base as Record<string, unknown>)[k] = v;
  return base;
}

/** The log entry for a message to the worker, or undefined when it changes nothing. */
export function actionFromMessage(msg: ToWorker): Unstamped | undefined {
  switch (msg.type) {
    case 'kubectl':
      if (isReadOnlyKubectl(msg.line)) return undefined;
      return withOptional({ op: 'kubectl' as const, line: msg.line }, { stdin: msg.stdin, files: namedFiles(msg.line, msg.files) });
    case 'apply':
      // A dry run stores nothing, but it is logged anyway: it may draw names from the seeded rng.
      return withOptional({ op: 'apply' as const, text: msg.text }, { source: msg.source, dryRun: msg.dryRun });
    case 'diff':
      return withOptional({ op: 'diff' as const, text: msg.text }, { source: msg.source });
    case 'saveEdit':
      return withOptional({ op: 'saveEdit' as const, target: { ...msg.target }, text: msg.text }, { original: msg.original });
    case 'control':
      return { op: 'control' as const, line: msg.line };
    case 'step':
      // `to` steps are replay's own (the stamps already say where time went).
      if (msg.mode === 'to') return undefined;
      return withOptional({ op: 'step' as const, mode: msg.mode }, { maxMs: msg.maxMs });
    default:
      return undefined;
  }
}

interface Entry {
  action: Unstamped;
  /** Virtual time it ran at: from the reply, or for a Ctrl+C the page's clock. */
  at?: number;
}

export class ActionLog implements BridgeTapLike {
  private bootRecord?: BootRecord;
  /** Logged actions in the order they were sent, which is the order the worker starts them. */
  private entries: Entry[] = [];
  /** Entries waiting for their reply, by request id (a running kubectl waits until it ends). */
  private readonly running = new Map<number, Entry>();

  /**
   * `now`: the page's virtual time (the last batch's), which stamps a Ctrl+C (a cancel has no
   * reply) and a reply without `atMs` (an older worker).
   */
  constructor(private readonly now: () => number = () => 0) {}

  sent(msg: ToWorker): void {
    if (msg.type === 'boot') {
      this.bootRecord = withOptional({ seed: msg.seed, nodes: msg.nodes }, { startMs: msg.startMs });
      this.running.clear();
      this.entries = [];
      return;
    }
    if (msg.type === 'cancel') {
      // Ctrl+C of a logged command still running (`rollout status`, `port-forward`, `drain` …).
      const target = this.running.get(msg.id);
      if (target) this.entries.push({ action: { op: 'cancel', action: this.entries.indexOf(target) }, at: this.now() });
      return;
    }
    if (!('id' in msg)) return;
    const action = actionFromMessage(msg);
    if (!action) return;
    const entry: Entry = { action };
    this.entries.push(entry);
    this.running.set(msg.id, entry);
  }

  replied(msg: ReplyMessage): void {
    const entry = this.running.get(msg.id);
    if (!entry) return;
    this.running.delete(msg.id);
    entry.at = typeof msg.atMs === 'number' ? msg.atMs : this.now();
  }

  get boot(): BootRecord | undefined {
    return this.bootRecord;
  }

  /**
   * The log, stamped. The worker runs messages in the order they were sent and its clock never
   * goes back, so the replies' times ascend in that order. A command still running has no reply
   * yet: it gets the latest time known before it (when it started at the latest), and the page's
   * clock for a Ctrl+C (which lags the worker's by at most a frame or a second) is kept in order.
   */
  get actions(): ShareAction[] {
    let at = this.bootRecord?.startMs ?? 0;
    return this.entries.map((e) => {
      at = Math.max(at, e.at ?? at);
      return { ...e.action, at } as ShareAction;
    });
  }

  /** The state a share link carries, or why it cannot be shared. */
  toShareState(buffers: readonly ShareBuffer[], endMs: number): { ok: true; state: ShareState } | { ok: false; why: string } {
    const boot = this.bootRecord;
    if (!boot) return { ok: false, why: 'the cluster has not booted yet' };
    if (boot.startMs === undefined) return { ok: false, why: 'the cluster was booted without a fixed start time' };
    if (this.entries.length > LIMITS.actions) return { ok: false, why: `more than ${LIMITS.actions} actions were run` };
    const actions = this.actions;
    const lastAt = actions.length > 0 ? actions[actions.length - 1].at : boot.startMs;
    const end = Math.max(Math.floor(endMs), lastAt, boot.startMs);
    if (end - boot.startMs > LIMITS.spanMs) return { ok: false, why: 'the cluster has run longer than the 7 virtual days a link may span' };
    return {
      ok: true,
      state: {
        v: SHARE_FORMAT,
        seed: boot.seed,
        nodes: boot.nodes,
        startMs: boot.startMs,
        endMs: end,
        buffers: buffers.slice(0, LIMITS.buffers).map((b) => ({ name: b.name, text: b.text })),
        actions,
      },
    };
  }
}
