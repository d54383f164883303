// What answers a connection that reached a pod: the container runtime, which knows whether a
// process listens on the port and what its image's behaviour answers. The runtime offers that
// as the `podHttp` service (`PodHttpBackend`); until it does, a generic backend answers
// `200 OK` from a running pod whose containers declare the port (or declare no ports at all).

import type { KObject } from '../api/types';
import type { ComponentHost } from '../host';

/** Name of the service the container runtime offers with `host.provide`. */
export const POD_HTTP_SERVICE = 'podHttp';

export interface PodHttpRequest {
  pod: KObject;
  /** The container port the connection reached (after the Service's targetPort). */
  port: number;
  method: string;
  /** Path with query, e.g. `/healthz?x=1`. */
  path: string;
  body?: string;
  headers: Record<string, string>;
  /** Source IP the pod sees (a pod IP, a node IP after SNAT, or the external client's). */
  clientIP: string;
  userAgent: string;
}

export type PodHttpAnswer =
  /** The process answered (latencyMs: its own processing time, if it has one). */
  | { kind: 'response'; status: number; body: string; headers?: Record<string, string>; latencyMs?: number }
  /** Nothing listens on the port: not started yet, exited, stopping, or the wrong port. */
  | { kind: 'refused' }
  /** The connection is accepted but never answered (a hung process, a frozen container). */
  | { kind: 'timeout' };

/** Implemented by the container runtime (src/sim/node/runtime) and provided as `podHttp`. */
export interface PodHttpBackend {
  /** undefined: the runtime does not run this pod (e.g. a test fixture); the generic answer applies. */
  serveHttp(req: PodHttpRequest): PodHttpAnswer | undefined;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** The generic answer when no runtime is installed: a running pod listening on the port says OK. */
export function genericPodAnswer(req: PodHttpRequest): PodHttpAnswer {
  const pod = req.pod;
  if (pod.status?.phase !== 'Running') return { kind: 'refused' };
  const statuses: Json[] = Array.isArray(pod.status?.containerStatuses) ? pod.status.containerStatuses : [];
  if (statuses.length > 0 && !statuses.some((s) => s?.state?.running)) return { kind: 'refused' };
  const containers: Json[] = Array.isArray(pod.spec?.containers) ? pod.spec.containers : [];
  const declared = containers.flatMap((c) => (Array.isArray(c?.ports) ? c.ports : [])).map((p: Json) => p?.containerPort);
  if (declared.length > 0 && !declared.includes(req.port)) return { kind: 'refused' };
  return { kind: 'response', status: 200, body: 'OK\n' };
}

/** Asks the runtime for the pod's answer, or the generic backend when there is no runtime. */
export function podHttpAnswer(host: ComponentHost, req: PodHttpRequest): PodHttpAnswer {
  const backend = host.service<PodHttpBackend>(POD_HTTP_SERVICE);
  const answer = backend && typeof backend.serveHttp === 'function' ? backend.serveHttp(req) : undefined;
  return answer ?? genericPodAnswer(req);
}
