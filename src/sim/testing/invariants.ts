// Invariants checked during simulation testing (the VOPR idea): after every step of a random
// schedule of workloads and faults, the cluster must satisfy these. Each check returns the
// violations it found, as sentences naming the objects.

import type { Cluster } from '../cluster';
import type { StoredChange } from '../api/store';
import type { KObject } from '../api/types';
import { isPodActive } from '../api/podutil';

/** Watches the cluster from the start and keeps what a watcher would know, to compare with the store. */
export class WatchOracle {
  private readonly mirror = new Map<string, KObject>();
  private lastRv = 0;
  readonly violations: string[] = [];
  private readonly stop: () => void;

  constructor(cluster: Cluster) {
    for (const kk of cluster.api.store.kindKeys()) {
      for (const o of cluster.api.store.list(kk)) this.mirror.set(key(kk, o), o);
    }
    this.lastRv = cluster.resourceVersion;
    this.stop = cluster.subscribe((c) => this.apply(c));
  }

  private apply(c: StoredChange): void {
    if (c.rv <= this.lastRv) this.violations.push(`resourceVersion went from ${this.lastRv} to ${c.rv} (${c.type} ${c.kindKey} ${c.object.metadata.name})`);
    this.lastRv = c.rv;
    const k = key(c.kindKey, c.object);
    if (c.type === 'DELETED') {
      if (!this.mirror.delete(k)) this.violations.push(`DELETED for an object the watcher never saw: ${k}`);
    } else {
      if (c.type === 'ADDED' && this.mirror.has(k)) this.violations.push(`ADDED for an object the watcher already had: ${k}`);
      if (c.type === 'MODIFIED' && !this.mirror.has(k)) this.violations.push(`MODIFIED for an object the watcher never saw: ${k}`);
      this.mirror.set(k, c.object);
    }
  }

  /** The watcher's view must equal the store, object for object, at the same resourceVersion. */
  check(cluster: Cluster): string[] {
    const out = this.violations.splice(0);
    let count = 0;
    for (const kk of cluster.api.store.kindKeys()) {
      for (const o of cluster.api.store.list(kk)) {
        count++;
        const seen = this.mirror.get(key(kk, o));
        if (!seen) out.push(`the watcher does not know ${key(kk, o)}`);
        else if (seen.metadata.resourceVersion !== o.metadata.resourceVersion) {
          out.push(`the watcher has ${key(kk, o)} at rv ${seen.metadata.resourceVersion}, the store at ${o.metadata.resourceVersion}`);
        }
      }
    }
    if (count !== this.mirror.size) out.push(`the watcher holds ${this.mirror.size} objects, the store ${count}`);
    return out;
  }

  close(): void {
    this.stop();
  }
}

function key(kindKey: string, o: KObject): string {
  return `${kindKey}:${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** Safety: must hold after every step, faults or not. */
export function checkSafety(cluster: Cluster): string[] {
  const out: string[] = [];
  const store = cluster.api.store;
  // Every ownerReference of a controller kind points at an object of that kind with that uid, or
  // the object is waiting for the garbage collector (checked at quiescence in checkConverged).
  const names = new Set<string>();
  for (const p of store.list('/Pod')) {
    const id = `${p.metadata.namespace}/${p.metadata.name}`;
    if (names.has(id)) out.push(`two pods named ${id}`);
    names.add(id);
    const phase = p.status?.phase;
    if (phase && !['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'].includes(phase)) out.push(`pod ${id} has phase ${phase}`);
  }
  // A StatefulSet never has two active pods for one ordinal identity.
  for (const sts of store.list('apps/StatefulSet')) {
    const seen = new Map<string, string>();
    for (const p of store.list('/Pod', sts.metadata.namespace)) {
      const ref = p.metadata.ownerReferences?.find((r) => r.controller && r.uid === sts.metadata.uid);
      if (!ref || !isPodActive(p)) continue;
      const ord = p.metadata.labels?.['apps.kubernetes.io/pod-index'] ?? p.metadata.name!.slice(sts.metadata.name!.length + 1);
      if (seen.has(ord)) out.push(`StatefulSet ${sts.metadata.name} has two active pods for ordinal ${ord}: ${seen.get(ord)} and ${p.metadata.name}`);
      seen.set(ord, p.metadata.name!);
    }
  }
  return out;
}

/** Liveness: after faults are cleared and the cluster has had time to settle. */
export function checkConverged(cluster: Cluster): string[] {
  const out: string[] = [];
  const store = cluster.api.store;
  const nodes = new Set(store.list('/Node').map((n) => n.metadata.name!));
  const uids = new Set<string>();
  for (const kk of store.kindKeys()) for (const o of store.list(kk)) uids.add(o.metadata.uid!);
  for (const kk of store.kindKeys()) {
    for (const o of store.list(kk)) {
      const refs = o.metadata.ownerReferences ?? [];
      if (refs.length > 0 && refs.every((r) => !uids.has(r.uid)) && !o.metadata.deletionTimestamp) {
        out.push(`${kk} ${o.metadata.namespace ?? ''}/${o.metadata.name} outlived all its owners`);
      }
    }
  }
  for (const p of store.list('/Pod')) {
    if (p.spec?.nodeName && !nodes.has(p.spec.nodeName)) out.push(`pod ${p.metadata.namespace}/${p.metadata.name} is bound to missing node ${p.spec.nodeName}`);
  }
  for (const d of store.list('apps/Deployment')) {
    if (d.spec?.paused) continue;
    const want = d.spec?.replicas ?? 1;
    const s = d.status ?? {};
    if ((s.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) out.push(`Deployment ${d.metadata.namespace}/${d.metadata.name} generation ${d.metadata.generation} not observed`);
    else if ((s.updatedReplicas ?? 0) !== want || (s.availableReplicas ?? 0) !== want || (s.replicas ?? 0) !== want) {
      out.push(`Deployment ${d.metadata.namespace}/${d.metadata.name} wants ${want}, has replicas ${s.replicas ?? 0} updated ${s.updatedReplicas ?? 0} available ${s.availableReplicas ?? 0}`);
    }
  }
  for (const rs of store.list('apps/ReplicaSet')) {
    const active = store.list('/Pod', rs.metadata.namespace).filter((p) => isPodActive(p) && p.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid));
    if (active.length !== (rs.spec?.replicas ?? 1)) out.push(`ReplicaSet ${rs.metadata.namespace}/${rs.metadata.name} owns ${active.length} active pods, wants ${rs.spec?.replicas ?? 1}`);
  }
  for (const sts of store.list('apps/StatefulSet')) {
    const want = sts.spec?.replicas ?? 1;
    if ((sts.status?.readyReplicas ?? 0) !== want) out.push(`StatefulSet ${sts.metadata.namespace}/${sts.metadata.name} has ${sts.status?.readyReplicas ?? 0}/${want} ready`);
  }
  for (const ds of store.list('apps/DaemonSet')) {
    const s = ds.status ?? {};
    if ((s.numberReady ?? 0) !== (s.desiredNumberScheduled ?? 0)) out.push(`DaemonSet ${ds.metadata.namespace}/${ds.metadata.name} has ${s.numberReady ?? 0}/${s.desiredNumberScheduled ?? 0} ready`);
  }
  return out;
}
