// Test helpers for controller fixture tests: record the API writes and events a reconcile makes,
// and write pod statuses (scheduled, running, ready) the way the scheduler and kubelet would.
// Fixture pods use TEST_SCHEDULER and nodes without kubelets (`fake-node-*`), so the real
// scheduler and kubelets leave them alone and the test decides their status.

import type { Cluster } from '../../cluster';
import { isStatus, type KObject } from '../../api/types';
import { rfc3339 } from '../../core/time';

/** A schedulerName no scheduler serves: fixture pods stay unscheduled until a test binds them. */
export const TEST_SCHEDULER = 'fixture-scheduler';

const WORKLOAD_KINDS = ['/Pod', 'apps/ReplicaSet', 'apps/Deployment', '/ReplicationController'];
const WORKLOAD_SOURCES = ['replicaset-controller', 'replication-controller', 'deployment-controller'];

/** Every write of the given kinds after the call, as `ADDED Pod/web-abcde` lines, until stopped. */
export function recordWrites(c: Cluster, kindKeys: readonly string[] = WORKLOAD_KINDS): { writes: string[]; stop(): void } {
  const writes: string[] = [];
  const stop = c.subscribe((ch) => {
    if (!kindKeys.includes(ch.kindKey)) return;
    writes.push(`${ch.type} ${ch.object.kind}/${ch.object.metadata.name}`);
  });
  return { writes, stop };
}

/** Workload controllers' events in creation order: `Normal SuccessfulCreate ReplicaSet/web: Created pod: web-x`. */
export function eventLines(c: Cluster, namespace = 'default', opts: { counts?: boolean; sources?: readonly string[] } = {}): string[] {
  const sources = opts.sources ?? WORKLOAD_SOURCES;
  return c
    .list('/Event', namespace)
    .filter((e) => sources.includes(e.source?.component))
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${e.type} ${e.reason} ${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}${opts.counts && e.count > 1 ? ` (x${e.count})` : ''}`);
}

export function mustCreate(c: Cluster, o: KObject): KObject {
  const r = c.api.create(o);
  if (isStatus(r)) throw new Error(r.message);
  return r;
}

/** Binds the pod to `node` and marks it Running and Ready (or not) now, as the kubelet would. */
export function setPodRunning(c: Cluster, pod: KObject, opts: { node?: string; ready?: boolean; restarts?: number } = {}): KObject {
  const ns = pod.metadata.namespace!;
  const name = pod.metadata.name!;
  const cur = c.get('/Pod', ns, name)!;
  if (!cur.spec.nodeName) {
    const b = c.api.bind(ns, name, opts.node ?? 'fake-node-1');
    if (isStatus(b)) throw new Error(b.message);
  }
  const bound = c.get('/Pod', ns, name)!;
  const ts = rfc3339(c.nowMs);
  const ready = opts.ready ?? true;
  const prevReady = (bound.status?.conditions ?? []).find((x: { type: string }) => x.type === 'Ready');
  const readyTs = prevReady && (prevReady.status === 'True') === ready ? prevReady.lastTransitionTime : ts;
  const cond = (type: string, status: boolean, at = ts) => ({ lastProbeTime: null, lastTransitionTime: at, status: status ? 'True' : 'False', type });
  const status = {
    ...bound.status,
    phase: 'Running',
    conditions: [
      cond('PodReadyToStartContainers', true),
      cond('Initialized', true),
      cond('Ready', ready, readyTs),
      cond('ContainersReady', ready, readyTs),
      ...(bound.status?.conditions ?? []).filter((x: { type: string }) => x.type === 'PodScheduled'),
    ],
    containerStatuses: bound.spec.containers.map((ct: { name: string; image: string }) => ({
      name: ct.name, image: ct.image, imageID: ct.image, ready, restartCount: opts.restarts ?? 0, started: true, state: { running: { startedAt: ts } }, lastState: {},
    })),
    startTime: bound.status?.startTime ?? ts,
  };
  const r = c.api.update({ ...bound, status }, { subresource: 'status' });
  if (isStatus(r)) throw new Error(r.message);
  return r;
}

/** Marks every active pod of the namespace matching `labels` Running and Ready. */
export function readyAll(c: Cluster, namespace: string, labels: Record<string, string>, node?: string): void {
  for (const p of c.list('/Pod', namespace)) {
    if (p.metadata.deletionTimestamp) continue;
    const l = p.metadata.labels ?? {};
    if (!Object.entries(labels).every(([k, v]) => l[k] === v)) continue;
    const ready = (p.status?.conditions ?? []).some((x: { type: string; status: string }) => x.type === 'Ready' && x.status === 'True');
    if (!ready) setPodRunning(c, p, { node });
  }
}

/** Removes pods that are being deleted, as the kubelet does once their containers have stopped. */
export function finishTerminating(c: Cluster, namespace = 'default'): void {
  const info = c.kinds.byKind('Pod')!;
  for (const p of c.list('/Pod', namespace)) {
    if (p.metadata.deletionTimestamp) c.api.delete(info, namespace, p.metadata.name!, { gracePeriodSeconds: 0 });
  }
}

export function podNames(c: Cluster, namespace = 'default'): string[] {
  return c.list('/Pod', namespace).map((p) => p.metadata.name!);
}
