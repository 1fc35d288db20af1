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

/** A scheduled callback. */
export type Task = () => void;

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

  /** Runs `task` `delayMs` from now under `key` (replacing a task with that key). */
  schedule(key: string, delayMs: number, task: Task): void {
    this.queue.schedule(key, this.clock.nowMs() + delayMs, task);
  }

  /** Runs `task` `delayMs` from now under a fresh key; returns the key. */
  defer(delayMs: number, task: Task): string {
    const key = `#${this.anonymous++}`;
    this.schedule(key, delayMs, task);
    return key;
  }

  /** Cancels the task `key`; false when none was scheduled. */
  cancel(key: string): boolean {
    return this.queue.cancel(key);
  }

  /** Whether a task is scheduled under `key`. */
  has(key: string): boolean {
    return this.queue.has(key);
  }

  /** The deadline of the task `key`, if scheduled. */
  deadlineOf(key: string): number | undefined {
    return this.queue.get(key)?.deadlineMs;
  }

  /** The scheduled task `key` with its deadline and arming order, if scheduled. */
  entry(key: string): TimerEntry<Task> | undefined {
    return this.queue.get(key);
  }

  /** Runs every task due now (tasks they schedule for now run too). Returns how many ran. */
  runDue(): number {
    let ran = 0;
    for (let e = this.queue.popDue(this.clock.nowMs()); e; e = this.queue.popDue(this.clock.nowMs())) {
      e.payload();
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
}
