// Lays the network model out in columns for React Flow — traffic generators, Ingresses,
// Services, then endpoint pods inside their node's box — and computes, per object, the points
// where edges enter and leave it, so the traffic dots can follow the same curves as the edges.

import { Position, getBezierPath, type Edge, type Node as FlowNode } from '@xyflow/react';
import type { GeneratorView, IngressView, NetworkModel, NodeGroupView, PodView, ServiceView } from './model';

export const GEN_W = 250;
export const ING_W = 260;
export const SVC_W = 300;
export const NODE_W = 360;
export const POD_W = NODE_W - 24;
export const POD_H = 40;
const COL_GAP = 110;
const ROW_GAP = 26;
const NODE_HEADER = 38;
const POD_GAP = 8;
const COUNT_H = 30;

export type NetworkFlowNode =
  | FlowNode<{ gen: GeneratorView }, 'generator'>
  | FlowNode<{ ing: IngressView }, 'ingress'>
  | FlowNode<{ svc: ServiceView }, 'service'>
  | FlowNode<{ group: NodeGroupView }, 'nodeGroup'>
  | FlowNode<{ pod: PodView }, 'pod'>;

export interface Anchor {
  /** Where edges come in (left middle) and go out (right middle), in flow coordinates. */
  in: { x: number; y: number };
  out: { x: number; y: number };
}

export interface NetworkLayout {
  nodes: NetworkFlowNode[];
  edges: Edge[];
  /** `gen:NAME`, `ing:NS/NAME`, `svc:NS/NAME`, `pod:NS/NAME`, `node:NAME` → anchor. */
  anchors: Map<string, Anchor>;
  /** A stable string of the boxes' rows: refit the view when it changes. */
  shape: string;
  /** The boxes present (refit even after the user moved the view). */
  boxes: string;
}

const genH = (g: GeneratorView) => 118 + Math.min(g.failures.length, 3) * 20;
const ingH = (i: IngressView) => 74 + Math.min(i.rules.length, 4) * 20;
const SVC_H = 110;
const groupH = (n: NodeGroupView) => NODE_HEADER + (n.counts ? n.counts.length * COUNT_H : n.pods.length * (POD_H + POD_GAP)) + 6;

export function layoutNetwork(m: NetworkModel): NetworkLayout {
  const nodes: NetworkFlowNode[] = [];
  const anchors = new Map<string, Anchor>();
  const columns: { items: { h: number; place: (x: number, y: number) => void }[]; w: number }[] = [];
  const put = (key: string, x: number, y: number, w: number, h: number) => anchors.set(key, { in: { x, y: y + h / 2 }, out: { x: x + w, y: y + h / 2 } });

  if (m.generators.length)
    columns.push({
      w: GEN_W,
      items: m.generators.map((gen) => ({
        h: genH(gen),
        place: (x, y) => {
          nodes.push({ id: `gen:${gen.name}`, type: 'generator', position: { x, y }, data: { gen }, width: GEN_W });
          put(`gen:${gen.name}`, x, y, GEN_W, genH(gen));
        },
      })),
    });
  if (m.ingresses.length)
    columns.push({
      w: ING_W,
      items: m.ingresses.map((ing) => ({
        h: ingH(ing),
        place: (x, y) => {
          nodes.push({ id: `ing:${ing.key}`, type: 'ingress', position: { x, y }, data: { ing }, width: ING_W });
          put(`ing:${ing.key}`, x, y, ING_W, ingH(ing));
        },
      })),
    });
  columns.push({
    w: SVC_W,
    items: m.services.map((svc) => ({
      h: SVC_H,
      place: (x, y) => {
        nodes.push({ id: `svc:${svc.key}`, type: 'service', position: { x, y }, data: { svc }, width: SVC_W });
        put(`svc:${svc.key}`, x, y, SVC_W, SVC_H);
      },
    })),
  });
  columns.push({
    w: NODE_W,
    items: m.nodes.map((group) => ({
      h: groupH(group),
      place: (x, y) => {
        const id = `node:${group.name}`;
        nodes.push({ id, type: 'nodeGroup', position: { x, y }, data: { group }, width: NODE_W, height: groupH(group) });
        put(id, x, y, NODE_W, NODE_HEADER * 2);
        group.pods.forEach((pod, i) => {
          const py = NODE_HEADER + i * (POD_H + POD_GAP);
          nodes.push({ id: `pod:${pod.key}`, type: 'pod', parentId: id, extent: 'parent', position: { x: 12, y: py }, data: { pod }, width: POD_W, height: POD_H });
          put(`pod:${pod.key}`, x + 12, y + py, POD_W, POD_H);
        });
      },
    })),
  });

  // Columns side by side, each centred vertically on the tallest.
  const heights = columns.map((c) => c.items.reduce((a, it) => a + it.h, 0) + Math.max(0, c.items.length - 1) * ROW_GAP);
  const tallest = Math.max(0, ...heights);
  let x = 0;
  columns.forEach((c, ci) => {
    let y = (tallest - heights[ci]) / 2;
    for (const it of c.items) {
      it.place(x, y);
      y += it.h + ROW_GAP;
    }
    x += c.w + COL_GAP;
  });

  const edges: Edge[] = [];
  const shownSvc = new Set(m.services.map((s) => s.key));
  for (const g of m.generators) {
    const to = g.target && anchors.has(g.target) ? g.target : undefined;
    if (to) edges.push({ id: `e:gen:${g.name}`, source: `gen:${g.name}`, target: to, className: `net-edge net-edge--client${g.running ? '' : ' net-edge--idle'}` });
  }
  for (const i of m.ingresses) for (const s of i.services) edges.push({ id: `e:${i.key}>${s}`, source: `ing:${i.key}`, target: `svc:${s}`, className: 'net-edge net-edge--ingress' });
  if (m.aggregated) {
    for (const n of m.nodes)
      for (const c of n.counts ?? []) {
        if (!shownSvc.has(c.service)) continue;
        edges.push({
          id: `e:${c.service}>node:${n.name}`,
          source: `svc:${c.service}`,
          target: `node:${n.name}`,
          className: `net-edge ${c.ready ? 'net-edge--ready' : 'net-edge--notready'}`,
          label: `${c.ready} ready${c.notReady ? ` · ${c.notReady} not ready` : ''}`,
        });
      }
  } else {
    for (const e of m.endpoints) {
      if (!anchors.has(`pod:${e.pod}`)) continue;
      edges.push({
        id: `e:${e.service}>${e.pod}`,
        source: `svc:${e.service}`,
        target: `pod:${e.pod}`,
        className: `net-edge ${e.ready ? 'net-edge--ready' : e.terminating ? 'net-edge--terminating' : 'net-edge--notready'}`,
        data: { ready: e.ready },
      });
    }
  }
  const shape = nodes.filter((n) => n.type !== 'pod').map((n) => `${n.id}@${Math.round(n.position.y / 100)}`).join(',') + `|${m.nodes.reduce((a, n) => a + n.pods.length, 0)}`;
  const boxes = nodes.filter((n) => n.type !== 'pod').map((n) => n.id).join(',');
  return { nodes, edges, anchors, shape, boxes };
}

/**
 * The SVG path a request follows through `stops` (anchor keys, in order): the edges' bezier
 * between boxes, a straight line across each box. Undefined when fewer than two stops are drawn.
 */
export function requestPath(anchors: ReadonlyMap<string, Anchor>, stops: string[]): string | undefined {
  const pts = stops.map((s) => anchors.get(s)).filter((a): a is Anchor => !!a);
  if (pts.length < 2) return undefined;
  let d = '';
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1].out;
    const b = pts[i].in;
    const [seg] = getBezierPath({ sourceX: a.x, sourceY: a.y, sourcePosition: Position.Right, targetX: b.x, targetY: b.y, targetPosition: Position.Left });
    d += i === 1 ? seg : seg.replace(/^M/, 'L');
  }
  return d;
}
