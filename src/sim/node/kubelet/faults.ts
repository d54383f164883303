// Container faults the simulator injects on a node, offered as the `runtime` service for the
// `kubeplay pod ...` controls: a container's process killed (as `kill -9` on the node would), and
// a container's probe handler made to answer as failing. Only the fault is simulated; the
// kubelet's own machinery (PLEG, restart back-off, the prober's thresholds) does the rest.
import type { Kubelets } from './kubelet';
import { onStopped } from './lifecycle';
import type { PodState, ProbeType } from './state';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const RUNTIME_SERVICE = 'runtime';

/** The probe types a fault can target. */
export type FaultProbeType = Extract<ProbeType, 'readiness' | 'liveness'>;

/**
 * What the pod controls need from the node's container runtime. Methods return an error message,
 * or undefined when done.
 */
export interface ContainerRuntimeService {
  /** The container's process dies now with `exitCode`. */
  killContainer(namespace: string, pod: string, container: string, exitCode: number): string | undefined;
  /** From now on the container's `type` probe handler answers as failing (`failing`), or normally. */
  setProbeFault(namespace: string, pod: string, container: string, type: FaultProbeType, failing: boolean): string | undefined;
  /** The probe faults set on a pod's containers (container → types), for messages and tests. */
  probeFaults(namespace: string, pod: string): Record<string, ProbeType[]>;
}

function podState(k: Kubelets, namespace: string, name: string): PodState | undefined {
  const pod = k.host.store.get('/Pod', namespace, name);
  if (!pod) return undefined;
  return k.nodes[pod.spec?.nodeName ?? '']?.pods[pod.metadata.uid!];
}

export function containerRuntimeService(k: Kubelets): ContainerRuntimeService {
  return {
    killContainer(namespace, name, container, exitCode) {
      const ps = podState(k, namespace, name);
      if (!ps) return `pod ${name} has not started on its node yet`;
      if (!k.agents.get(ps.node).powered) return `node ${ps.node} is powered off: its containers are not running`;
      const rec = k.runtime.get(ps.slots[container]?.current);
      if (!rec || rec.state !== 'running') return `container ${container} of pod ${name} is not running`;
      // The process ends now; a graceful stop already under way is overtaken (its event finds
      // the container exited and does nothing). The PLEG reports the exit at its next relist.
      onStopped(k, { node: ps.node, uid: ps.uid, id: rec.id, code: exitCode });
      return undefined;
    },
    setProbeFault(namespace, name, container, type, failing) {
      const ps = podState(k, namespace, name);
      if (!ps) return `pod ${name} has not started on its node yet`;
      const faults = (ps.probeFaults ??= {});
      const list = (faults[container] ?? []).filter((t) => t !== type);
      if (failing) list.push(type);
      list.sort();
      if (list.length > 0) faults[container] = list;
      else delete faults[container];
      if (Object.keys(faults).length === 0) ps.probeFaults = undefined;
      return undefined;
    },
    probeFaults(namespace, name) {
      return structuredClone(podState(k, namespace, name)?.probeFaults ?? {});
    },
  };
}

/** The probe fault set on a container, if any. */
export function probeFaulted(ps: PodState, container: string, type: ProbeType): boolean {
  return ps.probeFaults?.[container]?.includes(type) ?? false;
}

/**
 * What a probe reports when its handler answers as failing, in the prober's words per handler:
 * an HTTP 500, a command exiting 1 without output, a refused connection, a NOT_SERVING health
 * check.
 */
export function faultedProbeOutput(c: Json, p: Json, podIP: string, portOf: (c: Json, port: unknown) => number): string {
  if (p.httpGet) return 'HTTP probe failed with statuscode: 500';
  if (p.tcpSocket) return `dial tcp ${p.tcpSocket.host || podIP}:${portOf(c, p.tcpSocket.port)}: connect: connection refused`;
  if (p.grpc) return 'service unhealthy (responded with "NOT_SERVING")';
  return '';
}
