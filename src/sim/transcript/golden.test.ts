// Golden transcripts: each test/transcripts/NAME.txt runs against a fresh cluster (seed 1, or the
// `# seed: N` / `# nodes: N` header) and must print exactly NAME.golden. Regenerate after an
// intended change with `UPDATE_GOLDEN=1 npx vitest run src/sim/transcript` and review the diff.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTranscript, type TranscriptOptions } from './run';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/transcripts');

export function transcriptOptions(file: string, text: string): TranscriptOptions {
  const header = (key: string) => {
    const m = new RegExp(`^# ${key}: (\\d+)$`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const base = dirname(file);
  return {
    seed: header('seed') ?? 1,
    nodes: header('nodes'),
    io: {
      readFile: (p) => {
        const full = resolve(base, p);
        return existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
      },
      listDir: (p) => {
        const full = resolve(base, p);
        return existsSync(full) && statSync(full).isDirectory() ? readdirSync(full) : undefined;
      },
    },
  };
}

const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();

describe('golden transcripts', () => {
  for (const f of files) {
    it(f, () => {
      const path = join(dir, f);
      const text = readFileSync(path, 'utf8');
      const { output } = runTranscript(text, transcriptOptions(path, text));
      const golden = path.replace(/\.txt$/, '.golden');
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, output);
      expect(output).toBe(readFileSync(golden, 'utf8'));
    });
  }
});

describe('determinism', () => {
  it('the same transcript and seed give identical output; another seed differs', () => {
    const path = join(dir, 'apply.txt');
    const text = readFileSync(path, 'utf8');
    const a = runTranscript(text, transcriptOptions(path, text)).output;
    const b = runTranscript(text, transcriptOptions(path, text)).output;
    const c = runTranscript(text, { ...transcriptOptions(path, text), seed: 99 }).output;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});
