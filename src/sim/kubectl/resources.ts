// Resolving what a user names on the command line: `pods`, `pod/web`, `deploy,svc`, `all`,
// names after a type, and the objects they select.
import type { KindInfo } from '../api/kinds';
import type { KObject } from '../api/types';
import { Ctx, ExitError } from './context';

export interface ResourceRequest {
  info: KindInfo;
  /** Empty: every object of the type (subject to selectors). */
  names: string[];
}

/** kubectl's `all` category, in discovery order. */
const ALL_ORDER = ['Pod', 'ReplicationController', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'HorizontalPodAutoscaler', 'CronJob', 'Job'];

export function resolveType(ctx: Ctx, typed: string): KindInfo[] {
  if (typed === 'all') {
    const kinds = ctx.cluster.kinds.all();
    const builtin = ALL_ORDER.map((k) => kinds.find((i) => i.kind === k && !i.custom)!).filter(Boolean);
    const custom = kinds.filter((i) => i.custom && i.categories?.includes('all'));
    return [...builtin, ...custom];
  }
  const info = ctx.cluster.kinds.resolveResource(typed);
  if (!info) throw new ExitError(`error: the server doesn't have a resource type "${typed}"`);
  return [info];
}

/** Parses `TYPE [NAME...]`, `TYPE/NAME...` and `TYPE1,TYPE2 [NAME...]`. */
export function parseResourceArgs(ctx: Ctx, args: readonly string[]): ResourceRequest[] {
  if (args.length === 0) return [];
  if (args.some((a) => a.includes('/'))) {
    const out: ResourceRequest[] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0) {
        throw new ExitError(`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
      }
      const [info] = resolveType(ctx, a.slice(0, slash));
      const name = a.slice(slash + 1);
      if (!name) throw new ExitError(`error: arguments in resource/name form must have a single resource and name`);
      const prev = out.find((r) => r.info === info);
      if (prev) prev.names.push(name);
      else out.push({ info, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  const infos = types.split(',').filter(Boolean).flatMap((t) => resolveType(ctx, t));
  return infos.map((info) => ({ info, names: [...names] }));
}

/** Namespace for a kind: undefined for cluster-scoped kinds. */
export function nsFor(ctx: Ctx, info: KindInfo, allNamespaces = false): string | undefined {
  if (!info.namespaced || allNamespaces) return undefined;
  return ctx.namespace;
}

export function listObjects(ctx: Ctx, info: KindInfo, allNamespaces: boolean, filter?: (o: KObject) => boolean): KObject[] {
  const objs = ctx.cluster.api.list(info, nsFor(ctx, info, allNamespaces));
  return filter ? objs.filter(filter) : objs;
}

/** `No resources found in default namespace.` / `No resources found` (kubectl get's stderr line). */
export function noResourcesMessage(ctx: Ctx, namespaced: boolean, allNamespaces: boolean): string {
  return namespaced && !allNamespaces ? `No resources found in ${ctx.namespace} namespace.` : 'No resources found';
}
