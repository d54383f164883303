// The kubelets' snapshot in a canonical key order. The live state's objects gain and lose optional
// fields as pods run (`ps.op = undefined`, later `ps.op = {...}`), so a live object's key order is
// its history: two pod states alike in content print their keys in different orders. JSON drops
// undefined fields, so a cluster restored from a snapshot adds them back later in another order,
// and its next snapshot differed byte for byte from the original's although equal in content.
// Writing the snapshot's objects with their keys in one fixed order (the interfaces' order, then
// any other key in its own order; undefined fields left out) makes the same state give the same
// bytes however it came about.

import type { KubeletSnapshot, NodeKubeletState, PodState, Slot } from './state';

const NODE_KEYS: readonly (keyof NodeKubeletState)[] = ['name', 'images', 'pullFreeAtMs', 'lastIpIndex', 'ips', 'pods', 'dirty', 'relistAtMs', 'relistPhaseMs'];
const POD_KEYS: readonly (keyof PodState)[] = [
  'uid', 'namespace', 'name', 'node', 'pod', 'startTimeMs', 'sandbox', 'sandboxLost', 'slots', 'op', 'pendingSync', 'passAttempted',
  'resyncAtMs', 'mountBackoff', 'terminating', 'terminal', 'pullBackoff', 'statusDirty', 'probeFaults',
];
const SLOT_KEYS: readonly (keyof Slot)[] = ['name', 'kind', 'restartCount', 'current', 'last', 'previous', 'waiting', 'crashBackoff', 'probes', 'exitAtMs', 'killing'];

/** A shallow copy of `o` with `keys` first, in that order, then its other keys; undefined values left out. */
function ordered<T extends object>(o: T, keys: readonly (keyof T)[]): T {
  const out = {} as Record<string, unknown>;
  const src = o as Record<string, unknown>;
  for (const k of keys as readonly string[]) if (src[k] !== undefined) out[k] = src[k];
  for (const k of Object.keys(src)) if (!Object.hasOwn(out, k) && src[k] !== undefined) out[k] = src[k];
  return out as T;
}

/** The kubelets' node states with canonical key order at the levels whose fields come and go (shallow below). */
export function canonicalNodes(nodes: Record<string, NodeKubeletState>): Record<string, NodeKubeletState> {
  const out: Record<string, NodeKubeletState> = {};
  for (const [name, n] of Object.entries(nodes)) {
    const node = ordered(n, NODE_KEYS);
    const pods: Record<string, PodState> = {};
    for (const [uid, ps] of Object.entries(n.pods)) {
      const p = ordered(ps, POD_KEYS);
      const slots: Record<string, Slot> = {};
      for (const [s, slot] of Object.entries(ps.slots)) slots[s] = ordered(slot, SLOT_KEYS);
      p.slots = slots;
      if (ps.op) p.op = ordered(ps.op, ['kind', 'container', 'doneAtMs', 'token', 'requestedAtMs', 'startedAtMs', 'failure', 'env', 'queue']);
      pods[uid] = p;
    }
    node.pods = pods;
    out[name] = node;
  }
  return out;
}

/** The snapshot of the kubelets' state: a deep copy, canonically ordered. */
export function kubeletSnapshot(nodes: Record<string, NodeKubeletState>, containers: KubeletSnapshot['containers'], seq: number): KubeletSnapshot {
  return structuredClone({ nodes: canonicalNodes(nodes), containers, seq });
}
