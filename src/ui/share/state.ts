// What a share link carries, and the check that turns untrusted JSON into it. The link holds
// the boot parameters, the editor's buffers and the ordered log of state-changing actions the
// user sent to the worker, each stamped with the virtual time it ran at: the simulation is
// deterministic, so replaying the log from the same seed rebuilds the same cluster.
//
// validateShareState is total: any parsed JSON value gives a ShareState or the reason it is not
// one. Every field's type and size is checked, so a hostile link cannot make replay misbehave.

import type { EditTarget } from '../../worker/protocol';

export const SHARE_FORMAT = 1;

/** Limits: a link beyond them is refused (they bound decoding time, memory and replay). */
export const LIMITS = {
  /** Characters of the encoded payload after `v1.` (browsers accept URLs of ~2 MB). */
  encodedChars: 2_000_000,
  /** Bytes of JSON after decompression. */
  jsonBytes: 5 * 1024 * 1024,
  actions: 10_000,
  buffers: 50,
  /** Characters of one text field (a buffer, an applied manifest, stdin). */
  textChars: 1024 * 1024,
  /** Characters of a name or a kubectl/control line. */
  lineChars: 64 * 1024,
  /** Files attached to one kubectl line (`-f NAME` reads the editor's buffers). */
  files: 50,
  nodes: 100,
  /** Virtual time a link may span: replay runs the simulation through all of it. */
  spanMs: 7 * 24 * 3600 * 1000,
} as const;

export type StepMode = 'event' | 'second' | 'nextEvent';

/** One action as the worker received it; `at` is the virtual time (ms) it ran at. */
export type ShareAction =
  | { at: number; op: 'kubectl'; line: string; stdin?: string; files?: Record<string, string> }
  | { at: number; op: 'apply'; text: string; source?: string; dryRun?: 'server' }
  | { at: number; op: 'diff'; text: string; source?: string }
  | { at: number; op: 'saveEdit'; target: EditTarget; text: string; original?: string }
  | { at: number; op: 'control'; line: string }
  | { at: number; op: 'step'; mode: StepMode; maxMs?: number }
  /** Ctrl+C of a running kubectl command: `action` is its index in the log. */
  | { at: number; op: 'cancel'; action: number };

export interface ShareBuffer {
  name: string;
  text: string;
}

export interface ShareState {
  v: typeof SHARE_FORMAT;
  seed: number;
  /** Worker nodes the cluster booted with (their names follow from the count). */
  nodes: number;
  /** Virtual time at boot. */
  startMs: number;
  /** Virtual time when the link was made: replay runs to here and pauses. */
  endMs: number;
  buffers: ShareBuffer[];
  actions: ShareAction[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; why: string };

/** Thrown only inside this module, caught by validateShareState. */
class Invalid extends Error {}

function fail(why: string): never {
  throw new Invalid(why);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function int(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(`${field} must be an integer`);
  if (v < min || v > max) fail(`${field} must be between ${min} and ${max}`);
  return v;
}

function str(v: unknown, field: string, max: number): string {
  if (typeof v !== 'string') fail(`${field} must be a string`);
  if (v.length > max) fail(`${field} is longer than ${max} characters`);
  return v;
}

function optStr(v: unknown, field: string, max: number): string | undefined {
  return v === undefined ? undefined : str(v, field, max);
}

/** Only the listed keys may appear (a typo or an injected field is an error, not ignored). */
function keys(o: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${field} has an unknown field ${JSON.stringify(k.slice(0, 40))}`);
}

/** Latest epoch ms a Date can hold (year 275760). */
const MAX_EPOCH_MS = 8.64e15;

function files(v: unknown, field: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v)) fail(`${field} must be an object`);
  const names = Object.keys(v);
  if (names.length > LIMITS.files) fail(`${field} has more than ${LIMITS.files} files`);
  // A null-prototype copy: a file named `__proto__` stays a file.
  const out: Record<string, string> = Object.create(null);
  for (const n of names) {
    str(n, `${field} name`, LIMITS.lineChars);
    out[n] = str(v[n], `${field}[${JSON.stringify(n.slice(0, 40))}]`, LIMITS.textChars);
  }
  return { ...out };
}

function target(v: unknown, field: string): EditTarget {
  if (!isRecord(v)) fail(`${field} must be an object`);
  keys(v, field, ['kindKey', 'namespace', 'name', 'ref', 'resourceVersion']);
  const t: EditTarget = {
    kindKey: str(v.kindKey, `${field}.kindKey`, LIMITS.lineChars),
    name: str(v.name, `${field}.name`, LIMITS.lineChars),
    ref: str(v.ref, `${field}.ref`, LIMITS.lineChars),
  };
  const namespace = optStr(v.namespace, `${field}.namespace`, LIMITS.lineChars);
  const rv = optStr(v.resourceVersion, `${field}.resourceVersion`, LIMITS.lineChars);
  if (namespace !== undefined) t.namespace = namespace;
  if (rv !== undefined) t.resourceVersion = rv;
  return t;
}

/** Copies the optional fields that are present (absent stays absent, not `undefined`). */
function withOptional<T extends object>(base: T, extra: Record<string, unknown>): T {
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) (base as Record<string, unknown>)[k] = v;
  return base;
}

function action(v: unknown, i: number, startMs: number, endMs: number, prevAt: number, earlier: readonly ShareAction[]): ShareAction {
  const field = `actions[${i}]`;
  if (!isRecord(v)) fail(`${field} must be an object`);
  const at = int(v.at, `${field}.at`, startMs, endMs);
  if (at < prevAt) fail(`${field}.at goes back in time`);
  const T = LIMITS.textChars;
  const L = LIMITS.lineChars;
  switch (v.op) {
    case 'kubectl':
      keys(v, field, ['at', 'op', 'line', 'stdin', 'files']);
      return withOptional({ at, op: 'kubectl', line: str(v.line, `${field}.line`, L) }, { stdin: optStr(v.stdin, `${field}.stdin`, T), files: files(v.files, `${field}.files`) });
    case 'apply':
      keys(v, field, ['at', 'op', 'text', 'source', 'dryRun']);
      if (v.dryRun !== undefined && v.dryRun !== 'server') fail(`${field}.dryRun must be "server"`);
      return withOptional({ at, op: 'apply', text: str(v.text, `${field}.text`, T) }, { source: optStr(v.source, `${field}.source`, L), dryRun: v.dryRun });
    case 'diff':
      keys(v, field, ['at', 'op', 'text', 'source']);
      return withOptional({ at, op: 'diff', text: str(v.text, `${field}.text`, T) }, { source: optStr(v.source, `${field}.source`, L) });
    case 'saveEdit':
      keys(v, field, ['at', 'op', 'target', 'text', 'original']);
      return withOptional({ at, op: 'saveEdit', target: target(v.target, `${field}.target`), text: str(v.text, `${field}.text`, T) }, { original: optStr(v.original, `${field}.original`, T) });
    case 'control':
      keys(v, field, ['at', 'op', 'line']);
      return { at, op: 'control', line: str(v.line, `${field}.line`, L) };
    case 'step': {
      keys(v, field, ['at', 'op', 'mode', 'maxMs']);
      if (v.mode !== 'event' && v.mode !== 'second' && v.mode !== 'nextEvent') fail(`${field}.mode must be event, second or nextEvent`);
      const maxMs = v.maxMs === undefined ? undefined : int(v.maxMs, `${field}.maxMs`, 1, LIMITS.spanMs);
      return withOptional({ at, op: 'step', mode: v.mode }, { maxMs });
    }
    case 'cancel': {
      keys(v, field, ['at', 'op', 'action']);
      const target = int(v.action, `${field}.action`, 0, i - 1);
      if (earlier[target].op !== 'kubectl') fail(`${field}.action must name a kubectl action`);
      return { at, op: 'cancel', action: target };
    }
    default:
      return fail(`${field}.op must be one of kubectl, apply, diff, saveEdit, control, step, cancel`);
  }
}

/** Checks parsed JSON against the ShareState shape and limits; never throws. */
export function validateShareState(v: unknown): Checked<ShareState> {
  try {
    if (!isRecord(v)) fail('the payload is not an object');
    keys(v, 'the payload', ['v', 'seed', 'nodes', 'startMs', 'endMs', 'buffers', 'actions']);
    if (v.v !== SHARE_FORMAT) fail(`format version ${JSON.stringify(v.v)} is not supported (expected ${SHARE_FORMAT})`);
    const seed = int(v.seed, 'seed', 0, 2 ** 31 - 1);
    const nodes = int(v.nodes, 'nodes', 0, LIMITS.nodes);
    const startMs = int(v.startMs, 'startMs', 0, MAX_EPOCH_MS);
    const endMs = int(v.endMs, 'endMs', startMs, Math.min(MAX_EPOCH_MS, startMs + LIMITS.spanMs));
    if (!Array.isArray(v.buffers)) fail('buffers must be a list');
    if (v.buffers.length > LIMITS.buffers) fail(`more than ${LIMITS.buffers} buffers`);
    const buffers = v.buffers.map((b: unknown, i: number): ShareBuffer => {
      if (!isRecord(b)) fail(`buffers[${i}] must be an object`);
      keys(b, `buffers[${i}]`, ['name', 'text']);
      const name = str(b.name, `buffers[${i}].name`, 256);
      if (name.trim() === '') fail(`buffers[${i}].name is empty`);
      return { name, text: str(b.text, `buffers[${i}].text`, LIMITS.textChars) };
    });
    if (!Array.isArray(v.actions)) fail('actions must be a list');
    if (v.actions.length > LIMITS.actions) fail(`more than ${LIMITS.actions} actions`);
    const actions: ShareAction[] = [];
    let prev = startMs;
    for (let i = 0; i < v.actions.length; i++) {
      const a = action(v.actions[i], i, startMs, endMs, prev, actions);
      actions.push(a);
      prev = a.at;
    }
    return { ok: true, value: { v: SHARE_FORMAT, seed, nodes, startMs, endMs, buffers, actions } };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, why: e.message };
    return { ok: false, why: `unexpected content (${e instanceof Error ? e.message : String(e)})` };
  }
}
