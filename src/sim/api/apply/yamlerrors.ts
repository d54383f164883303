// Translates the `yaml` package's parse errors into the words and line numbers of go-yaml v2, the
// parser inside kubectl (via sigs.k8s.io/yaml), so a broken manifest reads as it would in a
// terminal: `yaml: line 5: mapping values are not allowed in this context`.
//
// go-yaml numbers lines in two ways, and kubectl users see both:
//  - scanner errors (bad characters, tabs, `key: a: b`, missing `:`) give the 1-based line;
//  - parser errors (`did not find expected key`, flow collections) give the 0-based line of the
//    offending token, which reads as the line *before* the problem, and no line at all when
//    that is 0.
// Lines are counted within the document kubectl parsed (the text after the last `---`).
//
// The mapping covers the mistakes people make in manifests; anything else keeps the yaml
// package's own message with the scanner-style line.

import type { YAMLError } from 'yaml';

export interface GoYamlError {
  /** `yaml: line 3: could not find expected ':'` */
  text: string;
  /** 0-based line and column, within the document, where the problem is (for editor markers). */
  line: number;
  column: number;
}

export function goYamlError(doc: string, err: Pick<YAMLError, 'code' | 'message' | 'pos'>): GoYamlError {
  const lines = doc.split('\n');
  const offset = Math.max(0, Math.min(err.pos[0], doc.length));
  const line = lineAt(doc, offset);
  const lineStart = doc.lastIndexOf('\n', offset - 1) + 1;
  let column = offset - lineStart;
  // Point at the token, not at the indentation before it.
  while (doc[lineStart + column] === ' ' && lineStart + column < doc.length) column++;
  const at = { line, column };
  const eofLine = lines.length - 1; // the mark after the final newline
  const scanner = (l: number, msg: string) => ({ ...at, text: `yaml: line ${l + 1}: ${msg}` });
  const parser = (l: number, msg: string) => ({ ...at, text: l > 0 ? `yaml: line ${l}: ${msg}` : `yaml: ${msg}` });
  const msg = err.message;

  switch (err.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      return scanner(lineAt(doc, mappingIndicatorFrom(doc, offset)), 'mapping values are not allowed in this context');
    case 'MULTILINE_IMPLICIT_KEY':
      return scanner(nextTokenLine(lines, line) ?? eofLine, "could not find expected ':'");
    case 'TAB_AS_INDENT':
      return scanner(
        line,
        endsWithPlainScalar(lines, line)
          ? 'found a tab character that violates indentation'
          : 'found character that cannot start any token',
      );
    case 'BAD_SCALAR_START':
      return scanner(line, 'found character that cannot start any token');
    case 'MISSING_CHAR':
      if (/closing .*quote/i.test(msg)) return scanner(eofLine, 'found unexpected end of stream');
      if (/Implicit map keys need to be followed by map values/.test(msg)) {
        return scanner(nextTokenLine(lines, line) ?? eofLine, "could not find expected ':'");
      }
      if (/flow sequence|\]/i.test(msg)) return parser(line, "did not find expected ',' or ']'");
      if (/flow map|\}/i.test(msg)) return parser(line, "did not find expected ',' or '}'");
      return parser(line, 'did not find expected key');
    case 'BAD_INDENT':
      if (/^Flow sequence/.test(msg)) return parser(line, "did not find expected ',' or ']'");
      if (/^Flow map/.test(msg)) return parser(line, "did not find expected ',' or '}'");
      if (/mapping items/.test(msg) && previousIsSequenceEntryAt(lines, line, column)) {
        return parser(line, "did not find expected '-' indicator");
      }
      return parser(line, 'did not find expected key');
    case 'UNEXPECTED_TOKEN':
      return parser(line, 'did not find expected key');
    case 'BAD_ALIAS':
      return scanner(line, 'did not find expected alphabetic or numeric character');
    default:
      return scanner(line, lowerFirst(msg.replace(/ at line \d+, column \d+.*$/s, '')));
  }
}

function lowerFirst(s: string): string {
  return s.length ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** 0-based line of a string offset. */
export function lineAt(text: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The first line after `line` that holds a token (not blank, not only a comment). */
function nextTokenLine(lines: string[], line: number): number | undefined {
  for (let i = line + 1; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t !== '' && !t.startsWith('#')) return i;
  }
  return undefined;
}

/**
 * Offset of the `:` go-yaml stops at in `key: a: b` — the first mapping indicator (a colon
 * followed by a blank or the end of a line) at or after `from`, outside quotes.
 */
function mappingIndicatorFrom(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if ((c === '"' || c === "'") && (i === from || /[\s:,[{]/.test(text[i - 1]!))) quote = c;
    else if (c === ':' && (i + 1 >= text.length || /[ \t\n]/.test(text[i + 1]!))) return i;
  }
  return from;
}

/**
 * go-yaml reports a tab that starts a line as "violates indentation" when it interrupts a plain
 * (unquoted) scalar that could continue onto that line, i.e. when the previous line ends with one.
 */
function endsWithPlainScalar(lines: string[], line: number): boolean {
  for (let i = line - 1; i >= 0; i--) {
    const raw = lines[i]!.replace(/\s+#.*$/, '').trimEnd();
    if (raw.trim() === '') continue;
    if (raw.trimStart().startsWith('#')) return false;
    return !/(?::|^\s*-|["'\]}]|[|>][-+0-9]*|[[{,])$/.test(raw);
  }
  return false;
}

/** Is the nearest earlier line at `column` a block sequence entry (`- ...`)? */
function previousIsSequenceEntryAt(lines: string[], line: number, column: number): boolean {
  for (let i = line - 1; i >= 0; i--) {
    const l = lines[i]!;
    const t = l.trim();
    if (t === '' || t.startsWith('#')) continue;
    const indent = l.length - l.trimStart().length;
    if (indent < column) return false;
    if (indent === column) return t === '-' || t.startsWith('- ');
  }
  return false;
}
