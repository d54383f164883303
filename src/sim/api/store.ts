// The object store: what etcd is to a real API server. One global resourceVersion counter,
// objects keyed by kind, namespace and name, a bounded change log for watch replay, and watchers
// notified synchronously, in order, on every write. Stored objects are shared with every reader,
// who must clone before changing anything (frozen under test to catch those who do not).

import type { KObject, WatchEventType } from './types';
import { Subscribers } from './store.subscribers';
import { KindTable, compareSlots, type Slot } from './store.slots';

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
  /** value → slots of the objects found under it. */
  map: Map<string, Set<Slot>>;
  /** value → those slots in list order; dropped when the value's set changes. */
  sorted: Map<string, Slot[]>;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class ObjectStore {
  private rv = 0;
  /** kindKey → index name → (fn, value → slots). Derived data: rebuilt, never snapshotted. */
  private readonly indexes = new Map<string, Map<string, IndexState>>();
  /**
   * kindKey → the kind's objects (store.slots.ts), for every kind written since the store was
   * built. `get` is the store's most frequent call (≈ 80 per pod of a Deployment's roll-out):
   * it looks up by the caller's own namespace and name strings, whose hashes V8 keeps.
   */
  private readonly tables = new Map<string, KindTable>();
  private log: StoredChange[] = [];
  private logStart = 0;
  private readonly subscribers = new Subscribers();

  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch may resume from. */
  get oldestWatchableRv(): number {
    return this.log.length > this.logStart ? this.log[this.logStart].rv - 1 : this.rv;
  }

  get(kindKey: string, namespace: string | undefined, name: string): KObject | undefined {
    const t = this.tables.get(kindKey);
    if (t === undefined) return undefined;
    return (namespace ? t.byNamespace.get(namespace)?.get(name) : t.cluster.get(name))?.object;
  }

  /** Objects of a kind in key order (namespace, then name), as the API server lists them. */
  list(kindKey: string, namespace?: string): KObject[] {
    const t = this.tables.get(kindKey);
    if (!t) return [];
    const out: KObject[] = [];
    for (const slot of t.inOrder()) {
      const o = slot.object;
      if (namespace === undefined || o.metadata.namespace === namespace) out.push(o);
    }
    return out;
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
    const t = this.tables.get(kindKey);
    if (t) for (const slot of t.slots()) this.indexAdd(idx, slot);
  }

  /** Objects whose index `name` includes `value`, in key order. */
  byIndex(kindKey: string, name: string, value: string): KObject[] {
    const idx = this.indexes.get(kindKey)?.get(name);
    if (!idx) throw new Error(`no index ${name} on ${kindKey}`);
    let sorted = idx.sorted.get(value);
    if (!sorted) {
      const slots = idx.map.get(value);
      if (!slots) return [];
      sorted = [...slots].sort(compareSlots);
      idx.sorted.set(value, sorted);
    }
    const out: KObject[] = new Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) out[i] = sorted[i]!.object;
    return out;
  }

  private indexAdd(idx: IndexState, slot: Slot): void {
    for (const v of idx.fn(slot.object)) {
      let s = idx.map.get(v);
      if (!s) idx.map.set(v, (s = new Set()));
      s.add(slot);
      idx.sorted.delete(v);
    }
  }

  private indexRemove(idx: IndexState, slot: Slot, o: KObject): void {
    for (const v of idx.fn(o)) {
      const s = idx.map.get(v);
      s?.delete(slot);
      if (s && s.size === 0) idx.map.delete(v);
      idx.sorted.delete(v);
    }
  }

  /**
   * The resourceVersion of the last write (create, update, delete) to a kind in this store, 0 if
   * none since it was built: unchanged means nothing of that kind changed.
   */
  lastWriteRv(kindKey: string): number {
    return this.tables.get(kindKey)?.lastWriteRv ?? 0;
  }

  count(kindKey: string): number {
    return this.tables.get(kindKey)?.size ?? 0;
  }

  kindKeys(): string[] {
    return [...this.tables.keys()].sort();
  }

  private table(kindKey: string): KindTable {
    let t = this.tables.get(kindKey);
    if (!t) this.tables.set(kindKey, (t = new KindTable()));
    return t;
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
    // (One spread site per hot kind copied ≈ 2× faster, the sites no longer megamorphic, but
    // their copies were larger: +1.4 MB of heap per 1,000 pods. The runtime's copy is exact.)
    return this.write(kindKey, { ...obj, metadata: { ...obj.metadata, resourceVersion: '' } });
  }

  /**
   * `put` without the copy, for a write path's own fresh object: `obj` and its metadata are
   * handed over (the caller shares them with no one and built them compact, e.g. by a spread of
   * the stored object), and become the stored object, its resourceVersion set in place. The
   * stored object is the same JSON, key order included, that `put(obj)` stores: the copy sets
   * the resourceVersion in the same place (where the key is, else last).
   */
  putOwned(kindKey: string, obj: KObject): KObject {
    return this.write(kindKey, obj);
  }

  private write(kindKey: string, stored: KObject): KObject {
    const meta = stored.metadata;
    const t = this.table(kindKey);
    const namespace = meta.namespace || '';
    let slot = t.slot(namespace, meta.name!);
    const prev = slot?.object;
    const rv = ++this.rv;
    t.lastWriteRv = rv;
    meta.resourceVersion = String(rv);
    deepFreeze(stored);
    if (slot === undefined) slot = t.add(namespace, meta.name!, stored);
    else slot.object = stored;
    // Most writes are Events, a kind without indexes: no iterator or empty array for them.
    const perKind = this.indexes.get(kindKey);
    if (perKind !== undefined) for (const idx of perKind.values()) {
      if (prev) {
        // An update that keeps the object under the same values changes no membership.
        const before = idx.fn(prev);
        const after = idx.fn(stored);
        if (sameValues(before, after)) continue;
        this.indexRemove(idx, slot, prev);
      }
      this.indexAdd(idx, slot);
    }
    this.emit({ rv, type: prev !== undefined ? 'MODIFIED' : 'ADDED', kindKey, object: stored });
    return stored;
  }

  /** Removes an object; the DELETED event carries the object at a new resourceVersion. */
  remove(kindKey: string, namespace: string | undefined, name: string): KObject | undefined {
    const t = this.tables.get(kindKey);
    const slot = t?.slot(namespace || '', name);
    if (!t || !slot) return undefined;
    const cur = slot.object;
    t.delete(slot);
    for (const idx of this.indexes.get(kindKey)?.values() ?? []) this.indexRemove(idx, slot, cur);
    const rv = ++this.rv;
    t.lastWriteRv = rv;
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

  /**
   * A store holding `state`'s objects themselves, not copies: they are stored objects from now
   * on, immutable (frozen under test). The caller copies first if it keeps using `state`
   * (Cluster.restore makes the one copy of a whole snapshot; a live store's snapshot holds
   * stored, immutable objects already).
   */
  static restore(state: StoreState): ObjectStore {
    const s = new ObjectStore();
    for (const o of state.objects) {
      const t = s.table(kindKeyOf(o.apiVersion, o.kind));
      const namespace = o.metadata.namespace || '';
      const stored = deepFreeze(o);
      // (A snapshot holds each object once; a second one of a name would replace the first, as before.)
      const slot = t.slot(namespace, o.metadata.name!);
      if (slot) slot.object = stored;
      else t.add(namespace, o.metadata.name!, stored);
    }
    s.rv = state.rv;
    s.log = state.log.map((c): StoredChange => ({ rv: c.rv, type: c.type, kindKey: c.kindKey, object: deepFreeze(c.object) }));
    return s;
  }
}
