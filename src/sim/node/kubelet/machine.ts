// The machine under a kubelet: power, the kubelet process and the network partition
// (NodeAgents). Powering off kills every container and the pod sandboxes; the kubelet coming
// back relists the API's pods for its node and reconciles (or, still partitioned, resumes
// local work only).
import type { NodeMachineState } from '../agent';
import type { Kubelets } from './kubelet';
import { releaseIP } from './network';

export function onMachineChange(k: Kubelets, node: string, state: NodeMachineState, prev: NodeMachineState): void {
  if (prev.powered && !state.powered) powerOff(k, node);
  const wasUp = prev.powered && prev.kubeletRunning && !prev.partitioned;
  const isUp = state.powered && state.kubeletRunning && !state.partitioned;
  if (!wasUp && isUp) k.schedule('kubelet.reconnect', k.now() + (prev.powered && prev.kubeletRunning ? 0 : 2000), { node });
  else if (state.powered && state.kubeletRunning && !(prev.powered && prev.kubeletRunning)) {
    // Kubelet back (still partitioned): resume local work.
    k.schedule('kubelet.reconnect', k.now() + 2000, { node, local: true });
  }
}

function powerOff(k: Kubelets, node: string): void {
  const n = k.nodes[node];
  if (!n) return;
  const now = k.now();
  for (const ps of Object.values(n.pods)) {
    for (const s of Object.values(ps.slots)) {
      const rec = k.runtime.get(s.current);
      if (rec?.state === 'running') k.runtime.exited(rec, now, 255, 'Unknown');
      s.exitAtMs = undefined;
      s.killing = false;
      for (const p of Object.values(s.probes)) if (p) p.onHold = true;
    }
    if (ps.sandbox) {
      releaseIP(n, ps.sandbox.ip, ps.uid);
      ps.sandbox = undefined;
      ps.sandboxLost = true;
    }
    ps.op = undefined;
    ps.pendingSync = false;
    ps.resyncAtMs = undefined;
  }
  n.pullFreeAtMs = 0;
  n.dirty = [];
  n.relistAtMs = undefined;
  k.host.cancel((t, d) => t.startsWith('kubelet.') && (d as { node?: string }).node === node, { typePrefix: 'kubelet.' });
}

/** The kubelet (re)connects: relist the API's pods for the node and reconcile. */
export function reconnect(k: Kubelets, node: string, localOnly: boolean): void {
  if (!k.active(node)) return;
  const n = k.nodeState(node);
  for (const ps of Object.values(n.pods)) {
    for (const s of Object.values(ps.slots)) {
      const rec = k.runtime.get(s.current);
      if (rec?.state === 'running') {
        k.hooks.startProbes(ps, s, rec);
        if (!s.killing) k.hooks.scheduleExit(ps, s, rec);
      }
    }
  }
  if (localOnly || !k.canWrite(node)) {
    for (const ps of Object.values(n.pods)) k.syncPod(ps);
    return;
  }
  const apiPods = k.host.store.list('/Pod').filter((p) => p.spec?.nodeName === node);
  const uids = new Set(apiPods.map((p) => p.metadata.uid));
  for (const ps of Object.values(n.pods)) if (!uids.has(ps.uid)) k.hooks.podRemoved(ps);
  for (const pod of apiPods) k.seePod(node, pod, true);
}
