// Large lazy chunks (Monaco, xterm) load after the cluster is drawn and the browser is idle, so
// they never compete with the first paint of the graph.

import { useEffect, useState } from 'react';
import { useUiStore } from './store';

/** True once the cluster has booted and the browser has been idle (or `timeoutMs` passed). */
export function useAfterBoot(timeoutMs = 500): boolean {
  const ready = useUiStore((s) => s.connection.status !== 'booting');
  const [go, setGo] = useState(false);
  useEffect(() => {
    if (!ready || go) return;
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 50));
    const cancel = window.cancelIdleCallback ?? window.clearTimeout;
    const handle = idle(() => setGo(true), { timeout: timeoutMs });
    return () => cancel(handle);
  }, [ready, go, timeoutMs]);
  return go;
}

/**
 * Whether the user has clicked, typed or focused a field since the page loaded: a panel that loads late (the
 * terminal) takes the focus only if not, instead of stealing it from what the user is doing.
 */
let interacted = false;
if (typeof window !== 'undefined') {
  const mark = () => {
    interacted = true;
  };
  window.addEventListener('pointerdown', mark, { capture: true, once: true });
  window.addEventListener('keydown', mark, { capture: true, once: true });
  // Focus moved into a field by any means (a script, a test's fill, assistive tech) counts too.
  window.addEventListener('focusin', mark, { capture: true, once: true });
}

export function userHasInteracted(): boolean {
  return interacted;
}
