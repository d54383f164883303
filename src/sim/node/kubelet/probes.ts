// The prober (pkg/kubelet/prober): one worker per container and probe type, first tick at a
// random fraction of the period, then every period; initialDelaySeconds; consecutive-result
// thresholds; startup gating; Unhealthy events; liveness/startup failures kill the container,
// readiness flips Ready/ContainersReady.
import type { ContainerRecord } from '../runtime/runtime';
import type { Kubelets } from './kubelet';
import { gatewayIP } from './network';
import type { PodState, ProbeState, ProbeType, Slot } from './state';
import { stopContainer } from './lifecycle';
import { faultedProbeOutput, probeFaulted } from './faults';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const TYPES: ProbeType[] = ['startup', 'liveness', 'readiness'];
const TITLE: Record<ProbeType, string> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };
const INITIAL: Record<ProbeType, ProbeState['result']> = { startup: 'unknown', liveness: 'success', readiness: 'failure' };

/** The container's probe of a type (named reads: no key string built per probe tick). */
function probeOf(c: Json, type: ProbeType): Json | undefined {
  if (!c) return undefined;
  return type === 'startup' ? c.startupProbe : type === 'liveness' ? c.livenessProbe : c.readinessProbe;
}

export function startProbes(k: Kubelets, ps: PodState, slot: Slot, rec: ContainerRecord): void {
  const c = k.containerSpec(ps, slot.name);
  for (const type of TYPES) {
    const p = probeOf(c, type);
    if (!p) continue;
    const prev = slot.probes[type];
    if (!prev || prev.containerId !== rec.id) slot.probes[type] = { result: INITIAL[type], successes: 0, failures: 0, containerId: rec.id, onHold: false };
    else prev.onHold = false;
    const periodMs = (p.periodSeconds ?? 10) * 1000;
    k.schedule('kubelet.probe', k.now() + k.host.rng.int(periodMs), { node: ps.node, uid: ps.uid, id: rec.id, container: slot.name, type });
  }
}

/** `kubelet.probe`: one probe tick. */
export function onProbe(k: Kubelets, d: { node: string; uid: string; id: string; container: string; type: ProbeType }): void {
  const ps = k.nodes[d.node]?.pods[d.uid];
  const slot = ps?.slots[d.container];
  const st = slot?.probes[d.type];
  const rec = k.runtime.get(d.id);
  if (!ps || !slot || !st || st.onHold || st.containerId !== d.id || slot.current !== d.id || rec?.state !== 'running') return;
  if (!k.active(ps.node) || ps.terminating) return;
  const c = k.containerSpec(ps, slot.name);
  const p = probeOf(c, d.type);
  if (!p) return;
  k.schedule('kubelet.probe', k.now() + (p.periodSeconds ?? 10) * 1000, d);
  if (d.type !== 'startup' && probeOf(c, 'startup') && slot.probes.startup?.result !== 'success') return;
  if (d.type === 'startup' && st.result === 'success') return;
  if (k.now() < rec.startedAtMs + (p.initialDelaySeconds ?? 0) * 1000) return;

  // A simulator fault answers for the handler; the counting below is the prober's as ever.
  const r = probeFaulted(ps, slot.name, d.type) ? { ok: false, output: faultedProbeOutput(c, p, rec.spec.podIP, portOf) } : runProbe(k, ps, rec, c, p);
  let changed = false;
  if (r.ok) {
    st.successes++;
    st.failures = 0;
    if (st.successes >= (p.successThreshold ?? 1) && st.result !== 'success') {
      st.result = 'success';
      changed = true;
    }
  } else {
    st.failures++;
    st.successes = 0;
    k.event(ps, 'Warning', 'Unhealthy', `${TITLE[d.type]} probe failed: ${r.output}`, slot.name);
    if (st.failures >= (p.failureThreshold ?? 3) && st.result !== 'failure') {
      st.result = 'failure';
      changed = true;
    }
  }
  if (!changed) return;
  if ((d.type === 'liveness' || d.type === 'startup') && st.result === 'failure') {
    st.onHold = true;
    const grace = (p.terminationGracePeriodSeconds ?? ps.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    stopContainer(k, ps, slot, rec, grace, `Container ${slot.name} failed ${d.type} probe, will be restarted`);
    return;
  }
  k.updateStatus(ps);
  if (d.type === 'startup') k.markChanged(ps);
}

function portOf(c: Json, port: unknown): number {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  const named = (c.ports ?? []).find((p: Json) => p.name === port);
  return named?.containerPort ?? 0;
}

function runProbe(k: Kubelets, ps: PodState, rec: ContainerRecord, c: Json, p: Json): { ok: boolean; output: string } {
  const now = k.now();
  const ip = rec.spec.podIP;
  const pod = Object.values(ps.slots).map((s) => k.runtime.get(s.current)).filter((r): r is ContainerRecord => r?.state === 'running');
  if (p.exec) {
    const r = k.runtime.exec(rec, p.exec.command ?? [], now, undefined, (p.timeoutSeconds ?? 1) * 1000);
    const out = r.error ?? r.lines.map((l) => l.text).join('\n');
    return { ok: !r.error && r.code === 0, output: out };
  }
  if (p.httpGet) {
    const port = portOf(c, p.httpGet.port);
    const path = p.httpGet.path ?? '/';
    const host = p.httpGet.host || ip;
    const url = `${(p.httpGet.scheme ?? 'HTTP').toLowerCase()}://${host}:${port}${path}`;
    const target = pod.find((r) => k.runtime.eval.listens(r, port, now));
    if (!target) return { ok: false, output: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused` };
    const client = ps.pod.spec?.hostNetwork ? k.hostIP(ps.node) : gatewayIP(k.nodeObj(ps.node));
    const res = k.runtime.http(target, port, { method: 'GET', path, userAgent: 'kube-probe/1.32' }, now, client);
    if (res.status === undefined) return { ok: false, output: `Get "${url}": ${res.reason === 'empty' ? 'EOF' : `dial tcp ${host}:${port}: connect: connection refused`}` };
    const ok = res.status >= 200 && res.status < 400;
    return { ok, output: ok ? '' : `HTTP probe failed with statuscode: ${res.status}` };
  }
  if (p.tcpSocket) {
    const port = portOf(c, p.tcpSocket.port);
    const host = p.tcpSocket.host || ip;
    const ok = pod.some((r) => k.runtime.eval.listens(r, port, now));
    return { ok, output: ok ? '' : `dial tcp ${host}:${port}: connect: connection refused` };
  }
  if (p.grpc) {
    const port = p.grpc.port;
    const target = pod.find((r) => k.runtime.eval.listens(r, port, now));
    if (!target) return { ok: false, output: `timeout: failed to connect service "${ip}:${port}" within ${p.timeoutSeconds ?? 1}s: context deadline exceeded` };
    const grpc = k.runtime.eval.plan(target).app?.grpcHealth;
    return { ok: !!grpc, output: grpc ? '' : 'rpc error: code = Unimplemented desc = unknown service grpc.health.v1.Health' };
  }
  return { ok: true, output: '' };
}
