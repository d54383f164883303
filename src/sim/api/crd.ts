// CustomResourceDefinitions: each established CRD registers its kind with the registry, so its
// custom resources can be applied, listed and deleted like built-in ones.
import type { KindInfo, KindRegistry } from './kinds';
import type { KObject } from './types';

export function kindInfoOfCRD(crd: KObject): KindInfo | undefined {
  const spec = crd.spec;
  const names = spec?.names;
  if (!spec?.group || !names?.kind || !names?.plural || !Array.isArray(spec.versions)) return undefined;
  const served = spec.versions.filter((v: { served?: boolean }) => v?.served).map((v: { name: string }) => v.name);
  const storage = spec.versions.find((v: { storage?: boolean }) => v?.storage)?.name ?? served[0];
  if (!storage) return undefined;
  return {
    kind: names.kind,
    group: spec.group,
    version: storage,
    otherVersions: served.filter((v: string) => v !== storage),
    plural: names.plural,
    singular: names.singular || names.kind.toLowerCase(),
    shortNames: Array.isArray(names.shortNames) ? names.shortNames : [],
    namespaced: spec.scope !== 'Cluster',
    categories: Array.isArray(names.categories) ? names.categories : undefined,
    custom: true,
  };
}

/** Brings the registry's custom kinds in line with the stored CRDs. */
export function registerCustomKinds(kinds: KindRegistry, crds: readonly KObject[]): void {
  const wanted = new Map<string, KindInfo>();
  for (const crd of crds) {
    if (crd.metadata.deletionTimestamp) continue;
    const info = kindInfoOfCRD(crd);
    if (info) wanted.set(`${info.group}/${info.kind}`, info);
  }
  for (const k of kinds.all().filter((i) => i.custom)) {
    if (!wanted.has(`${k.group}/${k.kind}`)) kinds.unregister(k.group, k.kind);
  }
  for (const info of wanted.values()) kinds.register(info);
}
