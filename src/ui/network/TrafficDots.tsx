// The traffic generator's requests as dots flowing along the Network view's edges, from the
// generator through the Ingress and Service to the pod that answered (green), or to where the
// request failed (red, then its reason). Cheap by construction: the component renders once; new
// request records arrive through a store subscription and each becomes one absolutely placed
// element moved by a CSS offset-path animation and removed when it ends — no React render per
// dot or per frame, and at most MAX_DOTS in the DOM at once.

import { useEffect, useRef } from 'react';
import { ViewportPortal } from '@xyflow/react';
import type { TrafficRecord } from '../../worker/protocol';
import { useUiStore } from '../store';
import { requestPath, type Anchor } from './layout';

export const MAX_DOTS = 120;
const MAX_LABELS = 12;
/** Wall time a dot takes from generator to pod, whatever the clock speed (readable on a projector). */
const TRAVEL_MS = 1400;
/** A batch's requests are spread over at most this much wall time. */
const SPREAD_MS = 900;

export interface DotGeometry {
  anchors: ReadonlyMap<string, Anchor>;
  /** Pod key → its node's name, when pods are drawn as per-node counts. */
  podNode?: ReadonlyMap<string, string>;
}

/** The anchor keys a request passes, in order. */
export function requestStops(r: TrafficRecord, g: DotGeometry): string[] {
  const stops = [`gen:${r.client}`];
  if (r.ingress) stops.push(`ing:${r.ingress}`);
  if (r.service) stops.push(`svc:${r.service}`);
  if (r.pod) {
    const node = g.podNode?.get(r.pod);
    stops.push(node ? `node:${node}` : `pod:${r.pod}`);
  }
  return stops.filter((s) => g.anchors.has(s));
}

export function TrafficDots({ geometry }: { geometry: React.RefObject<DotGeometry> }) {
  const layer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let live = 0;
    let labels = 0;
    const spawn = (records: TrafficRecord[]) => {
      const el = layer.current;
      if (!el || records.length === 0) return;
      const speed = Math.max(useUiStore.getState().clock.speed, 0.01);
      const first = records[0].atMs;
      const room = MAX_DOTS - live;
      // More requests than room: draw an even sample of them.
      const step = records.length > room ? records.length / Math.max(room, 1) : 1;
      for (let i = 0; room > 0 && i < records.length && live < MAX_DOTS; i += step) {
        const r = records[Math.floor(i)];
        const stops = requestStops(r, geometry.current);
        let d = requestPath(geometry.current.anchors, stops);
        const last = geometry.current.anchors.get(stops[stops.length - 1] ?? '');
        if (!r.ok && last) d = d ? `${d} L${last.out.x},${last.out.y}` : `M${last.out.x - 30},${last.out.y} L${last.out.x},${last.out.y}`;
        if (!d) continue;
        const dot = document.createElement('div');
        dot.className = `traffic-dot${r.ok ? '' : ' traffic-dot--failed'}`;
        dot.dataset.testid = 'traffic-dot';
        dot.style.offsetPath = `path("${d}")`;
        dot.style.animationDuration = `${TRAVEL_MS}ms`;
        dot.style.animationDelay = `${Math.min((r.atMs - first) / speed, SPREAD_MS)}ms`;
        live++;
        dot.addEventListener('animationend', () => {
          dot.remove();
          live--;
          if (!r.ok && last && labels < MAX_LABELS) showReason(el, last, r);
        });
        el.appendChild(dot);
      }
    };
    const showReason = (el: HTMLElement, at: Anchor, r: TrafficRecord) => {
      const label = document.createElement('div');
      label.className = 'traffic-reason';
      label.dataset.testid = 'traffic-reason';
      label.textContent = r.reason ?? 'failed';
      label.style.transform = `translate(${at.out.x + 8}px, ${at.out.y - 10}px)`;
      labels++;
      label.addEventListener('animationend', () => {
        label.remove();
        labels--;
      });
      el.appendChild(label);
    };
    const unsubscribe = useUiStore.subscribe((s, prev) => {
      if (s.traffic.recordsId !== prev.traffic.recordsId) spawn(s.traffic.records);
    });
    return () => {
      unsubscribe();
      layer.current?.replaceChildren();
    };
  }, [geometry]);
  return (
    <ViewportPortal>
      <div className="traffic-layer" ref={layer} data-testid="traffic-layer" />
    </ViewportPortal>
  );
}
