import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../../worker/protocol';
import { CHIP_BUDGET } from './expansion';
import { buildNodeBoxes, columnsFor, GROUP_AT, layoutNodeBoxes, NodeBoxBuilder, reuseUnchanged } from './layout';

const node = (name: string): [string, ObjectEntry] => [
  `n-${name}`,
  {
    kindKey: '/Node',
    object: {
      apiVersion: 'v1', kind: 'Node',
      metadata: { name, uid: `n-${name}` },
      spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
      status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }, { type: 'MemoryPressure', status: 'True' }] },
    },
  },
];
const pod = (name: string, nodeName?: string, extra: object = {}): [string, ObjectEntry] => [
  `p-${name}`,
  {
    kindKey: '/Pod',
    object: {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace: 'default', uid: `p-${name}` },
      spec: { nodeName, containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '500m', memory: '1Gi' } } }] },
      status: { phase: 'Pending', ...extra },
    },
  },
];

describe('graph layout', () => {
  it('shows conditions, taints, requested vs allocatable, and the pending lane with its reason', () => {
    const objects = Object.fromEntries([
      node('a'),
      pod('p1', 'a'),
      pod('p2', undefined, { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' }] }),
    ]);
    const [a, pending] = buildNodeBoxes(objects);
    expect(a.conditions).toEqual(['KubeletNotReady', 'MemoryPressure']);
    expect(a.taints).toEqual(['dedicated=gpu:NoSchedule']);
    expect(a.capacity).toEqual([
      { resource: 'cpu', requested: 500, allocatable: 4000 },
      { resource: 'memory', requested: 2 ** 30, allocatable: 8 * 2 ** 30 },
      { resource: 'pods', requested: 1, allocatable: 110 },
    ]);
    expect(pending.name).toBe('Pending');
    expect(pending.pods[0].reason).toBe('0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('filters by namespace and search, and groups many pods into count badges', () => {
    const many = Array.from({ length: GROUP_AT + 5 }, (_, i) => pod(`web-abc-${i}`, 'a'));
    const objects = Object.fromEntries([node('a'), ...many]);
    const [a] = buildNodeBoxes(objects);
    expect(a.groups).toEqual([{ key: 'default/web-abc|Pending', label: 'web-abc', tone: 'progress', status: 'Pending', count: GROUP_AT + 5 }]);
    expect(buildNodeBoxes(objects, { namespace: 'other' })[0].pods).toEqual([]);
    expect(buildNodeBoxes(objects, { search: 'web-abc-1' })[0].pods.length).toBe(1 + 10);
    expect(buildNodeBoxes(objects, { search: 'web-abc-1' })[0].podCount).toBe(GROUP_AT + 5);
  });

  it('picks the column count that draws boxes largest', () => {
    expect(columnsFor(4, 1600, 500, 300)).toBe(4);
    expect(columnsFor(4, 500, 900, 300)).toBe(2);
    expect(columnsFor(1, 500, 900)).toBe(1);
  });
});

describe('graph filters and redraws', () => {
  it('hides pods the label selector does not match', async () => {
    const { labelFilter } = await import('../views/labelFilter');
    const labelled = (name: string, labels: Record<string, string>): [string, ObjectEntry] => {
      const [k, e] = pod(name, 'a');
      e.object.metadata.labels = labels;
      return [k, e];
    };
    const objects = Object.fromEntries([node('a'), labelled('web-1', { app: 'web' }), labelled('db-1', { app: 'db', tier: 'db' }), pod('bare', 'a')]);
    const names = (sel: string) => buildNodeBoxes(objects, { labels: labelFilter(sel).match })[0].pods.map((p) => p.name);
    expect(names('app=web')).toEqual(['web-1']);
    expect(names('tier!=db')).toEqual(['bare', 'web-1']);
    expect(names('!app')).toEqual(['bare']);
    expect(buildNodeBoxes(objects, { labels: labelFilter('app=web').match })[0].podCount).toBe(3);
  });

  it('groups every box once the graph holds more pods than the chip budget', () => {
    const nodes = Array.from({ length: 10 }, (_, i) => node(`n${i}`));
    const pods = Array.from({ length: CHIP_BUDGET + 10 }, (_, i) => pod(`web-x-${i}`, `n${i % 10}`));
    const boxes = buildNodeBoxes(Object.fromEntries([...nodes, ...pods]));
    expect(boxes.every((b) => b.groups && b.groups.length === 1)).toBe(true);
    expect(buildNodeBoxes(Object.fromEntries([...nodes, ...pods.slice(0, 20)])).every((b) => !b.groups)).toBe(true);
  });

  it('keeps the node objects of boxes that did not change', () => {
    const cache = new Map();
    const objects = Object.fromEntries([node('a'), node('b'), pod('p1', 'a')]);
    const first = reuseUnchanged(cache, layoutNodeBoxes(buildNodeBoxes(objects), 2));
    const next = { ...objects, ...Object.fromEntries([pod('p2', 'b')]) };
    const second = reuseUnchanged(cache, layoutNodeBoxes(buildNodeBoxes(next), 2));
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
  });
});

describe('incremental boxes (NodeBoxBuilder)', () => {
  const entries = (pairs: [string, ObjectEntry][]) => pairs.map(([, e]) => e);

  it('rebuilds only the boxes whose Node or Pods changed, and matches a build from scratch', () => {
    const builder = new NodeBoxBuilder();
    const base: [string, ObjectEntry][] = [node('a'), node('b'), node('c'), pod('p1', 'a'), pod('p2', 'b'), pod('p3', 'c')];
    const first = builder.build(entries(base), entries(base));
    // p2 changes (a new object, as the mirror stores every change), p4 arrives Pending.
    const changed: [string, ObjectEntry][] = base.map(([k, e]) => (k === 'p-p2' ? pod('p2', 'b', { phase: 'Running' }) : [k, e]));
    const next = [...changed, pod('p4')];
    const second = builder.build(entries(next), entries(next));
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe(first[2]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1].pods[0].status).toBe('Running');
    expect(second).toEqual(buildNodeBoxes(Object.fromEntries(next)));
    // A pod moving away rebuilds both boxes; a filter change rebuilds every box.
    const moved = next.map(([k, e]) => (k === 'p-p3' ? pod('p3', 'a') : [k, e])) as [string, ObjectEntry][];
    const third = builder.build(entries(moved), entries(moved));
    expect(third[0]).not.toBe(second[0]);
    expect(third[2].pods).toEqual([]);
    expect(third).toEqual(buildNodeBoxes(Object.fromEntries(moved)));
    expect(builder.build(entries(moved), entries(moved), { search: 'p1' })).toEqual(buildNodeBoxes(Object.fromEntries(moved), { search: 'p1' }));
  });

  it('keeps the grouped view of an unchanged crowded box, and flow nodes of unchanged views without serialising', () => {
    const builder = new NodeBoxBuilder();
    const pods = Array.from({ length: GROUP_AT + 1 }, (_, i) => pod(`web-abc-${i}`, 'a'));
    const all: [string, ObjectEntry][] = [node('a'), node('b'), ...pods];
    const first = builder.build(entries(all), entries(all));
    expect(first[0].groups).toHaveLength(1);
    const withB = [...all, pod('q', 'b')];
    const second = builder.build(entries(withB), entries(withB));
    expect(second[0]).toBe(first[0]);
    const cache = new Map();
    const a = reuseUnchanged(cache, layoutNodeBoxes(first, 2));
    const b = reuseUnchanged(cache, layoutNodeBoxes(second, 2));
    expect(b[0]).toBe(a[0]);
    expect(b[1]).not.toBe(a[1]);
  });
});
