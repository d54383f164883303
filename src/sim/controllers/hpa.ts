// The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/horizontal.go
// `reconcileAutoscaler`): every 15 s (`--horizontal-pod-autoscaler-sync-period`, first 15 s after
// creation) it reads the target's scale, computes the desired replicas from resource metrics
// (hpa-replicas.ts), normalizes them (hpa-behavior.ts), updates the target's spec.replicas and
// writes the status and the AbleToScale / ScalingActive / ScalingLimited conditions. autoscaling/v1
// objects are read as v2; their status gets the v1 fields (conditions live in an annotation in v1
// and are not written).

import type { KindInfo } from '../api/kinds';
import { jsonEqual } from '../api/meta';
import { parseQuantity } from '../api/quantity';
import { isSelectorError, labelSelectorFromSet, labelSelectorFromSpec, parseLabelSelector, type LabelSelectorMatcher } from '../api/selectors';
import type { StoredChange } from '../api/store';
import { isStatus, type KObject } from '../api/types';
import { rfc3339 } from '../core/time';
import type { Component, ComponentHost } from '../host';
import type { Controller } from './manager';
import { HpaHistory } from './hpa-behavior';
import { MetricsError, milliQuantity, resourceReplicas } from './hpa-replicas';
import { DelayingQueue } from './job-delayqueue';

export const HPA_CONTROLLER = 'horizontal-pod-autoscaler';
/** `--horizontal-pod-autoscaler-sync-period`. */
export const HPA_SYNC_PERIOD_MS = 15_000;
const SCALABLE = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', '/ReplicationController']);

interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

interface Status {
  currentReplicas: number;
  desiredReplicas: number;
  currentMetrics?: Record<string, unknown>[];
  conditions: Condition[];
  lastScaleTime?: string;
}

interface MetricSpec {
  type: string;
  resource?: { name: string; target: { type?: string; averageUtilization?: number; averageValue?: string | number } };
  containerResource?: { name: string; container: string; target: { type?: string; averageUtilization?: number; averageValue?: string | number } };
  pods?: { metric?: { name?: string } };
  object?: { metric?: { name?: string }; describedObject?: { kind?: string; name?: string } };
  external?: { metric?: { name?: string } };
}

/** A failed metric: `outer` + `inner` is the error upstream returns; `inner` alone goes into the event and condition. */
class Failure extends Error {
  constructor(
    readonly outer: string,
    readonly inner: string,
    readonly reason: string,
  ) {
    super(outer + inner);
  }
}

/** The HPA's spec as autoscaling/v2 (v1: the CPU target becomes a Resource metric). */
export function v2Spec(hpa: KObject): { min: number; max: number; metrics: MetricSpec[]; behavior?: Record<string, any> } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const spec = hpa.spec ?? {};
  let metrics: MetricSpec[] = Array.isArray(spec.metrics) ? spec.metrics : [];
  if (hpa.apiVersion === 'autoscaling/v1' || metrics.length === 0) {
    metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage ?? 80 } } }];
  }
  return { min: spec.minReplicas ?? 1, max: spec.maxReplicas ?? 0, metrics, behavior: hpa.apiVersion === 'autoscaling/v1' ? undefined : (spec.behavior ?? undefined) };
}

export class HorizontalPodAutoscalerController implements Controller {
  readonly name = HPA_CONTROLLER;
  readonly kinds = ['autoscaling/HorizontalPodAutoscaler'];
  readonly history = new HpaHistory();
  readonly queue: DelayingQueue;

  constructor(private readonly host: ComponentHost) {
    this.queue = new DelayingQueue(host, HPA_CONTROLLER, 'hpa.resync', true);
  }

  keysFor(change: StoredChange): readonly string[] {
    if (change.kindKey !== 'autoscaling/HorizontalPodAutoscaler') return [];
    const key = `${change.object.metadata.namespace}/${change.object.metadata.name}`;
    if (change.type === 'DELETED') {
      this.history.forget(key);
      this.queue.forget(key);
    } else {
      // `enqueueHPA` adds with the resync interval; a key already waiting keeps its time.
      this.queue.addAfter(key, HPA_SYNC_PERIOD_MS);
    }
    return [];
  }

  sync(key: string): void {
    const i = key.indexOf('/');
    const hpa = this.host.store.get('autoscaling/HorizontalPodAutoscaler', key.slice(0, i), key.slice(i + 1));
    if (!hpa) return;
    this.reconcile(key, hpa);
    this.queue.addAfter(key, HPA_SYNC_PERIOD_MS);
  }

  private event(hpa: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.host.events.record(hpa, type, reason, message, { component: HPA_CONTROLLER });
  }

  private setCondition(st: Status, type: string, status: string, reason: string, message: string): void {
    let c = st.conditions.find((x) => x.type === type);
    if (!c) st.conditions.push((c = { type, status: '', reason: '', message: '' }));
    if (c.status !== status) c.lastTransitionTime = rfc3339(this.host.now());
    c.status = status;
    c.reason = reason;
    c.message = message;
  }

  /** The target's scale subresource: spec.replicas, status.replicas, the selector string. */
  private getScale(hpa: KObject): { info: KindInfo; obj: KObject; replicas: number; selector: string } {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const apiVersion: string = ref.apiVersion ?? '';
    if (apiVersion.split('/').length > 2) throw new Error(`unexpected GroupVersion string: ${apiVersion}`);
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const info = this.host.kinds.all().find((k) => k.kind === ref.kind && k.group === group);
    if (!info) throw new Error(`no matches for kind "${ref.kind}" in group "${group}"`);
    const resource = info.group ? `${info.plural}.${info.group}` : info.plural;
    const kk = `${info.group}/${info.kind}`;
    if (!SCALABLE.has(kk)) throw new Error('the server could not find the requested resource');
    const obj = this.host.store.get(kk, hpa.metadata.namespace, ref.name ?? '');
    if (!obj) throw new Error(`${resource} "${ref.name}" not found`);
    const sel = kk === '/ReplicationController' ? labelSelectorFromSet(obj.spec?.selector) : labelSelectorFromSpec(obj.spec?.selector);
    return { info, obj, replicas: obj.spec?.replicas ?? 1, selector: sel.matchesNothing ? '' : sel.selectorString };
  }

  private reconcile(key: string, hpa: KObject): void {
    const now = this.host.now();
    const v1 = hpa.apiVersion === 'autoscaling/v1';
    const orig = hpa.status ?? {};
    const st: Status = {
      currentReplicas: orig.currentReplicas ?? 0,
      desiredReplicas: orig.desiredReplicas ?? 0,
      ...(orig.currentMetrics ? { currentMetrics: structuredClone(orig.currentMetrics) } : {}),
      conditions: v1 ? [] : structuredClone(orig.conditions ?? []),
      ...(orig.lastScaleTime ? { lastScaleTime: orig.lastScaleTime } : {}),
    };
    const spec = v2Spec(hpa);
    let scale: ReturnType<HorizontalPodAutoscalerController['getScale']>;
    try {
      scale = this.getScale(hpa);
    } catch (e) {
      const msg = (e as Error).message;
      this.event(hpa, 'Warning', 'FailedGetScale', msg);
      this.setCondition(st, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${msg}`);
      this.writeStatus(hpa, st);
      return;
    }
    this.setCondition(st, 'AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const current = scale.replicas;
    this.history.recordInitial(key, current, now);
    let desired = 0;
    let reason = '';
    let rescale = true;
    let statuses: Record<string, unknown>[] | undefined;
    if (current === 0 && spec.min !== 0) {
      rescale = false;
      this.setCondition(st, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    } else if (current > spec.max) {
      reason = 'Current number of replicas above Spec.MaxReplicas';
      desired = spec.max;
    } else if (current < spec.min) {
      reason = 'Current number of replicas below Spec.MinReplicas';
      desired = spec.min;
    } else {
      const r = this.computeReplicasForMetrics(hpa, st, spec.metrics, scale, current);
      statuses = r.statuses;
      if (r.replicas === -1) {
        st.currentReplicas = current;
        st.currentMetrics = statuses;
        this.writeStatus(hpa, st);
        this.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', r.error!);
        return;
      }
      if (r.replicas > desired) desired = r.replicas;
      if (desired > current) reason = `${r.metric} above target`;
      if (desired < current) reason = 'All metrics below target';
      const n = spec.behavior
        ? this.history.normalizeWithBehaviors(key, spec.behavior, current, desired, spec.min, spec.max, now)
        : this.history.normalize(key, current, desired, spec.min, spec.max, now);
      this.setCondition(st, 'AbleToScale', 'True', n.ableReason, n.ableMessage);
      this.setCondition(st, 'ScalingLimited', n.limited ? 'True' : 'False', n.limitReason, n.limitMessage);
      desired = n.desired;
      rescale = desired !== current;
    }
    if (rescale) {
      const r = this.host.api.mutate(scale.info, scale.obj.metadata.namespace, scale.obj.metadata.name!, (o) => {
        o.spec = { ...(o.spec ?? {}), replicas: desired };
      });
      if (isStatus(r)) {
        this.event(hpa, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${r.message}`);
        this.setCondition(st, 'AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${r.message}`);
        st.currentReplicas = current;
        st.currentMetrics = statuses;
        this.writeStatus(hpa, st);
        return;
      }
      this.setCondition(st, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
      this.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
      if (spec.behavior) this.history.storeScaleEvent(key, spec.behavior, current, desired, now);
      st.lastScaleTime = rfc3339(now);
    } else desired = current;
    st.currentReplicas = current;
    st.desiredReplicas = desired;
    st.currentMetrics = statuses;
    this.writeStatus(hpa, st);
  }

  /** `computeReplicasForMetrics`: the largest proposal over the metrics; -1 when they all failed. */
  private computeReplicasForMetrics(hpa: KObject, st: Status, metrics: MetricSpec[], scale: { selector: string }, current: number): { replicas: number; metric: string; statuses: Record<string, unknown>[]; error?: string } {
    if (scale.selector === '') {
      this.event(hpa, 'Warning', 'SelectorRequired', 'selector is required');
      this.setCondition(st, 'ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector");
      return { replicas: -1, metric: '', statuses: [], error: 'selector is required' };
    }
    const parsed = parseLabelSelector(scale.selector);
    if (isSelectorError(parsed)) {
      this.event(hpa, 'Warning', 'InvalidSelector', `couldn't convert selector into a corresponding internal selector object: ${parsed.error}`);
      this.setCondition(st, 'ScalingActive', 'False', 'InvalidSelector', `the HPA target's scale has an invalid selector: ${parsed.error}`);
      return { replicas: -1, metric: '', statuses: [], error: parsed.error };
    }
    const statuses: Record<string, unknown>[] = metrics.map(() => ({ type: '' }));
    let replicas = 0;
    let metric = '';
    let invalid = 0;
    let firstError: Failure | undefined;
    metrics.forEach((m, i) => {
      try {
        const r = this.computeReplicasForMetric(hpa, m, current, parsed, statuses, i);
        if (replicas === 0 || r.replicas > replicas) {
          replicas = r.replicas;
          metric = r.metric;
        }
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
        this.event(hpa, 'Warning', e.reason, e.inner);
        invalid++;
        firstError ??= e;
      }
    });
    if (firstError && (invalid >= metrics.length || replicas < current)) {
      const err: Failure = firstError;
      this.setCondition(st, 'ScalingActive', 'False', err.reason, `the HPA was unable to compute the replica count: ${err.inner}`);
      return { replicas: -1, metric: '', statuses, error: `invalid metrics (${invalid} invalid out of ${metrics.length}), first error is: ${err.message}` };
    }
    this.setCondition(st, 'ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metric}`);
    return { replicas, metric, statuses };
  }

  /** One metric; throws a Failure whose message is `<outer prefix>\0<inner error>`. */
  private computeReplicasForMetric(hpa: KObject, m: MetricSpec, current: number, selector: LabelSelectorMatcher, statuses: Record<string, unknown>[], i: number): { replicas: number; metric: string } {
    const ns = hpa.metadata.namespace!;
    const src = m.type === 'Resource' ? m.resource : m.type === 'ContainerResource' ? m.containerResource : undefined;
    if (!src) {
      const what = m.type === 'Pods' ? ['pods', 'FailedGetPodsMetric', 'custom metrics API', 'custom.metrics.k8s.io'] : m.type === 'Object' ? ['object', 'FailedGetObjectMetric', 'custom metrics API', 'custom.metrics.k8s.io'] : ['external', 'FailedGetExternalMetric', 'external metrics API', 'external.metrics.k8s.io'];
      const name = (m.pods ?? m.object ?? m.external)?.metric?.name ?? '';
      throw new Failure(`failed to get ${what[0]} metric value: `, `unable to get metric ${name}: unable to fetch metrics from ${what[2]}: no ${what[2].replace(' API', '')} API (${what[3]}) registered`, what[1]);
    }
    const resource = src.name;
    const container = m.type === 'ContainerResource' ? m.containerResource!.container : undefined;
    const target = src.target ?? {};
    const byValue = target.averageValue !== undefined && target.averageValue !== null;
    const kind = m.type === 'ContainerResource' ? 'container resource' : 'resource';
    const reason = m.type === 'ContainerResource' ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
    const outer = `failed to get ${resource} ${kind} metric value: `;
    if (!byValue && typeof target.averageUtilization !== 'number') {
      throw new Failure(outer, 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set', reason);
    }
    let r;
    try {
      r = resourceReplicas(this.host, current, byValue ? { averageMilli: Math.round((parseQuantity(target.averageValue) ?? 0) * 1000) } : { utilization: target.averageUtilization }, resource, ns, selector, container);
    } catch (e) {
      if (!(e instanceof MetricsError)) throw e;
      throw new Failure(outer, `failed to get ${resource} ${byValue ? 'usage' : 'utilization'}: ${e.message}`, reason);
    }
    const cur: Record<string, unknown> = byValue ? { averageValue: milliQuantity(r.rawAverage) } : { averageUtilization: r.utilization, averageValue: milliQuantity(r.rawAverage) };
    statuses[i] = m.type === 'Resource' ? { type: 'Resource', resource: { name: resource, current: cur } } : { type: 'ContainerResource', containerResource: { name: resource, container, current: cur } };
    const metric = byValue ? `${resource} ${kind}` : `${resource} ${kind} utilization (percentage of request)`;
    return { replicas: r.replicas, metric };
  }

  /** `updateStatusIfNeeded`: writes the status when it changed (v1 objects get the v1 fields). */
  private writeStatus(hpa: KObject, st: Status): void {
    let status: Record<string, unknown>;
    if (hpa.apiVersion === 'autoscaling/v1') {
      status = { currentReplicas: st.currentReplicas, desiredReplicas: st.desiredReplicas };
      const cpu = (st.currentMetrics ?? []).find((m) => m.type === 'Resource' && (m.resource as { name: string }).name === 'cpu');
      const util = (cpu?.resource as { current?: { averageUtilization?: number } } | undefined)?.current?.averageUtilization;
      if (typeof util === 'number') status.currentCPUUtilizationPercentage = util;
    } else {
      status = { desiredReplicas: st.desiredReplicas };
      if (st.currentReplicas) status.currentReplicas = st.currentReplicas;
      if (st.currentMetrics && st.currentMetrics.length > 0) status.currentMetrics = st.currentMetrics;
      if (st.conditions.length > 0) status.conditions = st.conditions;
    }
    if (st.lastScaleTime) status.lastScaleTime = st.lastScaleTime;
    if (jsonEqual(status, hpa.status ?? {})) return;
    const cur = this.host.store.get('autoscaling/HorizontalPodAutoscaler', hpa.metadata.namespace, hpa.metadata.name!);
    if (cur) this.host.api.update({ ...cur, status }, { subresource: 'status' });
  }
}

/** The `horizontal-pod-autoscaler` controller component. */
export function createHorizontalPodAutoscalerController(): Component {
  return {
    name: HPA_CONTROLLER,
    install(host) {
      const c = new HorizontalPodAutoscalerController(host);
      host.registerController(c);
      host.registerState(`${HPA_CONTROLLER}/history`, c.history);
      host.registerState(`${HPA_CONTROLLER}/queue`, c.queue);
    },
  };
}
