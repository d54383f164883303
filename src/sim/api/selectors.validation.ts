// The validation behind label selectors (k8s.io/apimachinery/pkg/util/validation and
// labels.NewRequirement), with the upstream error texts, e.g.
//   values[0][app]: Invalid value: "-x": a valid label must be an empty string or ...
import type { LabelOperator } from './selectors.label.ts';

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (!examples.length) return `${msg} (regex used for validation is '${fmt}')`;
  let s = msg + ' (e.g. ';
  examples.forEach((e, i) => {
    if (i > 0) s += ' or ';
    s += `'${e}', `;
  });
  return s + `regex used for validation is '${fmt}')`;
}

/** validation.IsQualifiedName: label keys. */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else {
      if (prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
      if (!DNS1123_SUBDOMAIN_RE.test(prefix)) errs.push('prefix part ' + regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
    }
  } else {
    return [
      'a qualified name ' +
        regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!QUALIFIED_NAME_RE.test(name)) errs.push('name part ' + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc'));
  return errs;
}

/** validation.IsValidLabelValue. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** field.Invalid(...).Error() with a string bad value. */
export const invalid = (field: string, value: string, detail: string) => `${field}: Invalid value: ${goQuote(value)}: ${detail}`;
/** field.Invalid with a []string bad value (rendered as JSON). */
const invalidList = (field: string, values: string[], detail: string) => `${field}: Invalid value: ${JSON.stringify(values)}: ${detail}`;

export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** utilerrors.NewAggregate(...).Error(). */
function aggregate(errs: string[]): string | undefined {
  const uniq = [...new Set(errs)];
  if (uniq.length === 0) return undefined;
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`;
}

/** labels.NewRequirement's validation; `keyPath` is the field path of the key error ('key', or none). */
export function newRequirementError(key: string, op: LabelOperator, vals: string[], keyPath: string | undefined): string | undefined {
  const errs: string[] = [];
  const keyErrs = qualifiedNameErrors(key);
  if (keyErrs.length) errs.push(invalid(keyPath ?? '<nil>', key, keyErrs.join('; ')));
  if ((op === 'in' || op === 'notin') && vals.length === 0) {
    errs.push(invalidList('values', vals, "for 'in', 'notin' operators, values set can't be empty"));
  }
  if ((op === '=' || op === '==' || op === '!=') && vals.length !== 1) {
    errs.push(invalidList('values', vals, 'exact-match compatibility requires one single value'));
  }
  if ((op === 'exists' || op === '!') && vals.length !== 0) {
    errs.push(invalidList('values', vals, 'values set must be empty for exists and does not exist'));
  }
  if (op === 'gt' || op === 'lt') {
    if (vals.length !== 1) errs.push(invalidList('values', vals, "for 'Gt', 'Lt' operators, exactly one value is required"));
    vals.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v)) errs.push(invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
    });
  }
  vals.forEach((v, i) => {
    const e = labelValueErrors(v);
    if (e.length) errs.push(invalid(`values[${i}][${key}]`, v, e.join('; ')));
  });
  return aggregate(errs);
}
