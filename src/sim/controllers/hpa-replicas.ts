// The HPA replica calculator for resource metrics (pkg/controller/podautoscaler/replica_calculator.go,
// metrics/utilization.go, metrics/client.go): desired = ceil(usageRatio × ready pods), with a 10 %
// tolerance, unready pods (within the 5 min CPU initialization period) and pods without metrics
// treated conservatively. Usage comes from the `metrics` service (metrics-server); without it, the
// resource metrics API is missing, as on a kind cluster without metrics-server.

import { parseQuantity } from '../api/quantity';
import type { LabelSelectorMatcher } from '../api/selectors';
import type { KObject } from '../api/types';
import { parseTime } from '../core/time';
import type { ComponentHost } from '../host';
import { METRICS_SERVICE, type MetricsSource } from '../metrics';

/** `--horizontal-pod-autoscaler-tolerance`. */
export const TOLERANCE = 0.1;
/** `--horizontal-pod-autoscaler-cpu-initialization-period`. */
const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** `--horizontal-pod-autoscaler-initial-readiness-delay`. */
const DELAY_OF_INITIAL_READINESS_STATUS_MS = 30_000;
/** metrics-server's metric window. */
const METRIC_WINDOW_MS = 15_000;

export class MetricsError extends Error {}

interface PodMetric {
  /** milli-units: millicores, or milli-bytes. */
  value: number;
  timestampMs: number;
}

export interface ReplicaProposal {
  replicas: number;
  /** Utilization in percent of the request (Utilization targets). */
  utilization?: number;
  /** Average usage, milli-units. */
  rawAverage: number;
  timestampMs: number;
}

/** `GetResourceMetric`: usage of the selected pods' containers, by pod name. */
function resourceMetrics(host: ComponentHost, resource: string, ns: string, pods: readonly KObject[], container?: string): Map<string, PodMetric> {
  const source = host.service<MetricsSource>(METRICS_SERVICE);
  if (!source) throw new MetricsError('unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)');
  const out = new Map<string, PodMetric>();
  for (const p of pods) {
    const m = source.podMetrics(ns, p.metadata.name!);
    if (!m) continue;
    let value = 0;
    let missing = false;
    const containers = m.containers.filter((c) => !container || c.name === container);
    if (containers.length === 0) missing = true;
    for (const c of containers) {
      if (resource === 'cpu') value += c.cpuMilli;
      else if (resource === 'memory') value += c.memoryBytes * 1000;
      else missing = true;
    }
    if (!missing) out.set(p.metadata.name!, { value, timestampMs: m.timestampMs });
  }
  if (out.size === 0) throw new MetricsError('no metrics returned from resource metrics API');
  return out;
}

/** `groupPods`: ready count and the unready, missing and ignored pod names. */
function groupPods(pods: readonly KObject[], metrics: Map<string, PodMetric>, resource: string, nowMs: number) {
  let readyCount = 0;
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  for (const p of pods) {
    const name = p.metadata.name!;
    if (p.metadata.deletionTimestamp || p.status?.phase === 'Failed') {
      ignored.add(name);
      continue;
    }
    if (p.status?.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const cond = (p.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
      const start = parseTime(p.status?.startTime);
      let isUnready: boolean;
      if (!cond || start === undefined) isUnready = true;
      else {
        const transition = parseTime(cond.lastTransitionTime) ?? 0;
        if (start + CPU_INITIALIZATION_PERIOD_MS > nowMs) isUnready = cond.status === 'False' || metric.timestampMs < transition + METRIC_WINDOW_MS;
        else isUnready = cond.status === 'False' && start + DELAY_OF_INITIAL_READINESS_STATUS_MS > transition;
      }
      if (isUnready) {
        unready.add(name);
        continue;
      }
    }
    readyCount++;
  }
  return { readyCount, unready, missing, ignored };
}

/** `calculatePodRequests`: each pod's summed container requests for the resource, milli-units. */
function podRequests(pods: readonly KObject[], resource: string, container?: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of pods) {
    let total = 0;
    for (const c of p.spec?.containers ?? []) {
      if (container && c.name !== container) continue;
      const q = parseQuantity(c.resources?.requests?.[resource]);
      if (q === undefined) throw new MetricsError(`missing request for ${resource} in container ${c.name} of Pod ${p.metadata.name}`);
      total += Math.round(q * 1000);
    }
    out.set(p.metadata.name!, total);
  }
  return out;
}

/** `GetResourceUtilizationRatio`. */
function utilizationRatio(metrics: Map<string, PodMetric>, requests: Map<string, number>, target: number): { ratio: number; utilization: number; rawAverage: number } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let n = 0;
  for (const [name, m] of metrics) {
    const r = requests.get(name);
    if (r === undefined) continue;
    metricsTotal += m.value;
    requestsTotal += r;
    n++;
  }
  if (requestsTotal === 0) throw new MetricsError('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(metricsTotal / n) };
}

function usageRatio(metrics: Map<string, PodMetric>, target: number): { ratio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / target, usage };
}

/**
 * `GetResourceReplicas` (Utilization target, percent) or `GetRawResourceReplicas` (AverageValue
 * target, milli-units): the proposed replica count for one resource metric.
 */
export function resourceReplicas(
  host: ComponentHost,
  currentReplicas: number,
  target: { utilization?: number; averageMilli?: number },
  resource: string,
  ns: string,
  selector: LabelSelectorMatcher,
  container?: string,
): ReplicaProposal {
  const pods = host.store.list('/Pod', ns).filter((p) => selector.matches(p.metadata.labels ?? {}));
  let metrics: Map<string, PodMetric>;
  try {
    metrics = resourceMetrics(host, resource, ns, pods, container);
  } catch (e) {
    throw new MetricsError(`unable to get metrics for resource ${resource}: ${(e as Error).message}`);
  }
  const timestampMs = [...metrics.values()][0].timestampMs;
  if (pods.length === 0) throw new MetricsError('no pods returned by selector while calculating replica count');
  const now = host.now();
  const { readyCount, unready, missing, ignored } = groupPods(pods, metrics, resource, now);
  for (const n of [...ignored, ...unready]) metrics.delete(n);
  if (metrics.size === 0) throw new MetricsError('did not receive metrics for targeted pods (pods might be unready)');
  const utilizationTarget = target.utilization;
  const requests = utilizationTarget !== undefined ? podRequests(pods, resource, container) : undefined;
  const measure = () =>
    requests ? utilizationRatio(metrics, requests, utilizationTarget!) : (({ ratio, usage }) => ({ ratio, utilization: undefined, rawAverage: usage }))(usageRatio(metrics, target.averageMilli!));
  const first = measure();
  const result = (replicas: number): ReplicaProposal => ({ replicas, utilization: first.utilization, rawAverage: first.rawAverage, timestampMs });
  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (Math.abs(1 - first.ratio) <= TOLERANCE) return result(currentReplicas);
    return result(Math.ceil(first.ratio * readyCount));
  }
  if (missing.size > 0) {
    for (const name of missing) {
      let value = 0;
      if (first.ratio < 1) value = requests ? Math.trunc((requests.get(name)! * Math.max(100, utilizationTarget!)) / 100) : target.averageMilli!;
      if (first.ratio !== 1) metrics.set(name, { value, timestampMs });
    }
  }
  if (scaleUpWithUnready) for (const name of unready) metrics.set(name, { value: 0, timestampMs });
  const next = measure();
  if (Math.abs(1 - next.ratio) <= TOLERANCE || (first.ratio < 1 && next.ratio > 1) || (first.ratio > 1 && next.ratio < 1)) return result(currentReplicas);
  const replicas = Math.ceil(next.ratio * metrics.size);
  if ((next.ratio < 1 && replicas > currentReplicas) || (next.ratio > 1 && replicas < currentReplicas)) return result(currentReplicas);
  return result(replicas);
}

/** `resource.NewMilliQuantity(v, DecimalSI).String()`: `250m`, `1`, `128M`. */
export function milliQuantity(milli: number): string {
  if (milli === 0) return '0';
  if (milli % 1000 !== 0) return `${milli}m`;
  let v = milli / 1000;
  for (const s of ['', 'k', 'M', 'G', 'T', 'P', 'E']) {
    if (v % 1000 !== 0 || s === 'E') return `${v}${s}`;
    v /= 1000;
  }
  return String(v);
}
