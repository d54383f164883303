// Reads the manifests a user applies (`kubectl apply -f FILE`): YAML streams, JSON, `kind: List`.
// Errors are worded as kubectl prints them (with the leading `error: `), and every error and
// object carries its line in the file so the editor can mark it.
//
// Where kubectl stops at the first bad document, we keep reading: a stream that cannot be read
// further (a YAML syntax error, a bad `---` separator, broken JSON) ends the parse with the
// documents before it, but a document that parses and is merely not a valid object (no kind,
// not a mapping) is reported and the documents after it are still returned.
//
// Validation messages follow kubectl's default `--validate=strict` path (client-side check of
// apiVersion/kind before decoding):
//   error: error validating "FILE": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false
// With `validate: false` the decoder's message is used instead:
//   error: unable to decode "FILE": Object 'Kind' is missing in '{"metadata":{"name":"x"}}'

import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { KObject } from '../types.ts';
import { goMarshal } from './gojson.ts';
import { goYamlError, lineAt } from './yamlerrors.ts';
import { parseYamlDocument, splitStream, type Segment } from './stream.ts';

export interface ManifestDoc {
  object: KObject;
  /** 1-based line where the object starts (its first field). */
  line: number;
  /** Index of the source document in the stream (0-based, as kubectl's reader splits it). */
  index: number;
  /** Path of the object inside its document: `[]`, or `['items', 3]` for an item of a List. */
  basePath: (string | number)[];
}

export interface ManifestError {
  message: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  docIndex?: number;
}

export interface ParsedManifests {
  docs: ManifestDoc[];
  errors: ManifestError[];
}

export interface ParseOptions {
  /** kubectl's `--validate` (default true). */
  validate?: boolean;
}

const STOP_VALIDATE = 'if you choose to ignore these errors, turn validation off with --validate=false';

export function parseManifests(text: string, source: string, options: ParseOptions = {}): ParsedManifests {
  const validate = options.validate ?? true;
  const docs: ManifestDoc[] = [];
  const errors: ManifestError[] = [];
  let split;
  try {
    split = splitStream(String(text ?? ''));
  } catch (e) {
    return { docs, errors: [{ message: `error: error parsing ${source}: ${(e as Error).message}` }] };
  }
  const parseError = (message: string, line?: number, column?: number, docIndex?: number) =>
    errors.push({ message: `error: error parsing ${source}: ${message}`, line, column, docIndex });

  for (let index = 0; index < split.segments.length; index++) {
    const seg = split.segments[index]!;
    let value: unknown;
    let ast: Document.Parsed | undefined;
    if (seg.kind === 'json') {
      value = seg.value;
    } else {
      ast = parseYamlDocument(seg.text);
      const fail = (msg: string, line: number, column: number) => {
        const fb = split.jsonFallback;
        if (fb && fb.segmentIndex === index) parseError(fb.error.message, fb.error.line, fb.error.column);
        else parseError(`error converting YAML to JSON: ${msg}`, seg.startLine + line, column + 1, index);
      };
      const err = ast.errors[0];
      if (err) {
        const g = goYamlError(seg.text, err);
        fail(g.text, g.line, g.column);
        return { docs, errors };
      }
      try {
        value = ast.toJS({ maxAliasCount: 1000 });
      } catch (e) {
        const m = /alias.*?: (.*)$/.exec((e as Error).message);
        fail(m ? `yaml: unknown anchor '${m[1]}' referenced` : `yaml: ${(e as Error).message}`, 0, 0);
        return { docs, errors };
      }
    }
    if (value === null || value === undefined) continue; // empty or comments only
    const line = () => seg.startLine + nodeLine(seg, ast ?? parseYamlDocument(seg.text), []);
    const problem = checkDocument(value, seg, source, validate);
    if (problem) {
      errors.push({ message: problem, line: line(), docIndex: index });
      continue;
    }
    const obj = value as KObject;
    if (isListObject(obj)) {
      const tree = ast ?? parseYamlDocument(seg.text);
      (obj.items as unknown[]).forEach((item, k) => {
        const itemLine = seg.startLine + nodeLine(seg, tree, ['items', k]);
        if (!isPlainObject(item) || typeof item.kind !== 'string' || item.kind === '') {
          errors.push({
            message: `error: unable to get type info from the object "*unstructured.Unstructured": Object 'Kind' is missing in 'unstructured object has no kind'`,
            line: itemLine,
            docIndex: index,
          });
          return;
        }
        docs.push({ object: withMetadata(item as KObject), line: itemLine, index, basePath: ['items', k] });
      });
      continue;
    }
    docs.push({ object: withMetadata(obj), line: line(), index, basePath: [] });
  }
  const tail = split.error;
  if (tail) parseError(tail.message, tail.line, tail.column);
  return { docs, errors };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isListObject(obj: KObject): boolean {
  return typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items);
}

/** Objects always have a metadata mapping, so callers can read `object.metadata.name`. */
function withMetadata(obj: KObject): KObject {
  if (!isPlainObject(obj.metadata)) obj.metadata = {};
  return obj;
}

/** Go's name for the JSON type of a value, as in `json: cannot unmarshal string into ...`. */
function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // string | number | object
}

/** kubectl's checks between reading a document and having an object; the message, or undefined. */
function checkDocument(value: unknown, seg: Segment, source: string, validate: boolean): string | undefined {
  const raw = seg.kind === 'json' ? seg.text.trim() : goMarshal(value);
  if (validate) {
    const problems: string[] = [];
    if (!isPlainObject(value)) problems.push('invalid object to validate');
    else {
      const { apiVersion, kind } = value;
      if (apiVersion === undefined || apiVersion === null) problems.push('apiVersion not set');
      else if (typeof apiVersion !== 'string') problems.push("apiVersion isn't string type");
      else if ((apiVersion.match(/\//g) ?? []).length > 1) problems.push(`unexpected GroupVersion string: ${apiVersion}`);
      if (kind === undefined || kind === null) problems.push('kind not set');
      else if (typeof kind !== 'string') problems.push("kind isn't string type");
    }
    if (problems.length) {
      const agg = problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`;
      return `error: error validating "${source}": error validating data: ${agg}; ${STOP_VALIDATE}`;
    }
  }
  if (!isPlainObject(value)) {
    return `error: unable to decode "${source}": json: cannot unmarshal ${goJsonType(value)} into Go value of type map[string]interface {}`;
  }
  if (typeof value.kind !== 'string' || value.kind === '') {
    return `error: unable to decode "${source}": Object 'Kind' is missing in '${raw}'`;
  }
  return undefined;
}

// ---- lines of fields ----------------------------------------------------------------------

/**
 * `spec.template.spec.containers[0].image` → `['spec','template','spec','containers',0,'image']`.
 * Brackets hold an index (`[0]`) or a map key as field.Path prints it
 * (`metadata.labels[app.kubernetes.io/name]`, `data[my.key]`).
 */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  let i = 0;
  let name = '';
  const flush = () => {
    if (name !== '') out.push(name);
    name = '';
  };
  while (i < path.length) {
    const c = path[i]!;
    if (c === '.') {
      flush();
      i++;
    } else if (c === '[') {
      flush();
      const close = path.indexOf(']', i + 1);
      const inner = close < 0 ? path.slice(i + 1) : path.slice(i + 1, close);
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      i = close < 0 ? path.length : close + 1;
    } else {
      name += c;
      i++;
    }
  }
  flush();
  return out;
}

/**
 * The 1-based line in `text` of the field at `path` inside document `docIndex` (a
 * `ManifestDoc.index`; for an item of a List, prefix the path with its `basePath`), or of the
 * nearest enclosing field that exists. Undefined when the document does not exist.
 */
export function lineOfPath(text: string, docIndex: number, path: (string | number)[]): number | undefined {
  try {
    const seg = splitStream(String(text ?? '')).segments[docIndex];
    if (!seg) return undefined;
    return seg.startLine + nodeLine(seg, parseYamlDocument(seg.text), path);
  } catch {
    return undefined;
  }
}

/** Convenience: the line of a field of a parsed object. */
export function lineOfField(text: string, doc: Pick<ManifestDoc, 'index' | 'basePath'>, path: (string | number)[]): number | undefined {
  return lineOfPath(text, doc.index, [...doc.basePath, ...path]);
}

/** 0-based line within the segment of the node at `path` (or its nearest existing parent). */
function nodeLine(seg: Segment, doc: Document.Parsed, path: (string | number)[]): number {
  const lineOf = (n: { range?: [number, number, number] | null } | null | undefined, fallback: number) =>
    n?.range ? lineAt(seg.text, n.range[0]) : fallback;
  const resolve = (n: unknown): unknown => (isAlias(n) ? n.resolve(doc) : n);
  let node = resolve(doc.contents) as Node | null | undefined;
  let line = lineOf(node, firstContentLine(seg.text));
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = resolve(p.key);
        return isScalar(k) ? String(k.value) === String(part) : false;
      });
      if (!pair) break;
      line = lineOf(pair.key as Node, line);
      node = resolve(pair.value) as Node | null;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = resolve(node.items[part]) as Node | undefined;
      if (!item) break;
      line = lineOf(item, line);
      node = item;
    } else break;
  }
  return line;
}

function firstContentLine(text: string): number {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return i < 0 ? 0 : i;
}
