// The shell's world: the host a script runs on (files, network, processes) and what a run produces.
import type { OsFlavor } from '../../images/types';

export interface FsView {
  read(path: string, atMs: number): string | undefined;
  isDir(path: string, atMs: number): boolean;
  list(path: string, atMs: number): string[] | undefined;
}

export interface HttpResult {
  /** undefined: the connection failed (`reason` says why). */
  status?: number;
  body?: string;
  reason?: 'refused' | 'resolve' | 'timeout' | 'empty';
  ip?: string;
}

/** The machine a script runs on: the container's image, pod and network. */
export interface ShellHost {
  os: OsFlavor;
  /** Absolute virtual time at clock 0. */
  startMs: number;
  hostname: string;
  /** Whether a command exists in the image (busybox applets, coreutils, extra tools). */
  has(cmd: string): boolean;
  fs: FsView;
  http(method: string, url: string, body: string | undefined, atMs: number, userAgent: string): HttpResult;
  procs(): string[];
  fortune(atMs: number): string;
  /** Runs a non-shell program found in the image (the image's own binary). Exit code, or undefined when unknown. */
  exec?(argv: string[], atMs: number): { code: number; out: string[]; stderr?: boolean } | undefined;
}

export interface Line {
  at: number;
  text: string;
  err?: boolean;
}

export interface FsOp {
  at: number;
  path: string;
  /** null: deleted; '\0dir': a directory. */
  content: string | null;
}

export interface RunResult {
  lines: Line[];
  fsOps: FsOp[];
  exit?: { at: number; code: number };
  /** How far the clock got. */
  clock: number;
  /** Spinning without ever sleeping (a CPU hog). */
  busy: boolean;
  /** A periodic loop was detected after `logsBefore`: it never ends. */
  forever: boolean;
}

export interface RunOptions {
  /** Stop evaluating past this clock (relative ms). */
  horizonMs: number;
  /** Lines are needed up to this clock; periodic loops are skipped up to the last `maxLines` before it. */
  logsBeforeMs: number;
  maxLines?: number;
  vars: Record<string, string>;
  /** $0, $1, … */
  args?: string[];
  stdin?: string[];
  shell?: 'sh' | 'bash';
}
