import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { METRICS_SERVICE, type MetricsSource } from '../metrics';
import { addFakeNodes, advanceKeepingFakeNodes } from './job-testutil';
import { eventLines, mustCreate, setPodRunning, TEST_SCHEDULER } from './util/testing';

/** Replaces the cluster's metrics service (metrics-server): `cpu` millicores per pod, or none. */
function fakeMetrics(c: Cluster, usage: { cpu?: number }): void {
  const services = (c as unknown as { host: { services: Map<string, unknown> } }).host.services;
  if (usage.cpu === undefined) {
    services.delete(METRICS_SERVICE);
    return;
  }
  const source: MetricsSource = {
    podMetrics: (ns, name) => {
      const p = c.get('/Pod', ns, name);
      if (!p || p.status?.phase !== 'Running') return undefined;
      return { containers: [{ name: 'nginx', cpuMilli: usage.cpu!, memoryBytes: 10 << 20 }], timestampMs: c.nowMs };
    },
    nodeMetrics: () => undefined,
  };
  services.set(METRICS_SERVICE, source);
}

function deployment(replicas: number): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: {
      replicas, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'nginx', image: 'nginx', resources: { requests: { cpu: '100m' } } }] } },
    },
  };
}

function hpa(spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      ...spec,
    },
  };
}

function setup(replicas: number): Cluster {
  const c = new Cluster({ seed: 6, nodes: 0 });
  addFakeNodes(c, 1);
  mustCreate(c, deployment(replicas));
  runPods(c);
  return c;
}

/** Runs every pending pod of the Deployment (Ready), as scheduler and kubelet would. */
function runPods(c: Cluster): void {
  c.advance(50);
  for (const p of c.list('/Pod', 'default')) if (p.metadata.labels?.app === 'web' && p.status.phase === 'Pending' && !p.metadata.deletionTimestamp) setPodRunning(c, p);
  c.advance(10);
}

const events = (c: Cluster) => eventLines(c, 'default', { sources: ['horizontal-pod-autoscaler'] });
const replicas = (c: Cluster) => c.get('apps/Deployment', 'default', 'web')!.spec.replicas;
const status = (c: Cluster) => c.get('autoscaling/HorizontalPodAutoscaler', 'default', 'web')!.status;
const conds = (c: Cluster) => status(c).conditions.map((x: { type: string; status: string; reason: string }) => `${x.type}=${x.status}/${x.reason}`);

describe('horizontal pod autoscaler', () => {
  it('without the resource metrics API: FailedGetResourceMetric, FailedComputeMetricsReplicas, <unknown> target', () => {
    const c = setup(2);
    fakeMetrics(c, {});
    mustCreate(c, hpa());
    advanceKeepingFakeNodes(c, 14_900);
    expect(status(c)).toBeUndefined();
    c.advance(200);
    const err = 'failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';
    expect(events(c)).toEqual([
      `Warning FailedGetResourceMetric HorizontalPodAutoscaler/web: ${err}`,
      `Warning FailedComputeMetricsReplicas HorizontalPodAutoscaler/web: invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${err}`,
    ]);
    expect(conds(c)).toEqual(['AbleToScale=True/SucceededGetScale', 'ScalingActive=False/FailedGetResourceMetric']);
    expect(status(c).conditions[1].message).toBe(`the HPA was unable to compute the replica count: ${err}`);
    expect(status(c)).toMatchObject({ currentMetrics: [{ type: '' }], currentReplicas: 2, desiredReplicas: 0 });
    expect(c.kubectl('get hpa').output).toMatch(/web\s+Deployment\/web\s+cpu: <unknown>\/50%\s+1\s+10\s+2\s+/);
    // Every 15 s; the identical events aggregate.
    advanceKeepingFakeNodes(c, 30_000);
    expect(eventLines(c, 'default', { sources: ['horizontal-pod-autoscaler'], counts: true })[0]).toMatch(/\(x3\)$/);
  });

  it('scales up by ceil(current × usage/target), limited to max(2×current, 4) per step', () => {
    const c = setup(2);
    fakeMetrics(c, { cpu: 200 });
    mustCreate(c, hpa());
    advanceKeepingFakeNodes(c, 15_100);
    expect(replicas(c)).toBe(4);
    expect(events(c)).toEqual(['Normal SuccessfulRescale HorizontalPodAutoscaler/web: New size: 4; reason: cpu resource utilization (percentage of request) above target']);
    expect(conds(c)).toEqual(['AbleToScale=True/SucceededRescale', 'ScalingActive=True/ValidMetricFound', 'ScalingLimited=True/ScaleUpLimit']);
    expect(status(c)).toMatchObject({
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 200, averageValue: '200m' } } }],
      currentReplicas: 2, desiredReplicas: 4,
    });
    runPods(c);
    advanceKeepingFakeNodes(c, 15_000);
    expect(replicas(c)).toBe(8);
    expect(c.kubectl('get hpa').output).toMatch(/cpu: 200%\/50%\s+1\s+10\s+4\s+/);
  });

  it('stays within the 10% tolerance and waits out the 5-minute scale-down stabilization', () => {
    const c = setup(4);
    fakeMetrics(c, { cpu: 54 });
    mustCreate(c, hpa());
    advanceKeepingFakeNodes(c, 15_100);
    expect(replicas(c)).toBe(4);
    expect(conds(c)).toEqual(['AbleToScale=True/ReadyForNewScale', 'ScalingActive=True/ValidMetricFound', 'ScalingLimited=False/DesiredWithinRange']);
    fakeMetrics(c, { cpu: 10 });
    advanceKeepingFakeNodes(c, 60_000);
    expect(replicas(c)).toBe(4);
    expect(conds(c)[0]).toBe('AbleToScale=True/ScaleDownStabilized');
    advanceKeepingFakeNodes(c, 5 * 60_000);
    expect(replicas(c)).toBe(1);
    expect(events(c).at(-1)).toBe('Normal SuccessfulRescale HorizontalPodAutoscaler/web: New size: 1; reason: All metrics below target');
  });

  it('behavior policies limit the rate: scaleDown 1 pod per minute without stabilization', () => {
    const c = setup(4);
    fakeMetrics(c, { cpu: 10 });
    mustCreate(c, hpa({ behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } }));
    advanceKeepingFakeNodes(c, 15_100);
    expect(replicas(c)).toBe(3);
    expect(conds(c)).toContain('ScalingLimited=True/ScaleDownLimit');
    advanceKeepingFakeNodes(c, 30_000);
    expect(replicas(c)).toBe(3);
    advanceKeepingFakeNodes(c, 30_000);
    expect(replicas(c)).toBe(2);
  });

  it('reports a missing target: FailedGetScale', () => {
    const c = new Cluster({ seed: 6 });
    mustCreate(c, hpa({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nope' } }));
    advanceKeepingFakeNodes(c, 15_100);
    expect(events(c)).toEqual(['Warning FailedGetScale HorizontalPodAutoscaler/web: deployments.apps "nope" not found']);
    expect(status(c).conditions[0]).toMatchObject({ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: 'the HPA controller was unable to get the target\'s current scale: deployments.apps "nope" not found' });
  });

  it('autoscaling/v1 objects get the v1 status fields', () => {
    const c = setup(2);
    fakeMetrics(c, { cpu: 40 });
    mustCreate(c, { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, targetCPUUtilizationPercentage: 80 } });
    advanceKeepingFakeNodes(c, 15_100);
    // 40% of the request against an 80% target proposes 1, but the 5-minute stabilization keeps 2.
    expect(status(c)).toEqual({ currentCPUUtilizationPercentage: 40, currentReplicas: 2, desiredReplicas: 2 });
  });

  it('kubectl autoscale creates the HPA, and checks its flags', () => {
    const c = setup(1);
    expect(c.kubectl('autoscale deployment web --cpu-percent=50 --min=1 --max=10').output).toBe('horizontalpodautoscaler.autoscaling/web autoscaled\n');
    const o = c.get('autoscaling/HorizontalPodAutoscaler', 'default', 'web')!;
    expect(o.spec).toMatchObject({ maxReplicas: 10, minReplicas: 1, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } });
    expect(o.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
    expect(c.kubectl('autoscale deployment web --max=3 --name=web2 --dry-run=client').output).toBe('horizontalpodautoscaler.autoscaling/web2 autoscaled (dry run)\n');
    expect(c.kubectl('autoscale deployment web').output).toBe('error: required flag(s) "max" not set\n');
    expect(c.kubectl('autoscale deployment web --max=2 --min=5').output).toBe('error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 5\n');
    expect(c.kubectl('autoscale deployment web --max=3').output).toBe('Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" already exists\n');
    expect(c.kubectl('autoscale svc kubernetes --max=3').output).toBe('error: cannot autoscale a Service: could not find scale subresource for /v1, Resource=services in discovery information\n');
  });
});
