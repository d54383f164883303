// kubectl explain's plaintext printer: a line-by-line port of kubectl 1.32's template
// (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl) and its helpers (funcs.go:
// wrap via go-wordwrap, indent, resolveRef). Each function below is one `define` of the template;
// the comments name it. Whitespace matters: the output must be byte-identical to kubectl's.

import type { ApiSchema } from './format';

export interface ApiDocument {
  components: { schemas: Record<string, ApiSchema> };
}

export interface Gvk {
  group: string;
  kind: string;
  version: string;
}

/** An error the template throws (`throw "error: ..."`): kubectl prints it as is. */
export class ExplainError extends Error {}

type History = Record<string, number>;

interface Ctx {
  doc: ApiDocument;
  recursive: boolean;
}

/** The template's entry: header, then the schema of `gvk` followed along `fieldPath`. */
export function renderExplain(doc: ApiDocument, gvk: Gvk, fieldPath: readonly string[], recursive: boolean): string {
  const ctx: Ctx = { doc, recursive };
  let out = '';
  if (gvk.group) out += `GROUP:      ${gvk.group}\n`;
  out += `KIND:       ${gvk.kind}\n`;
  out += `VERSION:    ${gvk.version}\n`;
  out += '\n';
  const body = schemaTemplate(ctx, gvk, fieldPath);
  if (!body) throw new ExplainError(`error: GVK ${goGvk(gvk)} not found in OpenAPI schema`);
  out += body;
  out += '\n';
  return out;
}

function goGvk(g: Gvk): string {
  return `map[group:${g.group} kind:${g.kind} version:${g.version}]`;
}

/** define "schema": the component carrying this GVK, printed by "output". */
function schemaTemplate(ctx: Ctx, gvk: Gvk, fieldPath: readonly string[]): string {
  const schemas = ctx.doc.components.schemas;
  for (const name of Object.keys(schemas).sort(goCompare)) {
    const s = schemas[name];
    const gvks = s['x-kubernetes-group-version-kind'] ?? [];
    if (!gvks.some((g) => g.group === gvk.group && g.kind === gvk.kind && g.version === gvk.version)) continue;
    const out = output(ctx, s, undefined, fieldPath);
    if (out) return out;
    throw new ExplainError(`error: field "${fieldPath[fieldPath.length - 1]}" does not exist`);
  }
  return '';
}

/** define "output": follows the field path, then prints DESCRIPTION and FIELDS. */
function output(ctx: Ctx, schema: ApiSchema, history: History | undefined, fieldPath: readonly string[]): string {
  const refString = schema.$ref ?? '';
  const next: History = { ...history, [refString]: 1 };
  const resolved = resolveRef(refString, ctx.doc) ?? schema;
  let out = '';
  if (fieldPath.length === 0) {
    out += 'DESCRIPTION:\n';
    out += indent(4, wrap(76, description(ctx, resolved) || '<empty>'));
    out += '\n';
    const fields = fieldList(ctx, resolved, 1, undefined);
    if (fields) out += `FIELDS:\n${fields}`;
  } else if (refString && history?.[refString]) {
    // A cycle: print nothing.
  } else if (resolved.properties && truthy(resolved.properties[fieldPath[0]])) {
    const sub = resolved.properties[fieldPath[0]];
    if (fieldPath.length === 1) {
      out += `FIELD: ${fieldPath[0]} <${typeGuess(ctx, sub)}>\n`;
      out += extractEnum(sub, true, -1, 0);
      out += '\n';
      out += '\n';
    }
    out += output(ctx, sub, {}, fieldPath.slice(1));
  } else if (truthy(resolved.items)) {
    out += output(ctx, resolved.items!, next, fieldPath);
  } else if (isSchemaObject(resolved.additionalProperties)) {
    out += output(ctx, resolved.additionalProperties, next, fieldPath);
  } else {
    for (const sub of resolved.allOf ?? []) {
      const o = output(ctx, sub, next, fieldPath);
      if (o) {
        out += o;
        break;
      }
    }
  }
  return out;
}

/** define "fieldList": each property (sorted), and with --recursive their fields, indented. */
function fieldList(ctx: Ctx, schema: ApiSchema, level: number, history: History | undefined): string {
  const refString = schema.$ref ?? '';
  if (refString && (history ?? {})[refString]) return '';
  const next: History = { ...history, [refString]: 1 };
  const resolved = resolveRef(refString, ctx.doc) ?? schema;
  let out = '';
  const props = resolved.properties ?? {};
  for (const k of Object.keys(props).sort(goCompare)) {
    out += fieldDetail(ctx, k, resolved, ctx.recursive, level);
    if (ctx.recursive) out += fieldList(ctx, props[k], level + 1, next);
  }
  for (const s of resolved.allOf ?? []) out += fieldList(ctx, s, level, next);
  if (truthy(resolved.items)) out += fieldList(ctx, resolved.items!, level, next);
  if (isSchemaObject(resolved.additionalProperties)) out += fieldList(ctx, resolved.additionalProperties, level, next);
  return out;
}

/** define "fieldDetail": `name<TAB><type> -required-`, enum, then the wrapped description. */
function fieldDetail(ctx: Ctx, name: string, schema: ApiSchema, short: boolean, level: number): string {
  const indentAmount = level * 2;
  const field = schema.properties![name];
  let out = `${indent(indentAmount, name)}\t<${typeGuess(ctx, field)}>`;
  if (schema.required?.includes(name)) out += ' -required-';
  out += extractEnum(field, false, 4, indentAmount);
  out += '\n';
  if (!short) {
    out += indent(indentAmount + 2, wrap(78 - indentAmount, field.description || '<no description>'));
    out += '\n';
    out += '\n';
  }
  return out;
}

/** define "description": the schema's description, then those of its allOf, items and map values. */
function description(ctx: Ctx, schema: ApiSchema): string {
  const s = resolveRef(schema.$ref, ctx.doc) ?? schema;
  if (!truthy(s)) return '';
  let out = '';
  if (s.description) out += `${s.description}\n`;
  for (const a of s.allOf ?? []) out += description(ctx, a);
  if (truthy(s.items)) out += description(ctx, s.items!);
  if (isSchemaObject(s.additionalProperties)) out += description(ctx, s.additionalProperties);
  return out;
}

/** define "typeGuess": `string`, `integer`, `Object`, `[]Container`, `map[string]string`, `Quantity`… */
function typeGuess(ctx: Ctx, schema: ApiSchema): string {
  if (!truthy(schema)) throw new Error("expected schema argument to subtemplate 'typeguess'");
  if (truthy(schema.items)) return `[]${typeGuess(ctx, schema.items!)}`;
  if (isSchemaObject(schema.additionalProperties)) return `map[string]${typeGuess(ctx, schema.additionalProperties)}`;
  if (schema.allOf && schema.allOf.length === 1 && !truthy(schema.properties)) return typeGuess(ctx, schema.allOf[0]);
  if (schema.$ref) {
    const refSchema = resolveRef(schema.$ref, ctx.doc);
    if (!refSchema || !refSchema.type || refSchema.type === 'object') {
      const name = schema.$ref.split('/').pop()!;
      return name.split('.').pop() || 'Object';
    }
    return refSchema.type;
  }
  if (schema.type === 'object') return 'Object';
  return schema.type || 'Object';
}

/** define "extractEnum": `ENUM:` one per line (long view) or `enum: a, b, c, d, ....` (list). */
function extractEnum(schema: ApiSchema, isLongView: boolean, limitArg: number, indentAmount: number): string {
  const values = schema.enum;
  if (!values || values.length === 0) return '';
  const limit = limitArg || -1;
  let out = isLongView ? 'ENUM:' : `\n${indent(indentAmount, '')}enum: `;
  for (let i = 0; i < values.length; i++) {
    if (limit > -1 && i >= limit) {
      out += ', ....';
      break;
    }
    if (i > 0 && !isLongView) out += ', ';
    else if (isLongView) out += `\n${indent(4, '')}`;
    const v = values[i];
    out += v === '' ? '""' : goPrint(v);
  }
  return out;
}

function goPrint(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '<nil>';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** funcs.go resolveRef: a `#/...` pointer into the document, or undefined. */
function resolveRef(ref: unknown, doc: ApiDocument): ApiSchema | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#') || ref.length < 2) return undefined;
  let cur: unknown = doc;
  for (const k of ref.slice(1).split('/')) {
    if (k === '') continue;
    const next = (cur as Record<string, unknown>)[decodeURIComponent(k)];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) return undefined;
    cur = next;
  }
  return cur as ApiSchema;
}

/** funcs.go indent: pads the first line and every line after a newline. */
export function indent(amount: number, s: string): string {
  const pad = ' '.repeat(Math.max(0, amount));
  return pad + s.split('\n').join(`\n${pad}`);
}

/** funcs.go wrap: github.com/mitchellh/go-wordwrap v1.0.1 WrapString (breaks at spaces only). */
export function wrap(lim: number, s: string): string {
  let buf = '';
  let current = 0;
  let word = '';
  let space = '';
  let wordLen = 0;
  let spaceLen = 0;
  for (const ch of s) {
    if (ch === '\n') {
      if (word === '') {
        if (current + spaceLen > lim) current = 0;
        else {
          current += spaceLen;
          buf += space;
        }
        space = '';
        spaceLen = 0;
      } else {
        current += spaceLen + wordLen;
        buf += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      buf += ch;
      current = 0;
    } else if (isGoSpace(ch) && ch !== '\u00a0') {
      if (space === '' || word !== '') {
        current += spaceLen + wordLen;
        buf += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spaceLen + wordLen > lim && wordLen < lim) {
        buf += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (word === '') {
    if (current + spaceLen <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

/** Go's unicode.IsSpace. */
function isGoSpace(ch: string): boolean {
  return /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test(ch);
}

/** Go template truth: non-empty maps, slices and strings, non-zero numbers, true. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function isSchemaObject(v: ApiSchema | boolean | undefined): v is ApiSchema {
  return typeof v === 'object' && v !== null && truthy(v);
}

/** Go's string ordering (bytes), which text/template uses to range over map keys. */
function goCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
