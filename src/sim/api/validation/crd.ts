// apiextensions.k8s.io/v1 CustomResourceDefinition
// (`staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go`).

import { invalid, notSupported, required } from './errors';
import { type Errs, type Obj, getBool, getObj, getObjArr, getStr, getStrArr, immutableField, isObj } from './check';
import { validateObjectMeta } from './meta';
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from './names';

function dns1035(errs: Errs, path: string, v: string, prefix = ''): void {
  const msgs = isDNS1035Label(prefix ? v.toLowerCase() : v);
  if (msgs.length) errs.push(invalid(path, v, prefix + msgs.join(',')));
}

export function validateCustomResourceDefinition(errs: Errs, obj: Obj, old?: Obj): void {
  validateObjectMeta(errs, obj.metadata, false, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  const names = getObj(errs, 'spec.names', spec.names) ?? {};
  const group = getStr(errs, 'spec.group', spec.group) ?? '';
  const plural = getStr(errs, 'spec.names.plural', names.plural) ?? '';
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (name && name !== `${plural}.${group}`) errs.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));

  if (!group) errs.push(required('spec.group'));
  else {
    const msgs = isDNS1123Subdomain(group);
    if (msgs.length) errs.push(invalid('spec.group', group, msgs.join(',')));
    else if (group.split('.').length < 2) errs.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  const scope = getStr(errs, 'spec.scope', spec.scope) ?? '';
  if (!scope) errs.push(required('spec.scope'));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push(notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));

  const versions = getObjArr(errs, 'spec.versions', spec.versions);
  const seen = new Set<string>();
  let unique = true;
  let storage = 0;
  versions.forEach((v, i) => {
    if (!v) return;
    const p = `spec.versions[${i}]`;
    const vname = getStr(errs, `${p}.name`, v.name) ?? '';
    if (seen.has(vname)) unique = false;
    seen.add(vname);
    dns1035(errs, `${p}.name`, vname);
    getBool(errs, `${p}.served`, v.served);
    if (getBool(errs, `${p}.storage`, v.storage) === true) storage++;
    const schema = getObj(errs, `${p}.schema`, v.schema);
    if (!schema || !isObj(schema.openAPIV3Schema)) errs.push(required(`${p}.schema.openAPIV3Schema`, 'schemas are required'));
  });
  if (!unique) errs.push(invalid('spec.versions', spec.versions, 'must contain unique version names'));
  if (storage !== 1) errs.push(invalid('spec.versions', spec.versions ?? null, 'must have exactly one version marked as storage version'));

  const singular = getStr(errs, 'spec.names.singular', names.singular) ?? '';
  const kind = getStr(errs, 'spec.names.kind', names.kind) ?? '';
  const listKind = getStr(errs, 'spec.names.listKind', names.listKind) ?? '';
  if (plural) dns1035(errs, 'spec.names.plural', plural);
  if (singular) dns1035(errs, 'spec.names.singular', singular);
  if (kind) dns1035(errs, 'spec.names.kind', kind, 'may have mixed case, but should otherwise match: ');
  if (listKind) dns1035(errs, 'spec.names.listKind', listKind, 'may have mixed case, but should otherwise match: ');
  (getStrArr(errs, 'spec.names.shortNames', names.shortNames) ?? []).forEach((s, i) => dns1035(errs, `spec.names.shortNames[${i}]`, s));
  if (kind && kind === listKind) errs.push(invalid('spec.names.listKind', listKind, 'kind and listKind may not be the same'));
  if (!plural) errs.push(required('spec.names.plural'));
  if (!singular) errs.push(required('spec.names.singular'));
  if (!kind) errs.push(required('spec.names.kind'));
  if (!listKind) errs.push(required('spec.names.listKind'));
  if (old) {
    const os = isObj(old.spec) ? old.spec : {};
    immutableField(errs, 'spec.group', spec.group, os.group);
    immutableField(errs, 'spec.scope', spec.scope, os.scope);
  }
}
