// The editor's JSON schema (draft-07, as monaco-yaml reads it) from the OpenAPI components:
// one definition per API type with its field descriptions (hover and completion), objects closed
// with `additionalProperties: false` so a misspelt field is marked while typing, and the list of
// kinds the editor picks a definition from by `apiVersion`/`kind`.

import { INT_OR_STRING, REF_PREFIX, type OpenApiSchema } from './openapi.ts';

export interface JsonSchema {
  $ref?: string;
  description?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  [k: string]: unknown;
}

export interface EditorSchemaKind {
  apiVersion: string;
  kind: string;
  /** The definition of the kind's object. */
  definition: string;
}

export interface EditorSchemaFile {
  source: string;
  kinds: EditorSchemaKind[];
  definitions: Record<string, JsonSchema>;
}

export const DEFINITION_REF = '#/definitions/';

/** Types whose published schema says little: their JSON schema for editing. */
function special(name: string, s: OpenApiSchema): JsonSchema | undefined {
  const description = s.description;
  if (name === INT_OR_STRING) return { description, type: ['integer', 'string'] };
  if (name.endsWith('.resource.Quantity')) return { description, type: ['string', 'number'] };
  if (name.endsWith('.meta.v1.Time') || name.endsWith('.meta.v1.MicroTime')) return { description, type: ['string', 'null'] };
  if (name.endsWith('.runtime.RawExtension') || name.endsWith('.meta.v1.FieldsV1')) return { description, type: 'object' };
  if (!s.type && !s.properties) return { description }; // JSON, JSONSchemaPropsOr*: any value
  return undefined;
}

export function editorSchemaFile(source: string, components: Record<string, OpenApiSchema>): EditorSchemaFile {
  const definitions: Record<string, JsonSchema> = {};
  const kinds: EditorSchemaKind[] = [];
  for (const [name, s] of Object.entries(components)) {
    const def = special(name, s) ?? convert(s);
    const gvk = s['x-kubernetes-group-version-kind']?.[0];
    if (gvk && !gvk.kind.endsWith('List')) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      kinds.push({ apiVersion, kind: gvk.kind, definition: name });
      // A document of this kind names exactly this apiVersion and kind.
      const props = def.properties!;
      props.apiVersion = { ...props.apiVersion, enum: [apiVersion] };
      props.kind = { ...props.kind, enum: [gvk.kind] };
    }
    definitions[name] = stripUndefined(def);
  }
  kinds.sort((a, b) => (a.kind === b.kind ? cmp(a.apiVersion, b.apiVersion) : cmp(a.kind, b.kind)));
  return { source, kinds, definitions };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function convert(s: OpenApiSchema): JsonSchema {
  if (s.$ref) return { $ref: DEFINITION_REF + s.$ref.slice(REF_PREFIX.length) };
  if (s.allOf && s.allOf.length === 1 && s.allOf[0].$ref) {
    return { $ref: DEFINITION_REF + s.allOf[0].$ref.slice(REF_PREFIX.length), description: s.description };
  }
  const out: JsonSchema = { description: s.description };
  if (s.type === 'object' && s.properties) {
    out.type = 'object';
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, stripUndefined(convert(v))]));
    if (s.required) out.required = s.required;
    out.additionalProperties = false;
  } else if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    out.type = 'object';
    out.additionalProperties = stripUndefined(convert(s.additionalProperties));
  } else if (s.type === 'array' && s.items) {
    out.type = 'array';
    out.items = stripUndefined(convert(s.items));
  } else if (s.type) {
    out.type = s.type;
  }
  if (s.enum) out.enum = s.enum;
  return out;
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
