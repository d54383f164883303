// Tab completion for the terminal, as kubectl's shell completion offers it: commands, resource
// types, object names (in the namespace in effect), namespaces, flags and their values, and the
// editor's buffers for `-f`. Pure: the caller supplies what the cluster holds.

import type { KindInfo } from '../../sim/api/kinds';

export interface CompletionSource {
  kinds: readonly KindInfo[];
  /** Names of the objects of a kind (`apps/Deployment`) in a namespace (undefined: all / cluster-scoped). */
  names(kindKey: string, namespace: string | undefined): string[];
  namespaces: readonly string[];
  /** The context's namespace (`kubectl config set-context --current --namespace`). */
  namespace: string;
  /** Editor buffer names, for `-f`. */
  files: readonly string[];
}

export interface CompletionResult {
  /** Where the word being completed starts and ends in the line. */
  start: number;
  end: number;
  /** Full replacements for that word, sorted. */
  candidates: string[];
}

/** Shell words besides kubectl. */
export const SHELL_COMMANDS = ['clear', 'help', 'history', 'kubectl'];

/** kubectl's commands (as `kubectl <TAB>` lists them). */
export const KUBECTL_COMMANDS = [
  'annotate', 'api-resources', 'api-versions', 'apply', 'attach', 'auth', 'autoscale', 'certificate', 'cluster-info',
  'completion', 'config', 'cordon', 'cp', 'create', 'debug', 'delete', 'describe', 'diff', 'drain', 'edit', 'events',
  'exec', 'explain', 'expose', 'get', 'kustomize', 'label', 'logs', 'patch', 'plugin', 'port-forward', 'proxy',
  'replace', 'rollout', 'run', 'scale', 'set', 'taint', 'top', 'uncordon', 'version', 'wait',
];

const SUBCOMMANDS: Record<string, string[]> = {
  config: ['current-context', 'get-contexts', 'set-context', 'use-context', 'view'],
  rollout: ['history', 'pause', 'restart', 'resume', 'status', 'undo'],
  create: ['configmap', 'cronjob', 'deployment', 'ingress', 'job', 'namespace', 'priorityclass', 'quota', 'role', 'rolebinding', 'secret', 'service', 'serviceaccount'],
  top: ['node', 'pod'],
  set: ['env', 'image', 'resources', 'selector', 'serviceaccount'],
};

const GLOBAL_FLAGS = ['--namespace', '--context', '--request-timeout', '--all-namespaces'];
const SELECTORS = ['--selector', '--field-selector', '--all-namespaces'];

/** Flags offered per command (the ones learners reach for). */
const FLAGS: Record<string, string[]> = {
  get: ['--output', '--watch', '--show-labels', '--label-columns', '--sort-by', '--no-headers', '--show-kind', '--ignore-not-found', '--filename', ...SELECTORS],
  describe: ['--filename', ...SELECTORS],
  delete: ['--filename', '--all', '--cascade', '--grace-period', '--force', '--now', '--wait', '--ignore-not-found', ...SELECTORS],
  apply: ['--filename', '--recursive', '--dry-run', '--output', '--server-side', '--prune', '--selector'],
  create: ['--filename', '--dry-run', '--output', '--save-config', '--image', '--replicas', '--port', '--from-literal', '--schedule'],
  diff: ['--filename', '--recursive', '--show-managed-fields'],
  edit: ['--filename', '--output'],
  explain: ['--recursive', '--api-version', '--output'],
  label: ['--overwrite', '--all', '--list', ...SELECTORS],
  annotate: ['--overwrite', '--all', '--list', ...SELECTORS],
  wait: ['--for', '--timeout', '--all', ...SELECTORS],
  logs: ['--follow', '--previous', '--container', '--tail', '--timestamps', '--all-containers', '--selector'],
  exec: ['--stdin', '--tty', '--container'],
  rollout: ['--watch', '--timeout', '--revision', '--to-revision'],
  scale: ['--replicas', '--current-replicas', '--filename', '--selector'],
  expose: ['--port', '--target-port', '--type', '--name', '--protocol', '--selector'],
  run: ['--image', '--port', '--restart', '--labels', '--env', '--command', '--dry-run', '--output', '--rm', '--stdin', '--tty'],
  'api-resources': ['--namespaced', '--api-group', '--output', '--verbs', '--sort-by', '--no-headers'],
  version: ['--client', '--output'],
  'cluster-info': [],
  config: ['--current', '--namespace', '--output', '--minify'],
  top: ['--containers', '--sort-by', '--all-namespaces', '--selector'],
  drain: ['--ignore-daemonsets', '--delete-emptydir-data', '--force', '--grace-period', '--timeout'],
  taint: ['--overwrite', '--all', '--selector'],
};

const OUTPUTS = ['custom-columns=', 'json', 'jsonpath=', 'name', 'wide', 'yaml'];
const SHORT_TO_LONG: Record<string, string> = { n: 'namespace', o: 'output', f: 'filename', l: 'selector', c: 'container', A: 'all-namespaces' };
/** Flags whose value is the next word. */
const VALUE_FLAGS = new Set([
  'namespace', 'output', 'filename', 'selector', 'field-selector', 'context', 'request-timeout', 'label-columns', 'sort-by',
  'container', 'cascade', 'grace-period', 'for', 'timeout', 'dry-run', 'api-version', 'replicas', 'image', 'port', 'type',
  'name', 'tail', 'revision', 'to-revision', 'schedule', 'from-literal', 'target-port', 'protocol', 'restart', 'labels', 'env',
]);
/** Commands whose first argument is a resource type (then names). */
const TYPE_FIRST = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'explain', 'wait', 'scale', 'expose', 'patch', 'autoscale', 'set', 'rollout', 'taint', 'cordon', 'uncordon', 'drain', 'top']);
/** Commands whose first argument is a pod name. */
const POD_FIRST = new Set(['logs', 'exec', 'attach', 'port-forward', 'cp', 'debug']);

interface Word {
  text: string;
  start: number;
}

/** Splits the text before the cursor into words, shell-style (quotes group words). */
function words(s: string): Word[] {
  const out: Word[] = [];
  let cur = '';
  let start = -1;
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = null;
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      if (start < 0) start = i;
    } else if (/\s/.test(c)) {
      if (start >= 0) out.push({ text: cur, start });
      cur = '';
      start = -1;
    } else {
      if (start < 0) start = i;
      cur += c;
    }
  }
  if (start >= 0) out.push({ text: cur, start });
  return out;
}

function kindKey(k: KindInfo): string {
  return `${k.group}/${k.kind}`;
}

/** The kind a user's word names (`po`, `pods`, `deploy`, `deployments.apps`). */
export function resolveKind(kinds: readonly KindInfo[], typed: string): KindInfo | undefined {
  const t = typed.toLowerCase();
  const dot = t.indexOf('.');
  const name = dot < 0 ? t : t.slice(0, dot);
  const group = dot < 0 ? undefined : t.slice(dot + 1);
  return kinds.find(
    (k) =>
      (k.plural === name || k.singular === name || k.kind.toLowerCase() === name || k.shortNames.includes(name)) &&
      (group === undefined || k.group === group || group.endsWith(`.${k.group}`)),
  );
}

function resourceTypes(kinds: readonly KindInfo[]): string[] {
  return [...new Set(kinds.filter((k) => k.kind !== 'Binding').map((k) => k.plural))];
}

export function complete(line: string, cursor: number, src: CompletionSource): CompletionResult {
  const before = line.slice(0, cursor);
  const ws = words(before);
  const endsInSpace = before.length > 0 && /\s$/.test(before);
  const current: Word = endsInSpace || ws.length === 0 ? { text: '', start: cursor } : ws[ws.length - 1];
  const prior = endsInSpace ? ws : ws.slice(0, -1);
  const result = (candidates: string[], prefix = current.text, offset = 0): CompletionResult => ({
    start: current.start + offset,
    end: cursor,
    candidates: [...new Set(candidates)].filter((c) => c.startsWith(prefix)).sort(),
  });

  if (prior.length === 0) return result(SHELL_COMMANDS);
  if (prior[0].text !== 'kubectl' && prior[0].text !== 'k') return result([]);

  // The command and its positional arguments, skipping flags and their values.
  let command: string | undefined;
  const positional: string[] = [];
  let namespace: string | undefined;
  let allNamespaces = false;
  for (let i = 1; i < prior.length; i++) {
    const w = prior[i].text;
    if (w.startsWith('-')) {
      const { name, value } = flagOf(w);
      if (name === 'namespace' && value !== undefined) namespace = value;
      if (name === 'all-namespaces') allNamespaces = true;
      if (value === undefined && VALUE_FLAGS.has(name) && i + 1 < prior.length) {
        if (name === 'namespace') namespace = prior[i + 1].text;
        i++;
      }
      continue;
    }
    if (command === undefined) command = w;
    else positional.push(w);
  }

  // A flag's value: `-n <TAB>`, `--namespace=<TAB>`, `-o <TAB>`, `-f <TAB>`.
  const prev = prior[prior.length - 1]?.text;
  const valueFor = (flag: string): string[] | undefined => {
    switch (flag) {
      case 'namespace':
        return [...src.namespaces];
      case 'output':
        return command === 'explain' ? ['plaintext', 'plaintext-openapiv2'] : OUTPUTS;
      case 'filename':
        return [...src.files, '-'];
      case 'dry-run':
        return ['client', 'none', 'server'];
      case 'cascade':
        return ['background', 'foreground', 'orphan'];
      default:
        return undefined;
    }
  };
  if (current.text.startsWith('--') && current.text.includes('=')) {
    const eq = current.text.indexOf('=');
    const values = valueFor(current.text.slice(2, eq));
    if (values) return result(values, current.text.slice(eq + 1), eq + 1);
  }
  if (prev?.startsWith('-') && !prev.includes('=')) {
    const { name, value } = flagOf(prev);
    if (value === undefined && VALUE_FLAGS.has(name)) return result(valueFor(name) ?? []);
  }
  if (current.text.startsWith('-')) {
    const flags = [...(FLAGS[command ?? ''] ?? []), ...GLOBAL_FLAGS];
    return result(flags);
  }
  if (command === undefined) return result(KUBECTL_COMMANDS);

  const ns = allNamespaces ? undefined : (namespace ?? src.namespace);
  const sub = SUBCOMMANDS[command];
  let args = positional;
  if (sub && command !== 'set' && command !== 'top' && command !== 'rollout') {
    if (args.length === 0) return result(sub);
    if (command === 'config' && args[0] === 'use-context') return result(['kubeplay']);
    return result([]);
  }
  if (command === 'rollout' || command === 'set' || command === 'top') {
    if (args.length === 0) return result(sub);
    args = args.slice(1);
    if (command === 'top') return result(args.length === 0 ? names(src, { group: '', kind: args[0] === 'node' ? 'Node' : 'Pod' }, ns) : []);
  }
  if (POD_FIRST.has(command)) return result(args.length === 0 ? names(src, { group: '', kind: 'Pod' }, ns) : []);
  if (command === 'cordon' || command === 'uncordon' || command === 'drain') return result(names(src, { group: '', kind: 'Node' }, undefined));
  if (!TYPE_FIRST.has(command)) return result([]);

  // TYPE/NAME: complete the name after the slash.
  const slash = current.text.indexOf('/');
  if (slash > 0) {
    const info = resolveKind(src.kinds, current.text.slice(0, slash));
    if (!info) return result([]);
    return result(names(src, info, info.namespaced ? ns : undefined), current.text.slice(slash + 1), slash + 1);
  }
  if (args.length === 0) return result(command === 'explain' ? resourceTypes(src.kinds) : [...resourceTypes(src.kinds), ...(command === 'get' ? ['all'] : [])]);
  if (command === 'explain') return result([]);
  if (args.some((a) => a.includes('/'))) return result([]);
  const info = resolveKind(src.kinds, args[0].split(',')[0]);
  if (!info) return result([]);
  return result(names(src, info, info.namespaced ? ns : undefined).filter((n) => !args.slice(1).includes(n)));
}

function names(src: CompletionSource, kind: { group: string; kind: string }, ns: string | undefined): string[] {
  return src.names(kindKey(kind as KindInfo), ns);
}

function flagOf(w: string): { name: string; value?: string } {
  if (w.startsWith('--')) {
    const eq = w.indexOf('=');
    return eq < 0 ? { name: w.slice(2) } : { name: w.slice(2, eq), value: w.slice(eq + 1) };
  }
  const short = w[1];
  const name = SHORT_TO_LONG[short] ?? short;
  return w.length > 2 ? { name, value: w.slice(2).replace(/^=/, '') } : { name };
}

/** The longest prefix shared by all candidates. */
export function commonPrefix(candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  let p = candidates[0];
  for (const c of candidates) while (!c.startsWith(p)) p = p.slice(0, -1);
  return p;
}
