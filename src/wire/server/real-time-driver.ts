/**
 * The one place the in-memory cluster meets real time: it moves the cluster's virtual clock
 * to the system clock whenever something happens at the edge, and wakes up for the next due
 * task.
 *
 * @remarks
 * The cluster runs on an {@link EventLoop} over a {@link ManualClock}, as in every test; the
 * server never lets the cluster read the wall clock. Instead {@link RealTimeDriver.sync}
 * advances the loop to `SystemClock` time (running each task at its own deadline on the way,
 * so timers fire in the order they would in virtual time) on every incoming request, and one
 * real `setTimeout` is kept armed for the earliest deadline in the loop.
 * @see spec/server.md SRV-04
 */
import type { Clock } from '../../time/clock.js';
import type { EventLoop } from '../../time/event-loop.js';

/** Node's largest timer delay; longer deadlines are re-armed when it fires. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** Drives an event loop in real time. */
export class RealTimeDriver {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedForMs: number | undefined;
  private closed = false;

  /**
   * @param loop - The cluster's loop; its clock must not be ahead of `clock`.
   * @param clock - The wall clock (a `SystemClock`).
   * @param onError - Receives what a task threw; the driver keeps running.
   */
  constructor(
    private readonly loop: EventLoop,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Brings the loop to the wall clock's time, running what is due, then re-arms the timer. */
  sync(): void {
    if (this.closed) return;
    try {
      this.loop.advance(Math.max(0, this.clock.nowMs() - this.loop.nowMs()));
    } catch (error) {
      this.onError(error);
    }
    this.arm();
  }

  /** Arms the real timer for the loop's earliest deadline (or disarms it when none). */
  private arm(): void {
    const next = this.loop.nextDeadlineMs();
    if (next === this.armedForMs && this.timer !== undefined) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedForMs = next;
    if (next === undefined) return;
    const delayMs = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, next - this.clock.nowMs()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sync();
    }, delayMs);
  }

  /** Stops the timer for good. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
