// Word expansion: parameters ($x, ${x:-y}, $?, $#, $@ …), command substitution and arithmetic,
// then field splitting of the unquoted results.
import type { Word } from './parse';
import type { Interp } from './interp';

export function expandWord(it: Interp, w: Word, split: boolean): string[] {
  const fields: string[] = [''];
  let quotedAny = false;
  for (const p of w) {
    let v: string;
    if (p.k === 'lit') v = p.s;
    else if (p.k === 'var') v = varValue(it, p);
    else if (p.k === 'cmd') v = it.capture(() => it.runText(p.src)).out.join('\n');
    else v = String(it.arith(p.src));
    if (p.q) quotedAny = true;
    if (!split || p.q || p.k === 'lit') {
      fields[fields.length - 1] += v;
      continue;
    }
    const parts = v.split(/[ \t\n]+/);
    fields[fields.length - 1] += parts[0];
    for (const x of parts.slice(1)) fields.push(x);
  }
  const out = split ? fields.filter((f, i) => f !== '' || (quotedAny && i === 0 && fields.length === 1)) : fields;
  return split ? out : [out.join(' ')];
}

function varValue(it: Interp, p: Extract<Word[number], { k: 'var' }>): string {
  let v: string | undefined;
  const n = p.name;
  if (n === '?') v = String(it.status);
  else if (n === '$') v = '1';
  else if (n === '#') v = String(Math.max(0, it.args.length - 1));
  else if (n === '@' || n === '*') v = it.args.slice(1).join(' ');
  else if (/^\d$/.test(n)) v = it.args[Number(n)];
  // Deterministic (no Math.random in the simulation): from the virtual time and the step count.
  else if (n === 'RANDOM') v = String((it.nowMs * 7919 + it.steps * 104729) % 32768);
  else v = it.vars[n];
  if (p.op) {
    const unsetOrEmpty = p.op.startsWith(':') ? !v : v === undefined;
    const arg = () => (p.arg ? expandWord(it, p.arg, false).join(' ') : '');
    const op = p.op.replace(':', '');
    if (op === '-' && unsetOrEmpty) return arg();
    if (op === '=' && unsetOrEmpty) return (it.vars[n] = arg());
    if (op === '+') return unsetOrEmpty ? '' : arg();
  }
  return v ?? '';
}
