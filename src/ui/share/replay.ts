// Replays a share link's action log through the bridge: before each action, the worker runs
// the clock forward to the action's recorded virtual time (`step` mode `to`), then runs the
// action; at the end it runs to the time the link was made. The clock stays paused throughout
// (the caller pauses it before boot), so wall-clock speed plays no part: the same seed and the
// same actions at the same virtual times give the same cluster.
//
// Everything is posted at once without waiting for replies (the worker runs messages in order),
// so a long log costs no round trips. Replay ends with the reply to the last step: a kubectl
// command still running then (a `port-forward` nobody stopped) runs on, as it did when shared.

import type { CommandResult, EditTarget } from '../../worker/protocol';
import type { ShareAction, ShareState, StepMode } from './state';

/** The parts of Bridge replay uses (tests pass a fake). */
export interface ReplayBridge {
  startKubectl(line: string, opts?: { stdin?: string; files?: Record<string, string> }): { id: number; result: Promise<CommandResult> };
  cancel(id: number): void;
  apply(text: string, opts?: { source?: string; dryRun?: 'server' }): Promise<CommandResult>;
  diff(text: string, source?: string): Promise<CommandResult>;
  saveEdit(target: EditTarget, text: string, original?: string): Promise<CommandResult>;
  control(line: string): Promise<CommandResult>;
  step(mode: StepMode, maxMs?: number): Promise<CommandResult>;
  stepTo(atMs: number): Promise<CommandResult>;
}

export interface ReplayReport {
  /** Actions replayed. */
  actions: number;
  /** Actions whose command failed (they failed when recorded too, or the link was tampered). */
  failed: number;
  /** kubectl commands with no reply yet when the last step replied (still running, or ending in that step). */
  running: number;
  /** Virtual time replay ended at. */
  nowMs?: number;
  /** Set when the simulation itself refused (it died, or a step failed). */
  error?: string;
}

/** Runs one action; a kubectl command's request id goes in `ids` (a later Ctrl+C names it). */
function run(bridge: ReplayBridge, a: ShareAction, index: number, ids: Map<number, number>): Promise<CommandResult> | undefined {
  switch (a.op) {
    case 'kubectl': {
      const started = bridge.startKubectl(a.line, { stdin: a.stdin, files: a.files });
      ids.set(index, started.id);
      return started.result;
    }
    case 'cancel': {
      const id = ids.get(a.action);
      if (id !== undefined) bridge.cancel(id);
      return undefined;
    }
    case 'apply':
      return bridge.apply(a.text, { source: a.source, dryRun: a.dryRun });
    case 'diff':
      return bridge.diff(a.text, a.source);
    case 'saveEdit':
      return bridge.saveEdit(a.target, a.text, a.original);
    case 'control':
      return bridge.control(a.line);
    case 'step':
      return bridge.step(a.mode, a.maxMs);
  }
}

/** Whether a command's result reports a failure (a Status, or a non-zero exit). */
function failedResult(r: CommandResult): boolean {
  if (!r.ok) return true;
  switch (r.op) {
    case 'kubectl':
    case 'control':
      return r.value.exitCode !== 0;
    case 'apply':
    case 'diff':
      return r.value.errors.length > 0;
    case 'saveEdit':
      return !r.value.ok;
    default:
      return false;
  }
}

export async function replayShare(bridge: ReplayBridge, state: ShareState): Promise<ReplayReport> {
  const steps: Promise<CommandResult>[] = [];
  const settled: CommandResult[] = [];
  const ids = new Map<number, number>();
  let pending = 0;
  let lastAt = -Infinity;
  state.actions.forEach((a, i) => {
    if (a.at > lastAt) steps.push(bridge.stepTo(a.at));
    lastAt = a.at;
    const result = run(bridge, a, i, ids);
    if (result) {
      pending++;
      void result.then((r) => {
        pending--;
        settled.push(r);
      });
    }
  });
  const end = bridge.stepTo(state.endMs);
  const [stepResults, endResult] = await Promise.all([Promise.all(steps), end]);
  // Replies the worker sent before the last step's have been handled by now (they came first).
  await Promise.resolve();
  const report: ReplayReport = { actions: state.actions.length, failed: settled.filter(failedResult).length, running: pending };
  const broken = [...stepResults, endResult].find((r) => !r.ok);
  if (broken && !broken.ok) report.error = broken.status.message;
  if (endResult.ok && endResult.op === 'step') report.nowMs = endResult.value.nowMs;
  return report;
}
