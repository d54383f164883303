// `kubectl describe cronjob` (describe.go describeCronJob, describeJobTemplate, printActiveJobs).
import type { KObject } from '../../api/types';
import { describePodTemplate } from '../verbs/rollout.template';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { selectorString } from './workloads.common';
import { LEVEL_0, tabbedString } from './writer';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const isSet = (v: unknown) => v !== undefined && v !== null;
const boolPtr = (v: unknown) => (isSet(v) ? (v ? 'True' : 'False') : '<unset>');

export function describeCronJob(ctx: DescribeContext, cj: KObject): string {
  const spec = cj.spec ?? {};
  const jt: Json = spec.jobTemplate?.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cj.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace}\n`);
    printLabelsMultiline(w, 'Labels', cj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ''}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Suspend:\t${boolPtr(spec.suspend)}\n`);
    w.write(LEVEL_0, `Successful Job History Limit:\t${isSet(spec.successfulJobsHistoryLimit) ? spec.successfulJobsHistoryLimit : '<unset>'}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${isSet(spec.failedJobsHistoryLimit) ? spec.failedJobsHistoryLimit : '<unset>'}\n`);
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${isSet(spec.startingDeadlineSeconds) ? `${spec.startingDeadlineSeconds}s` : '<unset>'}\n`);
    w.write(LEVEL_0, `Selector:\t${isSet(jt.selector) ? selectorString(jt.selector) : '<unset>'}\n`);
    w.write(LEVEL_0, `Parallelism:\t${isSet(jt.parallelism) ? jt.parallelism : '<unset>'}\n`);
    w.write(LEVEL_0, `Completions:\t${isSet(jt.completions) ? jt.completions : '<unset>'}\n`);
    if (isSet(jt.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${jt.activeDeadlineSeconds}s\n`);
    w.write(LEVEL_0, describePodTemplate(jt.template));
    w.write(LEVEL_0, `Last Schedule Time:\t${cj.status?.lastScheduleTime ? rfc1123z(cj.status.lastScheduleTime) : '<unset>'}\n`);
    const active: Json[] = cj.status?.active ?? [];
    w.write(LEVEL_0, `Active Jobs:\t${active.length === 0 ? '<none>' : active.map((j) => j.name).join(', ')}\n`);
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, cj), ctx.nowMs);
  });
}

registerDescriber('batch/CronJob', describeCronJob);
