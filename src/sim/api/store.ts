// The object store: what etcd is to a real API server. One global resourceVersion counter,
// objects keyed by kind, namespace and name, a bounded change log for watch replay, and watchers
// notified synchronously, in order, on every write. Stored objects are shared with every reader,
// who must clone before changing anything (frozen under test to catch those who do not).

import type { KObject, WatchEventType } from './types';
import { Subscribers } from './store.subscribers';

export interface StoredChange {
  rv: number;
  type: WatchEventType;
  /** `group/Kind`, e.g. `apps/Deployment`, `/Pod`. */
  kindKey: string;
  object: KObject;
}

export type ChangeHandler = (change: StoredChange) => void;

export interface StoreState {
  rv: number;
  objects: KObject[];
  log: StoredChange[];
}

/** How many changes the store keeps for watches that resume from an older resourceVersion. */
export const WATCH_LOG_CAPACITY = 20_000;

export function kindKeyOf(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  return `${slash < 0 ? '' : apiVersion.slice(0, slash)}/${kind}`;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * Whether stored objects are deep-frozen. Freezing turns any component that changes a stored
 * object in place (instead of cloning) into a TypeError where it happens, so the tests run with
 * it (Vitest sets VITEST) and so can anyone debugging (`setFreezeStoredObjects(true)`). It costs a
 * walk of every new object on every write (~5% of a Deployment's roll-out), so the app, the CLI
 * and the benchmarks run without it; the code paths are otherwise identical.
 */
let freezeStoredObjects = !!(globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.VITEST;

export function setFreezeStoredObjects(on: boolean): void {
  freezeStoredObjects = on;
}

export function storedObjectsFrozen(): boolean {
  return freezeStoredObjects;
}

function deepFreeze<T>(o: T): T {
  if (freezeStoredObjects && o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

/** A secondary index: the values an object is found under (e.g. a pod's node name). */
export type IndexFn = (o: KObject) => readonly string[];

interface IndexState {
  fn: IndexFn;
  /** value → keys of the objects found under it. */
  map: Map<string, Set<string>>;
  /** value → those keys in list order; dropped when the value's set changes. */
  sorted: Map<string, string[]>;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class ObjectStore {
  private rv = 0;
  /** kindKey → index name → (fn, value → object keys). Derived data: rebuilt, never snapshotted. */
  private readonly indexes = new Map<string, Map<string, IndexState>>();
  private readonly byKind = new Map<string, Map<string, KObject>>();
  /**
   * Derived: kindKey → namespace → name → namespaced object, the same objects as `byKind`.
   * `get` is the store's most frequent call (≈ 110 per pod of a Deployment's roll-out); looking up
   * by the caller's own namespace and name strings (whose hashes V8 keeps) avoids building and
   * hashing a `namespace/name` string per call (≈ 5× cheaper per lookup).
   */
  private readonly byName = new Map<string, Map<string, Map<string, KObject>>>();
  /** Derived: each kind's keys in list order, built on the first list, then kept up to date. */
  private readonly sortedByKind = new Map<string, string[]>();
  /** Derived: keys added to and removed from a kind since its keys were last put in order. */
  private readonly pendingOrder = new Map<string, { added: Set<string>; removed: Set<string> }>();
  private log: StoredChange[] = [];
  private logStart = 0;
  /** Derived: kindKey → resourceVersion of its last write, so readers can cache what they compute from a kind. */
  private readonly kindRv = new Map<string, number>();
  private readonly subscribers = new Subscribers();

  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch may resume from. */
  get oldestWatchableRv(): number {
    return this.log.length > this.logStart ? this.log[this.logStart].rv - 1 : this.rv;
  }

  get(kindKey: string, namespace: string | undefined, name: string): KObject | undefined {
    // Cluster-scoped keys are the bare name: no string to build, one map fewer.
    if (!namespace) return this.byKind.get(kindKey)?.get(name);
    return this.byName.get(kindKey)?.get(namespace)?.get(name);
  }

  /** Objects of a kind in key order (namespace, then name), as the API server lists them. */
  list(kindKey: string, namespace?: string): KObject[] {
    const m = this.byKind.get(kindKey);
    if (!m) return [];
    const keys = this.sortedKeys(kindKey, m);
    const out: KObject[] = [];
    for (const k of keys) {
      const o = m.get(k)!;
      if (namespace === undefined || o.metadata.namespace === namespace) out.push(o);
    }
    return out;
  }

  /**
   * Keys of a kind in list order. Built on a kind's first list; after that, adds and removes
   * since the last list wait in `pendingOrder` and are merged in by the next list: one pass over
   * the kind plus a sort of what is new. (Keeping the array sorted on every write cost an O(n)
   * array move per new pod — 5% of a 150,000-pod run — and re-sorting everything on the next
   * list after every new pod made each list O(n log n).)
   */
  private sortedKeys(kindKey: string, m: Map<string, KObject>): string[] {
    let keys = this.sortedByKind.get(kindKey);
    if (!keys) {
      keys = [...m.values()].sort(compareByKey).map((o) => objectKey(o.metadata.namespace, o.metadata.name!));
      this.sortedByKind.set(kindKey, keys);
      this.pendingOrder.delete(kindKey);
      return keys;
    }
    const pending = this.pendingOrder.get(kindKey);
    if (!pending) return keys;
    this.pendingOrder.delete(kindKey);
    const added = [...pending.added].map((k) => m.get(k)!).sort(compareByKey);
    const merged: string[] = [];
    let a = 0;
    for (const k of keys) {
      if (pending.removed.has(k)) continue;
      const o = m.get(k)!;
      while (a < added.length && compareByKey(added[a]!, o) < 0) {
        const n = added[a++]!;
        merged.push(objectKey(n.metadata.namespace, n.metadata.name!));
      }
      merged.push(k);
    }
    for (; a < added.length; a++) merged.push(objectKey(added[a]!.metadata.namespace, added[a]!.metadata.name!));
    this.sortedByKind.set(kindKey, merged);
    return merged;
  }

  /** Notes a new key for a kind whose order is kept (merged in by the next list). */
  private orderAdd(kindKey: string, key: string): void {
    const p = this.pendingFor(kindKey);
    // Removed and added back before a list: the key is still in the sorted keys, in its place.
    if (p && !p.removed.delete(key)) p.added.add(key);
  }

  /** Notes a removed key for a kind whose order is kept (dropped by the next list). */
  private orderRemove(kindKey: string, key: string): void {
    const p = this.pendingFor(kindKey);
    if (p && !p.added.delete(key)) p.removed.add(key);
  }

  /** The pending changes of a kind whose order is kept; undefined while no list has asked for it. */
  private pendingFor(kindKey: string): { added: Set<string>; removed: Set<string> } | undefined {
    if (!this.sortedByKind.has(kindKey)) return undefined;
    let p = this.pendingOrder.get(kindKey);
    if (!p) this.pendingOrder.set(kindKey, (p = { added: new Set(), removed: new Set() }));
    return p;
  }

  /**
   * Adds a secondary index over a kind, e.g. pods by `spec.nodeName`. Idempotent per name.
   * Lookups through `byIndex` are O(matches) instead of a full list.
   */
  addIndex(kindKey: string, name: string, fn: IndexFn): void {
    let perKind = this.indexes.get(kindKey);
    if (!perKind) this.indexes.set(kindKey, (perKind = new Map()));
    if (perKind.has(name)) return;
    const idx: IndexState = { fn, map: new Map(), sorted: new Map() };
    perKind.set(name, idx);
    for (const [key, o] of this.byKind.get(kindKey) ?? []) this.indexAdd(idx, key, o);
  }

  /** Objects whose index `name` includes `value`, in key order. */
  byIndex(kindKey: string, name: string, value: string): KObject[] {
    const idx = this.indexes.get(kindKey)?.get(name);
    if (!idx) throw new Error(`no index ${name} on ${kindKey}`);
    const m = this.byKind.get(kindKey);
    const out: KObject[] = [];
    const sorted = idx.sorted.get(value);
    if (sorted) {
      for (const key of sorted) out.push(m!.get(key)!);
      return out;
    }
    const keys = idx.map.get(value);
    if (!keys) return out;
    for (const key of keys) {
      const o = m?.get(key);
      if (o) out.push(o);
    }
    out.sort(compareByKey);
    idx.sorted.set(value, out.map((o) => objectKey(o.metadata.namespace, o.metadata.name!)));
    return out;
  }

  private indexAdd(idx: IndexState, key: string, o: KObject): void {
    for (const v of idx.fn(o)) {
      let s = idx.map.get(v);
      if (!s) idx.map.set(v, (s = new Set()));
      s.add(key);
      idx.sorted.delete(v);
    }
  }

  private indexRemove(idx: IndexState, key: string, o: KObject): void {
    for (const v of idx.fn(o)) {
      const s = idx.map.get(v);
      s?.delete(key);
      if (s && s.size === 0) idx.map.delete(v);
      idx.sorted.delete(v);
    }
  }

  /**
   * The resourceVersion of the last write (create, update, delete) to a kind in this store, 0 if
   * none since it was built: unchanged means nothing of that kind changed.
   */
  lastWriteRv(kindKey: string): number {
    return this.kindRv.get(kindKey) ?? 0;
  }

  count(kindKey: string): number {
    return this.byKind.get(kindKey)?.size ?? 0;
  }

  kindKeys(): string[] {
    return [...this.byKind.keys()].sort();
  }

  /**
   * Writes an object (create or update), stamping the next resourceVersion. Returns the stored
   * copy. The copy is made even when the caller's object is fresh: a spread builds the stored
   * object and metadata with every property in the object itself, which is smaller (≈ 0.3 KB per
   * pod) than the incrementally built objects the write paths hand over. (Copying by for-in
   * assignment instead, to avoid the megamorphic spread, measured no CPU gain on deploy-1k and
   * ≈ 2–3 MB more heap: assigned objects keep out-of-object property arrays.)
   */
  put(kindKey: string, obj: KObject): KObject {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name!);
    let m = this.byKind.get(kindKey);
    if (!m) this.byKind.set(kindKey, (m = new Map()));
    const prev = m.get(key);
    const existed = prev !== undefined;
    const rv = ++this.rv;
    this.kindRv.set(kindKey, rv);
    const stored = deepFreeze({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } });
    m.set(key, stored);
    this.setByName(kindKey, stored);
    if (!existed) this.orderAdd(kindKey, key);
    // Most writes are Events, a kind without indexes: no iterator or empty array for them.
    const perKind = this.indexes.get(kindKey);
    if (perKind !== undefined) for (const idx of perKind.values()) {
      if (prev) {
        // An update that keeps the object under the same values changes no membership.
        const before = idx.fn(prev);
        const after = idx.fn(stored);
        if (sameValues(before, after)) continue;
        this.indexRemove(idx, key, prev);
      }
      this.indexAdd(idx, key, stored);
    }
    this.emit({ rv, type: existed ? 'MODIFIED' : 'ADDED', kindKey, object: stored });
    return stored;
  }

  private setByName(kindKey: string, o: KObject): void {
    const ns = o.metadata.namespace;
    if (!ns) return; // cluster-scoped: `get` reads byKind
    let perKind = this.byName.get(kindKey);
    if (!perKind) this.byName.set(kindKey, (perKind = new Map()));
    let perNs = perKind.get(ns);
    if (!perNs) perKind.set(ns, (perNs = new Map()));
    perNs.set(o.metadata.name!, o);
  }

  /** Removes an object; the DELETED event carries the object at a new resourceVersion. */
  remove(kindKey: string, namespace: string | undefined, name: string): KObject | undefined {
    const m = this.byKind.get(kindKey);
    const key = objectKey(namespace, name);
    const cur = m?.get(key);
    if (!m || !cur) return undefined;
    m.delete(key);
    if (namespace) {
      const perKind = this.byName.get(kindKey);
      const perNs = perKind?.get(namespace);
      // A namespace's map goes with its last object of the kind (namespaces come and go).
      if (perNs?.delete(name) && perNs.size === 0) perKind!.delete(namespace);
    }
    this.orderRemove(kindKey, key);
    for (const idx of this.indexes.get(kindKey)?.values() ?? []) this.indexRemove(idx, key, cur);
    const rv = ++this.rv;
    this.kindRv.set(kindKey, rv);
    const gone = deepFreeze({ ...cur, metadata: { ...cur.metadata, resourceVersion: String(rv) } });
    this.emit({ rv, type: 'DELETED', kindKey, object: gone });
    return gone;
  }

  /** Changes after `fromRv`, or undefined when `fromRv` is older than the log keeps (410 Gone). */
  changesSince(fromRv: number): StoredChange[] | undefined {
    if (fromRv < this.oldestWatchableRv) return undefined;
    const out: StoredChange[] = [];
    for (let i = this.logStart; i < this.log.length; i++) if (this.log[i].rv > fromRv) out.push(this.log[i]);
    return out;
  }

  /**
   * Calls `handler` with every change from now on, synchronously, in order; with `kindKey`, only
   * that kind's changes (see Subscribers for the order).
   */
  subscribe(handler: ChangeHandler, kindKey?: string): () => void {
    return this.subscribers.add(handler, kindKey);
  }

  private emit(change: StoredChange): void {
    this.log.push(change);
    if (this.log.length - this.logStart > WATCH_LOG_CAPACITY) {
      this.logStart++;
      if (this.logStart > WATCH_LOG_CAPACITY) {
        this.log = this.log.slice(this.logStart);
        this.logStart = 0;
      }
    }
    this.subscribers.emit(change);
  }

  /** `watchLog: false` leaves the change log out (watches from before it get 410 Gone after a restore). */
  snapshot(opts: { watchLog?: boolean } = {}): StoreState {
    const objects: KObject[] = [];
    for (const k of this.kindKeys()) for (const o of this.list(k)) objects.push(o);
    return { rv: this.rv, objects, log: opts.watchLog === false ? [] : this.log.slice(this.logStart) };
  }

  static restore(state: StoreState): ObjectStore {
    const s = new ObjectStore();
    for (const o of state.objects) {
      const kk = kindKeyOf(o.apiVersion, o.kind);
      let m = s.byKind.get(kk);
      if (!m) s.byKind.set(kk, (m = new Map()));
      const stored = deepFreeze(structuredClone(o));
      m.set(objectKey(o.metadata.namespace, o.metadata.name!), stored);
      s.setByName(kk, stored);
    }
    s.rv = state.rv;
    s.log = state.log.map((c) => ({ ...c, object: deepFreeze(structuredClone(c.object)) }));
    return s;
  }
}

function compareByKey(a: KObject, b: KObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const a1 = a.metadata.name ?? '';
  const b1 = b.metadata.name ?? '';
  return a1 < b1 ? -1 : a1 > b1 ? 1 : 0;
}
