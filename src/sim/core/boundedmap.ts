// A cache that cannot grow without bound: a Map that forgets everything when a new key would take
// it past `max` entries. For caches whose miss only costs time (interned strings, parsed times,
// shared frozen values): forgetting all at once is cheaper per write than tracking recency, and a
// cache of values still in use refills within a few writes.

export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.max && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}
