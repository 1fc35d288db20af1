/**
 * What a client needs from time: a clock, keyed timers, and a way for its blocking calls to let
 * time pass.
 *
 * @packageDocumentation
 */
import type { Clock } from './clock.js';

/**
 * A clock that also runs the client's timers (heartbeats, `max.poll.interval.ms`, retries,
 * metadata refresh) and lets time pass for the blocking calls (`commitSync`, `committed`).
 *
 * @remarks
 * Keys name timers, so re-arming a timer replaces it; tasks due at the same instant run in the
 * order they were armed, which keeps every run of a consumer in virtual time reproducible.
 * The in-memory cluster's `EventLoop` implements it: {@link Scheduler.advance} runs the whole simulated cluster
 * forward, which is how a blocking call waits for its answer there.
 *
 * A real-time scheduler (`RealTimeScheduler`, src/wire/client, for the consumer over TCP) cannot
 * make time pass on demand: `advance` could only block the thread, and no answer would arrive
 * meanwhile, so it throws (SRV-21); async forms of the blocking calls, which await their result
 * instead of advancing, are still to come.
 */
export interface Scheduler extends Clock {
  /** Runs `task` `delayMs` from now under `key`, replacing a task already armed with that key. */
  schedule(key: string, delayMs: number, task: () => void): void;
  /** Cancels the task `key`; false when none was armed. */
  cancel(key: string): boolean;
  /** Lets `ms` pass, running each task at its deadline (what a blocking call waits with). */
  advance(ms: number): void;
  /**
   * A fresh id unique across processes (a random UUID), where the scheduler lives at the edge;
   * absent in virtual time, where ids must replay (a client then numbers its own).
   */
  newId?(): string;
}
