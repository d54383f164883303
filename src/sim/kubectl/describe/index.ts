// kubectl describe's describers: the registry (registry.ts), the generic fallback (generic.ts)
// and the built-in describers, imported here for their registration.
import type { KObject } from '../../api/types';
import type { KindInfo } from '../../api/kinds';
import { describeGeneric } from './generic';
import { describerFor, type DescribeContext } from './registry';
import './pod';
import './node';
import './deployment';
import './replicaset';
import './service';
import './statefulset';
import './daemonset';
import './job';
import './cronjob';
import './configmap';
import './secret';
import './namespace';
import './persistentvolumeclaim';
import './ingress';
import './horizontalpodautoscaler';
import './poddisruptionbudget';
import './endpoints';

export { registerDescriber, type Describer, type DescribeContext } from './registry';
export { PrefixWriter, tabbedString, goTabwrite, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4 } from './writer';
export * from './helpers';
export { describeGeneric, printUnstructuredContent, smartLabelFor } from './generic';

/** The describe text of one object: its kind's describer, or the generic one. */
export function describeObject(ctx: DescribeContext, info: KindInfo, obj: KObject): string {
  const fn = describerFor(info.group, info.kind) ?? describeGeneric;
  return fn(ctx, obj);
}
