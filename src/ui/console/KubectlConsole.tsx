// A one-line kubectl terminal: type a command, see what kubectl prints. Up/Down recall history.

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useBridge } from '../bridge';
import type { CommandResult } from '../../worker/protocol';

interface Entry {
  id: number;
  line: string;
  output: string;
  failed: boolean;
  pending: boolean;
}

const MAX_ENTRIES = 200;

export function KubectlConsole() {
  const bridge = useBridge();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [line, setLine] = useState('');
  const [historyPos, setHistoryPos] = useState<number | null>(null);
  const nextId = useRef(1);
  const outputRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = outputRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cmd = line.trim();
    if (!cmd) return;
    const id = nextId.current++;
    setEntries((es) => [...es, { id, line: cmd, output: '', failed: false, pending: true }].slice(-MAX_ENTRIES));
    setLine('');
    setHistoryPos(null);
    void bridge.kubectl(cmd).then((r) => {
      const { output, failed } = describe(r);
      setEntries((es) => es.map((x) => (x.id === id ? { ...x, output, failed, pending: false } : x)));
    });
  };

  const recall = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const lines = entries.map((x) => x.line);
    if (lines.length === 0) return;
    let pos = historyPos ?? lines.length;
    pos = e.key === 'ArrowUp' ? Math.max(0, pos - 1) : pos + 1;
    if (pos >= lines.length) {
      setHistoryPos(null);
      setLine('');
    } else {
      setHistoryPos(pos);
      setLine(lines[pos]);
    }
  };

  return (
    <section className="console" aria-label="kubectl">
      <div className="console__output" ref={outputRef} data-testid="kubectl-output" role="log">
        {entries.length === 0 && <div className="console__hint">Try: kubectl get nodes · kubectl get pods -A</div>}
        {entries.map((x) => (
          <div key={x.id} className="console__entry">
            <div className="console__cmd">
              <span className="console__prompt">$</span> {x.line}
            </div>
            {x.pending ? (
              <div className="console__pending">…</div>
            ) : (
              <pre className={x.failed ? 'console__text console__text--error' : 'console__text'}>{x.output}</pre>
            )}
          </div>
        ))}
      </div>
      <form className="console__form" onSubmit={submit}>
        <span className="console__prompt">$</span>
        <input
          className="console__input"
          data-testid="kubectl-input"
          aria-label="kubectl command"
          placeholder="kubectl get pods -A"
          value={line}
          onChange={(e) => setLine(e.target.value)}
          onKeyDown={recall}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          autoFocus
        />
      </form>
    </section>
  );
}

function describe(r: CommandResult): { output: string; failed: boolean } {
  if (!r.ok) return { output: r.status.message, failed: true };
  if (r.op === 'kubectl') return { output: r.value.output.replace(/\n$/, ''), failed: r.value.exitCode !== 0 };
  const lines = [
    ...r.value.results.map((x) => `${x.ref} ${x.action}`),
    ...r.value.warnings.map((w) => `Warning: ${w}`),
    ...r.value.errors.map((e) => `error: ${e.message}`),
  ];
  return { output: lines.join('\n'), failed: r.value.errors.length > 0 };
}
