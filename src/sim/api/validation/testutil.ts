// Helpers for the validation tests: default, then validate, as the API server does.

import { applyDefaults } from '../defaults';
import { KindRegistry, type KindInfo } from '../kinds';
import type { KObject } from '../types';
import { formatFieldError } from './errors';
import { validateObjectUnsafe } from './index';

const registry = new KindRegistry();

export function kindOf(obj: { apiVersion: string; kind: string }): KindInfo {
  const info = registry.byApiVersionKind(obj.apiVersion, obj.kind);
  if (!info) throw new Error(`unknown kind ${obj.apiVersion} ${obj.kind}`);
  return info;
}

/** Defaults a copy of `obj` and returns its validation errors as messages. */
export function errorsOf(obj: unknown, old?: unknown): string[] {
  const o = structuredClone(obj) as KObject;
  const info = kindOf(o);
  applyDefaults(o, info);
  let prev: KObject | undefined;
  if (old) {
    prev = structuredClone(old) as KObject;
    applyDefaults(prev, info);
  }
  return validateObjectUnsafe(o, info, prev).map(formatFieldError);
}

export const deployment = (over: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    ...over,
  },
});

export const pod = (spec: Record<string, unknown>, name = 'p'): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec,
});

const podSpec = () => ({
  containers: [
    {
      name: 'c',
      image: 'nginx',
      ports: [{ containerPort: 80, name: 'http' }],
      env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } },
      livenessProbe: { httpGet: { port: 80 } },
      readinessProbe: { tcpSocket: { port: 'http' } },
      volumeMounts: [{ name: 'v', mountPath: '/v' }],
    },
  ],
  volumes: [{ name: 'v', configMap: { name: 'cm', items: [{ key: 'k', path: 'p' }] } }],
  tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] }] } } },
});
const template = () => ({ metadata: { labels: { app: 'web' } }, spec: podSpec() });
const meta = (name = 'web') => ({ name, namespace: 'default' });

/** One valid object of many kinds, for the fuzz and defaulting tests. */
export const SAMPLES: KObject[] = [
  { apiVersion: 'v1', kind: 'Pod', metadata: meta(), spec: podSpec() },
  deployment(),
  { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta(), spec: { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: template(), volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta(), spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, template: template() } },
  { apiVersion: 'batch/v1', kind: 'Job', metadata: meta(), spec: { template: { spec: { ...podSpec(), restartPolicy: 'Never' } } } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta(), spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { ...podSpec(), restartPolicy: 'OnFailure' } } } } } },
  { apiVersion: 'v1', kind: 'Service', metadata: meta(), spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443, targetPort: 'https' }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: meta('lb'), spec: { type: 'LoadBalancer', ports: [{ port: 80, nodePort: 30080 }] } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(), data: { 'a.conf': 'x' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: meta(), stringData: { password: 'pässword' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
  { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, hostPath: { path: '/data' } } },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta(), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
  { apiVersion: 'v1', kind: 'LimitRange', metadata: meta(), spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { cpu: '100m' } }] } },
  { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta(), spec: { hard: { pods: '10', 'requests.cpu': '4' } } },
  { apiVersion: 'v1', kind: 'ReplicationController', metadata: meta(), spec: { template: template() } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta(), spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(), spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta(), spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(), spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(), rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }, { kind: 'User', name: 'jane' }] },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'kubernetes.io/no-provisioner' },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'crontabs.stable.example.com' }, spec: { group: 'stable.example.com', scope: 'Namespaced', names: { plural: 'crontabs', kind: 'CronTab', shortNames: ['ct'] }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] } },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta(), spec: { holderIdentity: 'a', leaseDurationSeconds: 40 } },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta('web-abcde'), addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] },
  { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] }, status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' } } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta() },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: meta('web-1'), data: {}, revision: 1 },
];
