// Schema generation, shared by the command (scripts/gen-schemas.ts) and the test that checks
// the committed files are current.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_KINDS, apiVersionOf } from '../../src/sim/api/kinds.ts';
import { compactSchema, type ExplainData } from '../../src/sim/kubectl/explain/format.ts';
import { editorSchemaFile } from './jsonschema.ts';
import { buildComponents, readTypesPackage } from './openapi.ts';
import { applyOverlay } from './overlay.ts';

export const EXPLAIN_DATA_PATH = 'src/sim/kubectl/explain/schemas.json';
export const EDITOR_SCHEMA_PATH = 'public/schemas/kubernetes.json';

/** Every apiVersion/kind kubeplay serves (each served version of a kind). */
export function servedKinds(): { apiVersion: string; kind: string }[] {
  const out: { apiVersion: string; kind: string }[] = [];
  for (const info of BUILTIN_KINDS) {
    for (const v of [info.version, ...(info.otherVersions ?? [])]) out.push({ apiVersion: apiVersionOf(info, v), kind: info.kind });
  }
  return out;
}

/** The generated files' contents, keyed by path relative to the repository root. */
export function generateSchemaFiles(repoRoot: string): Record<string, string> {
  const typesRoot = join(repoRoot, 'node_modules/kubernetes-types');
  const version = JSON.parse(readFileSync(join(typesRoot, 'package.json'), 'utf8')).version as string;
  // kubernetes-types stops at 1.30: the overlay adds the 1.31/1.32 fields (overlay.ts).
  const source = `kubernetes-types@${version} + Kubernetes 1.32 overlay`;
  const components = applyOverlay(buildComponents(readTypesPackage(typesRoot), servedKinds()));
  const explain: ExplainData = {
    source,
    components: Object.fromEntries(Object.entries(components).map(([k, v]) => [k, compactSchema(v)])),
  };
  return {
    [EXPLAIN_DATA_PATH]: `${JSON.stringify(explain)}\n`,
    [EDITOR_SCHEMA_PATH]: `${JSON.stringify(editorSchemaFile(source, components))}\n`,
  };
}
