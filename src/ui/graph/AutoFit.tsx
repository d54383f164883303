// Keeps the whole cluster in view: fits again when the canvas is resized (a panel opened or
// closed) or when the drawing's shape changes (a node added, the pending lane shown). Once the
// user zooms, pans or expands a box by hand, only a change of `boxes` (the set of boxes) refits: a rollout
// changing row heights must not yank the view away from the node being looked at.

import { useEffect, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';

export interface AutoFitProps {
  /** Changes when the drawing changes shape enough to refit. */
  shape: string;
  /** Changes when boxes appear or go: refits even after the user moved the view. */
  boxes?: string;
  container: React.RefObject<HTMLDivElement | null>;
  options: { padding: number; maxZoom: number };
}

export function AutoFit({ shape, boxes = shape, container, options }: AutoFitProps) {
  const flow = useReactFlow();
  const frame = useRef(0);
  const userMoved = useRef(false);
  // The user's own moves: wheel or pinch zoom, a drag, the zoom buttons (a click on a chip is not one).
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const mark = () => (userMoved.current = true);
    const drag = (e: PointerEvent) => e.buttons !== 0 && mark();
    const button = (e: MouseEvent) => {
      const t = e.target as Element | null;
      // The zoom buttons, a far-away node box (a click zooms in on it), and a count badge (a click
      // expands that box: refitting to the taller drawing would zoom out past the chips just shown).
      if (t?.closest?.('.react-flow__controls-zoomin, .react-flow__controls-zoomout, .node-box--far, .node-box__pods--grouped')) mark();
      if (t?.closest?.('.react-flow__controls-fitview')) userMoved.current = false;
    };
    el.addEventListener('wheel', mark, { passive: true });
    el.addEventListener('pointermove', drag, { passive: true });
    el.addEventListener('click', button, true);
    return () => {
      el.removeEventListener('wheel', mark);
      el.removeEventListener('pointermove', drag);
      el.removeEventListener('click', button, true);
    };
  }, [container]);
  useEffect(() => {
    userMoved.current = false;
  }, [boxes]);
  useEffect(() => {
    const fit = () => {
      if (userMoved.current) return;
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
  }, [flow, shape, boxes, container, options]);
  return null;
}
