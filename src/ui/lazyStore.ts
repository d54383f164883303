// Reading the mirror without synchronous re-renders. zustand's hook re-renders through
// useSyncExternalStore, which React always renders synchronously — for the graph and the timeline
// that is one blocking render per batch (and their layout reads), even when useDeferredValue then
// skips the work. Here a store change becomes a transition: React renders it interruptibly, and
// a newer batch replaces one still rendering.

import { startTransition, useEffect, useState } from 'react';
import { useUiStore, type UiState } from './store';

/**
 * The selected value, updated in a transition when it changes (Object.is). `select` must be
 * stable (defined at module level): it is read once per subscription.
 *
 * `everyMs` (wall time) lets a view that need not follow every batch take at most one new value
 * per that many ms — the latest one, delivered at the end of the interval. The first change after
 * a quiet spell is delivered at once. `idle` (for panels beside the graph): a value due is
 * delivered when the browser is idle (requestIdleCallback, at most `everyMs` later), so its render
 * lands between frames rather than in a frame that already draws the graph.
 */
export function useLazyStore<T>(select: (s: UiState) => T, everyMs = 0, idle = false): T {
  const [value, setValue] = useState(() => select(useUiStore.getState()));
  useEffect(() => {
    let last = select(useUiStore.getState());
    let deliveredAt = -Infinity;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let idleHandle: number | undefined;
    const deliver = () => {
      timer = undefined;
      idleHandle = undefined;
      deliveredAt = performance.now();
      const v = last;
      startTransition(() => setValue(() => v));
    };
    const whenIdle = idle && typeof requestIdleCallback === 'function';
    const schedule = () => {
      if (whenIdle) idleHandle = requestIdleCallback(deliver, { timeout: everyMs });
      else deliver();
    };
    // What changed between the first render and this subscription.
    setValue(() => last);
    const unsubscribe = useUiStore.subscribe((s) => {
      const v = select(s);
      if (Object.is(v, last)) return;
      last = v;
      if (everyMs <= 0) return deliver();
      if (timer !== undefined || idleHandle !== undefined) return;
      const wait = deliveredAt + everyMs - performance.now();
      if (wait <= 0) schedule();
      else
        timer = setTimeout(() => {
          timer = undefined;
          schedule();
        }, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
      if (idleHandle !== undefined) cancelIdleCallback(idleHandle);
    };
  }, [select, everyMs, idle]);
  return value;
}
