// The machine state of each node, which faults change and the kubelet and heartbeats obey:
// - powered off (`kubeplay node crash`): kubelet and containers stop, no heartbeats;
// - kubelet stopped (`kubeplay node stop-kubelet`): containers keep running, nothing is reported,
//   no probes, no restarts;
// - partitioned (`kubeplay node partition`): containers keep running and serving, the kubelet runs
//   locally (probes, restarts) but nothing it writes reaches the API server and it sees no changes.
// Offered as the `nodeAgents` service; part of the cluster snapshot.

export interface NodeMachineState {
  powered: boolean;
  kubeletRunning: boolean;
  partitioned: boolean;
}

export const NODE_AGENTS_SERVICE = 'nodeAgents';

const HEALTHY: NodeMachineState = { powered: true, kubeletRunning: true, partitioned: false };

export class NodeAgents {
  private readonly states = new Map<string, NodeMachineState>();
  private readonly listeners: ((node: string, state: NodeMachineState, prev: NodeMachineState) => void)[] = [];

  get(node: string): NodeMachineState {
    return this.states.get(node) ?? HEALTHY;
  }

  /** Whether the node's kubelet can talk to the API server right now. */
  reachesApi(node: string): boolean {
    const s = this.get(node);
    return s.powered && s.kubeletRunning && !s.partitioned;
  }

  set(node: string, patch: Partial<NodeMachineState>): void {
    const prev = this.get(node);
    const next = { ...prev, ...patch };
    if (next.powered && next.kubeletRunning && !next.partitioned) this.states.delete(node);
    else this.states.set(node, next);
    for (const l of this.listeners) l(node, next, prev);
  }

  /** Called synchronously after every change (e.g. the kubelet stops its containers on power off). */
  onChange(listener: (node: string, state: NodeMachineState, prev: NodeMachineState) => void): void {
    this.listeners.push(listener);
  }

  forget(node: string): void {
    this.states.delete(node);
  }

  snapshot(): Record<string, NodeMachineState> {
    return Object.fromEntries([...this.states].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  restore(data: unknown): void {
    this.states.clear();
    for (const [k, v] of Object.entries((data ?? {}) as Record<string, NodeMachineState>)) this.states.set(k, v);
  }
}
