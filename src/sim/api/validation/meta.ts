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
  // Errors are reported in key order; valid labels (nearly all) need no sorted key list.
  if (labelsValid(labels)) return labels;
  for (const k of Object.keys(labels).sort()) {
    for (const m of isQualifiedName(k)) errs.push(invalid(path, k, m));
    for (const m of isValidLabelValue(labels[k])) errs.push(invalid(path, labels[k], m));
  }
  return labels;
}

function labelsValid(labels: Record<string, string>): boolean {
  for (const k in labels) {
    if (!Object.prototype.hasOwnProperty.call(labels, k)) continue;
    if (isQualifiedName(k).length > 0 || isValidLabelValue(labels[k]!).length > 0) return false;
  }
  return true;
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
  if (v === undefined || v === null) return; // (getObjArr's answer: none)
  const refs = getObjArr(errs, path, v);
  let controllers = 0;
  refs.forEach((r, i) => {
    if (!r) return;
    // A field's path is built only to report it: a pod's one reference was six strings per create.
    const apiVersion = refString(errs, path, i, 'apiVersion', r.apiVersion);
    const kind = refString(errs, path, i, 'kind', r.kind);
    const name = refString(errs, path, i, 'name', r.name);
    const uid = refString(errs, path, i, 'uid', r.uid);
    // (The version is what follows the group's slash, up to any next one.)
    const slash = apiVersion.indexOf('/');
    const hasVersion = slash < 0 ? apiVersion !== '' : slash + 1 < apiVersion.length && apiVersion[slash + 1] !== '/';
    if (!hasVersion) errs.push(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!kind) errs.push(invalid(child(path, 'kind'), kind, 'kind must not be empty'));
    if (!name) errs.push(invalid(child(path, 'name'), name, 'name must not be empty'));
    if (!uid) errs.push(invalid(child(path, 'uid'), uid, 'uid must not be empty'));
    const c = r.controller;
    if (typeof c === 'boolean' ? c : c !== undefined && c !== null && getBool(errs, child(index(path, i), 'controller'), c)) controllers++;
  });
  if (controllers > 1)
    errs.push(invalid(path, v, 'Only one reference can have Controller set to true. Found "true" in references for ' + refs.filter((r) => r?.controller === true).map((r) => `${safeString(r?.kind)}/${safeString(r?.name)}`).join(' and ')));
}

/** An owner reference's string field (`getStr(errs, path[i].field, v) ?? ''`), its path built only for an error. */
function refString(errs: Errs, path: string, i: number, field: string, v: unknown): string {
  if (typeof v === 'string') return v;
  return getStr(errs, child(index(path, i), field), v) ?? '';
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
  const p = metaPaths(path);
  const generateName = getStr(errs, p.generateName, meta.generateName) ?? '';
  const name = getStr(errs, p.name, meta.name) ?? '';
  const namespace = getStr(errs, p.namespace, meta.namespace) ?? '';
  if (generateName) pushInvalid(errs, p.generateName, generateName, nameFn(generateName, true));
  if (!name) {
    if (!generateName) errs.push(required(p.name, 'name or generateName is required'));
  } else pushInvalid(errs, p.name, name, nameFn(name, false));
  if (namespaced) {
    if (!namespace) errs.push(required(p.namespace));
    else pushInvalid(errs, p.namespace, namespace, nameIsDNSLabel(namespace, false));
  } else if (namespace) errs.push(forbidden(p.namespace, 'not allowed on this type'));
  const generation = getInt(errs, p.generation, meta.generation);
  if (generation !== undefined && generation < 0) errs.push(invalid(p.generation, generation, 'must be greater than or equal to 0'));
  validateLabels(errs, p.labels, meta.labels);
  validateAnnotations(errs, p.annotations, meta.annotations);
  validateOwnerReferences(errs, p.ownerReferences, meta.ownerReferences);
  validateFinalizers(errs, p.finalizers, meta.finalizers);
  getArr(errs, p.managedFields, meta.managedFields);
}

/**
 * An Invalid error per message (none mostly: an index loop, not an array iterator per name
 * checked, three per object validated).
 */
function pushInvalid(errs: Errs, path: string, value: string, messages: readonly string[]): void {
  for (let i = 0; i < messages.length; i++) errs.push(invalid(path, value, messages[i]!));
}

/** The paths of validateObjectMeta's fields under one metadata path. */
class MetaPaths {
  readonly generateName: string;
  readonly name: string;
  readonly namespace: string;
  readonly generation: string;
  readonly labels: string;
  readonly annotations: string;
  readonly ownerReferences: string;
  readonly finalizers: string;
  readonly managedFields: string;
  constructor(path: string) {
    this.generateName = child(path, 'generateName');
    this.name = child(path, 'name');
    this.namespace = child(path, 'namespace');
    this.generation = child(path, 'generation');
    this.labels = child(path, 'labels');
    this.annotations = child(path, 'annotations');
    this.ownerReferences = child(path, 'ownerReferences');
    this.finalizers = child(path, 'finalizers');
    this.managedFields = child(path, 'managedFields');
  }
}

/**
 * Metadata path → its fields' paths, built once per path (a handful: `metadata`, the templates')
 * instead of nine strings per object validated. Bounded: emptied when full.
 */
const metaPathsByPath = new Map<string, MetaPaths>();

function metaPaths(path: string): MetaPaths {
  let p = metaPathsByPath.get(path);
  if (p === undefined) {
    if (metaPathsByPath.size >= 64) metaPathsByPath.clear();
    metaPathsByPath.set(path, (p = new MetaPaths(path)));
  }
  return p;
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
