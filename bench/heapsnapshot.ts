// Where a cluster's heap goes, by owner: reads a V8 heap snapshot (v8.writeHeapSnapshot) and
// charges each object's own size to the path by which a breadth-first walk from the Cluster
// object first reaches it (`store.byKind.[Map].[Object].spec`, `handlers.[closure].context.
// decisions`, ...). An object reachable from several owners counts once, for the nearest. Map and
// array entries are named by what they hold ([Object], [NodeInfo], ...), not by index, so alike
// entries add up. Used by bench/heap.ts --breakdown, which diffs two snapshots.
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Bytes by owner path (every prefix of a path included), down to `depth` steps from the Cluster. */
export function bytesByOwner(file: string, depth: number): Map<string, number> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const m = s.snapshot.meta;
  const NF = m.node_fields.length;
  const EF = m.edge_fields.length;
  const { nodes, edges, strings } = s;
  const nType = m.node_fields.indexOf('type');
  const nName = m.node_fields.indexOf('name');
  const nSelf = m.node_fields.indexOf('self_size');
  const nEdges = m.node_fields.indexOf('edge_count');
  const eType = m.edge_fields.indexOf('type');
  const eName = m.edge_fields.indexOf('name_or_index');
  const eTo = m.edge_fields.indexOf('to_node');
  const nodeTypes = m.node_types[0];
  const edgeTypes = m.edge_types[0];
  const N = nodes.length / NF;
  const firstEdge = new Uint32Array(N + 1);
  for (let i = 0, e = 0; i < N; i++) {
    firstEdge[i] = e;
    e += nodes[i * NF + nEdges]! * EF;
  }
  firstEdge[N] = edges.length;
  const typeOf = (i: number) => nodeTypes[nodes[i * NF + nType]!]!;
  const nameOf = (i: number) => strings[nodes[i * NF + nName]!]!;
  let root = -1;
  for (let i = 0; i < N && root < 0; i++) if (typeOf(i) === 'object' && nameOf(i) === 'Cluster') root = i;
  if (root < 0) throw new Error('no Cluster object in the snapshot');

  const labels: string[] = [];
  const labelIds = new Map<string, number>();
  const labelId = (l: string) => {
    let x = labelIds.get(l);
    if (x === undefined) labelIds.set(l, (x = labels.push(l) - 1));
    return x;
  };
  const label = new Int32Array(N).fill(-1);
  const level = new Uint8Array(N);
  const queue = new Uint32Array(N);
  let head = 0;
  let tail = 0;
  label[root] = labelId('Cluster');
  queue[tail++] = root;
  while (head < tail) {
    const i = queue[head++]!;
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += EF) {
      const et = edgeTypes[edges[e + eType]!]!;
      if (et === 'weak' || et === 'shortcut') continue;
      const to = edges[e + eTo]! / NF;
      if (label[to]! >= 0 || typeOf(to) === 'code') continue;
      const raw = et === 'element' || et === 'hidden' ? '' : String(strings[edges[e + eName]!]);
      // Backing stores and closure contexts are part of their owner, not a step of the path.
      const transparent = et === 'context' || (et === 'internal' && (raw === 'table' || raw === 'elements' || raw === 'properties'));
      let l = label[i]!;
      level[to] = transparent ? level[i]! : level[i]! + 1;
      if (!transparent && level[i]! < depth) {
        const step = raw === '' || /^\d+$/.test(raw) ? `[${typeOf(to) === 'object' ? nameOf(to) : typeOf(to)}]` : raw;
        l = labelId(`${labels[l]}.${step}`);
      }
      label[to] = l;
      queue[tail++] = to;
    }
  }
  const out = new Map<string, number>();
  for (let i = 0; i < N; i++) {
    if (label[i]! < 0) continue;
    const parts = labels[label[i]!]!.split('.');
    const size = nodes[i * NF + nSelf]!;
    for (let k = 1; k <= parts.length; k++) {
      const p = parts.slice(0, k).join('.');
      out.set(p, (out.get(p) ?? 0) + size);
    }
  }
  return out;
}

/** Lines "bytes-per-unit  path" for owners that grew or shrank by at least `min` bytes per unit. */
export function ownerDiff(before: Map<string, number>, after: Map<string, number>, units: number, min: number): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys]
    .map((k) => [k, ((after.get(k) ?? 0) - (before.get(k) ?? 0)) / units] as const)
    .filter(([, d]) => Math.abs(d) >= min)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([k, d]) => `${Math.round(d).toString().padStart(7)}  ${k}`);
}
