// The kubectl emulation: one entry point shared by the transcript runner, the browser terminal
// and tests. Parses a command line, runs the verb against the cluster and returns what a
// terminal shows: stdout, stderr and the exit code.
import type { Cluster } from '../cluster';
import { ArgError, parseArgs, tokenize } from './args';
import { Ctx, ExitError, type KubectlIO, type KubectlResult } from './context';
import { GLOBAL_FLAGS } from './flags';
import { applyCmd } from './verbs/apply';
import { deleteCmd } from './verbs/delete';
import { getCmd } from './verbs/get';
import { apiResourcesCmd, apiVersionsCmd, clusterInfoCmd, configCmd, versionCmd } from './verbs/info';
import { labelCmd } from './verbs/label';
import { waitCmd } from './verbs/wait';

export type { KubectlIO, KubectlResult, KubectlSession } from './context';

type Verb = (ctx: Ctx, words: string[]) => void;

const VERBS: Record<string, Verb> = {
  apply: (c, w) => applyCmd(c, w, false),
  create: (c, w) => applyCmd(c, w, true),
  get: getCmd,
  delete: deleteCmd,
  label: (c, w) => labelCmd(c, w, 'labels'),
  annotate: (c, w) => labelCmd(c, w, 'annotations'),
  wait: waitCmd,
  'cluster-info': clusterInfoCmd,
  version: versionCmd,
  'api-resources': apiResourcesCmd,
  'api-versions': (c) => apiVersionsCmd(c),
  config: configCmd,
};

/** Commands real kubectl has that kubeplay does not implement yet (a clear message, not "unknown"). */
const KNOWN_UNIMPLEMENTED = [
  'expose', 'run', 'set', 'explain', 'edit', 'rollout', 'scale', 'autoscale', 'certificate', 'top', 'cordon',
  'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug',
  'events', 'diff', 'patch', 'replace', 'kustomize', 'completion', 'alpha', 'plugin',
];

export function runKubectl(cluster: Cluster, line: string, io: KubectlIO = {}): KubectlResult {
  let words: string[];
  try {
    words = tokenize(line.trim());
  } catch (e) {
    const stderr = `error: ${(e as Error).message}\n`;
    return { stdout: '', stderr, output: stderr, exitCode: 1 };
  }
  if (words[0] === 'kubectl' || words[0] === 'k') words = words.slice(1);
  // Global flags may come before the verb: `kubectl -n kube-system get pods`.
  const verbIndex = findVerbIndex(words);
  const verb = words[verbIndex];
  const rest = [...words.slice(0, verbIndex), ...words.slice(verbIndex + 1)];
  let namespace = cluster.session.namespace;
  let namespaceFlag = false;
  try {
    const globals = parseArgs(rest, [...GLOBAL_FLAGS, ...LENIENT]);
    const ns = globals.flags.get('namespace');
    if (typeof ns === 'string' && ns !== '') {
      namespace = ns;
      namespaceFlag = true;
    }
  } catch {
    // The verb's own parser reports flag errors.
  }
  const ctx = new Ctx(cluster, io, namespace, namespaceFlag);
  try {
    if (verb === undefined) {
      ctx.out('kubectl controls the Kubernetes cluster manager.\n\nRun "kubectl <command> --help" for more information about a given command.');
      return ctx.result();
    }
    const fn = VERBS[verb];
    if (!fn) {
      if (KNOWN_UNIMPLEMENTED.includes(verb)) throw new ExitError(`error: "kubectl ${verb}" is not available in kubeplay yet`);
      throw new ExitError(unknownCommand(verb));
    }
    fn(ctx, rest);
  } catch (e) {
    if (e instanceof ExitError) ctx.fail(e.message);
    else if (e instanceof ArgError) ctx.fail(`error: ${e.message}\nSee 'kubectl ${verb} --help' for usage.`);
    else ctx.fail(`error: internal error in kubeplay: ${e instanceof Error ? e.message : String(e)}`);
  }
  return ctx.result();
}

/** Flags of any verb, so the global pre-parse can skip over them. */
const LENIENT = [
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'filename', short: 'f', type: 'strings' as const },
  { name: 'all-namespaces', short: 'A', type: 'bool' as const },
  { name: 'watch', short: 'w', type: 'bool' as const },
  { name: 'label-columns', short: 'L', type: 'strings' as const },
  { name: 'recursive', short: 'R', type: 'bool' as const },
  { name: 'replicas', short: 'r', type: 'int' as const },
];

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

/** cobra's "unknown command" error with its "Did you mean this?" suggestions (Levenshtein ≤ 2 or prefix). */
function unknownCommand(verb: string): string {
  const v = verb.toLowerCase();
  const suggestions = COMMAND_ORDER.filter((c) => levenshtein(v, c) <= 2 || c.startsWith(v));
  let msg = `Error: unknown command "${verb}" for "kubectl"`;
  if (suggestions.length > 0) msg += `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}`).join("\n")}\n\n`;
  return msg;
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}
