// The images of a kind cluster's system pods (src/sim/bootstrap.ts) and the sandbox image.
import type { AppSpec, ImageEntry } from './types';
import { klogTime } from './timefmt';

function component(binary: string, ports: number[], cpuMilli: number, memoryMi: number, lines: string[]): AppSpec {
  return {
    binaries: [binary],
    ports,
    startupMs: 800,
    logs: () => lines.map((l, i) => ({ afterMs: 50 + i * 40, text: (t: number) => `${klogTime(t)} ${l}` })),
    cpuMilli,
    memoryMi,
  };
}

const K8S_TAGS = ['v1.32.2'];

export const SYSTEM_IMAGES: ImageEntry[] = [
  {
    name: 'registry.k8s.io/pause', tags: ['3.10', '3.9', '3.8', '3.7', '3.6', 'latest'], strictTags: true, sizeMB: 0.32, os: 'scratch', entrypoint: ['/pause'],
    app: { binaries: ['pause'], cpuMilli: 0, memoryMi: 0.3, stopMs: 5 }, description: 'The sandbox image: sleeps until stopped',
  },
  {
    name: 'registry.k8s.io/etcd', tags: ['3.5.16-0', '3.5.15-0'], strictTags: true, sizeMB: 57.7, os: 'distroless', cmd: ['etcd'],
    app: { binaries: ['etcd'], ports: [2379, 2380, 2381], startupMs: 600, cpuMilli: 22, memoryMi: 42, logs: () => [{ afterMs: 300, text: '{"level":"info","ts":"2025-01-15T08:55:10.123456Z","caller":"embed/serve.go:250","msg":"serving client traffic securely","traffic":"grpc+http","address":"172.18.0.2:2379"}' }] },
    description: 'etcd (control plane)',
  },
  {
    name: 'registry.k8s.io/kube-apiserver', tags: K8S_TAGS, strictTags: true, sizeMB: 28.7, os: 'distroless', cmd: ['kube-apiserver'],
    app: component('kube-apiserver', [6443], 45, 260, ['options.go:228] external host was not specified, using 172.18.0.2', 'server.go:150] Version: v1.32.2', 'secure_serving.go:213] Serving securely on [::]:6443']),
    description: 'kube-apiserver (control plane)',
  },
  {
    name: 'registry.k8s.io/kube-controller-manager', tags: K8S_TAGS, strictTags: true, sizeMB: 26.3, os: 'distroless', cmd: ['kube-controller-manager'],
    app: component('kube-controller-manager', [10257], 16, 52, ['serving.go:386] Generated self-signed cert in-memory', 'controllermanager.go:185] "Starting" version="v1.32.2"', 'leaderelection.go:271] successfully acquired lease kube-system/kube-controller-manager']),
    description: 'kube-controller-manager (control plane)',
  },
  {
    name: 'registry.k8s.io/kube-scheduler', tags: K8S_TAGS, strictTags: true, sizeMB: 20.7, os: 'distroless', cmd: ['kube-scheduler'],
    app: component('kube-scheduler', [10259], 3, 22, ['serving.go:386] Generated self-signed cert in-memory', 'server.go:166] "Starting Kubernetes Scheduler" version="v1.32.2"', 'leaderelection.go:271] successfully acquired lease kube-system/kube-scheduler']),
    description: 'kube-scheduler (control plane)',
  },
  {
    name: 'registry.k8s.io/kube-proxy', tags: K8S_TAGS, strictTags: true, sizeMB: 30.9, os: 'debian', cmd: ['/usr/local/bin/kube-proxy'],
    app: component('kube-proxy', [10249, 10256], 1, 16, ['server_linux.go:66] "Using iptables proxy"', 'server.go:698] "Successfully retrieved node IP(s)"', 'shared_informer.go:320] Caches are synced for service config']),
    description: 'kube-proxy (DaemonSet)',
  },
  {
    name: 'registry.k8s.io/coredns/coredns', tags: ['v1.11.3', 'v1.11.1'], strictTags: true, sizeMB: 18.6, os: 'distroless', entrypoint: ['/coredns'],
    app: {
      binaries: ['coredns'], ports: [53, 8080, 8181, 9153], startupMs: 300, cpuMilli: 2, memoryMi: 14,
      logs: () => [
        { afterMs: 200, text: '.:53' },
        { afterMs: 210, text: '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908' },
        { afterMs: 220, text: 'CoreDNS-1.11.3' },
        { afterMs: 220, text: 'linux/amd64, go1.21.11, a6338e9' },
      ],
      http: (req) => (req.path.startsWith('/health') || req.path.startsWith('/ready') ? { status: 200, body: 'OK' } : { status: 404, body: '404 page not found\n' }),
    },
    description: 'CoreDNS (cluster DNS)',
  },
  {
    name: 'kindest/kindnetd', tags: ['v20241212-9f82dd49'], strictTags: true, sizeMB: 39.0, os: 'debian', cmd: ['/bin/kindnetd'],
    app: component('kindnetd', [], 1, 10, ['main.go:109] connected to apiserver: https://10.96.0.1:443', 'main.go:139] hostIP = 172.18.0.2', 'main.go:148] setting mtu 1500 for CNI']),
    description: 'kindnet CNI (DaemonSet)',
  },
  {
    name: 'kindest/local-path-provisioner', tags: ['v20241212-8ac705d0'], strictTags: true, sizeMB: 22.5, os: 'distroless', cmd: ['local-path-provisioner'],
    app: { binaries: ['local-path-provisioner'], cpuMilli: 1, memoryMi: 8, logs: () => [{ afterMs: 100, text: 'time="2025-01-15T08:55:20Z" level=info msg="Starting provisioner controller rancher.io/local-path_local-path-provisioner"' }] },
    description: 'local-path-provisioner (default StorageClass)',
  },
];
