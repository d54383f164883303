// kubectl set env (kubectl/pkg/cmd/set/set_env.go, 1.32): `KEY=VAL` sets, `KEY-` removes,
// `--from=configmap/NAME|secret/NAME` imports every key (or `--keys`) as valueFrom references,
// `--prefix` prefixes every name, `-c` picks containers by glob, `--overwrite=false` refuses to
// change a value, `--list` prints the environment (after the changes) instead of writing.
// kubectl writes the change as a strategic merge patch; the simulation writes the object.

import { isStatus, type KObject } from '../../api/types';
import { flagBool, flagString, flagStrings, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS, PRINT_FLAGS, SELECTOR_FLAGS } from '../flags';
import { resolveType } from '../resources';
import { dryRunStrategy } from './scale';
import { objectOutputFormat, podTemplateTargets, printSetResult, selectContainers, takeRepeated, type Container } from './set.util';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  ...SELECTOR_FLAGS,
  { name: 'all', type: 'bool' },
  { name: 'containers', short: 'c', type: 'string' },
  { name: 'from', type: 'string' },
  { name: 'prefix', type: 'string' },
  { name: 'keys', type: 'strings' },
  { name: 'list', type: 'bool' },
  { name: 'resolve', type: 'bool' },
  { name: 'overwrite', type: 'bool' },
  { name: 'local', type: 'bool' },
  { name: 'dry-run', type: 'string' },
  ...PRINT_FLAGS,
  { name: 'field-manager', type: 'string' },
];

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Record<string, Record<string, string>>;
}

/** kubectl's own check of a name given on the command line (the strict IsEnvVarName). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const ENV_NAME_ERROR =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

const isEnvArg = (w: string) => w.includes('=') || w.endsWith('-');

export function setEnvCmd(ctx: Ctx, words: string[]): void {
  const { values: envFlags, rest } = takeRepeated(words, 'env', 'e');
  const a = parseArgs(rest, FLAGS);
  // SplitEnvironmentFromResources: resources first, then environment changes.
  const firstEnv = a.positional.findIndex(isEnvArg);
  const resources = firstEnv < 0 ? a.positional : a.positional.slice(0, firstEnv);
  const envArgs = firstEnv < 0 ? [] : a.positional.slice(firstEnv);
  if (envArgs.some((w) => !isEnvArg(w))) throw new ExitError(`error: all resources must be specified before environment changes: ${a.positional.join(' ')}`);
  const list = flagBool(a, 'list');
  if (list && flagString(a, 'output')) throw new ExitError('error: --list and --output may not be specified together');
  const dryRun = dryRunStrategy(a);
  const local = flagBool(a, 'local');
  if (local && dryRun === 'server') throw new ExitError('error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  if (flagStrings(a, 'filename').length === 0 && resources.length < 1) {
    throw new ExitError('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
  }
  if (flagBool(a, 'all') && flagString(a, 'selector')) throw new ExitError('error: cannot set --all and --selector at the same time');
  const keys = flagStrings(a, 'keys');
  const from = flagString(a, 'from') ?? '';
  if (keys.length > 0 && !from) throw new ExitError('error: when specifying --keys, a configmap or secret must be provided with --from');
  const format = objectOutputFormat(flagString(a, 'output'));
  if (format.kind === 'error') throw new ExitError(format.error);

  const { env, remove } = parseEnv([...envFlags, ...envArgs]);
  if (from) env.push(...envFromResource(ctx, from, keys, local));
  const prefix = flagString(a, 'prefix') ?? '';
  if (prefix) for (const e of env) e.name = `${prefix}${e.name}`;

  const selector = flagString(a, 'containers') ?? '*';
  const overwrite = a.flags.get('overwrite') !== false;
  a.positional = resources;
  const targets = podTemplateTargets(ctx, a, local);
  const errors: string[] = [];
  for (const t of targets) {
    if ('error' in t) {
      errors.push(t.error);
      continue;
    }
    const { info, object, spec } = t;
    const next = object;
    const containers = [...selectContainers(spec.containers, selector), ...selectContainers(spec.initContainers, selector)];
    if (containers.length === 0) {
      ctx.err(`Warning: ${object.kind}/${object.metadata.name} does not have any containers matching "${selector}"`);
      continue;
    }
    let problem: string | undefined;
    for (const c of containers) {
      if (!overwrite) problem ??= noOverwrites(c.env as EnvVar[] | undefined, env);
      if (problem) break;
      c.env = updateEnv((c.env as EnvVar[] | undefined) ?? [], env, remove);
      if ((c.env as EnvVar[]).length === 0) delete c.env;
      if (list) listEnv(ctx, object, c, flagBool(a, 'resolve'));
    }
    if (problem) {
      errors.push(`error: ${t.ref}\n ${problem}\n`);
      continue;
    }
    if (list) continue;
    const err = printSetResult(ctx, { info, original: t.original, next, local, dryRun, format, operation: 'env updated', failure: 'failed to patch env update to pod template: ' });
    if (err) errors.push(err);
  }
  if (errors.length === 1) ctx.fail(errors[0].startsWith('error: ') ? errors[0] : `error: ${errors[0]}`);
  else if (errors.length > 1) ctx.fail(`error: [${errors.join(', ')}]`);
}

/** envutil.ParseEnv: `KEY=VAL` and `KEY-`. */
function parseEnv(specs: string[]): { env: EnvVar[]; remove: string[] } {
  const env: EnvVar[] = [];
  const remove: string[] = [];
  const set = new Set<string>();
  for (const s of specs) {
    const eq = s.indexOf('=');
    if (eq >= 0) {
      const name = s.slice(0, eq);
      if (!ENV_NAME.test(name)) throw new ExitError(`error: "${name}" is not a valid key name: ${ENV_NAME_ERROR}`);
      env.push({ name, value: s.slice(eq + 1) });
      set.add(name);
    } else if (s.endsWith('-')) remove.push(s.slice(0, -1));
    else if (s === '-') throw new ExitError('error: kubeplay has no standard input for "-e -"');
    else throw new ExitError(`error: unknown environment variable: ${s}`);
  }
  if (remove.some((r) => set.has(r))) throw new ExitError('error: can not both modify and remove the same environment variable in the same command');
  return { env, remove };
}

/** `--from=configmap/NAME|secret/NAME`: one valueFrom reference per key (sorted; Go's map order is random). */
function envFromResource(ctx: Ctx, from: string, keys: string[], local: boolean): EnvVar[] {
  const slash = from.indexOf('/');
  if (local || slash < 0) throw new ExitError('error: unsupported resource specified in --from');
  const [info] = resolveType(ctx, from.slice(0, slash));
  const name = from.slice(slash + 1);
  if (info.kind !== 'ConfigMap' && info.kind !== 'Secret') throw new ExitError('error: unsupported resource specified in --from');
  const o = ctx.cluster.api.get(info, ctx.namespace, name);
  if (isStatus(o)) throw new ExitError(`Error from server (NotFound): ${o.message}`);
  const data = { ...((o as KObject & { data?: Record<string, string> }).data ?? {}) };
  if (info.kind === 'ConfigMap') Object.assign(data, (o as KObject & { binaryData?: Record<string, string> }).binaryData ?? {});
  const ref = info.kind === 'ConfigMap' ? 'configMapKeyRef' : 'secretKeyRef';
  return Object.keys(data)
    .sort()
    .filter((k) => keys.length === 0 || keys.includes(k))
    .map((k) => ({ name: k.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase(), valueFrom: { [ref]: { key: k, name } } }));
}

function noOverwrites(existing: EnvVar[] | undefined, env: EnvVar[]): string | undefined {
  for (const e of env) {
    const cur = existing?.find((x) => x.name === e.name);
    if (cur && cur.value !== e.value) return `'${cur.name}' already has a value (${cur.value ?? ''}), and --overwrite is false`;
  }
  return undefined;
}

/** updateEnv: replaced in place, removed, new ones appended in the order given. */
function updateEnv(existing: EnvVar[], env: EnvVar[], remove: string[]): EnvVar[] {
  const out: EnvVar[] = [];
  const covered = new Set(remove);
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = [...env].reverse().find((x) => x.name === e.name);
    if (newer) {
      covered.add(e.name);
      out.push({ ...newer });
    } else out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push({ ...e });
  }
  return out;
}

function listEnv(ctx: Ctx, o: KObject, c: Container, resolve: boolean): void {
  ctx.out(`# ${o.kind} ${o.metadata.name}, container ${c.name}`);
  for (const e of (c.env as EnvVar[] | undefined) ?? []) {
    if (!e.valueFrom) {
      ctx.out(`${e.name}=${e.value ?? ''}`);
      continue;
    }
    const value = resolve ? resolveRef(ctx, o, e.valueFrom) : undefined;
    ctx.out(value !== undefined ? `${e.name}=${value}` : `# ${e.name} from ${refString(e.valueFrom)}`);
  }
}

/** envutil.GetEnvVarRefString. */
function refString(from: Record<string, Record<string, string>>): string {
  if (from.configMapKeyRef) return `configmap ${from.configMapKeyRef.name}, key ${from.configMapKeyRef.key}`;
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name}, key ${from.secretKeyRef.key}`;
  if (from.fieldRef) return `field path ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) return `resource field ${from.resourceFieldRef.containerName ? `${from.resourceFieldRef.containerName}/` : ''}${from.resourceFieldRef.resource}`;
  return 'invalid valueFrom';
}

/** `--resolve` for config map and secret keys (other references print as references). */
function resolveRef(ctx: Ctx, o: KObject, from: Record<string, Record<string, string>>): string | undefined {
  const ns = o.metadata.namespace ?? ctx.namespace;
  if (from.configMapKeyRef) return ctx.cluster.api.store.get('/ConfigMap', ns, from.configMapKeyRef.name)?.data?.[from.configMapKeyRef.key];
  if (from.secretKeyRef) {
    const v = ctx.cluster.api.store.get('/Secret', ns, from.secretKeyRef.name)?.data?.[from.secretKeyRef.key];
    return typeof v === 'string' ? new TextDecoder().decode(Uint8Array.from(atob(v), (ch) => ch.charCodeAt(0))) : undefined;
  }
  return undefined;
}
