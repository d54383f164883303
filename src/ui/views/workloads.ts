// Pure model of the Workloads view: Deployments → ReplicaSets (revision) → Pods, StatefulSets,
// DaemonSets, CronJobs → Jobs → Pods, with ready/desired counts, found through ownerReferences.

import type { KObject } from '../../sim/api/types';
import type { ObjectEntry } from '../../worker/protocol';
import { compareNames } from '../graph/layout';
import { podStatusText, podTone, type PodTone } from '../kube/pods';
import type { LabelMatch } from './labelFilter';

export interface WorkloadPod {
  uid: string;
  name: string;
  status: string;
  tone: PodTone;
}

export interface WorkloadNode {
  uid: string;
  kind: string;
  name: string;
  namespace: string;
  /** `3/3 ready`, `rev 2 · 1/3`. */
  summary: string;
  revision?: string;
  /** An old ReplicaSet scaled to 0. */
  inactive?: boolean;
  children: WorkloadNode[];
  pods: WorkloadPod[];
}

const TOP = ['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'batch/CronJob', 'batch/Job', 'apps/ReplicaSet'];

/**
 * The workload trees. With a label selector, pods that do not match are hidden, and a workload
 * shows when its own labels match or any pod under it does.
 */
export function buildWorkloads(objects: Record<string, ObjectEntry>, namespace = '', search = '', labels?: LabelMatch): WorkloadNode[] {
  const byOwner = new Map<string, ObjectEntry[]>();
  const top: ObjectEntry[] = [];
  const q = search.trim().toLowerCase();
  for (const e of Object.values(objects)) {
    const refs: { uid?: string; controller?: boolean }[] = e.object.metadata.ownerReferences ?? [];
    const owner = (refs.find((r) => r.controller) ?? refs[0])?.uid;
    if (owner && objects[owner]) {
      const list = byOwner.get(owner) ?? [];
      list.push(e);
      byOwner.set(owner, list);
    } else if (TOP.includes(e.kindKey)) top.push(e);
  }
  const build = (e: ObjectEntry): WorkloadNode => {
    const o = e.object;
    const uid = o.metadata.uid ?? '';
    const kids = byOwner.get(uid) ?? [];
    const pods = kids.filter((k) => k.kindKey === '/Pod' && (!labels || labels(k.object.metadata.labels))).map((k) => toPod(k.object)).sort((a, b) => compareNames(a.name, b.name));
    const children = kids
      .filter((k) => k.kindKey === 'apps/ReplicaSet' || k.kindKey === 'batch/Job')
      .map(build)
      .sort((a, b) => Number(b.revision ?? 0) - Number(a.revision ?? 0) || a.name.localeCompare(b.name));
    const revision = e.kindKey === 'apps/ReplicaSet' ? o.metadata.annotations?.['deployment.kubernetes.io/revision'] : undefined;
    return {
      uid,
      kind: String(o.kind ?? e.kindKey.split('/')[1]),
      name: o.metadata.name ?? '',
      namespace: o.metadata.namespace ?? '',
      summary: summarize(e.kindKey, o),
      revision,
      inactive: e.kindKey === 'apps/ReplicaSet' && (o.spec?.replicas ?? 0) === 0 && pods.length === 0,
      children,
      pods,
    };
  };
  const hasPods = (w: WorkloadNode): boolean => w.pods.length > 0 || w.children.some(hasPods);
  return top
    .filter((e) => !namespace || e.object.metadata.namespace === namespace)
    .filter((e) => !q || (e.object.metadata.name ?? '').toLowerCase().includes(q))
    .sort((a, b) => TOP.indexOf(a.kindKey) - TOP.indexOf(b.kindKey) || compareNames(key(a), key(b)))
    .map((e) => ({ e, w: build(e) }))
    .filter(({ e, w }) => !labels || labels(e.object.metadata.labels) || hasPods(w))
    .map(({ w }) => w);
}

function key(e: ObjectEntry): string {
  return `${e.object.metadata.namespace ?? ''}/${e.object.metadata.name ?? ''}`;
}

function toPod(p: KObject): WorkloadPod {
  const status = podStatusText(p);
  return { uid: p.metadata.uid ?? '', name: p.metadata.name ?? '', status, tone: podTone(p, status) };
}

function summarize(kindKey: string, o: KObject): string {
  const s = o.status ?? {};
  switch (kindKey) {
    case 'apps/Deployment':
      return `${s.readyReplicas ?? 0}/${o.spec?.replicas ?? 1} ready · ${s.updatedReplicas ?? 0} up-to-date`;
    case 'apps/ReplicaSet':
      return `${s.readyReplicas ?? 0}/${o.spec?.replicas ?? 1} ready`;
    case 'apps/StatefulSet':
      return `${s.readyReplicas ?? 0}/${o.spec?.replicas ?? 1} ready`;
    case 'apps/DaemonSet':
      return `${s.numberReady ?? 0}/${s.desiredNumberScheduled ?? 0} ready`;
    case 'batch/Job':
      return `${s.succeeded ?? 0}/${o.spec?.completions ?? 1} complete${s.active ? ` · ${s.active} active` : ''}${s.failed ? ` · ${s.failed} failed` : ''}`;
    case 'batch/CronJob':
      return `${o.spec?.schedule ?? ''}${o.spec?.suspend ? ' · suspended' : ''} · ${(s.active ?? []).length} active`;
    default:
      return '';
  }
}
