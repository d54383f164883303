// The API schemas `kubectl explain` prints: the built-in kinds from the generated data
// (schemas.json, see scripts/gen-schemas.ts) and the cluster's CRDs, whose openAPIV3Schema the
// API server publishes the way it publishes its own types.

import type { KindInfo } from '../../api/kinds';
import type { KObject } from '../../api/types';
import data from './schemas.json' with { type: 'json' };
import { COMPONENT_REF, expandSchema, type ApiSchema, type ExplainData } from './format';
import type { ApiDocument } from './printer';

export { ExplainError, renderExplain, type ApiDocument, type Gvk } from './printer';

let builtin: Record<string, ApiSchema> | undefined;

/** The built-in components, expanded on first use. */
export function builtinSchemas(): Record<string, ApiSchema> {
  if (!builtin) {
    const d = data as unknown as ExplainData;
    builtin = Object.fromEntries(Object.entries(d.components).map(([k, v]) => [k, expandSchema(v)]));
  }
  return builtin;
}

export function schemaSource(): string {
  return (data as unknown as ExplainData).source;
}

/** `stable.example.com` → `com.example.stable`: how the API server names CRD schemas. */
function reversedGroup(group: string): string {
  return group.split('.').reverse().join('.');
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * The published schema of a custom kind at `version`: the CRD's openAPIV3Schema with the
 * standard apiVersion, kind and metadata fields, as the API server publishes CRDs.
 */
export function crdComponent(crd: KObject, info: KindInfo, version: string): [string, ApiSchema] | undefined {
  const v = (crd.spec?.versions ?? []).find((x: { name?: string }) => x?.name === version);
  if (!v) return undefined;
  const raw = (v.schema?.openAPIV3Schema ?? {}) as ApiSchema;
  // The standard apiVersion and kind fields, as every built-in kind has them.
  const standard = builtinSchemas()['io.k8s.api.core.v1.Pod']?.properties ?? {};
  const schema: ApiSchema = {
    ...raw,
    type: raw.type ?? 'object',
    properties: {
      ...(raw.properties ?? {}),
      apiVersion: standard.apiVersion ?? { type: 'string' },
      kind: standard.kind ?? { type: 'string' },
      metadata: { allOf: [{ $ref: COMPONENT_REF + OBJECT_META }], description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata" },
    },
    'x-kubernetes-group-version-kind': [{ group: info.group, kind: info.kind, version }],
  };
  return [`${reversedGroup(info.group)}.${version}.${info.kind}`, schema];
}

/** The document explain walks: built-in components plus those of the given CRDs. */
export function explainDocument(extra: Record<string, ApiSchema> = {}): ApiDocument {
  return { components: { schemas: Object.keys(extra).length ? { ...builtinSchemas(), ...extra } : builtinSchemas() } };
}
