// rbac.authorization.k8s.io/v1 (`pkg/apis/rbac/validation/validation.go`).

import { invalid, notSupported, required } from './errors';
import { type Errs, type Obj, getObj, getObjArr, getStr, getStrArr, isObj } from './check';
import { validateLabelSelector, validateObjectMeta } from './meta';
import { isDNS1123Subdomain, pathSegmentName } from './names';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function validatePolicyRules(errs: Errs, v: unknown, namespaced: boolean): void {
  getObjArr(errs, 'rules', v).forEach((rule, i) => {
    if (!rule) return;
    const p = `rules[${i}]`;
    const verbs = getStrArr(errs, `${p}.verbs`, rule.verbs) ?? [];
    const apiGroups = getStrArr(errs, `${p}.apiGroups`, rule.apiGroups) ?? [];
    const resources = getStrArr(errs, `${p}.resources`, rule.resources) ?? [];
    const resourceNames = getStrArr(errs, `${p}.resourceNames`, rule.resourceNames) ?? [];
    const urls = getStrArr(errs, `${p}.nonResourceURLs`, rule.nonResourceURLs) ?? [];
    if (verbs.length === 0) errs.push(required(`${p}.verbs`, 'verbs must contain at least one value'));
    if (urls.length > 0) {
      const text = `[]string{${urls.map((u) => JSON.stringify(u)).join(', ')}}`;
      if (namespaced) errs.push(invalid(`${p}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs', text));
      if (apiGroups.length > 0 || resources.length > 0 || resourceNames.length > 0)
        errs.push(invalid(`${p}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs', text));
      return;
    }
    if (apiGroups.length === 0) errs.push(required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    if (resources.length === 0) errs.push(required(`${p}.resources`, 'resource rules must supply at least one resource'));
  });
}

export function validateRole(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, pathSegmentName);
  validatePolicyRules(errs, obj.rules, true);
}

export function validateClusterRole(errs: Errs, obj: Obj): void {
  validateObjectMeta(errs, obj.metadata, false, pathSegmentName);
  validatePolicyRules(errs, obj.rules, false);
  const agg = getObj(errs, 'aggregationRule', obj.aggregationRule);
  if (agg) {
    const sels = getObjArr(errs, 'aggregationRule.clusterRoleSelectors', agg.clusterRoleSelectors);
    if (sels.length === 0) errs.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    sels.forEach((s, i) => validateLabelSelector(errs, `aggregationRule.clusterRoleSelectors[${i}]`, s));
  }
}

function validateSubjects(errs: Errs, v: unknown, namespaced: boolean): void {
  getObjArr(errs, 'subjects', v).forEach((s, i) => {
    if (!s) return;
    const p = `subjects[${i}]`;
    const name = getStr(errs, `${p}.name`, s.name) ?? '';
    const kind = getStr(errs, `${p}.kind`, s.kind) ?? '';
    const apiGroup = getStr(errs, `${p}.apiGroup`, s.apiGroup) ?? '';
    const ns = getStr(errs, `${p}.namespace`, s.namespace) ?? '';
    if (!name) errs.push(required(`${p}.name`));
    switch (kind) {
      case 'ServiceAccount':
        if (name) for (const m of isDNS1123Subdomain(name)) errs.push(invalid(`${p}.name`, name, m));
        if (apiGroup) errs.push(notSupported(`${p}.apiGroup`, apiGroup, ['']));
        if (!namespaced && !ns) errs.push(required(`${p}.namespace`));
        break;
      case 'User':
      case 'Group':
        if (apiGroup !== RBAC_GROUP) errs.push(notSupported(`${p}.apiGroup`, apiGroup, [RBAC_GROUP]));
        break;
      default:
        errs.push(notSupported(`${p}.kind`, kind, ['ServiceAccount', 'User', 'Group']));
    }
  });
}

function validateBinding(errs: Errs, obj: Obj, old: Obj | undefined, namespaced: boolean): void {
  validateObjectMeta(errs, obj.metadata, namespaced, pathSegmentName);
  const ref = getObj(errs, 'roleRef', obj.roleRef) ?? {};
  const apiGroup = getStr(errs, 'roleRef.apiGroup', ref.apiGroup) ?? '';
  const kind = getStr(errs, 'roleRef.kind', ref.kind) ?? '';
  const name = getStr(errs, 'roleRef.name', ref.name) ?? '';
  if (apiGroup !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', apiGroup, [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(kind)) errs.push(notSupported('roleRef.kind', kind, kinds));
  if (!name) errs.push(required('roleRef.name'));
  else for (const m of pathSegmentName(name, false)) errs.push(invalid('roleRef.name', name, m));
  validateSubjects(errs, obj.subjects, namespaced);
  if (old && isObj(old.roleRef)) {
    const o = old.roleRef;
    if (o.apiGroup !== ref.apiGroup || o.kind !== ref.kind || o.name !== ref.name)
      errs.push(
        invalid('roleRef', ref, 'cannot change roleRef', `rbac.RoleRef{APIGroup:${JSON.stringify(apiGroup)}, Kind:${JSON.stringify(kind)}, Name:${JSON.stringify(name)}}`),
      );
  }
}

export const validateRoleBinding = (errs: Errs, obj: Obj, old?: Obj): void => validateBinding(errs, obj, old, true);
export const validateClusterRoleBinding = (errs: Errs, obj: Obj, old?: Obj): void => validateBinding(errs, obj, old, false);
