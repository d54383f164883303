// `kubectl describe statefulset` (describe.go describeStatefulSet, describeVolumeClaimTemplates).
import type { KObject } from '../../api/types';
import { describePodTemplate } from '../verbs/rollout.template';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { podStatusFor, selectorString } from './workloads.common';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './writer';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** storageutil.GetPersistentVolumeClaimClass. */
export function claimClass(pvc: Json): string {
  const beta = pvc?.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return pvc?.spec?.storageClassName ?? '';
}

function describeVolumeClaimTemplates(w: PrefixWriter, templates: Json[]): void {
  if (templates.length === 0) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const pvc of templates) {
    w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
    w.write(LEVEL_1, `StorageClass:\t${claimClass(pvc)}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ', '\t');
    printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ', '\t');
    const storage = pvc.spec?.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${storage ?? '<default>'}\n`);
    w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

export function describeStatefulSet(ctx: DescribeContext, ss: KObject): string {
  const spec = ss.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ss.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ss.metadata.namespace}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(ss.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', ss.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ss.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 1} desired | ${ss.status?.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
    const ru = spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podStatusFor(ctx, ss, spec.selector)}\n`);
    w.write(LEVEL_0, describePodTemplate(spec.template));
    describeVolumeClaimTemplates(w, spec.volumeClaimTemplates ?? []);
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, ss), ctx.nowMs);
  });
}

registerDescriber('apps/StatefulSet', describeStatefulSet);
