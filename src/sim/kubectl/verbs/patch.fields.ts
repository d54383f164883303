// The API server's default field validation ("Warn") for a patched built-in object: fields the
// kind's schema does not have are dropped, each with the warning `unknown field "spec.foo"`,
// which kubectl prints as `Warning: unknown field "spec.foo"`. The schemas are the ones
// `kubectl explain` reads (explain/schemas.json). Custom resources are not checked.

import type { KindInfo } from '../../api/kinds';
import type { KObject } from '../../api/types';
import { builtinSchemas } from '../explain';
import { COMPONENT_REF, type ApiSchema } from '../explain/format';

type Json = unknown;

let byKind: Map<string, ApiSchema> | undefined;

/** The top-level schema of a built-in kind (by its x-kubernetes-group-version-kind). */
function kindSchema(info: KindInfo): ApiSchema | undefined {
  if (!byKind) {
    byKind = new Map();
    for (const s of Object.values(builtinSchemas())) {
      for (const g of s['x-kubernetes-group-version-kind'] ?? []) byKind.set(`${g.group}/${g.version}/${g.kind}`, s);
    }
  }
  return byKind.get(`${info.group}/${info.version}/${info.kind}`);
}

/** Follows $ref and single-element allOf wrappers to the schema that describes the value. */
function resolve(s: ApiSchema | undefined): ApiSchema | undefined {
  const components = builtinSchemas();
  for (let i = 0; s && i < 20; i++) {
    if (s.$ref) s = components[s.$ref.slice(COMPONENT_REF.length)];
    else if (s.allOf?.length === 1 && !s.properties) s = s.allOf[0];
    else return s;
  }
  return s;
}

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Removes the fields `info`'s schema does not know from `o` (in place) and returns their paths,
 * in order. Paths in `keep` (unknown fields the stored object already had, e.g. written by a
 * simulated component) are left alone.
 */
export function pruneUnknownFields(o: KObject, info: KindInfo, keep: ReadonlySet<string> = new Set()): string[] {
  if (info.custom) return [];
  const schema = kindSchema(info);
  if (!schema) return [];
  const unknown: string[] = [];
  walk(o, schema, '', unknown, keep);
  return unknown;
}

function walk(value: Json, s: ApiSchema | undefined, path: string, unknown: string[], keep: ReadonlySet<string>): void {
  const schema = resolve(s);
  if (!schema) return;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((v, i) => walk(v, schema.items, `${path}[${i}]`, unknown, keep));
    return;
  }
  if (!isObject(value)) return;
  const props = schema.properties;
  const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  if (!props && !extra) return; // free-form (RawExtension, JSON, int-or-string)
  // Go marshals the patched object with sorted keys; the decoder reports in that order.
  for (const key of Object.keys(value).sort()) {
    const p = path ? `${path}.${key}` : key;
    if (props && Object.prototype.hasOwnProperty.call(props, key)) walk(value[key], props[key], p, unknown, keep);
    else if (extra) walk(value[key], extra, p, unknown, keep);
    else if (!keep.has(p)) {
      unknown.push(p);
      delete value[key];
    }
  }
}
