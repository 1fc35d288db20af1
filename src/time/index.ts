/**
 * Time for the broker: clocks and the timer queue that turns deadlines into events.
 *
 * @packageDocumentation
 */
export { type Clock, ManualClock, SystemClock } from './clock.js';
export { type TimerEntry, TimerQueue } from './timer-queue.js';
