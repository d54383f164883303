// kubectl cordon / uncordon / drain (kubectl/pkg/cmd/drain/drain.go, pkg/drain) and taint
// (kubectl/pkg/cmd/taint/taint.go, utils.go), v1.32 texts. Drain evicts through the Eviction API
// and waits in virtual time (see node/lifecycle/drain.ts).
import type { KindInfo } from '../../api/kinds';
import { labelValueErrors, parseLabelSelector, qualifiedNameErrors } from '../../api/selectors';
import { isStatus, type KObject } from '../../api/types';
import { parseDuration } from '../../core/time';
import { aggregate, deleteErrors, deleteOrEvictPods, deleteWarnings, podsForDeletion, type DrainOptions } from '../../node/lifecycle/drain';
import { sameTaint, taintString, type Taint } from '../../node/lifecycle/taints';
import { flagBool, flagInt, flagString, parseArgs, type FlagSpec, type ParsedArgs } from '../args';
import { Ctx, ExitError, formatStatusError } from '../context';
import { GLOBAL_FLAGS, PRINT_FLAGS } from '../flags';

const DRY_RUN = { name: 'dry-run', type: 'string' as const };
const SELECTOR = { name: 'selector', short: 'l', type: 'string' as const };
const CORDON_FLAGS: FlagSpec[] = [...GLOBAL_FLAGS, DRY_RUN, SELECTOR];
const DRAIN_FLAGS: FlagSpec[] = [
  ...CORDON_FLAGS,
  { name: 'force', type: 'bool' },
  { name: 'ignore-daemonsets', type: 'bool' },
  { name: 'delete-emptydir-data', type: 'bool' },
  { name: 'grace-period', type: 'int' },
  { name: 'timeout', type: 'string' },
  { name: 'pod-selector', type: 'string' },
  { name: 'disable-eviction', type: 'bool' },
  { name: 'skip-wait-for-delete-timeout', type: 'int' },
  { name: 'chunk-size', type: 'int' },
];
const TAINT_FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS, DRY_RUN, SELECTOR,
  { name: 'overwrite', type: 'bool' },
  { name: 'all', type: 'bool' },
  ...PRINT_FLAGS,
  { name: 'validate', type: 'string' },
  { name: 'field-manager', type: 'string' },
];

type DryRun = 'none' | 'client' | 'server';

function dryRunOf(a: ParsedArgs): DryRun {
  const v = flagString(a, 'dry-run') ?? 'none';
  if (v !== 'none' && v !== 'client' && v !== 'server') throw new ExitError(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  return v;
}

const dryRunSuffix = (d: DryRun) => (d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '');

function nodeInfo(ctx: Ctx): KindInfo {
  return ctx.cluster.kinds.byKind('Node')!;
}

/** Complete's argument checks, before anything else. */
function checkNodeArgs(verb: string, a: ParsedArgs): void {
  if (a.positional.length === 0 && !a.flags.has('selector')) {
    throw new ExitError(`error: USAGE: ${verb} NODE [flags]\nSee 'kubectl ${verb} -h' for help and examples`);
  }
  if (a.positional.length > 0 && (flagString(a, 'selector') ?? '') !== '') {
    throw new ExitError(`error: cannot specify both a node name and a --selector option\nSee 'kubectl ${verb} -h' for help and examples`);
  }
}

/** The nodes named (`NAME`, `node/NAME`) or selected with -l, as the drain command's builder resolves them. */
function resolveNodes(ctx: Ctx, a: ParsedArgs): KObject[] {
  const info = nodeInfo(ctx);
  if (a.positional.length === 0) {
    const sel = parseLabelSelector(flagString(a, 'selector') ?? '');
    if ('error' in sel) throw new ExitError(`error: ${sel.error}`);
    return ctx.cluster.api.list(info).filter((n) => sel.matches(n.metadata.labels ?? {}));
  }
  return a.positional.map((arg) => {
    const slash = arg.indexOf('/');
    let name = arg;
    if (slash >= 0) {
      const t = ctx.cluster.kinds.resolveResource(arg.slice(0, slash));
      if (!t) throw new ExitError(`error: the server doesn't have a resource type "${arg.slice(0, slash)}"`);
      if (t.kind !== 'Node') throw new ExitError(`error: expected resource of type node, got "${t.group}/${t.version}, Resource=${t.plural}"`);
      name = arg.slice(slash + 1);
    }
    const n = ctx.cluster.api.get(info, undefined, name);
    if (isStatus(n)) throw new ExitError(formatStatusError(n));
    return n;
  });
}

/** RunCordonOrUncordon: patches spec.unschedulable where needed. */
function cordonOrUncordon(ctx: Ctx, nodes: KObject[], desired: boolean, dryRun: DryRun): void {
  const verb = desired ? 'cordon' : 'uncordon';
  for (const n of nodes) {
    const name = n.metadata.name!;
    const cur = ctx.cluster.get('/Node', undefined, name) ?? n;
    if ((cur.spec?.unschedulable === true) === desired) {
      ctx.out(`node/${name} already ${verb}ed${dryRunSuffix(dryRun)}`);
      continue;
    }
    if (dryRun !== 'client') {
      const r = ctx.cluster.api.mutate(nodeInfo(ctx), undefined, name, (o) => {
        if (desired) o.spec = { ...o.spec, unschedulable: true };
        else if (o.spec) delete o.spec.unschedulable;
      }, { dryRun: dryRun === 'server' });
      if (isStatus(r)) {
        ctx.fail(`error: unable to ${verb} node "${name}": ${r.message}`);
        continue;
      }
    }
    ctx.out(`node/${name} ${verb}ed${dryRunSuffix(dryRun)}`);
  }
}

export function cordonCmd(ctx: Ctx, words: string[], desired: boolean): void {
  const a = parseArgs(words, CORDON_FLAGS);
  checkNodeArgs(desired ? 'cordon' : 'uncordon', a);
  const dryRun = dryRunOf(a);
  cordonOrUncordon(ctx, resolveNodes(ctx, a), desired, dryRun);
}

export function drainCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, DRAIN_FLAGS);
  const timeoutRaw = flagString(a, 'timeout') ?? '0s';
  const timeoutMs = parseDuration(timeoutRaw);
  if (timeoutMs === undefined) {
    throw new ExitError(`Error: invalid argument "${timeoutRaw}" for "--timeout" flag: time: invalid duration "${timeoutRaw}"\nSee 'kubectl drain --help' for usage.`);
  }
  checkNodeArgs('drain', a);
  const dryRun = dryRunOf(a);
  const podSel = flagString(a, 'pod-selector');
  let podSelector: DrainOptions['podSelector'];
  if (podSel) {
    const sel = parseLabelSelector(podSel);
    if ('error' in sel) throw new ExitError('error: --pod-selector=<pod_selector> must be a valid label selector');
    podSelector = (l) => sel.matches(l);
  }
  const nodes = resolveNodes(ctx, a);
  const o: DrainOptions = {
    force: flagBool(a, 'force'),
    ignoreAllDaemonSets: flagBool(a, 'ignore-daemonsets'),
    deleteEmptyDirData: flagBool(a, 'delete-emptydir-data'),
    gracePeriodSeconds: flagInt(a, 'grace-period') ?? -1,
    timeoutMs,
    podSelector,
    disableEviction: flagBool(a, 'disable-eviction'),
    skipWaitForDeleteTimeoutSeconds: flagInt(a, 'skip-wait-for-delete-timeout') ?? 0,
    dryRun,
  };
  cordonOrUncordon(ctx, nodes, true, dryRun);
  const fatal: string[][] = [];
  const remaining: string[] = [];
  for (const n of nodes) {
    const name = n.metadata.name!;
    const errs = drainNode(ctx, name, o);
    if (errs.length === 0) {
      ctx.out(`node/${name} drained${dryRunSuffix(dryRun)}`);
      continue;
    }
    ctx.err(`error: unable to drain node "${name}" due to error: ${aggregate(errs)}, continuing command...`);
    fatal.push(errs);
    remaining.push(name);
  }
  if (remaining.length === 0) return;
  ctx.err(`There are pending nodes to be drained:\n${remaining.map((r) => ` ${r}`).join('\n')}`);
  // CheckErr on the aggregate: a single node's errors print one per line, without "error: ".
  if (fatal.length === 1) ctx.fail(fatal[0].join('\n'));
  else ctx.fail(fatal.map((e) => aggregate(e)).join('\n'));
}

/** deleteOrEvictPodsSimple for one node; returns its errors. */
function drainNode(ctx: Ctx, name: string, o: DrainOptions): string[] {
  const list = podsForDeletion(ctx.cluster, name, o);
  const errs = deleteErrors(list);
  if (errs.length > 0) return errs;
  const warnings = deleteWarnings(list);
  if (warnings) ctx.err(`Warning: ${warnings}`);
  const pods = list.filter((i) => i.delete).map((i) => i.pod);
  if (o.dryRun === 'client') {
    for (const p of pods) ctx.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)`);
    return [];
  }
  const failed = deleteOrEvictPods(ctx.cluster, pods, o, (s) => ctx.out(s), (s) => ctx.err(s));
  if (failed.length === 0) return [];
  const pending = podsForDeletion(ctx.cluster, name, o).filter((i) => i.delete);
  if (pending.length > 0) {
    ctx.err(`There are pending pods in node "${name}" when an error occurred: ${aggregate(failed)}`);
    for (const p of pending) ctx.err(`pod/${p.pod.metadata.name}`);
  }
  return failed;
}

/** parseTaint: `key=value:effect`, `key:effect` or `key`. */
function parseTaint(spec: string): { key: string; value?: string; effect?: string } {
  const parts = spec.split(':');
  let key: string;
  let value: string | undefined;
  let effect: string | undefined;
  if (parts.length === 1) key = parts[0];
  else if (parts.length === 2) {
    effect = parts[1];
    if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) throw new Error(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0].split('=');
    if (kv.length > 2) throw new Error(`invalid taint spec: ${spec}`);
    key = kv[0];
    if (kv.length === 2) {
      value = kv[1];
      const errs = labelValueErrors(value);
      if (errs.length > 0) throw new Error(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
    }
  } else throw new Error(`invalid taint spec: ${spec}`);
  const errs = qualifiedNameErrors(key);
  if (errs.length > 0) throw new Error(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
  return { key, ...(value ? { value } : {}), ...(effect ? { effect } : {}) };
}

export function taintCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, TAINT_FLAGS);
  const dryRun = dryRunOf(a);
  const resources: string[] = [];
  const taintArgs: string[] = [];
  for (const s of a.positional) {
    const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
    if (isTaint) taintArgs.push(s);
    else if (taintArgs.length > 0) throw new ExitError(`error: all resources must be specified before taint changes: ${s}`);
    else resources.push(s);
  }
  if (resources.length < 1) throw new ExitError('error: one or more resources must be specified as <resource> <name>');
  if (taintArgs.length < 1) throw new ExitError('error: at least one taint update is required');
  const add: Taint[] = [];
  const remove: { key: string; effect?: string }[] = [];
  try {
    for (const spec of taintArgs) {
      if (spec.endsWith('-')) {
        const t = parseTaint(spec.slice(0, -1));
        remove.push({ key: t.key, ...(t.effect ? { effect: t.effect } : {}) });
        continue;
      }
      const t = parseTaint(spec);
      if (!t.effect) throw new Error(`invalid taint spec: ${spec}`);
      if (add.some((x) => x.key === t.key && x.effect === t.effect)) throw new Error(`duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}`);
      add.push(t as Taint);
    }
  } catch (e) {
    throw new ExitError(`error: ${(e as Error).message}\nSee 'kubectl taint -h' for help and examples`);
  }
  const type = resources[0].toLowerCase();
  const info = ctx.cluster.kinds.resolveResource(type);
  if (!info) throw new ExitError(`error: the server doesn't have a resource type "${type}"`);
  if (info.kind !== 'Node') throw new ExitError(`error: invalid resource type ${type}, only node types are supported`);
  const conflicts = add.flatMap((t) => remove.filter((r) => r.key === t.key && (!r.effect || r.effect === t.effect)).map((r) => `${r.key}=${r.effect ?? ''}`));
  if (conflicts.length > 0) throw new ExitError(`error: can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
  const all = flagBool(a, 'all');
  const selector = flagString(a, 'selector') ?? '';
  if (all && selector !== '') throw new ExitError("error: setting 'all' parameter with a non empty selector is prohibited");
  if (!all && selector === '' && resources.length < 2) throw new ExitError("error: at least one resource name must be specified since 'all' parameter is not set");
  const output = flagString(a, 'output');
  if (output !== undefined && output !== 'name') throw new ExitError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: name`);

  let nodes: (KObject | string)[];
  if (all || selector !== '') {
    const sel = parseLabelSelector(selector);
    if ('error' in sel) throw new ExitError(`error: ${sel.error}`);
    nodes = ctx.cluster.api.list(nodeInfo(ctx)).filter((n) => sel.matches(n.metadata.labels ?? {}));
  } else {
    nodes = resources.slice(1).map((name) => ctx.cluster.get('/Node', undefined, name) ?? name);
  }
  const errors: string[] = [];
  for (const n of nodes) {
    if (typeof n === 'string') {
      errors.push(`Error from server (NotFound): nodes "${n}" not found`);
      continue;
    }
    const r = updateTaints(n, add, remove, flagBool(a, 'overwrite'));
    if ('error' in r) {
      errors.push(`error: ${r.error}`);
      continue;
    }
    if (dryRun !== 'client') {
      const u = ctx.cluster.api.mutate(nodeInfo(ctx), undefined, n.metadata.name!, (o) => {
        if (r.taints.length > 0) o.spec = { ...o.spec, taints: r.taints };
        else if (o.spec) delete o.spec.taints;
      }, { dryRun: dryRun === 'server' });
      if (isStatus(u)) {
        errors.push(formatStatusError(u));
        continue;
      }
    }
    ctx.out(`node/${n.metadata.name} ${r.operation}`);
  }
  // CheckErr: one error as it is; several, one per line (plain errors lose their "error: ").
  if (errors.length === 1) ctx.fail(errors[0]);
  else if (errors.length > 1) ctx.fail(errors.map((e) => e.replace(/^error: /, '')).join('\n'));
}

/** updateTaints + reorganizeTaints: the new list (added taints first) and tainted/untainted/modified. */
function updateTaints(node: KObject, add: Taint[], remove: { key: string; effect?: string }[], overwrite: boolean): { taints: Taint[]; operation: string } | { error: string } {
  const old: Taint[] = node.spec?.taints ?? [];
  if (!overwrite) {
    const exists = add.flatMap((t) => old.filter((o) => o.key === t.key && o.effect === t.effect).map(() => t.key));
    if (exists.length > 0) return { error: `node ${node.metadata.name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false` };
  }
  let taints: Taint[] = add.map((t) => ({ ...t }));
  for (const o of old) if (!taints.some((t) => sameTaint(t, o))) taints.push(o);
  const added = old.length !== taints.length;
  let removed = false;
  const errs: string[] = [];
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => (r.effect ? !(t.key === r.key && t.effect === r.effect) : t.key !== r.key));
    removed = taints.length !== before;
    if (!removed) errs.push(`taint "${taintString(r)}" not found`);
  }
  if (errs.length > 0) return { error: aggregate(errs) };
  const operation = (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { taints, operation };
}
