// A POSIX-ish shell parser for the scripts containers run (`sh -c '…'`, entrypoint scripts,
// `kubectl exec … -- sh -c '…'`): lists, && and ||, pipes, while/until/for/if, groups,
// redirections, assignments, quoting, $VAR / ${VAR:-x} / $(cmd) / $((expr)).

export type WordPart =
  | { k: 'lit'; s: string; q: boolean }
  | { k: 'var'; name: string; op?: string; arg?: Word; q: boolean }
  | { k: 'cmd'; src: string; q: boolean }
  | { k: 'arith'; src: string; q: boolean };

export type Word = WordPart[];

export interface Redir {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}

export type Node =
  | { t: 'list'; items: { node: Node; bg: boolean }[] }
  | { t: 'and' | 'or'; left: Node; right: Node }
  | { t: 'pipe'; cmds: Node[]; negate: boolean }
  | { t: 'cmd'; assigns: [string, Word][]; words: Word[]; redirs: Redir[] }
  | { t: 'while'; cond: Node; body: Node; until: boolean; redirs: Redir[] }
  | { t: 'for'; name: string; items: Word[] | null; body: Node; redirs: Redir[] }
  | { t: 'if'; branches: { cond: Node; body: Node }[]; otherwise?: Node; redirs: Redir[] }
  | { t: 'group'; body: Node; subshell: boolean; redirs: Redir[] };

export class ShellSyntaxError extends Error {}

type Tok = { k: 'word'; w: Word; raw: string } | { k: 'op'; op: string } | { k: 'nl' };

const OPS = ['&&', '||', ';;', '>>', '>&', '<<', ';', '&', '|', '>', '<', '(', ')'];

/** Splits a script into words and operators. */
function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '\\' && src[i + 1] === '\n') { i += 2; continue; }
    if (c === '\n') { toks.push({ k: 'nl' }); i++; continue; }
    if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
    // `2>&1`, `2>/dev/null`: a digit directly before a redirection is its fd.
    if (/\d/.test(c) && (src[i + 1] === '>' || src[i + 1] === '<')) {
      const op = src.startsWith('>>', i + 1) ? '>>' : src.startsWith('>&', i + 1) ? '>&' : src[i + 1];
      toks.push({ k: 'op', op: `${c}${op}` });
      i += 1 + op.length;
      continue;
    }
    if (c === '&' && src[i + 1] === '>') { toks.push({ k: 'op', op: '&>' }); i += 2; continue; }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) { toks.push({ k: 'op', op }); i += op.length; continue; }
    const start = i;
    const w: Word = [];
    let lit = '';
    const flush = (q: boolean) => { if (lit !== '') { w.push({ k: 'lit', s: lit, q }); lit = ''; } };
    while (i < src.length && !/[\s;&|<>()]/.test(src[i])) {
      const ch = src[i];
      if (ch === '\\') { lit += src[i + 1] ?? ''; i += 2; continue; }
      if (ch === "'") {
        flush(false);
        const end = src.indexOf("'", i + 1);
        if (end < 0) throw new ShellSyntaxError(`unterminated quoted string`);
        w.push({ k: 'lit', s: src.slice(i + 1, end), q: true });
        i = end + 1;
        continue;
      }
      if (ch === '"') {
        flush(false);
        i = lexDouble(src, i + 1, w);
        continue;
      }
      if (ch === '$') {
        flush(false);
        i = lexDollar(src, i, w, false);
        continue;
      }
      lit += ch;
      i++;
    }
    flush(false);
    if (w.length === 0) w.push({ k: 'lit', s: '', q: true });
    toks.push({ k: 'word', w, raw: src.slice(start, i) });
  }
  return toks;
}

function lexDouble(src: string, i: number, w: Word): number {
  let lit = '';
  const flush = () => { if (lit !== '') { w.push({ k: 'lit', s: lit, q: true }); lit = ''; } };
  let any = false;
  while (i < src.length && src[i] !== '"') {
    const ch = src[i];
    if (ch === '\\' && '"\\$`\n'.includes(src[i + 1] ?? '')) { if (src[i + 1] !== '\n') lit += src[i + 1]; i += 2; continue; }
    if (ch === '$') { flush(); any = true; i = lexDollar(src, i, w, true); continue; }
    lit += ch;
    i++;
  }
  if (i >= src.length) throw new ShellSyntaxError('unterminated quoted string');
  if (lit !== '' || !any) w.push({ k: 'lit', s: lit, q: true });
  return i + 1;
}

/** Matching close paren for `$(` at i (i points after the open paren). */
function closeParen(src: string, i: number): number {
  let depth = 1;
  let quote: string | null = null;
  for (; i < src.length; i++) {
    const ch = src[i];
    if (quote) { if (ch === quote) quote = null; else if (ch === '\\' && quote === '"') i++; continue; }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  throw new ShellSyntaxError('unterminated $(');
}

function lexDollar(src: string, i: number, w: Word, q: boolean): number {
  const next = src[i + 1];
  if (src.startsWith('$((', i)) {
    const end = closeParen(src, i + 3);
    if (src[end + 1] !== ')') throw new ShellSyntaxError('unterminated $((');
    w.push({ k: 'arith', src: src.slice(i + 3, end), q });
    return end + 2;
  }
  if (next === '(') {
    const end = closeParen(src, i + 2);
    w.push({ k: 'cmd', src: src.slice(i + 2, end), q });
    return end + 1;
  }
  if (next === '{') {
    const end = src.indexOf('}', i + 2);
    if (end < 0) throw new ShellSyntaxError('bad substitution');
    const body = src.slice(i + 2, end);
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!])(:?[-=+?])?(.*)$/s.exec(body);
    if (!m) throw new ShellSyntaxError('bad substitution');
    const arg = m[2] ? lexWordText(m[3]) : undefined;
    w.push({ k: 'var', name: m[1], op: m[2], arg, q });
    return end + 1;
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!])/.exec(src.slice(i + 1));
  if (!m) { w.push({ k: 'lit', s: '$', q }); return i + 1; }
  w.push({ k: 'var', name: m[1], q });
  return i + 1 + m[1].length;
}

function lexWordText(s: string): Word {
  if (s === '') return [{ k: 'lit', s: '', q: true }];
  const t = lex(s.replace(/\s/g, (c) => `\\${c}`));
  return t[0]?.k === 'word' ? t[0].w : [{ k: 'lit', s, q: true }];
}

const RESERVED = new Set(['while', 'until', 'for', 'do', 'done', 'if', 'then', 'elif', 'else', 'fi', '{', '}', 'in', '!']);

class Parser {
  private p = 0;
  constructor(private readonly toks: Tok[]) {}

  parseScript(): Node {
    const n = this.list(new Set());
    this.skipNl();
    if (this.p < this.toks.length) throw new ShellSyntaxError(`syntax error: unexpected "${this.show(this.toks[this.p])}"`);
    return n;
  }

  private show(t: Tok): string {
    return t.k === 'word' ? t.raw : t.k === 'op' ? t.op : 'newline';
  }

  private peekWord(): string | undefined {
    const t = this.toks[this.p];
    return t?.k === 'word' && t.w.length === 1 && t.w[0].k === 'lit' && !t.w[0].q ? t.w[0].s : undefined;
  }

  private skipNl(): void {
    while (this.toks[this.p]?.k === 'nl') this.p++;
  }

  private isOp(op: string): boolean {
    const t = this.toks[this.p];
    return t?.k === 'op' && t.op === op;
  }

  private expectWord(w: string): void {
    this.skipNl();
    if (this.peekWord() !== w) {
      const t = this.toks[this.p];
      throw new ShellSyntaxError(`syntax error: unexpected ${t ? `"${this.show(t)}"` : 'end of file'} (expecting "${w}")`);
    }
    this.p++;
  }

  /** A list ends at EOF, `)` or one of the stop words. */
  private list(stop: Set<string>): Node {
    const items: { node: Node; bg: boolean }[] = [];
    for (;;) {
      this.skipNl();
      const t = this.toks[this.p];
      if (!t || (t.k === 'op' && (t.op === ')' || t.op === ';;'))) break;
      const w = this.peekWord();
      if (w !== undefined && stop.has(w)) break;
      const node = this.andOr();
      let bg = false;
      if (this.isOp('&')) { bg = true; this.p++; }
      else if (this.isOp(';')) this.p++;
      items.push({ node, bg });
    }
    if (items.length === 0 && stop.size > 0) {
      const t = this.toks[this.p];
      throw new ShellSyntaxError(`syntax error: unexpected ${t ? `"${this.show(t)}"` : 'end of file'}`);
    }
    return { t: 'list', items };
  }

  private andOr(): Node {
    let left = this.pipeline();
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.toks[this.p++] as { op: string }).op;
      this.skipNl();
      const right = this.pipeline();
      left = { t: op === '&&' ? 'and' : 'or', left, right };
    }
    return left;
  }

  private pipeline(): Node {
    let negate = false;
    if (this.peekWord() === '!') { negate = true; this.p++; }
    const cmds = [this.command()];
    while (this.isOp('|')) {
      this.p++;
      this.skipNl();
      cmds.push(this.command());
    }
    return cmds.length === 1 && !negate ? cmds[0] : { t: 'pipe', cmds, negate };
  }

  private command(): Node {
    const w = this.peekWord();
    if (w === 'while' || w === 'until') {
      this.p++;
      const cond = this.list(new Set(['do']));
      this.expectWord('do');
      const body = this.list(new Set(['done']));
      this.expectWord('done');
      return { t: 'while', cond, body, until: w === 'until', redirs: this.redirs() };
    }
    if (w === 'for') {
      this.p++;
      const nameTok = this.toks[this.p++];
      if (nameTok?.k !== 'word') throw new ShellSyntaxError('syntax error: bad for loop variable');
      let items: Word[] | null = null;
      this.skipNl();
      if (this.peekWord() === 'in') {
        this.p++;
        items = [];
        while (this.toks[this.p]?.k === 'word' && this.peekWord() !== 'do') items.push((this.toks[this.p++] as { w: Word }).w);
      }
      if (this.isOp(';')) this.p++;
      this.expectWord('do');
      const body = this.list(new Set(['done']));
      this.expectWord('done');
      return { t: 'for', name: nameTok.raw, items, body, redirs: this.redirs() };
    }
    if (w === 'if') {
      this.p++;
      const branches: { cond: Node; body: Node }[] = [];
      let otherwise: Node | undefined;
      for (;;) {
        const cond = this.list(new Set(['then']));
        this.expectWord('then');
        const body = this.list(new Set(['elif', 'else', 'fi']));
        branches.push({ cond, body });
        this.skipNl();
        const next = this.peekWord();
        this.p++;
        if (next === 'elif') continue;
        if (next === 'else') {
          otherwise = this.list(new Set(['fi']));
          this.expectWord('fi');
        } else if (next !== 'fi') throw new ShellSyntaxError('syntax error: unexpected end of file (expecting "fi")');
        break;
      }
      return { t: 'if', branches, otherwise, redirs: this.redirs() };
    }
    if (w === '{') {
      this.p++;
      const body = this.list(new Set(['}']));
      this.expectWord('}');
      return { t: 'group', body, subshell: false, redirs: this.redirs() };
    }
    if (this.isOp('(')) {
      this.p++;
      const body = this.list(new Set());
      if (!this.isOp(')')) throw new ShellSyntaxError('syntax error: unexpected end of file (expecting ")")');
      this.p++;
      return { t: 'group', body, subshell: true, redirs: this.redirs() };
    }
    if (w !== undefined && RESERVED.has(w) && w !== '{' && w !== '!') throw new ShellSyntaxError(`syntax error: unexpected "${w}"`);
    return this.simple();
  }

  private redirs(): Redir[] {
    const out: Redir[] = [];
    for (;;) {
      const t = this.toks[this.p];
      if (t?.k !== 'op') return out;
      const m = /^(\d?|&)(>>|>&|>|<)$/.exec(t.op);
      if (!m) return out;
      this.p++;
      const target = this.toks[this.p++];
      if (target?.k !== 'word') throw new ShellSyntaxError(`syntax error: unexpected ${target ? `"${this.show(target)}"` : 'end of file'}`);
      const op = m[2] as Redir['op'];
      if (m[1] === '&') {
        out.push({ fd: 1, op: '>', target: target.w }, { fd: 2, op: '>&', target: [{ k: 'lit', s: '1', q: false }] });
      } else {
        out.push({ fd: m[1] ? Number(m[1]) : op === '<' ? 0 : 1, op, target: target.w });
      }
    }
  }

  private simple(): Node {
    const assigns: [string, Word][] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      const t = this.toks[this.p];
      if (!t || t.k === 'nl') break;
      if (t.k === 'op') {
        const r = this.redirs();
        if (r.length === 0) break;
        redirs.push(...r);
        continue;
      }
      const first = t.w[0];
      const m = words.length === 0 && first?.k === 'lit' && !first.q ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(first.s) : null;
      if (m) {
        assigns.push([m[1], [{ k: 'lit', s: m[2], q: true }, ...t.w.slice(1)]]);
      } else {
        words.push(t.w);
      }
      this.p++;
    }
    if (words.length === 0 && assigns.length === 0 && redirs.length === 0) {
      const t = this.toks[this.p];
      throw new ShellSyntaxError(`syntax error: unexpected ${t ? `"${this.show(t)}"` : 'end of file'}`);
    }
    return { t: 'cmd', assigns, words, redirs };
  }
}

const cache = new Map<string, Node | ShellSyntaxError>();

/** Parses a script; throws ShellSyntaxError. Parsed scripts are cached (they are pure data). */
export function parseScript(src: string): Node {
  let n = cache.get(src);
  if (!n) {
    try {
      n = new Parser(lex(src)).parseScript();
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      n = e;
    }
    if (cache.size > 2000) cache.clear();
    cache.set(src, n);
  }
  if (n instanceof ShellSyntaxError) throw n;
  return n;
}
