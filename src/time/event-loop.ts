/**
 * The simulated cluster's event loop: keyed callbacks on one timer queue, fired in deadline
 * order (ties in the order armed) as the manual clock is advanced.
 *
 * @remarks
 * Everything that happens "later" in the in-memory cluster (replication, loading a partition,
 * a coordinator's timers, a delayed message) is an entry here, so one `advance` moves the
 * whole cluster through virtual time deterministically.
 */
import type { ManualClock } from './clock.js';
import type { Scheduler } from './scheduler.js';
import { TimerQueue, type TimerEntry } from './timer-queue.js';

/** A scheduled callback; it is given the key it was scheduled under. */
export type Task = (key: string) => void;

/** Keyed tasks in virtual time: the {@link Scheduler} of the in-memory cluster and its clients. */
export class EventLoop implements Scheduler {
  readonly clock: ManualClock;
  private readonly queue = new TimerQueue<Task>();
  private anonymous = 0;

  constructor(clock: ManualClock) {
    this.clock = clock;
  }

  /** Current virtual time. */
  nowMs(): number {
    return this.clock.nowMs();
  }

  /**
   * Runs `task` `delayMs` from now under `key` (replacing a task with that key). With a
   * `scope`, the key is that scope's own (a coordinator shard's timer keys, say), so an owner of
   * many timers needs no globally unique key strings.
   */
  schedule(key: string, delayMs: number, task: Task, scope?: object): void {
    this.queue.schedule(key, this.clock.nowMs() + delayMs, task, scope);
  }

  /** Runs `task` `delayMs` from now under a fresh key; returns the key. */
  defer(delayMs: number, task: Task): string {
    const key = `#${this.anonymous++}`;
    this.schedule(key, delayMs, task);
    return key;
  }

  /** Cancels the task `key` (of `scope`, if given); false when none was scheduled. */
  cancel(key: string, scope?: object): boolean {
    return this.queue.cancel(key, scope);
  }

  /** Whether a task is scheduled under `key` (of `scope`, if given). */
  has(key: string, scope?: object): boolean {
    return this.queue.has(key, scope);
  }

  /** The deadline of the task `key` (of `scope`, if given), if scheduled. */
  deadlineOf(key: string, scope?: object): number | undefined {
    return this.queue.get(key, scope)?.deadlineMs;
  }

  /** The scheduled task `key` (of `scope`, if given) with its deadline and arming order, if scheduled. */
  entry(key: string, scope?: object): TimerEntry<Task> | undefined {
    return this.queue.get(key, scope);
  }

  /** Runs every task due now (tasks they schedule for now run too). Returns how many ran. */
  runDue(): number {
    let ran = 0;
    for (let e = this.queue.popDue(this.clock.nowMs()); e; e = this.queue.popDue(this.clock.nowMs())) {
      e.payload(e.key);
      ran++;
    }
    return ran;
  }

  /** Advances the clock by `ms`, running each task at its own deadline on the way. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ms: must be a non-negative number, got ${ms}`);
    const target = this.clock.nowMs() + ms;
    for (let next = this.queue.peek()?.deadlineMs; next !== undefined && next <= target; next = this.queue.peek()?.deadlineMs) {
      if (next > this.clock.nowMs()) this.clock.set(next);
      this.runDue();
    }
    this.clock.set(target);
  }

  /** The earliest deadline of any scheduled task, or undefined when none is scheduled. */
  nextDeadlineMs(): number | undefined {
    return this.queue.peek()?.deadlineMs;
  }

  /** Number of scheduled tasks. */
  get size(): number {
    return this.queue.size;
  }

  /**
   * The arming order (`seq`) of the most recent {@link schedule} or {@link defer}: the task
   * armed last has it, so an owner can tell whether its own task is still the last one armed.
   */
  get lastSeq(): number {
    return this.queue.lastSeq;
  }
}
