// Reads the kubernetes-types declaration files (generated from the Kubernetes OpenAPI spec, one
// file per API group/version) into a plain model: named types with their fields, field types and
// the documentation comments, which are the API's field descriptions.
//
// The files are machine-generated and regular, so a small line-oriented reader is enough:
//   /** doc */ export interface Name { /** doc */ field?: Type; ... }
//   /** doc */ export type Name = Type;
//   import { A, B } from "../meta/v1";

export type TypeExpr =
  | { k: 'prim'; t: 'string' | 'number' | 'boolean' }
  | { k: 'literal'; value: string }
  | { k: 'name'; name: string }
  | { k: 'array'; of: TypeExpr }
  | { k: 'map'; of: TypeExpr }
  | { k: 'union'; of: TypeExpr[] };

export interface DtsField {
  name: string;
  optional: boolean;
  type: TypeExpr;
  doc: string;
}

export interface DtsDecl {
  /** Module path relative to the package root without `.d.ts`: `apps/v1`, `meta/v1`, `runtime`. */
  module: string;
  name: string;
  doc: string;
  /** `interface` declarations have fields; `type` aliases have `alias`. */
  fields?: DtsField[];
  alias?: TypeExpr;
}

export interface DtsModule {
  module: string;
  /** Local name → module path of the import. */
  imports: Map<string, string>;
  decls: DtsDecl[];
}

/** Parses one declaration file. `module` is its path without extension (`apps/v1`). */
export function parseDtsModule(module: string, text: string): DtsModule {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const imports = new Map<string, string>();
  const decls: DtsDecl[] = [];
  let doc = '';
  let current: DtsDecl | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    if (line.startsWith('/**')) {
      const start = i;
      while (!lines[i].includes('*/')) i++;
      doc = docText(lines.slice(start, i + 1));
      continue;
    }
    const imp = /^import \{ (.+) \} from "(.+)";$/.exec(line);
    if (imp) {
      const from = resolveModule(module, imp[2]);
      for (const n of imp[1].split(',').map((s) => s.trim())) imports.set(n, from);
      continue;
    }
    const iface = /^export interface (\w+) \{(\})?$/.exec(line);
    if (iface) {
      current = { module, name: iface[1], doc, fields: [] };
      decls.push(current);
      doc = '';
      if (iface[2]) current = undefined;
      continue;
    }
    const alias = /^export type (\w+) = (.+);$/.exec(line);
    if (alias) {
      decls.push({ module, name: alias[1], doc, alias: parseType(alias[2]) });
      doc = '';
      continue;
    }
    if (line === '}') {
      current = undefined;
      continue;
    }
    const field = /^(?:readonly )?("?[\w$-]+"?)(\?)?: (.*)$/.exec(line);
    if (field && current) {
      let typeText = field[3];
      // An inline map type spans lines: `{`, `[name: string]: T;`, `};`.
      if (typeText === '{') {
        const parts = ['{'];
        while (!/^\s*\};?$/.test(lines[++i])) parts.push(lines[i].trim());
        parts.push('}');
        typeText = parts.join(' ');
      } else typeText = typeText.replace(/;$/, '');
      current.fields!.push({ name: field[1].replace(/"/g, ''), optional: field[2] === '?', type: parseType(typeText), doc });
      doc = '';
      continue;
    }
    throw new Error(`${module}.d.ts:${i + 1}: cannot read: ${line}`);
  }
  return { module, imports, decls };
}

/** The text of a `/** ... *\/` comment: one line per source line, paragraph breaks kept. */
function docText(lines: string[]): string {
  if (lines.length === 1) return lines[0].trim().replace(/^\/\*\*\s?/, '').replace(/\s?\*\/$/, '');
  const body = lines.slice(1, -1).map((l) => l.replace(/^\s*\* ?/, ''));
  return body.join('\n');
}

function resolveModule(from: string, rel: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const seg of rel.split('/')) {
    if (seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** Parses a type expression: primitives, names, literals, `Array<T>`, `T[]`, `{ [k: string]: T; }`, unions. */
export function parseType(text: string): TypeExpr {
  const p = new TypeParser(text);
  const t = p.union();
  p.skip();
  if (p.pos !== text.length) throw new Error(`unexpected type text: ${text}`);
  return t;
}

class TypeParser {
  pos = 0;
  constructor(private readonly s: string) {}

  skip(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }

  eat(tok: string): boolean {
    this.skip();
    if (this.s.startsWith(tok, this.pos)) {
      this.pos += tok.length;
      return true;
    }
    return false;
  }

  expect(tok: string): void {
    if (!this.eat(tok)) throw new Error(`expected ${tok} at ${this.pos} in: ${this.s}`);
  }

  union(): TypeExpr {
    const of = [this.postfix()];
    while (this.eat('|')) of.push(this.postfix());
    return of.length === 1 ? of[0] : { k: 'union', of };
  }

  postfix(): TypeExpr {
    let t = this.primary();
    while (this.eat('[]')) t = { k: 'array', of: t };
    return t;
  }

  primary(): TypeExpr {
    this.skip();
    if (this.eat('{')) {
      this.expect('[');
      this.ident();
      this.expect(':');
      this.expect('string');
      this.expect(']');
      this.expect(':');
      const of = this.union();
      this.eat(';');
      this.expect('}');
      return { k: 'map', of };
    }
    if (this.s[this.pos] === '"') {
      const end = this.s.indexOf('"', this.pos + 1);
      const value = this.s.slice(this.pos + 1, end);
      this.pos = end + 1;
      return { k: 'literal', value };
    }
    const id = this.ident();
    if (id === 'Array') {
      this.expect('<');
      const of = this.union();
      this.expect('>');
      return { k: 'array', of };
    }
    if (id === 'string' || id === 'number' || id === 'boolean') return { k: 'prim', t: id };
    return { k: 'name', name: id };
  }

  ident(): string {
    this.skip();
    const m = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.pos));
    if (!m) throw new Error(`expected a name at ${this.pos} in: ${this.s}`);
    this.pos += m[0].length;
    return m[0];
  }
}
