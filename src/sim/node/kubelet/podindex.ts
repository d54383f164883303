// Derived lookups over the kubelets' pod cache (`nodes[*].pods`): by uid and by namespace/name.
// The cache itself stays the source of truth (it is what snapshots hold); this index is only a
// speed-up, so every hit is checked against the cache and a miss falls back to the full scan.
import type { NodeKubeletState, PodState } from './state';

export class PodIndex {
  /**
   * By uid: built on the first podByUid (exec, logs, pod-to-pod HTTP ask it; a run that never
   * does kept one entry per pod — 150,000 at the largest — for nothing), then kept up to date.
   */
  private byUid?: Map<string, PodState>;
  private readonly byKey = new Map<string, PodState[]>();

  /** Indexes every pod in `nodes`; the owner drops the index when it replaces `nodes`. */
  constructor(private readonly nodes: Record<string, NodeKubeletState>) {
    for (const n of Object.values(nodes)) for (const ps of Object.values(n.pods)) this.add(ps);
  }

  add(ps: PodState): void {
    if (this.byUid !== undefined && !this.byUid.has(ps.uid)) this.byUid.set(ps.uid, ps);
    const key = `${ps.namespace}/${ps.name}`;
    const list = this.byKey.get(key);
    if (!list) this.byKey.set(key, [ps]);
    else if (!list.includes(ps)) list.push(ps);
  }

  remove(ps: PodState): void {
    if (this.byUid?.get(ps.uid) === ps) this.byUid.delete(ps.uid);
    const key = `${ps.namespace}/${ps.name}`;
    const list = this.byKey.get(key)?.filter((x) => x !== ps);
    if (list?.length) this.byKey.set(key, list);
    else this.byKey.delete(key);
  }

  private registered(ps: PodState): boolean {
    return this.nodes[ps.node]?.pods[ps.uid] === ps;
  }

  podByUid(uid: string): PodState | undefined {
    if (this.byUid === undefined) {
      // First in node order, as the scan below finds it.
      this.byUid = new Map();
      for (const n of Object.values(this.nodes)) for (const ps of Object.values(n.pods)) if (!this.byUid.has(ps.uid)) this.byUid.set(ps.uid, ps);
    }
    const ps = this.byUid.get(uid);
    if (ps && this.registered(ps)) return ps;
    // Not indexed (or stale): the full scan.
    for (const n of Object.values(this.nodes)) if (n.pods[uid]) return n.pods[uid];
    return undefined;
  }

  /** `key` is `namespace/name` when the caller has it already (the informer's key). */
  podByKey(ns: string, name: string, key = `${ns}/${name}`): PodState | undefined {
    const list = this.byKey.get(key);
    // One pod of that name: it. None: none (every added pod is indexed). Several (a pod recreated
    // under the same name on another node): the first in node order, as the scan finds it.
    if (list?.length === 1 && this.registered(list[0]!)) return list[0];
    if (!list?.length) return undefined;
    for (const n of Object.values(this.nodes)) for (const ps of Object.values(n.pods)) if (ps.namespace === ns && ps.name === name) return ps;
    return undefined;
  }
}
