/**
 * Sources of the current time.
 *
 * @remarks
 * This folder is the only place where ambient time (`Date.now()`) is allowed. Everything
 * deterministic takes a {@link Clock} so that tests and the simulator can drive time by hand
 * with a {@link ManualClock} and every run replays exactly.
 *
 * @packageDocumentation
 */

/**
 * A source of the current time in milliseconds.
 *
 * @remarks
 * The core never reads the wall clock itself; it asks the clock it was given. Implementations
 * must never go backwards, because timer deadlines are compared against successive readings.
 */
export interface Clock {
  /** Returns the current time in milliseconds. */
  nowMs(): number;
}

/**
 * Throws a RangeError naming `name` unless `value` is a finite, non-negative number.
 *
 * @remarks
 * NaN slips through plain `< 0` checks, so it is rejected explicitly here.
 */
function requireNonNegativeFinite(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite, non-negative number, got ${String(value)}`);
  }
}

/**
 * A clock that moves only when the test or simulator tells it to.
 *
 * @remarks
 * It is the mock clock of the test context: timeouts become events that fire exactly when a
 * test advances time past a deadline, never because the machine running the test was slow.
 * Time is monotonic: {@link ManualClock.advance} rejects negative steps and
 * {@link ManualClock.set} rejects moving backwards.
 */
export class ManualClock implements Clock {
  private current: number;

  /**
   * Creates a clock reading `startMs`.
   *
   * @param startMs - The initial time; must be finite and non-negative.
   * @throws RangeError if `startMs` is negative, NaN or infinite.
   */
  constructor(startMs = 0) {
    requireNonNegativeFinite('startMs', startMs);
    this.current = startMs;
  }

  /** Returns the time the clock was last set or advanced to. */
  nowMs(): number {
    return this.current;
  }

  /**
   * Moves the clock forward by `ms` and returns the new time.
   *
   * @param ms - The step; zero is allowed so that callers can flush already-due timers.
   * @returns The new time.
   * @throws RangeError naming `ms` if it is negative, NaN or infinite.
   */
  advance(ms: number): number {
    requireNonNegativeFinite('ms', ms);
    const next = this.current + ms;
    // A huge step could overflow to Infinity; an infinite reading would break every deadline
    // comparison, so it is refused like an infinite step.
    requireNonNegativeFinite('ms', next);
    this.current = next;
    return next;
  }

  /**
   * Sets the clock to the absolute time `ms`.
   *
   * @param ms - The new time; must be finite and not earlier than the current time.
   * @throws RangeError naming `ms` if it is not finite or would move the clock backwards.
   */
  set(ms: number): void {
    requireNonNegativeFinite('ms', ms);
    if (ms < this.current) {
      throw new RangeError(
        `ms must not move the clock backwards: ${String(ms)} < ${String(this.current)}`,
      );
    }
    this.current = ms;
  }
}

/**
 * The wall clock, for the real broker and the CLI only.
 *
 * @remarks
 * `Date.now()` can jump backwards when the system clock is adjusted. The {@link Clock}
 * contract promises readings that never decrease, so this clock holds its highest reading
 * until the wall clock catches up rather than passing a backwards jump on to the timers.
 */
export class SystemClock implements Clock {
  private highest = Number.NEGATIVE_INFINITY;

  /** Returns `Date.now()`, or the previous reading if the wall clock has moved backwards. */
  nowMs(): number {
    this.highest = Math.max(this.highest, Date.now());
    return this.highest;
  }
}
