// kubectl's drain helper (k8s.io/kubectl/pkg/drain: drain.go, filters.go, v1.32) on virtual time:
// which pods of a node may go (DaemonSet, mirror, emptyDir and unmanaged pod filters), then their
// concurrent evictions — retried every 5 s while a PodDisruptionBudget refuses — and the 1 s polls
// until each pod is gone. Output goes through the caller's out/err in the order a terminal shows it.
import type { Cluster } from '../../cluster';
import { evict } from '../../api/eviction';
import { controllerOf } from '../../api/meta';
import { isStatus, type KObject } from '../../api/types';
import { waitUntil } from '../../kubectl/wait';
import { podsOnNode } from './podutil';
import { goDuration } from '../../core/time';

export interface DrainOptions {
  force: boolean;
  ignoreAllDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  /** Negative: each pod's own terminationGracePeriodSeconds. */
  gracePeriodSeconds: number;
  /** 0: no limit (kubeplay stops waiting after DEFAULT_DRAIN_WAIT_MS of virtual time). */
  timeoutMs: number;
  podSelector?: (labels: Record<string, string>) => boolean;
  disableEviction: boolean;
  skipWaitForDeleteTimeoutSeconds: number;
  dryRun: 'none' | 'client' | 'server';
}

/**
 * kubectl drain without --timeout waits forever; a simulated terminal cannot, so kubeplay gives
 * up after this much virtual time and reports it as a timeout of that length.
 */
export const DEFAULT_DRAIN_WAIT_MS = 5 * 60_000;
const EVICTION_RETRY_MS = 5_000;
const POLL_INTERVAL_MS = 1_000;

type Reason = 'Okay' | 'Skip' | 'Warning' | 'Error';
export interface PodDelete {
  pod: KObject;
  delete: boolean;
  reason: Reason;
  message?: string;
}

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

const okay = (): Omit<PodDelete, 'pod'> => ({ delete: true, reason: 'Okay' });
const terminal = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

function skipDeleted(p: KObject, o: DrainOptions, nowMs: number): boolean {
  const ts = Date.parse(p.metadata.deletionTimestamp ?? '');
  return o.skipWaitForDeleteTimeoutSeconds > 0 && !Number.isNaN(ts) && Math.floor((nowMs - ts) / 1000) > o.skipWaitForDeleteTimeoutSeconds;
}

type Status = Omit<PodDelete, 'pod'>;

/** makeFilters, in order; a filter that refuses stops the chain and only the last status is kept. */
function filterPod(cluster: Cluster, p: KObject, o: DrainOptions): Status {
  const filters: ((p: KObject) => Status)[] = [
    (x) => (skipDeleted(x, o, cluster.nowMs) ? { delete: false, reason: 'Skip' } : okay()),
    (x) => daemonSetFilter(cluster, x, o),
    (x) => (x.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined ? { delete: false, reason: 'Skip' } : okay()),
    (x) => {
      if (!(x.spec?.volumes ?? []).some((v: { emptyDir?: unknown }) => v?.emptyDir) || terminal(x)) return okay();
      return o.deleteEmptyDirData ? { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING } : { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
    },
    (x) => {
      if (terminal(x) || controllerOf(x)) return okay();
      return o.force ? { delete: true, reason: 'Warning', message: UNMANAGED_WARNING } : { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
    },
  ];
  let status = okay();
  for (const f of filters) {
    status = f(p);
    if (!status.delete) break;
  }
  return status;
}

function daemonSetFilter(cluster: Cluster, p: KObject, o: DrainOptions): Status {
  const ref = controllerOf(p);
  if (ref?.kind !== 'DaemonSet' || terminal(p)) return okay();
  if (!cluster.get('apps/DaemonSet', p.metadata.namespace, ref.name)) {
    const msg = `daemonsets.apps "${ref.name}" not found`;
    return o.force ? { delete: true, reason: 'Warning', message: msg } : { delete: false, reason: 'Error', message: msg };
  }
  if (!o.ignoreAllDaemonSets) return { delete: false, reason: 'Error', message: DAEMONSET_FATAL };
  return { delete: false, reason: 'Warning', message: DAEMONSET_WARNING };
}

/** GetPodsForDeletion: every pod on the node (with --pod-selector) and whether it may go. */
export function podsForDeletion(cluster: Cluster, node: string, o: DrainOptions): PodDelete[] {
  return podsOnNode(cluster.api.store, node)
    .filter((p) => !o.podSelector || o.podSelector(p.metadata.labels ?? {}))
    .map((pod) => ({ pod, ...filterPod(cluster, pod, o) }));
}

/** Groups `ns/name` by message in first-seen order (kubectl iterates a Go map: any order). */
function grouped(items: PodDelete[], reason: Reason): [string, string[]][] {
  const m = new Map<string, string[]>();
  for (const i of items) {
    if (i.reason !== reason) continue;
    const msg = i.message || 'unexpected error';
    if (!m.has(msg)) m.set(msg, []);
    m.get(msg)!.push(`${i.pod.metadata.namespace}/${i.pod.metadata.name}`);
  }
  return [...m];
}

/** PodDeleteList.errors in kubectl 1.32: every message gets `cannot delete ` (doubled for the unmanaged one, as 1.32 prints it). */
export function deleteErrors(items: PodDelete[]): string[] {
  return grouped(items, 'Error').map(([msg, pods]) => `cannot delete ${msg}: ${pods.join(', ')}`);
}

export function deleteWarnings(items: PodDelete[]): string {
  return grouped(items, 'Warning').map(([msg, pods]) => `${msg}: ${pods.join(', ')}`).join('; ');
}

/** utilerrors.NewAggregate(...).Error(): one message, or `[a, b]`. */
export function aggregate(errs: string[]): string {
  const uniq = [...new Set(errs)];
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`;
}

interface Task {
  pod: KObject;
  state: 'evict' | 'wait' | 'done';
  atMs: number;
}

/**
 * DeleteOrEvictPods: evicts (or deletes) the pods concurrently and waits for them to go, advancing
 * virtual time. Returns the errors (empty when every pod is gone).
 */
export function deleteOrEvictPods(cluster: Cluster, pods: KObject[], o: DrainOptions, out: (s: string) => void, err: (s: string) => void): string[] {
  if (pods.length === 0) return [];
  const limitMs = o.timeoutMs > 0 ? o.timeoutMs : DEFAULT_DRAIN_WAIT_MS;
  const deadline = cluster.nowMs + limitMs;
  const timeout = goDuration(limitMs);
  const errors: string[] = [];
  const grace = o.gracePeriodSeconds >= 0 ? o.gracePeriodSeconds : undefined;
  const gone = (p: KObject) => cluster.get('/Pod', p.metadata.namespace, p.metadata.name!)?.metadata.uid !== p.metadata.uid;
  const ref = (p: KObject) => `pods/"${p.metadata.name}" -n "${p.metadata.namespace}"`;
  const tasks: Task[] = pods.map((pod) => ({ pod, state: 'evict', atMs: cluster.nowMs }));

  if (o.disableEviction) {
    for (const p of pods) {
      const r = cluster.api.delete(cluster.kinds.byKind('Pod')!, p.metadata.namespace, p.metadata.name!, { gracePeriodSeconds: grace, dryRun: o.dryRun === 'server' });
      if (isStatus(r) && r.reason !== 'NotFound') return [r.message];
    }
    for (const t of tasks) t.state = 'wait';
  }
  for (;;) {
    const now = cluster.nowMs;
    for (const t of tasks) {
      if (t.state !== 'evict' || t.atMs > now) continue;
      const { pod } = t;
      out(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name}${o.dryRun === 'server' ? ' (server dry run)' : ''}`);
      if (now >= deadline) {
        errors.push(`error when evicting ${ref(pod)}: global timeout reached: ${timeout}`);
        t.state = 'done';
        continue;
      }
      const r = evict(cluster.api, cluster.api.store, pod.metadata.namespace!, pod.metadata.name!, { nowMs: now, gracePeriodSeconds: grace, dryRun: o.dryRun === 'server' });
      if (r === true) {
        t.state = o.dryRun === 'server' ? 'done' : 'wait';
      } else if (r.reason === 'NotFound') {
        t.state = 'done';
      } else if (r.reason === 'TooManyRequests') {
        err(`error when evicting ${ref(pod)} (will retry after 5s): ${r.message}`);
        t.atMs = now + EVICTION_RETRY_MS;
      } else {
        errors.push(`error when evicting ${ref(pod)}: ${r.message}`);
        t.state = 'done';
      }
    }
    for (const t of tasks) {
      if (t.state !== 'wait' || t.atMs > now) continue;
      const { pod } = t;
      if (gone(pod)) {
        out(`pod/${pod.metadata.name} ${o.disableEviction ? 'deleted' : 'evicted'}`);
        t.state = 'done';
        continue;
      }
      const cur = cluster.get('/Pod', pod.metadata.namespace, pod.metadata.name!)!;
      if (skipDeleted(cur, o, now)) {
        out(`pod "${pod.metadata.name}" has DeletionTimestamp older than ${o.skipWaitForDeleteTimeoutSeconds} seconds, skipping`);
        t.state = 'done';
      } else if (now >= deadline) {
        errors.push(o.disableEviction ? 'timed out waiting for the condition' : `error when waiting for pod "${pod.metadata.name}" in namespace "${pod.metadata.namespace}" to terminate: global timeout reached: ${timeout}`);
        t.state = 'done';
      } else {
        t.atMs = now + POLL_INTERVAL_MS;
      }
    }
    const pending = tasks.filter((t) => t.state !== 'done');
    if (pending.length === 0) break;
    const next = Math.min(...pending.map((t) => t.atMs));
    waitUntil(cluster, () => false, Math.max(0, next - cluster.nowMs));
  }
  return o.disableEviction && errors.length > 0 ? [errors[0]] : errors;
}
