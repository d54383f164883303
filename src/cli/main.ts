// `kubeplay run FILE [--seed N] [--nodes N] [--strict]`: runs a transcript headlessly.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { runTranscript } from '../sim/transcript/run';

const USAGE = `Usage: kubeplay run FILE [--seed N] [--nodes N] [--strict]

Runs a transcript of kubectl lines, \`sleep DURATION\` steps and \`kubeplay\` controls
against a fresh simulated cluster and prints what a terminal would show.`;

export function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  if (cmd !== 'run') {
    process.stderr.write(`${USAGE}\n`);
    return cmd === undefined || cmd === '--help' || cmd === '-h' ? 0 : 2;
  }
  let file: string | undefined;
  let seed: number | undefined;
  let nodes: number | undefined;
  let strict = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (name: string) => {
      const eq = a.indexOf('=');
      const v = eq >= 0 ? a.slice(eq + 1) : rest[++i];
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer, got "${v ?? ''}"`);
      return n;
    };
    try {
      if (a === '--strict') strict = true;
      else if (a.startsWith('--seed')) seed = value('--seed');
      else if (a.startsWith('--nodes')) nodes = value('--nodes');
      else if (a.startsWith('-')) throw new Error(`unknown flag: ${a}`);
      else if (file === undefined) file = a;
      else throw new Error(`unexpected argument: ${a}`);
    } catch (e) {
      process.stderr.write(`kubeplay: ${(e as Error).message}\n${USAGE}\n`);
      return 2;
    }
  }
  if (!file) {
    process.stderr.write(`kubeplay: missing transcript FILE\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`kubeplay: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const base = dirname(resolve(file));
  const r = runTranscript(text, {
    seed,
    nodes,
    strict,
    io: {
      readFile: (p) => {
        try {
          const full = resolve(base, p);
          return statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
        } catch {
          return undefined;
        }
      },
      listDir: (p) => {
        try {
          const full = resolve(base, p);
          return statSync(full).isDirectory() ? readdirSync(full) : undefined;
        } catch {
          return undefined;
        }
      },
    },
  });
  process.stdout.write(r.output);
  return strict ? r.exitCode : 0;
}
