// Pod QoS class (pkg/apis/core/helper/qos): Guaranteed, Burstable or BestEffort.
import { parseQuantity } from './quantity';

type Resources = { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
const COMPUTE = ['cpu', 'memory'];

export function podQOSClass(spec: { containers?: unknown; initContainers?: unknown }): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
    ...(Array.isArray(spec.containers) ? spec.containers : []),
  ].filter((c): c is { resources?: Resources } => typeof c === 'object' && c !== null);
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of COMPUTE) {
      const q = parseQuantity(req[r]);
      const l = parseQuantity(lim[r]);
      if ((q ?? 0) > 0 || (l ?? 0) > 0) any = true;
      if (l === undefined || (q !== undefined && q !== l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed && containers.length > 0 ? 'Guaranteed' : 'Burstable';
}
