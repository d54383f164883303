// kubectl scale (kubectl/pkg/cmd/scale/scale.go, pkg/scale/scale.go): sets spec.replicas through
// the scale subresource of Deployments, ReplicaSets, ReplicationControllers and StatefulSets;
// `--current-replicas` / `--resource-version` preconditions; `--timeout` waits in virtual time
// for status.replicas to reach the new size.
import type { KindInfo } from '../../api/kinds';
import { isStatus, type KObject } from '../../api/types';
import { parseDuration } from '../../core/time';
import { flagInt, flagString, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError, refOf } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS, PRINT_FLAGS, SELECTOR_FLAGS } from '../flags';
import { selectObjects } from '../select';
import { waitUntil } from '../wait';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  ...SELECTOR_FLAGS,
  { name: 'all', type: 'bool' },
  { name: 'replicas', type: 'int' },
  { name: 'current-replicas', type: 'int' },
  { name: 'resource-version', type: 'string' },
  { name: 'timeout', type: 'string' },
  { name: 'dry-run', type: 'string' },
  ...PRINT_FLAGS,
];

/** The builder's error when no resource is named. */
export const NO_RESOURCES = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** Kinds with a scale subresource. */
const SCALABLE = new Set(['apps/Deployment', 'apps/ReplicaSet', '/ReplicationController', 'apps/StatefulSet']);

export function dryRunStrategy(a: ReturnType<typeof parseArgs>): 'none' | 'client' | 'server' {
  const d = flagString(a, 'dry-run');
  if (d === undefined || d === 'none') return 'none';
  if (d === 'client' || d === 'server') return d;
  if (d === '') return 'client';
  throw new ExitError(`error: Invalid dry-run value (${d}). Must be "none", "server", or "client".`);
}

export const dryRunSuffix = (s: 'none' | 'client' | 'server') => (s === 'client' ? ' (dry run)' : s === 'server' ? ' (server dry run)' : '');

export function scaleCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  const dryRun = dryRunStrategy(a);
  if (!a.flags.has('replicas')) throw new ExitError('error: required flag(s) "replicas" not set');
  const replicas = flagInt(a, 'replicas')!;
  if (replicas < 0) throw new ExitError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  if (a.positional.length === 0 && !a.flags.has('filename') && !a.flags.has('kustomize')) throw new ExitError(NO_RESOURCES);
  const sel = selectObjects(ctx, a, { requireSelection: NO_RESOURCES, allowAll: false });
  if (ctx.exitCode !== 0) return;
  const resourceVersion = flagString(a, 'resource-version') ?? '';
  if (resourceVersion && sel.items.length > 1) throw new ExitError('error: cannot use --resource-version with multiple resources');
  if (sel.items.length === 0) throw new ExitError('error: no objects passed to scale');
  const current = flagInt(a, 'current-replicas') ?? -1;
  const timeoutFlag = flagString(a, 'timeout') ?? '0s';
  const timeoutMs = parseDuration(timeoutFlag);
  if (timeoutMs === undefined) throw new ExitError(`error: invalid argument "${timeoutFlag}" for "--timeout" flag: time: invalid duration "${timeoutFlag}"`);

  for (const { info, object } of sel.items) {
    if (dryRun === 'client') {
      ctx.out(`${refOf(info, object)} scaled${dryRunSuffix(dryRun)}`);
      continue;
    }
    if (!SCALABLE.has(`${info.group}/${info.kind}`)) throw new ExitError('Error from server (NotFound): the server could not find the requested resource');
    const fresh = ctx.cluster.api.get(info, object.metadata.namespace, object.metadata.name!);
    if (isStatus(fresh)) throw new ExitError(formatStatusError(fresh));
    const size = fresh.spec?.replicas ?? 0;
    if (current !== -1 && size !== current) throw new ExitError(`error: Expected replicas to be ${current}, was ${size}`);
    if (resourceVersion && fresh.metadata.resourceVersion !== resourceVersion) {
      throw new ExitError(`error: Expected resource version to be ${resourceVersion}, was ${fresh.metadata.resourceVersion}`);
    }
    const r = ctx.cluster.api.mutate(info, fresh.metadata.namespace, fresh.metadata.name!, (o) => {
      o.spec = { ...(o.spec ?? {}), replicas };
    }, { dryRun: dryRun === 'server' });
    if (isStatus(r)) throw new ExitError(formatStatusError(r));
    if (dryRun === 'none' && timeoutMs > 0) waitForReplicas(ctx, info, fresh, replicas, timeoutMs);
    ctx.out(`${refOf(info, object)} scaled${dryRunSuffix(dryRun)}`);
  }
}

/** `WaitForScaleHasDesiredReplicas`: status.replicas reaches the size (or someone else changed spec.replicas). */
function waitForReplicas(ctx: Ctx, info: KindInfo, o: KObject, replicas: number, timeoutMs: number): void {
  const read = () => ctx.cluster.api.store.get(`${info.group}/${info.kind}`, o.metadata.namespace, o.metadata.name!);
  const done = () => {
    const cur = read();
    if (!cur) return true;
    if ((cur.spec?.replicas ?? 0) !== replicas) return true;
    return (cur.status?.replicas ?? 0) === replicas;
  };
  if (!waitUntil(ctx.cluster, done, timeoutMs)) throw new ExitError(`error: timed out waiting for "${o.metadata.name}" to be synced`);
}
