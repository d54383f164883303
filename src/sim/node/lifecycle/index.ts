// Node lifecycle: the kubelets' heartbeats (Lease + node status), the node lifecycle controller
// (NotReady, condition taints, rate-limited NoExecute taints), taint-based eviction and PodGC.
// Offers the `nodeLifecycle` service the node controls use to register nodes as a kubelet would.
import type { Component, ComponentHost } from '../../host';
import type { KObject, Status } from '../../api/types';
import type { NodeSpecOptions } from '../../bootstrap';
import { NODE_AGENTS_SERVICE, type NodeAgents } from '../agent';
import { NodeHeartbeats } from './heartbeat';
import { NodeLifecycleController } from './controller';
import { TaintEvictionController } from './tainteviction';
import { PodGC } from './podgc';

export const NODE_LIFECYCLE_SERVICE = 'nodeLifecycle';

export interface NodeLifecycleService {
  /** Registers a new node as its kubelet would: Node (NotReady until its first sync), Lease, events. */
  registerNode(o: NodeSpecOptions): KObject | Status;
}

export interface NodeLifecycleOptions {
  /** --terminated-pod-gc-threshold (default 12500). */
  terminatedPodThreshold?: number;
}

export function createNodeLifecycleComponent(opts: NodeLifecycleOptions = {}): Component {
  let heartbeats: NodeHeartbeats | undefined;
  let controller: NodeLifecycleController | undefined;
  let podgc: PodGC | undefined;
  return {
    name: 'node-lifecycle',
    install(host: ComponentHost) {
      heartbeats = new NodeHeartbeats(host, host.service<NodeAgents>(NODE_AGENTS_SERVICE));
      controller = new NodeLifecycleController(host);
      podgc = new PodGC(host, opts.terminatedPodThreshold);
      heartbeats.install();
      controller.install();
      new TaintEvictionController(host).install();
      podgc.install();
      const hb = heartbeats;
      host.provide<NodeLifecycleService>(NODE_LIFECYCLE_SERVICE, { registerNode: (o) => hb.register(o) });
    },
    start() {
      heartbeats?.start();
      controller?.start();
      podgc?.start();
    },
  };
}

export { NODE_MONITOR_GRACE_PERIOD_MS, NODE_MONITOR_PERIOD_MS } from './controller';
export { HEARTBEAT_INTERVAL_MS, LEASE_DURATION_SECONDS, NODE_STATUS_REPORT_FREQUENCY_MS } from './heartbeat';
export { GC_CHECK_PERIOD_MS, QUARANTINE_MS, TERMINATED_POD_GC_THRESHOLD } from './podgc';
