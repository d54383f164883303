// apps/v1 (`pkg/apis/apps/validation/validation.go`) and ReplicationController.

import { forbidden, invalid, notSupported, required } from './errors';
import { type Errs, type Obj, deepEqual, getIntOrString, getObj, getStr, immutableField, isObj, nonNegative } from './check';
import { goIntOrString, goLabelSelector, goStringMap } from './gorepr';
import { selectorIsEmpty, selectorMatches, validateLabelSelector, validateLabels, validateAnnotations, validateObjectMeta, type ParsedSelector } from './meta';
import { isValidPercent, nameIsDNSLabel, nameIsDNSSubdomain } from './names';
import { templateHasActiveDeadline, templateLabels, templateRestartPolicy, validatePodTemplateSpec } from './pod';

const DOES_NOT_MATCH = '`selector` does not match template `labels`';

/** `ValidatePositiveIntOrPercent`. */
export function validateIntOrPercent(errs: Errs, path: string, v: unknown): number | string | undefined {
  const x = getIntOrString(errs, path, v);
  if (typeof x === 'string') for (const m of isValidPercent(x)) errs.push(invalid(path, x, m, goIntOrString(x)));
  else if (typeof x === 'number' && x < 0) errs.push(invalid(path, x, 'must be greater than or equal to 0'));
  return x;
}

const intOrPercentValue = (x: number | string | undefined): number =>
  typeof x === 'number' ? x : typeof x === 'string' && /^[0-9]+%$/.test(x) ? Number(x.slice(0, -1)) : 0;

/** `IsNotMoreThan100Percent`. */
export function notMoreThan100Percent(errs: Errs, path: string, x: number | string | undefined): void {
  if (typeof x === 'string' && /^[0-9]+%$/.test(x) && Number(x.slice(0, -1)) > 100)
    errs.push(invalid(path, x, 'must not be greater than 100%', goIntOrString(x)));
}

/**
 * The selector checks shared by the controllers: required, valid, non-empty, and matching the
 * template labels. Returns the parsed selector when it parses.
 */
function validateSelectorAndTemplate(errs: Errs, spec: Obj, emptyMsg: string, invalidMsg: string): ParsedSelector | undefined {
  let parsed: ParsedSelector | undefined;
  if (spec.selector === undefined || spec.selector === null) errs.push(required('spec.selector'));
  else {
    parsed = validateLabelSelector(errs, 'spec.selector', spec.selector);
    if (parsed && selectorIsEmpty(parsed)) errs.push(invalid('spec.selector', spec.selector, emptyMsg, goLabelSelector(spec.selector)));
  }
  if (parsed && !parsed.valid) {
    errs.push(invalid('spec.selector', spec.selector, invalidMsg, goLabelSelector(spec.selector)));
    return undefined;
  }
  // A nil selector parses to labels.Nothing(), which matches no labels at all.
  const labels = templateLabels(spec.template);
  const matches = parsed ? selectorIsEmpty(parsed) || selectorMatches(parsed, labels) : spec.selector !== undefined && spec.selector !== null;
  if (!matches) errs.push(invalid('spec.template.metadata.labels', labels ?? null, DOES_NOT_MATCH, goStringMap(labels)));
  return parsed;
}

/** `ValidatePodTemplateSpecForReplicaSet` (template part; the selector match is done above). */
function validateReplicaSetTemplate(errs: Errs, spec: Obj, kind: string): void {
  validatePodTemplateSpec(errs, 'spec.template', spec.template);
  const rp = templateRestartPolicy(spec.template);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (templateHasActiveDeadline(spec.template))
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kind} is not Supported`));
}

function validateDeploymentStrategy(errs: Errs, v: unknown): void {
  const s = getObj(errs, 'spec.strategy', v);
  if (!s) return;
  const type = getStr(errs, 'spec.strategy.type', s.type);
  if (type === undefined) return;
  if (type === 'Recreate') {
    if (s.rollingUpdate !== undefined && s.rollingUpdate !== null)
      errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (type === 'RollingUpdate') {
    const ru = getObj(errs, 'spec.strategy.rollingUpdate', s.rollingUpdate);
    if (!ru) {
      errs.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
      return;
    }
    const mu = validateIntOrPercent(errs, 'spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable);
    const ms = validateIntOrPercent(errs, 'spec.strategy.rollingUpdate.maxSurge', ru.maxSurge);
    if (intOrPercentValue(mu) === 0 && intOrPercentValue(ms) === 0)
      errs.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', mu ?? 0, 'may not be 0 when `maxSurge` is 0', goIntOrString(mu)));
    notMoreThan100Percent(errs, 'spec.strategy.rollingUpdate.maxUnavailable', mu);
  } else {
    const text = `apps.DeploymentStrategy{Type:${JSON.stringify(type)}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`;
    errs.push(notSupported('spec.strategy', s, ['Recreate', 'RollingUpdate'], text));
  }
}

export function validateDeployment(errs: Errs, obj: Obj, old?: Obj): void {
  if (!old) validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  nonNegative(errs, 'spec.replicas', spec.replicas);
  validateSelectorAndTemplate(errs, spec, 'empty selector is invalid for deployment', 'invalid label selector');
  validateReplicaSetTemplate(errs, spec, 'ReplicaSet');
  validateDeploymentStrategy(errs, spec.strategy);
  const mrs = nonNegative(errs, 'spec.minReadySeconds', spec.minReadySeconds) ?? 0;
  nonNegative(errs, 'spec.revisionHistoryLimit', spec.revisionHistoryLimit);
  const pds = nonNegative(errs, 'spec.progressDeadlineSeconds', spec.progressDeadlineSeconds);
  if (pds !== undefined && pds <= mrs) errs.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  if (old) immutableField(errs, 'spec.selector', spec.selector, isObj(old.spec) ? old.spec.selector : undefined, goLabelSelector(spec.selector));
}

export function validateReplicaSet(errs: Errs, obj: Obj, old?: Obj): void {
  if (!old) validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  nonNegative(errs, 'spec.replicas', spec.replicas);
  nonNegative(errs, 'spec.minReadySeconds', spec.minReadySeconds);
  validateSelectorAndTemplate(errs, spec, 'empty selector is invalid for deployment', 'invalid label selector');
  validateReplicaSetTemplate(errs, spec, 'ReplicaSet');
  if (old) immutableField(errs, 'spec.selector', spec.selector, isObj(old.spec) ? old.spec.selector : undefined, goLabelSelector(spec.selector));
}

export function validateDaemonSet(errs: Errs, obj: Obj, old?: Obj): void {
  if (!old) validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  const parsed = validateLabelSelector(errs, 'spec.selector', spec.selector);
  const labels = templateLabels(spec.template);
  const nilSelector = spec.selector === undefined || spec.selector === null;
  if ((!parsed || parsed.valid) && (nilSelector || (parsed && !selectorIsEmpty(parsed) && !selectorMatches(parsed, labels))))
    errs.push(invalid('spec.template.metadata.labels', labels ?? null, DOES_NOT_MATCH, goStringMap(labels)));
  if (parsed && selectorIsEmpty(parsed)) errs.push(invalid('spec.selector', spec.selector, 'empty selector is invalid for daemonset', goLabelSelector(spec.selector)));
  validatePodTemplateSpec(errs, 'spec.template', spec.template);
  const rp = templateRestartPolicy(spec.template);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (templateHasActiveDeadline(spec.template))
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  nonNegative(errs, 'spec.minReadySeconds', spec.minReadySeconds);
  const us = getObj(errs, 'spec.updateStrategy', spec.updateStrategy);
  if (us) {
    const type = getStr(errs, 'spec.updateStrategy.type', us.type);
    if (type === 'RollingUpdate') {
      const ru = getObj(errs, 'spec.updateStrategy.rollingUpdate', us.rollingUpdate);
      if (!ru) errs.push(required('spec.updateStrategy.rollingUpdate'));
      else {
        const p = 'spec.updateStrategy.rollingUpdate';
        const mu = validateIntOrPercent(errs, `${p}.maxUnavailable`, ru.maxUnavailable);
        const ms = validateIntOrPercent(errs, `${p}.maxSurge`, ru.maxSurge);
        notMoreThan100Percent(errs, `${p}.maxUnavailable`, mu);
        notMoreThan100Percent(errs, `${p}.maxSurge`, ms);
        const hasU = intOrPercentValue(mu) !== 0;
        const hasS = intOrPercentValue(ms) !== 0;
        if (hasU && hasS) errs.push(invalid(`${p}.maxSurge`, ms, 'may not be set when maxUnavailable is non-zero', goIntOrString(ms)));
        else if (!hasU && !hasS) errs.push(required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
      }
    } else if (type !== undefined && type !== 'OnDelete') {
      errs.push(notSupported('spec.updateStrategy', us, ['RollingUpdate', 'OnDelete'], `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(type)}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}`));
    }
  }
  nonNegative(errs, 'spec.revisionHistoryLimit', spec.revisionHistoryLimit);
  if (old) immutableField(errs, 'spec.selector', spec.selector, isObj(old.spec) ? old.spec.selector : undefined, goLabelSelector(spec.selector));
}

const STS_UPDATABLE = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];

export function validateStatefulSet(errs: Errs, obj: Obj, old?: Obj): void {
  if (!old) validateObjectMeta(errs, obj.metadata, true, nameIsDNSLabel);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  const pmp = getStr(errs, 'spec.podManagementPolicy', spec.podManagementPolicy);
  if (pmp === '') errs.push(required('spec.podManagementPolicy'));
  else if (pmp !== undefined && pmp !== 'OrderedReady' && pmp !== 'Parallel')
    errs.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  const us = getObj(errs, 'spec.updateStrategy', spec.updateStrategy);
  if (us) {
    const type = getStr(errs, 'spec.updateStrategy.type', us.type);
    const ru = getObj(errs, 'spec.updateStrategy.rollingUpdate', us.rollingUpdate);
    if (type === '') errs.push(required('spec.updateStrategy'));
    else if (type === 'OnDelete') {
      if (ru) errs.push(invalid('spec.updateStrategy.rollingUpdate', ru, "only allowed for updateStrategy 'RollingUpdate'"));
    } else if (type === 'RollingUpdate') {
      if (ru) {
        nonNegative(errs, 'spec.updateStrategy.rollingUpdate.partition', ru.partition);
        if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
          const p = 'spec.updateStrategy.rollingUpdate.maxUnavailable';
          const mu = validateIntOrPercent(errs, p, ru.maxUnavailable);
          if (intOrPercentValue(mu) === 0) errs.push(invalid(p, mu, 'cannot be 0', goIntOrString(mu)));
          notMoreThan100Percent(errs, p, mu);
        }
      }
    } else if (type !== undefined) errs.push(invalid('spec.updateStrategy', us, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const pol = getObj(errs, 'spec.persistentVolumeClaimRetentionPolicy', spec.persistentVolumeClaimRetentionPolicy);
  if (pol)
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = getStr(errs, `spec.persistentVolumeClaimRetentionPolicy.${f}`, pol[f]);
      if (v !== undefined && v !== 'Retain' && v !== 'Delete') errs.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, v, ['Retain', 'Delete']));
    }
  nonNegative(errs, 'spec.replicas', spec.replicas);
  nonNegative(errs, 'spec.minReadySeconds', spec.minReadySeconds);
  const ord = getObj(errs, 'spec.ordinals', spec.ordinals);
  if (ord) nonNegative(errs, 'spec.ordinals.start', ord.start);
  validateSelectorAndTemplate(errs, spec, 'empty selector is invalid for statefulset', '');
  // ValidatePodTemplateSpecForStatefulSet checks only the template's labels and annotations.
  const tmpl = getObj(errs, 'spec.template', spec.template) ?? {};
  const meta = getObj(errs, 'spec.template.metadata', tmpl.metadata) ?? {};
  // The pod spec is not validated here (upstream neither: bad pods fail at creation), but it
  // must decode as an object, as the API server's JSON decoding requires.
  getObj(errs, 'spec.template.spec', tmpl.spec);
  validateLabels(errs, 'spec.template.labels', meta.labels);
  validateAnnotations(errs, 'spec.template.annotations', meta.annotations);
  const rp = templateRestartPolicy(spec.template);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (templateHasActiveDeadline(spec.template))
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  if (old) {
    const os = isObj(old.spec) ? old.spec : {};
    const strip = (s: Obj) => Object.fromEntries(Object.entries(s).filter(([k]) => !STS_UPDATABLE.includes(k)));
    if (!deepEqual(strip(spec), strip(os)))
      errs.push(
        forbidden(
          'spec',
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      );
  }
}

export function validateControllerRevision(errs: Errs, obj: Obj, old?: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  if (obj.data === undefined || obj.data === null) errs.push(required('data', 'data is mandatory'));
  nonNegative(errs, 'revision', obj.revision);
  if (old && !deepEqual(obj.data, old.data)) errs.push(invalid('data', obj.data, 'field is immutable'));
}

/** core/v1 ReplicationController (`ValidateReplicationControllerSpec`). */
export function validateReplicationController(errs: Errs, obj: Obj, old?: Obj): void {
  if (!old) validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  nonNegative(errs, 'spec.replicas', spec.replicas);
  nonNegative(errs, 'spec.minReadySeconds', spec.minReadySeconds);
  const selector = validateLabels(errs, 'spec.selector', spec.selector) ?? {};
  if (Object.keys(selector).length === 0) errs.push(required('spec.selector'));
  const tmplPath = 'spec.template';
  if (spec.template === undefined || spec.template === null) {
    errs.push(required(tmplPath));
    return;
  }
  const labels = templateLabels(spec.template) ?? {};
  if (Object.keys(selector).length > 0 && !Object.entries(selector).every(([k, v]) => labels[k] === v))
    errs.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`', goStringMap(templateLabels(spec.template))));
  validatePodTemplateSpec(errs, tmplPath, spec.template);
  const rp = templateRestartPolicy(spec.template);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (templateHasActiveDeadline(spec.template))
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicationController is not Supported'));
}

