// Containers ending and being stopped: natural exits (scheduled from the process's behaviour),
// kills (preStop hook, stop signal, SIGKILL after the grace period), graceful pod termination
// ending in the kubelet's grace-0 delete, pods that reached a terminal phase, pods removed from
// the API, and adopting the pods the bootstrap created already running.
import { parseTime } from '../../core/time';
import type { KObject } from '../../api/types';
import { resolveImage, imageSizeBytes } from '../images/reference';
import type { ContainerRecord } from '../runtime/runtime';
import { containerArgv } from '../runtime/program';
import { containerEnv } from './env';
import type { Kubelets } from './kubelet';
import { releaseIP } from './network';
import { formatPod, type PodState, type Slot } from './state';
import { ensureSlot } from './worker';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const MIN_GRACE_MS = 2000;

/** Schedules the current container's natural exit (or a later re-check of it). */
export function scheduleExit(k: Kubelets, ps: PodState, slot: Slot, rec: ContainerRecord): void {
  const r = k.runtime.eval.naturalExit(rec, k.now());
  if (slot.exitAtMs !== undefined || r) k.host.cancel((t, d) => (t === 'kubelet.exit' || t === 'kubelet.exitcheck') && (d as { id?: string }).id === rec.id, { types: ['kubelet.exit', 'kubelet.exitcheck'] });
  slot.exitAtMs = undefined;
  if (!r) return;
  if ('recheckAtMs' in r) {
    k.schedule('kubelet.exitcheck', Math.max(r.recheckAtMs, k.now() + 1000), { node: ps.node, uid: ps.uid, id: rec.id });
    return;
  }
  slot.exitAtMs = r.atMs;
  k.schedule('kubelet.exit', r.atMs, { node: ps.node, uid: ps.uid, id: rec.id, atMs: r.atMs });
}

function slotOf(ps: PodState, id: string): Slot | undefined {
  return Object.values(ps.slots).find((s) => s.current === id);
}

/** `kubelet.exit`: the process ends by itself. */
export function onExit(k: Kubelets, d: { node: string; uid: string; id: string; atMs: number }): void {
  const ps = k.nodes[d.node]?.pods[d.uid];
  const slot = ps && slotOf(ps, d.id);
  const rec = k.runtime.get(d.id);
  if (!ps || !slot || !rec || rec.state !== 'running' || slot.exitAtMs !== d.atMs) return;
  const r = k.runtime.eval.naturalExit(rec, k.now());
  if (!r || 'recheckAtMs' in r || r.atMs !== d.atMs) {
    scheduleExit(k, ps, slot, rec);
    return;
  }
  k.runtime.exited(rec, r.atMs, r.code, r.reason, r.message);
  containerEnded(k, ps, slot, rec);
}

/** `kubelet.exitcheck`: the process ran past the evaluation's lookahead; look further. */
export function onExitCheck(k: Kubelets, d: { node: string; uid: string; id: string }): void {
  const ps = k.nodes[d.node]?.pods[d.uid];
  const slot = ps && slotOf(ps, d.id);
  const rec = k.runtime.get(d.id);
  if (ps && slot && rec?.state === 'running' && !slot.killing) scheduleExit(k, ps, slot, rec);
}

function containerEnded(k: Kubelets, ps: PodState, slot: Slot, rec: ContainerRecord): void {
  slot.exitAtMs = undefined;
  slot.killing = false;
  for (const p of Object.values(slot.probes)) if (p) p.onHold = true;
  k.host.cancel((t, d) => (t === 'kubelet.probe' || t === 'kubelet.exit' || t === 'kubelet.exitcheck') && (d as { id?: string }).id === rec.id, { types: ['kubelet.probe', 'kubelet.exit', 'kubelet.exitcheck'] });
  if (!k.active(ps.node)) return;
  if (ps.terminating) checkTermination(k, ps);
  else k.markChanged(ps);
}

/** Kills a container: Killing event, preStop hook, stop signal, SIGKILL at the end of the grace period. */
export function stopContainer(k: Kubelets, ps: PodState, slot: Slot, rec: ContainerRecord, graceMs: number, message: string): void {
  if (rec.state !== 'running') return;
  k.event(ps, 'Normal', 'Killing', message, slot.name);
  const now = k.now();
  let hookMs = 0;
  const c = k.containerSpec(ps, slot.name);
  const pre = c?.lifecycle?.preStop;
  if (pre && graceMs > 0) {
    if (pre.sleep) hookMs = Math.min((pre.sleep.seconds ?? 0) * 1000, graceMs);
    else if (pre.exec?.command) {
      const r = k.runtime.exec(rec, pre.exec.command, now, undefined, graceMs);
      hookMs = Math.min(r.durationMs, graceMs);
      if (r.error || r.code !== 0) {
        const cmd = pre.exec.command.join(' ');
        const out = r.lines.map((l) => l.text).join('\n');
        k.event(ps, 'Warning', 'FailedPreStopHook', `Exec lifecycle hook ([${cmd}]) for Container "${slot.name}" in Pod "${formatPod(ps)}" failed - error: command '${cmd}' exited with ${r.error ? 126 : r.code}: ${out}, message: "${out}"`, slot.name);
      }
    } else if (pre.httpGet) {
      const port = typeof pre.httpGet.port === 'number' ? pre.httpGet.port : Number((c.ports ?? []).find((p: Json) => p.name === pre.httpGet.port)?.containerPort);
      k.runtime.http(rec, port, { method: 'GET', path: pre.httpGet.path ?? '/', userAgent: 'kube-lifecycle/1.32' }, now, rec.spec.podIP);
    }
  }
  const sigAt = now + hookMs;
  const killAt = sigAt + Math.max(graceMs - hookMs, MIN_GRACE_MS);
  const stop = k.runtime.stopBehaviour(rec);
  let exitAt = killAt;
  let code = 137;
  if (!stop.ignores && sigAt + stop.afterMs <= killAt) {
    exitAt = sigAt + stop.afterMs;
    code = 0;
    k.runtime.logStop(rec, sigAt);
  }
  rec.stopSignalAtMs = sigAt;
  slot.killing = true;
  for (const p of Object.values(slot.probes)) if (p) p.onHold = true;
  k.host.cancel((t, d) => (t === 'kubelet.probe' || t === 'kubelet.stop') && (d as { id?: string }).id === rec.id, { types: ['kubelet.probe', 'kubelet.stop'] });
  k.schedule('kubelet.stop', exitAt, { node: ps.node, uid: ps.uid, id: rec.id, code });
}

/** `kubelet.stop`: a stopped container exits (on its stop signal, or SIGKILL). */
export function onStopped(k: Kubelets, d: { node: string; uid: string; id: string; code: number }): void {
  const ps = k.nodes[d.node]?.pods[d.uid];
  const rec = k.runtime.get(d.id);
  if (!ps || !rec || rec.state !== 'running') return;
  k.runtime.exited(rec, k.now(), d.code, d.code === 0 ? 'Completed' : 'Error');
  const slot = slotOf(ps, d.id);
  if (slot) containerEnded(k, ps, slot, rec);
  else if (ps.terminating) checkTermination(k, ps);
}

function running(k: Kubelets, ps: PodState, kinds: Slot['kind'][]): [Slot, ContainerRecord][] {
  return Object.values(ps.slots)
    .filter((s) => kinds.includes(s.kind))
    .map((s) => [s, k.runtime.get(s.current)] as [Slot, ContainerRecord | undefined])
    .filter((x): x is [Slot, ContainerRecord] => x[1]?.state === 'running');
}

function graceOf(ps: PodState): number {
  const g = ps.pod.metadata.deletionGracePeriodSeconds ?? ps.pod.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, g) * 1000;
}

/** A pod with a deletionTimestamp: stop everything, then confirm with a grace-0 delete. */
export function syncTerminating(k: Kubelets, ps: PodState): void {
  const now = k.now();
  const graceMs = graceOf(ps);
  if (!ps.terminating) {
    ps.terminating = { startedAtMs: now, deadlineMs: now + graceMs, gracePeriodS: graceMs / 1000, removed: false, sidecarsStopped: false };
    ps.op = undefined;
    ps.pendingSync = false;
    k.host.cancel((t, d) => (t === 'kubelet.work' || t === 'kubelet.resync') && (d as { uid?: string }).uid === ps.uid, { types: ['kubelet.work', 'kubelet.resync'] });
    for (const [s, rec] of running(k, ps, ['init', 'app'])) if (!s.killing) stopContainer(k, ps, s, rec, graceMs, `Stopping container ${s.name}`);
  } else if (!ps.terminating.removed && now + graceMs < ps.terminating.deadlineMs) {
    // Deleted again with a shorter grace period.
    ps.terminating.deadlineMs = now + graceMs;
    for (const [s, rec] of running(k, ps, ['init', 'app', 'sidecar'])) {
      const code = k.runtime.stopBehaviour(rec).ignores ? 137 : 0;
      k.host.cancel((t, d) => t === 'kubelet.stop' && (d as { id?: string }).id === rec.id, { types: ['kubelet.stop'] });
      k.schedule('kubelet.stop', now + Math.max(graceMs, MIN_GRACE_MS), { node: ps.node, uid: ps.uid, id: rec.id, code: code === 0 && graceMs > 0 ? 0 : 137 });
      s.killing = true;
    }
  }
  checkTermination(k, ps);
}

export function checkTermination(k: Kubelets, ps: PodState): void {
  const t = ps.terminating;
  if (!t) return;
  const regular = running(k, ps, ['init', 'app']);
  if (regular.length === 0 && !t.sidecarsStopped) {
    t.sidecarsStopped = true;
    const remaining = Math.max(t.deadlineMs - k.now(), 0);
    for (const [s, rec] of running(k, ps, ['sidecar'])) if (!s.killing) stopContainer(k, ps, s, rec, remaining, `Stopping container ${s.name}`);
  }
  if (running(k, ps, ['init', 'app', 'sidecar']).length > 0) return;
  removeSandbox(k, ps);
  if (t.removed) {
    k.forget(ps);
    return;
  }
  if (!k.canWrite(ps.node)) return;
  k.updateStatus(ps, true);
  k.deletePod(ps);
}

function removeSandbox(k: Kubelets, ps: PodState): void {
  if (!ps.sandbox) return;
  releaseIP(k.nodeState(ps.node), ps.sandbox.ip, ps.uid);
  ps.sandbox = undefined;
}

/** The pod is gone from the API (deleted after confirmation, or force-deleted while running). */
export function podRemoved(k: Kubelets, ps: PodState): void {
  const live = running(k, ps, ['init', 'app', 'sidecar']);
  if (live.length === 0) {
    k.forget(ps);
    return;
  }
  if (ps.terminating) {
    ps.terminating.removed = true;
    return;
  }
  const graceMs = Math.max(graceOf(ps), MIN_GRACE_MS);
  ps.terminating = { startedAtMs: k.now(), deadlineMs: k.now() + graceMs, gracePeriodS: graceMs / 1000, removed: true, sidecarsStopped: false };
  ps.op = undefined;
  for (const [s, rec] of live) if (s.kind !== 'sidecar') stopContainer(k, ps, s, rec, graceMs, `Stopping container ${s.name}`);
  checkTermination(k, ps);
}

/** Phase Succeeded/Failed: stop sidecars, tear down the sandbox. */
export function afterTerminal(k: Kubelets, ps: PodState): void {
  for (const [s, rec] of running(k, ps, ['sidecar', 'init', 'app'])) {
    if (!s.killing) stopContainer(k, ps, s, rec, (ps.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000, `Stopping container ${s.name}`);
  }
  removeSandbox(k, ps);
  ps.op = undefined;
  k.host.cancel((t, d) => (t === 'kubelet.resync' || t === 'kubelet.work') && (d as { uid?: string }).uid === ps.uid, { types: ['kubelet.resync', 'kubelet.work'] });
}

/** A pod the kubelet finds already running (the bootstrap's system pods): take over its containers. */
export function adopt(k: Kubelets, ps: PodState): boolean {
  const pod: KObject = ps.pod;
  // A new pod (nearly every one) has no container statuses: nothing to take over.
  if (!pod.status?.containerStatuses?.length) return false;
  const statuses: Json[] = pod.status.containerStatuses;
  const runningStatuses = statuses.filter((s) => s.state?.running && s.containerID);
  if (runningStatuses.length === 0 || pod.metadata.deletionTimestamp) return false;
  const n = k.nodeState(ps.node);
  const ip: string = pod.status?.podIP ?? '';
  if (ip && !pod.spec?.hostNetwork) {
    n.ips[ip] = ps.uid;
    const idx = Number(ip.split('.').pop());
    if (idx > n.lastIpIndex) n.lastIpIndex = idx;
  }
  ps.sandbox = { id: `adopted-${ps.uid}`, ip, createdAtMs: parseTime(pod.status?.startTime) ?? k.now() };
  ps.startTimeMs = parseTime(pod.status?.startTime);
  for (const st of runningStatuses) {
    const c = (pod.spec?.containers ?? []).find((x: Json) => x.name === st.name);
    if (!c) continue;
    const slot = ensureSlot(ps, c.name, 'app');
    slot.restartCount = st.restartCount ?? 0;
    const res = resolveImage(c.image);
    if (res.kind !== 'invalid') n.images[res.ref.normalized] = { sizeBytes: imageSizeBytes(res.ref, res.kind === 'known' ? res.entry : undefined), pulledAtMs: k.now() };
    const env = containerEnv(k.host.store, pod, c, ip, k.hostIP(ps.node), { cpu: 0, memory: 0 });
    const rec: ContainerRecord = {
      id: String(st.containerID).replace(/^containerd:\/\//, ''),
      podUid: ps.uid, podKey: `${ps.namespace}/${ps.name}`, node: ps.node, name: c.name,
      spec: k.processSpec(ps, c, containerArgv(c.image, c.command, c.args), 'error' in env ? [] : env.env, ip),
      mounts: (c.volumeMounts ?? []).map((m: Json) => ({ mountPath: m.mountPath, volume: m.name })),
      startedAtMs: parseTime(st.state.running.startedAt) ?? k.now(),
      state: 'running', requests: 0, data: {}, extraLogs: [], execOps: [],
    };
    k.runtime.add(rec);
    slot.current = rec.id;
    scheduleExit(k, ps, slot, rec);
    k.hooks.startProbes(ps, slot, rec);
  }
  return true;
}
