// Zones as the node lifecycle controller sees them (v1.32): the zone key of a node, a zone's
// health from its nodes' Ready conditions, and the NoExecute tainting rate that health allows.
import type { KObject } from '../../api/types';

export const NODE_EVICTION_RATE = 0.1;
export const SECONDARY_NODE_EVICTION_RATE = 0.01;
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
export const LARGE_CLUSTER_SIZE_THRESHOLD = 50;

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** nodetopology.GetZoneKey: region and zone joined by `:\0:`, '' without either. */
export function zoneKey(node: KObject): string {
  const l = node.metadata.labels ?? {};
  const zone = l['failure-domain.beta.kubernetes.io/zone'] ?? l['topology.kubernetes.io/zone'] ?? '';
  const region = l['failure-domain.beta.kubernetes.io/region'] ?? l['topology.kubernetes.io/region'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

/** ComputeZoneState: a zone's state from its nodes' Ready statuses (undefined: no condition). */
export function computeZoneState(conditions: (string | undefined)[]): ZoneState {
  const ready = conditions.filter((s) => s === 'True').length;
  const notReady = conditions.length - ready;
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / conditions.length >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}

/**
 * setLimiterInZone's rate: a partially disrupted zone slows to the secondary rate in large
 * clusters and stops in small ones; otherwise the normal rate.
 */
export function zoneTaintingQPS(zoneSize: number, state: ZoneState): number {
  return state === 'PartialDisruption' ? (zoneSize > LARGE_CLUSTER_SIZE_THRESHOLD ? SECONDARY_NODE_EVICTION_RATE : 0) : NODE_EVICTION_RATE;
}
