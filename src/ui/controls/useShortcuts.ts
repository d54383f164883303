// Global keyboard shortcuts from the action registry. Keys typed into the terminal, the editor or
// any form field are left alone.

import { useEffect } from 'react';
import { useBridge } from '../bridge';
import { actionForKey, keyOf } from './registry';

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('input, textarea, select, .xterm, .monaco-editor, [data-no-shortcuts]')) return true;
  return false;
}

export function useShortcuts(): void {
  const bridge = useBridge();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typingInto(e.target)) return;
      const a = actionForKey(keyOf(e));
      if (!a) return;
      // Space on a focused button would click it as well.
      if (e.target instanceof HTMLButtonElement && e.key === ' ') e.target.blur();
      e.preventDefault();
      void a.perform(bridge);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [bridge]);
}
