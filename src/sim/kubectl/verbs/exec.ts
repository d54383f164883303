// kubectl exec: `POD [-c C] [-i] [-t] -- CMD ARGS`, `TYPE/NAME`. The command is interpreted in
// the container (cat, env, ls, sh -c …, curl/wget against the simulated network); it takes
// virtual time (`sleep 5` waits 5 s). A non-zero exit prints "command terminated with exit code N".
import { parseDuration } from '../../core/time';
import { KUBELET_SERVICE, type KubeletService } from '../../node/kubelet';
import { flagBool, flagString, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError } from '../context';
import { GLOBAL_FLAGS } from '../flags';
import { waitUntil } from '../wait';
import { defaultContainer, podForObject } from './podselect';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  { name: 'container', short: 'c', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'pod-running-timeout', type: 'string' },
];

const MAX_EXEC_MS = 10 * 60 * 1000;

export function execCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  if (a.positional.length === 0) throw new ExitError('error: pod, type/name or --filename must be specified');
  if (a.positional.length > 1) throw new ExitError("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples");
  const argv = a.rest ?? [];
  if (argv.length === 0) throw new ExitError('error: you must specify at least one command for the container');
  const svc = ctx.cluster.service<KubeletService>(KUBELET_SERVICE);
  if (!svc) throw new ExitError('error: the server could not find the requested resource');
  const pod = podForObject(ctx, a.positional[0]);
  const quiet = flagBool(a, 'quiet');
  const stdinOn = flagBool(a, 'stdin');
  if (flagBool(a, 'tty') && stdinOn && !quiet) ctx.err('Unable to use a TTY - input is not a terminal or the right kind of file');
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new ExitError(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);
  let container: string = flagString(a, 'container') ?? '';
  if (!container) container = quiet ? (pod.spec?.containers?.[0]?.name ?? '') : defaultContainer(ctx, pod);
  const stdin = stdinOn && ctx.io.stdin !== undefined ? ctx.io.stdin.replace(/\n$/, '').split('\n') : undefined;
  const timeoutFlag = flagString(a, 'request-timeout');
  const maxMs = timeoutFlag && timeoutFlag !== '0' ? (parseDuration(/^\d+$/.test(timeoutFlag) ? `${timeoutFlag}s` : timeoutFlag) ?? MAX_EXEC_MS) : MAX_EXEC_MS;
  const out = svc.exec(pod.metadata.namespace!, pod.metadata.name!, container, argv, stdin, maxMs);
  if (out.kind === 'upgrade') throw new ExitError(`error: unable to upgrade connection: ${out.message}`);
  if (out.kind === 'internal') throw new ExitError(`error: Internal error occurred: ${out.message}`);
  if (out.kind === 'server') {
    throw new ExitError(formatStatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: out.error, reason: out.reason, code: 400 }));
  }
  const r = out.result;
  for (const l of r.lines) (l.err ? ctx.err.bind(ctx) : ctx.out.bind(ctx))(l.text);
  if (r.durationMs > 0) waitUntil(ctx.cluster, () => false, r.durationMs);
  if (r.code !== 0) {
    ctx.err(`command terminated with exit code ${r.code}`);
    ctx.exitCode = r.code;
  }
}
