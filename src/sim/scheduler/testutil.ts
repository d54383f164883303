// Test fixtures: nodes and pods as plain objects, a cache and a cycle state around them, without a
// cluster (used by the plugin and framework tests); and a small cluster running one Deployment.
import { ObjectStore } from '../api/store';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { Rng } from '../core/rng';
import { SchedulerCache } from './cache';
import { CycleState } from './cycle';
import { Framework } from './framework';
import { newPodInfo } from './podinfo';

let uidSeq = 0;

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
  extra?: Record<string, string>;
}

export function node(name: string, o: NodeOpts = {}): KObject {
  const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', ...(o.extra ?? {}) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `node-${name}`, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable, capacity: allocatable, ...(o.images ? { images: o.images } : {}) },
  };
}

export interface PodOpts {
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  node?: string;
  priority?: number;
  spec?: Record<string, unknown>;
  containers?: Record<string, unknown>[];
  deleting?: boolean;
  startTime?: string;
}

export function pod(name: string, o: PodOpts = {}): KObject {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: `uid-${name}-${++uidSeq}`,
      labels: o.labels ?? {},
      ...(o.deleting ? { deletionTimestamp: '2025-01-15T09:00:00Z' } : {}),
    },
    spec: {
      containers: o.containers ?? [{ name: 'c', image: 'nginx', ...(Object.keys(requests).length ? { resources: { requests } } : {}) }],
      schedulerName: 'default-scheduler',
      priority: o.priority ?? 0,
      ...(o.node ? { nodeName: o.node } : {}),
      ...(o.spec ?? {}),
    },
    status: { phase: 'Pending', ...(o.startTime ? { startTime: o.startTime } : {}) },
  };
}

export interface Fixture {
  cache: SchedulerCache;
  store: ObjectStore;
  fw: Framework;
  rng: Rng;
  state(p: KObject): CycleState;
}

/** A cache with the nodes and (bound) pods; other objects (PVCs, namespaces…) go in the store. */
export function fixture(nodes: KObject[], pods: KObject[] = [], objects: KObject[] = []): Fixture {
  const cache = new SchedulerCache();
  const store = new ObjectStore();
  for (const n of nodes) {
    cache.setNode(n);
    store.put('/Node', n);
  }
  for (const p of pods) cache.setPod(newPodInfo(p));
  for (const o of objects) {
    const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
    store.put(`${group}/${o.kind}`, o);
    if (o.kind === 'Service') cache.setService(o, false);
  }
  const rng = new Rng(1);
  const fw = new Framework(cache, store, rng);
  return { cache, store, fw, rng, state: (p) => new CycleState(p, newPodInfo(p), cache, store) };
}

/** A cluster of `nodes` nodes running a Deployment `web` of `replicas` nginx pods (settled). */
export function webCluster(seed: number, nodes: number, replicas: number): Cluster {
  const c = new Cluster({ seed, nodes });
  c.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
`);
  return c;
}
