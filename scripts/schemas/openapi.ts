// Turns the kubernetes-types model into OpenAPI v3 component schemas shaped as the Kubernetes API
// server publishes them at /openapi/v3 (the shape `kubectl explain` walks): a property that
// names another type is `{allOf: [{$ref}], description}`, arrays carry `items`, maps
// `additionalProperties`, kinds carry `x-kubernetes-group-version-kind`, and the apimachinery
// types keep their published forms (Time is a date-time string; Quantity and IntOrString have no
// `type`, so explain prints their names).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDtsModule, type DtsDecl, type DtsModule, type TypeExpr } from './dts.ts';
import { ENUMS } from './enums.ts';

export interface OpenApiSchema {
  description?: string;
  type?: string;
  format?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  $ref?: string;
  enum?: string[];
  'x-kubernetes-group-version-kind'?: Gvk[];
}

export interface Gvk {
  group: string;
  kind: string;
  version: string;
}

export const REF_PREFIX = '#/components/schemas/';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** Go float64 fields; every other TypeScript `number` is an integer in the API. */
const FLOAT_FIELDS = new Set([
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.maximum',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.minimum',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.multipleOf',
]);

/** Published descriptions of types kubernetes-types inlines or leaves undocumented. */
const INT_OR_STRING_DESCRIPTION =
  'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.';

/** The OpenAPI name prefix of a kubernetes-types module (`apps/v1` → `io.k8s.api.apps.v1`). */
export function openApiPrefix(module: string): string {
  switch (module) {
    case 'meta/v1':
      return 'io.k8s.apimachinery.pkg.apis.meta.v1';
    case 'api/resource':
      return 'io.k8s.apimachinery.pkg.api.resource';
    case 'runtime':
      return 'io.k8s.apimachinery.pkg.runtime';
    case 'version':
      return 'io.k8s.apimachinery.pkg.version';
    case 'apiextensions/v1':
      return 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
    default:
      return `io.k8s.api.${module.replace(/\//g, '.')}`;
  }
}

export interface TypesPackage {
  modules: Map<string, DtsModule>;
  /** OpenAPI name → declaration. */
  decls: Map<string, DtsDecl>;
}

/** Reads every declaration file of the kubernetes-types package. */
export function readTypesPackage(root: string): TypesPackage {
  const modules = new Map<string, DtsModule>();
  const decls = new Map<string, DtsDecl>();
  const files: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) for (const f of readdirSync(join(root, e.name)).sort()) files.push(`${e.name}/${f}`);
    else files.push(e.name);
  }
  for (const f of files) {
    if (!f.endsWith('.d.ts')) continue;
    const module = f.slice(0, -'.d.ts'.length);
    const m = parseDtsModule(module, readFileSync(join(root, f), 'utf8'));
    modules.set(module, m);
    for (const d of m.decls) decls.set(`${openApiPrefix(module)}.${d.name}`, d);
  }
  return { modules, decls };
}

/**
 * The component schemas reachable from the given kinds (`apiVersion` + `kind`), keyed by OpenAPI
 * name, in the published shape. Throws when a kind is missing from the package.
 */
export function buildComponents(pkg: TypesPackage, kinds: readonly { apiVersion: string; kind: string }[]): Record<string, OpenApiSchema> {
  const out: Record<string, OpenApiSchema> = {};
  const queue: string[] = [];
  for (const { apiVersion, kind } of kinds) {
    const name = findKind(pkg, apiVersion, kind);
    if (!name) throw new Error(`kubernetes-types has no ${apiVersion} ${kind}`);
    queue.push(name);
  }
  const seen = new Set<string>();
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const schema = componentSchema(pkg, name, (ref) => queue.push(ref));
    out[name] = schema;
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}

/** The OpenAPI name of the declaration whose `apiVersion`/`kind` literals match. */
export function findKind(pkg: TypesPackage, apiVersion: string, kind: string): string | undefined {
  for (const [name, d] of pkg.decls) {
    if (!d.fields) continue;
    const av = d.fields.find((f) => f.name === 'apiVersion');
    const k = d.fields.find((f) => f.name === 'kind');
    if (av?.type.k === 'literal' && av.type.value === apiVersion && k?.type.k === 'literal' && k.type.value === kind) return name;
  }
  return undefined;
}

function componentSchema(pkg: TypesPackage, name: string, need: (ref: string) => void): OpenApiSchema {
  if (name === INT_OR_STRING) {
    return { description: INT_OR_STRING_DESCRIPTION, format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] };
  }
  const d = pkg.decls.get(name);
  if (!d) throw new Error(`unknown type ${name}`);
  const description = d.doc || undefined;
  if (d.alias) {
    if (name.endsWith('.Time') || name.endsWith('.MicroTime')) return { description, format: 'date-time', type: 'string' };
    if (name.endsWith('.Quantity')) return { description, oneOf: [{ type: 'string' }, { type: 'number' }] };
    // Unions such as JSONSchemaPropsOrBool are published without a type.
    return withoutUndefined({ description });
  }
  const fields = d.fields ?? [];
  if (fields.length === 0) {
    // RawExtension and FieldsV1 are published as free-form objects; JSON has no type at all.
    return withoutUndefined({ description, type: name.endsWith('.JSON') ? undefined : 'object' });
  }
  const properties: Record<string, OpenApiSchema> = {};
  const required: string[] = [];
  for (const f of [...fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const fieldKey = `${name}.${f.name}`;
    const prop = propertySchema(pkg, d.module, f.type, fieldKey, need);
    if (f.doc) {
      if (prop.$ref) properties[f.name] = { allOf: [{ $ref: prop.$ref }], description: f.doc };
      else properties[f.name] = { description: f.doc, ...prop };
    } else properties[f.name] = prop;
    const values = ENUMS[fieldKey];
    if (values) properties[f.name].enum = [...values];
    if (!f.optional) required.push(f.name);
  }
  const schema: OpenApiSchema = { description, properties, type: 'object' };
  if (required.length > 0) schema.required = required;
  const av = fields.find((f) => f.name === 'apiVersion');
  const kind = fields.find((f) => f.name === 'kind');
  if (av?.type.k === 'literal' && kind?.type.k === 'literal') {
    const [group, version] = av.type.value.includes('/') ? av.type.value.split('/') : ['', av.type.value];
    schema['x-kubernetes-group-version-kind'] = [{ group, kind: kind.type.value, version }];
  }
  return withoutUndefined(schema);
}

/** The schema of a value of type `t` (a `$ref`-only schema for named types). */
function propertySchema(pkg: TypesPackage, module: string, t: TypeExpr, fieldKey: string, need: (ref: string) => void): OpenApiSchema {
  switch (t.k) {
    case 'prim':
      if (t.t === 'number') return FLOAT_FIELDS.has(fieldKey) ? { format: 'double', type: 'number' } : { type: 'integer' };
      return { type: t.t };
    case 'literal':
      return { type: 'string' };
    case 'array':
      return { items: itemSchema(pkg, module, t.of, fieldKey, need), type: 'array' };
    case 'map':
      return { additionalProperties: itemSchema(pkg, module, t.of, fieldKey, need), type: 'object' };
    case 'union': {
      const kinds = t.of.map((x) => (x.k === 'prim' ? x.t : x.k));
      if (kinds.length === 2 && kinds.includes('number') && kinds.includes('string')) {
        need(INT_OR_STRING);
        return { $ref: REF_PREFIX + INT_OR_STRING };
      }
      throw new Error(`${fieldKey}: unsupported union type`);
    }
    case 'name': {
      const ref = resolveName(pkg, module, t.name);
      need(ref);
      return { $ref: REF_PREFIX + ref };
    }
  }
}

function itemSchema(pkg: TypesPackage, module: string, t: TypeExpr, fieldKey: string, need: (ref: string) => void): OpenApiSchema {
  const s = propertySchema(pkg, module, t, fieldKey, need);
  return s.$ref ? { allOf: [{ $ref: s.$ref }] } : s;
}

function resolveName(pkg: TypesPackage, module: string, name: string): string {
  const m = pkg.modules.get(module);
  const from = m?.imports.get(name) ?? module;
  const full = `${openApiPrefix(from)}.${name}`;
  if (!pkg.decls.has(full)) throw new Error(`${module}: cannot resolve ${name}`);
  return full;
}

function withoutUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
