// HorizontalPodAutoscaler, PodDisruptionBudget, PriorityClass, Lease and events.k8s.io Event.

import { forbidden, invalid, notSupported, required } from './errors';
import { type Errs, type Obj, getInt, getObj, getObjArr, getStr, isObj } from './check';
import { notMoreThan100Percent, validateIntOrPercent } from './apps';
import { validateLabelSelector, validateObjectMeta } from './meta';
import { isValidPathSegmentName, nameIsDNSSubdomain } from './names';

const HIGHEST_USER_PRIORITY = 1000000000;
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

export function validateHorizontalPodAutoscaler(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  const min = getInt(errs, 'spec.minReplicas', spec.minReplicas);
  const max = getInt(errs, 'spec.maxReplicas', spec.maxReplicas) ?? 0;
  if (min !== undefined && min < 1) errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  const ref = getObj(errs, 'spec.scaleTargetRef', spec.scaleTargetRef) ?? {};
  for (const f of ['kind', 'name']) {
    const v = getStr(errs, `spec.scaleTargetRef.${f}`, ref[f]) ?? '';
    if (!v) errs.push(required(`spec.scaleTargetRef.${f}`));
    else for (const m of isValidPathSegmentName(v)) errs.push(invalid(`spec.scaleTargetRef.${f}`, v, m));
  }
  // autoscaling/v1
  const target = getInt(errs, 'spec.targetCPUUtilizationPercentage', spec.targetCPUUtilizationPercentage);
  if (target !== undefined && target < 1) errs.push(invalid('spec.targetCPUUtilizationPercentage', target, 'must be greater than 0'));
  getObjArr(errs, 'spec.metrics', spec.metrics).forEach((m, i) => {
    if (!m) return;
    const p = `spec.metrics[${i}]`;
    const type = getStr(errs, `${p}.type`, m.type) ?? '';
    const types = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
    if (!type) errs.push(required(`${p}.type`, 'must specify a metric source type'));
    else if (!types.includes(type)) errs.push(notSupported(`${p}.type`, type, types));
    const sourceKey = type ? type[0].toLowerCase() + type.slice(1) : '';
    if (type && types.includes(type) && !isObj(m[sourceKey])) errs.push(required(`${p}.${sourceKey}`, `must populate information for the given metric source`));
    if (type === 'Resource' && isObj(m.resource)) {
      if (!getStr(errs, `${p}.resource.name`, m.resource.name)) errs.push(required(`${p}.resource.name`, 'must specify a resource name'));
      const t = getObj(errs, `${p}.resource.target`, m.resource.target) ?? {};
      const tt = getStr(errs, `${p}.resource.target.type`, t.type) ?? '';
      if (!tt) errs.push(required(`${p}.resource.target.type`, 'must specify a metric target type'));
      else if (!['Utilization', 'Value', 'AverageValue'].includes(tt))
        errs.push(notSupported(`${p}.resource.target.type`, tt, ['AverageValue', 'Utilization', 'Value']));
      const au = getInt(errs, `${p}.resource.target.averageUtilization`, t.averageUtilization);
      if (au !== undefined && au < 1) errs.push(invalid(`${p}.resource.target.averageUtilization`, au, 'must be greater than 0'));
    }
  });
}

export function validatePodDisruptionBudget(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  const hasMin = spec.minAvailable !== undefined && spec.minAvailable !== null;
  const hasMax = spec.maxUnavailable !== undefined && spec.maxUnavailable !== null;
  if (hasMin && hasMax) errs.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  if (hasMin) notMoreThan100Percent(errs, 'spec.minAvailable', validateIntOrPercent(errs, 'spec.minAvailable', spec.minAvailable));
  if (hasMax) notMoreThan100Percent(errs, 'spec.maxUnavailable', validateIntOrPercent(errs, 'spec.maxUnavailable', spec.maxUnavailable));
  validateLabelSelector(errs, 'spec.selector', spec.selector);
  const uhp = getStr(errs, 'spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy);
  if (uhp !== undefined && uhp !== 'IfHealthyBudget' && uhp !== 'AlwaysAllow')
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', uhp, ['AlwaysAllow', 'IfHealthyBudget']));
}

export function validatePriorityClass(errs: Errs, obj: Obj, old?: Obj): void {
  validateObjectMeta(errs, obj.metadata, false, nameIsDNSSubdomain);
  const name = isObj(obj.metadata) && typeof obj.metadata.name === 'string' ? obj.metadata.name : '';
  const value = getInt(errs, 'value', obj.value) ?? 0;
  if (name.startsWith('system-')) {
    const known = SYSTEM_PRIORITY_CLASSES[name];
    if (known === undefined)
      errs.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${name} is not a known system priority class`));
    else if (known !== value)
      errs.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: value of ${name} PriorityClass must be ${known}`));
  } else if (value > HIGHEST_USER_PRIORITY)
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`));
  const pp = getStr(errs, 'preemptionPolicy', obj.preemptionPolicy);
  if (pp !== undefined && pp !== 'Never' && pp !== 'PreemptLowerPriority') errs.push(notSupported('preemptionPolicy', pp, ['Never', 'PreemptLowerPriority']));
  if (old && old.value !== obj.value) errs.push(forbidden('value', 'may not be changed in an update.'));
}

export function validateLease(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  const d = getInt(errs, 'spec.leaseDurationSeconds', spec.leaseDurationSeconds);
  if (d !== undefined && d <= 0) errs.push(invalid('spec.leaseDurationSeconds', d, 'must be greater than 0'));
  const t = getInt(errs, 'spec.leaseTransitions', spec.leaseTransitions);
  if (t !== undefined && t < 0) errs.push(invalid('spec.leaseTransitions', t, 'must be greater than or equal to 0'));
  getStr(errs, 'spec.holderIdentity', spec.holderIdentity);
}

/** events.k8s.io/v1 Event (`ValidateEventCreate` for the new API). */
export function validateEventsV1(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  if (!getStr(errs, 'eventTime', obj.eventTime)) errs.push(required('eventTime'));
  const type = getStr(errs, 'type', obj.type) ?? '';
  if (type !== 'Normal' && type !== 'Warning') errs.push(invalid('type', '', `has invalid value: ${type}`));
  for (const f of ['reportingController', 'reportingInstance', 'action', 'reason']) {
    if (!getStr(errs, f, obj[f])) errs.push(required(f));
  }
  getObj(errs, 'regarding', obj.regarding);
}
