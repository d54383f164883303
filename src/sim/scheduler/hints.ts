// Cluster events and queueing hints (framework/events.go, each plugin's EventsToRegister and
// QueueingHintFn): which unschedulable pods a cluster change may help, so only those leave
// unschedulablePods. Simplified: the hints check the obvious (tolerates the new node's taints,
// matches its labels, the added pod matches the affinity terms); where upstream's hint is
// involved, these say "maybe" and requeue.

import type { NodeChange } from './cache';
import type { NodeInfo } from './nodeinfo';
import { matchesAllTerms, termMatches, type PodInfo } from './podinfo';
import { doNotScheduleTaints, findUntoleratedTaint, podTolerations, RequiredNodeAffinity } from './plugins/helpers';
import { labelSelectorFromSpec } from '../api/selectors';

export type ClusterEvent =
  | { type: 'NodeAdd'; node: NodeInfo }
  | { type: 'NodeUpdate'; node: NodeInfo; change: NodeChange }
  | { type: 'NodeDelete' }
  | { type: 'AssignedPodAdd'; pod: PodInfo }
  | { type: 'AssignedPodUpdate'; old: PodInfo; pod: PodInfo }
  | { type: 'AssignedPodDelete'; pod: PodInfo }
  | { type: 'StorageChange' };

const ALL_FILTERS = [
  'NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit',
  'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity',
];

/** Plugins registered for an event (EventsToRegister). */
export function pluginsFor(ev: ClusterEvent): string[] {
  switch (ev.type) {
    case 'NodeAdd':
      return ALL_FILTERS;
    case 'NodeUpdate': {
      const c = ev.change;
      const out: string[] = [];
      if (c.unschedulable || c.taints) out.push('NodeUnschedulable', 'TaintToleration', 'PodTopologySpread');
      if (c.labels) out.push('NodeAffinity', 'PodTopologySpread', 'InterPodAffinity', 'VolumeBinding');
      if (c.allocatable) out.push('NodeResourcesFit');
      return out;
    }
    case 'NodeDelete':
      return ['PodTopologySpread'];
    case 'AssignedPodAdd':
    case 'AssignedPodUpdate':
      return ['InterPodAffinity', 'PodTopologySpread'];
    case 'AssignedPodDelete':
      return ['NodeResourcesFit', 'NodePorts', 'InterPodAffinity', 'PodTopologySpread'];
    case 'StorageChange':
      return ['VolumeBinding'];
  }
}

/** The QueueingHint of `plugin` for `pending` on `ev`: true means Queue. */
export function hint(plugin: string, pending: PodInfo, ev: ClusterEvent): boolean {
  switch (plugin) {
    case 'TaintToleration':
      if (ev.type === 'NodeAdd' || ev.type === 'NodeUpdate') return !findUntoleratedTaint(ev.node.taints, podTolerations(pending.pod), doNotScheduleTaints);
      return true;
    case 'NodeAffinity':
      if (ev.type === 'NodeAdd' || ev.type === 'NodeUpdate') return new RequiredNodeAffinity(pending.pod).match(ev.node.name, ev.node.labels);
      return true;
    case 'NodeUnschedulable':
      if (ev.type === 'NodeAdd' || ev.type === 'NodeUpdate') return !ev.node.unschedulable;
      return true;
    case 'NodePorts':
      if (ev.type === 'AssignedPodDelete') return !!ev.pod.ports;
      return true;
    case 'InterPodAffinity':
      return interPodAffinityHint(pending, ev);
    case 'PodTopologySpread':
      return spreadHint(pending, ev);
    default:
      return true;
  }
}

function interPodAffinityHint(pending: PodInfo, ev: ClusterEvent): boolean {
  const terms = pending.requiredAffinity ?? [];
  const anti = pending.requiredAntiAffinity ?? [];
  switch (ev.type) {
    case 'AssignedPodAdd':
      return matchesAllTerms(terms, ev.pod.namespace, ev.pod.labels);
    case 'AssignedPodUpdate':
      return (
        (!matchesAllTerms(terms, ev.old.namespace, ev.old.labels) && matchesAllTerms(terms, ev.pod.namespace, ev.pod.labels)) ||
        (matchesAllTerms(anti, ev.old.namespace, ev.old.labels) && !matchesAllTerms(anti, ev.pod.namespace, ev.pod.labels))
      );
    case 'AssignedPodDelete':
      // The deleted pod matched the pending pod's anti-affinity, or carried anti-affinity against it.
      return matchesAllTerms(anti, ev.pod.namespace, ev.pod.labels) || (ev.pod.requiredAntiAffinity ?? []).some((t) => termMatches(t, pending.namespace, pending.labels, null));
    default:
      return true;
  }
}

function spreadHint(pending: PodInfo, ev: ClusterEvent): boolean {
  if (ev.type !== 'AssignedPodAdd' && ev.type !== 'AssignedPodUpdate' && ev.type !== 'AssignedPodDelete') return true;
  if (ev.pod.namespace !== pending.namespace) return false;
  const specs: { labelSelector?: never }[] = Array.isArray(pending.pod.spec?.topologySpreadConstraints) ? pending.pod.spec.topologySpreadConstraints : [];
  const matches = (labels: Readonly<Record<string, string>>) => specs.some((c) => labelSelectorFromSpec(c.labelSelector).matches(labels));
  return matches(ev.pod.labels) || (ev.type === 'AssignedPodUpdate' && matches(ev.old.labels));
}
