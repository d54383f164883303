// framework.CycleState: what one scheduling attempt of one pod knows — the pod, its PodInfo, the
// cache snapshot it reads, and each plugin's precomputed state.

import type { ObjectStore } from '../api/store';
import type { KObject } from '../api/types';
import type { SchedulerCache } from './cache';
import type { PodInfo } from './podinfo';
import { keepShape } from '../core/shapes';

export class CycleState {
  /** Plugin name → that plugin's PreFilter/PreScore state. */
  readonly data = new Map<string, unknown>();
  private nsLabelsCache: Readonly<Record<string, string>> | undefined;

  constructor(
    readonly pod: KObject,
    readonly pi: PodInfo,
    readonly cache: SchedulerCache,
    readonly store: ObjectStore,
  ) {}

  /** Labels of the pod's namespace (GetNamespaceLabelsSnapshot). */
  get nsLabels(): Readonly<Record<string, string>> {
    if (this.nsLabelsCache === undefined) {
      this.nsLabelsCache = this.store.get('/Namespace', undefined, this.pi.namespace)?.metadata.labels ?? {};
    }
    return this.nsLabelsCache;
  }

  read<T>(plugin: string): T | undefined {
    return this.data.get(plugin) as T | undefined;
  }

  write(plugin: string, v: unknown): void {
    this.data.set(plugin, v);
  }

  /** A copy whose plugin states can be changed by what-ifs without touching this one. */
  cloneWith(cloneState: (plugin: string, v: unknown) => unknown): CycleState {
    const c = new CycleState(this.pod, this.pi, this.cache, this.store);
    c.nsLabelsCache = this.nsLabelsCache;
    for (const [k, v] of this.data) c.data.set(k, cloneState(k, v));
    return c;
  }
}

// An attempt's state lives only during the attempt (see core/shapes.ts).
keepShape(new CycleState(null!, null!, null!, null!));
