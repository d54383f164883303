// Small helpers of the shell: paths, lines, constant loop conditions.
import type { Node } from './parse';

export function isConstantTrue(n: Node): boolean {
  if (n.t === 'list' && n.items.length === 1) return isConstantTrue(n.items[0].node);
  if (n.t !== 'cmd' || n.words.length !== 1 || n.redirs.length > 0) return false;
  const w = n.words[0];
  return w.length === 1 && w[0].k === 'lit' && (w[0].s === 'true' || w[0].s === ':' || w[0].s === '/bin/true');
}

export function normPath(path: string, cwd = '/'): string {
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const out: string[] = [];
  for (const seg of abs.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

export function splitLines(s: string): string[] {
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
