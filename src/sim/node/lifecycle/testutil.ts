// Helpers for the node lifecycle tests: pods pinned to nodes, event lines, node condition and
// taint views.
import type { Cluster } from '../../cluster';
import { isStatus, type KObject } from '../../api/types';

/** Creates a pod bound to `node` (the kubelet runs it); extra spec fields merge in. */
export function pinnedPod(c: Cluster, name: string, node: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KObject {
  const r = c.api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: name }, ...meta },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
  });
  if (isStatus(r)) throw new Error(r.message);
  return r;
}

/** `Type Reason Kind/name: message (source)` for events matching the filter, oldest first. */
export function events(c: Cluster, filter: (e: KObject) => boolean = () => true): string[] {
  return c
    .list('/Event')
    .filter(filter)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${e.type} ${e.reason} ${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message} (${e.source?.component})`);
}

export function readyOf(c: Cluster, node: string): string | undefined {
  return (c.get('/Node', undefined, node)?.status?.conditions ?? []).find((x: { type: string }) => x.type === 'Ready')?.status;
}

export function taintsOf(c: Cluster, node: string): string[] {
  return (c.get('/Node', undefined, node)?.spec?.taints ?? []).map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`);
}

export function podCondition(c: Cluster, name: string, type: string): Record<string, unknown> | undefined {
  return (c.get('/Pod', 'default', name)?.status?.conditions ?? []).find((x: { type: string }) => x.type === type);
}

/** Advances until `done()` (checked each second of virtual time), failing after `maxMs`. Returns the ms it took. */
export function advanceUntil(c: Cluster, done: () => boolean, maxMs: number): number {
  const start = c.nowMs;
  while (!done()) {
    if (c.nowMs - start > maxMs) throw new Error(`condition not met within ${maxMs} ms`);
    c.advance(1000);
  }
  return c.nowMs - start;
}
