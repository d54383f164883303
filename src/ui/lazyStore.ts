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
 */
export function useLazyStore<T>(select: (s: UiState) => T): T {
  const [value, setValue] = useState(() => select(useUiStore.getState()));
  useEffect(() => {
    let last = select(useUiStore.getState());
    // What changed between the first render and this subscription.
    setValue(() => last);
    return useUiStore.subscribe((s) => {
      const v = select(s);
      if (Object.is(v, last)) return;
      last = v;
      startTransition(() => setValue(() => v));
    });
  }, [select]);
  return value;
}
