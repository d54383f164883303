// Node, zone and container faults: the `kubeplay node|zone|pod ...` controls and the same actions
// as plain functions for the UI. Each returns the one line saying what it did; errors throw.
//   kubeplay node add [NAME] [--zone Z] [--cpu N] [--memory Q]
//   kubeplay node delete|crash|stop-kubelet|partition|restore NAME
//   kubeplay zone fail|restore ZONE
//   kubeplay pod kill|fail-readiness|fail-liveness|heal POD [-c CONTAINER] [-n NS]
import type { Cluster } from '../../cluster';
import { isStatus, type KObject } from '../../api/types';
import { parseQuantity } from '../../api/quantity';
import { nodeName as kindWorkerName, ZONES } from '../../bootstrap';
import { NODE_AGENTS_SERVICE, type NodeAgents } from '../agent';
import { NODE_LIFECYCLE_SERVICE, type NodeLifecycleService } from './index';
import { RUNTIME_SERVICE, type ContainerRuntimeService, type FaultProbeType } from '../kubelet/faults';

export { RUNTIME_SERVICE, type ContainerRuntimeService } from '../kubelet/faults';

const ZONE_LABEL = 'topology.kubernetes.io/zone';
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface AddNodeOptions {
  name?: string;
  zone?: string;
  /** CPU capacity, a quantity (`4`, `2500m`). Default 4. */
  cpu?: string;
  /** Memory capacity, a quantity (`8Gi`). Default 8Gi. */
  memory?: string;
}

function agents(cluster: Cluster): NodeAgents {
  const a = cluster.service<NodeAgents>(NODE_AGENTS_SERVICE);
  if (!a) throw new Error('the node agents are not installed');
  return a;
}

function mustNode(cluster: Cluster, name: string | undefined): KObject {
  if (!name) throw new Error('a node name is required');
  const n = cluster.get('/Node', undefined, name);
  if (!n) throw new Error(`node "${name}" not found`);
  return n;
}

/** The next kind-style worker name: `<cluster>-worker`, `<cluster>-worker2`, … after the highest in use. */
export function nextWorkerName(cluster: Cluster): string {
  const prefix = `${cluster.options.name}-worker`;
  let max = 0;
  for (const n of cluster.list('/Node')) {
    const name = n.metadata.name!;
    if (name === prefix) max = Math.max(max, 1);
    else if (name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length))) max = Math.max(max, Number(name.slice(prefix.length)));
  }
  return kindWorkerName(cluster.options.name, max);
}

/** Adds a node as its kubelet registers it: Node (NotReady for its first 10 s), Lease, start-up events. */
export function addNode(cluster: Cluster, o: AddNodeOptions = {}): string {
  const name = o.name ?? nextWorkerName(cluster);
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) throw new Error(`invalid node name "${name}": must be a lowercase RFC 1123 subdomain`);
  if (cluster.get('/Node', undefined, name)) throw new Error(`node "${name}" already exists`);
  for (const [flag, v] of [['--cpu', o.cpu], ['--memory', o.memory]] as const) {
    if (v !== undefined && !((parseQuantity(v) ?? 0) > 0)) throw new Error(`invalid ${flag} "${v}": must be a positive quantity`);
  }
  const nodes = cluster.list('/Node');
  const used = nodes.map((n) => {
    const ip = (n.status?.addresses ?? []).find((a: { type: string }) => a.type === 'InternalIP')?.address ?? '';
    const m = /^172\.18\.0\.(\d+)$/.exec(ip);
    return m ? Number(m[1]) - 2 : 0;
  });
  const index = Math.max(0, ...used) + 1;
  const workers = nodes.filter((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] === undefined).length;
  const zone = o.zone ?? ZONES[workers % ZONES.length];
  const svc = cluster.service<NodeLifecycleService>(NODE_LIFECYCLE_SERVICE);
  if (!svc) throw new Error('the node lifecycle component is not installed');
  agents(cluster).forget(name);
  const r = svc.registerNode({ name, index, zone, cpu: o.cpu, memory: o.memory });
  if (isStatus(r)) throw new Error(r.message);
  return `node/${name} added (zone ${zone}, ${o.cpu ?? '4'} CPU, ${o.memory ?? '8Gi'} memory); its kubelet is registering`;
}

/** Removes a node: the machine goes away and its Node object is deleted (PodGC collects its pods). */
export function deleteNode(cluster: Cluster, name: string): string {
  mustNode(cluster, name);
  agents(cluster).set(name, { powered: false });
  const r = cluster.api.delete(cluster.kinds.byKind('Node')!, undefined, name);
  if (isStatus(r)) throw new Error(r.message);
  return `node/${name} deleted; its pods are garbage-collected 40s after PodGC notices`;
}

export function crashNode(cluster: Cluster, name: string): string {
  mustNode(cluster, name);
  agents(cluster).set(name, { powered: false });
  return `node/${name} crashed: powered off, its kubelet and containers stopped`;
}

export function stopKubelet(cluster: Cluster, name: string): string {
  mustNode(cluster, name);
  agents(cluster).set(name, { kubeletRunning: false });
  return `node/${name} kubelet stopped: containers keep running, nothing is reported`;
}

export function partitionNode(cluster: Cluster, name: string): string {
  mustNode(cluster, name);
  agents(cluster).set(name, { partitioned: true });
  return `node/${name} partitioned: its kubelet cannot reach the API server`;
}

export function restoreNode(cluster: Cluster, name: string): string {
  mustNode(cluster, name);
  const a = agents(cluster);
  const was = a.get(name);
  a.set(name, { powered: true, kubeletRunning: true, partitioned: false });
  if (was.powered && was.kubeletRunning && !was.partitioned) return `node/${name} is healthy already`;
  return `node/${name} restored: ${!was.powered ? 'powered on, its kubelet starting' : !was.kubeletRunning ? 'its kubelet starting' : 'reconnected to the API server'}`;
}

function zoneNodes(cluster: Cluster, zone: string): string[] {
  if (!zone) throw new Error('a zone is required');
  const names = cluster.list('/Node').filter((n) => n.metadata.labels?.[ZONE_LABEL] === zone).map((n) => n.metadata.name!);
  if (names.length === 0) throw new Error(`no nodes in zone "${zone}" (label ${ZONE_LABEL})`);
  return names;
}

export function failZone(cluster: Cluster, zone: string): string {
  const names = zoneNodes(cluster, zone);
  for (const n of names) agents(cluster).set(n, { powered: false });
  return `zone ${zone} failed: ${names.length} node${names.length === 1 ? '' : 's'} powered off (${names.join(', ')})`;
}

export function restoreZone(cluster: Cluster, zone: string): string {
  const names = zoneNodes(cluster, zone);
  for (const n of names) agents(cluster).set(n, { powered: true, kubeletRunning: true, partitioned: false });
  return `zone ${zone} restored: ${names.length} node${names.length === 1 ? '' : 's'} back (${names.join(', ')})`;
}

export interface KillPodOptions {
  namespace?: string;
  container?: string;
}

/** The pod and one of its containers (`-c`, else the default container), as kubectl picks them. */
function podContainer(cluster: Cluster, pod: string, o: KillPodOptions): { ns: string; p: KObject; container: string } {
  const ns = o.namespace || cluster.session.namespace;
  const p = cluster.get('/Pod', ns, pod);
  if (!p) throw new Error(`pods "${pod}" not found in namespace ${ns}`);
  const containers: string[] = (p.spec?.containers ?? []).map((c: { name: string }) => c.name);
  const container = o.container ?? p.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? containers[0];
  const all = [...(p.spec?.initContainers ?? []).map((c: { name: string }) => c.name), ...containers];
  if (!container || !all.includes(container)) throw new Error(`container ${container ?? ''} is not valid for pod ${pod}`);
  if (!p.spec?.nodeName) throw new Error(`pod ${pod} is not running on a node`);
  return { ns, p, container };
}

function runtimeService(cluster: Cluster): ContainerRuntimeService {
  const runtime = cluster.service<ContainerRuntimeService>(RUNTIME_SERVICE);
  if (!runtime) throw new Error('the container runtime is not available');
  return runtime;
}

/** The container's process dies with exit code 137 (SIGKILL), as `kill -9` on the node would do. */
export function killPod(cluster: Cluster, pod: string, o: KillPodOptions = {}): string {
  const { ns, container } = podContainer(cluster, pod, o);
  const err = runtimeService(cluster).killContainer(ns, pod, container, 137);
  if (err) throw new Error(err);
  return `pod/${pod} container ${container} killed (exit code 137)`;
}

/** How the probe's handler fails, for the control's message. */
function failureOf(probe: { httpGet?: { path?: string }; tcpSocket?: { port?: unknown }; grpc?: unknown }): string {
  if (probe.httpGet) return `GET ${probe.httpGet.path ?? '/'} answers 500`;
  if (probe.tcpSocket) return `port ${String(probe.tcpSocket.port)} refuses connections`;
  if (probe.grpc) return 'the gRPC health check answers NOT_SERVING';
  return 'the command exits 1';
}

/**
 * Makes the container's readiness or liveness probe handler answer as failing until healed; the
 * kubelet's prober counts the failures as it would for a real fault.
 */
export function failProbe(cluster: Cluster, pod: string, type: FaultProbeType, o: KillPodOptions = {}): string {
  const { ns, p, container } = podContainer(cluster, pod, o);
  const spec = [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])].find((c: { name: string }) => c.name === container);
  const probe = spec?.[`${type}Probe`];
  if (!probe) throw new Error(`container ${container} of pod ${pod} has no ${type} probe`);
  const err = runtimeService(cluster).setProbeFault(ns, pod, container, type, true);
  if (err) throw new Error(err);
  const then = type === 'readiness' ? 'the pod turns NotReady' : 'the kubelet restarts the container';
  return `pod/${pod} container ${container}: ${type} probe now fails (${failureOf(probe)}); after ${probe.failureThreshold ?? 3} failures ${then}`;
}

/** Clears the probe faults of one container (`-c`) or of every container of the pod. */
export function healProbes(cluster: Cluster, pod: string, o: KillPodOptions = {}): string {
  const { ns, container } = podContainer(cluster, pod, o);
  const runtime = runtimeService(cluster);
  const faults = runtime.probeFaults(ns, pod);
  const healed: string[] = [];
  for (const name of Object.keys(faults).sort()) {
    if (o.container !== undefined && name !== container) continue;
    for (const type of faults[name]) {
      const err = runtime.setProbeFault(ns, pod, name, type as FaultProbeType, false);
      if (err) throw new Error(err);
      healed.push(`${name} ${type}`);
    }
  }
  if (healed.length === 0) return `pod/${pod}: no probe faults to heal`;
  return `pod/${pod} healed: probes answer normally again (${healed.join(', ')})`;
}

/** Splits `--flag value`, `--flag=value` and `-f value` forms; returns the flags and the other words. */
function flags(args: string[], known: Record<string, string>): { values: Record<string, string>; rest: string[] } {
  const values: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-')) {
      rest.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const flag = eq < 0 ? a : a.slice(0, eq);
    const name = known[flag];
    if (!name) throw new Error(`unknown flag: ${flag}`);
    const value = eq < 0 ? args[++i] : a.slice(eq + 1);
    if (value === undefined) throw new Error(`flag needs an argument: ${flag}`);
    values[name] = value;
  }
  return { values, rest };
}

const NODE_USAGE = 'usage: kubeplay node add [NAME] [--zone Z] [--cpu N] [--memory Q] | node delete|crash|stop-kubelet|partition|restore NAME';

export function nodeControl(cluster: Cluster, args: string[]): string {
  const [sub, ...rest] = args;
  if (sub === 'add') {
    const { values, rest: names } = flags(rest, { '--zone': 'zone', '--cpu': 'cpu', '--memory': 'memory' });
    if (names.length > 1) throw new Error(NODE_USAGE);
    return addNode(cluster, { name: names[0], zone: values.zone, cpu: values.cpu, memory: values.memory });
  }
  const actions: Record<string, (c: Cluster, n: string) => string> = {
    delete: deleteNode, crash: crashNode, 'stop-kubelet': stopKubelet, partition: partitionNode, restore: restoreNode,
  };
  const fn = sub ? actions[sub] : undefined;
  if (!fn || rest.length !== 1) throw new Error(NODE_USAGE);
  return fn(cluster, rest[0]);
}

export function zoneControl(cluster: Cluster, args: string[]): string {
  const [sub, zone, ...extra] = args;
  if ((sub !== 'fail' && sub !== 'restore') || !zone || extra.length > 0) throw new Error('usage: kubeplay zone fail|restore ZONE');
  return sub === 'fail' ? failZone(cluster, zone) : restoreZone(cluster, zone);
}

const POD_USAGE = 'usage: kubeplay pod kill|fail-readiness|fail-liveness|heal POD [-c CONTAINER] [-n NAMESPACE]';

export function podControl(cluster: Cluster, args: string[]): string {
  const [sub, ...rest] = args;
  const { values, rest: names } = flags(rest, { '-c': 'container', '--container': 'container', '-n': 'namespace', '--namespace': 'namespace' });
  if (names.length !== 1) throw new Error(POD_USAGE);
  const o = { container: values.container, namespace: values.namespace };
  switch (sub) {
    case 'kill':
      return killPod(cluster, names[0], o);
    case 'fail-readiness':
      return failProbe(cluster, names[0], 'readiness', o);
    case 'fail-liveness':
      return failProbe(cluster, names[0], 'liveness', o);
    case 'heal':
      return healProbes(cluster, names[0], o);
    default:
      throw new Error(POD_USAGE);
  }
}
