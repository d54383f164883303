// Command-line parsing as a shell and pflag would do it: quotes and escapes, `--flag=value`,
// `--flag value`, `-n value`, `-nvalue`, boolean flags, repeated flags, and `--` ending flags.

export type FlagType = 'bool' | 'string' | 'strings' | 'int';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default?: string | boolean | number;
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | boolean | number | string[]>;
  /** Words after `--` (for `kubectl exec POD -- CMD`). */
  rest?: string[];
}

export class ArgError extends Error {}

/** Splits a command line into words: single and double quotes, backslash escapes. */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) cur += line[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote) throw new ArgError(`unterminated quote in: ${line}`);
  if (inWord) words.push(cur);
  return words;
}

export function parseArgs(words: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags = new Map<string, string | boolean | number | string[]>();
  const positional: string[] = [];
  const set = (spec: FlagSpec, raw: string | undefined, shown: string) => {
    if (spec.type === 'bool') {
      if (raw === undefined || raw === 'true') flags.set(spec.name, true);
      else if (raw === 'false') flags.set(spec.name, false);
      else throw new ArgError(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
    } else if (spec.type === 'int') {
      const n = Number(raw);
      if (raw === undefined || raw === '' || !Number.isInteger(n)) {
        throw new ArgError(`invalid argument "${raw ?? ''}" for "${shown}" flag: strconv.ParseInt: parsing "${raw ?? ''}": invalid syntax`);
      }
      flags.set(spec.name, n);
    } else if (spec.type === 'strings') {
      const prev = (flags.get(spec.name) as string[] | undefined) ?? [];
      flags.set(spec.name, [...prev, ...(raw ?? '').split(',').filter((x) => x !== '')]);
    } else {
      flags.set(spec.name, raw ?? '');
    }
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') return { positional, flags, rest: words.slice(i + 1) };
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new ArgError(`unknown flag: --${name}`);
      let raw = eq < 0 ? undefined : w.slice(eq + 1);
      if (raw === undefined && spec.type !== 'bool') {
        if (i + 1 >= words.length) throw new ArgError(`flag needs an argument: --${name}`);
        raw = words[++i];
      }
      set(spec, raw, `--${name}`);
    } else if (w.startsWith('-') && w.length > 1 && !/^-\d/.test(w)) {
      // Short flags, possibly combined (-it) or with an attached value (-oyaml, -o=yaml).
      for (let j = 1; j < w.length; j++) {
        const spec = byShort.get(w[j]);
        if (!spec) throw new ArgError(`unknown shorthand flag: '${w[j]}' in ${w}`);
        if (spec.type === 'bool') {
          if (w[j + 1] === '=') {
            set(spec, w.slice(j + 2), `-${w[j]}, --${spec.name}`);
            break;
          }
          set(spec, undefined, `-${w[j]}`);
          continue;
        }
        let raw = w.slice(j + 1);
        if (raw.startsWith('=')) raw = raw.slice(1);
        if (raw === '') {
          if (i + 1 >= words.length) throw new ArgError(`flag needs an argument: '${w[j]}' in -${w[j]}`);
          raw = words[++i];
        }
        set(spec, raw, `-${w[j]}, --${spec.name}`);
        break;
      }
    } else {
      positional.push(w);
    }
  }
  return { positional, flags };
}

export function flagString(a: ParsedArgs, name: string): string | undefined {
  const v = a.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function flagBool(a: ParsedArgs, name: string): boolean {
  return a.flags.get(name) === true;
}

export function flagInt(a: ParsedArgs, name: string): number | undefined {
  const v = a.flags.get(name);
  return typeof v === 'number' ? v : undefined;
}

export function flagStrings(a: ParsedArgs, name: string): string[] {
  const v = a.flags.get(name);
  return Array.isArray(v) ? v : [];
}
