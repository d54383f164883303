// `kubectl describe pod` (describe.go describePod, describeContainers, describeVolumes) in the
// v1.32 layout.
import type { KObject } from '../../api/types';
import { podQOSClass } from '../../api/qos';
import { parseQuantity } from '../../api/quantity';
import { controlledBy, describeEvents, goSorted, eventsFor, lastsFor, printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline, rfc1123z } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString, type PrefixWriter } from './writer';
import { describeVolumes } from './volumes';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const byteCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function describePod(ctx: DescribeContext, pod: KObject): string {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    w.write(LEVEL_0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', pod.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
    if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${lastsFor(pod.metadata.deletionTimestamp, ctx.nowMs)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    const ips: Json[] = status.podIPs ?? [];
    if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
    }
    const owner = controlledBy(pod);
    if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(w, spec.resources, LEVEL_1);
    }
    if ((spec.initContainers ?? []).length > 0) describeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses, pod);
    describeContainers(w, 'Containers', spec.containers ?? [], status.containerStatuses, pod);
    if ((spec.ephemeralContainers ?? []).length > 0) describeContainers(w, 'Ephemeral Containers', spec.ephemeralContainers, status.ephemeralContainerStatuses, pod);
    if ((spec.readinessGates ?? []).length > 0) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of spec.readinessGates) {
        const c = (status.conditions ?? []).find((x: Json) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
      }
    }
    if ((status.conditions ?? []).length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(w, spec.volumes ?? []);
    w.write(LEVEL_0, `QoS Class:\t${status.qosClass || podQOSClass(spec)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
    describeTopologySpread(w, spec.topologySpreadConstraints);
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, pod), ctx.nowMs);
  });
}

function describeTopologySpread(w: PrefixWriter, tscs: Json[] | undefined): void {
  if (!tscs || tscs.length === 0) return;
  const list = [...tscs].sort((a, b) => byteCompare(a.topologyKey ?? '', b.topologyKey ?? ''));
  w.write(LEVEL_0, 'Topology Spread Constraints:\t');
  list.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    let s = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`;
    const sel = t.labelSelector;
    if (sel) {
      const parts = [
        ...Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
        ...(sel.matchExpressions ?? []).map((e: Json) => `${e.key} ${e.operator.toLowerCase() === 'in' ? 'in' : e.operator.toLowerCase() === 'notin' ? 'notin' : e.operator === 'Exists' ? '' : '!'}${e.values ? ` (${e.values.join(',')})` : ''}`.trim()),
      ].sort();
      s += ` for selector ${parts.length ? parts.join(',') : '<none>'}`;
    }
    w.write(LEVEL_0, `${s}\n`);
  });
}

export function describeResources(w: PrefixWriter, res: Json, level: number): void {
  if (!res) return;
  const limits = res.limits ?? {};
  const requests = res.requests ?? {};
  if (Object.keys(limits).length > 0) w.write(level, 'Limits:\n');
  for (const k of Object.keys(limits).sort(byteCompare)) w.write(level + 1, `${k}:\t${limits[k]}\n`);
  if (Object.keys(requests).length > 0) w.write(level, 'Requests:\n');
  for (const k of Object.keys(requests).sort(byteCompare)) w.write(level + 1, `${k}:\t${requests[k]}\n`);
}

function describeContainers(w: PrefixWriter, label: string, containers: Json[], statuses: Json[] | undefined, pod: KObject): void {
  w.write(LEVEL_0, `${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const st = (statuses ?? []).find((s: Json) => s.name === c.name);
    w.write(LEVEL_1, `${c.name}:\n`);
    if (st) w.write(LEVEL_2, `Container ID:\t${st.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
    if (st) w.write(LEVEL_2, `Image ID:\t${st.imageID ?? ''}\n`);
    const ports = (c.ports ?? []).map((p: Json) => `${p.containerPort}/${p.protocol ?? ''}`).join(', ');
    w.write(LEVEL_2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
    const hostPorts = (c.ports ?? []).map((p: Json) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ');
    w.write(LEVEL_2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
    const sec = c.securityContext?.seccompProfile;
    if (sec) {
      w.write(LEVEL_2, `SeccompProfile:\t${sec.type}\n`);
      if (sec.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${sec.localhostProfile}\n`);
    }
    if ((c.command ?? []).length > 0) {
      w.write(LEVEL_2, 'Command:\n');
      for (const x of c.command) for (const s of String(x).split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if ((c.args ?? []).length > 0) {
      w.write(LEVEL_2, 'Args:\n');
      for (const x of c.args) for (const s of String(x).split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (st) {
      describeState(w, 'State', st.state ?? {});
      if (st.lastState?.terminated) describeState(w, 'Last State', st.lastState);
      w.write(LEVEL_2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
      w.write(LEVEL_2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    describeResources(w, c.resources, LEVEL_2);
    if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if ((c.envFrom ?? []).length > 0) {
      w.write(LEVEL_2, 'Environment Variables from:\n');
      for (const e of c.envFrom) {
        const ref = e.configMapRef ?? e.secretRef ?? {};
        const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
        const opt = ref.optional === true;
        w.write(LEVEL_3, e.prefix ? `${ref.name ?? ''}\t${from} with prefix '${e.prefix}'\tOptional: ${opt}\n` : `${ref.name ?? ''}\t${from}\tOptional: ${opt}\n`);
      }
    }
    describeEnv(w, c, pod);
    const mounts = goSorted(c.volumeMounts ?? [], (a: Json, b: Json) => (a.mountPath ?? '') < (b.mountPath ?? ''));
    w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path="${m.subPath}"`] : [])];
      w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
    if ((c.volumeDevices ?? []).length > 0) {
      w.write(LEVEL_2, 'Devices:\n');
      for (const d of [...c.volumeDevices].sort((a: Json, b: Json) => byteCompare(a.devicePath, b.devicePath))) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
    }
  }
}

function describeState(w: PrefixWriter, name: string, state: Json): void {
  if (state.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

/** DescribeProbe: `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(p: Json): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const h = p.httpGet;
    const port = h.port === undefined || h.port === null ? '' : String(h.port);
    const host = port ? `${h.host && h.host.includes(':') ? `[${h.host}]` : (h.host ?? '')}:${port}` : (h.host ?? '');
    return `http-get ${String(h.scheme ?? '').toLowerCase()}://${host}${h.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeEnv(w: PrefixWriter, c: Json, pod: KObject): void {
  const env: Json[] = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const vf = e.valueFrom;
    if (!vf) {
      String(e.value ?? '').split('\n').forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
    } else if (vf.fieldRef) {
      w.write(LEVEL_3, `${e.name}:\t${fieldValue(pod, vf.fieldRef.fieldPath)} (${vf.fieldRef.apiVersion ?? ''}:${vf.fieldRef.fieldPath})\n`);
    } else if (vf.resourceFieldRef) {
      const [kind, name] = String(vf.resourceFieldRef.resource ?? '').split('.');
      const q = parseQuantity(c.resources?.[kind]?.[name]);
      const divisor = parseQuantity(vf.resourceFieldRef.divisor) || 1;
      let v = q === undefined ? '0' : String(Math.ceil(q / divisor - 1e-9));
      if (v === '0' && (vf.resourceFieldRef.resource === 'limits.cpu' || vf.resourceFieldRef.resource === 'limits.memory')) v = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${v} (${vf.resourceFieldRef.resource})\n`);
    } else if (vf.secretKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${vf.secretKeyRef.optional === true}\n`);
    } else if (vf.configMapKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${vf.configMapKeyRef.optional === true}\n`);
    }
  }
}

function fieldValue(pod: KObject, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (pod.metadata[m[1] as 'labels'] ?? {})[m[2]] ?? '';
  const map: Record<string, unknown> = {
    'metadata.name': pod.metadata.name, 'metadata.namespace': pod.metadata.namespace, 'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec?.nodeName, 'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.podIP': pod.status?.podIP, 'status.hostIP': pod.status?.hostIP,
  };
  return String(map[path] ?? '');
}

registerDescriber('Pod', describePod);
