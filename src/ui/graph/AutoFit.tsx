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
  /**
   * Changes when the drawing may have grown or shrunk (rows of a rollout's boxes growing a badge at
   * a time): refits only if the drawing no longer fits the view, or would be drawn ≥ 15% larger
   * — a refit re-renders and repaints every box, and most growth fits the margin.
   */
  extent?: string;
  container: React.RefObject<HTMLDivElement | null>;
  options: { padding: number; maxZoom: number };
}

export function AutoFit({ shape, boxes = shape, extent = '', container, options }: AutoFitProps) {
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
  useEffect(() => {
    const el = container.current;
    if (userMoved.current || !el || el.clientWidth <= 0 || el.clientHeight <= 0) return;
    const nodes = flow.getNodes();
    if (nodes.length === 0) return;
    const b = flow.getNodesBounds(nodes);
    const { x, y, zoom } = flow.getViewport();
    // The view in flow coordinates.
    const left = -x / zoom;
    const top = -y / zoom;
    const width = el.clientWidth / zoom;
    const height = el.clientHeight / zoom;
    const fits = b.x >= left && b.y >= top && b.x + b.width <= left + width && b.y + b.height <= top + height;
    // A fitted drawing fills the view along one side (less fitView's padding).
    const small = b.width < 0.85 * width * (1 - 2 * options.padding) && b.height < 0.85 * height * (1 - 2 * options.padding);
    if (fits && !small) return;
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => void flow.fitView(options));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- checked when the drawing's extent moves
  }, [extent]);
  return null;
}
