// Generates the Kubernetes API schemas kubeplay ships, from the `kubernetes-types` package (the
// API types with their field documentation):
//   src/sim/kubectl/explain/schemas.json  compact OpenAPI components for `kubectl explain`
//   public/schemas/kubernetes.json        JSON schema for the editor (completion, hover, markers)
// Run: npm run schemas        (or `npm run schemas -- --check` to verify the files are current)

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSchemaFiles } from './schemas/generate.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const [path, text] of Object.entries(generateSchemaFiles(root))) {
  const file = join(root, path);
  let old = '';
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    // missing: written below
  }
  if (old === text) {
    console.log(`${path}: up to date (${(text.length / 1024).toFixed(0)} KiB)`);
    continue;
  }
  if (check) {
    console.error(`${path}: out of date; run npm run schemas`);
    stale++;
  } else {
    writeFileSync(file, text);
    console.log(`${path}: written (${(text.length / 1024).toFixed(0)} KiB)`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
