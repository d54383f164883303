// Label and field selectors as apimachinery implements them (k8s.io/apimachinery/pkg/labels,
// pkg/fields, metav1.LabelSelectorAsSelector / FormatLabelSelector) and as the API server
// checks field selectors per kind. Error texts are the upstream ones, e.g.
//   unable to parse requirement: values[0][app]: Invalid value: "-x": a valid label must be ...
//   "foo" is not a known field selector: only "metadata.name", "metadata.namespace"
//   field label not supported: foo

import type { KObject } from './types.ts';

// ---- label selectors ------------------------------------------------------------------------

/** selection.Operator values. */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export interface LabelSelectorMatcher {
  /** Sorted by key, as apimachinery keeps them. */
  readonly requirements: readonly LabelRequirement[];
  /** No requirements: matches every object (an empty selector `{}`). */
  readonly empty: boolean;
  /** Matches no object (a nil selector, or one that failed to convert). */
  readonly matchesNothing: boolean;
  /** Set when a selector spec could not be converted (the controllers' error text). */
  readonly error?: string;
  matches(labels: Readonly<Record<string, string>> | undefined | null): boolean;
  /** labels.Selector.String(): `app=web,tier in (a,b)`; `''` when empty or nothing. */
  readonly selectorString: string;
  /** metav1.FormatLabelSelector: like selectorString, `<none>` when empty, `<error>` when invalid. */
  toString(): string;
}

export interface SelectorError {
  error: string;
}

export function isSelectorError(x: unknown): x is SelectorError {
  return typeof x === 'object' && x !== null && typeof (x as SelectorError).error === 'string' && !('matches' in x) && !('matchesFields' in x);
}

function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key]! : '';
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(v);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(v);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(v) || r.values.length !== 1 || !/^[+-]?\d+$/.test(r.values[0]!)) return false;
      const a = Number(v);
      const b = Number(r.values[0]);
      return r.operator === 'gt' ? a > b : a < b;
    }
  }
}

const goSorted = (values: string[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function requirementString(r: LabelRequirement): string {
  let s = r.operator === '!' ? '!' + r.key : r.key;
  const ops: Partial<Record<LabelOperator, string>> = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<' };
  if (r.operator === 'exists' || r.operator === '!') return s;
  s += ops[r.operator];
  const values = r.values.length === 1 ? r.values[0]! : goSorted(r.values).join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${s}(${values})` : s + values;
}

function makeLabelMatcher(requirements: LabelRequirement[], nothing = false, error?: string): LabelSelectorMatcher {
  const reqs = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const selectorString = nothing ? '' : reqs.map(requirementString).join(',');
  return {
    requirements: reqs,
    empty: !nothing && reqs.length === 0,
    matchesNothing: nothing,
    // Only present when set: callers tell a matcher from a SelectorError with `'error' in x`.
    ...(error !== undefined ? { error } : {}),
    selectorString,
    matches(labels) {
      if (nothing) return false;
      const l = labels ?? {};
      return reqs.every((r) => requirementMatches(r, l));
    },
    toString() {
      if (error) return '<error>';
      return selectorString === '' ? '<none>' : selectorString;
    },
  };
}

/** labels.Everything(). */
export const everything = (): LabelSelectorMatcher => makeLabelMatcher([]);
/** labels.Nothing(). */
export const nothing = (): LabelSelectorMatcher => makeLabelMatcher([], true);

/** labels.SelectorFromSet: a Service's or ReplicationController's `selector` map. Empty → everything. */
export function labelSelectorFromSet(set: Readonly<Record<string, string>> | undefined | null): LabelSelectorMatcher {
  return makeLabelMatcher(Object.entries(set ?? {}).map(([key, v]) => ({ key, operator: '=', values: [v] })));
}

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

/**
 * metav1.LabelSelectorAsSelector: a nil selector matches nothing, an empty one everything.
 * An invalid selector (bad operator, bad key or value) matches nothing and carries `error`.
 */
export function labelSelectorFromSpec(sel: LabelSelectorSpec | undefined | null): LabelSelectorMatcher {
  if (sel === undefined || sel === null) return nothing();
  const matchLabels = sel.matchLabels ?? {};
  const exprs = sel.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + exprs.length === 0) return everything();
  const reqs: LabelRequirement[] = [];
  const ops: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };
  const fail = (error: string) => makeLabelMatcher([], true, error);
  for (const [key, v] of Object.entries(matchLabels)) {
    const err = newRequirementError(key, '=', [String(v)], undefined);
    if (err) return fail(err);
    reqs.push({ key, operator: '=', values: [String(v)] });
  }
  for (const e of exprs) {
    const op = ops[e?.operator];
    if (!op) return fail(`${JSON.stringify(e?.operator ?? '')} is not a valid label selector operator`);
    const values = [...(e.values ?? [])].map(String);
    const err = newRequirementError(String(e.key ?? ''), op, values, 'key');
    if (err) return fail(err);
    reqs.push({ key: String(e.key), operator: op, values });
  }
  return makeLabelMatcher(reqs);
}

/** metav1.FormatLabelSelector of a selector spec: `app=web,tier in (a,b)`, `<none>`, `<error>`. */
export function formatLabelSelector(sel: LabelSelectorSpec | undefined | null): string {
  return labelSelectorFromSpec(sel).toString();
}

// ---- validation texts (k8s.io/apimachinery/pkg/util/validation) ----

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
const invalid = (field: string, value: string, detail: string) => `${field}: Invalid value: ${goQuote(value)}: ${detail}`;
/** field.Invalid with a []string bad value (rendered as JSON). */
const invalidList = (field: string, values: string[], detail: string) => `${field}: Invalid value: ${JSON.stringify(values)}: ${detail}`;

function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** utilerrors.NewAggregate(...).Error(). */
function aggregate(errs: string[]): string | undefined {
  const uniq = [...new Set(errs)];
  if (uniq.length === 0) return undefined;
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`;
}

/** labels.NewRequirement's validation; `keyPath` is the field path of the key error ('key', or none). */
function newRequirementError(key: string, op: LabelOperator, vals: string[], keyPath: string | undefined): string | undefined {
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

// ---- the string syntax (labels.Parse) ----

type Tok = 'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';
const KEYWORDS: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(' };
const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

function lex(s: string): { tok: Tok; lit: string }[] {
  const out: { tok: Tok; lit: string }[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      out.push({ tok: 'eos', lit: '' });
      return out;
    }
    if (isSpecial(s[pos]!)) {
      let buf = '';
      let last: { tok: Tok; lit: string } | undefined;
      while (pos < s.length && isSpecial(s[pos]!)) {
        buf += s[pos];
        const t = KEYWORDS[buf];
        if (t) {
          last = { tok: t, lit: buf };
          pos++;
        } else if (last) break;
        else pos++;
      }
      out.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` });
    } else {
      let buf = '';
      while (pos < s.length && !isSpecial(s[pos]!) && !isWhitespace(s[pos]!)) buf += s[pos++];
      const kw = KEYWORDS[buf];
      out.push(kw ? { tok: kw, lit: buf } : { tok: 'id', lit: buf });
    }
  }
}

class ParseError extends Error {}

/** labels.Parse: `app=web,tier in (a,b),!canary`. */
export function parseLabelSelector(s: string): LabelSelectorMatcher | SelectorError {
  const items = lex(s);
  let p = 0;
  // In a value position the keywords in/notin are plain identifiers.
  const look = (values: boolean) => {
    const it = items[Math.min(p, items.length - 1)]!;
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id' as Tok, lit: it.lit } : it;
  };
  const consume = (values: boolean) => {
    const it = look(values);
    p++;
    return it;
  };
  const fail = (m: string): never => {
    throw new ParseError(m);
  };
  const BINARY = 'in, notin, =, ==, !=, gt, lt';

  const parseRequirement = (): LabelRequirement => {
    let op: LabelOperator | undefined;
    let t = consume(true);
    if (t.tok === '!') {
      op = '!';
      t = consume(true);
    }
    if (t.tok !== 'id') fail(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = qualifiedNameErrors(key);
    if (keyErrs.length) fail(invalid('<nil>', key, keyErrs.join('; ')));
    const next = look(true).tok;
    if (next === 'eos' || next === ',') {
      if (op !== '!') op = 'exists';
    }
    if (op === 'exists' || op === '!') {
      const err = newRequirementError(key, op, [], 'key');
      if (err) fail(err);
      return { key, operator: op, values: [] };
    }
    const o = consume(false);
    const opMap: Partial<Record<Tok, LabelOperator>> = { in: 'in', '=': '=', '==': '==', '>': 'gt', '<': 'lt', notin: 'notin', '!=': '!=' };
    const operator = opMap[o.tok] ?? fail(`found '${o.lit}', expected: ${BINARY}`);
    let values: string[];
    if (operator === 'in' || operator === 'notin') {
      const open = consume(true);
      if (open.tok !== '(') fail(`found '${open.lit}' expected: '('`);
      const first = look(true);
      if (first.tok === 'id' || first.tok === ',') {
        const set = new Set<string>();
        for (;;) {
          const v = consume(true);
          if (v.tok === 'id') {
            set.add(v.lit);
            const n = look(true);
            if (n.tok === ',') continue;
            if (n.tok === ')') break;
            fail(`found '${n.lit}', expected: ',' or ')'`);
          } else if (v.tok === ',') {
            if (set.size === 0) set.add('');
            const n = look(true);
            if (n.tok === ')') {
              set.add('');
              break;
            }
            if (n.tok === ',') {
              consume(true);
              set.add('');
            }
          } else fail(`found '${v.lit}', expected: ',', or identifier`);
        }
        if (consume(true).tok !== ')') fail(`found '${first.lit}', expected: ')'`);
        values = goSorted([...set]);
      } else if (first.tok === ')') {
        consume(true);
        values = [''];
      } else fail(`found '${first.lit}', expected: ',', ')' or identifier`);
    } else {
      const n = look(true);
      if (n.tok === 'eos' || n.tok === ',') values = [''];
      else {
        const v = consume(true);
        if (v.tok !== 'id') fail(`found '${v.lit}', expected: identifier`);
        values = [v.lit];
      }
    }
    const err = newRequirementError(key, operator, values!, 'key');
    if (err) fail(err);
    return { key, operator, values: values! };
  };

  const reqs: LabelRequirement[] = [];
  try {
    for (;;) {
      const t = look(true);
      if (t.tok === 'eos') break;
      if (t.tok !== 'id' && t.tok !== '!') return { error: `found '${t.lit}', expected: !, identifier, or 'end of string'` };
      try {
        reqs.push(parseRequirement());
      } catch (e) {
        if (e instanceof ParseError) return { error: `unable to parse requirement: ${e.message}` };
        throw e;
      }
      const after = consume(true);
      if (after.tok === 'eos') break;
      if (after.tok === ',') {
        const n = look(true);
        if (n.tok !== 'id' && n.tok !== '!') return { error: `found '${n.lit}', expected: identifier after ','` };
        continue;
      }
      return { error: `found '${after.lit}', expected: ',' or 'end of string'` };
    }
  } catch (e) {
    if (e instanceof ParseError) return { error: e.message };
    throw e;
  }
  return makeLabelMatcher(reqs);
}

// ---- field selectors --------------------------------------------------------------------------

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

export interface FieldSelectorMatcher {
  /** In the order apimachinery evaluates them (terms sorted as text). */
  readonly requirements: readonly FieldRequirement[];
  readonly empty: boolean;
  /** The API server's check: undefined, or its error (`field label not supported: foo`). */
  validateFor(kind: { group: string; kind: string }, extraFields?: readonly string[]): string | undefined;
  /** Reads the object's selectable fields (`fieldSelectorValue`) and matches every term. */
  matchesFields(obj: KObject): boolean;
  /** fields.Selector.String(): `metadata.name=web,status.phase!=Running`. */
  toString(): string;
}

const escapeValue = (s: string) => s.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=');

function unescapeValue(s: string): string | SelectorError {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else return { error: `invalid field selector: invalid escape sequence: \\${c}` };
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') return { error: `invalid field selector: unescaped character in value: ${c.codePointAt(0)}` };
    else out += c;
  }
  if (inSlash) return { error: 'invalid field selector: invalid escape sequence: \\' };
  return out;
}

/** fields.ParseSelector: `metadata.name=web`, `status.phase!=Running`, comma-joined, `\,` escapes. */
export function parseFieldSelector(s: string): FieldSelectorMatcher | SelectorError {
  const parts: string[] = [];
  if (s.length) {
    let start = 0;
    let inSlash = false;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (inSlash) inSlash = false;
      else if (c === '\\') inSlash = true;
      else if (c === ',') {
        parts.push(s.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(s.slice(start));
  }
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    let split: { lhs: string; op: FieldRequirement['operator']; rhs: string } | undefined;
    for (let i = 0; i < part.length && !split; i++) {
      for (const op of ['!=', '==', '='] as const) {
        if (part.startsWith(op, i)) {
          split = { lhs: part.slice(0, i), op, rhs: part.slice(i + op.length) };
          break;
        }
      }
    }
    if (!split) return { error: `invalid selector: '${s}'; can't understand '${part}'` };
    const value = unescapeValue(split.rhs);
    if (typeof value !== 'string') return value;
    reqs.push({ field: split.lhs, operator: split.op, value });
  }
  return {
    requirements: reqs,
    empty: reqs.length === 0,
    validateFor(kind, extraFields) {
      for (const r of reqs) {
        const err = fieldLabelError(kind, r.field, extraFields);
        if (err) return err;
      }
      return undefined;
    },
    matchesFields(obj) {
      return reqs.every((r) => (fieldSelectorValue(obj, r.field) === r.value) === (r.operator !== '!='));
    },
    toString() {
      return reqs.map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeValue(r.value)}`).join(',');
    },
  };
}

const META = ['metadata.name', 'metadata.namespace'];
const CORE_EVENT_FIELDS = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
  ...META,
];

/**
 * Kinds whose API registers its own field label conversion (pkg/apis/<group>/<version>/conversion.go),
 * with the labels it accepts. Every other kind accepts only metadata.name and metadata.namespace.
 */
const FIELD_LABELS: Record<string, readonly string[]> = {
  '/Pod': [
    ...META,
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
    'spec.host', // converted to spec.nodeName
  ],
  '/Node': ['metadata.name', 'spec.unschedulable'],
  '/Namespace': ['metadata.name', 'status.phase'],
  '/Secret': [...META, 'type'],
  '/Service': [...META, 'spec.clusterIP', 'spec.type'],
  '/ReplicationController': [...META, 'status.replicas'],
  '/Event': CORE_EVENT_FIELDS,
  'events.k8s.io/Event': [
    ...META,
    'reason',
    'type',
    'regarding.kind',
    'regarding.namespace',
    'regarding.name',
    'regarding.uid',
    'regarding.apiVersion',
    'regarding.resourceVersion',
    'regarding.fieldPath',
    'reportingController',
  ],
  'batch/Job': [...META, 'status.successful'],
};

/** The field selectors the API server accepts for a kind. */
export function supportedFieldSelectors(kind: { group: string; kind: string }, extraFields: readonly string[] = []): readonly string[] {
  return [...(FIELD_LABELS[`${kind.group}/${kind.kind}`] ?? META), ...extraFields];
}

/** The server's error for a field label the kind does not support, or undefined. */
export function fieldLabelError(kind: { group: string; kind: string }, field: string, extraFields: readonly string[] = []): string | undefined {
  if (extraFields.includes(field)) return undefined;
  const own = FIELD_LABELS[`${kind.group}/${kind.kind}`];
  if (own) return own.includes(field) ? undefined : `field label not supported: ${field}`;
  if (META.includes(field)) return undefined;
  return `${goQuote(field)} is not a known field selector: only "metadata.name", "metadata.namespace"`;
}

function get(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/**
 * The value a field selector compares for `field` of `obj`, as the API server's
 * ToSelectableFields computes it ('' for an absent field; booleans and counts as text).
 */
export function fieldSelectorValue(obj: KObject, field: string): string {
  const group = obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0] : '';
  const key = `${group}/${obj.kind}`;
  switch (field) {
    case 'metadata.name':
      return str(obj.metadata?.name);
    case 'metadata.namespace':
      return str(obj.metadata?.namespace);
  }
  if (key === '/Pod') {
    if (field === 'spec.host') return str(get(obj, 'spec.nodeName'));
    if (field === 'spec.hostNetwork') return String(get(obj, 'spec.hostNetwork') === true);
    if (field === 'status.podIP') return str(get(obj, 'status.podIPs.0.ip') ?? get(obj, 'status.podIP'));
  }
  if (key === '/Node' && field === 'spec.unschedulable') return String(get(obj, 'spec.unschedulable') === true);
  if (key === '/ReplicationController' && field === 'status.replicas') return String(get(obj, 'status.replicas') ?? 0);
  if (key === 'batch/Job' && field === 'status.successful') return String(get(obj, 'status.succeeded') ?? 0);
  if (key === '/Event') {
    if (field === 'source') return str(get(obj, 'source.component'));
    if (field === 'reportingComponent') return str(get(obj, 'reportingComponent'));
  }
  return str(get(obj, field));
}
