// `kubectl describe replicaset` and `describe replicationcontroller` (kubectl/pkg/describe/
// describe.go describeReplicaSet, describeReplicationController, getPodStatusForController).
import { controllerOf } from '../../api/meta';
import { formatLabelSelector, labelSelectorFromSet, labelSelectorFromSpec } from '../../api/selectors';
import type { KObject } from '../../api/types';
import { describePodTemplate } from '../verbs/rollout.template';
import { conditionsTable } from './deployment';
import { controlledBy, describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { LEVEL_0, tabbedString } from './writer';

/** `getPodStatusForController`: phases of the pods the selector finds that this controller owns. */
function podStatus(ctx: DescribeContext, o: KObject, matches: (labels: Record<string, string>) => boolean): string {
  const n = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 } as Record<string, number>;
  for (const p of ctx.cluster.list('/Pod', o.metadata.namespace)) {
    if (!matches(p.metadata.labels ?? {}) || controllerOf(p)?.uid !== o.metadata.uid) continue;
    const phase = p.status?.phase ?? '';
    if (phase in n) n[phase]++;
  }
  return `${n.Running} Running / ${n.Pending} Waiting / ${n.Succeeded} Succeeded / ${n.Failed} Failed`;
}

function describeReplicas(ctx: DescribeContext, o: KObject, selector: string, matches: (labels: Record<string, string>) => boolean, withController: boolean): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${o.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${o.metadata.namespace}\n`);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    printLabelsMultiline(w, 'Labels', o.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', o.metadata.annotations);
    const owner = withController ? controlledBy(o) : undefined;
    if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
    w.write(LEVEL_0, `Replicas:\t${o.status?.replicas ?? 0} current / ${o.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${podStatus(ctx, o, matches)}\n`);
    w.write(LEVEL_0, describePodTemplate(o.spec?.template));
    w.write(LEVEL_0, conditionsTable(o.status?.conditions));
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, o), ctx.nowMs);
  });
}

export function describeReplicaSet(ctx: DescribeContext, rs: KObject): string {
  const sel = labelSelectorFromSpec(rs.spec?.selector);
  return describeReplicas(ctx, rs, formatLabelSelector(rs.spec?.selector), (l) => sel.matches(l), true);
}

export function describeReplicationController(ctx: DescribeContext, rc: KObject): string {
  const sel = labelSelectorFromSet(rc.spec?.selector ?? {});
  const formatted = Object.keys(rc.spec?.selector ?? {}).sort().map((k) => `${k}=${rc.spec.selector[k]}`).join(',') || '<none>';
  return describeReplicas(ctx, rc, formatted, (l) => !sel.empty && sel.matches(l), false);
}

registerDescriber('apps/ReplicaSet', describeReplicaSet);
registerDescriber('ReplicationController', describeReplicationController);
