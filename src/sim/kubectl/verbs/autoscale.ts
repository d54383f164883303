// kubectl autoscale (`kubectl/pkg/cmd/autoscale/autoscale.go`, 1.32): an autoscaling/v1
// HorizontalPodAutoscaler for a Deployment, ReplicaSet, StatefulSet or ReplicationController,
// e.g. `kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=10` →
// `horizontalpodautoscaler.autoscaling/web autoscaled`. The API server stores HPAs as
// autoscaling/v2, so the object is created in its v2 form (what `get -o yaml` shows).

import type { KindInfo } from '../../api/kinds';
import { isStatus, type KObject } from '../../api/types';
import { flagString, flagStrings, parseArgs, type FlagSpec, type ParsedArgs } from '../args';
import { Ctx, ExitError, formatStatusError } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS, PRINT_FLAGS } from '../flags';
import { parseOutputFormat, printObjects } from '../printers/output';
import { selectObjects } from '../select';
import { dryRunStrategy, dryRunSuffix, NO_RESOURCES } from './scale';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  { name: 'min', type: 'int', default: -1 },
  { name: 'max', type: 'int', default: -1 },
  { name: 'cpu-percent', type: 'int', default: -1 },
  { name: 'name', type: 'string' },
  { name: 'dry-run', type: 'string' },
  ...PRINT_FLAGS,
  { name: 'save-config', type: 'bool' },
  { name: 'record', type: 'bool' },
  { name: 'field-manager', type: 'string' },
];

const SCALABLE = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', '/ReplicationController']);

function intFlag(a: ParsedArgs, name: string): number {
  const v = a.flags.get(name);
  return typeof v === 'number' ? v : -1;
}

export function autoscaleCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  if (!a.flags.has('max')) throw new ExitError('error: required flag(s) "max" not set');
  const min = intFlag(a, 'min');
  const max = intFlag(a, 'max');
  const cpu = intFlag(a, 'cpu-percent');
  const dry = dryRunStrategy(a);
  if (max < 1) throw new ExitError(`error: --max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min) throw new ExitError(`error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  const format = parseOutputFormat(flagString(a, 'output'));
  if (format.kind === 'error') throw new ExitError(format.error);
  const files = flagStrings(a, 'filename');
  if (a.positional.length === 0 && files.length === 0) throw new ExitError(NO_RESOURCES);
  const sel = selectObjects(ctx, a, { allowAll: false });
  for (const { info, object } of sel.items) autoscaleOne(ctx, a, info, object, { min, max, cpu, dry, format });
}

function autoscaleOne(
  ctx: Ctx,
  a: ParsedArgs,
  info: KindInfo,
  target: KObject,
  o: { min: number; max: number; cpu: number; dry: 'none' | 'client' | 'server'; format: ReturnType<typeof parseOutputFormat> },
): void {
  if (!SCALABLE.has(`${info.group}/${info.kind}`)) {
    throw new ExitError(`error: cannot autoscale a ${info.kind}: could not find scale subresource for ${info.group}/${info.version}, Resource=${info.plural} in discovery information`);
  }
  const name = flagString(a, 'name') || target.metadata.name!;
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
  const spec: Record<string, unknown> = {
    scaleTargetRef: { apiVersion, kind: info.kind, name: target.metadata.name },
    maxReplicas: o.max,
  };
  if (o.min > 0) spec.minReplicas = o.min;
  // The v1 → v2 conversion of targetCPUUtilizationPercentage.
  if (o.cpu >= 0) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: o.cpu } } }];
  const hpa: KObject = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name }, spec };
  const hpaInfo = ctx.cluster.kinds.byKind('HorizontalPodAutoscaler')!;
  let result: KObject;
  if (o.dry === 'client') {
    const v1spec: Record<string, unknown> = { maxReplicas: o.max, ...(o.min > 0 ? { minReplicas: o.min } : {}), scaleTargetRef: spec.scaleTargetRef };
    if (o.cpu >= 0) v1spec.targetCPUUtilizationPercentage = o.cpu;
    result = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { creationTimestamp: null, name, ...(ctx.namespaceFlag ? { namespace: ctx.namespace } : {}) }, spec: v1spec, status: { currentReplicas: 0, desiredReplicas: 0 } } as unknown as KObject;
  } else {
    const created = ctx.cluster.api.create(hpa, { namespace: ctx.namespace, dryRun: o.dry === 'server' });
    if (isStatus(created)) throw new ExitError(formatStatusError(created));
    result = created;
  }
  if (o.format.kind === 'table') {
    ctx.out(`horizontalpodautoscaler.autoscaling/${result.metadata.name} autoscaled${dryRunSuffix(o.dry)}`);
    return;
  }
  const printed = printObjects(o.format, hpaInfo, [result], { nowMs: ctx.cluster.nowMs, single: true });
  if ('error' in printed) throw new ExitError(printed.error);
  ctx.out(printed.text.replace(/\n$/, ''));
}
