import { describe, expect, it } from 'vitest';
import { errorsOf } from './testutil';

const svc = (spec: Record<string, unknown>, name = 'web') => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });

describe('Service', () => {
  it('names services as DNS-1035 labels', () => {
    expect(errorsOf(svc({ ports: [{ port: 80 }] }, '1web'))).toEqual([
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it('checks ports', () => {
    expect(errorsOf(svc({}))).toEqual(['spec.ports: Required value']);
    expect(errorsOf(svc({ clusterIP: 'None' }))).toEqual([]);
    expect(errorsOf(svc({ ports: [{ port: 80 }, { port: 81 }] }))).toEqual(['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']);
    expect(errorsOf(svc({ ports: [{ name: 'a', port: 80 }, { name: 'a', port: 0 }] }))).toEqual([
      'spec.ports[1].name: Duplicate value: "a"',
      'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
    expect(errorsOf(svc({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }))).toEqual([
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
  });

  it('checks type and node ports', () => {
    expect(errorsOf(svc({ type: 'Magic', ports: [{ port: 80 }] }))).toEqual([
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
    expect(errorsOf(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }))).toEqual([
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
    expect(errorsOf(svc({ ports: [{ port: 80, nodePort: 30080 }] }))).toEqual(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
    expect(errorsOf(svc({ type: 'ExternalName' }))).toEqual(['spec.externalName: Required value']);
  });

  it('keeps the cluster IP on update', () => {
    const old = svc({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] });
    expect(errorsOf(svc({ ports: [{ port: 80 }] }), old)).toEqual([]);
    expect(errorsOf(svc({ clusterIP: '10.96.0.11', ports: [{ port: 80 }] }), old)).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set',
    ]);
  });
});

describe('config and storage', () => {
  it('ConfigMap and Secret keys', () => {
    expect(errorsOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd' }, data: { 'a b': 'x' } })).toEqual([
      `data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
    const sec = (type: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'd' }, type, data: {} });
    expect(errorsOf(sec('kubernetes.io/tls'))).toEqual(['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
    expect(errorsOf(sec('Opaque'), sec('kubernetes.io/basic-auth'))).toEqual(['type: Invalid value: "Opaque": field is immutable']);
  });

  it('PersistentVolumeClaim and PersistentVolume', () => {
    expect(errorsOf({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'd' }, spec: {} })).toEqual([
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
    expect(errorsOf({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } })).toEqual([
      'spec: Required value: must specify a volume type',
    ]);
  });

  it('StorageClass needs a provisioner', () => {
    expect(errorsOf({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's' } })).toEqual(['provisioner: Required value']);
  });
});

describe('other groups', () => {
  it('Ingress paths and backends', () => {
    const ing = (path: Record<string, unknown>) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'i', namespace: 'd' },
      spec: { rules: [{ http: { paths: [path] } }] },
    });
    expect(errorsOf(ing({ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }))).toEqual([
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    ]);
    expect(errorsOf(ing({ path: 'x', pathType: 'Prefix', backend: { service: { name: 'web', port: {} } } }))).toEqual([
      'spec.rules[0].http.paths[0].path: Invalid value: "x": must be an absolute path',
      'spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    ]);
    expect(errorsOf({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'd' }, spec: {} })).toEqual([
      'spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    ]);
  });

  it('HorizontalPodAutoscaler and PodDisruptionBudget', () => {
    expect(errorsOf({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'd' }, spec: { minReplicas: 3, maxReplicas: 2 } })).toEqual([
      'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
      'spec.scaleTargetRef.kind: Required value',
      'spec.scaleTargetRef.name: Required value',
    ]);
    expect(
      errorsOf({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p', namespace: 'd' }, spec: { minAvailable: 1, maxUnavailable: 1 } })[0],
    ).toMatch(/^spec: Invalid value: .*: minAvailable and maxUnavailable cannot be both set$/);
  });

  it('RBAC rules and bindings', () => {
    expect(errorsOf({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'd' }, rules: [{ apiGroups: [''], resources: ['pods'] }] })).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
    ]);
    expect(
      errorsOf({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] }),
    ).toEqual(['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"', 'subjects[0].namespace: Required value']);
  });

  it('PriorityClass and CustomResourceDefinition', () => {
    expect(errorsOf({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p' }, value: 2000000000 })).toEqual([
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
    expect(
      errorsOf({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example' },
        spec: { group: 'example', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: false }] },
      }),
    ).toEqual([
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
      'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
      'spec.versions: Invalid value: [{"name":"v1","served":true,"storage":false}]: must have exactly one version marked as storage version',
    ]);
  });
});
