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
import { TimerQueue, type TimerEntry, type TimerHandle } from './timer-queue.js';

/** A scheduled callback; it is given the key it was scheduled under. */
export type Task = (key: string) => void;

/**
 * An owner of many timers (a coordinator shard, say): its keys are its own, and each of its
 * timers carries data instead of a callback, which the scope's `fire` is given.
 *
 * @remarks
 * The loop's table of the scope is the only record of what the owner armed (no second map of
 * key to data beside it), and a timer costs one queue slot whatever its key: a million idle
 * members each hold one session timer.
 */
export interface TimerScope<D> {
  /** Runs when one of the scope's timers is due, with its key and the data it was armed with. */
  readonly fire: (key: string, data: D) => void;
  /**
   * Whether re-arming may keep the data already armed (equal to the new data), so that a
   * timer re-armed on every heartbeat retains no new object.
   */
  readonly same?: (armed: D, next: D) => boolean;
  /**
   * Whether the owner retains every key it arms with anyway (member ids its state holds): the
   * loop then keeps those strings as given rather than copies (see {@link TimerQueue.arm}).
   */
  readonly keysHeld?: boolean;
}

/** Keyed tasks in virtual time: the {@link Scheduler} of the in-memory cluster and its clients. */
export class EventLoop implements Scheduler {
  readonly clock: ManualClock;
  /** Unscoped entries carry their {@link Task}; scoped ones their data (the scope has the task). */
  private readonly queue = new TimerQueue<unknown>();
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
    this.queue.arm(key, this.clock.nowMs() + delayMs, task);
  }

  /**
   * Arms the timer `key` of `scope` `delayMs` from now with `data` (replacing the scope's timer
   * with that key); when due, `scope.fire(key, data)` runs.
   */
  arm<D>(scope: TimerScope<D>, key: string, delayMs: number, data: D): void {
    this.queue.arm(key, this.clock.nowMs() + delayMs, data, scope, scope.same as ((a: unknown, b: unknown) => boolean) | undefined, scope.keysHeld === true);
  }

  /**
   * Arms a timer of `scope` under no key `delayMs` from now with `data`; when due,
   * `scope.fire('', data)` runs. Only {@link cancelHandle} with the handle returned disarms it.
   */
  armHandle<D>(scope: TimerScope<D>, delayMs: number, data: D): TimerHandle {
    return this.queue.armHandle(this.clock.nowMs() + delayMs, data, scope);
  }

  /** Disarms the timer of a handle from {@link armHandle}; false when it has fired or was cancelled. */
  cancelHandle(handle: TimerHandle): boolean {
    return this.queue.cancelHandle(handle);
  }

  /** Runs `task` `delayMs` from now under a fresh key; returns the key. */
  defer(delayMs: number, task: Task): string {
    const key = `#${this.anonymous++}`;
    this.schedule(key, delayMs, task);
    return key;
  }

  /** Cancels the task `key` (of `scope`, if given); false when none was scheduled. */
  cancel(key: string, scope?: TimerScope<never>): boolean {
    return this.queue.cancel(key, scope);
  }

  /** Cancels every timer of `scope`; returns how many were armed. */
  cancelScope(scope: TimerScope<never>): number {
    return this.queue.cancelScope(scope);
  }

  /** The number of timers armed in `scope`. */
  scopeSize(scope: TimerScope<never>): number {
    return this.queue.scopeSize(scope);
  }

  /** The armed timers of `scope` with their data, in firing order. */
  entries<D>(scope: TimerScope<D>): TimerEntry<D>[] {
    return this.queue.scopeEntries(scope) as TimerEntry<D>[];
  }

  /** Whether a task is scheduled under `key` (of `scope`, if given). */
  has(key: string, scope?: TimerScope<never>): boolean {
    return this.queue.has(key, scope);
  }

  /** The deadline of the task `key` (of `scope`, if given), if scheduled. */
  deadlineOf(key: string, scope?: TimerScope<never>): number | undefined {
    return this.queue.get(key, scope)?.deadlineMs;
  }

  /** The scheduled timer `key` (of `scope`, if given) with its deadline, arming order and task or data, if scheduled. */
  entry(key: string, scope?: TimerScope<never>): TimerEntry<unknown> | undefined {
    return this.queue.get(key, scope);
  }

  /** Runs every task due now (tasks they schedule for now run too). Returns how many ran. */
  runDue(): number {
    let ran = 0;
    for (let e = this.queue.popDue(this.clock.nowMs()); e; e = this.queue.popDue(this.clock.nowMs())) {
      if (e.scope !== undefined) (e.scope as TimerScope<unknown>).fire(e.key, e.payload);
      else (e.payload as Task)(e.key);
      ran++;
    }
    return ran;
  }

  /** Advances the clock by `ms`, running each task at its own deadline on the way. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ms: must be a non-negative number, got ${ms}`);
    const target = this.clock.nowMs() + ms;
    for (let next = this.queue.nextDeadlineMs(); next !== undefined && next <= target; next = this.queue.nextDeadlineMs()) {
      if (next > this.clock.nowMs()) this.clock.set(next);
      this.runDue();
    }
    this.clock.set(target);
  }

  /** The earliest deadline of any scheduled task, or undefined when none is scheduled. */
  nextDeadlineMs(): number | undefined {
    return this.queue.nextDeadlineMs();
  }

  /** Number of scheduled tasks. */
  get size(): number {
    return this.queue.size;
  }

  /**
   * The arming order (`seq`) of the most recent {@link schedule}, {@link arm}, {@link armHandle} or {@link defer}: the task
   * armed last has it, so an owner can tell whether its own task is still the last one armed.
   */
  get lastSeq(): number {
    return this.queue.lastSeq;
  }
}
