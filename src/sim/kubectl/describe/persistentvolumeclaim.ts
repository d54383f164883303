// `kubectl describe persistentvolumeclaim` (describe.go describePersistentVolumeClaim,
// printPersistentVolumeClaim, printPodsMultiline, getPodsForPVC).
import type { KObject } from '../../api/types';
import { describeEvents, eventsFor, goSorted, lastsFor, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { claimClass } from './statefulset';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './writer';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** storageutil.GetAccessModesAsString. */
export function accessModesString(modes: string[] | undefined): string {
  const m = modes ?? [];
  const out: string[] = [];
  for (const [mode, short] of [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']]) if (m.includes(mode)) out.push(short);
  return out.join(',');
}

/** printPodsMultilineWithIndent: pod names sorted, one a line. */
function printPodsMultiline(w: PrefixWriter, title: string, pods: KObject[]): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (pods.length === 0) {
    w.writeLine('<none>');
    return;
  }
  goSorted(pods, (a, b) => (a.metadata.name ?? '') < (b.metadata.name ?? '')).forEach((p, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${p.metadata.name}\n`);
  });
}

/** The pods mounting the claim (a persistentVolumeClaim volume, or an ephemeral one it was made for). */
function podsForClaim(ctx: DescribeContext, pvc: KObject): KObject[] {
  return ctx.cluster.list('/Pod', pvc.metadata.namespace).filter((p) =>
    ((p.spec?.volumes ?? []) as Json[]).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name || (v.ephemeral && `${p.metadata.name}-${v.name}` === pvc.metadata.name)),
  );
}

export function describePersistentVolumeClaim(ctx: DescribeContext, pvc: KObject): string {
  const spec = pvc.spec ?? {};
  const st = pvc.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pvc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pvc.metadata.namespace}\n`);
    w.write(LEVEL_0, `StorageClass:\t${claimClass(pvc)}\n`);
    if (pvc.metadata.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${lastsFor(pvc.metadata.deletionTimestamp, ctx.nowMs)})\n`);
    else w.write(LEVEL_0, `Status:\t${st.phase ?? ''}\n`);
    w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t[${(pvc.metadata.finalizers ?? []).join(' ')}]\n`);
    const bound = !!spec.volumeName;
    w.write(LEVEL_0, `Capacity:\t${bound ? (st.capacity?.storage ?? '0') : ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${bound ? accessModesString(st.accessModes) : ''}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    if (spec.dataSource) {
      w.write(LEVEL_0, 'DataSource:\n');
      if (spec.dataSource.apiGroup) w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind ?? ''}\n`);
      w.write(LEVEL_1, `Name:\t${spec.dataSource.name ?? ''}\n`);
    }
    printPodsMultiline(w, 'Used By', podsForClaim(ctx, pvc));
    const conds: Json[] = st.conditions ?? [];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conds) w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, pvc), ctx.nowMs);
  });
}

registerDescriber('PersistentVolumeClaim', describePersistentVolumeClaim);
