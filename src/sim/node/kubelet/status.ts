// The pod status a kubelet reports (kubelet_pods.go generateAPIPodStatus / getPhase,
// status/generate.go conditions): container states with upstream reasons, phase, conditions in
// the kubelet's order with lastTransitionTime kept while a condition's status is unchanged.
import { BoundedMap } from '../../core/boundedmap';
import { rfc3339 } from '../../core/time';
import type { KObject } from '../../api/types';
import { imageIdOf, parseImageRef, reportedImageName } from '../images/reference';
import type { ContainerRecord } from '../runtime/runtime';
import type { PodState, Slot, TerminatedState } from './state';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** The conditions the kubelet owns (it writes them; others' conditions are kept as they are). */
function isKubeletCondition(type: unknown): boolean {
  return type === 'PodReadyToStartContainers' || type === 'Initialized' || type === 'Ready' || type === 'ContainersReady' || type === 'PodScheduled';
}
/**
 * Status fields the kubelet carries over from the stored status as they are (nominatedNodeName,
 * reason, message, resize, ephemeralContainerStatuses: read one by one in generatePodStatus).
 */

export interface StatusInputs {
  ps: PodState;
  record(id: string | undefined): ContainerRecord | undefined;
  hostIP: string;
  /** `hostIPs` for `hostIP`, shared by the node's pods (hostIPsOf); a new list when absent. */
  hostIPs?: readonly Json[];
  nowMs: number;
}

export function terminatedOf(rec: ContainerRecord): TerminatedState {
  return {
    containerID: `containerd://${rec.id}`,
    exitCode: rec.exitCode ?? 0,
    finishedAt: rfc3339(rec.finishedAtMs ?? 0),
    reason: rec.reason ?? (rec.exitCode === 0 ? 'Completed' : 'Error'),
    ...(rec.message ? { message: rec.message } : {}),
    startedAt: rfc3339(rec.startedAtMs),
  };
}

/**
 * A container's reported volumeMounts, computed once per container spec object (a stored pod's
 * spec is immutable and shared by its status writes). The kubelet hands its statuses to the API
 * server without a copy, so the array is frozen: stored as it is, and never changed in place
 * (the server's subtree sharing leaves frozen values alone).
 */
const mountsBySpec = new WeakMap<object, Json[] | null>();
function volumeMounts(c: Json): Json[] | undefined {
  let r = mountsBySpec.get(c);
  if (r === undefined) {
    r = computeVolumeMounts(c) ?? null;
    if (r) {
      for (const m of r) Object.freeze(m);
      Object.freeze(r);
    }
    mountsBySpec.set(c, r);
  }
  return r ?? undefined;
}

function computeVolumeMounts(c: Json): Json[] | undefined {
  const mounts: Json[] = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
  if (mounts.length === 0) return undefined;
  return mounts.map((m) => ({
    mountPath: m.mountPath,
    name: m.name,
    ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
  }));
}

/** `image` and `imageID` a running container of an image reports, computed once per image name. */
const reportedImages = new BoundedMap<string, { image: string; imageID: string } | null>(1000);
function reportedImage(image: string): { image: string; imageID: string } | null {
  let r = reportedImages.get(image);
  if (r === undefined) {
    const ref = parseImageRef(image);
    r = 'error' in ref ? null : { image: reportedImageName(ref), imageID: imageIdOf(ref) };
    reportedImages.set(image, r);
  }
  return r;
}

/**
 * Parts of a status that are equal for many pods, as one frozen value each: a container without a
 * previous instance reports an empty `lastState`, the pods of a node the same `hostIPs` (the
 * kubelet keeps one per node: `StatusInputs.hostIPs`). A fresh copy per status made objects
 * that every stored pod kept (the server's sibling sharing only caught a pod whose last sibling
 * ran on the same node). Frozen: the API server stores them as they are and its subtree sharing
 * leaves them alone (as with volumeMounts above).
 */
const NO_LAST_STATE: Json = Object.freeze({});

/** A node's `status.hostIPs` for its pods: made once per node and InternalIP (see above). */
export function hostIPsOf(ip: string): readonly Json[] {
  return Object.freeze([Object.freeze({ ip })]);
}

/**
 * One container's status. Built as literals with the keys in their written order (name, image,
 * imageID, lastState, ready, restartCount, started[, containerID], state[, volumeMounts]) rather
 * than filled in afterwards: two statuses per pod start.
 */
function containerStatus(c: Json, slot: Slot | undefined, inp: StatusInputs, defaultWaiting: string): Json {
  const rec = inp.record(slot?.current);
  const restartCount = slot?.restartCount ?? 0;
  const last = slot?.last;
  if (!rec) {
    const waiting = slot?.waiting ? { ...slot.waiting } : { reason: defaultWaiting };
    return { name: c.name, image: c.image, imageID: '', lastState: last ? { terminated: last } : NO_LAST_STATE, ready: false, restartCount, started: false, state: { waiting } };
  }
  const reported = reportedImage(rec.spec.image);
  const image = reported ? reported.image : c.image;
  const imageID = reported ? reported.imageID : '';
  let lastState: Json = last ? { terminated: last } : NO_LAST_STATE;
  let ready = false;
  let started = false;
  let state: Json;
  if (rec.state === 'running') {
    state = { running: { startedAt: rfc3339(rec.startedAtMs) } };
    started = !c.startupProbe || slot?.probes.startup?.result === 'success';
    ready = started && (!c.readinessProbe || slot?.probes.readiness?.result === 'success') && !inp.ps.terminating;
  } else if (slot?.waiting) {
    state = { waiting: { ...slot.waiting } };
    lastState = { terminated: terminatedOf(rec) };
  } else {
    state = { terminated: terminatedOf(rec) };
  }
  const containerID = `containerd://${rec.id}`;
  const vm = volumeMounts(c);
  if (vm) return { name: c.name, image, imageID, lastState, ready, restartCount, started, containerID, state, volumeMounts: vm };
  return { name: c.name, image, imageID, lastState, ready, restartCount, started, containerID, state };
}

const isRestartable = (c: Json) => c?.restartPolicy === 'Always';

/** getPhase runs on every pod sync: no closures or fallback arrays per call. */
const NO_CONTAINERS: readonly Json[] = [];
/** The statuses of a pod without init containers, and the conditions of a pod without any: never written to. */
const NO_STATUSES: Json[] = Object.freeze([]) as unknown as Json[];

function findByName(list: Json[], name: string): Json | undefined {
  for (let i = 0; i < list.length; i++) if (list[i].name === name) return list[i];
  return undefined;
}

/** kubelet_pods.go getPhase (v1.32). */
export function getPhase(spec: Json, init: Json[], statuses: Json[], podIsTerminal: boolean): string {
  let pendingInit = 0;
  let failedInit = 0;
  const initSpecs: readonly Json[] = spec.initContainers ?? NO_CONTAINERS;
  const appSpecs: readonly Json[] = spec.containers ?? NO_CONTAINERS;
  for (let i = 0; i < initSpecs.length; i++) {
    const c = initSpecs[i];
    if (isRestartable(c)) continue;
    const s = findByName(init, c.name);
    if (!s) { pendingInit++; continue; }
    if (s.state.running) pendingInit++;
    else if (s.state.terminated) { if (s.state.terminated.exitCode !== 0) failedInit++; }
    else if (s.state.waiting) {
      if (s.lastState?.terminated) { if (s.lastState.terminated.exitCode !== 0) failedInit++; }
      else pendingInit++;
    } else pendingInit++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (let i = 0; i < initSpecs.length; i++) {
    const c = initSpecs[i];
    if (!isRestartable(c)) continue;
    const s = findByName(init, c.name);
    if (!s) { unknown++; continue; }
    if (s.state.running) { if (!s.started) pendingInit++; running++; }
    else if (s.state.waiting && !s.lastState?.terminated) { pendingInit++; waiting++; }
  }
  for (let i = 0; i < appSpecs.length; i++) {
    const c = appSpecs[i];
    const s = findByName(statuses, c.name);
    if (!s) { unknown++; continue; }
    if (s.state.running) running++;
    else if (s.state.terminated) { stopped++; if (s.state.terminated.exitCode === 0) succeeded++; }
    else if (s.state.waiting) { if (s.lastState?.terminated) stopped++; else waiting++; }
    else unknown++;
  }
  if (failedInit > 0 && spec.restartPolicy === 'Never') return 'Failed';
  let anyRegularStarted = false;
  for (let i = 0; i < statuses.length && !anyRegularStarted; i++) {
    const st = statuses[i];
    anyRegularStarted = !!(st.state.running || st.state.terminated || st.lastState?.terminated);
  }
  if ((pendingInit > 0 && !anyRegularStarted) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (spec.restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (spec.restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/**
 * One kubelet-owned condition as written: `lastTransitionTime` kept from the current status while
 * the condition's status is unchanged. Built in its final key order (lastProbeTime,
 * lastTransitionTime, type, status, reason, message) without intermediate copies: this runs for
 * five conditions on every pod sync. A stored condition that is already exactly that (same
 * values, same keys in the same order) is returned itself: stored objects are never changed in
 * place (every path that changes conditions copies them first), and most syncs change no
 * condition, so a copy per sync was garbage (and compared again by jsonEqual).
 */
function condition(oldConds: Json[], now: string, type: string, status: string, reason?: string, message?: string): Json {
  let prev: Json;
  for (let i = 0; i < oldConds.length; i++) {
    if (oldConds[i].type === type) {
      prev = oldConds[i];
      break;
    }
  }
  const r = reason || undefined;
  const m = message || undefined;
  if (prev !== undefined && prev.status === status && prev.reason === r && prev.message === m && prev.lastProbeTime === null && inConditionOrder(prev, r !== undefined, m !== undefined)) return prev;
  const c: Json = { lastProbeTime: null, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now, type, status };
  if (r) c.reason = r;
  if (m) c.message = m;
  return c;
}

/** The keys `condition` writes, in its order (reason and message where present). */
const CONDITION_KEYS = ['lastProbeTime', 'lastTransitionTime', 'type', 'status', 'reason', 'message'];

/** Whether a condition has exactly the keys `condition` would write, in its order and all defined. */
function inConditionOrder(c: Json, hasReason: boolean, hasMessage: boolean): boolean {
  let at = 0;
  for (const k in c) {
    if (at === 4 && !hasReason) at = 5;
    if (at === 5 && !hasMessage) return false;
    if (at > 5 || k !== CONDITION_KEYS[at] || c[k] === undefined) return false;
    at++;
  }
  return at === (hasMessage ? 6 : hasReason ? 5 : 4);
}

/**
 * The statuses of a list of containers, in a list of exact length (the stored pod keeps it; a list
 * grown by push from empty keeps spare slots): a copy of the spec list, overwritten in place.
 */
function statusesOf(specs: Json[], inp: StatusInputs, dflt: string): Json[] {
  if (specs.length === 1) return [containerStatus(specs[0], inp.ps.slots[specs[0].name], inp, dflt)];
  const out: Json[] = specs.slice();
  for (let i = 0; i < specs.length; i++) out[i] = containerStatus(specs[i], inp.ps.slots[specs[i].name], inp, dflt);
  return out;
}

function statusNamed(list: Json[], name: string): Json | undefined {
  for (let i = 0; i < list.length; i++) if (list[i].name === name) return list[i];
  return undefined;
}

/** The status to write, from the kubelet's state and the pod's current API status. */
export function generatePodStatus(inp: StatusInputs, podIsTerminal: boolean): Json {
  const { ps } = inp;
  const pod: KObject = ps.pod;
  const spec = pod.spec ?? {};
  const old = pod.status ?? {};
  const initSpecs: Json[] = spec.initContainers ?? [];
  const appSpecs: Json[] = spec.containers ?? [];
  const hasInit = initSpecs.length > 0;
  const dflt = hasInit ? 'PodInitializing' : 'ContainerCreating';
  // Indexed loops and, for the usual single container, an exact-size list: a status is generated
  // on every pod sync (for-of made an iterator per loop, a list grown by push a spare backing store).
  const init: Json[] = hasInit ? statusesOf(initSpecs, inp, dflt) : NO_STATUSES;
  const main: Json[] = statusesOf(appSpecs, inp, dflt);
  let phase = getPhase(spec, init, main, podIsTerminal);
  if (old.phase === 'Succeeded' || old.phase === 'Failed') phase = old.phase;

  // Conditions, in the kubelet's order, after any it does not own.
  const oldConds: Json[] = old.conditions ?? NO_STATUSES;
  const now = rfc3339(inp.nowMs);
  const readyToStart = condition(oldConds, now, 'PodReadyToStartContainers', ps.sandbox && !podIsTerminal ? 'True' : 'False');
  // Initialized
  let incomplete: string | undefined;
  for (let i = 0; i < initSpecs.length; i++) {
    const c = initSpecs[i];
    const s = statusNamed(init, c.name);
    if (isRestartable(c) ? !s?.started : !(s?.state.terminated && s.state.terminated.exitCode === 0)) incomplete = incomplete === undefined ? c.name : `${incomplete} ${c.name}`;
  }
  let regularStarted = false;
  for (let i = 0; i < main.length && !regularStarted; i++) regularStarted = !!(main[i].state.running || main[i].state.terminated || main[i].lastState?.terminated);
  let initialized: Json;
  if (phase === 'Succeeded') initialized = condition(oldConds, now, 'Initialized', 'True', 'PodCompleted');
  else if (incomplete !== undefined && !regularStarted) initialized = condition(oldConds, now, 'Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: [${incomplete}]`);
  else initialized = condition(oldConds, now, 'Initialized', 'True');
  // ContainersReady / Ready: status, reason and message of ContainersReady, then Ready's.
  let readyStatus = 'True';
  let readyReason: string | undefined;
  let readyMessage: string | undefined;
  if (phase === 'Succeeded' || phase === 'Failed') {
    readyStatus = 'False';
    readyReason = phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
  } else {
    let unready: string | undefined;
    for (let i = 0; i < initSpecs.length; i++) {
      const c = initSpecs[i];
      if (isRestartable(c) && !(statusNamed(init, c.name) ?? statusNamed(main, c.name))?.ready) unready = unready === undefined ? c.name : `${unready} ${c.name}`;
    }
    for (let i = 0; i < appSpecs.length; i++) {
      const c = appSpecs[i];
      if (!(statusNamed(init, c.name) ?? statusNamed(main, c.name))?.ready) unready = unready === undefined ? c.name : `${unready} ${c.name}`;
    }
    if (unready !== undefined) {
      readyStatus = 'False';
      readyReason = 'ContainersNotReady';
      readyMessage = `containers with unready status: [${unready}]`;
    }
  }
  let podReadyStatus = readyStatus;
  let podReadyReason = readyReason;
  let podReadyMessage = readyMessage;
  if (readyStatus === 'True' && spec.readinessGates) {
    const gates: string[] = [];
    for (const g of spec.readinessGates ?? NO_CONTAINERS) {
      const c = oldConds.find((x: Json) => x.type === g.conditionType);
      if (!c) gates.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`);
      else if (c.status !== 'True') gates.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`);
    }
    if (gates.length > 0) {
      podReadyStatus = 'False';
      podReadyReason = 'ReadinessGatesNotReady';
      podReadyMessage = gates.join(', ');
    }
  }
  const podReady = condition(oldConds, now, 'Ready', podReadyStatus, podReadyReason, podReadyMessage);
  const containersReady = condition(oldConds, now, 'ContainersReady', readyStatus, readyReason, readyMessage);
  const scheduled = condition(oldConds, now, 'PodScheduled', 'True');
  let foreign = 0;
  for (let i = 0; i < oldConds.length; i++) if (!isKubeletCondition(oldConds[i].type)) foreign++;
  let conditions: Json[];
  if (foreign === 0) conditions = [readyToStart, initialized, podReady, containersReady, scheduled];
  else {
    conditions = [];
    for (let i = 0; i < oldConds.length; i++) if (!isKubeletCondition(oldConds[i].type)) conditions.push(oldConds[i]);
    conditions.push(readyToStart, initialized, podReady, containersReady, scheduled);
  }

  // Keys in the order written before (conditions … startTime, init statuses, pod IPs, carried
  // over fields); absent ones are left out rather than deleted (a delete slows the object).
  const startTime = ps.startTimeMs !== undefined ? rfc3339(ps.startTimeMs) : old.startTime;
  const ip = ps.sandbox?.ip ?? old.podIP;
  const carried = old.nominatedNodeName !== undefined || old.reason !== undefined || old.message !== undefined || old.resize !== undefined || old.ephemeralContainerStatuses !== undefined;
  // The usual shapes (a QoS class, a start time, no init containers, nothing carried over; with
  // or without a pod IP yet) as single literals: the same keys in the same order, without the
  // property additions below (each pod writes two statuses).
  if (old.qosClass !== undefined && startTime !== undefined && !hasInit && !carried) {
    if (ip) return { conditions, containerStatuses: main, hostIP: inp.hostIP, hostIPs: inp.hostIPs ?? [{ ip: inp.hostIP }], phase, qosClass: old.qosClass, startTime, podIP: ip, podIPs: [{ ip }] };
    return { conditions, containerStatuses: main, hostIP: inp.hostIP, hostIPs: inp.hostIPs ?? [{ ip: inp.hostIP }], phase, qosClass: old.qosClass, startTime };
  }
  const status: Json = { conditions, containerStatuses: main, hostIP: inp.hostIP, hostIPs: inp.hostIPs ?? [{ ip: inp.hostIP }], phase };
  if (old.qosClass !== undefined) status.qosClass = old.qosClass;
  if (startTime !== undefined) status.startTime = startTime;
  if (hasInit) status.initContainerStatuses = init;
  if (ip) {
    status.podIP = ip;
    status.podIPs = [{ ip }];
  }
  // Named reads, in CARRIED_OVER's order (a keyed read per name missed the engine's caches).
  if (old.nominatedNodeName !== undefined) status.nominatedNodeName = old.nominatedNodeName;
  if (old.reason !== undefined) status.reason = old.reason;
  if (old.message !== undefined) status.message = old.message;
  if (old.resize !== undefined) status.resize = old.resize;
  if (old.ephemeralContainerStatuses !== undefined) status.ephemeralContainerStatuses = old.ephemeralContainerStatuses;
  return status;
}
