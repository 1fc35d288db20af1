/**
 * Copy-on-write views of a Map and a Set: writes go to a private layer, reads fall through
 * to the base, and iteration order is what the same writes would give on a copy (surviving
 * base keys in place, then new keys in insertion order). A handler's draft of a group costs
 * O(1) to make instead of O(members), which keeps a 10,000-member rebalance linear.
 */

/** A Map over a read-only base Map. */
export class OverlayMap<K, V> implements Map<K, V> {
  // The layers are made on first write: most drafts read far more groups' maps than they write.
  private changed: Map<K, V> | null = null;
  private added: Map<K, V> | null = null;
  private deleted: Set<K> | null = null;

  constructor(private readonly base: ReadonlyMap<K, V>) {}

  get size(): number {
    let n = this.added?.size ?? 0;
    if (this.deleted !== null) for (const k of this.deleted) if (this.base.has(k)) n--;
    return this.base.size + n;
  }

  has(key: K): boolean {
    return (this.added !== null && this.added.has(key)) || (this.base.has(key) && !(this.deleted !== null && this.deleted.has(key)));
  }

  get(key: K): V | undefined {
    if (this.added !== null && this.added.has(key)) return this.added.get(key);
    if (this.deleted !== null && this.deleted.has(key)) return undefined;
    return this.changed !== null && this.changed.has(key) ? this.changed.get(key) : this.base.get(key);
  }

  set(key: K, value: V): this {
    if ((this.added !== null && this.added.has(key)) || !this.base.has(key) || (this.deleted !== null && this.deleted.has(key))) {
      (this.added ??= new Map()).set(key, value);
    } else (this.changed ??= new Map()).set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (this.added !== null && this.added.delete(key)) return true;
    if (!this.base.has(key) || (this.deleted !== null && this.deleted.has(key))) return false;
    (this.deleted ??= new Set()).add(key);
    this.changed?.delete(key);
    return true;
  }

  clear(): void {
    const deleted = (this.deleted ??= new Set());
    for (const k of this.base.keys()) deleted.add(k);
    this.changed?.clear();
    this.added?.clear();
  }

  *entries(): MapIterator<[K, V]> {
    const { changed, deleted } = this;
    for (const [k, v] of this.base) {
      if (deleted !== null && deleted.has(k)) continue;
      yield [k, changed !== null && changed.has(k) ? changed.get(k)! : v];
    }
    if (this.added !== null) yield* this.added;
  }

  *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  forEach(fn: (value: V, key: K, map: Map<K, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'OverlayMap';
  }
}

/** A Set over a read-only base Set. */
export class OverlaySet<T> implements Set<T> {
  private readonly map: OverlayMap<T, T>;

  constructor(base: ReadonlySet<T>) {
    this.map = new OverlayMap(new SetAsMap(base));
  }

  get size(): number {
    return this.map.size;
  }

  has(v: T): boolean {
    return this.map.has(v);
  }

  add(v: T): this {
    if (!this.map.has(v)) this.map.set(v, v);
    return this;
  }

  delete(v: T): boolean {
    return this.map.delete(v);
  }

  clear(): void {
    this.map.clear();
  }

  *values(): SetIterator<T> {
    yield* this.map.keys();
  }

  keys(): SetIterator<T> {
    return this.values();
  }

  *entries(): SetIterator<[T, T]> {
    for (const v of this.map.keys()) yield [v, v];
  }

  forEach(fn: (value: T, value2: T, set: Set<T>) => void): void {
    for (const v of this.map.keys()) fn(v, v, this);
  }

  [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }

  get [Symbol.toStringTag](): string {
    return 'OverlaySet';
  }
}

/** A read-only Map view of a Set (each value maps to itself). */
class SetAsMap<T> implements ReadonlyMap<T, T> {
  constructor(private readonly set: ReadonlySet<T>) {}
  get size(): number {
    return this.set.size;
  }
  has(k: T): boolean {
    return this.set.has(k);
  }
  get(k: T): T | undefined {
    return this.set.has(k) ? k : undefined;
  }
  forEach(fn: (v: T, k: T, m: ReadonlyMap<T, T>) => void): void {
    for (const v of this.set) fn(v, v, this);
  }
  *entries(): MapIterator<[T, T]> {
    for (const v of this.set) yield [v, v];
  }
  keys(): MapIterator<T> {
    return this.set.values() as MapIterator<T>;
  }
  values(): MapIterator<T> {
    return this.set.values() as MapIterator<T>;
  }
  [Symbol.iterator](): MapIterator<[T, T]> {
    return this.entries();
  }
}
