// kubectl logs: `POD [CONTAINER]`, `TYPE/NAME` (deploy, rs, sts, ds, job, svc…: one of its
// pods), `-c`, `--all-containers`, `-p`, `--tail`, `--since`, `--timestamps`, `--prefix`, `-l`,
// `-f` (a process fed as virtual time passes, until the container ends, `--request-timeout` or Ctrl+C).
import type { KObject } from '../../api/types';
import { isSelectorError, parseLabelSelector } from '../../api/selectors';
import { parseDuration } from '../../core/time';
import { rfc3339Nano } from '../../node/images/timefmt';
import { KUBELET_SERVICE, type KubeletService } from '../../node/kubelet';
import type { Line } from '../../node/runtime/shell/interp';
import { flagBool, flagInt, flagString, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError } from '../context';
import { GLOBAL_FLAGS } from '../flags';
import { requestTimeoutMs } from '../wait';
import { containerNames, defaultContainer, podForObject } from './podselect';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  { name: 'container', short: 'c', type: 'string' },
  { name: 'previous', short: 'p', type: 'bool' },
  { name: 'follow', short: 'f', type: 'bool' },
  { name: 'tail', type: 'int' },
  { name: 'timestamps', type: 'bool' },
  { name: 'since', type: 'string' },
  { name: 'since-time', type: 'string' },
  { name: 'all-containers', type: 'bool' },
  { name: 'prefix', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'limit-bytes', type: 'int' },
  { name: 'ignore-errors', type: 'bool' },
  { name: 'max-log-requests', type: 'int' },
  { name: 'pod-running-timeout', type: 'string' },
  { name: 'insecure-skip-tls-verify-backend', type: 'bool' },
  { name: 'all-pods', type: 'bool' },
];

const USAGE = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";
/** How long `logs -f` follows in a transcript without --request-timeout (kubectl: until the container ends). */
const DEFAULT_FOLLOW_MS = 10 * 60 * 1000;
/** How often (virtual ms) a follow re-reads a running container's log. */
const FOLLOW_FETCH_MS = 1000;

export function logsCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  const selector = flagString(a, 'selector');
  if ((a.positional.length === 0 && selector === undefined) || a.positional.length > 2) throw new ExitError(USAGE);
  let container = flagString(a, 'container') ?? a.positional[1];
  const svc = ctx.cluster.service<KubeletService>(KUBELET_SERVICE);
  if (!svc) throw new ExitError('error: the server could not find the requested resource');

  let pods: KObject[];
  if (selector !== undefined) {
    const info = ctx.cluster.kinds.byKind('Pod')!;
    const sel = parseLabelSelector(selector);
    if (isSelectorError(sel)) throw new ExitError(`error: ${sel.error}`);
    pods = ctx.cluster.api.list(info, ctx.namespace).filter((p) => sel.matches(p.metadata.labels ?? {}));
    if (pods.length === 0) {
      ctx.err(`No resources found in ${ctx.namespace} namespace.`);
      return;
    }
  } else {
    const found = podForObject(ctx, a.positional[0]);
    pods = [found];
  }
  const tail = flagInt(a, 'tail') ?? (selector !== undefined ? 10 : -1);
  const sinceMs = sinceCutoff(ctx, flagString(a, 'since'), flagString(a, 'since-time'));
  const prefixAll = flagBool(a, 'prefix');
  const timestamps = flagBool(a, 'timestamps');
  const previous = flagBool(a, 'previous');

  const targets: { pod: KObject; container: string }[] = [];
  for (const pod of pods) {
    if (flagBool(a, 'all-containers')) {
      for (const c of containerNames(pod, true)) targets.push({ pod, container: c });
      continue;
    }
    let name = container;
    if (!name) name = defaultContainer(ctx, pod);
    else if (!containerNames(pod, true).includes(name)) throw new ExitError(`error: container ${name} is not valid for pod ${pod.metadata.name}`);
    targets.push({ pod, container: name });
  }

  const render: Render = (pod, c, lines, all = false, index = 0) => {
    let out = lines.filter((l) => sinceMs === undefined || l.at >= sinceMs);
    if (tail >= 0 && !all) out = tail === 0 ? [] : out.slice(-tail);
    const prefix = prefixAll ? `[pod/${pod.metadata.name}/${c}] ` : '';
    return out.map((l, i) => `${prefix}${timestamps ? `${rfc3339Nano(l.at, ((index + i) * 7919 + l.at) % 997 * 1000 + 1)} ` : ''}${l.text}`);
  };

  const follow = flagBool(a, 'follow');
  const timeoutMs = requestTimeoutMs(flagString(a, 'request-timeout'));
  // Containers in order; following one is a wait whose end goes on with the next (as the
  // transcript always did: one container after the other).
  const from = (i: number): void => {
    for (; i < targets.length; i++) {
      const t = targets[i];
      const r = svc.containerLogs(t.pod.metadata.namespace!, t.pod.metadata.name!, t.container, previous);
      if ('error' in r) {
        ctx.fail(formatStatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: r.error, reason: r.reason, code: r.reason === 'NotFound' ? 404 : 400 }));
        continue;
      }
      if (!follow || !r.running) {
        const text = render(t.pod, t.container, r.lines);
        if (text.length > 0) ctx.out(text.join('\n'));
        continue;
      }
      followContainer(ctx, svc, t, r, render, timeoutMs, () => from(i + 1));
      return;
    }
  };
  from(0);
}

type Render = (pod: KObject, c: string, lines: Line[], all?: boolean, index?: number) => string[];

/**
 * `logs -f` of one container: its lines so far (after --tail), then every line it writes until
 * this container instance ends, the timeout passes or Ctrl+C. Lines are printed once their
 * virtual millisecond has passed (more may still be written in it), all of them at the end.
 */
function followContainer(
  ctx: Ctx,
  svc: KubeletService,
  t: { pod: KObject; container: string },
  r: { lines: Line[]; containerId: string },
  render: Render,
  timeoutMs: number | undefined,
  then: () => void,
): void {
  const ns = t.pod.metadata.namespace!;
  const name = t.pod.metadata.name!;
  const id = r.containerId;
  const startMs = ctx.cluster.nowMs;
  const head = render(t.pod, t.container, r.lines.filter((l) => l.at <= startMs));
  if (head.length > 0) ctx.out(head.join('\n'));
  /** Every line with `at` up to this was printed. */
  let printedUntil = startMs;
  let printed = 0;
  let fetchedAt = startMs;
  const instanceLines = (): Line[] | undefined => {
    const now = svc.containerLogs(ns, name, t.container, false);
    if (!('error' in now) && now.containerId === id) return now.lines;
    const prev = svc.containerLogs(ns, name, t.container, true);
    if (!('error' in prev) && prev.containerId === id) return prev.lines;
    return undefined;
  };
  const printNew = (final: boolean) => {
    const nowMs = ctx.cluster.nowMs;
    // Reading the logs regenerates them: at most once a virtual second while following.
    if (!final && nowMs - fetchedAt < FOLLOW_FETCH_MS) return;
    fetchedAt = nowMs;
    const lines = instanceLines();
    if (!lines) return;
    const until = final ? Infinity : nowMs - 1;
    const fresh = lines.filter((l) => l.at > printedUntil && l.at <= until);
    if (!final) printedUntil = until;
    const text = render(t.pod, t.container, fresh, true, printed);
    printed += fresh.length;
    if (text.length > 0) ctx.out(text.join('\n'));
  };
  const ended = () => {
    const cur = svc.currentContainer(ns, name, t.container);
    return cur?.id !== id || !cur.running;
  };
  ctx.waitFor({
    poll: () => {
      if (ended()) return true;
      printNew(false);
      return false;
    },
    deadlineMs: timeoutMs === undefined ? undefined : startMs + timeoutMs,
    batchLimitMs: timeoutMs ?? DEFAULT_FOLLOW_MS,
    finish: () => {
      printNew(true);
      then();
    },
  });
}

function sinceCutoff(ctx: Ctx, since: string | undefined, sinceTime: string | undefined): number | undefined {
  if (since !== undefined && sinceTime !== undefined) throw new ExitError('error: at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (since !== undefined) {
    const ms = parseDuration(since);
    if (ms === undefined) throw new ExitError(`error: invalid argument "${since}" for "--since" flag: time: invalid duration "${since}"`);
    return ctx.cluster.nowMs - ms;
  }
  if (sinceTime !== undefined) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw new ExitError(`error: parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse "${sinceTime}" as "2006"`);
    return t;
  }
  return undefined;
}
