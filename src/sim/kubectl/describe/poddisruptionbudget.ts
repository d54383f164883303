// `kubectl describe poddisruptionbudget` (describe.go describePodDisruptionBudgetV1).
import type { KObject } from '../../api/types';
import { describeEvents, eventsFor } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { selectorString } from './workloads.common';
import { LEVEL_0, LEVEL_2, tabbedString } from './writer';

const isSet = (v: unknown) => v !== undefined && v !== null;

export function describePDB(ctx: DescribeContext, pdb: KObject): string {
  const spec = pdb.spec ?? {};
  const st = pdb.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pdb.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace}\n`);
    if (isSet(spec.minAvailable)) w.write(LEVEL_0, `Min available:\t${spec.minAvailable}\n`);
    else if (isSet(spec.maxUnavailable)) w.write(LEVEL_0, `Max unavailable:\t${spec.maxUnavailable}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${st.disruptionsAllowed ?? 0}\n`);
    w.write(LEVEL_2, `Current:\t${st.currentHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Desired:\t${st.desiredHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Total:\t${st.expectedPods ?? 0}\n`);
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, pdb), ctx.nowMs);
  });
}

registerDescriber('policy/PodDisruptionBudget', describePDB);
