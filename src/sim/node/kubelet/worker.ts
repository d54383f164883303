// The pod worker (kuberuntime_manager.go SyncPod, kuberuntime_container.go startContainer,
// images/image_manager.go): sandbox, init containers in order, then the app containers — each
// pulled per imagePullPolicy (serialized pulls, pull back-off), configured (env), created and
// started — with crash-loop back-off for restarts. Steps that take time are queue events.
import { resolveImage, imageSizeBytes, stableHex, type Resolution } from '../images/reference';
import { containerArgv, expandKubeVars } from '../runtime/program';
import type { ContainerRecord, Mount } from '../runtime/runtime';
import { containerEnv, hasNoOwnEnv, mountError } from './env';
import type { Kubelets } from './kubelet';
import { allocateIP } from './network';
import { nodeAllocatable } from '../../api/podutil';
import { formatPod, goDuration, nextBackoff, type PodState, type Slot, type WorkerOp } from './state';
import { terminatedOf } from './status';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const PULL_BYTES_PER_MS = 25_000; // 25 MB/s from the registry
const MOUNT_BACKOFF_MAX_MS = 122_000;

const isSidecar = (c: Json) => c?.restartPolicy === 'Always';

export function ensureSlot(ps: PodState, name: string, kind: Slot['kind']): Slot {
  return (ps.slots[name] ??= { name, kind, restartCount: 0, probes: {} });
}

function shouldRestart(policy: string | undefined, exitCode: number | undefined): boolean {
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return exitCode !== 0;
  return true;
}

/**
 * Starts a worker step. The op is one literal with every field in the snapshot's order (absent
 * ones undefined, which the snapshot leaves out): one hidden class for all ops, where a spread
 * of the caller's object made a generic copy per step (three per pod).
 */
function setOp(
  k: Kubelets,
  ps: PodState,
  kind: WorkerOp['kind'],
  container: string | undefined,
  doneAtMs: number,
  requestedAtMs?: number,
  startedAtMs?: number,
  failure?: string,
  env?: [string, string][],
): void {
  const token = k.nextId();
  ps.op = { kind, container, doneAtMs, token, requestedAtMs, startedAtMs, failure, env, queue: undefined };
  k.schedule('kubelet.work', doneAtMs, { node: ps.node, uid: ps.uid, token });
}

const NO_CONTAINERS: Json[] = Object.freeze([]) as unknown as Json[];

/** What the worker does next: 'sandbox', a container name to start, or nothing. */
function nextAction(k: Kubelets, ps: PodState): 'sandbox' | string | undefined {
  const spec = ps.pod.spec ?? {};
  const tried = ps.passAttempted ?? [];
  if (!ps.sandbox) {
    const err = mountError(k.host.store, ps.pod);
    if (err) {
      k.event(ps, 'Warning', 'FailedMount', err);
      ps.mountBackoff = ps.mountBackoff ? { durationMs: Math.min(ps.mountBackoff.durationMs * 2, MOUNT_BACKOFF_MAX_MS), lastUpdateMs: k.now() } : { durationMs: 500, lastUpdateMs: k.now() };
      k.resyncAt(ps, k.now() + ps.mountBackoff.durationMs);
      return undefined;
    }
    ps.mountBackoff = undefined;
    return 'sandbox';
  }
  // Indexed loops: this runs several times per pod sync (for-of made an iterator per loop).
  const initSpecs: Json[] = spec.initContainers ?? NO_CONTAINERS;
  for (let i = 0; i < initSpecs.length; i++) {
    const c = initSpecs[i];
    const slot = ensureSlot(ps, c.name, isSidecar(c) ? 'sidecar' : 'init');
    const rec = k.runtime.get(slot.current);
    if (isSidecar(c)) {
      if (rec?.state === 'running') {
        if (c.startupProbe && slot.probes.startup?.result !== 'success') return undefined;
        continue;
      }
      return tried.includes(c.name) ? undefined : c.name;
    }
    if (rec?.state === 'running') return undefined;
    if (rec?.state === 'exited' && rec.exitCode === 0) continue;
    if (rec?.state === 'exited' && spec.restartPolicy === 'Never') return undefined;
    return tried.includes(c.name) ? undefined : c.name;
  }
  const appSpecs: Json[] = spec.containers ?? NO_CONTAINERS;
  for (let i = 0; i < appSpecs.length; i++) {
    const c = appSpecs[i];
    const slot = ensureSlot(ps, c.name, 'app');
    const rec = k.runtime.get(slot.current);
    if (tried.includes(c.name) || rec?.state === 'running') continue;
    if (rec?.state === 'exited' && !shouldRestart(spec.restartPolicy, rec.exitCode)) continue;
    return c.name;
  }
  return undefined;
}

export function runWorker(k: Kubelets, ps: PodState): void {
  for (let guard = 0; guard < 100; guard++) {
    if (ps.op || ps.terminating || ps.terminal || !k.active(ps.node)) return;
    const act = nextAction(k, ps);
    if (act === undefined) break;
    if (act === 'sandbox') {
      if (ps.sandboxLost) {
        k.event(ps, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
        ps.sandboxLost = false;
      }
      setOp(k, ps, 'sandbox', undefined, k.now() + 300 + k.host.rng.int(500));
      return;
    }
    (ps.passAttempted ??= []).push(act);
    if (startContainer(k, ps, act) === 'op') return;
  }
  if (ps.pendingSync) {
    ps.pendingSync = false;
    k.syncPod(ps);
  }
}

/** Starts (or restarts) one container: back-off, image, config, then the create/start step. */
function startContainer(k: Kubelets, ps: PodState, name: string): 'op' | 'failed' {
  const c = k.containerSpec(ps, name);
  const slot = ps.slots[name];
  const rec = k.runtime.get(slot.current);
  if (rec?.state === 'exited') {
    const bo = slot.crashBackoff;
    const finished = rec.finishedAtMs ?? k.now();
    if (bo && k.now() - finished < bo.durationMs) {
      k.event(ps, 'Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${formatPod(ps)}`, name);
      slot.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(bo.durationMs)} restarting failed container=${name} pod=${formatPod(ps)}` };
      k.requeueAfterError(ps, finished + bo.durationMs);
      return 'failed';
    }
    slot.crashBackoff = nextBackoff(bo, finished);
  }
  return ensureImage(k, ps, slot, c);
}

function fail(k: Kubelets, ps: PodState, slot: Slot, reason: string, message: string, events: [string, string, string][]): 'failed' {
  for (const [type, r, msg] of events) k.event(ps, type as 'Normal' | 'Warning', r, msg, slot.name);
  slot.waiting = { reason, message };
  k.requeueAfterError(ps);
  return 'failed';
}

function ensureImage(k: Kubelets, ps: PodState, slot: Slot, c: Json): 'op' | 'failed' {
  const raw: string = c.image ?? '';
  const policy: string = c.imagePullPolicy ?? 'IfNotPresent';
  const res = resolveImage(raw);
  if (res.kind === 'invalid') {
    const msg = `Failed to apply default image tag "${raw}": ${res.error}`;
    return fail(k, ps, slot, 'InvalidImageName', msg, [['Warning', 'InspectFailed', msg], ['Warning', 'Failed', 'Error: InvalidImageName']]);
  }
  const node = k.nodeState(ps.node);
  const present = node.images[res.ref.normalized];
  if (policy === 'Never' && !present) {
    const msg = `Container image "${raw}" is not present with pull policy of Never`;
    return fail(k, ps, slot, 'ErrImageNeverPull', msg, [['Warning', 'ErrImageNeverPull', msg], ['Warning', 'Failed', 'Error: ErrImageNeverPull']]);
  }
  if (present && policy !== 'Always') {
    k.event(ps, 'Normal', 'Pulled', `Container image "${raw}" already present on machine`, slot.name);
    return createContainer(k, ps, slot, c);
  }
  const bo = ps.pullBackoff[raw];
  if (bo && k.now() - bo.lastUpdateMs < bo.durationMs) {
    return fail(k, ps, slot, 'ImagePullBackOff', `Back-off pulling image "${raw}": ErrImagePull: ${bo.error}`, [
      ['Normal', 'BackOff', `Back-off pulling image "${raw}"`],
      ['Warning', 'Failed', 'Error: ImagePullBackOff'],
    ]);
  }
  k.event(ps, 'Normal', 'Pulling', `Pulling image "${raw}"`, slot.name);
  const start = Math.max(k.now(), node.pullFreeAtMs);
  const duration = pullDurationMs(k, res, !!present);
  node.pullFreeAtMs = start + duration;
  const failure = res.kind === 'denied' || res.kind === 'notFound' ? res.message : undefined;
  setOp(k, ps, 'pull', slot.name, start + duration, k.now(), start, failure);
  return 'op';
}

function pullDurationMs(k: Kubelets, res: Exclude<Resolution, { kind: 'invalid' }>, present: boolean): number {
  if (res.kind === 'denied' || res.kind === 'notFound') return 400 + k.host.rng.int(900);
  if (present) return 250 + k.host.rng.int(600);
  const size = imageSizeBytes(res.ref, res.kind === 'known' ? res.entry : undefined);
  const base = 350 + size / PULL_BYTES_PER_MS;
  return Math.round(base * (0.85 + k.host.rng.int(300) / 1000));
}

function createContainer(k: Kubelets, ps: PodState, slot: Slot, c: Json): 'op' | 'failed' {
  const env = configEnv(k, ps, c);
  if ('error' in env) {
    return fail(k, ps, slot, 'CreateContainerConfigError', env.error, [['Warning', 'Failed', `Error: ${env.error}`]]);
  }
  setOp(k, ps, 'start', slot.name, k.now() + 40 + k.host.rng.int(100), undefined, undefined, undefined, env.env);
  return 'op';
}

const NO_NODE_ALLOCATABLE = { cpu: 0, memory: 0 };

/**
 * A container's environment (containerEnv). The node's IP and allocatable resources are looked up
 * (a Node read and three quantity parses) only for a container with env or envFrom: without them
 * the environment is the image's and the HOSTNAME, and containerEnv does not read them.
 */
function configEnv(k: Kubelets, ps: PodState, c: Json): ReturnType<typeof containerEnv> {
  const podIP = ps.sandbox?.ip ?? '';
  if (hasNoOwnEnv(c)) return containerEnv(k.host.store, ps.pod, c, podIP, '', NO_NODE_ALLOCATABLE);
  const nodeObj = k.nodeObj(ps.node);
  return containerEnv(k.host.store, ps.pod, c, podIP, k.hostIP(ps.node), nodeAllocatable(nodeObj ?? { apiVersion: 'v1', kind: 'Node', metadata: {} }));
}

/**
 * The runtime's mounts of a container: `{mountPath, volume[, subPath][, readOnly]}` per volumeMount.
 * Mapped to a list of exact length: the record keeps it for the container's lifetime, and a list
 * grown by push from empty keeps a backing store of 17 slots.
 */
function containerMounts(c: Json): Mount[] {
  const vms: Json[] | undefined = c.volumeMounts;
  return Array.isArray(vms) ? vms.map(runtimeMount) : [];
}

function runtimeMount(m: Json): Mount {
  const mount: Mount = { mountPath: m.mountPath, volume: m.name };
  if (m.subPath) mount.subPath = m.subPath;
  if (m.readOnly) mount.readOnly = true;
  return mount;
}

/** A worker step finished (`kubelet.work`). */
export function completeOp(k: Kubelets, ps: PodState, token: number): void {
  const op = ps.op;
  if (!op || op.token !== token) return;
  ps.op = undefined;
  // The kubelet is stopped (a powered-off node has no steps left): the pod worker's step died
  // with the process. Left in place, it would block the pod's worker for good after the kubelet
  // came back; reconnecting syncs the pod, which takes the step again.
  if (!k.active(ps.node)) return;
  if (op.kind === 'sandbox') {
    const n = k.nodeState(ps.node);
    const ip = ps.pod.spec?.hostNetwork ? k.hostIP(ps.node) : allocateIP(n, k.nodeObj(ps.node), ps.uid);
    ps.sandbox = { id: stableHex(`${ps.uid}/sandbox/${k.nextId()}`), ip, createdAtMs: k.now() };
    k.markChanged(ps);
  } else if (op.kind === 'pull') {
    finishPull(k, ps, op);
  } else if (op.kind === 'start') {
    finishStart(k, ps, op.container!, op.env);
  }
  runWorker(k, ps);
}

function finishPull(k: Kubelets, ps: PodState, op: WorkerOp): void {
  const slot = ps.slots[op.container!];
  const c = k.containerSpec(ps, slot.name);
  const raw: string = c.image;
  if (op.failure) {
    k.event(ps, 'Warning', 'Failed', `Failed to pull image "${raw}": ${op.failure}`, slot.name);
    k.event(ps, 'Warning', 'Failed', 'Error: ErrImagePull', slot.name);
    const first = !ps.pullBackoff[raw];
    ps.pullBackoff[raw] = { ...nextBackoff(ps.pullBackoff[raw], k.now()), error: op.failure };
    slot.waiting = { reason: 'ErrImagePull', message: op.failure };
    if (first) k.markChanged(ps);
    else k.requeueAfterError(ps);
    return;
  }
  const res = resolveImage(raw);
  if (res.kind === 'invalid') return;
  const size = imageSizeBytes(res.ref, res.kind === 'known' ? res.entry : undefined);
  k.nodeState(ps.node).images[res.ref.normalized] = { sizeBytes: size, pulledAtMs: k.now() };
  delete ps.pullBackoff[raw];
  const pullMs = op.doneAtMs - (op.startedAtMs ?? op.doneAtMs);
  const totalMs = op.doneAtMs - (op.requestedAtMs ?? op.doneAtMs);
  k.event(ps, 'Normal', 'Pulled', `Successfully pulled image "${raw}" in ${goDuration(pullMs)} (${goDuration(totalMs)} including waiting). Image size: ${size} bytes.`, slot.name);
  createContainer(k, ps, slot, c);
}

function finishStart(k: Kubelets, ps: PodState, name: string, generated: [string, string][] | undefined): void {
  const c = k.containerSpec(ps, name);
  const slot = ps.slots[name];
  // The step's environment, generated when it began; a step restored from an older snapshot
  // (without it) generates it now.
  const env = generated ? { env: generated } : configEnv(k, ps, c);
  if ('error' in env) {
    fail(k, ps, slot, 'CreateContainerConfigError', env.error, [['Warning', 'Failed', `Error: ${env.error}`]]);
    return;
  }
  // $(VAR) expansion needs the variables as a map only when there is a command or args.
  const vars = c.command || c.args ? Object.fromEntries(env.env) : {};
  const argv = containerArgv(c.image, c.command?.map((s: string) => expandKubeVars(s, vars)), c.args?.map((s: string) => expandKubeVars(s, vars)));
  const prev = k.runtime.get(slot.current);
  const rec: ContainerRecord = {
    id: stableHex(`${ps.uid}/${name}/${k.nextId()}`),
    podUid: ps.uid,
    podKey: `${ps.namespace}/${ps.name}`,
    node: ps.node,
    name,
    spec: k.processSpec(ps, c, argv, env.env, ps.sandbox?.ip ?? ''),
    mounts: containerMounts(c),
    startedAtMs: k.now(),
    state: 'running',
    requests: 0,
    data: {},
    extraLogs: [],
    execOps: [],
  };
  if (prev) {
    slot.restartCount++;
    slot.last = terminatedOf(prev);
    if (slot.previous) k.runtime.remove(slot.previous);
    slot.previous = prev.id;
  }
  slot.current = rec.id;
  slot.waiting = undefined;
  slot.killing = false;
  slot.probes = {};
  k.runtime.add(rec);
  k.event(ps, 'Normal', 'Created', `Created container: ${name}`, name);
  const plan = k.runtime.eval.plan(rec);
  if (plan.kind === 'startError') {
    rec.startedAtMs = 0;
    k.runtime.exited(rec, k.now(), 128, 'StartError', plan.startError);
    k.event(ps, 'Warning', 'Failed', `Error: ${plan.startError}`, name);
    slot.waiting = { reason: 'RunContainerError', message: plan.startError! };
    k.requeueAfterError(ps);
    k.markChanged(ps);
    return;
  }
  k.event(ps, 'Normal', 'Started', `Started container ${name}`, name);
  const post = c.lifecycle?.postStart?.exec?.command;
  if (Array.isArray(post)) k.runtime.exec(rec, post, k.now(), undefined, 60_000);
  k.hooks.scheduleExit(ps, slot, rec);
  k.hooks.startProbes(ps, slot, rec);
  k.markChanged(ps);
}
