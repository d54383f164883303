// What the `kubectl set` subcommands share: finding the objects with pod templates (from the
// server, or from files with --local), picking containers by glob, and writing/printing the
// result as kubectl does (`deployment.apps/web env updated (dry run)`).

import { qualifiedSingular, type KindInfo } from '../../api/kinds';
import { jsonEqual } from '../../api/meta';
import { isStatus, type KObject } from '../../api/types';
import type { ParsedArgs } from '../args';
import { Ctx, ExitError } from '../context';
import { parseOutputFormat, printObjects, type ParsedOutputFormat } from '../printers/output';
import { selectObjects } from '../select';
import { localObjects } from './patch';
import { dryRunSuffix, NO_RESOURCES } from './scale';

export interface Container {
  name: string;
  [field: string]: unknown;
}

/** The pod spec inside an object, by kind (`UpdatePodSpecForObject`). */
export function podSpecOf(o: KObject): Record<string, unknown> | undefined {
  switch (o.kind) {
    case 'Pod':
      return o.spec;
    case 'CronJob':
      return o.spec?.jobTemplate?.spec?.template?.spec;
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'Job':
      return o.spec?.template?.spec;
    default:
      return undefined;
  }
}

/** `deployment.apps/web`: the builder's ObjectName. */
export const objectRef = (info: KindInfo, o: KObject) => `${qualifiedSingular(info)}/${o.metadata.name}`;

/** The Go type kubectl names when an object has no pod template (`*v1.ConfigMap`). */
export const goTypeOf = (info: KindInfo) => (info.custom ? '*unstructured.Unstructured' : `*${info.version}.${info.kind}`);

export type Target =
  | { info: KindInfo; original: KObject; object: KObject; spec: { containers?: Container[]; initContainers?: Container[] }; ref: string }
  | { error: string };

/** The objects a set command changes: each a copy to edit, with its pod spec. */
export function podTemplateTargets(ctx: Ctx, a: ParsedArgs, local: boolean): Target[] {
  let items: { info: KindInfo; object: KObject }[];
  if (local) {
    if (a.positional.length > 0) {
      throw new ExitError("error: you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'");
    }
    items = localObjects(ctx, a);
  } else {
    if (a.positional.length === 0 && !a.flags.has('filename')) throw new ExitError(NO_RESOURCES);
    items = selectObjects(ctx, a, { allowAll: false }).items;
  }
  return items.map(({ info, object }) => {
    const copy = structuredClone(object) as KObject;
    const spec = podSpecOf(copy);
    const ref = objectRef(info, object);
    if (!spec) return { error: `error: ${ref} the object is not a pod or does not have a pod template: ${goTypeOf(info)}` };
    return { info, original: object, object: copy, spec: spec as { containers?: Container[] }, ref };
  });
}

/**
 * `-o` for commands that print the objects they change (PrintFlags without table printers):
 * yaml, json, name and jsonpath; kubectl's error for the rest.
 */
export function objectOutputFormat(value: string | undefined): ParsedOutputFormat {
  const f = parseOutputFormat(value);
  if (f.kind === 'wide' || f.kind === 'custom-columns' || (f.kind === 'error' && f.error.startsWith('error: unable to match a printer'))) {
    return {
      kind: 'error',
      error: `error: unable to match a printer suitable for the output format "${value}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`,
    };
  }
  return f;
}

/** Go's filepath.Match for container names (`*`, `?`, `[...]`). */
export function selectContainers(containers: Container[] | undefined, pattern: string): Container[] {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return [];
      re += `[${pattern.slice(i + 1, end).replace(/^\^/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  const rx = new RegExp(`${re}$`);
  return (containers ?? []).filter((c) => rx.test(c.name));
}

/**
 * Pulls a repeatable string flag (pflag StringArray: no comma splitting) out of the words, e.g.
 * `-e A=1,2 --env=B=3`.
 */
export function takeRepeated(words: readonly string[], name: string, short: string): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      rest.push(...words.slice(i));
      break;
    }
    if (w === `--${name}` || w === `-${short}`) {
      if (i + 1 < words.length) values.push(words[++i]);
      else rest.push(w);
    } else if (w.startsWith(`--${name}=`)) values.push(w.slice(name.length + 3));
    else if (w.startsWith(`-${short}`) && !w.startsWith('--') && w.length > 2) values.push(w.slice(w[2] === '=' ? 3 : 2));
    else rest.push(w);
  }
  return { values, rest };
}

/**
 * Writes a changed object (not with --local or --dry-run=client) and prints it; nothing for an
 * unchanged one. Returns kubectl's error text when the server refuses the change.
 */
export function printSetResult(
  ctx: Ctx,
  o: {
    info: KindInfo;
    original: KObject;
    next: KObject;
    local: boolean;
    dryRun: 'none' | 'client' | 'server';
    format: ParsedOutputFormat;
    operation: string;
    failure: string;
  },
): string | undefined {
  if (jsonEqual(o.original, o.next)) return undefined;
  let shown = o.next;
  if (!o.local && o.dryRun !== 'client') {
    const r = ctx.cluster.api.update(o.next, { dryRun: o.dryRun === 'server' });
    if (isStatus(r)) return `${o.failure}${r.message}`;
    shown = r;
  }
  if (o.format.kind === 'table') {
    ctx.out(`${objectRef(o.info, shown)} ${o.operation}${dryRunSuffix(o.dryRun)}`);
    return undefined;
  }
  const printed = printObjects(o.format, o.info, [shown], { nowMs: ctx.cluster.nowMs, single: true });
  if ('error' in printed) return printed.error;
  ctx.out(printed.text.replace(/\n$/, ''));
  return undefined;
}
