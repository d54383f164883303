// The kubelets and their container runtime: one kubelet per Node, running the pods bound to it
// (spec.nodeName). See kubelet.ts for the machinery, worker.ts / lifecycle.ts / probes.ts for
// what a kubelet does, ../runtime for containers, ../images for what images do.
import type { Component, ComponentHost } from '../../host';
import { METRICS_SERVICE } from '../../metrics';
import { NO_KEYS } from '../../controllers/manager';
import { NODE_AGENTS_SERVICE, type NodeAgents } from '../agent';
import { Kubelets } from './kubelet';
import { withLookupRecords } from './records';
import { adopt, afterTerminal, onExit, onExitCheck, onStopped, podRemoved, scheduleExit, syncTerminating } from './lifecycle';
import { onMachineChange, reconnect } from './machine';
import { onProbe, startProbes } from './probes';
import { KUBELET_SERVICE, POD_HTTP_SERVICE, kubeletService, metricsSource, podHttpBackend } from './service';
import type { KubeletSnapshot } from './state';
import { kubeletSnapshot } from './snapshot';
import { completeOp, runWorker } from './worker';
import { RUNTIME_SERVICE, containerRuntimeService } from './faults';

export { KUBELET_SERVICE, type KubeletService } from './service';
export { SERVICE_PROXY_SERVICE, type ServiceProxy } from './network';

/** Builds the kubelets component. `kubelets()` (for tests) returns the instance once installed. */
export function createKubeletComponent(): Component & { kubelets(): Kubelets | undefined } {
  let k: Kubelets | undefined;
  return {
    name: 'kubelet',
    kubelets: () => k,
    install(host: ComponentHost) {
      const agents = host.service<NodeAgents>(NODE_AGENTS_SERVICE);
      if (!agents) throw new Error('kubelet: the node-agents component must be installed first');
      const kl = new Kubelets(host, agents);
      k = kl;
      kl.hooks = {
        runWorker: (ps) => runWorker(kl, ps),
        syncTerminating: (ps) => syncTerminating(kl, ps),
        podRemoved: (ps) => podRemoved(kl, ps),
        afterTerminal: (ps) => afterTerminal(kl, ps),
        startProbes: (ps, slot, rec) => startProbes(kl, ps, slot, rec),
        scheduleExit: (ps, slot, rec) => scheduleExit(kl, ps, slot, rec),
        adopt: (ps) => adopt(kl, ps),
      };
      host.registerController({
        name: 'kubelet',
        // Its informer watches pods only: Events (six in ten writes) are not offered to it.
        kinds: ['/Pod'],
        // An unbound pod (every pod until the scheduler binds it) is no kubelet's: the shared empty list.
        keysFor: (c) => (c.kindKey === '/Pod' && c.object.spec?.nodeName ? [`${c.object.metadata.namespace}/${c.object.metadata.name}`] : NO_KEYS),
        sync: (key) => {
          const slash = key.indexOf('/');
          kl.onPodChange(key.slice(0, slash), key.slice(slash + 1), key);
        },
      });
      host.on('kubelet.work', (d: { node: string; uid: string; token: number }) => {
        const ps = kl.nodes[d.node]?.pods[d.uid];
        if (ps) completeOp(kl, ps, d.token);
      });
      host.on('kubelet.relist', (d: { node: string }) => kl.relist(d.node));
      host.on('kubelet.resync', (d: { node: string; uid: string; atMs: number }) => {
        const ps = kl.nodes[d.node]?.pods[d.uid];
        if (!ps || ps.resyncAtMs !== d.atMs) return;
        ps.resyncAtMs = undefined;
        kl.syncPod(ps);
      }, { background: true });
      host.on('kubelet.exit', (d: { node: string; uid: string; id: string; atMs: number }) => onExit(kl, d), { background: true });
      host.on('kubelet.exitcheck', (d: { node: string; uid: string; id: string }) => onExitCheck(kl, d), { background: true });
      host.on('kubelet.probe', (d: Parameters<typeof onProbe>[1]) => onProbe(kl, d), { background: true });
      host.on('kubelet.stop', (d: { node: string; uid: string; id: string; code: number }) => onStopped(kl, d));
      host.on('kubelet.reconnect', (d: { node: string; local?: boolean }) => reconnect(kl, d.node, !!d.local));
      agents.onChange((node, state, prev) => onMachineChange(kl, node, state, prev));
      host.registerState('kubelet', {
        // Canonical key order: the same state gives the same bytes, restored or not (snapshot.ts).
        snapshot: (): KubeletSnapshot => kubeletSnapshot(kl.nodes, kl.runtime.snapshot(), kl.seq),
        restore: (data) => {
          const s = data as KubeletSnapshot;
          // The snapshot is this cluster's own (Cluster.restore copied it or it was handed over):
          // the kubelet takes its part as it is, without a copy of its own.
          kl.nodes = withLookupRecords(s.nodes ?? {});
          kl.seq = s.seq ?? 0;
          kl.runtime.restore(s.containers ?? []);
        },
      });
      host.provide(METRICS_SERVICE, metricsSource(kl));
      host.provide(KUBELET_SERVICE, kubeletService(kl));
      host.provide(POD_HTTP_SERVICE, podHttpBackend(kl));
      host.provide(RUNTIME_SERVICE, containerRuntimeService(kl));
    },
  };
}
