// Splits a manifest file into documents exactly as kubectl's reader does
// (k8s.io/apimachinery/pkg/util/yaml YAMLOrJSONDecoder):
//  - a stream whose first non-space character is `{` is read as a series of JSON values; if
//    that fails before a second value was read, the rest is read as YAML instead;
//  - YAML is cut into documents at lines that start with `---`; only spaces or a comment may
//    follow the dashes (`---foo` is "invalid Yaml document separator: foo"); the separator line
//    itself belongs to no document, and line numbers in go-yaml errors count from the line
//    after it;
//  - every line ends with "\n" (CRLF becomes LF).

import { parseDocument, type Document, type Tags } from 'yaml';
import { byteLength, decodeGoJsonValue } from './gojson.ts';

export interface Segment {
  kind: 'yaml' | 'json';
  /** The document's text as kubectl hands it to the parser. */
  text: string;
  /** 1-based line in the whole file of the segment's first character. */
  startLine: number;
  /** JSON segments: the decoded value. */
  value?: unknown;
}

export interface StreamError {
  /** The reader's own error text, e.g. `json: offset 12: invalid character ...`. */
  message: string;
  /** 1-based line in the file. */
  line: number;
  column?: number;
}

export interface SplitStream {
  segments: Segment[];
  /** A reader error after the last complete segment; nothing after it was read. */
  error?: StreamError;
  /**
   * The stream looked like JSON but failed early and the rest was read as YAML: if the YAML
   * document at `segmentIndex` does not parse, kubectl reports this JSON error instead.
   */
  jsonFallback?: { segmentIndex: number; error: StreamError };
}

/**
 * YAML 1.1 as go-yaml v2 resolves it: yes/no/on/off/y/n are booleans, 0777 is octal; unlike the
 * 1.1 spec, timestamps and sexagesimal numbers (1:20) stay strings.
 */
export const GO_YAML_OPTIONS = {
  version: '1.1' as const,
  uniqueKeys: false,
  merge: true,
  prettyErrors: false,
  customTags: (tags: Tags): Tags =>
    tags.filter((t) => {
      const tag = t as { tag?: string; format?: string };
      return tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME';
    }),
};

export function parseYamlDocument(text: string): Document.Parsed {
  return parseDocument(text, GO_YAML_OPTIONS);
}

function lineOfOffset(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

const isJsonSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export function splitStream(text: string): SplitStream {
  const firstNonSpace = text.search(/\S/);
  if (firstNonSpace >= 0 && text[firstNonSpace] === '{') return splitJson(text);
  return splitYaml(text, 0);
}

function splitJson(text: string): SplitStream {
  const segments: Segment[] = [];
  let pos = 0;
  let consumed = 0; // end of the last complete value
  for (;;) {
    while (isJsonSpace(text[pos])) pos++;
    if (pos >= text.length) return { segments };
    const r = decodeGoJsonValue(text, pos);
    if (r.ok) {
      segments.push({ kind: 'json', text: text.slice(pos, r.end), startLine: lineOfOffset(text, pos), value: r.value });
      pos = consumed = r.end;
      continue;
    }
    const message =
      r.message === 'unexpected EOF' ? r.message : `json: offset ${byteLength(text.slice(0, r.at)) + 1}: ${r.message}`;
    const line = lineOfOffset(text, r.at);
    const column = r.at - (text.lastIndexOf('\n', r.at - 1) + 1) + 1;
    const error: StreamError = { message, line, column };
    if (segments.length > 1) return { segments, error };
    // Not yet unambiguously JSON: kubectl rewinds to the end of the last value, eats blanks up to
    // the first newline and reads the rest as YAML. If the first YAML read fails too, the JSON
    // error is the one shown.
    let rest = consumed;
    while (rest < text.length && /\s/.test(text[rest]!) && text[rest] !== '\n') rest++;
    if (text[rest] === '\n') rest++;
    const yaml = splitYaml(text, rest);
    if (!yaml.segments.length) return yaml.error ? { segments, error } : { segments };
    return {
      segments: [...segments, ...yaml.segments],
      error: yaml.error,
      jsonFallback: { segmentIndex: segments.length, error },
    };
  }
}

function splitYaml(text: string, start: number): SplitStream {
  const segments: Segment[] = [];
  const firstLine = lineOfOffset(text, start);
  const lines = text.slice(start).split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  let buf: string[] = [];
  let bufStart = firstLine;
  const flush = () => {
    if (buf.length) segments.push({ kind: 'yaml', text: buf.join(''), startLine: bufStart });
    buf = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = firstLine + i;
    if (line.startsWith('---')) {
      const trimmed = line.slice(3).trim();
      if (trimmed.length > 0 && trimmed[0] !== '#') {
        flush(); // kubectl loses the document before a bad separator; we keep it
        return { segments, error: { message: `invalid Yaml document separator: ${trimmed}`, line: lineNo, column: 4 } };
      }
      flush();
      bufStart = lineNo + 1;
      continue;
    }
    if (!buf.length) bufStart = lineNo;
    buf.push(line + '\n');
  }
  flush();
  return { segments };
}
