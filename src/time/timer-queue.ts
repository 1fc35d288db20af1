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
 * One armed timer.
 *
 * @remarks
 * Entries are immutable snapshots; re-scheduling a key produces a new entry with a fresh
 * `seq` rather than changing the old one.
 */
export interface TimerEntry<T> {
  /** The identity of the timer; at most one entry per key is armed at a time. */
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
}

/** Orders entries by deadline, then by arming order (rule TM-01). */
function before<T>(a: TimerEntry<T>, b: TimerEntry<T>): boolean {
  return a.deadlineMs < b.deadlineMs || (a.deadlineMs === b.deadlineMs && a.seq < b.seq);
}

/**
 * A min-heap of {@link TimerEntry} ordered by `(deadlineMs, seq)`, indexed by key.
 *
 * @remarks
 * The key-to-slot map makes {@link TimerQueue.cancel} and re-scheduling O(log n) instead of
 * a linear search, which matters when every heartbeat re-arms a session timer. Ties on
 * `deadlineMs` fire in the order they were armed (rule TM-01), so two timers due at the same
 * instant always produce their events in the same order on every replay.
 *
 * @typeParam T - The payload carried by each timer.
 */
export class TimerQueue<T> {
  private readonly heap: TimerEntry<T>[] = [];
  private readonly slots = new Map<string, number>();
  private nextSeq = 0;

  /** The number of armed timers. */
  get size(): number {
    return this.heap.length;
  }

  /**
   * Arms a timer for `key`, replacing any timer already armed for it.
   *
   * @remarks
   * A replaced timer gets a fresh `seq`, so it ties after every timer armed before it even if
   * its deadline is unchanged: re-arming counts as arming anew (rule TM-01). O(log n).
   *
   * @param key - The timer's identity.
   * @param deadlineMs - When the timer becomes due; must be a finite number.
   * @param payload - Data returned with the entry when it fires.
   * @returns The entry now armed for `key`.
   * @throws RangeError naming `deadlineMs` if it is NaN or infinite.
   */
  schedule(key: string, deadlineMs: number, payload: T): TimerEntry<T> {
    if (typeof deadlineMs !== 'number' || !Number.isFinite(deadlineMs)) {
      throw new RangeError(`deadlineMs must be a finite number, got ${String(deadlineMs)}`);
    }
    const entry: TimerEntry<T> = { key, deadlineMs, seq: this.nextSeq++, payload };
    const slot = this.slots.get(key);
    if (slot === undefined) {
      this.heap.push(entry);
      this.slots.set(key, this.heap.length - 1);
      this.siftUp(this.heap.length - 1);
    } else {
      // The new entry may sort earlier or later than the one it replaces, so it is moved in
      // whichever direction restores the heap order.
      this.place(entry, slot);
      this.restore(slot);
    }
    return entry;
  }

  /**
   * Disarms the timer for `key`. O(log n).
   *
   * @returns `true` if a timer was armed for `key`, `false` otherwise.
   */
  cancel(key: string): boolean {
    const slot = this.slots.get(key);
    if (slot === undefined) {
      return false;
    }
    this.removeAt(slot);
    return true;
  }

  /** Returns whether a timer is armed for `key`. */
  has(key: string): boolean {
    return this.slots.has(key);
  }

  /** Returns the entry armed for `key`, or `undefined` if there is none. */
  get(key: string): TimerEntry<T> | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.heap[slot];
  }

  /** Returns the earliest entry without removing it, or `undefined` if the queue is empty. */
  peek(): TimerEntry<T> | undefined {
    return this.heap[0];
  }

  /**
   * Removes and returns the earliest entry if it is due at `nowMs`. O(log n).
   *
   * @remarks
   * Callers loop until this returns `undefined`, handling one timer at a time, so a handler
   * that re-arms or cancels other timers is seen by the next call.
   *
   * @param nowMs - The current time; an entry is due when `deadlineMs <= nowMs`.
   * @returns The earliest due entry, or `undefined` if nothing is due.
   */
  popDue(nowMs: number): TimerEntry<T> | undefined {
    const first = this.heap[0];
    if (first === undefined || first.deadlineMs > nowMs) {
      return undefined;
    }
    this.removeAt(0);
    return first;
  }

  /**
   * Returns every armed entry, earliest first.
   *
   * @remarks
   * The result is a sorted copy in firing order, so tests can compare it with plain deep
   * equality and callers cannot disturb the heap through it. O(n log n).
   */
  entries(): TimerEntry<T>[] {
    return [...this.heap].sort((a, b) => a.deadlineMs - b.deadlineMs || a.seq - b.seq);
  }

  /**
   * Disarms every timer.
   *
   * @remarks
   * The arming counter is not reset, so `seq` stays unique across the queue's lifetime and
   * entries from before and after a clear can never be confused.
   */
  clear(): void {
    this.heap.length = 0;
    this.slots.clear();
  }

  /** Removes the entry in `slot` by moving the last entry into its place. */
  private removeAt(slot: number): void {
    const removed = this.heap[slot];
    const last = this.heap.pop();
    if (removed === undefined || last === undefined) {
      throw new Error(`TimerQueue: no entry in slot ${String(slot)}`);
    }
    this.slots.delete(removed.key);
    if (slot < this.heap.length) {
      this.place(last, slot);
      this.restore(slot);
    }
  }

  /** Moves the entry in `slot` up or down until the heap order holds around it. */
  private restore(slot: number): void {
    if (!this.siftUp(slot)) {
      this.siftDown(slot);
    }
  }

  /**
   * Moves the entry in `slot` towards the root while it sorts before its parent.
   *
   * @returns Whether the entry moved.
   */
  private siftUp(slot: number): boolean {
    const entry = this.at(slot);
    let i = slot;
    while (i > 0) {
      const parentSlot = (i - 1) >> 1;
      const parent = this.at(parentSlot);
      if (!before(entry, parent)) {
        break;
      }
      this.place(parent, i);
      i = parentSlot;
    }
    this.place(entry, i);
    return i !== slot;
  }

  /** Moves the entry in `slot` towards the leaves while a child sorts before it. */
  private siftDown(slot: number): void {
    const entry = this.at(slot);
    const n = this.heap.length;
    let i = slot;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) {
        break;
      }
      const right = left + 1;
      const child = right < n && before(this.at(right), this.at(left)) ? right : left;
      const childEntry = this.at(child);
      if (!before(childEntry, entry)) {
        break;
      }
      this.place(childEntry, i);
      i = child;
    }
    this.place(entry, i);
  }

  /** Writes `entry` into `slot` and records the slot in the index. */
  private place(entry: TimerEntry<T>, slot: number): void {
    this.heap[slot] = entry;
    this.slots.set(entry.key, slot);
  }

  /**
   * Reads the entry in `slot`.
   *
   * @remarks
   * Every caller passes an in-bounds slot; the check turns a heap bug into a loud failure
   * instead of an `undefined` spreading through the comparisons.
   */
  private at(slot: number): TimerEntry<T> {
    const entry = this.heap[slot];
    if (entry === undefined) {
      throw new Error(`TimerQueue: no entry in slot ${String(slot)}`);
    }
    return entry;
  }
}
