// Text tools of BusyBox / coreutils that scripts pipe through: head, tail, wc, grep, sort, uniq,
// tee, tr, cut, seq, yes.
import type { Interp } from './interp';
import { splitLines } from './util';

type Cmd = (it: Interp, argv: string[], stdin: string[]) => number;

export const TEXT_TOOLS: Record<string, Cmd> = {
  head: (it, a, stdin) => {
    const n = Number(a.find((_x, i) => a[i - 1] === '-n') ?? a.find((x) => /^-\d+$/.test(x))?.slice(1) ?? 10);
    const f = a.slice(1).find((x, i) => !x.startsWith('-') && a[i] !== '-n');
    const lines = f ? splitLines(it.readFile(f) ?? '') : stdin;
    lines.slice(0, n).forEach((l) => it.emit(l));
    return 0;
  },
  tail: (it, a, stdin) => {
    const n = Number(a.find((_x, i) => a[i - 1] === '-n') ?? a.find((x) => /^-\d+$/.test(x))?.slice(1) ?? 10);
    const f = a.slice(1).find((x, i) => !x.startsWith('-') && a[i] !== '-n');
    const lines = f ? splitLines(it.readFile(f) ?? '') : stdin;
    lines.slice(-n).forEach((l) => it.emit(l));
    return 0;
  },
  wc: (it, a, stdin) => {
    const f = a.slice(1).find((x) => !x.startsWith('-'));
    const lines = f ? splitLines(it.readFile(f) ?? '') : stdin;
    const text = lines.map((l) => `${l}\n`).join('');
    const counts = { l: lines.length, w: text.split(/\s+/).filter(Boolean).length, c: text.length };
    const flags = a.filter((x) => x.startsWith('-')).join('');
    const pick = flags ? (['l', 'w', 'c'] as const).filter((k) => flags.includes(k)) : (['l', 'w', 'c'] as const);
    const out = pick.map((k) => String(counts[k]).padStart(pick.length > 1 ? 7 : 0)).join(' ');
    it.emit(f ? `${out} ${f}` : out);
    return 0;
  },
  grep: (it, a, stdin) => {
    const flags = a.filter((x) => /^-[a-zA-Z]+$/.test(x)).join('');
    const rest = a.slice(1).filter((x) => !/^-[a-zA-Z]+$/.test(x));
    const [pat, ...files] = rest;
    if (pat === undefined) return 2;
    let re: RegExp;
    try { re = new RegExp(pat, flags.includes('i') ? 'i' : ''); } catch { re = new RegExp(pat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')); }
    const lines = files.length ? files.flatMap((f) => splitLines(it.readFile(f) ?? '')) : stdin;
    const hits = lines.filter((l) => re.test(l) !== flags.includes('v'));
    if (flags.includes('c')) it.emit(String(hits.length));
    else if (!flags.includes('q')) hits.forEach((l) => it.emit(l));
    return hits.length > 0 ? 0 : 1;
  },
  sort: (it, a, stdin) => {
    const out = [...stdin].sort();
    (a.includes('-r') ? out.reverse() : out).forEach((l) => it.emit(l));
    return 0;
  },
  uniq: (it, _a, stdin) => (stdin.filter((l, i) => l !== stdin[i - 1]).forEach((l) => it.emit(l)), 0),
  tee: (it, a, stdin) => {
    const append = a.includes('-a');
    for (const f of a.slice(1).filter((x) => !x.startsWith('-'))) it.writeFile(f, (append ? (it.readFile(f) ?? '') : '') + stdin.map((l) => `${l}\n`).join(''));
    stdin.forEach((l) => it.emit(l));
    return 0;
  },
  tr: (it, a, stdin) => {
    const [from = '', to = ''] = a.slice(1).filter((x) => !x.startsWith('-'));
    const expand = (s: string) => s.replace(/([a-z])-([a-z])|([A-Z])-([A-Z])/g, (_m, a1, b1, a2, b2) => {
      const [x, y] = [a1 ?? a2, b1 ?? b2];
      let r = '';
      for (let c = x.charCodeAt(0); c <= y.charCodeAt(0); c++) r += String.fromCharCode(c);
      return r;
    });
    const f = expand(from);
    const t = expand(to);
    stdin.forEach((l) => it.emit([...l].map((ch) => (f.includes(ch) ? (t[Math.min(f.indexOf(ch), t.length - 1)] ?? '') : ch)).join('')));
    return 0;
  },
  cut: (it, a, stdin) => {
    const d = a.find((x) => x.startsWith('-d'))?.slice(2) || a[a.indexOf('-d') + 1] || '\t';
    const fSpec = a.find((x) => x.startsWith('-f'))?.slice(2) || a[a.indexOf('-f') + 1] || '1';
    const fields = fSpec.split(',').map(Number);
    stdin.forEach((l) => it.emit(fields.map((n) => l.split(d)[n - 1] ?? '').join(d)));
    return 0;
  },
  seq: (it, a) => {
    const nums = a.slice(1).map(Number);
    const [first, last] = nums.length === 1 ? [1, nums[0]] : [nums[0], nums[nums.length - 1]];
    const step = nums.length === 3 ? nums[1] : 1;
    for (let i = first, k = 0; i <= last && k < 100_000; i += step, k++) it.emit(String(i));
    return 0;
  },
  yes: (it, a) => {
    for (let i = 0; i < 5000; i++) it.emit(a[1] ?? 'y');
    it.advance(Number.MAX_SAFE_INTEGER / 4);
    return 0;
  },
};
