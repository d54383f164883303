// What a freshly created kind cluster holds: namespaces, nodes, the control-plane components as
// pods in kube-system, the `kubernetes` and `kube-dns` Services, built-in PriorityClasses, the
// default StorageClass and the bootstrap RBAC roles. Names follow kind (`kubeplay-control-plane`,
// `kubeplay-worker`, `kubeplay-worker2`, …).
//
// Until the kubelet and the workload controllers run (their own issues), the system pods are
// written here with their running status, as a kind cluster shows them right after start-up.

import type { ApiServer } from './api/server';
import { isStatus, type KObject } from './api/types';
import { randomSuffix } from './core/ids';
import type { Rng } from './core/rng';
import { rfc3339 } from './core/time';
import { computeHash } from './controllers/util/hash';

export const KUBERNETES_VERSION = 'v1.32.2';
export const CONTAINER_RUNTIME = 'containerd://2.0.2';
export const OS_IMAGE = 'Debian GNU/Linux 12 (bookworm)';
export const KERNEL_VERSION = '6.1.0-28-amd64';
export const ZONES = ['zone-a', 'zone-b', 'zone-c'];

export interface NodeSpecOptions {
  name: string;
  controlPlane?: boolean;
  zone?: string;
  cpu?: string;
  memory?: string;
  /** Index of the node, for its IP (172.18.0.<index+2>) and pod CIDR (10.244.<index>.0/24). */
  index: number;
}

export function nodeName(clusterName: string, workerIndex: number): string {
  return workerIndex === 0 ? `${clusterName}-worker` : `${clusterName}-worker${workerIndex + 1}`;
}

export function nodeInternalIP(index: number): string {
  return `172.18.0.${index + 2}`;
}

export function makeNode(o: NodeSpecOptions, nowMs: number): KObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': o.name,
    'kubernetes.io/os': 'linux',
  };
  if (o.controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
  if (o.zone) labels['topology.kubernetes.io/zone'] = o.zone;
  const cpu = o.cpu ?? '4';
  const memory = o.memory ?? '8Gi';
  const ts = rfc3339(nowMs);
  const cond = (type: string, status: string, reason: string, message: string) => ({
    lastHeartbeatTime: ts, lastTransitionTime: ts, message, reason, status, type,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      labels,
      name: o.name,
    },
    spec: {
      podCIDR: `10.244.${o.index}.0/24`,
      podCIDRs: [`10.244.${o.index}.0/24`],
      providerID: `kind://docker/kubeplay/${o.name}`,
      ...(o.controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}),
    },
    status: {
      addresses: [
        { address: nodeInternalIP(o.index), type: 'InternalIP' },
        { address: o.name, type: 'Hostname' },
      ],
      allocatable: { cpu, 'ephemeral-storage': '102626232Ki', 'hugepages-2Mi': '0', memory, pods: '110' },
      capacity: { cpu, 'ephemeral-storage': '102626232Ki', 'hugepages-2Mi': '0', memory, pods: '110' },
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: CONTAINER_RUNTIME,
        kernelVersion: KERNEL_VERSION,
        kubeProxyVersion: KUBERNETES_VERSION,
        kubeletVersion: KUBERNETES_VERSION,
        machineID: '',
        operatingSystem: 'linux',
        osImage: OS_IMAGE,
        systemUUID: '',
      },
    },
  };
}

export interface BootstrapOptions {
  clusterName: string;
  workers: number;
}

/** Creates the objects of a new cluster through the API server, as kubeadm and the add-ons would. */
export function bootstrapCluster(api: ApiServer, rng: Rng, now: () => number, o: BootstrapOptions): void {
  const must = (obj: KObject, subresourceStatus?: Record<string, unknown>): KObject => {
    const created = api.create(obj);
    if (isStatus(created)) throw new Error(`bootstrap: ${obj.kind} ${obj.metadata.name}: ${created.message}`);
    if (!subresourceStatus) return created;
    const updated = api.update({ ...created, status: subresourceStatus }, { subresource: 'status' });
    if (isStatus(updated)) throw new Error(`bootstrap: status of ${obj.kind} ${obj.metadata.name}: ${updated.message}`);
    return updated;
  };
  const ts = rfc3339(now());

  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage']) {
    must({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }
  for (const sa of ['default']) {
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage']) {
      must({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: ns } });
    }
  }
  for (const sa of ['coredns', 'kindnet', 'kube-proxy']) {
    must({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: 'kube-system' } });
  }
  must({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'local-path-provisioner-service-account', namespace: 'local-path-storage' } });

  must({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-cluster-critical' }, value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.', preemptionPolicy: 'PreemptLowerPriority' });
  must({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-node-critical' }, value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.', preemptionPolicy: 'PreemptLowerPriority' });
  must({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  for (const [name, rules] of Object.entries(BOOTSTRAP_CLUSTER_ROLES)) {
    must({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } }, rules });
  }
  must({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'cluster-admin', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }],
  });

  // Nodes: the control plane, then the workers, spread over zones.
  const cp = `${o.clusterName}-control-plane`;
  const nodes: { name: string; index: number }[] = [{ name: cp, index: 0 }];
  must(makeNode({ name: cp, controlPlane: true, index: 0, zone: ZONES[0] }, now()), undefined);
  for (let i = 0; i < o.workers; i++) {
    const name = nodeName(o.clusterName, i);
    nodes.push({ name, index: i + 1 });
    must(makeNode({ name, index: i + 1, zone: ZONES[i % ZONES.length] }, now()));
  }
  // A node's status is the kubelet's to write: post it through the status subresource.
  for (const n of nodes) {
    const node = api.store.get('/Node', undefined, n.name)!;
    const made = makeNode({ name: n.name, controlPlane: n.index === 0, index: n.index, zone: node.metadata.labels?.['topology.kubernetes.io/zone'] }, now());
    api.update({ ...node, status: made.status }, { subresource: 'status' });
    must({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: n.name, namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: n.name, uid: node.metadata.uid! }] },
      spec: { holderIdentity: n.name, leaseDurationSeconds: 40, renewTime: `${ts.slice(0, -1)}.000000Z` },
    });
  }
  const cpIP = nodeInternalIP(0);

  must({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', type: 'ClusterIP' },
  }, { loadBalancer: {} });
  must({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: cpIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
  must({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    },
    spec: {
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
  }, { loadBalancer: {} });

  const systemPods = new SystemPods(api, rng, now, must);
  // Control-plane static pods (mirror pods, named <component>-<node>).
  for (const [component, image] of [
    ['etcd', 'registry.k8s.io/etcd:3.5.16-0'],
    ['kube-apiserver', `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`],
    ['kube-controller-manager', `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`],
    ['kube-scheduler', `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`],
  ] as const) {
    systemPods.staticPod(component, image, cp, cpIP);
  }
  // Add-ons: CoreDNS (a Deployment with two replicas), kindnet and kube-proxy (DaemonSets).
  const coredns = systemPods.workload('Deployment', 'coredns', 'kube-system', { 'k8s-app': 'kube-dns' }, 'registry.k8s.io/coredns/coredns:v1.11.3', 2, '668d6bf9bc');
  for (let i = 0; i < 2; i++) systemPods.podOf(coredns, cp, `10.244.0.${i + 2}`, cpIP, false);
  const kindnet = systemPods.workload('DaemonSet', 'kindnet', 'kube-system', { app: 'kindnet' }, 'docker.io/kindest/kindnetd:v20241212-9f82dd49', nodes.length);
  const kubeProxy = systemPods.workload('DaemonSet', 'kube-proxy', 'kube-system', { 'k8s-app': 'kube-proxy' }, `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`, nodes.length);
  for (const n of nodes) {
    systemPods.podOf(kindnet, n.name, nodeInternalIP(n.index), nodeInternalIP(n.index), true);
    systemPods.podOf(kubeProxy, n.name, nodeInternalIP(n.index), nodeInternalIP(n.index), true);
  }
  const lpp = systemPods.workload('Deployment', 'local-path-provisioner', 'local-path-storage', { app: 'local-path-provisioner' }, 'docker.io/kindest/local-path-provisioner:v20241212-8ac705d0', 1, '58cc7856b6');
  systemPods.podOf(lpp, cp, '10.244.0.4', cpIP, false);
}

/** Builds the kube-system pods and their owners with the status a running kind cluster shows. */
class SystemPods {
  constructor(
    private readonly api: ApiServer,
    private readonly rng: Rng,
    private readonly now: () => number,
    private readonly must: (o: KObject, status?: Record<string, unknown>) => KObject,
  ) {}

  /** controller-revision-hash by DaemonSet template: one hash per DaemonSet, not per node. */
  private readonly revisionHashes = new Map<unknown, string>();

  staticPod(component: string, image: string, node: string, ip: string): void {
    const name = `${component}-${node}`;
    const nodeObj = this.api.store.get('/Node', undefined, node)!;
    const pod: KObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'kube-system',
        labels: { component, tier: 'control-plane' },
        annotations: { 'kubernetes.io/config.mirror': randomSuffix(this.rng, 32), 'kubernetes.io/config.source': 'file' },
        ownerReferences: [{ apiVersion: 'v1', controller: true, kind: 'Node', name: node, uid: nodeObj.metadata.uid! }],
      },
      spec: {
        containers: [{ name: component, image, imagePullPolicy: 'IfNotPresent', command: [component] }],
        hostNetwork: true,
        nodeName: node,
        priorityClassName: 'system-node-critical',
        tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
      },
    };
    this.running(pod, ip, ip);
  }

  workload(kind: 'Deployment' | 'DaemonSet', name: string, namespace: string, labels: Record<string, string>, image: string, replicas: number, hash?: string): KObject {
    const container = { name: name === 'coredns' ? 'coredns' : name === 'kindnet' ? 'kindnet-cni' : name, image, imagePullPolicy: 'IfNotPresent' };
    const template = { metadata: { labels }, spec: { containers: [container], serviceAccountName: name === 'local-path-provisioner' ? 'local-path-provisioner-service-account' : name, priorityClassName: namespace === 'kube-system' ? (kind === 'DaemonSet' ? 'system-node-critical' : 'system-cluster-critical') : undefined, tolerations: kind === 'DaemonSet' ? [{ operator: 'Exists' }] : [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }], ...(kind === 'DaemonSet' ? { hostNetwork: true } : { nodeSelector: { 'kubernetes.io/os': 'linux' } }) } };
    if (kind === 'DaemonSet') {
      const ds = this.must(
        { apiVersion: 'apps/v1', kind, metadata: { name, namespace, labels }, spec: { selector: { matchLabels: labels }, template } },
        { currentNumberScheduled: replicas, desiredNumberScheduled: replicas, numberAvailable: replicas, numberMisscheduled: 0, numberReady: replicas, observedGeneration: 1, updatedNumberScheduled: replicas },
      );
      return ds;
    }
    const deploy = this.must(
      { apiVersion: 'apps/v1', kind, metadata: { name, namespace, labels, annotations: { 'deployment.kubernetes.io/revision': '1' } }, spec: { replicas, selector: { matchLabels: labels }, template } },
      {
        availableReplicas: replicas, observedGeneration: 1, readyReplicas: replicas, replicas, updatedReplicas: replicas,
        conditions: [
          { lastTransitionTime: rfc3339(this.now()), lastUpdateTime: rfc3339(this.now()), message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' },
          { lastTransitionTime: rfc3339(this.now()), lastUpdateTime: rfc3339(this.now()), message: `ReplicaSet "${name}-${hash}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
        ],
      },
    );
    const rsLabels = { ...labels, 'pod-template-hash': hash! };
    return this.must(
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${name}-${hash}`, namespace, labels: rsLabels,
          annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + 1), 'deployment.kubernetes.io/revision': '1' },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: deploy.metadata.uid!, controller: true, blockOwnerDeletion: true }],
        },
        spec: { replicas, selector: { matchLabels: rsLabels }, template: { ...template, metadata: { labels: rsLabels } } },
      },
      { availableReplicas: replicas, fullyLabeledReplicas: replicas, observedGeneration: 1, readyReplicas: replicas, replicas },
    );
  }

  podOf(owner: KObject, node: string, podIP: string, hostIP: string, daemon: boolean): void {
    const tpl = owner.spec.template;
    let hash: string | undefined;
    if (daemon) {
      hash = this.revisionHashes.get(tpl);
      if (hash === undefined) this.revisionHashes.set(tpl, (hash = computeHash(tpl)));
    }
    const labels = { ...tpl.metadata.labels, ...(daemon ? { 'controller-revision-hash': hash, 'pod-template-generation': '1' } : {}) };
    const pod: KObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${owner.metadata.name}-`,
        namespace: owner.metadata.namespace,
        labels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: { ...structuredClone(tpl.spec), nodeName: node },
    };
    this.running(pod, podIP, hostIP);
  }

  private running(pod: KObject, podIP: string, hostIP: string): void {
    const ts = rfc3339(this.now());
    const created = this.api.create(pod);
    if (isStatus(created)) throw new Error(`bootstrap: pod ${pod.metadata.name ?? pod.metadata.generateName}: ${created.message}`);
    const cond = (type: string) => ({ lastProbeTime: null, lastTransitionTime: ts, status: 'True', type });
    this.api.update(
      {
        ...created,
        status: {
          conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(cond),
          containerStatuses: created.spec.containers.map((c: { name: string; image: string }) => ({
            containerID: `containerd://${randomSuffix(this.rng, 64)}`,
            image: c.image,
            imageID: c.image,
            lastState: {},
            name: c.name,
            ready: true,
            restartCount: 0,
            started: true,
            state: { running: { startedAt: ts } },
          })),
          hostIP,
          hostIPs: [{ ip: hostIP }],
          phase: 'Running',
          podIP,
          podIPs: [{ ip: podIP }],
          qosClass: created.status?.qosClass ?? 'BestEffort',
          startTime: ts,
        },
      },
      { subresource: 'status' },
    );
  }
}

const BOOTSTRAP_CLUSTER_ROLES: Record<string, unknown[]> = {
  'cluster-admin': [
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { nonResourceURLs: ['*'], verbs: ['*'] },
  ],
  admin: [{ apiGroups: ['', 'apps', 'batch', 'autoscaling', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io'], resources: ['*'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }],
  edit: [{ apiGroups: ['', 'apps', 'batch', 'autoscaling', 'networking.k8s.io', 'policy'], resources: ['*'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }],
  view: [{ apiGroups: ['', 'apps', 'batch', 'autoscaling', 'networking.k8s.io', 'policy'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
};
