// Runs a transcript against a fresh cluster and renders what a terminal would show: each command
// echoed as `$ LINE` (heredoc lines as `> ...`), then its output.
import { Cluster, type ClusterOptions } from '../cluster';
import type { KubectlIO } from '../kubectl';
import { parseTranscript } from './parse';

export interface TranscriptOptions extends ClusterOptions {
  /** Stop at the first failing command. */
  strict?: boolean;
  /** Virtual time each command takes, as a person typing at a terminal. Default 1s. */
  paceMs?: number;
  /** File access for `-f` (paths relative to the transcript). */
  io?: Omit<KubectlIO, 'stdin'>;
}

export interface TranscriptResult {
  output: string;
  /** The first failing command's exit code (0 when every command succeeded). */
  exitCode: number;
  failures: number;
  cluster: Cluster;
}

export const DEFAULT_PACE_MS = 1000;

export function runTranscript(text: string, opts: TranscriptOptions = {}): TranscriptResult {
  const cluster = new Cluster(opts);
  const pace = opts.paceMs ?? DEFAULT_PACE_MS;
  let output = '';
  let failures = 0;
  let exitCode = 0;
  // What background jobs (`kubectl port-forward`, network/portforward.ts) printed meanwhile: a
  // terminal shows it between the prompts.
  const background = () => cluster.service<{ takeOutputText(): string }>('portForward')?.takeOutputText() ?? '';
  for (const step of parseTranscript(text)) {
    output += background();
    if (step.kind === 'comment') {
      output += `${step.line}\n`;
      continue;
    }
    // The heredoc's last line is its delimiter: echo the one the transcript used.
    output += `$ ${step.line}${step.kind === 'kubectl' && step.heredoc ? ` <<${step.heredoc[step.heredoc.length - 1]}` : ''}\n`;
    if (step.kind === 'kubectl' && step.heredoc) for (const l of step.heredoc) output += `> ${l}\n`;
    let code = 0;
    if (step.kind === 'error') {
      output += `${step.message}\n`;
      code = 127;
    } else if (step.kind === 'sleep') {
      cluster.advance(step.ms);
      continue;
    } else if (step.kind === 'kubeplay') {
      const r = cluster.control(step.line);
      output += r.output;
      code = r.exitCode;
    } else {
      const r = cluster.kubectl(step.line, { ...opts.io, stdin: step.stdin });
      output += r.output;
      code = r.exitCode;
    }
    if (code !== 0) {
      failures++;
      if (exitCode === 0) exitCode = code;
      if (opts.strict) break;
    }
    cluster.advance(pace);
  }
  output += background();
  return { output, exitCode, failures, cluster };
}
