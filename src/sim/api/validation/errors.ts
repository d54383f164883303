// Field errors as apimachinery reports them (`k8s.io/apimachinery/pkg/util/validation/field`)
// and the 422 Status built from them (`apierrors.NewInvalid`).

import type { KindInfo } from '../kinds';
import type { Status, StatusCause } from '../types';

export type FieldErrorType =
  | 'Required'
  | 'Invalid'
  | 'NotSupported'
  | 'Duplicate'
  | 'Forbidden'
  | 'TooLong'
  | 'TooMany'
  | 'NotFound';

export interface FieldError {
  type: FieldErrorType;
  /** The field path, e.g. `spec.template.spec.containers[0].image`. */
  field: string;
  /** The bad value (Invalid, NotSupported, Duplicate, NotFound, TooMany). */
  value?: unknown;
  detail?: string;
  /**
   * The value as Go's `%#v` (or `String()`) renders it, used verbatim when set. Validators set it
   * for Go composite values whose rendering JSON cannot reproduce (label selectors, maps, structs).
   */
  valueText?: string;
  /** The value is omitted from the message (`field.OmitValueType{}` upstream). */
  omitValue?: boolean;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  NotSupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
  Forbidden: 'Forbidden',
  TooLong: 'Too long',
  TooMany: 'Too many',
  NotFound: 'Not found',
};

const CAUSE_REASON: Record<FieldErrorType, string> = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  Duplicate: 'FieldValueDuplicate',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
  NotFound: 'FieldValueNotFound',
};

/** `String(v)` that cannot throw (null-prototype objects have no toString). */
export function safeString(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return String(v);
  } catch {
    try {
      return JSON.stringify(v) ?? 'undefined';
    } catch {
      return '[object]';
    }
  }
}

/** Go's `%q` for a string. JSON escaping is the same for everything printable. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/**
 * Renders a bad value the way `field.Error.ErrorBody` does: strings quoted (`%q`), numbers and
 * booleans bare (`%v`), nil as `null`. Go renders other values with `%#v`; callers that know the
 * Go type pass `valueText`, anything else is approximated as JSON.
 */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? safeString(value);
  } catch {
    return safeString(value);
  }
}

/** `field.Error.ErrorBody()`: the message without the field path. */
export function fieldErrorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  const valueless = e.type === 'Required' || e.type === 'Forbidden' || e.type === 'TooLong' || e.omitValue;
  if (!valueless) s += ': ' + (e.valueText ?? renderValue(e.value));
  if (e.detail) s += ': ' + e.detail;
  return s;
}

/** `field.Error.Error()`: `spec.selector: Required value`. */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** `ErrorList.ToAggregate().Error()`: duplicates dropped, one message bare, several in brackets. */
export function aggregateMessage(errors: FieldError[]): string {
  const msgs: string[] = [];
  for (const e of errors) {
    const m = formatFieldError(e);
    if (!msgs.includes(m)) msgs.push(m);
  }
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
}

/**
 * The 422 Status of `apierrors.NewInvalid`. Its message names the group-qualified kind, as the
 * API server writes it (`Deployment.apps "web" is invalid: spec.selector: Required value`);
 * kubectl prints its own text built from `details` — see `kubectlInvalidMessage`.
 */
export function invalidStatus(info: KindInfo, name: string, errors: FieldError[]): Status {
  const qualifiedKind = info.group ? `${info.kind}.${info.group}` : info.kind;
  const causes: StatusCause[] = errors.map((e) => ({
    reason: CAUSE_REASON[e.type],
    message: fieldErrorBody(e),
    field: e.field,
  }));
  const message =
    errors.length === 0
      ? `${qualifiedKind} ${goQuote(name)} is invalid`
      : `${qualifiedKind} ${goQuote(name)} is invalid: ${aggregateMessage(errors)}`;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Invalid',
    details: { name, group: info.group, kind: info.kind, causes },
    code: 422,
  };
}

/**
 * What kubectl prints for an Invalid Status (`cmdutil.StandardErrorMessage` + `MultilineError`):
 * `The Deployment "web" is invalid: spec.selector: Required value` for one cause, and for several
 * a header line followed by one `* field: message` line per cause. No trailing newline.
 */
export function kubectlInvalidMessage(status: Status): string {
  const d = status.details;
  let prefix = 'The request is invalid';
  if (d && (d.kind || d.name)) prefix = `The ${d.kind ?? ''} ${goQuote(d.name ?? '')} is invalid`;
  const causes = d?.causes ?? [];
  if (causes.length === 0) return `${prefix}: ${status.message}`;
  const lines: string[] = [];
  for (const c of causes) {
    const line = c.field ? `${c.field}: ${c.message}` : c.message;
    if (!lines.includes(line)) lines.push(line);
  }
  if (lines.length === 1) return `${prefix}: ${lines[0]}`;
  return `${prefix}: \n${lines.map((l) => `* ${l}`).join('\n')}`;
}

// ---- constructors, mirroring field.Required/Invalid/... ----

export const required = (field: string, detail = ''): FieldError => ({ type: 'Required', field, value: '', detail });
export const invalid = (field: string, value: unknown, detail = '', valueText?: string): FieldError =>
  valueText === undefined ? { type: 'Invalid', field, value, detail } : { type: 'Invalid', field, value, detail, valueText };
export const forbidden = (field: string, detail: string): FieldError => ({ type: 'Forbidden', field, value: '', detail });
export const duplicate = (field: string, value: unknown, valueText?: string): FieldError =>
  valueText === undefined ? { type: 'Duplicate', field, value } : { type: 'Duplicate', field, value, valueText };
export const notFound = (field: string, value: unknown): FieldError => ({ type: 'NotFound', field, value });
export const tooLong = (field: string, maxLength: number): FieldError => ({
  type: 'TooLong',
  field,
  value: '',
  detail: `may not be longer than ${maxLength}`,
});
export const tooMany = (field: string, actual: number, max: number): FieldError => ({
  type: 'TooMany',
  field,
  value: actual,
  detail: `must have at most ${max} items`,
});

/** `field.NotSupported`: detail `supported values: "a", "b"`. */
export function notSupported(field: string, value: unknown, supported: readonly string[], valueText?: string): FieldError {
  const detail = supported.length ? 'supported values: ' + supported.map(goQuote).join(', ') : '';
  const e: FieldError = { type: 'NotSupported', field, value, detail };
  if (valueText !== undefined) e.valueText = valueText;
  return e;
}

/** `ValidateImmutableField`: `field is immutable`. */
export const immutable = (field: string, value: unknown, valueText?: string): FieldError =>
  invalid(field, value, 'field is immutable', valueText);

// ---- field paths ----

export const child = (path: string, name: string): string => (path ? `${path}.${name}` : name);
export const index = (path: string, i: number): string => `${path}[${i}]`;
export const key = (path: string, k: string): string => `${path}[${k}]`;
