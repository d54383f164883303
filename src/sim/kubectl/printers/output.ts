// `kubectl get -o ...`: yaml, json, name, jsonpath, custom-columns, and the table formats.

import type { KindInfo } from '../../api/kinds';
import type { KObject } from '../../api/types';
import { goJsonIndent, goQuote, goSharpV, goSprint, isMap } from './goformat';
import { findResults, parseJsonPath, printResults, relaxedJsonPath } from './jsonpath';
import { printTable, type TableOptions } from './table';
import { tabwrite } from './tabwriter';
import { toYaml } from './yaml';

/**
 * An output format, as `-o` selects it:
 * - `table` (no -o) and `wide` print the server's columns;
 * - `yaml`, `json`: the object itself, or a `kind: List` of several;
 * - `name`: `kind.group/name` per object;
 * - `jsonpath`: a JSONPath template, applied to the object or the List;
 * - `custom-columns`: `HEADER:.json.path,...`.
 * `parseOutputFormat` turns an `-o` value into one of these.
 */
export type OutputFormat =
  | { kind: 'table' }
  | { kind: 'wide' }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'custom-columns'; spec: string };

/**
 * A failure as kubectl reports it: `error` is the stderr text ("error: ..." prefix included,
 * final newline excluded).
 */
export interface PrintError {
  error: string;
}

/** What parseOutputFormat returns: a format, or kubectl's error for the -o value. */
export type ParsedOutputFormat = OutputFormat | { kind: 'error'; error: string };

/** Thrown internally; turned into a PrintError at the API boundary. */
class PrinterError extends Error {}

const ALLOWED_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** Parses the value of `-o` / `--output`; kubectl's error for formats it rejects (or we lack). */
export function parseOutputFormat(value: string | undefined): ParsedOutputFormat {
  try {
    return parseFormat(value);
  } catch (e) {
    return { kind: 'error', error: (e as Error).message };
  }
}

function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === '') return { kind: 'table' };
  const eq = value.indexOf('=');
  const name = eq < 0 ? value : value.slice(0, eq);
  const arg = eq < 0 ? '' : value.slice(eq + 1);
  switch (name) {
    case 'wide':
    case 'yaml':
    case 'json':
    case 'name':
      if (eq < 0) return { kind: name };
      break;
    case 'jsonpath':
      if (arg === '') throw new PrinterError('error: template format specified but no template given');
      return { kind: 'jsonpath', template: arg };
    case 'custom-columns':
      if (arg === '') throw new PrinterError('error: custom-columns format specified but no custom columns given');
      return { kind: 'custom-columns', spec: arg };
  }
  throw new PrinterError(
    `error: unable to match a printer suitable for the output format "${value}", allowed formats are: ${ALLOWED_FORMATS}`,
  );
}

export interface PrintOptions extends Partial<TableOptions> {
  nowMs: number;
  /**
   * kubectl's singleItemImplied: one object was named, so it prints as itself rather than in a
   * List. Ignored when `asList` is given.
   */
  single?: boolean;
  /**
   * Print a `kind: List` even for one object: kubectl does unless a single object was named
   * (`kubectl get pods -o yaml` lists; `kubectl get pod web -o yaml` does not). Default: a List
   * exactly when there is not one object.
   */
  asList?: boolean;
  /** `--show-managed-fields`: keep metadata.managedFields in yaml/json/jsonpath output. */
  showManagedFields?: boolean;
}

/** `deployment.apps/web`, `pod/web-x`: the `-o name` form of an object. */
export function resourceName(o: KObject): string {
  const apiVersion = o.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = String(o.kind ?? '').toLowerCase();
  const name = o.metadata?.name || '<unknown>';
  return group ? `${kind}.${group}/${name}` : `${kind}/${name}`;
}

function withoutManagedFields(o: KObject): KObject {
  if (!o.metadata || !('managedFields' in o.metadata)) return o;
  const { managedFields: _omit, ...metadata } = o.metadata;
  void _omit;
  return { ...o, metadata };
}

/** The object kubectl hands to the generic printers: the object, or a List of them. */
function genericObject(objects: readonly KObject[], opts: PrintOptions): unknown {
  const items = opts.showManagedFields ? objects : objects.map(withoutManagedFields);
  const asList = opts.asList ?? (items.length !== 1 || opts.single === false);
  if (!asList) return items[0];
  return { apiVersion: 'v1', items: [...items], kind: 'List', metadata: { resourceVersion: '' } };
}

function printJsonPath(template: string, data: unknown): string {
  try {
    parseJsonPath(template);
  } catch (e) {
    throw new PrinterError(`error: error parsing jsonpath ${template}, ${(e as Error).message}`);
  }
  try {
    return findResults(template, data, true).map(printResults).join('');
  } catch (e) {
    const debug =
      `Error executing template: ${(e as Error).message}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${template}\n` +
      `\tobject given to jsonpath engine was:\n\t\t${goSharpV(data)}\n\n`;
    throw new PrinterError(`error: error executing jsonpath ${goQuote(template)}: ${debug}`);
  }
}

function printCustomColumns(spec: string, objects: readonly KObject[], noHeaders: boolean): string {
  const columns = spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) throw new PrinterError(`error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    let path: string;
    try {
      path = relaxedJsonPath(part.slice(i + 1));
    } catch (e) {
      throw new PrinterError(`error: ${(e as Error).message}`);
    }
    try {
      parseJsonPath(path);
    } catch (e) {
      throw new PrinterError(`error: ${(e as Error).message}`);
    }
    return { header: part.slice(0, i), path };
  });
  const rows: string[][] = [];
  if (!noHeaders) rows.push(columns.map((c) => c.header));
  for (const o of objects) {
    rows.push(
      columns.map((c) => {
        let values: unknown[][];
        try {
          values = findResults(c.path, o, true);
        } catch (e) {
          throw new PrinterError(`error: ${(e as Error).message}`);
        }
        const strings = values.length === 0 || values[0].length === 0 ? ['<none>'] : [];
        return [...strings, ...values.flat().map(goSprint)].join(',');
      }),
    );
  }
  return tabwrite(rows);
}

/**
 * Everything `kubectl get` prints for the objects in the given format: `text` is stdout,
 * newline-terminated where kubectl terminates it (a jsonpath template prints exactly what it
 * produces, usually no final newline), or kubectl's error.
 */
export function printObjects(
  format: ParsedOutputFormat,
  info: KindInfo | undefined,
  objects: readonly KObject[],
  opts: PrintOptions,
): { text: string } | PrintError {
  if (format.kind === 'error') return { error: format.error };
  try {
    return { text: print(format, info, objects, opts) };
  } catch (e) {
    if (e instanceof PrinterError) return { error: e.message };
    throw e;
  }
}

function print(format: OutputFormat, info: KindInfo | undefined, objects: readonly KObject[], opts: PrintOptions): string {
  switch (format.kind) {
    case 'table':
    case 'wide': {
      if (!info) throw new PrinterError('error: the server doesn\'t have a resource type');
      return printTable(info, objects, { ...opts, wide: format.kind === 'wide' || opts.wide });
    }
    case 'yaml':
      return toYaml(genericObject(objects, opts));
    case 'json':
      return `${goJsonIndent(genericObject(objects, opts))}\n`;
    case 'name':
      return objects.map((o) => `${resourceName(o)}\n`).join('');
    case 'jsonpath':
      return printJsonPath(format.template, genericObject(objects, opts));
    case 'custom-columns': {
      const data = genericObject(objects, opts);
      const items = isMap(data) && Array.isArray(data.items) && data.kind === 'List' ? (data.items as KObject[]) : [data as KObject];
      return printCustomColumns(format.spec, items, !!opts.noHeaders);
    }
  }
}
