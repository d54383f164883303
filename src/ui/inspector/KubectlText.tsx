// The output of a read-only kubectl line (`describe`, `get -o yaml`) for the selected object,
// refreshed (at most once a second) when the object changes. Shown as preformatted text.

import { useEffect, useRef, useState } from 'react';
import { useBridge } from '../bridge';

const REFRESH_MS = 1000;

export function KubectlText({ line, version, testId }: { line: string; version: string; testId: string }) {
  const bridge = useBridge();
  const [text, setText] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const last = useRef({ line: '', at: 0 });
  useEffect(() => {
    let live = true;
    const sameLine = last.current.line === line;
    const wait = sameLine ? Math.max(0, last.current.at + REFRESH_MS - performance.now()) : 0;
    if (!sameLine) setText(null);
    const timer = setTimeout(() => {
      last.current = { line, at: performance.now() };
      void bridge.kubectl(line).then((r) => {
        if (!live) return;
        if (r.ok && r.op === 'kubectl') {
          setText(r.value.exitCode === 0 ? r.value.stdout : r.value.output);
          setFailed(r.value.exitCode !== 0);
        } else if (!r.ok) {
          setText(r.status.message ?? 'failed');
          setFailed(true);
        }
      });
    }, wait);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, line, version]);
  return (
    <div className="kubectl-text">
      <div className="kubectl-text__cmd">$ {line}</div>
      <pre className={`kubectl-text__out${failed ? ' kubectl-text__out--error' : ''}`} data-testid={testId}>
        {text ?? 'loading…'}
      </pre>
    </div>
  );
}
