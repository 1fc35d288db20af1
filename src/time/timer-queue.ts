/**
 * A keyed timer queue: an indexed binary min-heap of deadlines.
 *
 * @remarks
 * Timeouts are events: the broker arms timers by key (for example a member's session
 * timeout) and, whenever the clock moves, pops every due entry and handles it as a
 * `timer.*` event. Re-arming a key replaces the old timer, which is how a heartbeat pushes
 * a session deadline out.
 *
 * @packageDocumentation
 */

/**
 * One armed timer, as the queue reports it.
 *
 * @remarks
 * A snapshot: the queue makes one when asked ({@link TimerQueue.get}, {@link TimerQueue.peek},
 * {@link TimerQueue.popDue}, ...) and never changes it afterwards; re-scheduling a key gives
 * later snapshots a fresh `seq`. Two calls give equal objects, not the same one.
 */
export interface TimerEntry<T> {
  /** The identity of the timer; at most one entry per key (and scope) is armed at a time. */
  readonly key: string;
  /** The time in milliseconds at or after which the timer is due. */
  readonly deadlineMs: number;
  /**
   * The arming counter at the time this entry was scheduled.
   *
   * @remarks
   * It increases with every call to {@link TimerQueue.schedule} and breaks ties between
   * equal deadlines, so the firing order is fully deterministic (rule TM-01).
   */
  readonly seq: number;
  /** Caller data carried with the timer, typically the event to raise when it fires. */
  readonly payload: T;
  /** The scope the key belongs to, when it was armed in one. */
  readonly scope?: object;
}

/**
 * A timer armed without a key ({@link TimerQueue.armHandle}): its owner cancels it with this
 * handle, and no key table holds it.
 */
export interface TimerHandle {
  readonly deadlineMs: number;
}

/** Orders `(deadlineMs, seq)` pairs by deadline, then by arming order (rule TM-01). */
function before(ad: number, as: number, bd: number, bs: number): boolean {
  return ad < bd || (ad === bd && as < bs);
}

/**
 * An armed timer and its place in the heap: one object per timer, changed in place when the
 * key is re-armed, so a heartbeat that pushes a session deadline out allocates nothing that
 * outlives it (with a million members each re-armed in turn, a fresh object per re-arm would
 * survive until that member's next heartbeat and so reach the old generation).
 *
 * @remarks
 * The heap is ordered by `(heapDeadlineMs, heapSeq)`, a lower bound of `(deadlineMs, seq)`:
 * re-arming a key later only updates the slot, in O(1), and the slot sinks to its true place
 * when it reaches the top.
 */
interface Slot<T> {
  readonly key: string;
  deadlineMs: number;
  seq: number;
  payload: T;
  readonly scope: object | undefined;
  heapDeadlineMs: number;
  heapSeq: number;
  index: number;
}

/** A snapshot of a slot (the `scope` property only when it has one). */
function snapshot<T>(s: Slot<T>): TimerEntry<T> {
  const { key, deadlineMs, seq, payload, scope } = s;
  return scope === undefined ? { key, deadlineMs, seq, payload } : { key, deadlineMs, seq, payload, scope };
}

/**
 * An equal string in one piece. A key built with `+` is a chain of partial strings; the first
 * hash or comparison copies it into one piece but leaves the chain's head in front of the copy,
 * and a key kept for as long as its timer lives (a member's session timer) would keep both, about
 * 32 bytes more per timer. A JSON round trip yields the same characters in a fresh flat string.
 * V8 builds no chain (nor slice) shorter than {@link CHAIN_MIN_LENGTH} characters, so a short key
 * is already in one piece and is kept as it is: a loop task armed anew on every commit (a batch
 * of follower fetches, key `"0"`) makes no round trip.
 */
function flat(key: string): string {
  return key.length < CHAIN_MIN_LENGTH ? key : (JSON.parse(JSON.stringify(key)) as string);
}

/** V8's `ConsString::kMinLength` (and `SlicedString::kMinLength`): shorter strings are always flat. */
const CHAIN_MIN_LENGTH = 13;

/** Firing order of snapshots (rule TM-01). */
function byFiringOrder<T>(a: TimerEntry<T>, b: TimerEntry<T>): number {
  return a.deadlineMs - b.deadlineMs || a.seq - b.seq;
}

/**
 * A min-heap of timers ordered by `(deadlineMs, seq)`, indexed by key.
 *
 * @remarks
 * The key-to-slot map makes {@link TimerQueue.cancel} O(log n) instead of a linear search,
 * and re-arming a key at a later deadline O(1) (the slot is re-sorted lazily, when it is at
 * the top: its heap position is a lower bound of its true one, so the top is always the
 * earliest entry once it is brought up to date). Ties on `deadlineMs` fire in the order they
 * were armed (rule TM-01), so two timers due at the same instant always produce their events
 * in the same order on every replay.
 *
 * @typeParam T - The payload carried by each timer.
 */
export class TimerQueue<T> {
  private readonly heap: Slot<T>[] = [];
  private readonly slots = new Map<string, Slot<T>>();
  /** Keys of each scope (a shard, say), so that owners need not build unique key strings. */
  private readonly scoped = new Map<object, Map<string, Slot<T>>>();
  private nextSeq = 0;

  /** The number of armed timers. */
  get size(): number {
    return this.heap.length;
  }

  /**
   * The `seq` of the most recent {@link TimerQueue.schedule} (-1 before the first): an owner
   * that knows the `seq` of its own entry can tell whether anything was armed after it.
   */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /**
   * Arms a timer for `key`, replacing any timer already armed for it, and returns a snapshot of it.
   *
   * @remarks
   * A replaced timer gets a fresh `seq`, so it ties after every timer armed before it even if
   * its deadline is unchanged: re-arming counts as arming anew (rule TM-01). O(log n) when
   * the key is new or moves earlier, O(1) when it moves later.
   *
   * @param key - The timer's identity.
   * @param deadlineMs - When the timer becomes due; must be a finite number.
   * @param payload - Data returned with the entry when it fires.
   * @param scope - Whose key it is: keys of different scopes (and unscoped keys) never clash.
   * @returns The entry now armed for `key`.
   * @throws RangeError naming `deadlineMs` if it is NaN or infinite.
   */
  schedule(key: string, deadlineMs: number, payload: T, scope?: object): TimerEntry<T> {
    return snapshot(this.armSlot(key, deadlineMs, payload, scope, undefined));
  }

  /**
   * {@link schedule} without the snapshot, for callers that re-arm often: when the key is
   * armed already and `same(armedPayload, payload)` holds, the armed payload object is kept
   * (an equal one need not be retained as well). With `keyHeld`, the caller retains `key`
   * anyway (a member id its state holds): a new timer keeps that very string instead of a flat
   * copy, so it costs no second string, and a re-arm with it finds the key by identity
   * without comparing characters.
   * @throws RangeError naming `deadlineMs` if it is NaN or infinite.
   */
  arm(key: string, deadlineMs: number, payload: T, scope?: object, same?: (armed: T, next: T) => boolean, keyHeld = false): void {
    this.armSlot(key, deadlineMs, payload, scope, same, keyHeld);
  }

  private armSlot(
    key: string,
    deadlineMs: number,
    payload: T,
    scope: object | undefined,
    same: ((armed: T, next: T) => boolean) | undefined,
    keyHeld = false,
  ): Slot<T> {
    if (typeof deadlineMs !== 'number' || !Number.isFinite(deadlineMs)) {
      throw new RangeError(`deadlineMs must be a finite number, got ${String(deadlineMs)}`);
    }
    const seq = this.nextSeq++;
    const table = this.table(scope, true)!;
    const slot = table.get(key);
    if (slot === undefined) {
      const fresh: Slot<T> = { key: keyHeld ? key : flat(key), deadlineMs, seq, payload, scope, heapDeadlineMs: deadlineMs, heapSeq: seq, index: this.heap.length };
      this.heap.push(fresh);
      table.set(fresh.key, fresh);
      this.siftUp(fresh.index);
      return fresh;
    }
    // The key string already held is kept: an equal new one need not be retained too.
    slot.deadlineMs = deadlineMs;
    slot.seq = seq;
    if (same === undefined || !same(slot.payload, payload)) slot.payload = payload;
    // A later (deadline, seq) keeps the slot where it is (a lower bound); an earlier one moves it up.
    if (deadlineMs < slot.heapDeadlineMs) {
      slot.heapDeadlineMs = deadlineMs;
      slot.heapSeq = seq;
      this.siftUp(slot.index);
    }
    return slot;
  }

  /**
   * Arms a timer under no key, in `scope` (whose owner it reports to when it fires, with the
   * empty key), and returns its handle, which only {@link TimerQueue.cancelHandle} takes.
   *
   * @remarks
   * For an owner that arms a fresh timer for every event and cancels it rarely (the follower
   * fetches armed on each replicated write): no key string, and no key table entry added and
   * deleted each time. Ties and order are those of {@link TimerQueue.schedule}.
   * @throws RangeError naming `deadlineMs` if it is NaN or infinite.
   */
  armHandle(deadlineMs: number, payload: T, scope: object): TimerHandle {
    if (typeof deadlineMs !== 'number' || !Number.isFinite(deadlineMs)) {
      throw new RangeError(`deadlineMs must be a finite number, got ${String(deadlineMs)}`);
    }
    const seq = this.nextSeq++;
    const slot: Slot<T> = { key: '', deadlineMs, seq, payload, scope, heapDeadlineMs: deadlineMs, heapSeq: seq, index: this.heap.length };
    this.heap.push(slot);
    this.siftUp(slot.index);
    return slot;
  }

  /** Disarms the timer of a handle; false when it has fired or was cancelled already. O(log n). */
  cancelHandle(handle: TimerHandle): boolean {
    const slot = handle as Slot<T>;
    if (this.heap[slot.index] !== slot) return false;
    this.removeAt(slot.index);
    return true;
  }

  /**
   * Disarms the timer for `key`. O(log n).
   *
   * @returns `true` if a timer was armed for `key`, `false` otherwise.
   */
  cancel(key: string, scope?: object): boolean {
    const slot = this.table(scope, false)?.get(key);
    if (slot === undefined) {
      return false;
    }
    this.removeAt(slot.index);
    return true;
  }

  /** Disarms every timer of `scope`; returns how many there were. */
  cancelScope(scope: object): number {
    const table = this.scoped.get(scope);
    if (table === undefined) return 0;
    const n = table.size;
    for (const slot of [...table.values()]) this.removeAt(slot.index);
    this.scoped.delete(scope);
    return n;
  }

  /** The number of timers armed in `scope`. */
  scopeSize(scope: object): number {
    return this.scoped.get(scope)?.size ?? 0;
  }

  /** Returns whether a timer is armed for `key` (of `scope`, if given). */
  has(key: string, scope?: object): boolean {
    return this.table(scope, false)?.has(key) ?? false;
  }

  /** Returns the entry armed for `key` (of `scope`, if given), or `undefined` if there is none. */
  get(key: string, scope?: object): TimerEntry<T> | undefined {
    const slot = this.table(scope, false)?.get(key);
    return slot === undefined ? undefined : snapshot(slot);
  }

  /** Returns the earliest entry without removing it, or `undefined` if the queue is empty. */
  peek(): TimerEntry<T> | undefined {
    const top = this.settleTop();
    return top === undefined ? undefined : snapshot(top);
  }

  /** The earliest deadline, or `undefined` if the queue is empty (a {@link peek} that makes no snapshot). */
  nextDeadlineMs(): number | undefined {
    return this.settleTop()?.deadlineMs;
  }

  /**
   * Removes and returns the earliest entry if it is due at `nowMs` (deadline at or before
   * `nowMs`), or `undefined` otherwise. Call repeatedly to drain everything due.
   */
  popDue(nowMs: number): TimerEntry<T> | undefined {
    // The top's heap position is a lower bound of every deadline: when it is not due, nothing
    // is, and nothing needs re-sorting (the common case: a heartbeat just re-armed the top).
    for (let top = this.heap[0]; top !== undefined && top.heapDeadlineMs <= nowMs; top = this.heap[0]) {
      if (top.heapDeadlineMs === top.deadlineMs && top.heapSeq === top.seq) {
        this.removeAt(0);
        return snapshot(top);
      }
      top.heapDeadlineMs = top.deadlineMs;
      top.heapSeq = top.seq;
      this.siftDown(0);
    }
    return undefined;
  }

  /** Returns every armed entry in firing order, without changing the queue. */
  entries(): TimerEntry<T>[] {
    return this.heap.map((s) => snapshot(s)).sort(byFiringOrder);
  }

  /** Returns the armed entries of `scope` in firing order. */
  scopeEntries(scope: object): TimerEntry<T>[] {
    const table = this.scoped.get(scope);
    return table === undefined ? [] : [...table.values()].map((s) => snapshot(s)).sort(byFiringOrder);
  }

  /** Disarms every timer. */
  clear(): void {
    this.heap.length = 0;
    this.slots.clear();
    this.scoped.clear();
  }

  /** The key table of a scope (the unscoped one without a scope). */
  private table(scope: object | undefined, create: boolean): Map<string, Slot<T>> | undefined {
    if (scope === undefined) return this.slots;
    let t = this.scoped.get(scope);
    if (t === undefined && create) this.scoped.set(scope, (t = new Map()));
    return t;
  }

  /** Brings the top slot's heap position up to date until the top is the earliest entry. */
  private settleTop(): Slot<T> | undefined {
    for (let top = this.heap[0]; top !== undefined; top = this.heap[0]) {
      if (top.heapDeadlineMs === top.deadlineMs && top.heapSeq === top.seq) return top;
      top.heapDeadlineMs = top.deadlineMs;
      top.heapSeq = top.seq;
      this.siftDown(0);
    }
    return undefined;
  }

  private removeAt(index: number): void {
    const removed = this.heap[index];
    const last = this.heap.pop();
    if (removed === undefined || last === undefined) {
      throw new Error(`TimerQueue: no entry in slot ${String(index)}`);
    }
    // A timer armed by handle is in no table (and an equal key there is another timer's).
    const table = this.table(removed.scope, false);
    if (table !== undefined && table.get(removed.key) === removed) {
      table.delete(removed.key);
      // A scope's table goes with its last timer: owners that make a scope per group (a shard's
      // session timers) would otherwise keep one table for every group ever seen.
      if (removed.scope !== undefined && table.size === 0) this.scoped.delete(removed.scope);
    }
    if (index < this.heap.length) {
      this.place(last, index);
      if (!this.siftUp(index)) this.siftDown(index);
    }
  }

  private siftUp(index: number): boolean {
    const slot = this.at(index);
    let i = index;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = this.at(parentIndex);
      if (!before(slot.heapDeadlineMs, slot.heapSeq, parent.heapDeadlineMs, parent.heapSeq)) {
        break;
      }
      this.place(parent, i);
      i = parentIndex;
    }
    this.place(slot, i);
    return i !== index;
  }

  private siftDown(index: number): void {
    const slot = this.at(index);
    const n = this.heap.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) {
        break;
      }
      const right = left + 1;
      const l = this.at(left);
      let child = l;
      if (right < n) {
        const r = this.at(right);
        if (before(r.heapDeadlineMs, r.heapSeq, l.heapDeadlineMs, l.heapSeq)) child = r;
      }
      if (!before(child.heapDeadlineMs, child.heapSeq, slot.heapDeadlineMs, slot.heapSeq)) {
        break;
      }
      const childIndex = child.index;
      this.place(child, i);
      i = childIndex;
    }
    this.place(slot, i);
  }

  private place(slot: Slot<T>, index: number): void {
    this.heap[index] = slot;
    slot.index = index;
  }

  private at(index: number): Slot<T> {
    const slot = this.heap[index];
    if (slot === undefined) {
      throw new Error(`TimerQueue: no entry in slot ${String(index)}`);
    }
    return slot;
  }
}
