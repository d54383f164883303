// kubectl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...]: as kubectl 1.32's
// Complete → Validate → RunPortForward (staging/src/k8s.io/kubectl/pkg/cmd/portforward). The
// object names ONE pod (a Service, Deployment, ReplicaSet, StatefulSet… picks its most active
// pod, polymorphichelpers.AttachablePodForObjectFn); a Service port becomes the pod's target port
// (named ports too), a named pod port its number. The listening itself, the connections and the
// session's later output live in the network (network/portforward.ts).
//
// A real port-forward blocks the shell until Ctrl+C. kubeplay always runs it as a background job,
// as if `&` were typed (a trailing `&` is accepted): the command prints its `Forwarding from`
// lines and returns; what it prints later (`Handling connection for 8080`, errors) appears in the
// terminal between commands. `kubeplay port-forward stop` ends it.
import { labelSelectorFromSet, labelSelectorFromSpec } from '../../api/selectors';
import { isStatus, type KObject } from '../../api/types';
import { parseDuration, parseTime } from '../../core/time';
import { PORT_FORWARD_SERVICE, parseAddresses, parsePorts, type PortForwards } from '../../network/portforward';
import { ArgError, flagStrings, flagString, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError } from '../context';
import { GLOBAL_FLAGS } from '../flags';
import { resolveType } from '../resources';
import { waitUntil } from '../wait';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  { name: 'address', type: 'strings' },
  { name: 'pod-running-timeout', type: 'string' },
];

const USAGE_HINT = "\nSee 'kubectl port-forward -h' for help and examples";
const DEFAULT_POD_RUNNING_TIMEOUT_MS = 60_000;
/** Kinds SelectorsForObject knows (polymorphichelpers/helpers.go). */
const SELECTABLE = ['ReplicationController', 'ReplicaSet', 'Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'Service'];

export function portForwardCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words[words.length - 1] === '&' ? words.slice(0, -1) : words, FLAGS);
  if (a.positional.length < 2) throw new ExitError(`error: TYPE/NAME and list of ports are required for port-forward${USAGE_HINT}`);
  const timeoutMs = podRunningTimeout(flagString(a, 'pod-running-timeout'));
  const [resource, ...portArgs] = a.positional;

  const obj = getObject(ctx, resource);
  const pod = attachablePod(ctx, obj, timeoutMs);
  checkUDPPorts(obj.kind === 'Service' ? udpOnlyServicePorts(obj) : udpOnlyPodPorts(pod), portArgs, obj, pod);
  const ports = obj.kind === 'Service' ? translateServicePortToTargetPort(portArgs, obj, pod) : convertPodNamedPortToNumber(portArgs, pod);

  // RunPortForward: the pod as it is now must be running.
  const current = ctx.cluster.api.get(ctx.cluster.kinds.byKind('Pod')!, ctx.namespace, pod.metadata.name!);
  if (isStatus(current)) throw new ExitError(formatStatusError(current));
  const phase = current.status?.phase ?? '';
  if (phase !== 'Running') throw new ExitError(`error: unable to forward port because pod is not running. Current status=${phase}`);

  const forwards = ctx.cluster.service<PortForwards>(PORT_FORWARD_SERVICE);
  if (!forwards) throw new ExitError('error: the server could not find the requested resource');
  const addresses = parseAddresses(a.flags.has('address') ? flagStrings(a, 'address') : ['localhost']);
  if ('error' in addresses) throw new ExitError(`error: ${addresses.error}`);
  const parsed = parsePorts(ports);
  if ('error' in parsed) throw new ExitError(`error: ${parsed.error}`);
  const dial = forwards.dialError(current);
  if (dial) throw new ExitError(`error: ${dial}`);
  const r = forwards.open({ namespace: ctx.namespace, pod: current, target: resource, addresses, ports: parsed });
  for (const l of r.lines) (l.stream === 'out' ? ctx.out.bind(ctx) : ctx.err.bind(ctx))(l.text);
  if (r.error) throw new ExitError(`error: ${r.error}`);
  if (r.session && ctx.io.interactive && words[words.length - 1] !== '&') foreground(ctx, forwards, r.session.id);
}

/**
 * In the browser terminal a port-forward without `&` blocks as kubectl's does (kubectl/process.ts):
 * it prints what the sessions print as it happens, ends with exit code 1 when the connection to
 * the pod is lost, and Ctrl+C closes the session (its ports are free again).
 */
function foreground(ctx: Ctx, forwards: PortForwards, id: number): void {
  const alive = () => forwards.sessions().some((s) => s.id === id);
  ctx.waitFor({
    poll: () => {
      for (const l of forwards.takeOutput()) (l.stream === 'out' ? ctx.out.bind(ctx) : ctx.err.bind(ctx))(l.text);
      return !alive();
    },
    batchLimitMs: 0,
    finish: (done) => {
      if (done) ctx.exitCode = 1;
    },
    close: () => void forwards.stop(id),
  });
}

function podRunningTimeout(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_POD_RUNNING_TIMEOUT_MS;
  const ms = /^-/.test(raw) ? -1 : parseDuration(raw);
  if (ms === undefined) throw new ArgError(`invalid argument "${raw}" for "--pod-running-timeout" flag: time: invalid duration "${raw}"`);
  if (ms <= 0) throw new ExitError(`error: --pod-running-timeout must be higher than zero${USAGE_HINT}`);
  return ms;
}

/** The builder's `ResourceNames("pods", arg)`: `NAME` is a pod, `TYPE/NAME` anything. */
function getObject(ctx: Ctx, arg: string): KObject {
  const slash = arg.indexOf('/');
  const info = slash < 0 ? ctx.cluster.kinds.byKind('Pod')! : resolveType(ctx, arg.slice(0, slash))[0];
  const name = slash < 0 ? arg : arg.slice(slash + 1);
  if (!name) throw new ExitError('error: arguments in resource/name form must have a single resource and name');
  const obj = ctx.cluster.api.get(info, info.namespaced ? ctx.namespace : undefined, name);
  if (isStatus(obj)) throw new ExitError(formatStatusError(obj));
  return obj;
}

const isReady = (p: KObject) => (p.status?.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True');
const readyTime = (p: KObject) => parseTime((p.status?.conditions ?? []).find((c: Json) => c.type === 'Ready')?.lastTransitionTime) ?? 0;
const maxRestarts = (p: KObject) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c: Json) => c.restartCount ?? 0));
const created = (p: KObject) => parseTime(p.metadata.creationTimestamp) ?? 0;

/**
 * sort.Reverse(podutils.ActivePods): assigned before unassigned, Running before Unknown before
 * Pending, ready before not, ready longest first, fewer restarts first, oldest first.
 */
export function mostActiveFirst(a: KObject, b: KObject): number {
  const an = a.spec?.nodeName ?? '';
  const bn = b.spec?.nodeName ?? '';
  if (an !== bn && (!an || !bn)) return an ? -1 : 1;
  const rank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const pa = rank[a.status?.phase ?? ''] ?? 0;
  const pb = rank[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pb - pa;
  if (isReady(a) !== isReady(b)) return isReady(a) ? -1 : 1;
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return readyTime(a) - readyTime(b);
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) - maxRestarts(b);
  return created(a) - created(b);
}

/** AttachablePodForObjectFn: the pod itself, or the first pod of the object's selector (waiting for one). */
function attachablePod(ctx: Ctx, obj: KObject, timeoutMs: number): KObject {
  if (obj.kind === 'Pod') return obj;
  const goType = obj.apiVersion?.includes('/') && !/^(apps|batch|extensions)\//.test(obj.apiVersion) ? '*unstructured.Unstructured' : `*v1.${obj.kind}`;
  if (!SELECTABLE.includes(obj.kind)) throw new ExitError(`error: cannot attach to ${goType}: selector for ${goType} not implemented`);
  const spec = obj.spec ?? {};
  if ((obj.kind === 'Service' || obj.kind === 'ReplicationController') && Object.keys(spec.selector ?? {}).length === 0) {
    throw new ExitError(`error: cannot attach to ${goType}: invalid ${obj.kind === 'Service' ? 'service' : 'replication controller'} '${obj.metadata.name}': ${obj.kind} is defined without a selector`);
  }
  const sel = obj.kind === 'Service' || obj.kind === 'ReplicationController' ? labelSelectorFromSet(spec.selector) : labelSelectorFromSpec(spec.selector);
  const podInfo = ctx.cluster.kinds.byKind('Pod')!;
  const pods = () => ctx.cluster.api.list(podInfo, obj.metadata.namespace).filter((p) => sel.matches(p.metadata.labels ?? {}));
  // GetFirstPod watches for a pod when none matches yet, up to --pod-running-timeout.
  if (pods().length === 0 && !waitUntil(ctx.cluster, () => pods().length > 0, timeoutMs)) throw new ExitError('error: timed out waiting for the condition');
  return pods().sort(mostActiveFirst)[0];
}

const splitPort = (p: string): [string, string] => {
  const parts = p.split(':');
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0], parts[0]];
};
const isNumber = (s: string) => /^[+-]?\d+$/.test(s);

function containerPortByName(pod: KObject, name: string): number {
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
  throw new ExitError(`error: Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

function servicePortByName(svc: KObject, name: string): number {
  const p = (svc.spec?.ports ?? []).find((x: Json) => x.name === name);
  if (!p) throw new ExitError(`error: Service '${svc.metadata.name}' does not have a named port '${name}'`);
  return p.port;
}

/** util.LookupContainerPortNumberByServicePort: a headless Service's port is the pod's. */
function containerPortByServicePort(svc: KObject, pod: KObject, port: number): number {
  const sp = (svc.spec?.ports ?? []).find((x: Json) => x.port === port);
  if (!sp) throw new ExitError(`error: Service ${svc.metadata.name} does not have a service port ${port}`);
  if (svc.spec?.clusterIP === 'None') return port;
  const tp = sp.targetPort;
  if (tp === undefined || tp === null || tp === 0) return sp.port;
  if (typeof tp === 'number') return tp;
  if (isNumber(String(tp))) return Number(tp);
  return containerPortByName(pod, String(tp));
}

function translateServicePortToTargetPort(ports: string[], svc: KObject, pod: KObject): string[] {
  return ports.map((port) => {
    let [local, remote] = splitPort(port);
    let portnum: number;
    if (isNumber(remote)) portnum = Number(remote);
    else {
      portnum = servicePortByName(svc, remote);
      if (local === remote) local = String(portnum);
    }
    const target = String(containerPortByServicePort(svc, pod, portnum));
    return local !== target ? `${local}:${target}` : target;
  });
}

function convertPodNamedPortToNumber(ports: string[], pod: KObject): string[] {
  return ports.map((port) => {
    const [local, remote] = splitPort(port);
    const number = isNumber(remote) ? remote : String(containerPortByName(pod, remote));
    return local !== remote ? `${local}:${number}` : number;
  });
}

/** Ports only served over UDP: port-forward carries TCP only. */
function udpOnlyServicePorts(svc: KObject): Set<number> {
  return udpOnly((svc.spec?.ports ?? []).map((p: Json) => ({ port: p.port, protocol: p.protocol ?? 'TCP' })));
}

function udpOnlyPodPorts(pod: KObject): Set<number> {
  return udpOnly((pod.spec?.containers ?? []).flatMap((c: Json) => (c.ports ?? []).map((p: Json) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' }))));
}

function udpOnly(ports: { port: number; protocol: string }[]): Set<number> {
  const tcp = new Set(ports.filter((p) => p.protocol === 'TCP').map((p) => p.port));
  return new Set(ports.filter((p) => p.protocol === 'UDP' && !tcp.has(p.port)).map((p) => p.port));
}

function checkUDPPorts(udp: Set<number>, ports: string[], obj: KObject, pod: KObject): void {
  for (const port of ports) {
    const [, remote] = splitPort(port);
    const n = isNumber(remote) ? Number(remote) : obj.kind === 'Service' ? servicePortByName(obj, remote) : containerPortByName(pod, remote);
    if (udp.has(n)) throw new ExitError(`error: UDP protocol is not supported for ${remote}`);
  }
}
