// Go `%#v` renderings of the few composite values that appear in well-known validation messages,
// e.g. `map[string]string{"app":"web"}` and
// `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
// Anything not covered here is rendered as JSON (an approximation of Go's struct dump).

import { goQuote, safeString } from './errors';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `map[string]string{"a":"1", "b":"2"}` (Go sorts map keys), `map[string]string(nil)` for nil. */
export function goStringMap(m: unknown): string {
  if (!isRecord(m)) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(safeString(m[k]))}`).join(', ')}}`;
}

/** `[]string{"a", "b"}`, `[]string(nil)` for nil. */
export function goStringSlice(a: unknown, type = '[]string'): string {
  if (!Array.isArray(a)) return `${type}(nil)`;
  return `${type}{${a.map((x) => goQuote(safeString(x))).join(', ')}}`;
}

function goRequirement(r: unknown): string {
  const o = isRecord(r) ? r : {};
  const str = (v: unknown) => goQuote(typeof v === 'string' ? v : '');
  return `v1.LabelSelectorRequirement{Key:${str(o.key)}, Operator:${str(o.operator)}, Values:${goStringSlice(o.values)}}`;
}

/** A `*metav1.LabelSelector` as `%#v` prints it after the pointer is dereferenced. */
export function goLabelSelector(sel: unknown): string {
  if (!isRecord(sel)) return 'null';
  const ml = sel.matchLabels;
  const me = sel.matchExpressions;
  const exprs = Array.isArray(me)
    ? `[]v1.LabelSelectorRequirement{${me.map(goRequirement).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(ml)}, MatchExpressions:${exprs}}`;
}

/** `intstr.IntOrString` prints through its `String()` method: `25%`, `1`. */
export function goIntOrString(v: unknown): string {
  return typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '0';
}

/** `core.ServicePort{...}` as the duplicate-port check reports its key. */
export function goServicePortKey(protocol: string, port: number): string {
  return (
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, ` +
    `TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`
  );
}
