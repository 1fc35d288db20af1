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
  /** Base keys deleted (only ever base keys, so the size needs no scan). */
  private deleted: Set<K> | null = null;

  constructor(private readonly base: ReadonlyMap<K, V>) {}

  get size(): number {
    return this.base.size - (this.deleted?.size ?? 0) + (this.added?.size ?? 0);
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

  /** Whether no write has reached a layer yet: iteration is then the base's own. */
  private untouched(): boolean {
    return this.changed === null && this.added === null && this.deleted === null;
  }

  entries(): MapIterator<[K, V]> {
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
    return this.untouched() ? this.base.keys() : this.layeredKeys();
  }

  private *layeredKeys(): MapIterator<K> {
    const deleted = this.deleted;
    for (const k of this.base.keys()) if (deleted === null || !deleted.has(k)) yield k;
    if (this.added !== null) yield* this.added.keys();
  }

  values(): MapIterator<V> {
    return this.untouched() ? this.base.values() : this.layeredValues();
  }

  // A rebalance walks every member of a 100,000-member group several times inside one handler:
  // values without the [key, value] pair an entries() walk would allocate per member.
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

  constructor(private readonly base: ReadonlySet<T>) {}

  get size(): number {
    return this.base.size - (this.deleted?.size ?? 0) + (this.added?.size ?? 0);
  }

  has(v: T): boolean {
    return (this.added !== null && this.added.has(v)) || (this.base.has(v) && !(this.deleted !== null && this.deleted.has(v)));
  }

  add(v: T): this {
    // A deleted base value added again goes after every other value, as on a copied Set.
    if (!this.has(v)) (this.added ??= new Set()).add(v);
    return this;
  }

  delete(v: T): boolean {
    if (this.added !== null && this.added.delete(v)) return true;
    if (!this.base.has(v) || (this.deleted !== null && this.deleted.has(v))) return false;
    (this.deleted ??= new Set()).add(v);
    return true;
  }

  clear(): void {
    const deleted = (this.deleted ??= new Set());
    for (const v of this.base) deleted.add(v);
    this.added?.clear();
  }

  values(): SetIterator<T> {
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
