// What every kubectl verb gets: the cluster, the client's I/O and session, and output buffers.
import type { Cluster } from '../cluster';
import type { KindInfo } from '../api/kinds';
import { qualifiedSingular } from '../api/kinds';
import type { KObject, Status } from '../api/types';
import type { KubectlWait } from './wait';

export interface KubectlIO {
  /** Reads a file named on the command line (`-f web.yaml`), relative to the caller's directory. */
  readFile?(path: string): string | undefined;
  /** Lists a directory for `-f DIR`, when the caller has directories. */
  listDir?(path: string): string[] | undefined;
  /** Standard input (`-f -`, heredocs). */
  stdin?: string;
  /**
   * The client can interrupt a command (the browser terminal's Ctrl+C): commands that run until
   * interrupted (`port-forward` without `&`) stay in the foreground. A transcript cannot.
   */
  interactive?: boolean;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as a terminal shows them. */
  output: string;
  exitCode: number;
}

/** kubectl's client-side state (the kubeconfig context). */
export interface KubectlSession {
  namespace: string;
}

export class ExitError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A piece of a command's output, as a terminal receives it (always whole lines). */
export interface OutputChunk {
  stream: 'out' | 'err';
  text: string;
}

export class Ctx {
  /** Output in the order it was written, tagged by stream (a terminal interleaves them). */
  private lines: { stream: 'out' | 'err'; text: string }[] = [];
  /** Whether some output was already handed out by `takeOutput` (a streaming command). */
  streamed = false;
  exitCode = 0;
  /**
   * What the command still waits for (`get -w`, `rollout status`, `wait`, `logs -f`, `delete`):
   * a verb registers it with `waitFor` and returns; a driver feeds it as virtual time passes
   * (see process.ts). One at a time; a wait's `finish` may register the next.
   */
  waiting: KubectlWait | undefined;

  constructor(
    readonly cluster: Cluster,
    readonly io: KubectlIO,
    /** The namespace in effect: `-n`, else the context's. */
    readonly namespace: string,
    /** Whether `-n` was given explicitly. */
    readonly namespaceFlag: boolean,
  ) {}

  out(text: string): void {
    this.lines.push({ stream: 'out', text });
  }

  err(text: string): void {
    this.lines.push({ stream: 'err', text });
  }

  /** Makes the command long-running: it ends when `w` is done, times out or is cancelled. */
  waitFor(w: KubectlWait): void {
    if (this.waiting) throw new Error('a kubectl command waits for one thing at a time');
    this.waiting = w;
  }

  /** The output written since the last call, as whole lines, merged per stream run. */
  takeOutput(): OutputChunk[] {
    const chunks: OutputChunk[] = [];
    for (const l of this.lines) {
      const text = l.text.endsWith('\n') ? l.text : `${l.text}\n`;
      const last = chunks[chunks.length - 1];
      if (last && last.stream === l.stream) last.text += text;
      else chunks.push({ stream: l.stream, text });
    }
    if (chunks.length > 0) this.streamed = true;
    this.lines = [];
    return chunks;
  }

  /** Reports an error as kubectl's CheckErr does and marks the command failed. */
  fail(message: string): void {
    this.err(message);
    this.exitCode = 1;
  }

  failStatus(s: Status, source?: { verb: string; file: string }): void {
    this.fail(formatStatusError(s, source));
  }

  /** Everything written (after the last `takeOutput`, when the command streamed). */
  result(): KubectlResult {
    const join = (stream?: 'out' | 'err') =>
      this.lines
        .filter((l) => !stream || l.stream === stream)
        .map((l) => (l.text.endsWith('\n') ? l.text : `${l.text}\n`))
        .join('');
    return { stdout: join('out'), stderr: join('err'), output: join(), exitCode: this.exitCode };
  }
}

/** `deployment.apps/web` — kubectl's resource/name form. */
export function refOf(info: KindInfo, o: KObject | string): string {
  return `${qualifiedSingular(info)}/${typeof o === 'string' ? o : o.metadata.name}`;
}

/** kubectl's rendering of an API error (cmdutil.CheckErr / StandardErrorMessage). */
export function formatStatusError(s: Status, source?: { verb: string; file: string }): string {
  if (s.reason === 'Invalid' && s.details?.causes && s.details.causes.length > 0) {
    const kind = invalidKind(s);
    const head = `The ${kind} "${s.details.name ?? ''}" is invalid: `;
    const causes = s.details.causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    return causes.length === 1 ? head + causes[0] : `${head}\n${causes.map((c) => `* ${c}`).join('\n')}`;
  }
  const message = source ? `error when ${source.verb} "${source.file}": ${s.message}` : s.message;
  return s.reason ? `Error from server (${s.reason}): ${message}` : `Error from server: ${message}`;
}

function invalidKind(s: Status): string {
  const k = s.details?.kind ?? '';
  // details.kind is the Kind for Invalid errors (NewInvalid uses the qualified kind).
  return k;
}
