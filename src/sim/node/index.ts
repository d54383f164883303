// Nodes: the machine state faults act on (agent.ts), the kubelets with their container runtime
// (kubelet/), and node lifecycle — heartbeats, the node lifecycle controller, taint eviction,
// PodGC (lifecycle/).
import type { Component } from '../host';
import { NODE_AGENTS_SERVICE, NodeAgents } from './agent';
import { createKubeletComponent } from './kubelet';
import { createNodeLifecycleComponent } from './lifecycle';

export function createNodeComponents(): Component[] {
  const agents = new NodeAgents();
  return [
    {
      name: 'node-agents',
      install(host) {
        host.provide(NODE_AGENTS_SERVICE, agents);
        host.registerState('node-agents', agents);
      },
    },
    createKubeletComponent(),
    createNodeLifecycleComponent(),
  ];
}
