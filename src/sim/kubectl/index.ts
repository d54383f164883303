// The kubectl emulation: one entry point shared by the transcript runner, the browser terminal
// and tests. Parses a command line, runs the verb against the cluster and returns what a
// terminal shows: stdout, stderr and the exit code. Long-running commands (`get -w`, `rollout
// status`, `wait`, `logs -f`, `delete`) are processes (process.ts): `runKubectl` drives them to
// the end in virtual time; the browser worker uses `startKubectl` and feeds them from its clock.
import type { Cluster } from '../cluster';
import { tokenize } from './args';
import { Ctx, ExitError, type KubectlIO, type KubectlResult } from './context';
import { applyCmd } from './verbs/apply';
import { deleteCmd } from './verbs/delete';
import { getCmd } from './verbs/get';
import { explainCmd } from './verbs/explain';
import { diffCmd } from './verbs/diff';
import { editCmd } from './verbs/edit';
import { apiResourcesCmd, apiVersionsCmd, clusterInfoCmd, configCmd, versionCmd } from './verbs/info';
import { labelCmd } from './verbs/label';
import { exposeCmd } from './verbs/expose';
import { waitCmd } from './verbs/wait';
import { runCmd } from './verbs/run';
import { describeCmd } from './verbs/describe';
import { execCmd } from './verbs/exec';
import { logsCmd } from './verbs/logs';
import { topCmd } from './verbs/top';
import { rolloutCmd } from './verbs/rollout';
import { scaleCmd } from './verbs/scale';
import { setCmd } from './verbs/set';
import { patchCmd } from './verbs/patch';
import { autoscaleCmd } from './verbs/autoscale';
import { cordonCmd, drainCmd, taintCmd } from './verbs/nodes';
import { portForwardCmd } from './verbs/portforward';
import { CtxProcess, failWith, type KubectlProcess } from './process';
import { editDistance } from '../node/images/reference';

export type { KubectlIO, KubectlResult, KubectlSession, OutputChunk } from './context';
export { INTERRUPTED_EXIT_CODE, advanceFeeding, finishedProcess, type KubectlProcess } from './process';

type Verb = (ctx: Ctx, words: string[]) => void;

const VERBS: Record<string, Verb> = {
  apply: (c, w) => applyCmd(c, w, false),
  create: (c, w) => applyCmd(c, w, true),
  get: getCmd,
  expose: exposeCmd,
  explain: explainCmd,
  diff: diffCmd,
  edit: editCmd,
  delete: deleteCmd,
  label: (c, w) => labelCmd(c, w, 'labels'),
  annotate: (c, w) => labelCmd(c, w, 'annotations'),
  wait: waitCmd,
  run: runCmd,
  describe: describeCmd,
  logs: logsCmd,
  exec: execCmd,
  top: topCmd,
  rollout: rolloutCmd,
  scale: scaleCmd,
  autoscale: autoscaleCmd,
  set: setCmd,
  patch: patchCmd,
  'cluster-info': clusterInfoCmd,
  version: versionCmd,
  'api-resources': apiResourcesCmd,
  'api-versions': (c) => apiVersionsCmd(c),
  config: configCmd,
  cordon: (c, w) => cordonCmd(c, w, true),
  uncordon: (c, w) => cordonCmd(c, w, false),
  drain: drainCmd,
  taint: taintCmd,
  'port-forward': portForwardCmd,
};

/** Commands real kubectl has that kubeplay does not implement yet (a clear message, not "unknown"). */
const KNOWN_UNIMPLEMENTED = [
  'certificate',
  'attach', 'proxy', 'cp', 'auth', 'debug',
  'events', 'replace', 'kustomize', 'completion', 'alpha', 'plugin',
];

/** Runs a command line to its end, advancing virtual time while it waits (transcripts, tests). */
export function runKubectl(cluster: Cluster, line: string, io: KubectlIO = {}): KubectlResult {
  const proc = startKubectl(cluster, line, io);
  proc.runToEnd();
  return proc.result();
}

/**
 * Starts a command line: short commands are done on return; long-running ones return a running
 * process for the caller to feed (`tick()` as virtual time passes) and to `cancel()`.
 */
export function startKubectl(cluster: Cluster, line: string, io: KubectlIO = {}): KubectlProcess {
  let words: string[];
  try {
    words = tokenize(line.trim());
  } catch (e) {
    const ctx = new Ctx(cluster, io, cluster.session.namespace, false);
    ctx.fail(`error: ${(e as Error).message}`);
    return new CtxProcess(ctx, undefined);
  }
  if (words[0] === 'kubectl' || words[0] === 'k') words = words.slice(1);
  // Global flags may come before the verb: `kubectl -n kube-system get pods`.
  const verbIndex = findVerbIndex(words);
  const verb = words[verbIndex];
  // Flags given before the verb go after its own words, so subcommands (`rollout status`) stay first.
  const rest = [...words.slice(verbIndex + 1), ...words.slice(0, verbIndex)];
  let namespace = cluster.session.namespace;
  let namespaceFlag = false;
  const ns = namespaceFlagOf(rest);
  if (ns) {
    namespace = ns;
    namespaceFlag = true;
  }
  const ctx = new Ctx(cluster, io, namespace, namespaceFlag);
  try {
    if (verb === undefined) {
      ctx.out('kubectl controls the Kubernetes cluster manager.\n\nRun "kubectl <command> --help" for more information about a given command.');
    } else {
      const fn = VERBS[verb];
      if (!fn) {
        if (KNOWN_UNIMPLEMENTED.includes(verb)) throw new ExitError(`error: "kubectl ${verb}" is not available in kubeplay yet`);
        throw new ExitError(unknownCommand(verb));
      }
      fn(ctx, rest);
    }
  } catch (e) {
    // A verb that failed after registering a wait does not wait.
    const w = ctx.waiting;
    ctx.waiting = undefined;
    w?.close?.();
    failWith(ctx, verb, e);
  }
  return new CtxProcess(ctx, verb);
}

/** The value of `-n`/`--namespace` wherever it stands (the last one wins, as pflag does). */
function namespaceFlagOf(words: readonly string[]): string | undefined {
  let ns: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') break;
    if ((w === '-n' || w === '--namespace') && i + 1 < words.length) ns = words[++i];
    else if (w.startsWith('--namespace=')) ns = w.slice('--namespace='.length);
    else if (/^-n[^-]/.test(w)) ns = w.slice(w[2] === '=' ? 3 : 2);
  }
  return ns || undefined;
}

function findVerbIndex(words: string[]): number {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith('-')) return i;
    // Skip the value of a global flag given as a separate word.
    if ((w === '-n' || w === '--namespace' || w === '--context' || w === '--kubeconfig' || w === '--request-timeout') && i + 1 < words.length) i++;
  }
  return words.length;
}

/** kubectl's commands in the order it registers them (its help groups), which orders suggestions. */
const COMMAND_ORDER = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale', 'certificate',
  'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec', 'port-forward',
  'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize', 'label', 'annotate',
  'completion', 'alpha', 'api-resources', 'api-versions', 'config', 'plugin', 'version',
];

/**
 * cobra's "unknown command" error with its "Did you mean this?" suggestions (Levenshtein ≤ 2 or
 * prefix). editDistance answers 3 for lengths more than 2 apart: beyond the ≤ 2 asked here anyway.
 */
function unknownCommand(verb: string): string {
  const v = verb.toLowerCase();
  const suggestions = COMMAND_ORDER.filter((c) => editDistance(v, c) <= 2 || c.startsWith(v));
  let msg = `Error: unknown command "${verb}" for "kubectl"`;
  if (suggestions.length > 0) msg += `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}`).join("\n")}\n\n`;
  return msg;
}

