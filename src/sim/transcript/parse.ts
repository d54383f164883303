// Transcript files: `kubectl ...` lines (with `<<EOF` heredocs), `sleep DURATION`, `kubeplay ...`
// simulator controls and `#` comments.

export type Step =
  | { kind: 'kubectl'; line: string; stdin?: string; heredoc?: string[]; lineNo: number }
  | { kind: 'sleep'; line: string; ms: number; lineNo: number }
  | { kind: 'kubeplay'; line: string; lineNo: number }
  | { kind: 'comment'; line: string; lineNo: number }
  | { kind: 'error'; line: string; message: string; lineNo: number };

import { parseDuration } from '../core/time';

const HEREDOC = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2\s*$/;

export function parseTranscript(text: string): Step[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const steps: Step[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = raw.trim();
    const lineNo = i + 1;
    if (line === '') continue;
    if (line.startsWith('#')) {
      steps.push({ kind: 'comment', line, lineNo });
      continue;
    }
    const cmd = line.startsWith('$ ') ? line.slice(2).trim() : line;
    const first = cmd.split(/\s+/)[0];
    if (first === 'sleep') {
      const arg = cmd.split(/\s+/)[1] ?? '';
      const ms = parseDuration(/^\d+(\.\d+)?$/.test(arg) ? `${arg}s` : arg);
      if (ms === undefined) steps.push({ kind: 'error', line: cmd, message: `sleep: invalid time interval '${arg}'`, lineNo });
      else steps.push({ kind: 'sleep', line: cmd, ms, lineNo });
      continue;
    }
    if (first === 'kubeplay') {
      steps.push({ kind: 'kubeplay', line: cmd, lineNo });
      continue;
    }
    if (first === 'kubectl' || first === 'k') {
      const m = HEREDOC.exec(cmd);
      if (m) {
        const stripTabs = m[1] === '-';
        const body: string[] = [];
        let j = i + 1;
        for (; j < lines.length; j++) {
          const l = stripTabs ? lines[j].replace(/^\t+/, '') : lines[j];
          if (l.trim() === m[3] && (stripTabs || l === m[3] || l.trim() === m[3])) break;
          body.push(l);
        }
        if (j >= lines.length) {
          steps.push({ kind: 'error', line: cmd, message: `warning: here-document at line ${lineNo} delimited by end-of-file (wanted \`${m[3]}')`, lineNo });
        }
        steps.push({ kind: 'kubectl', line: cmd.slice(0, m.index).trim(), stdin: body.join('\n') + '\n', heredoc: [...body, m[3]], lineNo });
        i = j;
        continue;
      }
      steps.push({ kind: 'kubectl', line: cmd, lineNo });
      continue;
    }
    steps.push({ kind: 'error', line: cmd, message: `${first}: command not found (transcripts run kubectl, kubeplay and sleep)`, lineNo });
  }
  return steps;
}
