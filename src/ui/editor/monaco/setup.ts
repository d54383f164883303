// Monaco, loaded only with the editor (a separate chunk): the core editor with its standard
// features, YAML highlighting, the editor and YAML language workers, and monaco-yaml configured
// with the Kubernetes schema (built-in kinds fetched once, CRDs added as the cluster gains them).

import 'monaco-editor/esm/vs/editor/editor.all.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
import { configureMonacoYaml, type MonacoYaml } from 'monaco-yaml';
import type { KObject } from '../../../sim/api/types';
import { buildRootSchema, crdSchemaKey, type EditorSchemaFile } from '../schema';

export { monaco };

const SCHEMA_URI = 'https://kubeplay.local/schemas/kubernetes.json';

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

window.MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker {
    if (label === 'yaml') {
      return new Worker(new URL('monaco-yaml/yaml.worker.js', import.meta.url), { type: 'module', name: 'yaml' });
    }
    return new Worker(new URL('monaco-editor/esm/vs/editor/editor.worker.js', import.meta.url), { type: 'module', name: 'editor' });
  },
};

monaco.editor.defineTheme('kubeplay', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.lineHighlightBackground': '#f3f6fb' },
});
monaco.editor.defineTheme('kubeplay-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#161b22', 'editor.lineHighlightBackground': '#1c232c' },
});

let yaml: MonacoYaml | undefined;
let builtin: Promise<EditorSchemaFile> | undefined;
let schemaKey: string | undefined;

/** The built-in kinds' schema file (public/schemas/kubernetes.json), fetched once. */
function builtinSchema(): Promise<EditorSchemaFile> {
  builtin ??= fetch(`${import.meta.env.BASE_URL}schemas/kubernetes.json`).then((r) => {
    if (!r.ok) throw new Error(`schemas/kubernetes.json: HTTP ${r.status}`);
    return r.json() as Promise<EditorSchemaFile>;
  });
  return builtin;
}

/** Configures (or updates) monaco-yaml with the schema for the built-in kinds and these CRDs. */
export async function useKubernetesSchema(crds: readonly KObject[]): Promise<void> {
  const key = crdSchemaKey(crds);
  if (key === schemaKey && yaml) return;
  schemaKey = key;
  const file = await builtinSchema();
  if (key !== schemaKey) return; // a newer call is on its way
  const options = {
    enableSchemaRequest: false,
    hover: true,
    hoverSchemaSource: false,
    completion: true,
    validate: true,
    schemas: [{ uri: SCHEMA_URI, fileMatch: ['*', '**/*'], schema: buildRootSchema(file, crds) as never }],
  };
  if (yaml) await yaml.update(options);
  else yaml = configureMonacoYaml(monaco, options);
}
