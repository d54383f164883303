// The traffic generator: named clients that send N requests per second (virtual time) to a URL —
// a Service name or ClusterIP, a NodeIP:nodePort, a load-balancer IP, an Ingress host — from
// outside the cluster or from a pod. Each request goes through the `network` service and records
// which pod answered, the status and latency, or why it failed. Clients keep aggregates since
// their start, and a bounded ring of recent requests feeds the UI's animated dots.
//
// The API the UI's network view reads (through the worker, `host.service('traffic')`):
// - `since(seq)` → `{ records, lastSeq, dropped }`: the requests after sequence number `seq`
//   (oldest first; pass the returned `lastSeq` next time). The ring keeps the last
//   RECENT_CAPACITY requests; `dropped` counts those after `seq` that already fell out of it.
//   `recent(seq)` is the same without the bookkeeping.
// - A record (`TrafficRequest`) is compact: `seq`, `atMs` (virtual), `client` (generator name),
//   `from` (`namespace/pod`, absent = outside the cluster), `to` (the URL), `via` (ClusterIP,
//   NodePort, LoadBalancer, Ingress, PortForward, PodIP…), `service`/`ingress` (`namespace/name`),
//   `pod` + `podUid` + `node` (who answered or was tried), then `status` or `reason`, `latencyMs`.
// - `stats(windowMs?)` → per generator: totals since start, success rate, failures by reason,
//   answers per pod (by `namespace/name` and by uid) and, with `windowMs`, the same rate over
//   the last `windowMs` of virtual time (from the ring) for a live chart.
//
// Requests are batched: one background `traffic.tick` event per client every 100 ms sends the
// requests due by then, so a running client never keeps `runUntilIdle` busy. Everything is plain
// data in the snapshot (`traffic`).

import type { ComponentHost } from '../host';
import type { HttpClientRef, HttpOutcome, Network } from './http';

export const TRAFFIC_SERVICE = 'traffic';
export const TRAFFIC_TICK = 'traffic.tick';
export const TICK_MS = 100;
/** Recent requests kept for the UI. */
export const RECENT_CAPACITY = 500;
/** A client's requests time out after this long (a load tester's default). */
export const REQUEST_TIMEOUT_MS = 1000;

export interface TrafficClientSpec {
  name: string;
  url: string;
  rps: number;
  from?: HttpClientRef;
  /** Namespace whose search path resolves short names for a client outside the cluster. */
  namespace?: string;
  headers?: Record<string, string>;
}

export interface TrafficClient extends TrafficClientSpec {
  startedAtMs: number;
  stoppedAtMs?: number;
  running: boolean;
  /** Ticks of an earlier run of this name carry an older generation and are ignored. */
  generation: number;
  sent: number;
  succeeded: number;
  /** Failure reason label → count (`no endpoints`, `connection refused`, `HTTP 500`, …). */
  failed: Record<string, number>;
  /** Answering pod (`namespace/name`) → count, successes and HTTP errors alike. */
  byPod: Record<string, number>;
  /** The same keyed by pod uid (the UI's graph knows pods by uid). */
  byPodUid?: Record<string, number>;
  byStatus: Record<string, number>;
  latencySumMs: number;
  latencyMaxMs: number;
}

export interface TrafficRequest {
  seq: number;
  atMs: number;
  client: string;
  /** The sending pod, `namespace/name`; absent for a client outside the cluster. */
  from?: string;
  /** The URL requested. */
  to?: string;
  /** How it entered: ClusterIP, NodePort, LoadBalancer, ExternalIP, PodIP, Ingress, PortForward. */
  via?: string;
  ok: boolean;
  status?: number;
  /** Failure label when not ok. */
  reason?: string;
  pod?: string;
  podUid?: string;
  node?: string;
  service?: string;
  ingress?: string;
  latencyMs: number;
}

/** A generator's numbers for the UI (`stats`). */
export interface TrafficClientStats {
  name: string;
  url: string;
  from?: string;
  rps: number;
  running: boolean;
  sent: number;
  succeeded: number;
  failed: number;
  /** succeeded / sent, or null before the first request. */
  successRate: number | null;
  failedByReason: Record<string, number>;
  byPod: Record<string, number>;
  byPodUid: Record<string, number>;
  /** Over the last `windowMs` (when asked): requests, successes and their rate. */
  window?: { ms: number; sent: number; succeeded: number; successRate: number | null };
}

interface TrafficState {
  clients: Record<string, TrafficClient>;
  /** Ring buffer: the request with sequence number s sits at (s - 1) % RECENT_CAPACITY. */
  ring: TrafficRequest[];
  seq: number;
}

/** The failure label of an outcome, or undefined for a success (2xx/3xx). */
export function failureLabel(o: HttpOutcome): string | undefined {
  if (o.status !== undefined) return o.status >= 200 && o.status < 400 ? undefined : `HTTP ${o.status}`;
  switch (o.failure) {
    case 'no-endpoints': return 'no endpoints';
    case 'refused': return 'connection refused';
    case 'pod-terminating': return 'pod terminating';
    case 'timeout': return 'timeout';
    case 'resolve': return 'name not resolved';
    case 'client': return 'client not running';
    case 'empty-reply': return 'empty reply';
    default: return 'bad url';
  }
}

export class TrafficGenerator {
  private state: TrafficState = { clients: {}, ring: [], seq: 0 };

  constructor(private readonly host: ComponentHost) {}

  private network(): Network {
    const n = this.host.service<Network>('network');
    if (!n) throw new Error('the network is not installed');
    return n;
  }

  start(spec: TrafficClientSpec): TrafficClient {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(spec.name)) throw new Error(`invalid client name "${spec.name}": use lowercase letters, digits and '-'`);
    if (!(spec.rps > 0) || spec.rps > 1000) throw new Error(`--rps must be between 1 and 1000, got ${spec.rps}`);
    const prev = this.state.clients[spec.name];
    if (prev?.running) throw new Error(`traffic client "${spec.name}" is already running`);
    const nowMs = this.host.now();
    const client: TrafficClient = {
      ...spec, startedAtMs: nowMs, running: true, generation: (prev?.generation ?? 0) + 1,
      sent: 0, succeeded: 0, failed: {}, byPod: {}, byStatus: {}, latencySumMs: 0, latencyMaxMs: 0,
    };
    this.state.clients[spec.name] = client;
    this.host.schedule(nowMs + TICK_MS, TRAFFIC_TICK, { client: spec.name, generation: client.generation });
    return client;
  }

  stop(name: string): TrafficClient {
    const c = this.state.clients[name];
    if (!c) throw new Error(`traffic client "${name}" not found`);
    if (c.running) {
      c.running = false;
      c.stoppedAtMs = this.host.now();
      this.host.cancel((type, data) => type === TRAFFIC_TICK && (data as { client: string }).client === name);
    }
    return c;
  }

  /** Forgets a stopped client. */
  remove(name: string): void {
    if (this.state.clients[name]?.running) this.stop(name);
    delete this.state.clients[name];
  }

  clients(): TrafficClient[] {
    return Object.keys(this.state.clients).sort().map((k) => this.state.clients[k]);
  }

  client(name: string): TrafficClient | undefined {
    return this.state.clients[name];
  }

  /** Requests recorded after `afterSeq`, oldest first (at most the ring's capacity). */
  recent(afterSeq = 0): TrafficRequest[] {
    return this.since(afterSeq).records;
  }

  /** The requests after `afterSeq`, the sequence number to pass next, and how many fell out of the ring. */
  since(afterSeq = 0): { records: TrafficRequest[]; lastSeq: number; dropped: number } {
    const last = this.state.seq;
    const oldest = Math.max(1, last - RECENT_CAPACITY + 1);
    const first = Math.max(afterSeq + 1, oldest);
    const records: TrafficRequest[] = [];
    for (let s = first; s <= last; s++) records.push(this.state.ring[(s - 1) % RECENT_CAPACITY]);
    return { records, lastSeq: last, dropped: Math.max(0, oldest - (afterSeq + 1)) };
  }

  /** The sequence number of the latest request (0 before any). */
  lastSeq(): number {
    return this.state.seq;
  }

  /** Per generator: totals, success rate, answers per pod; with `windowMs`, the recent rate too. */
  stats(windowMs?: number): TrafficClientStats[] {
    const sinceMs = windowMs === undefined ? undefined : this.host.now() - windowMs;
    const recent = sinceMs === undefined ? [] : this.since(0).records.filter((r) => r.atMs > sinceMs);
    return this.clients().map((c) => {
      const failed = c.sent - c.succeeded;
      const out: TrafficClientStats = {
        name: c.name, url: c.url, rps: c.rps, running: c.running, sent: c.sent, succeeded: c.succeeded, failed,
        successRate: c.sent === 0 ? null : c.succeeded / c.sent,
        failedByReason: { ...c.failed }, byPod: { ...c.byPod }, byPodUid: { ...(c.byPodUid ?? {}) },
      };
      if (c.from) out.from = `${c.from.namespace}/${c.from.name}`;
      if (windowMs !== undefined) {
        const mine = recent.filter((r) => r.client === c.name);
        const ok = mine.filter((r) => r.ok).length;
        out.window = { ms: windowMs, sent: mine.length, succeeded: ok, successRate: mine.length === 0 ? null : ok / mine.length };
      }
      return out;
    });
  }

  /** Handles a `traffic.tick`: sends the requests due since the client started, then re-arms. */
  tick(data: { client: string; generation: number }): void {
    const c = this.state.clients[data.client];
    if (!c || !c.running || c.generation !== data.generation) return;
    const nowMs = this.host.now();
    const due = Math.floor((c.rps * (nowMs - c.startedAtMs)) / 1000) - c.sent;
    for (let i = 0; i < due; i++) this.send(c, nowMs);
    this.host.schedule(nowMs + TICK_MS, TRAFFIC_TICK, data);
  }

  private send(c: TrafficClient, nowMs: number): void {
    const o = this.network().request(c.from ?? null, 'GET', c.url, { headers: c.headers, namespace: c.namespace, timeoutMs: REQUEST_TIMEOUT_MS, userAgent: 'kubeplay-traffic/1.0' });
    const reason = failureLabel(o);
    const pod = o.pod ? `${o.pod.namespace}/${o.pod.name}` : undefined;
    const podUid = o.pod ? this.host.store.get('/Pod', o.pod.namespace, o.pod.name)?.metadata.uid : undefined;
    c.sent++;
    if (reason) c.failed[reason] = (c.failed[reason] ?? 0) + 1;
    else c.succeeded++;
    if (o.status !== undefined) {
      c.byStatus[o.status] = (c.byStatus[o.status] ?? 0) + 1;
      const answeredBy = pod ?? (o.via === 'Ingress' ? 'ingress-nginx' : undefined);
      if (answeredBy) c.byPod[answeredBy] = (c.byPod[answeredBy] ?? 0) + 1;
      if (podUid) (c.byPodUid ??= {})[podUid] = (c.byPodUid[podUid] ?? 0) + 1;
    }
    c.latencySumMs += o.latencyMs;
    c.latencyMaxMs = Math.max(c.latencyMaxMs, o.latencyMs);
    const rec: TrafficRequest = { seq: ++this.state.seq, atMs: nowMs, client: c.name, ok: !reason, latencyMs: o.latencyMs };
    if (c.from) rec.from = `${c.from.namespace}/${c.from.name}`;
    rec.to = c.url;
    if (o.via) rec.via = o.via;
    if (o.status !== undefined) rec.status = o.status;
    if (reason) rec.reason = reason;
    if (pod) rec.pod = pod;
    if (podUid) rec.podUid = podUid;
    if (o.nodeName) rec.node = o.nodeName;
    if (o.service) rec.service = o.service;
    if (o.ingress) rec.ingress = o.ingress;
    this.state.ring[(rec.seq - 1) % RECENT_CAPACITY] = rec;
  }

  snapshot(): unknown {
    return structuredClone(this.state);
  }

  restore(data: unknown): void {
    const d = structuredClone((data ?? {}) as Partial<TrafficState> & { recent?: TrafficRequest[] });
    const state: TrafficState = { clients: d.clients ?? {}, ring: d.ring ?? [], seq: d.seq ?? 0 };
    // Snapshots from before the ring kept a plain list of recent requests.
    for (const r of d.recent ?? []) state.ring[(r.seq - 1) % RECENT_CAPACITY] = r;
    this.state = state;
  }
}
