/**
 * A `Scheduler` on the wall clock, for a client over TCP (`TcpTransport`).
 *
 * @remarks
 * Timers are Node's; tasks due at the same instant run in the order they were armed (Node keeps
 * that order for equal delays). Real time cannot be made to pass on demand (SRV-21): while a
 * task runs, no answer can arrive, so {@link RealTimeScheduler.advance} does not wait; it throws
 * and names the non-blocking call to use instead (`commitAsync`, `poll` in a loop), rather than
 * spinning until a timeout no answer could ever beat.
 * @see spec/server.md SRV-21
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import { SystemClock, type Clock } from '../../time/clock.js';
import type { Scheduler } from '../../time/scheduler.js';

/** The consumer's clock and timers in real time. Close it to cancel every armed task. */
export class RealTimeScheduler implements Scheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** @param clock - the wall clock (default a {@link SystemClock}, which never goes back). */
  constructor(private readonly clock: Clock = new SystemClock()) {}

  /** A random UUID: members with a scheduler each (one per process) need ids that never collide. */
  newId(): string {
    return randomUUID();
  }

  /** The wall clock's reading. */
  nowMs(): number {
    return this.clock.nowMs();
  }

  /** Tasks armed and not yet run. */
  get armed(): number {
    return this.timers.size;
  }

  /** Runs `task` after `delayMs` under `key`, replacing a task armed with that key. */
  schedule(key: string, delayMs: number, task: () => void): void {
    this.cancel(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      task();
    }, Math.max(0, delayMs));
    this.timers.set(key, timer);
  }

  /** Cancels the task `key`; false when none was armed. */
  cancel(key: string): boolean {
    const timer = this.timers.get(key);
    if (timer === undefined) return false;
    clearTimeout(timer);
    return this.timers.delete(key);
  }

  /**
   * Always throws: a blocking call (`commitSync`, `committed`) cannot wait on this thread for an
   * answer that only arrives between tasks (SRV-21).
   *
   * @throws Error naming the non-blocking calls to use instead.
   */
  advance(ms: number): void {
    throw new Error(`a real-time scheduler cannot let ${ms} ms pass inside a call: over TCP use commitAsync and poll in a loop, not commitSync or committed`);
  }

  /** Cancels every armed task (after the consumer is closed, so that the process can exit). */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
