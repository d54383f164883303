// Field selectors (k8s.io/apimachinery/pkg/fields) and the API server's per-kind field label
// checks and selectable field values. Error texts are the upstream ones, e.g.
//   "foo" is not a known field selector: only "metadata.name", "metadata.namespace"
//   field label not supported: foo
import type { KObject } from './types.ts';
import type { SelectorError } from './selectors.label.ts';
import { goQuote } from './selectors.validation.ts';

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
