// The one protocol between the UI thread and the simulation worker. Typed here, versioned:
// bump PROTOCOL_VERSION on any incompatible change. Only type imports from src/sim, so the UI
// bundle never pulls the simulation in.
//
// Flow: UI sends `boot`; the worker answers `ready` with the full initial list, then streams
// `batch`es (list+watch semantics, at most one per animation frame, squashed, keyed by uid).
// Commands (`kubectl`, `apply`, `diff`, `openEdit`, `saveEdit`) carry an id; their `reply`
// follows the batch holding their effects. A long-running kubectl command (`get -w`, `rollout
// status`, `wait`, `logs -f`, `delete`) streams `output` chunks as the worker's clock feeds it
// (after each batch), then replies when it ends by itself; `cancel` (Ctrl+C) ends it at once
// with exit code 130. While the clock is paused it simply waits.

import type { KindInfo } from '../sim/api/kinds';
import type { KObject, Status } from '../sim/api/types';
import type { KubectlResult } from '../sim/kubectl';
import type { EditTarget } from '../sim/kubectl/verbs/edit';
import type { ControlResult } from '../sim/controls';
import type { SchedulingDecision } from '../sim/scheduler/types';

export const PROTOCOL_VERSION = 2;

export type { EditTarget };

/** An API object as the UI mirrors it: the object plus its `group/Kind` key (e.g. `apps/Deployment`). */
export interface ObjectEntry {
  kindKey: string;
  object: KObject;
}

// ---- UI → worker ---------------------------------------------------------------------------

export interface BootMessage {
  type: 'boot';
  version: number;
  seed: number;
  /** Worker nodes beside the control plane. */
  nodes: number;
  /** Virtual time at boot, ms since the epoch; omitted = the current date, to the second. */
  startMs?: number;
  /**
   * Restart from a snapshot the previous worker sent (it died), as it sent it (SnapshotMessage
   * `json`): the cluster continues from it; seed, nodes and startMs are ignored.
   */
  snapshot?: ArrayBuffer;
  /** The clock to start with (a restart keeps the user's); default playing at 1×. */
  playing?: boolean;
  speed?: number;
}

export interface KubectlRequest {
  type: 'kubectl';
  id: number;
  line: string;
  /** Standard input (a heredoc: `kubectl apply -f - <<EOF`). */
  stdin?: string;
  /** Files `-f NAME` can read: the editor's open buffers by name. */
  files?: Record<string, string>;
}

/** Apply a buffer from the editor, document by document, as `kubectl apply -f NAME` does. */
export interface ApplyRequest {
  type: 'apply';
  id: number;
  text: string;
  /** The file name kubectl messages show (the buffer's name); default `STDIN`. */
  source?: string;
  /** `server`: validate and default without storing anything (the defaulted objects come back). */
  dryRun?: 'server';
}

/** What `kubectl apply` of a buffer would change: live and merged YAML per object. */
export interface DiffRequest {
  type: 'diff';
  id: number;
  text: string;
  source?: string;
}

/** Read a live object for editing (managed fields stripped). */
export interface OpenEditRequest {
  type: 'openEdit';
  id: number;
  kindKey: string;
  namespace?: string;
  name: string;
}

/** Write an edited object back at the version it was opened at (a Conflict otherwise). */
export interface SaveEditRequest {
  type: 'saveEdit';
  id: number;
  target: EditTarget;
  text: string;
  /**
   * The object as it was opened: the save is refused when someone else changed the object's
   * spec or metadata since (status updates by controllers do not count). Without it, the
   * object's resourceVersion must not have changed at all.
   */
  original?: string;
}

/** Stop a running command (Ctrl+C): its reply follows with exit code 130. Unknown ids are ignored. */
export interface CancelRequest {
  type: 'cancel';
  id: number;
}

export interface ClockMessage {
  type: 'clock';
  playing: boolean;
  /** Virtual ms per wall ms (1 = real time). */
  speed: number;
}

/** Runs one `kubeplay ...` simulator control line (faults, nodes). */
export interface ControlRequest {
  type: 'control';
  id: number;
  line: string;
}

/** The scheduler's latest decision record for a pod (by uid); null when it has none. */
export interface DecisionRequest {
  type: 'decision';
  id: number;
  podUid: string;
}

/**
 * Moves virtual time by hand (the clock is usually paused): `event` runs one queued event,
 * `second` advances 1 s, `nextEvent` runs until an Event object is recorded (at most `maxMs`),
 * `to` runs everything due up to the absolute virtual time `atMs` (nothing when it is not in the
 * future; share-link replay uses it to run each action at its recorded time).
 */
export interface StepRequest {
  type: 'step';
  id: number;
  mode: 'event' | 'second' | 'nextEvent' | 'to';
  maxMs?: number;
  /** `to`: the virtual time to advance to, ms since the epoch. */
  atMs?: number;
}

export interface StepResult {
  nowMs: number;
  /** Virtual ms moved. */
  advancedMs: number;
}

export type ToWorker =
  | ControlRequest
  | DecisionRequest
  | StepRequest
  | BootMessage
  | KubectlRequest
  | ApplyRequest
  | DiffRequest
  | OpenEditRequest
  | SaveEditRequest
  | CancelRequest
  | ClockMessage;

// ---- worker → UI ---------------------------------------------------------------------------

export interface ReadyMessage {
  type: 'ready';
  version: number;
  /** The resourceVersion the initial list is consistent with; batches continue after it. */
  snapshotRv: number;
  nowMs: number;
  playing: boolean;
  speed: number;
  objects: ObjectEntry[];
  /** The kinds the API serves (built-in and from CRDs): resource names for completion. */
  kinds: KindInfo[];
}

/**
 * Changes since the previous batch, squashed per uid: an object added then modified is only in
 * `added` (latest state); added then removed appears nowhere; `removed` lists uids.
 */
export interface BatchMessage {
  type: 'batch';
  /** resourceVersion of the last change included. */
  rv: number;
  nowMs: number;
  added: Record<string, ObjectEntry>;
  updated: Record<string, ObjectEntry>;
  removed: string[];
  /** The served kinds, when they changed (a CRD was added or removed). */
  kinds?: KindInfo[];
  /** Traffic generator activity since the previous batch (absent when nothing changed). */
  traffic?: TrafficBatch;
  /**
   * More of this frame's changes follow at once in the next batch (a large one is split, see
   * MAX_BATCH_ENTRIES): the mirror matches `rv` only after the batch without `more`.
   */
  more?: true;
}

/**
 * At most this many objects per batch message. The page deserialises a message in one task when
 * it reads it; the catch-up after a pause (a snapshot, a long step) carried ~1,000 pods and
 * their Events in one message, 50–100 ms of the page's main thread. Split, the page can draw
 * frames between the parts (src/ui/inbox.ts reads them within a per-frame budget).
 */
export const MAX_BATCH_ENTRIES = 50;

/** One request of the traffic generator, as the network view animates it. */
export interface TrafficRecord {
  seq: number;
  /** Virtual time the request was sent. */
  atMs: number;
  /** The generator (`kubeplay traffic start NAME`). */
  client: string;
  ok: boolean;
  status?: number;
  /** Why it failed (`no endpoints`, `connection refused`, `HTTP 503`, …). */
  reason?: string;
  /** The answering pod, `namespace/name`. */
  pod?: string;
  /** The Service that routed it, `namespace/name`. */
  service?: string;
  /** The Ingress that routed it, `namespace/name`. */
  ingress?: string;
}

/** A generator's totals since it started. */
export interface TrafficClientTotals {
  name: string;
  url: string;
  rps: number;
  running: boolean;
  sent: number;
  succeeded: number;
  /** Failure reason → count. */
  failed: Record<string, number>;
  /** Answering pod (`namespace/name`) → count. */
  byPod: Record<string, number>;
}

/**
 * The traffic since the last batch: new request records (at most MAX_TRAFFIC_RECORDS, evenly
 * sampled when more were sent; `dropped` counts the rest) and every generator's totals.
 */
export interface TrafficBatch {
  /** The last request sequence number seen; records continue after it. */
  lastSeq: number;
  records: TrafficRecord[];
  dropped: number;
  clients: TrafficClientTotals[];
}

export const MAX_TRAFFIC_RECORDS = 200;

/** A problem in an editor buffer, placed on its line (1-based) and field. */
export interface EditorDiagnostic {
  message: string;
  line: number;
  column?: number;
  /** The field path (`spec.template.spec.containers[0].image`) when the error names one. */
  field?: string;
  docIndex?: number;
  severity: 'error' | 'warning';
}

export interface EditorApplyResult {
  /** `deployment.apps/web` */
  ref: string;
  action: 'created' | 'configured' | 'unchanged';
  /** The line kubectl prints: `deployment.apps/web created (server dry run)`. */
  text: string;
  /** Dry run: the defaulted object as YAML. */
  yaml?: string;
}

export interface EditorApplyReport {
  results: EditorApplyResult[];
  /** Every error as kubectl prints it (the summary). */
  errors: string[];
  warnings: string[];
  /** The errors placed on lines, one per offending field. */
  diagnostics: EditorDiagnostic[];
}

export interface EditorDiffEntry {
  /** `apps.v1.Deployment.default.web` */
  name: string;
  ref: string;
  /** Live YAML; undefined for an object that does not exist yet. */
  live?: string;
  merged: string;
  changed: boolean;
}

export interface EditorDiffReport {
  entries: EditorDiffEntry[];
  errors: string[];
  diagnostics: EditorDiagnostic[];
  /** What `kubectl diff -f` prints. */
  unified: string;
}

export interface OpenEditResult {
  text: string;
  target: EditTarget;
}

export interface SaveEditResult {
  ok: boolean;
  /** `deployment.apps/web edited`, or the error as kubectl prints it. */
  message: string;
  /** The object changed since it was opened: nothing was written. */
  conflict: boolean;
  diagnostics: EditorDiagnostic[];
  /** After a save: the target at its new version. */
  target?: EditTarget;
}

export interface KubectlReply extends KubectlResult {
  /** `kubectl edit`: objects to open in the editor. */
  openEditor?: EditTarget[];
  /** The context's namespace after the command (`config set-context --current --namespace`). */
  namespace?: string;
  /**
   * The command streamed: part of its output went out in `output` messages before this reply,
   * and stdout/stderr/output here hold only the rest.
   */
  streamed?: boolean;
}

export type CommandResult =
  | { ok: true; op: 'kubectl'; value: KubectlReply }
  | { ok: true; op: 'apply'; value: EditorApplyReport }
  | { ok: true; op: 'diff'; value: EditorDiffReport }
  | { ok: true; op: 'openEdit'; value: OpenEditResult }
  | { ok: true; op: 'saveEdit'; value: SaveEditResult }
  | { ok: true; op: 'control'; value: ControlResult }
  | { ok: true; op: 'decision'; value: SchedulingDecision | null }
  | { ok: true; op: 'step'; value: StepResult }
  | { ok: false; status: Status };

export interface ReplyMessage {
  type: 'reply';
  id: number;
  result: CommandResult;
  /** Virtual time the command started at (the share link's action log stamps actions with it). */
  atMs?: number;
}

/** Output of a running command, before its reply (for commands that stream): whole lines. */
export interface OutputMessage {
  type: 'output';
  id: number;
  stream: 'out' | 'err';
  text: string;
}

/** Something failed outside a command (boot, the clock loop, a malformed message). */
export interface ErrorMessage {
  type: 'error';
  message: string;
}

/**
 * The whole cluster state, sent now and then (a few wall seconds apart while it changes, sooner
 * after a command; never more than a small share of the worker's time) so that the UI can start
 * a new worker from it if this one dies. The state travels as UTF-8 JSON in a transferred
 * buffer: the UI thread keeps it without ever parsing or copying it (megabytes at scale).
 */
export interface SnapshotMessage {
  type: 'snapshot';
  /** Virtual time of the snapshot. */
  nowMs: number;
  /** The resourceVersion it is consistent with. */
  rv: number;
  /** UTF-8 JSON of a ClusterSnapshot (without the store's watch log). */
  json: ArrayBuffer;
}

export type FromWorker = ReadyMessage | BatchMessage | ReplyMessage | OutputMessage | ErrorMessage | SnapshotMessage;

// ---- helpers shared by both sides ---------------------------------------------------------

/** The mirror key of an object: its uid, or a stable fallback for objects without one. */
export function mirrorKey(kindKey: string, o: KObject): string {
  return o.metadata.uid ?? `${kindKey}|${o.metadata.namespace ?? ''}|${o.metadata.name ?? ''}`;
}

export function internalErrorStatus(message: string): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    code: 500,
  };
}
