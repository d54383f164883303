import { describe, expect, it } from 'vitest';
import type { KindInfo } from '../../api/kinds';
import { printTable } from './table';
import { NOW, ago, kind, lines, obj } from './testutil';

const opts = { nowMs: NOW };
const wide = { nowMs: NOW, wide: true };

describe('network tables', () => {
  const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
    obj('v1', 'Service', name, { spec, status });
  it('services: PORT(S), EXTERNAL-IP, headless, ExternalName', () => {
    const list = [
      svc('kubernetes', { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }),
      svc('web', { type: 'NodePort', clusterIPs: ['10.96.12.7'], selector: { app: 'web' }, ports: [{ port: 80, nodePort: 31234, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] }),
      svc('lb', { type: 'LoadBalancer', clusterIPs: ['10.96.3.3'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }),
      svc('lb-ready', { type: 'LoadBalancer', clusterIPs: ['10.96.3.4'], ports: [{ port: 443, nodePort: 30443, protocol: 'TCP' }] }, { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } }),
      svc('db', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' } }),
      svc('ext', { type: 'ExternalName', externalName: 'db.example.com' }),
    ];
    expect(printTable(kind('Service'), list, opts)).toBe(lines(
      'NAME         TYPE           CLUSTER-IP   EXTERNAL-IP      PORT(S)               AGE',
      'kubernetes   ClusterIP      10.96.0.1    <none>           443/TCP               5m',
      'web          NodePort       10.96.12.7   <none>           80:31234/TCP,53/UDP   5m',
      'lb           LoadBalancer   10.96.3.3    <pending>        80:30080/TCP          5m',
      'lb-ready     LoadBalancer   10.96.3.4    203.0.113.10     443:30443/TCP         5m',
      'db           ClusterIP      None         <none>           <none>                5m',
      'ext          ExternalName   <none>       db.example.com   <none>                5m',
    ));
    expect(printTable(kind('Service'), [list[1]], wide)).toBe(lines(
      'NAME   TYPE       CLUSTER-IP   EXTERNAL-IP   PORT(S)               AGE   SELECTOR',
      'web    NodePort   10.96.12.7   <none>        80:31234/TCP,53/UDP   5m    app=web',
    ));
  });

  it('endpoints: at most 3, then "+ N more..."', () => {
    const addrs = (n: number) => Array.from({ length: n }, (_, i) => ({ ip: `10.244.${i + 1}.5` }));
    const five = obj('v1', 'Endpoints', 'web', { subsets: [{ addresses: addrs(5), ports: [{ port: 80, protocol: 'TCP' }] }] });
    const two = obj('v1', 'Endpoints', 'db', { subsets: [{ addresses: addrs(2), ports: [{ port: 5432 }] }] });
    const none = obj('v1', 'Endpoints', 'idle', {});
    const headless = obj('v1', 'Endpoints', 'hl', { subsets: [{ addresses: addrs(1) }] });
    expect(printTable(kind('Endpoints'), [five, two, none, headless], opts)).toBe(lines(
      'NAME   ENDPOINTS                                               AGE',
      'web    10.244.1.5:80,10.244.2.5:80,10.244.3.5:80 + 2 more...   5m',
      'db     10.244.1.5:5432,10.244.2.5:5432                         5m',
      'idle   <none>                                                  5m',
      'hl     10.244.1.5                                              5m',
    ));
  });

  it('endpointslices', () => {
    const es = obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-abcde', {
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      endpoints: [{ addresses: ['10.244.1.5'] }, { addresses: ['10.244.2.5'] }, { addresses: ['10.244.3.5'] }, { addresses: ['10.244.4.5'] }],
    });
    const empty = obj('discovery.k8s.io/v1', 'EndpointSlice', 'idle-xyz12', { addressType: 'IPv4', ports: null, endpoints: [] });
    expect(printTable(kind('EndpointSlice'), [es, empty], opts)).toBe(lines(
      'NAME         ADDRESSTYPE   PORTS     ENDPOINTS                                      AGE',
      'web-abcde    IPv4          80        10.244.1.5,10.244.2.5,10.244.3.5 + 1 more...   5m',
      'idle-xyz12   IPv4          <unset>   <unset>                                        5m',
    ));
  });

  it('ingresses, ingressclasses, networkpolicies', () => {
    const ing = obj('networking.k8s.io/v1', 'Ingress', 'web', {
      spec: { ingressClassName: 'nginx', rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }], tls: [{ hosts: ['a.example.com'] }] },
      status: { loadBalancer: { ingress: [{ ip: '192.168.49.2' }] } },
    });
    const bare = obj('networking.k8s.io/v1', 'Ingress', 'any', { spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } }, status: { loadBalancer: {} } });
    expect(printTable(kind('Ingress'), [ing, bare], opts)).toBe(lines(
      'NAME   CLASS    HOSTS                         ADDRESS        PORTS     AGE',
      'web    nginx    a.example.com,b.example.com   192.168.49.2   80, 443   5m',
      'any    <none>   *                                            80        5m',
    ));
    const ic = obj('networking.k8s.io/v1', 'IngressClass', 'nginx', { spec: { controller: 'k8s.io/ingress-nginx' } }, { namespace: undefined });
    expect(printTable(kind('IngressClass'), [ic], opts)).toBe(lines(
      'NAME    CONTROLLER             PARAMETERS   AGE',
      'nginx   k8s.io/ingress-nginx   <none>       5m',
    ));
    const np = obj('networking.k8s.io/v1', 'NetworkPolicy', 'deny-all', { spec: { podSelector: {} } });
    const np2 = obj('networking.k8s.io/v1', 'NetworkPolicy', 'db', { spec: { podSelector: { matchLabels: { app: 'db' } } } });
    expect(printTable(kind('NetworkPolicy'), [np, np2], opts)).toBe(lines(
      'NAME       POD-SELECTOR   AGE',
      'deny-all   <none>         5m',
      'db         app=db         5m',
    ));
  });
});

describe('cluster tables', () => {
  const node = (name: string, labels: Record<string, string>, ready: string | undefined, unschedulable = false) =>
    obj('v1', 'Node', name, {
      spec: unschedulable ? { unschedulable: true } : {},
      status: {
        conditions: ready ? [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] : [],
        addresses: [{ type: 'InternalIP', address: '192.168.49.2' }, { type: 'Hostname', address: name }],
        nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '6.8.0-45-generic', containerRuntimeVersion: 'containerd://1.7.22' },
      },
    }, { namespace: undefined, labels, creationTimestamp: ago(3 * 86400 + 4 * 3600) });
  const nodes = [
    node('control-plane', { 'node-role.kubernetes.io/control-plane': '' }, 'True'),
    node('worker-1', { 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/ingress': '' }, 'False'),
    node('worker-2', {}, 'Unknown', true),
    node('worker-3', {}, undefined),
  ];
  it('nodes: STATUS, ROLES, VERSION', () => {
    expect(printTable(kind('Node'), nodes, opts)).toBe(lines(
      'NAME            STATUS                        ROLES            AGE    VERSION',
      'control-plane   Ready                         control-plane    3d4h   v1.32.0',
      'worker-1        NotReady                      ingress,worker   3d4h   v1.32.0',
      'worker-2        NotReady,SchedulingDisabled   <none>           3d4h   v1.32.0',
      'worker-3        Unknown                       <none>           3d4h   v1.32.0',
    ));
    expect(printTable(kind('Node'), [nodes[0]], wide)).toBe(lines(
      'NAME            STATUS   ROLES           AGE    VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION     CONTAINER-RUNTIME',
      'control-plane   Ready    control-plane   3d4h   v1.32.0   192.168.49.2   <none>        Ubuntu 22.04.4 LTS   6.8.0-45-generic   containerd://1.7.22',
    ));
  });

  it('namespaces, componentstatuses, leases, priorityclasses', () => {
    const ns = (name: string, phase: string, age: number) => obj('v1', 'Namespace', name, { status: { phase } }, { namespace: undefined, creationTimestamp: ago(age) });
    expect(printTable(kind('Namespace'), [ns('default', 'Active', 179 * 60), ns('old', 'Terminating', 45)], opts)).toBe(lines(
      'NAME      STATUS        AGE',
      'default   Active        179m',
      'old       Terminating   45s',
    ));
    const cs = obj('v1', 'ComponentStatus', 'etcd-0', { conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] }, { namespace: undefined });
    const cs2 = obj('v1', 'ComponentStatus', 'scheduler', { conditions: [{ type: 'Healthy', status: 'False', message: '', error: 'Get "https://127.0.0.1:10259/healthz": dial tcp: connection refused' }] }, { namespace: undefined });
    expect(printTable(kind('ComponentStatus'), [cs2, cs], opts)).toBe(lines(
      'NAME        STATUS      MESSAGE   ERROR',
      'scheduler   Unhealthy             Get "https://127.0.0.1:10259/healthz": dial tcp: connection refused',
      'etcd-0      Healthy     ok        ',
    ));
    const lease = obj('coordination.k8s.io/v1', 'Lease', 'node-1', { spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 } }, { namespace: 'kube-node-lease' });
    const free = obj('coordination.k8s.io/v1', 'Lease', 'free', { spec: {} });
    expect(printTable(kind('Lease'), [lease, free], opts)).toBe(lines('NAME     HOLDER   AGE', 'node-1   node-1   5m', 'free              5m'));
    const pc = obj('scheduling.k8s.io/v1', 'PriorityClass', 'system-node-critical', { value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' }, { namespace: undefined });
    const hi = obj('scheduling.k8s.io/v1', 'PriorityClass', 'high', { value: 1000000, globalDefault: true, preemptionPolicy: 'Never' }, { namespace: undefined });
    expect(printTable(kind('PriorityClass'), [hi, pc], opts)).toBe(lines(
      'NAME                   VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY',
      'high                   1000000      true             5m    Never',
      'system-node-critical   2000001000   false            5m    PreemptLowerPriority',
    ));
  });

  it('events, core and events.k8s.io', () => {
    const ev = obj('v1', 'Event', 'web-abc.17a1b2c3d4e5f607', {
      involvedObject: { kind: 'Pod', name: 'web-abc', namespace: 'default', fieldPath: 'spec.containers{web}' },
      reason: 'BackOff', message: 'Back-off restarting failed container web in pod web-abc_default(uid)\n', type: 'Warning',
      source: { component: 'kubelet', host: 'node-1' }, firstTimestamp: ago(600), lastTimestamp: ago(45), count: 7,
    });
    const sched = obj('v1', 'Event', 'web-abc.17a1b2c3d4e5f600', {
      involvedObject: { kind: 'Pod', name: 'web-abc' }, reason: 'Scheduled', type: 'Normal',
      message: 'Successfully assigned default/web-abc to node-1', eventTime: ago(610) + '.123456Z'.slice(0, 0), reportingComponent: 'default-scheduler',
      source: {},
    });
    const newApi = obj('events.k8s.io/v1', 'Event', 'web.17a1', {
      regarding: { kind: 'Deployment', name: 'web' }, reason: 'ScalingReplicaSet', type: 'Normal', note: 'Scaled up replica set web-7c5ddbdf54 from 0 to 3',
      deprecatedSource: { component: 'deployment-controller' }, deprecatedFirstTimestamp: ago(3600), deprecatedLastTimestamp: ago(3600), deprecatedCount: 1,
    });
    expect(printTable(kind('Event'), [ev, sched, newApi], opts)).toBe(lines(
      'LAST SEEN   TYPE      REASON              OBJECT           MESSAGE',
      '45s         Warning   BackOff             pod/web-abc      Back-off restarting failed container web in pod web-abc_default(uid)',
      '10m         Normal    Scheduled           pod/web-abc      Successfully assigned default/web-abc to node-1',
      '60m         Normal    ScalingReplicaSet   deployment/web   Scaled up replica set web-7c5ddbdf54 from 0 to 3',
    ));
    expect(printTable(kind('Event'), [ev, sched], wide)).toBe(lines(
      'LAST SEEN   TYPE      REASON      OBJECT        SUBOBJECT              SOURCE              MESSAGE                                                                FIRST SEEN   COUNT   NAME',
      '45s         Warning   BackOff     pod/web-abc   spec.containers{web}   kubelet, node-1     Back-off restarting failed container web in pod web-abc_default(uid)   10m          7       web-abc.17a1b2c3d4e5f607',
      '10m         Normal    Scheduled   pod/web-abc                          default-scheduler   Successfully assigned default/web-abc to node-1                        10m          1       web-abc.17a1b2c3d4e5f600',
    ));
  });
});

describe('config, storage, rbac tables', () => {
  it('configmaps, secrets, serviceaccounts', () => {
    const cm = obj('v1', 'ConfigMap', 'kube-root-ca.crt', { data: { 'ca.crt': 'x' } });
    const cm2 = obj('v1', 'ConfigMap', 'app', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } });
    expect(printTable(kind('ConfigMap'), [cm, cm2], opts)).toBe(lines('NAME               DATA   AGE', 'kube-root-ca.crt   1      5m', 'app                3      5m'));
    const sec = obj('v1', 'Secret', 'tls', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } });
    const opaque = obj('v1', 'Secret', 'empty', { type: 'Opaque' });
    expect(printTable(kind('Secret'), [sec, opaque], opts)).toBe(lines(
      'NAME    TYPE                DATA   AGE',
      'tls     kubernetes.io/tls   2      5m',
      'empty   Opaque              0      5m',
    ));
    expect(printTable(kind('ServiceAccount'), [obj('v1', 'ServiceAccount', 'default', {})], opts)).toBe(lines('NAME      SECRETS   AGE', 'default   0         5m'));
  });

  it('resourcequotas and limitranges', () => {
    const rq = obj('v1', 'ResourceQuota', 'compute', {
      status: { hard: { 'requests.cpu': '1', 'requests.memory': '1Gi', 'limits.cpu': '2', pods: '10' }, used: { 'requests.cpu': '500m', pods: '3', 'limits.cpu': '1' } },
    });
    expect(printTable(kind('ResourceQuota'), [rq], opts)).toBe(lines(
      'NAME      REQUEST                                                    LIMIT             AGE',
      'compute   pods: 3/10, requests.cpu: 500m/1, requests.memory: 0/1Gi   limits.cpu: 1/2   5m',
    ));
    const lr = obj('v1', 'LimitRange', 'limits', { spec: { limits: [] } }, { creationTimestamp: '2025-01-15T09:00:00Z' });
    expect(printTable(kind('LimitRange'), [lr], opts)).toBe(lines('NAME     CREATED AT', 'limits   2025-01-15T09:00:00Z'));
  });

  it('persistentvolumes and claims', () => {
    const pv = obj('v1', 'PersistentVolume', 'pv0001', {
      spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'standard', claimRef: { namespace: 'default', name: 'www-web-0' }, volumeMode: 'Filesystem' },
      status: { phase: 'Bound' },
    }, { namespace: undefined });
    const avail = obj('v1', 'PersistentVolume', 'pv0002', { spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteMany'], persistentVolumeReclaimPolicy: 'Delete' }, status: { phase: 'Available' } }, { namespace: undefined });
    expect(printTable(kind('PersistentVolume'), [pv, avail], opts)).toBe(lines(
      'NAME     CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM               STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE',
      'pv0001   10Gi       RWO,ROX        Retain           Bound       default/www-web-0   standard       <unset>                          5m',
      'pv0002   5Gi        RWX            Delete           Available                                      <unset>                          5m',
    ));
    const pvc = obj('v1', 'PersistentVolumeClaim', 'www-web-0', {
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeName: 'pvc-3f1a', volumeMode: 'Filesystem' },
      status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } },
    });
    const pending = obj('v1', 'PersistentVolumeClaim', 'data', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'fast' }, status: { phase: 'Pending' } });
    expect(printTable(kind('PersistentVolumeClaim'), [pvc, pending], wide)).toBe(lines(
      'NAME        STATUS    VOLUME     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE   VOLUMEMODE',
      'www-web-0   Bound     pvc-3f1a   1Gi        RWO            standard       <unset>                 5m    Filesystem',
      'data        Pending                                        fast           <unset>                 5m    <unset>',
    ));
  });

  it('storageclasses with (default)', () => {
    const sc = obj('storage.k8s.io/v1', 'StorageClass', 'standard', { provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' }, {
      namespace: undefined, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    });
    const fast = obj('storage.k8s.io/v1', 'StorageClass', 'fast', { provisioner: 'pd.csi.storage.gke.io', allowVolumeExpansion: true }, { namespace: undefined });
    expect(printTable(kind('StorageClass'), [sc, fast], opts)).toBe(lines(
      'NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE',
      'standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  5m',
      'fast                 pd.csi.storage.gke.io   Delete          Immediate              true                   5m',
    ));
  });

  it('roles, clusterroles, bindings, CRDs', () => {
    const role = obj('rbac.authorization.k8s.io/v1', 'Role', 'pod-reader', { rules: [] }, { creationTimestamp: '2025-01-15T09:00:00Z' });
    expect(printTable(kind('Role'), [role], opts)).toBe(lines('NAME         CREATED AT', 'pod-reader   2025-01-15T09:00:00Z'));
    expect(printTable(kind('ClusterRole'), [role], { ...opts, withKind: true })).toBe(lines(
      'NAME                                               CREATED AT',
      'clusterrole.rbac.authorization.k8s.io/pod-reader   2025-01-15T09:00:00Z',
    ));
    const rb = obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'read-pods', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'default', namespace: 'default' }, { kind: 'User', name: 'bob' }],
    });
    expect(printTable(kind('RoleBinding'), [rb], wide)).toBe(lines(
      'NAME        ROLE              AGE   USERS       GROUPS   SERVICEACCOUNTS',
      'read-pods   Role/pod-reader   5m    jane, bob            default/default',
    ));
    const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'crontabs.stable.example.com', {}, { namespace: undefined, creationTimestamp: '2025-01-14T08:30:00Z' });
    expect(printTable(kind('CustomResourceDefinition'), [crd], opts)).toBe(lines('NAME                          CREATED AT', 'crontabs.stable.example.com   2025-01-14T08:30:00Z'));
  });

  it('podtemplates and the NAME AGE fallback', () => {
    const pt = obj('v1', 'PodTemplate', 'tmpl', { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } });
    expect(printTable(kind('PodTemplate'), [pt], opts)).toBe(lines('NAME   CONTAINERS   IMAGES   POD LABELS', 'tmpl   c            nginx    app=x'));
    expect(printTable(kind('Binding'), [obj('v1', 'Binding', 'b', {})], opts)).toBe(lines('NAME   AGE', 'b      5m'));
  });
});

describe('custom resources', () => {
  const info: KindInfo = { kind: 'CronTab', group: 'stable.example.com', version: 'v1', plural: 'crontabs', singular: 'crontab', shortNames: ['ct'], namespaced: true, custom: true };
  const ct = obj('stable.example.com/v1', 'CronTab', 'my-cron', { spec: { cronSpec: '* * * * */5', image: 'my-cron-image', replicas: 3, tags: ['a', 'b'] } }, { creationTimestamp: ago(45) });
  it('NAME AGE without additionalPrinterColumns', () => {
    expect(printTable(info, [ct], opts)).toBe(lines('NAME      AGE', 'my-cron   45s'));
    expect(printTable(info, [ct], { ...opts, withKind: true })).toBe(lines('NAME                                 AGE', 'crontab.stable.example.com/my-cron   45s'));
  });
  it('additionalPrinterColumns with types, missing values and priority', () => {
    const printerColumns = [
      { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Tags', type: 'string', jsonPath: '.spec.tags' },
      { name: 'Missing', type: 'string', jsonPath: '.status.nothing' },
      { name: 'Image', type: 'string', jsonPath: '.spec.image', priority: 1 },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ];
    expect(printTable(info, [ct], { ...opts, printerColumns })).toBe(lines(
      'NAME      SPEC          REPLICAS   TAGS        MISSING   AGE',
      'my-cron   * * * * */5   3          ["a","b"]             45s',
    ));
    expect(printTable(info, [ct], { ...wide, printerColumns })).toBe(lines(
      'NAME      SPEC          REPLICAS   TAGS        MISSING   IMAGE           AGE',
      'my-cron   * * * * */5   3          ["a","b"]             my-cron-image   45s',
    ));
  });
});
