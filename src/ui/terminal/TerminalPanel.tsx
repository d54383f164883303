// The terminal panel under the graph: xterm.js (loaded as its own chunk right after the page)
// running the shell, which runs kubectl in the worker.

import { lazy, Suspense } from 'react';
import './terminal.css';

const XtermView = lazy(() => import('./XtermView'));

export function TerminalPanel() {
  return (
    <section className="terminal-panel" aria-label="Terminal">
      <Suspense fallback={<div className="terminal-panel__loading">Starting the terminal…</div>}>
        <XtermView />
      </Suspense>
    </section>
  );
}
