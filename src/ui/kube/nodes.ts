// What the UI shows of a Node: its Ready condition, role and zone, read as kubectl reads them.

import type { KObject } from '../../sim/api/types';

export type NodeReadiness = 'Ready' | 'NotReady' | 'Unknown';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
const ROLE_PREFIX = 'node-role.kubernetes.io/';

interface Condition {
  type?: string;
  status?: string;
}

/** The Ready condition: True → Ready, False → NotReady, Unknown or missing → Unknown. */
export function nodeReadiness(node: KObject): NodeReadiness {
  const conds: Condition[] = node.status?.conditions ?? [];
  const ready = conds.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return 'Ready';
  if (ready?.status === 'False') return 'NotReady';
  return 'Unknown';
}

/** kubectl's ROLES column, except a node without role labels is a `worker`. */
export function nodeRoles(node: KObject): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length)
    .map((k) => k.slice(ROLE_PREFIX.length))
    .sort();
  return roles.length > 0 ? roles.join(',') : 'worker';
}

export function nodeZone(node: KObject): string | undefined {
  return node.metadata.labels?.[ZONE_LABEL];
}

export function nodeUnschedulable(node: KObject): boolean {
  return node.spec?.unschedulable === true;
}
