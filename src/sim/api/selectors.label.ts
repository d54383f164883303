// Label selectors as apimachinery implements them (k8s.io/apimachinery/pkg/labels and
// metav1.LabelSelectorAsSelector / FormatLabelSelector): requirements, matching, the
// canonical string form, and conversion from a set or a LabelSelector spec.
import { newRequirementError } from './selectors.validation.ts';

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

/** Go sort.Strings order (UTF-16 code units here; the same for the ASCII that labels allow). */
export const goSorted = (values: string[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function requirementString(r: LabelRequirement): string {
  let s = r.operator === '!' ? '!' + r.key : r.key;
  const ops: Partial<Record<LabelOperator, string>> = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<' };
  if (r.operator === 'exists' || r.operator === '!') return s;
  s += ops[r.operator];
  const values = r.values.length === 1 ? r.values[0]! : goSorted(r.values).join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${s}(${values})` : s + values;
}

export function makeLabelMatcher(requirements: LabelRequirement[], nothing = false, error?: string): LabelSelectorMatcher {
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
      // A plain loop: this runs for every pod a controller, Service or scheduler term is offered.
      for (let i = 0; i < reqs.length; i++) if (!requirementMatches(reqs[i]!, l)) return false;
      return true;
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
