// The default scheduler (kube-scheduler, profile `default-scheduler`): see scheduler.ts for the
// loop, framework.ts for the algorithm, plugins/ for filters and scores, queue.ts for the queue,
// preemption.ts for DefaultPreemption and decisions.ts for the per-pod decision records offered
// as the `scheduler` service (`host.service<SchedulerService>('scheduler')`); decisions.held.ts
// for how the records are held compactly (one per pod, 150,000 at the documented limit), and
// decisions.status.ts for their per-node verdicts (made once while attempts meet the same ones).
//
// Where it is simpler than kube-scheduler 1.32:
// - No VolumeRestrictions, NodeVolumeLimits, VolumeZone or DynamicResources plugins; VolumeBinding
//   checks claims exist, Immediate claims are bound and bound PVs' node affinity; WaitForFirstConsumer
//   claims fit anywhere and get `volume.kubernetes.io/selected-node` at bind (no waiting).
// - Queueing hints are simplified (hints.ts); the 5-minute unschedulable flush is a per-pod timer
//   at exactly 5 minutes (upstream checks every 30s), backoff ends exactly on time (upstream
//   flushes backoffQ every second). A pod failing with "no nodes available" waits for a node
//   instead of retrying every backoff.
// - Nominated pods count only through resources, ports and the affinity/spread PreFilter
//   extensions, as upstream; the filter chain runs nodes a chunk at a time (same result).
// - Ties among top-scored nodes take one rng draw (uniform, like selectHost's reservoir sampling).
// - The SchedulingGated condition is written by the scheduler (upstream: the API server at create).
// - Decision records keep every node for attempts that evaluated ≤100 nodes; beyond, the first 20
//   rejected and the 20 best-scored nodes (decisions.ts).
import type { Component } from '../host';
import { DefaultScheduler } from './scheduler';

export type {
  FilterVerdict, FilterVerdictCode, NodeDecision, PluginScore, PreemptionDecision, QueueStatus, SchedulerService, SchedulingDecision,
} from './types';
export { SCHEDULER_NAME, SCHEDULER_SERVICE } from './types';
export { SCHEDULING_CYCLE_MS } from './scheduler';

export function createSchedulerComponent(): Component {
  return {
    name: 'default-scheduler',
    install(host) {
      new DefaultScheduler(host).install();
    },
  };
}
