// The graph's incremental pieces: boxes rebuilt from a few changed pods give what a build from
// scratch gives, boxes that draw the same keep their view, rows hold their height while boxes
// change, and flow nodes that only moved keep their data.
import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../../worker/protocol';
import { buildNodeBoxes, columnsFor, layoutNodeBoxes, NodeBoxBuilder, reuseUnchanged, RowHeights, sameData, type NodeBoxView, type PodChipView } from './layout';

const node = (name: string, extra: object = {}): ObjectEntry => ({
  kindKey: '/Node',
  object: { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `n-${name}` }, spec: {}, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }], ...extra } },
});
const pod = (name: string, nodeName: string | undefined, phase = 'Running', ns = 'default'): ObjectEntry => ({
  kindKey: '/Pod',
  object: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, uid: `p-${ns}-${name}` },
    spec: { nodeName, containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
    status: { phase, containerStatuses: [{ name: 'c', ready: phase === 'Running', restartCount: 0, state: phase === 'Running' ? { running: {} } : { waiting: { reason: 'ContainerCreating' } } }] },
  },
});

/** A small deterministic generator (no Math.random: the same steps every run). */
function lcg(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
}

describe('NodeBoxBuilder across many changes', () => {
  it('matches a build from scratch after every step of random pod churn', () => {
    const rnd = lcg(7);
    const nodes = ['worker10', 'worker2', 'worker', 'control-plane'].map((n) => node(n));
    nodes[3].object.metadata.labels = { 'node-role.kubernetes.io/control-plane': '' };
    let pods = new Map<string, ObjectEntry>();
    const builder = new NodeBoxBuilder();
    const names = ['web-10', 'web-9', 'web-1', 'db-0', 'a', 'web-01', 'z-2', 'z-10'];
    for (let step = 0; step < 200; step++) {
      const next = new Map(pods);
      for (let k = 0; k < 3; k++) {
        const name = `${names[rnd(names.length)]}-${rnd(6)}`;
        const ns = rnd(4) === 0 ? 'kube-system' : 'default';
        const where = rnd(5) === 0 ? undefined : nodes[rnd(nodes.length)].object.metadata.name;
        if (rnd(4) === 0) next.delete(`${ns}/${name}`);
        else next.set(`${ns}/${name}`, pod(name, where, rnd(2) ? 'Running' : 'Pending', ns));
      }
      pods = next;
      const entries = [...nodes, ...pods.values()];
      const filter = step % 50 < 40 ? {} : { namespace: 'default' };
      const got = builder.build(entries, entries, filter);
      expect(got).toEqual(buildNodeBoxes(Object.fromEntries(entries.map((e, i) => [String(i), e])), filter));
    }
  });

  it('keeps the view of a box rebuilt but drawn the same', () => {
    const builder = new NodeBoxBuilder();
    const a = node('a');
    const p = pod('web-1', 'a');
    const first = builder.build([a], [p]);
    // A Node status write that changes nothing drawn (a heartbeat), and a new version of the pod
    // that draws the same: new objects, same boxes.
    const a2 = node('a', { nodeInfo: { kubeletVersion: 'v1.32.0' } });
    const p2 = pod('web-1', 'a');
    const second = builder.build([a2], [p2]);
    expect(second[0]).toBe(first[0]);
    const p3 = pod('web-1', 'a', 'Pending');
    expect(builder.build([a2], [p3])[0]).not.toBe(first[0]);
  });
});

describe('sameData', () => {
  it('compares plain data structurally', () => {
    expect(sameData({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(sameData({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameData([1], { 0: 1 })).toBe(false);
    expect(sameData(null, {})).toBe(false);
  });
});

describe('RowHeights', () => {
  it('grows a row at once, holds it while boxes change, and lets it shrink on a settle or a new shape', () => {
    const rows = new RowHeights();
    expect(rows.hold([200, 150], 's', 0)).toEqual([200, 150]);
    expect(rows.hold([260, 150], 's', 0)).toEqual([260, 150]);
    expect(rows.hold([200, 120], 's', 0)).toEqual([260, 150]);
    expect(rows.overReserved).toBe(true);
    expect(rows.hold([200, 120], 's', 1)).toEqual([200, 120]);
    expect(rows.overReserved).toBe(false);
    rows.hold([300, 300], 's', 1);
    expect(rows.hold([100, 100], 'other', 1)).toEqual([100, 100]);
  });

  it('keeps boxes below a row in place while that row shrinks back, until the drawing settles', () => {
    const view = (id: string, groups: number): NodeBoxView => ({ id, name: id, pods: [], podCount: 0, groups: Array.from({ length: groups }, (_, i) => ({ key: `${id}${i}`, label: 'x', tone: 'ok' as const, status: 'Running', count: 1 })) });
    const rows = new RowHeights();
    const at = (g: number, settle: number) => layoutNodeBoxes([view('a', g), view('b', 1)], 1, { heights: rows, settle })[1].position.y;
    const tall = at(4, 0);
    expect(at(1, 0)).toBe(tall);
    expect(at(1, 1)).toBeLessThan(tall);
  });
});

describe('columnsFor', () => {
  it('keeps the column count in use while it draws boxes nearly as large', () => {
    // Rows a few pixels taller tip the best count from 9 to 10 columns: the 9 in use stay.
    expect(columnsFor(100, 1000, 800, 198)).toBe(9);
    expect(columnsFor(100, 1000, 800, 201)).toBe(10);
    expect(columnsFor(100, 1000, 800, 201, 9)).toBe(9);
    // A count far from the best is not kept.
    expect(columnsFor(100, 1000, 800, 201, 2)).toBe(10);
  });
});

describe('reuseUnchanged', () => {
  it('gives a box that only moved a new node with the same data', () => {
    const views = buildNodeBoxes(Object.fromEntries([['a', node('a')], ['b', node('b')]]));
    const cache = new Map();
    const first = reuseUnchanged(cache, layoutNodeBoxes(views, 2));
    const moved = reuseUnchanged(cache, layoutNodeBoxes(views, 1));
    expect(moved[0]).toBe(first[0]);
    expect(moved[1]).not.toBe(first[1]);
    expect(moved[1].data).toBe(first[1].data);
  });
});

describe('far cards', () => {
  it('redraw only when their name, status or pod counts per colour change', async () => {
    const { sameFarCard } = await import('./NodeBox');
    const chip = (uid: string, status: string, tone: 'ok' | 'progress'): PodChipView => ({ uid, name: uid, namespace: 'default', status, tone, system: false, restarts: 0 });
    const v = (pods: PodChipView[], readiness: 'Ready' | 'NotReady' = 'Ready'): NodeBoxView => ({ id: 'n', name: 'n', readiness, pods, podCount: pods.length });
    const a = v([chip('p1', 'ContainerCreating', 'progress'), chip('p2', 'Running', 'ok')]);
    expect(sameFarCard({ id: 'n', view: a }, { id: 'n', view: v([chip('p1', 'Running', 'progress'), chip('p2', 'Running', 'ok')]) })).toBe(true);
    expect(sameFarCard({ id: 'n', view: a }, { id: 'n', view: v([chip('p1', 'Running', 'ok'), chip('p2', 'Running', 'ok')]) })).toBe(false);
    expect(sameFarCard({ id: 'n', view: a }, { id: 'n', view: v(a.pods, 'NotReady') })).toBe(false);
  });
});

describe('RowHeights and the Pending lane', () => {
  it('keeps held rows when the Pending lane comes or goes', () => {
    const view = (id: string, groups: number): NodeBoxView => ({ id, name: id, pods: [], podCount: 0, groups: Array.from({ length: groups }, (_, i) => ({ key: `${id}${i}`, label: 'x', tone: 'ok' as const, status: 'Running', count: 1 })) });
    const rows = new RowHeights();
    const lay = (views: NodeBoxView[]) => layoutNodeBoxes(views, 1, { heights: rows, settle: 0 });
    const tall = lay([view('a', 4), view('b', 1)])[1].position.y;
    expect(lay([view('a', 1), view('b', 1), view('unscheduled', 1)])[1].position.y).toBe(tall);
    expect(lay([view('a', 1), view('b', 1)])[1].position.y).toBe(tall);
  });
});
