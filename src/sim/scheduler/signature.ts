// What of a pending pod can change its scheduling (isPodUpdated), as the scheduler last saw it.
import type { KObject } from '../api/types';
import { keepShape } from '../core/shapes';

/**
 * isPodUpdated: labels, annotations and spec — not status or resourceVersion. The objects are
 * kept (stored objects are never changed in place) and their JSON made only when a later update
 * brings other objects: most pods are never updated while pending, so most never need it.
 */
export class SchedulingSignature {
  private json: string | undefined;
  private readonly labels: unknown;
  private readonly annotations: unknown;
  private readonly spec: unknown;

  constructor(p: KObject) {
    this.labels = p.metadata.labels ?? null;
    this.annotations = p.metadata.annotations ?? null;
    this.spec = p.spec ?? null;
  }

  private text(): string {
    return (this.json ??= JSON.stringify([this.labels, this.annotations, this.spec]));
  }

  equals(o: SchedulingSignature): boolean {
    if (this.labels === o.labels && this.annotations === o.annotations && this.spec === o.spec) return true;
    return this.text() === o.text();
  }
}

// Pending pods come and go (see core/shapes.ts).
keepShape(new SchedulingSignature({ apiVersion: 'v1', kind: 'Pod', metadata: {} }));

