// Which pod and container `logs` / `exec` act on: `POD`, `TYPE/NAME` (the best pod of a
// workload, as polymorphichelpers.AttachablePodForObjectFn with ByLogging picks it), and the
// default container (the kubectl.kubernetes.io/default-container annotation, else the first).
import { labelSelectorFromSet, labelSelectorFromSpec } from '../../api/selectors';
import { isStatus, type KObject } from '../../api/types';
import { parseTime } from '../../core/time';
import { Ctx, ExitError, formatStatusError } from '../context';
import { resolveType } from '../resources';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export function containerNames(pod: KObject, initFirst: boolean): string[] {
  const init = (pod.spec?.initContainers ?? []).map((c: Json) => c.name);
  const main = (pod.spec?.containers ?? []).map((c: Json) => c.name);
  const eph = (pod.spec?.ephemeralContainers ?? []).map((c: Json) => c.name);
  return initFirst ? [...init, ...main, ...eph] : [...main, ...eph, ...init];
}

/** The default container, with kubectl's `Defaulted container "a" out of: a, b` notice. */
export function defaultContainer(ctx: Ctx, pod: KObject): string {
  const spec = pod.spec ?? {};
  const ann = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map((c: Json) => c.name);
  if (ann) {
    if (all.includes(ann)) return ann;
    ctx.err(`Default container name "${ann}" not found in pod ${pod.metadata.name}`);
  }
  const first = spec.containers?.[0]?.name ?? '';
  if ((spec.containers ?? []).length > 1 || (spec.initContainers ?? []).length > 0 || (spec.ephemeralContainers ?? []).length > 0) {
    const names = [
      ...(spec.containers ?? []).map((c: Json) => c.name),
      ...(spec.ephemeralContainers ?? []).map((c: Json) => `${c.name} (ephem)`),
      ...(spec.initContainers ?? []).map((c: Json) => `${c.name} (init)`),
    ];
    ctx.err(`Defaulted container "${first}" out of: ${names.join(', ')}`);
  }
  return first;
}

const isReady = (p: KObject) => (p.status?.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True');
const readyTime = (p: KObject) => parseTime((p.status?.conditions ?? []).find((c: Json) => c.type === 'Ready')?.lastTransitionTime);
const maxRestarts = (p: KObject) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c: Json) => c.restartCount ?? 0));

/** controller.ByLogging: the pod whose logs are most interesting first. */
export function byLogging(a: KObject, b: KObject): number {
  const an = a.spec?.nodeName ?? '';
  const bn = b.spec?.nodeName ?? '';
  if (an !== bn && (!an || !bn)) return an ? -1 : 1;
  const m: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const pa = m[a.status?.phase ?? ''] ?? 0;
  const pb = m[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa - pb;
  if (isReady(a) !== isReady(b)) return isReady(a) ? -1 : 1;
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return (readyTime(a) ?? Infinity) - (readyTime(b) ?? Infinity);
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a);
  return (parseTime(a.metadata.creationTimestamp) ?? Infinity) - (parseTime(b.metadata.creationTimestamp) ?? Infinity);
}

/** The pod a `POD` or `TYPE/NAME` argument means. */
export function podForObject(ctx: Ctx, arg: string): KObject {
  const podInfo = ctx.cluster.kinds.byKind('Pod')!;
  const slash = arg.indexOf('/');
  if (slash < 0) {
    const pod = ctx.cluster.api.get(podInfo, ctx.namespace, arg);
    if (isStatus(pod)) throw new ExitError(formatStatusError(pod));
    return pod;
  }
  const [info] = resolveType(ctx, arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  const obj = ctx.cluster.api.get(info, info.namespaced ? ctx.namespace : undefined, name);
  if (isStatus(obj)) throw new ExitError(formatStatusError(obj));
  if (info.kind === 'Pod') return obj;
  const spec = obj.spec ?? {};
  const sel = info.kind === 'Service' || info.kind === 'ReplicationController'
    ? labelSelectorFromSet(spec.selector)
    : labelSelectorFromSpec(spec.selector);
  if (!['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'Service', 'ReplicationController'].includes(info.kind)) {
    throw new ExitError(`error: cannot get the logs from ${info.group ? `${info.kind}.${info.group}` : `*v1.${info.kind}`}: selector for ${info.group ? `*${info.group.split('.')[0]}.${info.kind}` : `*v1.${info.kind}`} not implemented`);
  }
  const pods = ctx.cluster.api.list(podInfo, ctx.namespace).filter((p) => sel.matches(p.metadata.labels ?? {})).sort(byLogging);
  if (pods.length === 0) throw new ExitError('error: timed out waiting for the condition');
  if (pods.length > 1) ctx.err(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}`);
  return pods[0];
}
