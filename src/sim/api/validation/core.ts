// core/v1 kinds other than workloads, services and storage: Pod, PodTemplate, ConfigMap, Secret,
// Namespace, Node, ServiceAccount, LimitRange, ResourceQuota, Event.

import { duplicate, forbidden, invalid, notSupported, required, tooLong } from './errors';
import { type Errs, type Obj, deepEqual, getBool, getObj, getObjArr, getStr, getStrArr, getStrMap, isObj } from './check';
import { readResourceList } from './container';
import { validateObjectMeta } from './meta';
import { isConfigMapKey, isQualifiedName, isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain } from './names';
import { validatePodSpec, validatePodTemplateSpec } from './pod';
import { canonicalQuantity, compareQuantities } from './quantity';

const MAX_SECRET_SIZE = 1024 * 1024;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const POD_UPDATE_MESSAGE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,' +
  '`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

export function validatePod(errs: Errs, obj: Obj, old?: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  validatePodSpec(errs, 'spec', obj.spec);
  if (!old) return;
  // ValidatePodUpdate: only a few spec fields may change. Setting spec.nodeName on an unscheduled
  // pod is accepted here: it is what the binding subresource does.
  const n = structuredClone(isObj(obj.spec) ? obj.spec : {}) as Obj;
  const o = structuredClone(isObj(old.spec) ? old.spec : {}) as Obj;
  for (const f of ['containers', 'initContainers'] as const) {
    if (Array.isArray(n[f]) && Array.isArray(o[f]) && n[f].length === o[f].length)
      (n[f] as unknown[]).forEach((c, i) => {
        const oc = (o[f] as unknown[])[i];
        if (isObj(c) && isObj(oc)) oc.image = c.image;
      });
  }
  o.activeDeadlineSeconds = n.activeDeadlineSeconds;
  o.terminationGracePeriodSeconds = n.terminationGracePeriodSeconds;
  const oldTolerations = Array.isArray(o.tolerations) ? o.tolerations : [];
  const newTolerations = Array.isArray(n.tolerations) ? n.tolerations : [];
  if (oldTolerations.every((t) => newTolerations.some((x) => deepEqual(x, t)))) o.tolerations = n.tolerations;
  if (!o.nodeName) o.nodeName = n.nodeName;
  if (Array.isArray(o.schedulingGates) && (!Array.isArray(n.schedulingGates) || n.schedulingGates.length <= o.schedulingGates.length))
    o.schedulingGates = n.schedulingGates;
  if (!deepEqual(n, o)) errs.push(forbidden('spec', POD_UPDATE_MESSAGE));
}

export function validatePodTemplate(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  validatePodTemplateSpec(errs, 'template', obj.template);
}

function immutableData(errs: Errs, obj: Obj, old: Obj | undefined, fields: string[]): void {
  if (!old || old.immutable !== true) return;
  if (obj.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const f of fields) if (!deepEqual(obj[f], old[f])) errs.push(forbidden(f, 'field is immutable when `immutable` is set'));
}

export function validateConfigMap(errs: Errs, obj: Obj, old?: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const data = getStrMap(errs, 'data', obj.data) ?? {};
  const binary = getStrMap(errs, 'binaryData', obj.binaryData) ?? {};
  let size = 0;
  for (const k of Object.keys(data).sort()) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(`data[${k}]`, k, m));
    if (Object.hasOwn(binary, k)) errs.push(invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
    size += data[k].length;
  }
  for (const k of Object.keys(binary).sort()) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(`binaryData[${k}]`, k, m));
    if (Object.hasOwn(data, k)) errs.push(invalid(`binaryData[${k}]`, k, 'duplicate of key present in data'));
    size += Math.floor((binary[k].length * 3) / 4);
  }
  if (size > MAX_SECRET_SIZE) errs.push(tooLong('', MAX_SECRET_SIZE));
  getBool(errs, 'immutable', obj.immutable);
  immutableData(errs, obj, old, ['data', 'binaryData']);
}

export function validateSecret(errs: Errs, obj: Obj, old?: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const data = getStrMap(errs, 'data', obj.data) ?? {};
  let size = 0;
  for (const k of Object.keys(data).sort()) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(`data[${k}]`, k, m));
    size += Math.floor((data[k].length * 3) / 4);
  }
  if (size > MAX_SECRET_SIZE) errs.push(tooLong('data', MAX_SECRET_SIZE));
  const type = getStr(errs, 'type', obj.type) ?? '';
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const ann = isObj(meta.annotations) ? meta.annotations : {};
  const has = (k: string) => typeof data[k] === 'string';
  switch (type) {
    case 'kubernetes.io/service-account-token':
      if (!ann['kubernetes.io/service-account.name'])
        errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
      break;
    case 'kubernetes.io/dockercfg':
      if (!has('.dockercfg')) errs.push(required('data[.dockercfg]'));
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!has('.dockerconfigjson')) errs.push(required('data[.dockerconfigjson]'));
      break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        errs.push(required('data[username]'));
        errs.push(required('data[password]'));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!data['ssh-privatekey']) errs.push(required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(required('data[tls.crt]'));
      if (!has('tls.key')) errs.push(required('data[tls.key]'));
      break;
  }
  getBool(errs, 'immutable', obj.immutable);
  if (old) {
    const oldType = typeof old.type === 'string' ? old.type : '';
    if (type !== oldType) errs.push(invalid('type', type, 'field is immutable'));
    immutableData(errs, obj, old, ['data']);
  }
}

function validateFinalizerList(errs: Errs, path: string, v: unknown): void {
  for (const f of getStrArr(errs, path, v) ?? []) {
    const msgs = isQualifiedName(f);
    for (const m of msgs) errs.push(invalid(path, f, m));
    if (!msgs.length && !f.includes('/') && !['kubernetes', 'orphan', 'foregroundDeletion'].includes(f))
      errs.push(invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
}

export function validateNamespace(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, false, nameIsDNSLabel);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  validateFinalizerList(errs, 'spec.finalizers', spec.finalizers);
}

export function validateNode(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, false, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  const seen = new Set<string>();
  getObjArr(errs, 'spec.taints', spec.taints).forEach((t, i) => {
    if (!t) return;
    const p = `spec.taints[${i}]`;
    const k = getStr(errs, `${p}.key`, t.key) ?? '';
    for (const m of isQualifiedName(k)) errs.push(invalid(`${p}.key`, k, m));
    const value = getStr(errs, `${p}.value`, t.value) ?? '';
    const msgs = isValidLabelValue(value);
    if (msgs.length) errs.push(invalid(`${p}.value`, value, msgs.join(';')));
    const effect = getStr(errs, `${p}.effect`, t.effect) ?? '';
    if (!effect) errs.push(required(`${p}.effect`));
    else if (!TAINT_EFFECTS.includes(effect)) errs.push(notSupported(`${p}.effect`, effect, TAINT_EFFECTS));
    if (seen.has(`${effect}/${k}`)) errs.push({ ...duplicate(p, t), detail: 'taints must be unique by key and effect pair' });
    seen.add(`${effect}/${k}`);
  });
  getBool(errs, 'spec.unschedulable', spec.unschedulable);
  const status = getObj(errs, 'status', obj.status);
  if (status) {
    readResourceList(errs, 'status.capacity', status.capacity);
    readResourceList(errs, 'status.allocatable', status.allocatable);
  }
}

export function validateServiceAccount(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  getObjArr(errs, 'secrets', obj.secrets);
  getObjArr(errs, 'imagePullSecrets', obj.imagePullSecrets);
  getBool(errs, 'automountServiceAccountToken', obj.automountServiceAccountToken);
}

const LIMIT_TYPES = ['Container', 'Pod', 'PersistentVolumeClaim'];

export function validateLimitRange(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  const types = new Set<string>();
  getObjArr(errs, 'spec.limits', spec.limits).forEach((lim, i) => {
    if (!lim) return;
    const p = `spec.limits[${i}]`;
    const type = getStr(errs, `${p}.type`, lim.type) ?? '';
    for (const m of isQualifiedName(type)) errs.push(invalid(`${p}.type`, type, m));
    if (type && !type.includes('/') && !LIMIT_TYPES.includes(type)) errs.push(invalid(`${p}.type`, type, 'must be a standard limit type or fully qualified'));
    if (types.has(type)) errs.push(duplicate(`${p}.type`, type));
    types.add(type);
    const max = readResourceList(errs, `${p}.max`, lim.max);
    const min = readResourceList(errs, `${p}.min`, lim.min);
    const def = readResourceList(errs, `${p}.default`, lim.default);
    const defReq = readResourceList(errs, `${p}.defaultRequest`, lim.defaultRequest);
    readResourceList(errs, `${p}.maxLimitRequestRatio`, lim.maxLimitRequestRatio);
    if (type === 'Pod') {
      if (def.size > 0) errs.push(forbidden(`${p}.default`, "may not be specified when `type` is 'Pod'"));
      if (defReq.size > 0) errs.push(forbidden(`${p}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
    }
    const keys = [...new Set([...max.keys(), ...min.keys(), ...def.keys(), ...defReq.keys()])].sort();
    const c = (q: string) => canonicalQuantity(q) ?? q;
    for (const k of keys) {
      const [mx, mn, d, dr] = [max.get(k), min.get(k), def.get(k), defReq.get(k)];
      if (mn !== undefined && mx !== undefined && compareQuantities(mn, mx) > 0)
        errs.push(invalid(`${p}.min[${k}]`, c(mn), `min value ${c(mn)} is greater than max value ${c(mx)}`));
      if (dr !== undefined && mn !== undefined && compareQuantities(mn, dr) > 0)
        errs.push(invalid(`${p}.defaultRequest[${k}]`, c(dr), `min value ${c(mn)} is greater than default request value ${c(dr)}`));
      if (dr !== undefined && mx !== undefined && compareQuantities(dr, mx) > 0)
        errs.push(invalid(`${p}.defaultRequest[${k}]`, c(dr), `default request value ${c(dr)} is greater than max value ${c(mx)}`));
      if (dr !== undefined && d !== undefined && compareQuantities(dr, d) > 0)
        errs.push(invalid(`${p}.defaultRequest[${k}]`, c(dr), `default request value ${c(dr)} is greater than default limit value ${c(d)}`));
      if (d !== undefined && mn !== undefined && compareQuantities(mn, d) > 0)
        errs.push(invalid(`${p}.default[${k}]`, c(mn), `min value ${c(mn)} is greater than default value ${c(d)}`));
      if (d !== undefined && mx !== undefined && compareQuantities(d, mx) > 0)
        errs.push(invalid(`${p}.default[${k}]`, c(mx), `default value ${c(d)} is greater than max value ${c(mx)}`));
    }
  });
}

const QUOTA_SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];

export function validateResourceQuota(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  for (const [k, q] of readResourceList(errs, 'spec.hard', spec.hard)) {
    for (const m of isQualifiedName(k)) errs.push(invalid(`spec.hard[${k}]`, k, m));
    if (compareQuantities(q, '0') < 0) errs.push(invalid(`spec.hard[${k}]`, canonicalQuantity(q), 'must be greater than or equal to 0'));
  }
  for (const s of getStrArr(errs, 'spec.scopes', spec.scopes) ?? [])
    if (!QUOTA_SCOPES.includes(s)) errs.push(notSupported('spec.scopes', s, QUOTA_SCOPES));
}

/** core/v1 Event (`legacyValidateEvent`). */
export function validateEvent(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const io = getObj(errs, 'involvedObject', obj.involvedObject) ?? {};
  const ioNs = getStr(errs, 'involvedObject.namespace', io.namespace) ?? '';
  const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
  if (ns !== ioNs) {
    if (!ioNs) {
      if (ns !== 'default' && ns !== '') errs.push(invalid('involvedObject.namespace', ioNs, 'does not match event.namespace'));
    } else errs.push(invalid('involvedObject.namespace', ioNs, 'does not match event.namespace'));
  }
  getStr(errs, 'type', obj.type);
  getStr(errs, 'reason', obj.reason);
  getStr(errs, 'message', obj.message);
}

/** Namespaces already found to be valid DNS labels (a handful per cluster): bounded, emptied when full. */
const validEventNamespaces = new Set<string>();

/**
 * Whether `validateEvent` would return no errors for an Event the event recorder built, checked
 * without building error lists: the recorder sets only the name, namespace and uid of its
 * metadata and strings elsewhere, so what could fail is the generated name (DNS subdomain), the
 * namespace (DNS label) and the involved object's namespace. The checks here are a subset of
 * validateEvent's; anything else present, or any check failing, answers false and the caller runs
 * the full validation for its exact errors (six in ten writes are such Events).
 */
export function recordedEventValid(obj: Obj): boolean {
  const meta = obj.metadata;
  if (!isObj(meta)) return false;
  const { name, namespace } = meta;
  if (typeof name !== 'string' || typeof namespace !== 'string' || name === '' || namespace === '') return false;
  if (meta.generateName !== undefined || meta.generation !== undefined || meta.labels !== undefined || meta.annotations !== undefined) return false;
  if (meta.ownerReferences !== undefined || meta.finalizers !== undefined || meta.managedFields !== undefined) return false;
  if (typeof obj.type !== 'string' || typeof obj.reason !== 'string' || typeof obj.message !== 'string') return false;
  const io = obj.involvedObject;
  if (!isObj(io)) return false;
  const ioNs = io.namespace;
  if (ioNs !== undefined && ioNs !== null && typeof ioNs !== 'string') return false;
  if ((ioNs || '') !== namespace && (ioNs || namespace !== 'default')) return false;
  if (nameIsDNSSubdomain(name, false).length > 0) return false;
  if (!validEventNamespaces.has(namespace)) {
    if (nameIsDNSLabel(namespace, false).length > 0) return false;
    if (validEventNamespaces.size >= 1024) validEventNamespaces.clear();
    validEventNamespaces.add(namespace);
  }
  return true;
}
