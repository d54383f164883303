// ObjectMeta, labels, annotations and label selectors
// (`apimachinery/pkg/api/validation/objectmeta.go`, `apis/meta/v1/validation`).

import { child, forbidden, immutable, index, invalid, required, safeString, tooLong } from './errors';
import { type Errs, type Obj, getArr, getBool, getInt, getObj, getObjArr, getStr, getStrArr, getStrMap } from './check';
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, type NameFn } from './names';

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** `ValidateLabels`: keys are qualified names, values label values; errors name the map itself. */
export function validateLabels(errs: Errs, path: string, v: unknown): Record<string, string> | undefined {
  const labels = getStrMap(errs, path, v);
  if (!labels) return undefined;
  for (const k of Object.keys(labels).sort()) {
    for (const m of isQualifiedName(k)) errs.push(invalid(path, k, m));
    for (const m of isValidLabelValue(labels[k])) errs.push(invalid(path, labels[k], m));
  }
  return labels;
}

export function validateAnnotations(errs: Errs, path: string, v: unknown): void {
  const ann = getStrMap(errs, path, v);
  if (!ann) return;
  let size = 0;
  for (const k of Object.keys(ann).sort()) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    size += k.length + ann[k].length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
}

function validateOwnerReferences(errs: Errs, path: string, v: unknown): void {
  const refs = getObjArr(errs, path, v);
  let controllers = 0;
  refs.forEach((r, i) => {
    if (!r) return;
    const p = index(path, i);
    const apiVersion = getStr(errs, child(p, 'apiVersion'), r.apiVersion) ?? '';
    const kind = getStr(errs, child(p, 'kind'), r.kind) ?? '';
    const name = getStr(errs, child(p, 'name'), r.name) ?? '';
    const uid = getStr(errs, child(p, 'uid'), r.uid) ?? '';
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
    if (!version) errs.push(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!kind) errs.push(invalid(child(path, 'kind'), kind, 'kind must not be empty'));
    if (!name) errs.push(invalid(child(path, 'name'), name, 'name must not be empty'));
    if (!uid) errs.push(invalid(child(path, 'uid'), uid, 'uid must not be empty'));
    if (getBool(errs, child(p, 'controller'), r.controller)) controllers++;
  });
  if (controllers > 1)
    errs.push(invalid(path, v, 'Only one reference can have Controller set to true. Found "true" in references for ' + refs.filter((r) => r?.controller === true).map((r) => `${safeString(r?.kind)}/${safeString(r?.name)}`).join(' and ')));
}

function validateFinalizers(errs: Errs, path: string, v: unknown): void {
  for (const f of getStrArr(errs, path, v) ?? []) {
    const msgs = isQualifiedName(f);
    for (const m of msgs) errs.push(invalid(path, f, m));
    if (msgs.length === 0 && !f.includes('/') && !STANDARD_FINALIZERS.includes(f))
      errs.push(invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
}

/**
 * `ValidateObjectMeta`. A missing name is accepted when `generateName` is set: the API server
 * generates the name before it validates.
 */
export function validateObjectMeta(errs: Errs, metaValue: unknown, namespaced: boolean, nameFn: NameFn, path = 'metadata'): void {
  const meta = getObj(errs, path, metaValue) ?? {};
  const generateName = getStr(errs, child(path, 'generateName'), meta.generateName) ?? '';
  const name = getStr(errs, child(path, 'name'), meta.name) ?? '';
  const namespace = getStr(errs, child(path, 'namespace'), meta.namespace) ?? '';
  if (generateName) for (const m of nameFn(generateName, true)) errs.push(invalid(child(path, 'generateName'), generateName, m));
  if (!name) {
    if (!generateName) errs.push(required(child(path, 'name'), 'name or generateName is required'));
  } else for (const m of nameFn(name, false)) errs.push(invalid(child(path, 'name'), name, m));
  if (namespaced) {
    if (!namespace) errs.push(required(child(path, 'namespace')));
    else for (const m of nameIsDNSLabel(namespace, false)) errs.push(invalid(child(path, 'namespace'), namespace, m));
  } else if (namespace) errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  const generation = getInt(errs, child(path, 'generation'), meta.generation);
  if (generation !== undefined && generation < 0) errs.push(invalid(child(path, 'generation'), generation, 'must be greater than or equal to 0'));
  validateLabels(errs, child(path, 'labels'), meta.labels);
  validateAnnotations(errs, child(path, 'annotations'), meta.annotations);
  validateOwnerReferences(errs, child(path, 'ownerReferences'), meta.ownerReferences);
  validateFinalizers(errs, child(path, 'finalizers'), meta.finalizers);
  getArr(errs, child(path, 'managedFields'), meta.managedFields);
}

/**
 * `ValidateObjectMetaUpdate`. System fields the store copies from the old object (uid,
 * creationTimestamp, resourceVersion) are only compared when the new object sets them.
 */
export function validateObjectMetaUpdate(errs: Errs, newMeta: unknown, oldMeta: unknown, path = 'metadata'): void {
  const n = getObj(errs, path, newMeta) ?? {};
  const o = (typeof oldMeta === 'object' && oldMeta !== null ? oldMeta : {}) as Obj;
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  if (o.deletionTimestamp) {
    const oldF = Array.isArray(o.finalizers) ? o.finalizers : [];
    const newF = Array.isArray(n.finalizers) ? n.finalizers : [];
    const extra = newF.filter((f) => !oldF.includes(f));
    if (extra.length) errs.push(forbidden(child(path, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra.map((f) => JSON.stringify(f)).join(', ')}}`));
  }
  const gen = typeof n.generation === 'number' ? n.generation : 0;
  if (typeof o.generation === 'number' && gen < o.generation) errs.push(invalid(child(path, 'generation'), gen, 'must not be decremented'));
  if (str(n.name) !== str(o.name)) errs.push(immutable(child(path, 'name'), str(n.name)));
  if (str(n.namespace) !== str(o.namespace)) errs.push(immutable(child(path, 'namespace'), str(n.namespace)));
  if (str(n.uid) && str(n.uid) !== str(o.uid)) errs.push(immutable(child(path, 'uid'), str(n.uid)));
  validateLabels(errs, child(path, 'labels'), n.labels);
  validateAnnotations(errs, child(path, 'annotations'), n.annotations);
  validateOwnerReferences(errs, child(path, 'ownerReferences'), n.ownerReferences);
}

// ---- label selectors ----

export interface SelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}
export interface ParsedSelector {
  matchLabels: Record<string, string>;
  expressions: SelectorRequirement[];
  /** false when `LabelSelectorAsSelector` would fail. */
  valid: boolean;
}

/** `ValidateLabelSelector` plus the parse `LabelSelectorAsSelector` does. */
export function validateLabelSelector(errs: Errs, path: string, v: unknown): ParsedSelector | undefined {
  const sel = getObj(errs, path, v);
  if (!sel) return undefined;
  const before = errs.length;
  const matchLabels = validateLabels(errs, child(path, 'matchLabels'), sel.matchLabels) ?? {};
  const expressions: SelectorRequirement[] = [];
  getObjArr(errs, child(path, 'matchExpressions'), sel.matchExpressions).forEach((r, i) => {
    const p = index(child(path, 'matchExpressions'), i);
    const req = r ?? {};
    const operator = getStr(errs, child(p, 'operator'), req.operator) ?? '';
    const keyName = getStr(errs, child(p, 'key'), req.key) ?? '';
    const values = getStrArr(errs, child(p, 'values'), req.values) ?? [];
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else errs.push(invalid(child(p, 'operator'), operator, 'not a valid selector operator'));
    for (const m of isQualifiedName(keyName)) errs.push(invalid(child(p, 'key'), keyName, m));
    values.forEach((val, j) => {
      for (const m of isValidLabelValue(val)) errs.push(invalid(index(child(p, 'values'), j), val, m));
    });
    expressions.push({ key: keyName, operator, values });
  });
  return { matchLabels, expressions, valid: errs.length === before };
}

export function selectorIsEmpty(s: ParsedSelector): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.expressions.length === 0;
}

/** Whether a parsed selector selects a label set. */
export function selectorMatches(s: ParsedSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(s.matchLabels)) if (l[k] !== v) return false;
  for (const r of s.expressions) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(l[r.key])) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(l[r.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
