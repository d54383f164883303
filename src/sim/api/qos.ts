// Pod QoS class (pkg/apis/core/helper/qos): Guaranteed, Burstable or BestEffort.
import { parseQuantity } from './quantity';

type Resources = { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
const COMPUTE = ['cpu', 'memory'];

export function podQOSClass(spec: { containers?: unknown; initContainers?: unknown }): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  // Init containers, then containers, each list walked in place (no merged copy: every pod
  // created asks).
  const bits = containerBits(spec.initContainers) | containerBits(spec.containers);
  if (!(bits & ANY_RESOURCE)) return 'BestEffort';
  return !(bits & NOT_GUARANTEED) && bits & SOME_CONTAINER ? 'Guaranteed' : 'Burstable';
}

/** What containerBits found: a container (an object), a compute request or limit, a resource not guaranteed. */
const SOME_CONTAINER = 1;
const ANY_RESOURCE = 2;
const NOT_GUARANTEED = 4;
const NONE: Record<string, unknown> = Object.freeze({});

function containerBits(list: unknown): number {
  if (!Array.isArray(list)) return 0;
  let bits = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as { resources?: Resources } | null | undefined;
    if (typeof c !== 'object' || c === null) continue;
    bits |= SOME_CONTAINER;
    const req = c.resources?.requests ?? NONE;
    const lim = c.resources?.limits ?? NONE;
    for (let j = 0; j < COMPUTE.length; j++) {
      const r = COMPUTE[j]!;
      const q = parseQuantity(req[r]);
      const l = parseQuantity(lim[r]);
      if ((q ?? 0) > 0 || (l ?? 0) > 0) bits |= ANY_RESOURCE;
      if (l === undefined || (q !== undefined && q !== l)) bits |= NOT_GUARANTEED;
    }
  }
  return bits;
}
