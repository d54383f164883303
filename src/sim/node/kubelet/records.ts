// The kubelet's per-node tables (pods by uid, IPs, nodes by name) as lookup records.

import type { NodeKubeletState, PodState } from './state';

/**
 * An empty record for keys unique to one node (pod uids, pod IPs). A plain `{}` gets a new hidden
 * class for each key added, unshared across 5,000 nodes, so every lookup missed the engine's
 * caches (allocateIP 2.5x slower); a record whose keys were deleted is a hash table from the
 * start. It is still a plain object: same keys, same order, same snapshot.
 */
export function lookupRecord<T>(): Record<string, T> {
  const r: Record<string, T> = { a: undefined as T, b: undefined as T };
  delete r.a;
  delete r.b;
  return r;
}

/**
 * Restored node states (plain objects parsed from a snapshot) get lookup records too: same keys, same
 * order. The node record itself is one as well: with a plain `{}`, every node name added made a
 * new hidden class and the `nodes[name]` reads (each kubelet event) missed the engine's caches.
 */
export function withLookupRecords(nodes: Record<string, NodeKubeletState>): Record<string, NodeKubeletState> {
  for (const n of Object.values(nodes)) {
    if (n.ips) n.ips = Object.assign(lookupRecord<string>(), n.ips);
    if (n.pods) n.pods = Object.assign(lookupRecord<PodState>(), n.pods);
  }
  return Object.assign(lookupRecord<NodeKubeletState>(), nodes);
}
