// kubectl wait: `--for=condition=C[=value]`, `--for=delete`, `--for=create`,
// `--for=jsonpath='{.path}'=value`, on named objects or selectors, within `--timeout` (default 30s)
// of virtual time (a process: the terminal's clock feeds it).
import type { KindInfo } from '../../api/kinds';
import type { KObject } from '../../api/types';
import { parseDuration } from '../../core/time';
import { flagBool, flagString, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, refOf } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS, SELECTOR_FLAGS } from '../flags';
import { nsFor, parseResourceArgs } from '../resources';
import { selectorFilter } from '../select';
import { evalSimplePath } from '../path';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  ...SELECTOR_FLAGS,
  { name: 'all', type: 'bool' },
  { name: 'for', type: 'string' },
  { name: 'timeout', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
];

type Condition = (o: KObject | undefined) => boolean;

function parseFor(spec: string | undefined): { cond: Condition; kind: 'delete' | 'create' | 'other' } {
  if (!spec) throw new ExitError('error: --for must be specified');
  if (spec === 'delete') return { cond: (o) => o === undefined, kind: 'delete' };
  if (spec === 'create') return { cond: (o) => o !== undefined, kind: 'create' };
  if (spec.startsWith('condition=')) {
    const rest = spec.slice('condition='.length);
    const eq = rest.indexOf('=');
    const type = (eq < 0 ? rest : rest.slice(0, eq)).toLowerCase();
    const value = (eq < 0 ? 'true' : rest.slice(eq + 1)).toLowerCase();
    return {
      cond: (o) => {
        const conds: { type?: string; status?: string }[] = Array.isArray(o?.status?.conditions) ? o!.status.conditions : [];
        return conds.some((c) => c.type?.toLowerCase() === type && c.status?.toLowerCase() === value);
      },
      kind: 'other',
    };
  }
  if (spec.startsWith('jsonpath=')) {
    const rest = spec.slice('jsonpath='.length);
    const m = /^\{?([^}]*)\}?(?:=(.*))?$/.exec(rest);
    if (!m) throw new ExitError(`error: unrecognized condition: "${spec}"`);
    const path = m[1];
    const want = m[2];
    return {
      cond: (o) => {
        if (!o) return false;
        const v = evalSimplePath(o, path);
        if (want === undefined) return v !== undefined;
        return v !== undefined && String(v) === want;
      },
      kind: 'other',
    };
  }
  throw new ExitError(`error: unrecognized condition: "${spec}"`);
}

export function waitCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  const { cond, kind } = parseFor(flagString(a, 'for'));
  const timeoutFlag = flagString(a, 'timeout') ?? '30s';
  const timeoutMs = parseDuration(timeoutFlag);
  if (timeoutMs === undefined) throw new ExitError(`error: invalid argument "${timeoutFlag}" for "--timeout" flag: time: invalid duration "${timeoutFlag}"`);
  const reqs = parseResourceArgs(ctx, a.positional);
  if (reqs.length === 0) throw new ExitError('error: resource(s) were provided, but no name was specified');
  const filter = selectorFilter(ctx, a);
  const allNs = flagBool(a, 'all-namespaces');
  // Targets: named objects (which may not exist yet for --for=create), or those the selector finds now.
  const targets: { info: KindInfo; ns?: string; name: string; uid?: string }[] = [];
  for (const r of reqs) {
    if (r.names.length > 0) {
      for (const name of r.names) {
        const o = ctx.cluster.api.store.get(`${r.info.group}/${r.info.kind}`, nsFor(ctx, r.info), name);
        if (!o && kind !== 'create') {
          if (kind === 'delete') continue;
          ctx.fail(`Error from server (NotFound): ${r.info.group ? `${r.info.plural}.${r.info.group}` : r.info.plural} "${name}" not found`);
          continue;
        }
        targets.push({ info: r.info, ns: nsFor(ctx, r.info), name, uid: o?.metadata.uid });
      }
    } else {
      if (!filter && !flagBool(a, 'all')) throw new ExitError('error: resource(s) were provided, but no name was specified');
      for (const o of ctx.cluster.api.list(r.info, nsFor(ctx, r.info, allNs)).filter(filter ?? (() => true))) {
        targets.push({ info: r.info, ns: o.metadata.namespace, name: o.metadata.name!, uid: o.metadata.uid });
      }
    }
  }
  if (targets.length === 0) {
    if (ctx.exitCode === 0 && kind !== 'delete') ctx.fail('error: no matching resources found');
    return;
  }
  const current = (t: (typeof targets)[0]) => {
    const o = ctx.cluster.api.store.get(`${t.info.group}/${t.info.kind}`, t.ns, t.name);
    // For --for=delete, a new object of the same name is not the one we waited for.
    if (kind === 'delete' && o && t.uid && o.metadata.uid !== t.uid) return undefined;
    return o;
  };
  const met = new Set<number>();
  const check = () => {
    targets.forEach((t, i) => {
      if (!met.has(i) && cond(current(t))) met.add(i);
    });
    return met.size === targets.length;
  };
  ctx.waitFor({
    poll: check,
    deadlineMs: ctx.cluster.nowMs + timeoutMs,
    batchLimitMs: timeoutMs,
    finish: () => {
      targets.forEach((t, i) => {
        if (met.has(i)) ctx.out(`${refOf(t.info, t.name)} condition met`);
        else ctx.fail(`error: timed out waiting for the condition on ${t.info.group ? `${t.info.plural}.${t.info.group}` : t.info.plural}/${t.name}`);
      });
    },
  });
}
