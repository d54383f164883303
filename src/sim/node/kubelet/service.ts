// What the kubelets serve besides the API: container logs and exec (for kubectl, through the
// API server's pod subresources) and resource usage (the `metrics` service, what metrics-server
// scrapes). Errors are the API server's/kubelet's messages.
import type { ContainerUsage, MetricsSource } from '../../metrics';
import type { Line } from '../runtime/shell/interp';
import { stableHex } from '../images/reference';
import type { ExecResult } from '../runtime/runtime';
import type { PodHttpBackend } from '../../network/backends';
import type { Kubelets } from './kubelet';
import type { PodState } from './state';

export const KUBELET_SERVICE = 'kubelet';
export { POD_HTTP_SERVICE } from '../../network/backends';

export type ServerError = { error: string; reason: '' | 'BadRequest' | 'NotFound' };

export type ExecOutcome =
  | { kind: 'ok'; result: ExecResult }
  /** The kubelet refused the stream: `unable to upgrade connection: …`. */
  | { kind: 'upgrade'; message: string }
  /** The runtime could not start the command: `Internal error occurred: …`. */
  | { kind: 'internal'; message: string }
  | ({ kind: 'server' } & ServerError);

export interface KubeletService {
  /** A container's log lines (`previous`: the instance before the current one). */
  containerLogs(namespace: string, pod: string, container: string, previous: boolean): { lines: Line[]; running: boolean; containerId: string } | ServerError;
  /** Runs a command in a running container; its duration is virtual time the caller waits. */
  exec(namespace: string, pod: string, container: string, argv: string[], stdin: string[] | undefined, maxMs: number): ExecOutcome;
  /** The container's current instance, if any. */
  currentContainer(namespace: string, pod: string, container: string): { id: string; running: boolean } | undefined;
}

/** Metrics appear once a pod has been scraped twice (metrics-server's 15 s resolution). */
const METRICS_DELAY_MS = 20_000;
const SCRAPE_MS = 15_000;

function nodeUnreachable(k: Kubelets, node: string, path: string): ServerError | undefined {
  const s = k.agents.get(node);
  const ip = k.hostIP(node);
  const url = `Get "https://${ip}:10250/${path}"`;
  if (!s.powered) return { error: `${url}: dial tcp ${ip}:10250: connect: no route to host`, reason: '' };
  if (!s.kubeletRunning) return { error: `${url}: dial tcp ${ip}:10250: connect: connection refused`, reason: '' };
  return undefined;
}

function waitingMessage(reason: string, container: string, pod: string): string {
  if (reason === 'ErrImagePull') return `container "${container}" in pod "${pod}" is waiting to start: image can't be pulled`;
  if (reason === 'ImagePullBackOff') return `container "${container}" in pod "${pod}" is waiting to start: trying and failing to pull image`;
  return `container "${container}" in pod "${pod}" is waiting to start: ${reason}`;
}

export function kubeletService(k: Kubelets): KubeletService {
  const find = (namespace: string, name: string): { ps?: PodState; error?: ServerError } => {
    const pod = k.host.store.get('/Pod', namespace, name);
    if (!pod) return { error: { error: `pods "${name}" not found`, reason: 'NotFound' } };
    const ps = k.nodes[pod.spec?.nodeName ?? '']?.pods[pod.metadata.uid!];
    return { ps };
  };
  return {
    containerLogs(namespace, name, container, previous) {
      const pod = k.host.store.get('/Pod', namespace, name);
      if (!pod) return { error: `pods "${name}" not found`, reason: 'NotFound' };
      const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c: { name: string }) => c.name);
      if (!all.includes(container)) return { error: `container ${container} is not valid for pod ${name}`, reason: 'BadRequest' };
      if (!pod.spec?.nodeName) return { lines: [], running: false, containerId: '' };
      const down = nodeUnreachable(k, pod.spec.nodeName, `containerLogs/${namespace}/${name}/${container}`);
      if (down) return down;
      const { ps } = find(namespace, name);
      const slot = ps?.slots[container];
      const cur = k.runtime.get(slot?.current);
      if (previous) {
        const prev = k.runtime.get(slot?.previous);
        if (!prev) return { error: `previous terminated container "${container}" in pod "${name}" not found`, reason: 'BadRequest' };
        return { lines: k.runtime.logs(prev, k.now()), running: false, containerId: prev.id };
      }
      if (!cur) {
        const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
        const reason = statuses.find((s: { name: string }) => s.name === container)?.state?.waiting?.reason ?? slot?.waiting?.reason;
        if (reason) return { error: waitingMessage(reason, container, name), reason: 'BadRequest' };
        return { error: `container "${container}" in pod "${name}" is waiting to start - no logs yet`, reason: 'BadRequest' };
      }
      return { lines: k.runtime.logs(cur, k.now()), running: cur.state === 'running', containerId: cur.id };
    },
    exec(namespace, name, container, argv, stdin, maxMs) {
      const pod = k.host.store.get('/Pod', namespace, name);
      if (!pod) return { kind: 'server', error: `pods "${name}" not found`, reason: 'NotFound' };
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return { kind: 'server', error: `cannot exec into a container in a completed pod; current phase is ${phase}`, reason: 'BadRequest' };
      const { ps } = find(namespace, name);
      const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c: { name: string }) => c.name);
      if (pod.spec?.nodeName) {
        const down = nodeUnreachable(k, pod.spec.nodeName, 'exec');
        if (down) return { kind: 'server', error: `error dialing backend: ${down.error.replace(/^Get "[^"]*": /, '')}`, reason: '' };
      }
      const rec = k.runtime.get(ps?.slots[container]?.current);
      if (!all.includes(container) || !rec || rec.state !== 'running') return { kind: 'upgrade', message: `container not found ("${container}")` };
      const r = k.runtime.exec(rec, argv, k.now(), stdin, maxMs);
      if (r.error) return { kind: 'internal', message: `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${stableHex(`${rec.id}/exec/${k.now()}`)}": ${r.error}` };
      k.hooks.scheduleExit(ps!, ps!.slots[container], rec);
      return { kind: 'ok', result: r };
    },
    currentContainer(namespace, name, container) {
      const { ps } = find(namespace, name);
      const rec = k.runtime.get(ps?.slots[container]?.current);
      return rec ? { id: rec.id, running: rec.state === 'running' } : undefined;
    },
  };
}

export function metricsSource(k: Kubelets): MetricsSource {
  const scrapeTime = () => Math.floor(k.now() / SCRAPE_MS) * SCRAPE_MS;
  const jitter = (id: string, t: number, span: number) => (parseInt(stableHex(`${id}@${t}`, 4), 16) % (2 * span + 1)) - span;
  const podUsage = (ps: PodState): ContainerUsage[] | undefined => {
    const out: ContainerUsage[] = [];
    const t = scrapeTime();
    for (const c of ps.pod.spec?.containers ?? []) {
      const rec = k.runtime.get(ps.slots[c.name]?.current);
      if (!rec || rec.state !== 'running' || t - rec.startedAtMs < METRICS_DELAY_MS) continue;
      const u = k.runtime.usage(rec, t);
      out.push({ name: c.name, cpuMilli: Math.max(0, u.cpuMilli + (u.cpuMilli > 0 ? jitter(rec.id, t, Math.ceil(u.cpuMilli / 20)) : 0)), memoryBytes: Math.max(0, u.memoryBytes + jitter(rec.id, t, Math.round(u.memoryBytes / 50))) });
    }
    return out.length > 0 ? out : undefined;
  };
  return {
    podMetrics(namespace, name) {
      const pod = k.host.store.get('/Pod', namespace, name);
      const ps = pod && k.nodes[pod.spec?.nodeName ?? '']?.pods[pod.metadata.uid!];
      if (!ps || !k.active(ps.node)) return undefined;
      const containers = podUsage(ps);
      return containers ? { containers, timestampMs: scrapeTime() } : undefined;
    },
    nodeMetrics(name) {
      if (!k.nodeObj(name) || !k.active(name)) return undefined;
      const n = k.nodes[name];
      let cpu = name.endsWith('control-plane') ? 90 : 20;
      let mem = (name.endsWith('control-plane') ? 560 : 210) * 1024 * 1024;
      for (const ps of Object.values(n?.pods ?? {})) {
        for (const s of Object.values(ps.slots)) {
          const rec = k.runtime.get(s.current);
          if (rec?.state !== 'running') continue;
          const u = k.runtime.usage(rec, scrapeTime());
          cpu += u.cpuMilli;
          mem += u.memoryBytes;
        }
      }
      const t = scrapeTime();
      return { cpuMilli: cpu + Math.abs(jitter(name, t, 4)), memoryBytes: mem + jitter(name, t, 4 * 1024 * 1024), timestampMs: t };
    },
  };
}

/** What src/sim/network asks the runtime when a connection reaches a pod (`podHttp`). */
export function podHttpBackend(k: Kubelets): PodHttpBackend {
  return {
    serveHttp(req) {
      const ps = k.podByUid(req.pod.metadata.uid ?? '');
      if (!ps) return undefined;
      if (!k.agents.get(ps.node).powered) return { kind: 'timeout' };
      const now = k.now();
      const target = Object.values(ps.slots).map((s) => k.runtime.get(s.current)).find((r) => r && k.runtime.eval.listens(r, req.port, now));
      if (!target) return { kind: 'refused' };
      const r = k.runtime.http(target, req.port, { method: req.method, path: req.path, body: req.body, userAgent: req.userAgent }, now, req.clientIP);
      if (r.status === undefined) return r.reason === 'refused' ? { kind: 'refused' } : { kind: 'timeout' };
      return { kind: 'response', status: r.status, body: r.body ?? '' };
    },
  };
}
