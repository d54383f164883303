// The describer registry: `registerDescriber('Pod', fn)` (or `'apps/Deployment'`) adds the
// describe output of a kind; kinds without one get the generic describer (generic.ts).
import type { KObject } from '../../api/types';
import type { Cluster } from '../../cluster';

export interface DescribeContext {
  cluster: Cluster;
  nowMs: number;
  /** `--show-events` (default true). */
  showEvents: boolean;
  /** `--chunk-size`, for describers that list (kubectl's default 500). */
  chunkSize: number;
}

/** Returns the whole describe text of one object (ending in a newline). */
export type Describer = (ctx: DescribeContext, obj: KObject) => string;

const describers = new Map<string, Describer>();

/** Registers the describer of a kind: `Pod`, `Node`, or `group/Kind` (`apps/Deployment`) when the kind name is ambiguous. */
export function registerDescriber(kind: string, fn: Describer): void {
  describers.set(kind, fn);
}

export function describerFor(group: string, kind: string): Describer | undefined {
  return describers.get(`${group}/${kind}`) ?? describers.get(kind);
}
