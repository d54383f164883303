import { describe, expect, it } from 'vitest';
import { ObjectStore, type StoredChange } from './store';
import type { KObject } from './types';

const cm = (name: string, ns = 'default', data: Record<string, string> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns },
  data,
});

describe('ObjectStore', () => {
  it('stamps one global, strictly increasing resourceVersion across kinds', () => {
    const s = new ObjectStore();
    const a = s.put('/ConfigMap', cm('a'));
    const b = s.put('/Secret', { ...cm('b'), kind: 'Secret' });
    const a2 = s.put('/ConfigMap', cm('a', 'default', { k: 'v' }));
    expect([a, b, a2].map((o) => Number(o.metadata.resourceVersion))).toEqual([1, 2, 3]);
    expect(s.resourceVersion).toBe(3);
  });

  it('lists in namespace/name order and freezes stored objects', () => {
    const s = new ObjectStore();
    s.put('/ConfigMap', cm('b', 'x'));
    s.put('/ConfigMap', cm('a', 'y'));
    s.put('/ConfigMap', cm('c', 'x'));
    expect(s.list('/ConfigMap').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['x/b', 'x/c', 'y/a']);
    expect(s.list('/ConfigMap', 'x')).toHaveLength(2);
    const o = s.get('/ConfigMap', 'x', 'b')!;
    expect(() => {
      (o.metadata as { name: string }).name = 'z';
    }).toThrow(TypeError);
  });

  it('gets the current object by namespace and name through writes, deletes and a restore', () => {
    const s = new ObjectStore();
    s.put('/ConfigMap', cm('a', 'x'));
    const a2 = s.put('/ConfigMap', cm('a', 'x', { k: 'v' }));
    s.put('/ConfigMap', cm('a', 'y'));
    s.put('/Node', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    expect(s.get('/ConfigMap', 'x', 'a')).toBe(a2);
    expect(s.get('/ConfigMap', 'y', 'a')!.data).toEqual({});
    expect(s.get('/ConfigMap', 'z', 'a')).toBeUndefined();
    expect(s.get('/ConfigMap', undefined, 'a')).toBeUndefined();
    expect(s.get('/Node', undefined, 'n1')!.metadata.name).toBe('n1');
    expect(s.get('/Node', '', 'n1')!.metadata.name).toBe('n1');
    expect(s.get('/Node', 'x', 'n1')).toBeUndefined();
    s.remove('/ConfigMap', 'x', 'a');
    expect(s.get('/ConfigMap', 'x', 'a')).toBeUndefined();
    expect(s.get('/ConfigMap', 'y', 'a')).toBeDefined();
    const r = ObjectStore.restore(s.snapshot());
    expect(r.get('/ConfigMap', 'y', 'a')).toEqual(s.get('/ConfigMap', 'y', 'a'));
    expect(r.get('/Node', undefined, 'n1')).toEqual(s.get('/Node', undefined, 'n1'));
    expect(r.get('/ConfigMap', 'x', 'a')).toBeUndefined();
  });

  it('delivers changes to watchers in order, and replays from a resourceVersion', () => {
    const s = new ObjectStore();
    const seen: StoredChange[] = [];
    s.put('/ConfigMap', cm('a'));
    const unsubscribe = s.subscribe((c) => seen.push(c));
    s.put('/ConfigMap', cm('b'));
    s.put('/ConfigMap', cm('a', 'default', { x: '1' }));
    s.remove('/ConfigMap', 'default', 'b');
    unsubscribe();
    s.put('/ConfigMap', cm('c'));
    expect(seen.map((c) => [c.type, c.object.metadata.name, c.rv])).toEqual([
      ['ADDED', 'b', 2],
      ['MODIFIED', 'a', 3],
      ['DELETED', 'b', 4],
    ]);
    expect(s.changesSince(2)!.map((c) => c.rv)).toEqual([3, 4, 5]);
  });

  it('answers 410 Gone (undefined) for a resourceVersion older than the log keeps', () => {
    const s = new ObjectStore();
    for (let i = 0; i < 20_100; i++) s.put('/ConfigMap', cm(`c${i % 10}`));
    expect(s.changesSince(5)).toBeUndefined();
    expect(s.changesSince(s.resourceVersion - 10)).toHaveLength(10);
  });

  it('snapshots and restores to an equal store', () => {
    const s = new ObjectStore();
    s.put('/ConfigMap', cm('a'));
    s.put('/ConfigMap', cm('b', 'kube-system'));
    s.remove('/ConfigMap', 'default', 'a');
    const r = ObjectStore.restore(JSON.parse(JSON.stringify(s.snapshot())));
    expect(r.snapshot()).toEqual(s.snapshot());
    expect(r.put('/ConfigMap', cm('z')).metadata.resourceVersion).toBe(String(s.resourceVersion + 1));
  });
});

describe('ObjectStore indexes', () => {
  it('finds objects by a secondary index, following updates and removals', () => {
    const s = new ObjectStore();
    const pod = (name: string, node?: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: node } });
    s.put('/Pod', pod('a', 'n1'));
    s.addIndex('/Pod', 'node', (o) => (o.spec?.nodeName ? [o.spec.nodeName] : []));
    s.put('/Pod', pod('b', 'n1'));
    s.put('/Pod', pod('c'));
    expect(s.byIndex('/Pod', 'node', 'n1').map((o) => o.metadata.name)).toEqual(['a', 'b']);
    s.put('/Pod', pod('a', 'n2'));
    s.remove('/Pod', 'default', 'b');
    expect(s.byIndex('/Pod', 'node', 'n1')).toEqual([]);
    expect(s.byIndex('/Pod', 'node', 'n2').map((o) => o.metadata.name)).toEqual(['a']);
  });
});

describe('ObjectStore list order', () => {
  it('keeps list order (namespace, then name) through interleaved adds, updates and removals', () => {
    const s = new ObjectStore();
    let x = 7;
    const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 600; i++) {
      const ns = `ns${next() % 4}`;
      const name = `p-${(next() % 300).toString(36)}`;
      if (next() % 3 === 0 && s.get('/ConfigMap', ns, name)) s.remove('/ConfigMap', ns, name);
      else s.put('/ConfigMap', cm(name, ns, { i: String(i) }));
      const listed = s.list('/ConfigMap').map((o) => [o.metadata.namespace!, o.metadata.name!] as const);
      const sorted = [...listed].sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
      expect(listed).toEqual(sorted);
      expect(listed.length).toBe(s.count('/ConfigMap'));
    }
    expect(s.count('/ConfigMap')).toBeGreaterThan(50);
  });

  it('lists exactly the live objects in order when many adds and removes (also of one key) come between lists', () => {
    const s = new ObjectStore();
    const model = new Set<string>();
    let x = 11;
    const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
    s.list('/ConfigMap'); // from here on the store keeps the kind's order
    for (let i = 0; i < 3000; i++) {
      const ns = `ns${next() % 3}`;
      const name = `p-${(next() % 40).toString(36)}`;
      if (next() % 2 === 0 && s.get('/ConfigMap', ns, name)) {
        s.remove('/ConfigMap', ns, name);
        model.delete(`${ns}/${name}`);
      } else {
        s.put('/ConfigMap', cm(name, ns, { i: String(i) }));
        model.add(`${ns}/${name}`);
      }
      if (next() % 17 !== 0) continue;
      const want = [...model].sort((a, b) => {
        const [an, aname] = a.split('/');
        const [bn, bname] = b.split('/');
        return an !== bn ? (an! < bn! ? -1 : 1) : aname! < bname! ? -1 : aname! > bname! ? 1 : 0;
      });
      expect(s.list('/ConfigMap').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(want);
    }
  });
});

describe('ObjectStore freezing', () => {
  it('freezes stored objects under test, so in-place changes throw where they happen', () => {
    const s = new ObjectStore();
    const stored = s.put('/ConfigMap', cm('a', 'default', { k: 'v' }));
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.metadata)).toBe(true);
    expect(() => {
      (stored.data as Record<string, string>).k = 'changed';
    }).toThrow(TypeError);
  });

  it('tells the resourceVersion of the last write per kind (0 before any)', () => {
    const s = new ObjectStore();
    expect(s.lastWriteRv('/ConfigMap')).toBe(0);
    s.put('/ConfigMap', cm('a'));
    s.put('/Secret', { ...cm('b'), kind: 'Secret' });
    expect([s.lastWriteRv('/ConfigMap'), s.lastWriteRv('/Secret')]).toEqual([1, 2]);
    s.remove('/ConfigMap', 'default', 'a');
    expect(s.lastWriteRv('/ConfigMap')).toBe(3);
    s.remove('/ConfigMap', 'default', 'missing');
    expect(s.lastWriteRv('/ConfigMap')).toBe(3);
  });
});

describe('ObjectStore stored copies', () => {
  it('stores a fresh copy with the same property order as a spread, resourceVersion in place or last', () => {
    const s = new ObjectStore();
    const input = { kind: 'ConfigMap', apiVersion: 'v1', data: { k: 'v' }, metadata: { namespace: 'default', name: 'a', resourceVersion: '7', labels: { x: 'y' } } } as KObject;
    const stored = s.put('/ConfigMap', input);
    expect(stored).not.toBe(input);
    expect(stored.metadata).not.toBe(input.metadata);
    expect(Object.keys(stored)).toEqual(['kind', 'apiVersion', 'data', 'metadata']);
    expect(Object.keys(stored.metadata)).toEqual(['namespace', 'name', 'resourceVersion', 'labels']);
    expect(stored.metadata.resourceVersion).toBe('1');
    expect(input.metadata.resourceVersion).toBe('7');
    // Nested values are shared with the caller's object, as a spread shares them.
    expect(stored.data).toBe(input.data);
    const fresh = s.put('/ConfigMap', cm('b'));
    expect(Object.keys(fresh.metadata)).toEqual(['name', 'namespace', 'resourceVersion']);
    const gone = s.remove('/ConfigMap', 'default', 'a')!;
    expect(gone).not.toBe(stored);
    expect(Object.keys(gone.metadata)).toEqual(['namespace', 'name', 'resourceVersion', 'labels']);
    expect([stored.metadata.resourceVersion, gone.metadata.resourceVersion]).toEqual(['1', '3']);
  });

  it('finds an object by namespace and name whatever the write path, a namespace emptied and refilled included', () => {
    const s = new ObjectStore();
    const node = s.put('/Node', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    expect(s.get('/Node', undefined, 'n1')).toBe(node);
    expect(s.get('/Node', '', 'n1')).toBe(node);
    // A namespaced kind's object without a namespace is found as the API server wrote it before: by name alone.
    const bare = s.put('/ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bare', namespace: '' } });
    expect(s.get('/ConfigMap', undefined, 'bare')).toBe(bare);
    const a = s.put('/ConfigMap', cm('a', 'x'));
    s.addIndex('/ConfigMap', 'byData', (o) => Object.keys(o.data ?? {}));
    s.remove('/ConfigMap', 'x', 'a');
    expect(s.get('/ConfigMap', 'x', 'a')).toBeUndefined();
    expect(s.count('/ConfigMap')).toBe(1);
    const a2 = s.put('/ConfigMap', cm('a', 'x', { k: 'v' }));
    expect(a2).not.toBe(a);
    expect(s.get('/ConfigMap', 'x', 'a')).toBe(a2);
    expect(s.byIndex('/ConfigMap', 'byData', 'k')).toEqual([a2]);
    const a3 = s.putOwned('/ConfigMap', { ...a2, metadata: { ...a2.metadata }, data: { k: 'w' } });
    expect(s.byIndex('/ConfigMap', 'byData', 'k')[0]).toBe(a3);
    expect(s.list('/ConfigMap').map((o) => o.metadata.name)).toEqual(['bare', 'a']);
    expect(s.count('/ConfigMap')).toBe(2);
    expect(s.kindKeys()).toEqual(['/ConfigMap', '/Node']);
  });

  it('keeps an own __proto__ key a key (JSON.parse makes them), as a spread does', () => {
    const s = new ObjectStore();
    const input = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","__proto__":{"a":1},"metadata":{"name":"p","namespace":"default","__proto__":{"b":2}}}') as KObject;
    const stored = s.put('/ConfigMap', input);
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(stored.metadata)).toBe(Object.prototype);
    expect(Object.keys(stored)).toEqual(['apiVersion', 'kind', '__proto__', 'metadata']);
    expect(Object.keys(stored.metadata)).toEqual(['name', 'namespace', '__proto__', 'resourceVersion']);
    expect(JSON.stringify(stored)).toBe(JSON.stringify({ ...input, metadata: { ...input.metadata, resourceVersion: '1' } }));
  });
});
