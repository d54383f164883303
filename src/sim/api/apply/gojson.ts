// JSON as Go's encoding/json writes and reads it. kubectl is a Go program: the text it stores in
// `kubectl.kubernetes.io/last-applied-configuration` is json.Encoder output (map keys sorted,
// HTML-escaped, trailing newline), and a broken JSON manifest is reported with the Go decoder's
// error text (`invalid character '}' looking for beginning of object key string`) and its byte
// offset. This module reproduces both.

/** json.Marshal of a JSON value: compact, object keys sorted, `<>&` and U+2028/2029 escaped. */
export function goMarshal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return goQuote(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => goMarshal(v)).join(',')}]`;
      const obj = value as Record<string, unknown>;
      // Go sorts map keys by their bytes; for keys made of ASCII (all Kubernetes field names)
      // this is the same as JS code-unit order.
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort(compareGoStrings);
      return `{${keys.map((k) => `${goQuote(k)}:${goMarshal(obj[k])}`).join(',')}}`;
    }
    default:
      return 'null';
  }
}

/** Orders strings by their UTF-8 bytes, as Go's sort.Strings does. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ea = utf8.encode(a);
  const eb = utf8.encode(b);
  const n = Math.min(ea.length, eb.length);
  for (let i = 0; i < n; i++) if (ea[i] !== eb[i]) return ea[i]! - eb[i]!;
  return ea.length - eb.length;
}

const utf8 = new TextEncoder();

/** UTF-8 length of a JS string: Go's offsets count bytes. */
export function byteLength(s: string): number {
  return utf8.encode(s).length;
}

function goQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate pair is one rune; a lone surrogate is invalid UTF-8, which Go writes as U+FFFD.
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else out += '\ufffd';
    } else out += s[i];
  }
  return out + '"';
}

// ---- decoding ---------------------------------------------------------------------------------

export type GoJsonResult =
  | { ok: true; value: unknown; end: number }
  | { ok: false; message: string; /** string index of the offending character */ at: number };

/**
 * Decodes one JSON value starting at `start` (leading whitespace allowed), the way a Go
 * json.Decoder reads the next value of a stream. On a syntax error, `message` is the Go text
 * (`invalid character 'x' after object key:value pair`); at the end of input it is
 * `unexpected EOF`.
 */
export function decodeGoJsonValue(text: string, start: number): GoJsonResult {
  const p = new GoJsonParser(text, start);
  try {
    const value = p.value('beginning of value');
    return { ok: true, value, end: p.pos };
  } catch (e) {
    if (e instanceof GoJsonSyntaxError) return { ok: false, message: e.message, at: e.at };
    throw e;
  }
}

class GoJsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** Go's quoteChar: `'x'`, `'\''`, `'"'`, `'\n'`. */
function quoteChar(ch: string): string {
  if (ch === "'") return `'\\''`;
  if (ch === '"') return `'"'`;
  const q = JSON.stringify(ch);
  return `'${q.slice(1, -1)}'`;
}

class GoJsonParser {
  pos: number;
  constructor(
    private readonly s: string,
    start: number,
  ) {
    this.pos = start;
  }

  private eof(): never {
    throw new GoJsonSyntaxError('unexpected EOF', this.s.length);
  }

  private bad(context: string): never {
    const ch = String.fromCodePoint(this.s.codePointAt(this.pos)!);
    throw new GoJsonSyntaxError(`invalid character ${quoteChar(ch)} ${context}`, this.pos);
  }

  private skipSpace(): void {
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else break;
    }
  }

  private peek(): string | undefined {
    return this.s[this.pos];
  }

  value(context: string): unknown {
    this.skipSpace();
    const c = this.peek();
    if (c === undefined) this.eof();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    this.bad(`looking for ${context}`);
  }

  private object(): Record<string, unknown> {
    this.pos++; // {
    const out: Record<string, unknown> = {};
    this.skipSpace();
    if (this.peek() === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (c === undefined) this.eof();
      if (c !== '"') this.bad('looking for beginning of object key string');
      const key = this.string();
      this.skipSpace();
      if (this.peek() === undefined) this.eof();
      if (this.peek() !== ':') this.bad('after object key');
      this.pos++;
      const v = this.value('beginning of value');
      // Go keeps the last of duplicate keys, as assigning into a map does.
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.skipSpace();
      const d = this.peek();
      if (d === undefined) this.eof();
      if (d === ',') {
        this.pos++;
        continue;
      }
      if (d === '}') {
        this.pos++;
        return out;
      }
      this.bad('after object key:value pair');
    }
  }

  private array(): unknown[] {
    this.pos++; // [
    const out: unknown[] = [];
    this.skipSpace();
    if (this.peek() === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value('beginning of value'));
      this.skipSpace();
      const d = this.peek();
      if (d === undefined) this.eof();
      if (d === ',') {
        this.pos++;
        continue;
      }
      if (d === ']') {
        this.pos++;
        return out;
      }
      this.bad('after array element');
    }
  }

  private string(): string {
    this.pos++; // "
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.eof();
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        this.pos++;
        const e = this.peek();
        if (e === undefined) this.eof();
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          out += simple[e];
          this.pos++;
          continue;
        }
        if (e !== 'u') this.bad('in string escape code');
        this.pos++;
        let hex = '';
        for (let i = 0; i < 4; i++) {
          const h = this.peek();
          if (h === undefined) this.eof();
          if (!/[0-9a-fA-F]/.test(h)) this.bad('in \\u hexadecimal character escape');
          hex += h;
          this.pos++;
        }
        out += String.fromCharCode(parseInt(hex, 16));
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.bad('in string literal');
      out += c;
      this.pos++;
    }
  }

  private digits(): void {
    while (this.pos < this.s.length && this.s[this.pos]! >= '0' && this.s[this.pos]! <= '9') this.pos++;
  }

  private isDigit(): boolean {
    const c = this.peek();
    return c !== undefined && c >= '0' && c <= '9';
  }

  private number(): number {
    const start = this.pos;
    if (this.peek() === '-') {
      this.pos++;
      if (this.peek() === undefined) this.eof();
      if (!this.isDigit()) this.bad('in numeric literal');
    }
    if (this.peek() === '0') this.pos++;
    else this.digits();
    if (this.peek() === '.') {
      this.pos++;
      if (this.peek() === undefined) this.eof();
      if (!this.isDigit()) this.bad('after decimal point in numeric literal');
      this.digits();
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.pos++;
      if (this.peek() === '+' || this.peek() === '-') this.pos++;
      if (this.peek() === undefined) this.eof();
      if (!this.isDigit()) this.bad('in exponent of numeric literal');
      this.digits();
    }
    // A number at the very end of a stream is complete only once something follows it; Go's
    // decoder accepts it at EOF, so do we.
    return Number(this.s.slice(start, this.pos));
  }

  private literal(word: string, v: unknown): unknown {
    for (let i = 0; i < word.length; i++) {
      const c = this.peek();
      if (c === undefined) this.eof();
      if (c !== word[i]) this.bad(`in literal ${word} (expecting ${quoteChar(word[i]!)})`);
      this.pos++;
    }
    return v;
  }
}
