// `kubectl describe daemonset` (describe.go describeDaemonSet).
import type { KObject } from '../../api/types';
import { describePodTemplate } from '../verbs/rollout.template';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { formatLabels } from './service';
import { podStatusFor, selectorString } from './workloads.common';
import { LEVEL_0, tabbedString } from './writer';

export function describeDaemonSet(ctx: DescribeContext, ds: KObject): string {
  const spec = ds.spec ?? {};
  const st = ds.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(spec.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', ds.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podStatusFor(ctx, ds, spec.selector)}\n`);
    w.write(LEVEL_0, describePodTemplate(spec.template));
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, ds), ctx.nowMs);
  });
}

registerDescriber('apps/DaemonSet', describeDaemonSet);
