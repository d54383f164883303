// Reading the text of `-p` / `--patch-file` as kubectl does: sigs.k8s.io/yaml's ToJSON turns YAML
// (or JSON) into JSON; text that starts with `{` but is not valid JSON passes through unchanged
// and fails later, where the patch is decoded, with Go's encoding/json message.

import { decodeGoJsonValue } from '../../api/apply/gojson';
import { parseYamlDocument } from '../../api/apply/stream';
import { goYamlError } from '../../api/apply/yamlerrors';
import type { Json } from './patch.jsonpatch';

export type DecodedPatch =
  /** The patch as a JSON value. */
  | { json: Json }
  /** Not JSON, passed through: Go's json.Unmarshal error for it. */
  | { invalidJson: string }
  /** YAML that does not parse: go-yaml's message (`yaml: line 1: ...`). */
  | { error: string };

/** json.Unmarshal of the whole text: the value, or Go's error text. */
export function parseGoJson(text: string): { value: Json } | { error: string } {
  const r = decodeGoJsonValue(text, 0);
  if (!r.ok) return { error: r.message === 'unexpected EOF' ? 'unexpected end of JSON input' : r.message };
  const rest = text.slice(r.end);
  const junk = rest.search(/\S/);
  if (junk >= 0) {
    const ch = JSON.stringify(rest[junk]).slice(1, -1);
    return { error: `invalid character '${ch === "'" ? "\\'" : ch}' after top-level value` };
  }
  return { value: r.value as Json };
}

export function decodePatchText(text: string): DecodedPatch {
  const asJson = parseGoJson(text);
  if ('value' in asJson) return { json: asJson.value };
  if (text.trimStart().startsWith('{')) return { invalidJson: asJson.error };
  // go-yaml forces a line break at the end of the stream, so errors at the end of a one-line
  // patch read `line 1`: parse with the newline it adds.
  const yamlText = text.endsWith('\n') ? text : `${text}\n`;
  const doc = parseYamlDocument(yamlText);
  const err = doc.errors[0];
  if (err) return { error: goYamlError(yamlText, err).text };
  try {
    const v = doc.toJS({ maxAliasCount: 1000 }) as Json | undefined;
    return { json: v === undefined ? null : v };
  } catch (e) {
    return { error: `yaml: ${(e as Error).message}` };
  }
}

/** The JSON type name Go's decoder uses in "cannot unmarshal X into ...". */
export function goJsonTypeName(v: Json | undefined): string {
  if (Array.isArray(v)) return 'array';
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}
