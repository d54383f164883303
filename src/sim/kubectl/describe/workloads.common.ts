// Shared pieces of the workload describers (describe.go getPodStatusForController).
import { controllerOf } from '../../api/meta';
import { labelSelectorFromSpec } from '../../api/selectors';
import type { KObject } from '../../api/types';
import type { DescribeContext } from './registry';

/** `getPodStatusForController`: phases of the pods the selector finds that `o` controls. */
export function podStatusFor(ctx: DescribeContext, o: KObject, selector: KObject['spec']): string {
  const sel = labelSelectorFromSpec(selector);
  const n = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 } as Record<string, number>;
  for (const p of ctx.cluster.list('/Pod', o.metadata.namespace)) {
    if (!sel.matches(p.metadata.labels ?? {}) || controllerOf(p)?.uid !== o.metadata.uid) continue;
    const phase = p.status?.phase ?? '';
    if (phase in n) n[phase]++;
  }
  return `${n.Running} Running / ${n.Pending} Waiting / ${n.Succeeded} Succeeded / ${n.Failed} Failed`;
}

/** metav1.LabelSelectorAsSelector(...).String(). */
export function selectorString(selector: KObject['spec']): string {
  return labelSelectorFromSpec(selector).selectorString;
}
