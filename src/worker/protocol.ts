// The one protocol between the UI thread and the simulation worker. Typed here, versioned:
// bump PROTOCOL_VERSION on any incompatible change. Only type imports from src/sim, so the UI
// bundle never pulls the simulation in.
//
// Flow: UI sends `boot`; the worker answers `ready` with the full initial list, then streams
// `batch`es (list+watch semantics, at most one per animation frame, squashed, keyed by uid).
// Commands (`kubectl`, `apply`) carry an id; their `reply` follows the batch holding their effects.

import type { KObject, Status } from '../sim/api/types';
import type { KubectlResult } from '../sim/kubectl';
import type { ApplyReport } from '../sim/kubectl/apply';

export const PROTOCOL_VERSION = 1;

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
}

export interface KubectlRequest {
  type: 'kubectl';
  id: number;
  line: string;
}

export interface ApplyRequest {
  type: 'apply';
  id: number;
  text: string;
}

export interface ClockMessage {
  type: 'clock';
  playing: boolean;
  /** Virtual ms per wall ms (1 = real time). */
  speed: number;
}

export type ToWorker = BootMessage | KubectlRequest | ApplyRequest | ClockMessage;

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
}

export type CommandResult =
  | { ok: true; op: 'kubectl'; value: KubectlResult }
  | { ok: true; op: 'apply'; value: ApplyReport }
  | { ok: false; status: Status };

export interface ReplyMessage {
  type: 'reply';
  id: number;
  result: CommandResult;
}

/** Something failed outside a command (boot, the clock loop, a malformed message). */
export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type FromWorker = ReadyMessage | BatchMessage | ReplyMessage | ErrorMessage;

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
