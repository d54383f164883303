// Every manifest of the corpus (kubernetes/examples and kubernetes.io, test/corpus) applied to a
// fresh cluster with `kubectl apply -f`: nothing may throw, every document ends as a created
// object or a kubectl-style error, and the whole transcript must equal test/corpus.golden.
// Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Cluster } from './cluster';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/corpus');
const golden = resolve(root, '../corpus.golden');

function manifests(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...manifests(p));
    else if (/\.(ya?ml|json)$/.test(e)) out.push(p);
  }
  return out;
}

describe('corpus', () => {
  it('applies every corpus manifest with a result or a clear error per document', () => {
    const files = manifests(root);
    expect(files.length).toBeGreaterThan(380);
    let transcript = '';
    let created = 0;
    let failed = 0;
    for (const file of files) {
      const c = new Cluster({ seed: 1 });
      const rel = relative(root, file);
      const r = c.kubectl(`apply -f ${rel}`, { readFile: (p) => (existsSync(join(root, p)) ? readFileSync(join(root, p), 'utf8') : undefined) });
      expect(r.output).not.toContain('internal error');
      created += (r.stdout.match(/ created$/gm) ?? []).length;
      if (r.exitCode !== 0) failed++;
      transcript += `== ${rel} (exit ${r.exitCode})\n${r.output}`;
    }
    transcript = `# ${files.length} files, ${created} objects created, ${failed} files with errors\n${transcript}`;
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, transcript);
    expect(transcript).toBe(readFileSync(golden, 'utf8'));
  });
});
