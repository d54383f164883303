// Pod helpers shared by the scheduler, kubelets and controllers (pkg/api/v1/pod/util.go,
// pkg/controller/controller_utils.go).
import { parseQuantity } from './quantity';
import type { KObject } from './types';

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

export function podCondition(pod: KObject, type: string): PodCondition | undefined {
  const conds = pod.status?.conditions;
  if (!Array.isArray(conds)) return undefined;
  // A plain loop: this runs for every pod in every controller sync.
  for (let i = 0; i < conds.length; i++) if ((conds[i] as PodCondition).type === type) return conds[i] as PodCondition;
  return undefined;
}

/** Ready condition True. */
export function isPodReady(pod: KObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds (IsPodAvailable). */
export function isPodAvailable(pod: KObject, minReadySeconds: number, nowMs: number): boolean {
  const c = podCondition(pod, 'Ready');
  if (c?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(c.lastTransitionTime ?? '');
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= nowMs;
}

export function isPodTerminal(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Not terminal and not being deleted (controller.IsPodActive). */
export function isPodActive(pod: KObject): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

export interface ResourceList {
  /** Millicores. */
  cpu: number;
  /** Bytes. */
  memory: number;
  pods?: number;
  [other: string]: number | undefined;
}

export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function containerRequest(c: { resources?: { requests?: Record<string, unknown> } }, r: string): number {
  const q = parseQuantity(c?.resources?.requests?.[r]);
  return q === undefined ? 0 : r === 'cpu' ? Math.round(q * 1000) : q;
}

/**
 * A pod's effective requests: the max of the sum of regular containers (plus sidecars) and each
 * init container, plus overhead (resourcehelper.PodRequests). `nonZero` applies the scheduler's
 * defaults (100m CPU, 200Mi memory) to containers without requests, as scoring does.
 */
export function podRequests(pod: KObject, nonZero = false): ResourceList {
  const spec = pod.spec ?? {};
  const containers: unknown[] = Array.isArray(spec.containers) ? spec.containers : [];
  const inits: unknown[] = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  const req = (c: unknown, r: 'cpu' | 'memory') => {
    const v = containerRequest(c as never, r);
    if (v === 0 && nonZero) return r === 'cpu' ? DEFAULT_MILLI_CPU_REQUEST : DEFAULT_MEMORY_REQUEST;
    return v;
  };
  let cpu = 0;
  let memory = 0;
  for (const c of containers) {
    cpu += req(c, 'cpu');
    memory += req(c, 'memory');
  }
  // Sidecars (restartPolicy Always init containers) run beside the app containers; a regular init
  // container runs beside the sidecars started before it.
  let sidecarCpu = 0;
  let sidecarMem = 0;
  let initCpu = 0;
  let initMem = 0;
  for (const c of inits as { restartPolicy?: string }[]) {
    const ic = req(c, 'cpu');
    const im = req(c, 'memory');
    if (c?.restartPolicy === 'Always') {
      sidecarCpu += ic;
      sidecarMem += im;
      initCpu = Math.max(initCpu, sidecarCpu);
      initMem = Math.max(initMem, sidecarMem);
    } else {
      initCpu = Math.max(initCpu, ic + sidecarCpu);
      initMem = Math.max(initMem, im + sidecarMem);
    }
  }
  cpu = Math.max(cpu + sidecarCpu, initCpu);
  memory = Math.max(memory + sidecarMem, initMem);
  const overhead = spec.overhead ?? {};
  cpu += Math.round((parseQuantity(overhead.cpu) ?? 0) * 1000);
  memory += parseQuantity(overhead.memory) ?? 0;
  return { cpu, memory, pods: 1 };
}

/** Node allocatable as numbers (cpu in millicores). */
export function nodeAllocatable(node: KObject): ResourceList {
  const a = node.status?.allocatable ?? node.status?.capacity ?? {};
  return {
    cpu: Math.round((parseQuantity(a.cpu) ?? 0) * 1000),
    memory: parseQuantity(a.memory) ?? 0,
    pods: parseQuantity(a.pods) ?? 0,
  };
}

/** The Ready condition of a node, if any. */
export function nodeReadyStatus(node: KObject): 'True' | 'False' | 'Unknown' | undefined {
  const conds: { type: string; status: 'True' | 'False' | 'Unknown' }[] = node.status?.conditions ?? [];
  return conds.find((c) => c.type === 'Ready')?.status;
}

/** `namespace/name` */
export function podKey(pod: KObject): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}
