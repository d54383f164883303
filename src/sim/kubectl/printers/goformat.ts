// Go formatting kubectl's output goes through: encoding/json (sorted map keys, HTML-safe
// escaping), fmt.Sprint / %v of decoded JSON values, strconv.FormatFloat(f, 'g', -1, 64).

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const isMap = (v: unknown): v is Record<string, Json> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Byte-wise (UTF-16 code unit, equal for BMP) key order, as Go sorts map[string] keys. */
export const sortedKeys = (m: Record<string, unknown>): string[] =>
  Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** strconv.FormatFloat(f, 'g', -1, 64): %e when the exponent is < -4 or >= 6 (shortest). */
export function goFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expStr] = f.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const abs = Math.abs(exp);
    return `${mant}e${sign}${abs < 10 ? '0' : ''}${abs}`;
  }
  return String(f);
}

/** A JSON number as Go prints it with %v: int64 for integral values, float64 otherwise. */
export const goNumber = (n: number): string => (Number.isInteger(n) && Math.abs(n) < 1e21 ? String(n) : goFloatG(n));

/** fmt.Sprint of a value decoded from JSON (map[string]interface{} and friends). */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (isMap(v)) return `map[${sortedKeys(v).map((k) => `${k}:${goSprint(v[k])}`).join(' ')}]`;
  return String(v);
}

/** strconv.Quote-like rendering used by %#v for strings. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** %#v of a value decoded from JSON, as kubectl's jsonpath error dump prints it. */
export function goSharpV(v: unknown, top = true): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloatG(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSharpV(x, false)).join(', ')}}`;
  if (isMap(v)) {
    return `map[string]interface {}{${sortedKeys(v).map((k) => `${goQuote(k)}:${goSharpV(v[k], false)}`).join(', ')}}`;
  }
  void top;
  return String(v);
}

/** encoding/json string encoding with HTML escaping (json.Marshal's default). */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += ch + s[i + 1];
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + '"';
}

/** encoding/json number encoding (ES6-style exponent thresholds, as JavaScript). */
const goJsonNumber = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/** json.Marshal: compact, map keys sorted. */
export function goJsonMarshal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') return goJsonNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goJsonMarshal).join(',')}]`;
  if (isMap(v)) {
    return `{${sortedKeys(v).filter((k) => v[k] !== undefined).map((k) => `${goJsonString(k)}:${goJsonMarshal(v[k])}`).join(',')}}`;
  }
  return 'null';
}

/** json.MarshalIndent(v, "", indent): empty objects/arrays stay `{}` / `[]`. */
export function goJsonIndent(v: unknown, indent = '    ', prefix = ''): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const inner = prefix + indent;
    return `[\n${v.map((x) => inner + goJsonIndent(x, indent, inner)).join(',\n')}\n${prefix}]`;
  }
  if (isMap(v)) {
    const keys = sortedKeys(v).filter((k) => v[k] !== undefined);
    if (keys.length === 0) return '{}';
    const inner = prefix + indent;
    return `{\n${keys.map((k) => `${inner}${goJsonString(k)}: ${goJsonIndent(v[k], indent, inner)}`).join(',\n')}\n${prefix}}`;
  }
  return goJsonMarshal(v);
}
