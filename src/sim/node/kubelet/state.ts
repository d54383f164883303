// The kubelets' own state, outside the API objects: per node the image cache, the pull queue,
// pod IP allocations and the pods it runs (sandbox, container slots, back-offs, probe results).
// Plain data, snapshotted whole; container processes live in the runtime (../runtime).
import type { KObject } from '../../api/types';
import type { ContainerRecord } from '../runtime/runtime';
export { goDuration } from '../../core/time';

export type ProbeType = 'liveness' | 'readiness' | 'startup';

export interface ProbeState {
  result: 'success' | 'failure' | 'unknown';
  successes: number;
  failures: number;
  /** The container instance the worker probes; a new instance restarts the worker. */
  containerId: string;
  /** Stopped (liveness/startup after a kill, or the container ended). */
  onHold: boolean;
}

/** client-go flowcontrol.Backoff entry. */
export interface BackoffEntry {
  durationMs: number;
  lastUpdateMs: number;
}

export interface TerminatedState {
  containerID: string;
  exitCode: number;
  reason: string;
  message?: string;
  startedAt: string;
  finishedAt: string;
  signal?: number;
}

/** One container of the pod spec and its instances. */
export interface Slot {
  name: string;
  kind: 'init' | 'sidecar' | 'app';
  restartCount: number;
  /** The current (latest) container instance in the runtime. */
  current?: string;
  /** The instance before it, for lastState. */
  last?: TerminatedState;
  /** The previous instance's id, kept for `kubectl logs --previous`. */
  previous?: string;
  /** Why it is not running (CrashLoopBackOff, ErrImagePull, CreateContainerConfigError…). */
  waiting?: { reason: string; message?: string };
  crashBackoff?: BackoffEntry;
  probes: Partial<Record<ProbeType, ProbeState>>;
  /** When the current instance's natural exit is scheduled. */
  exitAtMs?: number;
  /** A liveness/startup kill is under way. */
  killing?: boolean;
}

export interface SandboxState {
  id: string;
  ip: string;
  createdAtMs: number;
}

/** An in-flight step of the pod worker (sandbox creation, image pull, container start). */
export interface WorkerOp {
  kind: 'sandbox' | 'pull' | 'start';
  container?: string;
  doneAtMs: number;
  token: number;
  /** For a pull: when it was requested and started, and its outcome. */
  requestedAtMs?: number;
  startedAtMs?: number;
  failure?: string;
  /**
   * For a create/start step: the container's environment, generated once when the step began
   * (kuberuntime_container.go generateContainerConfig runs once, before CreateContainer).
   */
  env?: [string, string][];
  /** Containers still to start in this worker pass (app containers start one after another). */
  queue?: string[];
}

export interface TerminationState {
  startedAtMs: number;
  deadlineMs: number;
  gracePeriodS: number;
  /** The API object is gone (force delete): clean up without writing. */
  removed: boolean;
  /** Sidecars are stopped once regular containers have exited. */
  sidecarsStopped: boolean;
}

export interface PodState {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  /** The pod as this kubelet last saw it from the API. */
  pod: KObject;
  startTimeMs?: number;
  sandbox?: SandboxState;
  /** The sandbox was lost (machine powered off): the next one records SandboxChanged. */
  sandboxLost?: boolean;
  slots: Record<string, Slot>;
  op?: WorkerOp;
  pendingSync?: boolean;
  /** Containers the current worker pass has tried to start (each is tried once per pass). */
  passAttempted?: string[];
  /** When the next timed resync (back-off expiry, error requeue) is due. */
  resyncAtMs?: number;
  /** Volume mount retries (FailedMount). */
  mountBackoff?: BackoffEntry;
  terminating?: TerminationState;
  /** Terminal phase reached: nothing restarts any more. */
  terminal?: boolean;
  /** Image pull back-off per image (`flowcontrol.Backoff` keyed by pod UID + image). */
  pullBackoff: Record<string, BackoffEntry & { error: string }>;
  /** A status change could not be written (partition): write it when the API is reachable. */
  statusDirty?: boolean;
  /**
   * Simulator faults (`kubeplay pod fail-readiness|fail-liveness`): per container name, the probe
   * types whose handler answers as failing until healed. Kept across container restarts.
   */
  probeFaults?: Record<string, ProbeType[]>;
}

export interface NodeKubeletState {
  name: string;
  /** Image cache: normalized reference → size. */
  images: Record<string, { sizeBytes: number; pulledAtMs: number }>;
  /** Serialized image pulls: when the puller is free again. */
  pullFreeAtMs: number;
  lastIpIndex: number;
  /** Pod IPs in use: ip → pod uid. */
  ips: Record<string, string>;
  pods: Record<string, PodState>;
  /** Pods with runtime changes the next relist (PLEG) reports. */
  dirty: string[];
  relistAtMs?: number;
  /** Offset of this kubelet's 1 s relist period. */
  relistPhaseMs: number;
}

export interface KubeletSnapshot {
  nodes: Record<string, NodeKubeletState>;
  containers: ContainerRecord[];
  seq: number;
}

export const MAX_CONTAINER_BACKOFF_MS = 300_000;
export const INITIAL_BACKOFF_MS = 10_000;

/** flowcontrol.Backoff.Next: starts at 10 s, doubles to 300 s; resets after 2 × max without a back-off. */
export function nextBackoff(prev: BackoffEntry | undefined, eventMs: number): BackoffEntry {
  if (!prev || eventMs - prev.lastUpdateMs > 2 * MAX_CONTAINER_BACKOFF_MS) return { durationMs: INITIAL_BACKOFF_MS, lastUpdateMs: eventMs };
  return { durationMs: Math.min(prev.durationMs * 2, MAX_CONTAINER_BACKOFF_MS), lastUpdateMs: eventMs };
}

/** `format.Pod`: `name_namespace(uid)`. */
export function formatPod(ps: Pick<PodState, 'name' | 'namespace' | 'uid'>): string {
  return `${ps.name}_${ps.namespace}(${ps.uid})`;
}
