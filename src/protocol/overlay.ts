/**
 * Copy-on-write views of a Map and a Set: writes go to a private layer, reads fall through
 * to the base, and iteration order is what the same writes would give on a copy (surviving
 * base keys in place, then new keys in insertion order). A handler's draft of a group costs
 * O(1) to make instead of O(members), which keeps a 10,000-member rebalance linear.
 *
 * A handler that writes a large share of the entries (a generation bump rewrites every member)
 * turns the view into a plain private copy at that point: one copy of the base, after which
 * reads, writes and iteration are the copy's own, instead of three lookups per read and a
 * generator step per entry. The copy costs O(entries) once the writes have already cost a
 * fixed share of that, so a draft stays O(what the handler writes).
 */

/** Writes to the layers beyond which a view becomes a private copy: a fixed share of the base, and never for a handful. */
function copyThreshold(baseSize: number): number {
  return Math.max(32, baseSize >> 3);
}

/** A Map over a read-only base Map. */
export class OverlayMap<K, V> implements Map<K, V> {
  // The layers are made on first write: most drafts read far more groups' maps than they write.
  private changed: Map<K, V> | null = null;
  private added: Map<K, V> | null = null;
  /** Base keys deleted (only ever base keys, so the size needs no scan). */
  private deleted: Set<K> | null = null;
  /** The private copy, once the layers grew past {@link copyThreshold}; then the only state. */
  private own: Map<K, V> | null = null;

  constructor(private readonly base: ReadonlyMap<K, V>) {}

  get size(): number {
    if (this.own !== null) return this.own.size;
    return this.base.size - (this.deleted?.size ?? 0) + (this.added?.size ?? 0);
  }

  has(key: K): boolean {
    if (this.own !== null) return this.own.has(key);
    return (this.added !== null && this.added.has(key)) || (this.base.has(key) && !(this.deleted !== null && this.deleted.has(key)));
  }

  get(key: K): V | undefined {
    if (this.own !== null) return this.own.get(key);
    if (this.added !== null && this.added.has(key)) return this.added.get(key);
    if (this.deleted !== null && this.deleted.has(key)) return undefined;
    return this.changed !== null && this.changed.has(key) ? this.changed.get(key) : this.base.get(key);
  }

  set(key: K, value: V): this {
    if (this.own !== null) {
      this.own.set(key, value);
      return this;
    }
    if ((this.added !== null && this.added.has(key)) || !this.base.has(key) || (this.deleted !== null && this.deleted.has(key))) {
      (this.added ??= new Map()).set(key, value);
    } else (this.changed ??= new Map()).set(key, value);
    this.copyIfLarge();
    return this;
  }

  delete(key: K): boolean {
    if (this.own !== null) return this.own.delete(key);
    if (this.added !== null && this.added.delete(key)) return true;
    if (!this.base.has(key) || (this.deleted !== null && this.deleted.has(key))) return false;
    (this.deleted ??= new Set()).add(key);
    this.changed?.delete(key);
    this.copyIfLarge();
    return true;
  }

  clear(): void {
    // Nothing of the base survives: the copy is simply empty.
    this.own = new Map();
    this.changed = this.added = this.deleted = null;
  }

  /** Becomes a private copy once the layers hold a large share of the entries. */
  private copyIfLarge(): void {
    const layered = (this.changed?.size ?? 0) + (this.added?.size ?? 0) + (this.deleted?.size ?? 0);
    if (layered <= copyThreshold(this.base.size)) return;
    this.own = new Map(this.layeredEntries());
    this.changed = this.added = this.deleted = null;
  }

  /** Whether no write has reached a layer yet: iteration is then the base's own. */
  private untouched(): boolean {
    return this.changed === null && this.added === null && this.deleted === null;
  }

  entries(): MapIterator<[K, V]> {
    if (this.own !== null) return this.own.entries();
    return this.untouched() ? this.base.entries() : this.layeredEntries();
  }

  private *layeredEntries(): MapIterator<[K, V]> {
    const { changed, deleted } = this;
    for (const [k, v] of this.base) {
      if (deleted !== null && deleted.has(k)) continue;
      yield [k, changed !== null && changed.has(k) ? changed.get(k)! : v];
    }
    if (this.added !== null) yield* this.added;
  }

  keys(): MapIterator<K> {
    if (this.own !== null) return this.own.keys();
    return this.untouched() ? this.base.keys() : this.layeredKeys();
  }

  private *layeredKeys(): MapIterator<K> {
    const deleted = this.deleted;
    for (const k of this.base.keys()) if (deleted === null || !deleted.has(k)) yield k;
    if (this.added !== null) yield* this.added.keys();
  }

  values(): MapIterator<V> {
    if (this.own !== null) return this.own.values();
    return this.untouched() ? this.base.values() : this.layeredValues();
  }

  private *layeredValues(): MapIterator<V> {
    const { changed, deleted } = this;
    for (const [k, v] of this.base) {
      if (deleted !== null && deleted.has(k)) continue;
      yield changed !== null && changed.has(k) ? changed.get(k)! : v;
    }
    if (this.added !== null) yield* this.added.values();
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

/**
 * A Set over a read-only base Set, with the same layers as {@link OverlayMap} minus the values
 * (a draft forks two of these per request, so they are built directly, not over a Map view).
 */
export class OverlaySet<T> implements Set<T> {
  private added: Set<T> | null = null;
  /** Base values deleted (only ever base values). */
  private deleted: Set<T> | null = null;
  /** The private copy, once the layers grew past {@link copyThreshold}; then the only state. */
  private own: Set<T> | null = null;

  constructor(private readonly base: ReadonlySet<T>) {}

  get size(): number {
    if (this.own !== null) return this.own.size;
    return this.base.size - (this.deleted?.size ?? 0) + (this.added?.size ?? 0);
  }

  has(v: T): boolean {
    if (this.own !== null) return this.own.has(v);
    return (this.added !== null && this.added.has(v)) || (this.base.has(v) && !(this.deleted !== null && this.deleted.has(v)));
  }

  add(v: T): this {
    if (this.own !== null) {
      this.own.add(v);
      return this;
    }
    // A deleted base value added again goes after every other value, as on a copied Set.
    if (!this.has(v)) {
      (this.added ??= new Set()).add(v);
      this.copyIfLarge();
    }
    return this;
  }

  delete(v: T): boolean {
    if (this.own !== null) return this.own.delete(v);
    if (this.added !== null && this.added.delete(v)) return true;
    if (!this.base.has(v) || (this.deleted !== null && this.deleted.has(v))) return false;
    (this.deleted ??= new Set()).add(v);
    this.copyIfLarge();
    return true;
  }

  clear(): void {
    this.own = new Set();
    this.added = this.deleted = null;
  }

  /** Becomes a private copy once the layers hold a large share of the values. */
  private copyIfLarge(): void {
    if ((this.added?.size ?? 0) + (this.deleted?.size ?? 0) <= copyThreshold(this.base.size)) return;
    this.own = new Set(this.layeredValues());
    this.added = this.deleted = null;
  }

  values(): SetIterator<T> {
    if (this.own !== null) return this.own.values();
    return this.added === null && this.deleted === null ? this.base.values() : this.layeredValues();
  }

  private *layeredValues(): SetIterator<T> {
    const deleted = this.deleted;
    for (const v of this.base) if (deleted === null || !deleted.has(v)) yield v;
    if (this.added !== null) yield* this.added;
  }

  keys(): SetIterator<T> {
    return this.values();
  }

  *entries(): SetIterator<[T, T]> {
    for (const v of this.values()) yield [v, v];
  }

  forEach(fn: (value: T, value2: T, set: Set<T>) => void): void {
    for (const v of this.values()) fn(v, v, this);
  }

  [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }

  get [Symbol.toStringTag](): string {
    return 'OverlaySet';
  }
}
