// xterm.js wired to the shell: keys go to the shell, the shell writes back. The shell reads
// the mirror (completion), the editor's buffers (`-f NAME`) and opens `kubectl edit` targets.

import { useEffect, useRef } from 'react';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useBridge } from '../bridge';
import { useUiStore } from '../store';
import { openLiveObject } from '../editor/actions';
import { buffersByName, useBuffers } from '../editor/buffers';
import type { CompletionSource } from './completion';
import { CommandHistory } from './history';
import { Shell } from './shell';
import { exposeDebug } from '../debug';
import { watchPageTheme } from '../editor/pageTheme';
import { runLine } from '../controls/faults';
import { userHasInteracted } from '../afterBoot';

const BANNER = '\x1b[2mkubectl v1.32 against the simulated cluster. Tab completes, ↑/↓ history, `help` for more.\x1b[0m';

export default function XtermView() {
  const ref = useRef<HTMLDivElement>(null);
  const bridge = useBridge();

  useEffect(() => {
    const host = ref.current!;
    const term = new Terminal({
      fontFamily: "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      fontSize: 15,
      lineHeight: 1.15,
      cursorBlink: true,
      scrollback: 5000,
      tabStopWidth: 8,
      theme: { background: '#0f1620', foreground: '#e4e9f0', cursor: '#6ee7a8', selectionBackground: '#33507a' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host);
    const textarea = host.querySelector('textarea');
    textarea?.setAttribute('data-testid', 'kubectl-input');
    textarea?.setAttribute('aria-label', 'kubectl command');
    const refit = () => {
      try {
        fit.fit();
      } catch {
        // not laid out yet
      }
    };
    refit();
    const shell: Shell = new Shell({
      write: (text) => term.write(text),
      cols: () => term.cols,
      run: (line, opts) => bridge.startKubectl(line, opts),
      cancel: (id) => bridge.cancel(id),
      // `kubeplay ...` lines run like the fault buttons and are logged in the timeline likewise.
      control: (line) => runLine(bridge, 'terminal', line),
      files: buffersByName,
      completion: () => completionSource(shell.namespace),
      openEditor: (targets) => {
        for (const t of targets) void openLiveObject(bridge, t);
      },
      // In the output stream (not term.clear()), so it lands after what was written before it.
      clear: () => term.write('\x1b[H\x1b[2J\x1b[3J'),
      history: new CommandHistory(),
    });
    const data = term.onData((d) => shell.input(d));
    const unwatch = watchPageTheme(({ presenter }) => {
      const size = presenter ? 19 : 15;
      if (term.options.fontSize !== size) {
        term.options.fontSize = size;
        refit();
      }
    });
    const ro = new ResizeObserver(refit);
    ro.observe(host);
    shell.start(BANNER);
    exposeDebug('terminalText', () => {
      const b = term.buffer.active;
      const rows: string[] = [];
      for (let i = 0; i < b.length; i++) {
        const line = b.getLine(i);
        if (!line) continue;
        const text = line.translateToString(true);
        if (line.isWrapped && rows.length > 0) rows[rows.length - 1] += text;
        else rows.push(text);
      }
      return rows.join('\n');
    });
    // It loads after the graph: if the user is already at work elsewhere, it leaves the focus be.
    if (!userHasInteracted()) term.focus();
    return () => {
      unwatch();
      data.dispose();
      ro.disconnect();
      term.dispose();
    };
  }, [bridge]);

  return <div className="terminal-panel__xterm" ref={ref} data-testid="kubectl-output" />;
}

function completionSource(namespace: string): CompletionSource {
  const s = useUiStore.getState();
  const { kinds } = s;
  const entries = [...s.index.values()];
  return {
    kinds,
    namespace,
    namespaces: entries.filter((e) => e.kindKey === '/Namespace').map((e) => e.object.metadata.name ?? ''),
    files: useBuffers.getState().tabs.map((t) => t.name),
    names: (kindKey, ns) =>
      entries
        .filter((e) => e.kindKey === kindKey && (ns === undefined || e.object.metadata.namespace === ns))
        .map((e) => e.object.metadata.name ?? ''),
  };
}
