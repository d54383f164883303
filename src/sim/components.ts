// The simulation's components, installed in this order on every cluster. Each owns a directory:
// scheduler/ (the default scheduler), node/ (kubelets, container runtime, node lifecycle),
// controllers/ (workload controllers). The API server's own controllers (GC, namespaces) are
// wired in cluster.ts.
import type { Component } from './host';
import { createSchedulerComponent } from './scheduler';
import { createNodeComponents } from './node';
import { createWorkloadControllers } from './controllers/workloads';
import { createNetworkComponents } from './network';

export function createComponents(): Component[] {
  return [createSchedulerComponent(), ...createNodeComponents(), ...createWorkloadControllers(), ...createNetworkComponents()];
}
