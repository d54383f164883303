import { describe, expect, it } from 'vitest';
import { applyDefaults, generateJobSelector, imageTag } from './index';
import { kindOf } from '../validation/testutil';
import type { KObject } from '../types';

function defaulted(obj: Record<string, unknown>): KObject {
  const o = structuredClone(obj) as KObject;
  applyDefaults(o, kindOf(o));
  return o;
}

const container = { name: 'web', image: 'nginx' };

describe('Pod', () => {
  it('defaults the PodSpec, containers and probes', () => {
    const p = defaulted({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [{ ...container, ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1' } }, livenessProbe: { httpGet: { port: 80 } } }],
        volumes: [{ name: 'scratch' }, { name: 's', secret: { secretName: 's' } }],
      },
    });
    expect(p.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      enableServiceLinks: true,
    });
    expect(p.spec.containers[0]).toEqual({
      name: 'web',
      image: 'nginx',
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      resources: { limits: { cpu: '1' }, requests: { cpu: '1' } },
      livenessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
    });
    expect(p.spec.volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 's', secret: { secretName: 's', defaultMode: 420 } },
    ]);
    expect(p.spec.serviceAccountName).toBeUndefined(); // admission, not defaulting
  });

  it('gives host ports to host-network pods', () => {
    const p = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostNetwork: true, containers: [{ ...container, ports: [{ containerPort: 8080 }] }] } });
    expect(p.spec.containers[0].ports).toEqual([{ containerPort: 8080, protocol: 'TCP', hostPort: 8080 }]);
  });

  it('picks imagePullPolicy from the tag', () => {
    expect(imageTag('nginx')).toBe('latest');
    expect(imageTag('nginx:latest')).toBe('latest');
    expect(imageTag('nginx:1.27')).toBe('1.27');
    expect(imageTag('localhost:5000/app')).toBe('latest');
    expect(imageTag('registry.k8s.io/pause:3.9')).toBe('3.9');
    expect(imageTag('nginx@sha256:' + 'a'.repeat(64))).toBe('');
    expect(imageTag('')).toBe('');
    const pol = (image: string) => defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image }] } }).spec.containers[0].imagePullPolicy;
    expect(pol('busybox')).toBe('Always');
    expect(pol('busybox:1.36')).toBe('IfNotPresent');
    expect(pol('busybox@sha256:' + 'b'.repeat(64))).toBe('IfNotPresent');
  });
});

describe('workloads', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } };

  it('Deployment', () => {
    const d = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template } });
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(d.spec.template.spec.restartPolicy).toBe('Always');
    expect(d.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
    // Pod-only defaults do not apply to templates.
    expect(d.spec.template.spec.enableServiceLinks).toBeUndefined();
    const r = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { strategy: { type: 'Recreate' }, template } });
    expect(r.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('ReplicaSet, DaemonSet, StatefulSet', () => {
    expect(defaulted({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { template } }).spec.replicas).toBe(1);
    expect(defaulted({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { template } }).spec).toMatchObject({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
    const s = defaulted({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 's' },
      spec: { template, volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'] } }] },
    });
    expect(s.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(s.spec.volumeClaimTemplates[0]).toMatchObject({ spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
  });

  it('ReplicationController takes selector and labels from the template', () => {
    const rc = defaulted({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { template } });
    expect(rc.spec.selector).toEqual({ app: 'web' });
    expect(rc.metadata.labels).toEqual({ app: 'web' });
    expect(rc.spec.replicas).toBe(1);
  });

  it('Job', () => {
    const jt = { metadata: { labels: { app: 'pi' } }, spec: { containers: [container], restartPolicy: 'Never' } };
    const j = defaulted({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { template: jt } });
    expect(j.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    expect(j.metadata.labels).toEqual({ app: 'pi' });
    const p = defaulted({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { completions: 5, template: jt } });
    expect([p.spec.completions, p.spec.parallelism]).toEqual([5, 1]);
    const q = defaulted({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { parallelism: 3, template: jt } });
    expect([q.spec.completions, q.spec.parallelism]).toEqual([undefined, 3]);
    const f = defaulted({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { podFailurePolicy: { rules: [] }, backoffLimitPerIndex: 1, template: jt } });
    expect([f.spec.podReplacementPolicy, f.spec.backoffLimit]).toEqual(['Failed', 2147483647]);
    j.metadata.uid = 'u-1';
    generateJobSelector(j);
    expect(j.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    expect(j.spec.template.metadata.labels).toEqual({
      app: 'pi',
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'job-name': 'pi',
    });
  });

  it('CronJob', () => {
    const c = defaulted({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [container] } } } } },
    });
    expect(c.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(c.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Always');
    expect(c.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
  });
});

describe('core kinds', () => {
  it('Service', () => {
    const s = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    expect(s.spec).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    const lb = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [{ port: 80, targetPort: 'http' }] } });
    expect(lb.spec).toMatchObject({
      externalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 'http' }],
    });
    const headless = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } });
    expect(headless.spec).toMatchObject({ clusterIPs: ['None'], ipFamilyPolicy: 'RequireDualStack' });
    const ext = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'ExternalName', externalName: 'a.example.com' } });
    expect(ext.spec).toEqual({ type: 'ExternalName', externalName: 'a.example.com', sessionAffinity: 'None' });
  });

  it('Namespace, Secret, ConfigMap, PV, PVC', () => {
    expect(defaulted({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team', labels: { 'kubernetes.io/metadata.name': 'team' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    const sec = defaulted({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'eA==' }, stringData: { b: 'hé' } });
    expect(sec).toMatchObject({ type: 'Opaque', data: { a: 'eA==', b: 'aMOp' } });
    expect(sec.stringData).toBeUndefined();
    expect(defaulted({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }).data).toEqual({});
    expect(defaulted({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: { hostPath: { path: '/x' } } })).toMatchObject({
      spec: { persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem', hostPath: { path: '/x', type: '' } },
      status: { phase: 'Pending' },
    });
    expect(defaulted({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: {} })).toMatchObject({
      spec: { volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
  });

  it('LimitRange and Node', () => {
    const lr = defaulted({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '1Mi' } }] } });
    expect(lr.spec.limits[0]).toEqual({ type: 'Container', max: { cpu: '2' }, min: { memory: '1Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '1Mi' } });
    expect(defaulted({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { capacity: { cpu: '4' } } }).status.allocatable).toEqual({ cpu: '4' });
  });
});

describe('other groups', () => {
  it('HPA, StorageClass, PriorityClass, NetworkPolicy, RBAC, CRD, EndpointSlice', () => {
    const hpa = defaulted({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { maxReplicas: 3, behavior: {} } });
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    expect(hpa.spec.behavior.scaleUp).toEqual({
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    });
    expect(hpa.spec.behavior.scaleDown).toEqual({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
    expect(defaulted({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's' }, provisioner: 'p' })).toMatchObject({
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    expect(defaulted({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p' }, value: 1 }).preemptionPolicy).toBe('PreemptLowerPriority');
    const np = defaulted({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n' }, spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } });
    expect(np.spec).toEqual({ podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }], policyTypes: ['Ingress', 'Egress'] });
    const rb = defaulted({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'r' },
      roleRef: { kind: 'Role', name: 'r' },
      subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'default' }],
    });
    expect(rb.roleRef.apiGroup).toBe('rbac.authorization.k8s.io');
    expect(rb.subjects.map((s: { apiGroup: string }) => s.apiGroup)).toEqual(['rbac.authorization.k8s.io', '']);
    const crd = defaulted({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x' }, spec: { names: { kind: 'CronTab', plural: 'crontabs' } } });
    expect(crd.spec.names).toEqual({ kind: 'CronTab', plural: 'crontabs', singular: 'crontab', listKind: 'CronTabList' });
    expect(crd.spec.conversion).toEqual({ strategy: 'None' });
    const es = defaulted({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'e' }, addressType: 'IPv4', ports: [{ port: 80 }] });
    expect(es.ports).toEqual([{ port: 80, name: '', protocol: 'TCP' }]);
  });

  it('leaves kinds without defaults and wrong-typed fields alone', () => {
    const cm = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } };
    expect(defaulted(cm)).toEqual(cm);
    const bad = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: 'nope' });
    expect(bad.spec).toBe('nope');
  });
});
