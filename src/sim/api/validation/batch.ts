// batch/v1 Job and CronJob (`pkg/apis/batch/validation/validation.go`).

import { invalid, notSupported, required, tooLong } from './errors';
import { type Errs, type Obj, deepEqual, getBool, getObj, getObjArr, getStr, immutableField, isObj, nonNegative } from './check';
import { cronScheduleError } from './cron';
import { goLabelSelector, goStringMap } from './gorepr';
import { selectorMatches, validateLabelSelector, validateObjectMeta } from './meta';
import { isDNS1123Label, nameIsDNSSubdomain } from './names';
import { templateLabels, templateRestartPolicy, validatePodTemplateSpec } from './pod';

const MAX_PARALLELISM_INDEXED = 100000;
const POD_FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

/** `validateJobSpec`: everything but the selector. `path` is `spec` or `spec.jobTemplate.spec`. */
function validateJobSpecCommon(errs: Errs, path: string, spec: Obj): void {
  nonNegative(errs, `${path}.parallelism`, spec.parallelism);
  nonNegative(errs, `${path}.completions`, spec.completions);
  nonNegative(errs, `${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds);
  nonNegative(errs, `${path}.backoffLimit`, spec.backoffLimit);
  nonNegative(errs, `${path}.ttlSecondsAfterFinished`, spec.ttlSecondsAfterFinished);
  const blpi = nonNegative(errs, `${path}.backoffLimitPerIndex`, spec.backoffLimitPerIndex);
  const mfi = nonNegative(errs, `${path}.maxFailedIndexes`, spec.maxFailedIndexes);
  if (mfi !== undefined && blpi === undefined) errs.push(required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  const managedBy = getStr(errs, `${path}.managedBy`, spec.managedBy);
  if (managedBy !== undefined && managedBy.length > 63) errs.push(tooLong(`${path}.managedBy`, 63));
  const mode = getStr(errs, `${path}.completionMode`, spec.completionMode);
  const completions = typeof spec.completions === 'number' ? spec.completions : undefined;
  const parallelism = typeof spec.parallelism === 'number' ? spec.parallelism : undefined;
  if (mode !== undefined) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (completions === undefined) errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
      if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED)
        errs.push(invalid(`${path}.parallelism`, parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
      if (completions !== undefined && mfi !== undefined && mfi > completions)
        errs.push(invalid(`${path}.maxFailedIndexes`, mfi, 'must be less than or equal to completions'));
    }
  }
  if (mode === undefined || mode === 'NonIndexed') {
    if (blpi !== undefined) errs.push(invalid(`${path}.backoffLimitPerIndex`, blpi, 'requires indexed completion mode'));
    if (mfi !== undefined) errs.push(invalid(`${path}.maxFailedIndexes`, mfi, 'requires indexed completion mode'));
  }
  const pfp = getObj(errs, `${path}.podFailurePolicy`, spec.podFailurePolicy);
  if (pfp) {
    getObjArr(errs, `${path}.podFailurePolicy.rules`, pfp.rules).forEach((rule, i) => {
      if (!rule) return;
      const rp = `${path}.podFailurePolicy.rules[${i}]`;
      const action = getStr(errs, `${rp}.action`, rule.action) ?? '';
      if (!action) errs.push(required(`${rp}.action`, `valid values: ["${POD_FAILURE_ACTIONS.join('" "')}"]`));
      else if (action === 'FailIndex') {
        if (blpi === undefined) errs.push(invalid(`${rp}.action`, action, 'requires the backoffLimitPerIndex to be set'));
      } else if (!POD_FAILURE_ACTIONS.includes(action)) errs.push(notSupported(`${rp}.action`, action, POD_FAILURE_ACTIONS));
      const hasCodes = isObj(rule.onExitCodes);
      const hasConds = Array.isArray(rule.onPodConditions) && rule.onPodConditions.length > 0;
      if (hasCodes && hasConds) errs.push({ type: 'Invalid', field: rp, omitValue: true, detail: 'specifying both OnExitCodes and OnPodConditions is not supported' });
      if (!hasCodes && !hasConds) errs.push({ type: 'Invalid', field: rp, omitValue: true, detail: 'specifying one of OnExitCodes and OnPodConditions is required' });
    });
  }
  if (spec.successPolicy !== undefined && spec.successPolicy !== null && mode !== 'Indexed')
    errs.push(invalid(`${path}.successPolicy`, spec.successPolicy, 'requires indexed completion mode'));
  const prp = getStr(errs, `${path}.podReplacementPolicy`, spec.podReplacementPolicy);
  if (prp !== undefined) {
    if (pfp) {
      if (prp !== 'Failed') errs.push(notSupported(`${path}.podReplacementPolicy`, prp, ['Failed']));
    } else if (prp !== 'Failed' && prp !== 'TerminatingOrFailed')
      errs.push(notSupported(`${path}.podReplacementPolicy`, prp, ['Failed', 'TerminatingOrFailed']));
  }
  validatePodTemplateSpec(errs, `${path}.template`, spec.template);
  const rp = templateRestartPolicy(spec.template);
  const rpPath = `${path}.template.spec.restartPolicy`;
  if (rp === 'Always' || rp === '') errs.push(required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never') errs.push(notSupported(rpPath, rp, ['OnFailure', 'Never']));
  else if (pfp && rp !== 'Never') errs.push(invalid(rpPath, rp, 'only "Never" is supported when podFailurePolicy is specified'));
}

/**
 * Job. With `manualSelector` unset or false the API server generates the selector (and the
 * template labels) from the Job's uid, so a missing selector is not reported then.
 */
export function validateJob(errs: Errs, obj: Obj, old?: Obj): void {
  if (!old) validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  validateJobSpecCommon(errs, 'spec', spec);
  const manual = getBool(errs, 'spec.manualSelector', spec.manualSelector) === true;
  if (spec.selector === undefined || spec.selector === null) {
    if (manual) errs.push(required('spec.selector'));
  } else {
    const parsed = validateLabelSelector(errs, 'spec.selector', spec.selector);
    const labels = templateLabels(spec.template);
    if (parsed?.valid && !selectorMatches(parsed, labels))
      errs.push(invalid('spec.template.metadata.labels', labels ?? null, '`selector` does not match template `labels`', goStringMap(labels)));
  }
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  if (!old && spec.completionMode === 'Indexed' && typeof spec.completions === 'number' && spec.completions > 0 && typeof meta.name === 'string' && meta.name) {
    const host = `${meta.name}-${spec.completions - 1}`;
    if (isDNS1123Label(host).length > 0)
      errs.push(invalid('metadata.name', meta.name, `will not able to create pod with invalid DNS label: ${host}`));
  }
  if (old) {
    const os = isObj(old.spec) ? old.spec : {};
    const indexed = spec.completionMode === 'Indexed';
    if (!indexed) immutableField(errs, 'spec.completions', spec.completions, os.completions);
    else if (!deepEqual(spec.completions, os.completions) && typeof spec.completions === 'number' && spec.completions !== spec.parallelism)
      errs.push(invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'));
    immutableField(errs, 'spec.selector', spec.selector, os.selector, goLabelSelector(spec.selector));
    validateTemplateUpdate(errs, spec, os);
    for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy'])
      immutableField(errs, `spec.${f}`, spec[f], os[f]);
  }
}

/** The template is immutable, except scheduling directives of a suspended Job that never started. */
function validateTemplateUpdate(errs: Errs, spec: Obj, os: Obj): void {
  const t = isObj(spec.template) ? spec.template : {};
  const o = isObj(os.template) ? structuredClone(os.template) : {};
  if (os.suspend === true && isObj(o.spec) && isObj(t.spec)) {
    for (const f of ['nodeSelector', 'tolerations', 'affinity', 'schedulingGates']) o.spec[f] = t.spec[f];
    if (isObj(o.metadata) && isObj(t.metadata)) {
      o.metadata.labels = t.metadata.labels;
      o.metadata.annotations = t.metadata.annotations;
    }
  }
  if (!deepEqual(t, o)) errs.push(invalid('spec.template', t, 'field is immutable', `core.PodTemplateSpec${JSON.stringify(t)}`));
}

const TZ_CHARS = /^[A-Za-z.\-_0-9+]{1,14}$/;

export function validateCronJob(errs: Errs, obj: Obj, old?: Obj): void {
  if (!old) validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  const os = old && isObj(old.spec) ? old.spec : undefined;
  const schedule = getStr(errs, 'spec.schedule', spec.schedule) ?? '';
  const timeZone = getStr(errs, 'spec.timeZone', spec.timeZone);
  if (!schedule) errs.push(required('spec.schedule'));
  else {
    const err = cronScheduleError(schedule);
    if (err) errs.push(invalid('spec.schedule', schedule, err));
    const allowTZ = os !== undefined && typeof os.schedule === 'string' && os.schedule.includes('TZ');
    if (allowTZ && schedule.includes('TZ') && timeZone !== undefined)
      errs.push(invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    else if (!allowTZ && schedule.includes('TZ'))
      errs.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  nonNegative(errs, 'spec.startingDeadlineSeconds', spec.startingDeadlineSeconds);
  if (timeZone !== undefined && (!os || os.timeZone !== timeZone)) {
    if (timeZone === '') errs.push(invalid('spec.timeZone', timeZone, 'timeZone must be nil or non-empty string'));
    else if (timeZone.split('/').some((part) => part === '.' || part === '..' || part.startsWith('-') || !TZ_CHARS.test(part)))
      errs.push(invalid('spec.timeZone', timeZone, `unknown time zone ${timeZone}`));
    else if (timeZone.toLowerCase() === 'local')
      errs.push(invalid('spec.timeZone', timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  }
  const cp = getStr(errs, 'spec.concurrencyPolicy', spec.concurrencyPolicy);
  if (cp === '') errs.push(required('spec.concurrencyPolicy'));
  else if (cp !== undefined && !['Allow', 'Forbid', 'Replace'].includes(cp))
    errs.push(notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  const jt = getObj(errs, 'spec.jobTemplate', spec.jobTemplate) ?? {};
  const jspec = getObj(errs, 'spec.jobTemplate.spec', jt.spec) ?? {};
  validateJobSpecCommon(errs, 'spec.jobTemplate.spec', jspec);
  if (jspec.selector !== undefined && jspec.selector !== null)
    errs.push(invalid('spec.jobTemplate.spec.selector', jspec.selector, '`selector` will be auto-generated', goLabelSelector(jspec.selector)));
  if (jspec.manualSelector === true) errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  nonNegative(errs, 'spec.successfulJobsHistoryLimit', spec.successfulJobsHistoryLimit);
  nonNegative(errs, 'spec.failedJobsHistoryLimit', spec.failedJobsHistoryLimit);
  getBool(errs, 'spec.suspend', spec.suspend);
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  if (!old && typeof meta.name === 'string' && meta.name.length > 52)
    errs.push(invalid('metadata.name', meta.name, 'must be no more than 52 characters'));
}
