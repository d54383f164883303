// The terminal panel under the graph: xterm.js (its own chunk, loaded once the graph is drawn)
// running the shell, which runs kubectl in the worker.

import { lazy, Suspense } from 'react';
import { useAfterBoot } from '../afterBoot';
import './terminal.css';

const XtermView = lazy(() => import('./XtermView'));

export function TerminalPanel() {
  const load = useAfterBoot(250);
  const loading = <div className="terminal-panel__loading">Starting the terminal…</div>;
  return (
    <section className="terminal-panel" aria-label="Terminal">
      {load ? <Suspense fallback={loading}><XtermView /></Suspense> : loading}
    </section>
  );
}
