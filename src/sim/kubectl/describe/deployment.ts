// `kubectl describe deployment` (kubectl/pkg/describe/describe.go DeploymentDescriber,
// describeDeployment, printReplicaSetsByLabels) in the v1.32 layout.
import { controllerOf } from '../../api/meta';
import { labelSelectorFromSpec } from '../../api/selectors';
import type { KObject } from '../../api/types';
import { equalIgnoreHash } from '../../controllers/deployment.util';
import { describePodTemplate } from '../verbs/rollout.template';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { LEVEL_0, tabbedString } from './writer';

const byCreation = (a: KObject, b: KObject) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0);

/** kubectl's deployment util: the Deployment's ReplicaSets, the new one (oldest with its template) and the old ones still scaled up. */
export function deploymentReplicaSets(ctx: DescribeContext, d: KObject): { oldRSs: KObject[]; newRS?: KObject } {
  const sel = labelSelectorFromSpec(d.spec?.selector);
  const owned = ctx.cluster
    .list('apps/ReplicaSet', d.metadata.namespace)
    .filter((rs) => sel.matches(rs.metadata.labels ?? {}) && controllerOf(rs)?.uid === d.metadata.uid)
    .sort(byCreation);
  const newRS = owned.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
  const oldRSs = owned.filter((rs) => rs !== newRS && (rs.spec?.replicas ?? 0) !== 0);
  return { oldRSs, newRS };
}

/** `printReplicaSetsByLabels`: `web-7c5ddbdf54 (3/3 replicas created)`, comma-joined, `<none>`. */
export function replicaSetsByLabels(rss: KObject[]): string {
  return rss.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ') || '<none>';
}

/** Conditions table of a workload: `Type  Status  Reason`. */
export function conditionsTable(conditions: { type: string; status: string; reason?: string }[] | undefined): string {
  if (!conditions || conditions.length === 0) return '';
  return `Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n${conditions.map((c) => `  ${c.type} \t${c.status}\t${c.reason ?? ''}\n`).join('')}`;
}

export function describeDeployment(ctx: DescribeContext, d: KObject): string {
  const spec = d.spec ?? {};
  const status = d.status ?? {};
  const { oldRSs, newRS } = deploymentReplicaSets(ctx, d);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${labelSelectorFromSpec(spec.selector).selectorString}\n`);
    w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`);
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? 0} max unavailable, ${ru.maxSurge ?? 0} max surge\n`);
    w.write(LEVEL_0, describePodTemplate(spec.template));
    w.write(LEVEL_0, conditionsTable(status.conditions));
    if (oldRSs.length > 0 || newRS) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsByLabels(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsByLabels(newRS ? [newRS] : [])}\n`);
    }
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, d), ctx.nowMs);
  });
}

registerDescriber('apps/Deployment', describeDeployment);

