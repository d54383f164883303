// Keeps the whole cluster in view: fits again when the canvas is resized (a panel opened or
// closed) or when boxes appear or go (a node added, the pending lane shown).

import { useEffect, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';

export function AutoFit({ shape, container, options }: { shape: string; container: React.RefObject<HTMLDivElement | null>; options: { padding: number; maxZoom: number } }) {
  const flow = useReactFlow();
  const frame = useRef(0);
  useEffect(() => {
    const fit = () => {
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(() => void flow.fitView(options));
    };
    fit();
    const el = container.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => {
      ro.disconnect();
      cancelAnimationFrame(frame.current);
    };
  }, [flow, shape, container, options]);
  return null;
}
