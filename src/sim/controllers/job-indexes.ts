// Indexed Jobs (pkg/controller/job/indexed_job_utils.go): completion indexes of pods, the
// `status.completedIndexes` interval format ("0-2,4", "1,2"), and the pod template changes of an
// indexed pod (annotation, label, hostname, JOB_COMPLETION_INDEX, generateName `<job>-<index>-`).

import type { KObject } from '../api/types';

export const JOB_COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** `MaxGeneratedNameLength` = 63 − 5 random characters. */
const MAX_GENERATED_NAME_LENGTH = 58;

export interface Interval {
  first: number;
  last: number;
}

/** `orderedIntervals`: sorted, non-overlapping, non-adjacent intervals of indexes. */
export type OrderedIntervals = Interval[];

export function isIndexedJob(job: KObject): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** `getCompletionIndex`: the pod's index annotation, or -1 when missing or invalid. */
export function getCompletionIndex(pod: KObject): number {
  const v = pod.metadata.annotations?.[JOB_COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^\d+$/.test(v)) return -1;
  const n = Number(v);
  return n <= 2147483647 ? n : -1;
}

/** `parseIndexesFromString`: "0-2,4" → intervals, ignoring indexes ≥ completions. */
export function parseIndexes(s: string | undefined, completions: number): OrderedIntervals {
  const out: OrderedIntervals = [];
  if (!s) return out;
  let last: Interval | undefined;
  for (const part of s.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    const first = Number(m[1]);
    if (first >= completions) break;
    const lastIx = Math.min(m[2] !== undefined ? Number(m[2]) : first, completions - 1);
    if (last && first === last.last + 1) last.last = lastIx;
    else {
      last = { first, last: lastIx };
      out.push(last);
    }
  }
  return out;
}

/** `orderedIntervals.String()`: "0-2,4"; two adjacent indexes print as "1,2". */
export function formatIndexes(oi: OrderedIntervals): string {
  return oi
    .map((v) => (v.last > v.first ? `${v.first}${v.last === v.first + 1 ? ',' : '-'}${v.last}` : String(v.first)))
    .join(',');
}

/** `withOrderedIndexes`: the intervals plus sorted indexes, merged. */
export function withOrderedIndexes(oi: OrderedIntervals, indexes: readonly number[]): OrderedIntervals {
  const all = new Set<number>(indexes);
  for (const v of oi) for (let i = v.first; i <= v.last; i++) all.add(i);
  const sorted = [...all].sort((a, b) => a - b);
  const out: OrderedIntervals = [];
  for (const ix of sorted) {
    const last = out[out.length - 1];
    if (last && ix === last.last + 1) last.last = ix;
    else out.push({ first: ix, last: ix });
  }
  return out;
}

export function intervalsTotal(oi: OrderedIntervals): number {
  return oi.reduce((n, v) => n + v.last - v.first + 1, 0);
}

export function intervalsHas(oi: OrderedIntervals, ix: number): boolean {
  return oi.some((v) => ix >= v.first && ix <= v.last);
}

/**
 * `firstPendingIndexes`: up to `count` indexes below `completions` that neither succeeded nor
 * have an active (or, with podReplacementPolicy Failed, terminating) pod.
 */
export function firstPendingIndexes(succeeded: OrderedIntervals, busyPods: readonly KObject[], count: number, completions: number): number[] {
  if (count === 0) return [];
  const busy = busyPods.map(getCompletionIndex).filter((ix) => ix >= 0);
  const nonPending = withOrderedIndexes(succeeded, busy);
  const out: number[] = [];
  for (let ix = 0; ix < completions && out.length < count; ix++) if (!intervalsHas(nonPending, ix)) out.push(ix);
  return out;
}

/** `addCompletionIndexEnvVariables`: JOB_COMPLETION_INDEX from the index annotation, in every container. */
export function addCompletionIndexEnv(template: KObject['spec']): void {
  const spec = template?.spec ?? {};
  for (const list of [spec.initContainers, spec.containers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      const env = Array.isArray(c.env) ? c.env : (c.env = []);
      if (env.some((e: { name?: string }) => e?.name === JOB_COMPLETION_INDEX_ENV)) continue;
      env.push({
        name: JOB_COMPLETION_INDEX_ENV,
        valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX_ANNOTATION}']` } },
      });
    }
  }
}

/** The template of the pod for one index: annotation + label (PodIndexLabel), hostname `<job>-<ix>`. */
export function indexedPodTemplate(template: KObject['spec'], jobName: string, index: number): KObject['spec'] {
  const t = structuredClone(template);
  t.metadata = t.metadata ?? {};
  t.metadata.annotations = { ...(t.metadata.annotations ?? {}), [JOB_COMPLETION_INDEX_ANNOTATION]: String(index) };
  t.metadata.labels = { ...(t.metadata.labels ?? {}), [JOB_COMPLETION_INDEX_ANNOTATION]: String(index) };
  t.spec = { ...(t.spec ?? {}), hostname: `${jobName}-${index}` };
  return t;
}

/** `podGenerateNameWithIndex`: `<job>-<index>-`, the job name cut so the prefix fits 58 characters. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const appendix = `-${index}-`;
  const prefix = jobName + appendix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? jobName.slice(0, MAX_GENERATED_NAME_LENGTH - appendix.length) + appendix : prefix;
}
