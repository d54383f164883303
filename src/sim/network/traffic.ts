// The traffic generator: named clients that send N requests per second (virtual time) to a URL —
// a Service name or ClusterIP, a NodeIP:nodePort, a load-balancer IP, an Ingress host — from
// outside the cluster or from a pod. Each request goes through the `network` service and records
// which pod answered, the status and latency, or why it failed. Clients keep aggregates since
// their start, and a bounded ring of recent requests feeds the UI's animated dots.
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
  byStatus: Record<string, number>;
  latencySumMs: number;
  latencyMaxMs: number;
}

export interface TrafficRequest {
  seq: number;
  atMs: number;
  client: string;
  ok: boolean;
  status?: number;
  /** Failure label when not ok. */
  reason?: string;
  pod?: string;
  node?: string;
  service?: string;
  ingress?: string;
  latencyMs: number;
}

interface TrafficState {
  clients: Record<string, TrafficClient>;
  recent: TrafficRequest[];
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
    default: return 'bad url';
  }
}

export class TrafficGenerator {
  private state: TrafficState = { clients: {}, recent: [], seq: 0 };

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
    return this.state.recent.filter((r) => r.seq > afterSeq);
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
    c.sent++;
    if (reason) c.failed[reason] = (c.failed[reason] ?? 0) + 1;
    else c.succeeded++;
    if (o.status !== undefined) {
      c.byStatus[o.status] = (c.byStatus[o.status] ?? 0) + 1;
      const answeredBy = pod ?? (o.via === 'Ingress' ? 'ingress-nginx' : undefined);
      if (answeredBy) c.byPod[answeredBy] = (c.byPod[answeredBy] ?? 0) + 1;
    }
    c.latencySumMs += o.latencyMs;
    c.latencyMaxMs = Math.max(c.latencyMaxMs, o.latencyMs);
    const rec: TrafficRequest = { seq: ++this.state.seq, atMs: nowMs, client: c.name, ok: !reason, latencyMs: o.latencyMs };
    if (o.status !== undefined) rec.status = o.status;
    if (reason) rec.reason = reason;
    if (pod) rec.pod = pod;
    if (o.nodeName) rec.node = o.nodeName;
    if (o.service) rec.service = o.service;
    if (o.ingress) rec.ingress = o.ingress;
    this.state.recent.push(rec);
    if (this.state.recent.length > RECENT_CAPACITY) this.state.recent.splice(0, this.state.recent.length - RECENT_CAPACITY);
  }

  snapshot(): unknown {
    return structuredClone(this.state);
  }

  restore(data: unknown): void {
    this.state = structuredClone((data ?? { clients: {}, recent: [], seq: 0 }) as TrafficState);
  }
}
