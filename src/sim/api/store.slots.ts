// The object store's tables (split from store.ts): per kind, the slots its objects live in,
// found by namespace and name, and the list order, kept lazily.
//
// A slot is one object's place: created with the object, kept across its updates (only its
// `object` changes), dropped with it. List order, secondary indexes and pending order changes
// hold slots, so a write finds its place by the namespace and name strings the object carries
// (whose hashes V8 keeps) and builds no `namespace/name` key string (building and hashing one
// was the costliest line of a write, ≈ 5× a nested lookup), and an update touches no map at all.

import type { KObject } from './types';

export class Slot {
  constructor(
    /** '' for cluster-scoped objects (and a namespaced object without one). */
    readonly namespace: string,
    readonly name: string,
    public object: KObject,
  ) {}
}

/** List order: namespace, then name. */
export function compareSlots(a: Slot, b: Slot): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** One kind's objects. */
export class KindTable {
  /** Cluster-scoped objects (namespace ''): name → slot, one lookup fewer for Nodes and the like. */
  readonly cluster = new Map<string, Slot>();
  /** namespace (and '' for `cluster`) → name → slot. */
  readonly byNamespace = new Map<string, Map<string, Slot>>([['', this.cluster]]);
  size = 0;
  /** resourceVersion of the kind's last write in this store; 0 if none since it was built. */
  lastWriteRv = 0;
  /** Derived: the slots in list order, built on the first list, then kept up to date. */
  private sorted: Slot[] | undefined = undefined;
  /** Derived: slots added and removed since `sorted` was last put in order. */
  private added: Set<Slot> | undefined = undefined;
  private removed: Set<Slot> | undefined = undefined;

  slot(namespace: string, name: string): Slot | undefined {
    return namespace === '' ? this.cluster.get(name) : this.byNamespace.get(namespace)?.get(name);
  }

  /** A new slot for an object not yet in the table. */
  add(namespace: string, name: string, object: KObject): Slot {
    let perNs = this.byNamespace.get(namespace);
    if (!perNs) this.byNamespace.set(namespace, (perNs = new Map()));
    const slot = new Slot(namespace, name, object);
    perNs.set(name, slot);
    this.size++;
    if (this.sorted !== undefined) {
      if (this.added === undefined) this.added = new Set();
      this.added.add(slot);
    }
    return slot;
  }

  delete(slot: Slot): void {
    const perNs = this.byNamespace.get(slot.namespace);
    if (!perNs || perNs.get(slot.name) !== slot) return;
    perNs.delete(slot.name);
    // A namespace's map goes with its last object of the kind (namespaces come and go).
    if (perNs.size === 0 && slot.namespace !== '') this.byNamespace.delete(slot.namespace);
    this.size--;
    if (this.sorted !== undefined && !this.added?.delete(slot)) {
      if (this.removed === undefined) this.removed = new Set();
      this.removed.add(slot);
      // A removed slot holds its last object until the next list merges it out. Once half the
      // list is removed (Events expiring while nobody lists them), start over instead: the next
      // list sorts from scratch, at about the cost of the merge, and nothing dead is held.
      if (this.removed.size * 2 > this.sorted.length) this.sorted = this.added = this.removed = undefined;
    }
  }

  /** Every slot, in no particular order. */
  *slots(): IterableIterator<Slot> {
    for (const perNs of this.byNamespace.values()) yield* perNs.values();
  }

  /**
   * Slots in list order. Built on the first list; after that, adds and removes since the last
   * list wait in `added`/`removed` and are merged in by the next list: one pass over the kind
   * plus a sort of what is new. (Keeping the array sorted on every write cost an O(n) array move
   * per new pod — 5% of a 150,000-pod run — and re-sorting everything on the next list after
   * every new pod made each list O(n log n).)
   */
  inOrder(): Slot[] {
    if (this.sorted === undefined) {
      this.sorted = [...this.slots()].sort(compareSlots);
      return this.sorted;
    }
    const added = this.added;
    const removed = this.removed;
    if (added === undefined && removed === undefined) return this.sorted;
    this.added = this.removed = undefined;
    const fresh = added === undefined ? [] : [...added].sort(compareSlots);
    const merged: Slot[] = [];
    let a = 0;
    for (const s of this.sorted) {
      if (removed?.has(s)) continue;
      while (a < fresh.length && compareSlots(fresh[a]!, s) < 0) merged.push(fresh[a++]!);
      merged.push(s);
    }
    for (; a < fresh.length; a++) merged.push(fresh[a]!);
    this.sorted = merged;
    return merged;
  }
}
