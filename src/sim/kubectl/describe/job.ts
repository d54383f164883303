// `kubectl describe job` (describe.go describeJob).
import type { KObject } from '../../api/types';
import { humanDuration, parseTimestamp } from '../printers/duration';
import { describePodTemplate } from '../verbs/rollout.template';
import { controlledBy, describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { selectorString } from './workloads.common';
import { LEVEL_0, tabbedString } from './writer';

const isSet = (v: unknown) => v !== undefined && v !== null;

/** capIndexesListOrNone: the completed indexes, cut at `limit` characters with `...`. */
function capIndexes(indexes: string | undefined, limit: number): string {
  if (!indexes) return '<none>';
  const ix = indexes.indexOf(',', limit);
  return ix === -1 || indexes.length <= limit ? indexes : `${indexes.slice(0, ix)},...`;
}

export function describeJob(ctx: DescribeContext, job: KObject): string {
  const spec = job.spec ?? {};
  const st = job.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${job.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', job.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
    const owner = controlledBy(job);
    if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
    w.write(LEVEL_0, `Parallelism:\t${spec.parallelism ?? 0}\n`);
    w.write(LEVEL_0, isSet(spec.completions) ? `Completions:\t${spec.completions}\n` : 'Completions:\t<unset>\n');
    if (isSet(spec.completionMode)) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (isSet(spec.suspend)) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (isSet(spec.backoffLimit)) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (isSet(spec.ttlSecondsAfterFinished)) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (st.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
    if (st.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(st.completionTime)}\n`);
    if (st.startTime && st.completionTime) w.write(LEVEL_0, `Duration:\t${humanDuration((parseTimestamp(st.completionTime) ?? 0) - (parseTimestamp(st.startTime) ?? 0))}\n`);
    if (isSet(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    if (isSet(st.ready)) w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
    else w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
    if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(st.completedIndexes, 50)}\n`);
    w.write(LEVEL_0, describePodTemplate(spec.template));
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, job), ctx.nowMs);
  });
}

registerDescriber('batch/Job', describeJob);
