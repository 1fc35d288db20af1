/**
 * Time for the broker and its clients: clocks, the timer queue that turns deadlines into events,
 * and the event loop that runs keyed tasks in virtual time.
 *
 * @packageDocumentation
 */
export { type Clock, ManualClock, SystemClock } from './clock.js';
export { type TimerEntry, type TimerHandle, TimerQueue } from './timer-queue.js';
export { EventLoop, type Task } from './event-loop.js';
export type { Scheduler } from './scheduler.js';
