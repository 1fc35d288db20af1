import { describe, it, expect } from 'vitest';
import { ManualClock, SystemClock } from '../../../src/time/index.js';

describe('ManualClock', () => {
  it('starts at zero by default and at the given time otherwise', () => {
    expect(new ManualClock().nowMs()).toBe(0);
    expect(new ManualClock(1_000).nowMs()).toBe(1_000);
  });

  it('rejects an invalid start time', () => {
    expect(() => new ManualClock(-1)).toThrow(RangeError);
    expect(() => new ManualClock(Number.NaN)).toThrow(/startMs/);
  });

  it('advance moves forward and returns the new time', () => {
    const clock = new ManualClock(10);
    expect(clock.advance(5)).toBe(15);
    expect(clock.advance(0)).toBe(15);
    expect(clock.nowMs()).toBe(15);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'advance(%s) throws a RangeError naming ms and leaves the time unchanged',
    (ms) => {
      const clock = new ManualClock(7);
      expect(() => clock.advance(ms)).toThrow(RangeError);
      expect(() => clock.advance(ms)).toThrow(/\bms\b/);
      expect(clock.nowMs()).toBe(7);
    },
  );

  it('advance refuses a step that overflows to Infinity', () => {
    const clock = new ManualClock(Number.MAX_VALUE);
    expect(() => clock.advance(Number.MAX_VALUE)).toThrow(RangeError);
    expect(clock.nowMs()).toBe(Number.MAX_VALUE);
  });

  it('set moves to an absolute time, including the current one', () => {
    const clock = new ManualClock(10);
    clock.set(10);
    expect(clock.nowMs()).toBe(10);
    clock.set(25);
    expect(clock.nowMs()).toBe(25);
  });

  it('set refuses to move backwards or to a non-finite time', () => {
    const clock = new ManualClock(10);
    expect(() => clock.set(9)).toThrow(RangeError);
    expect(() => clock.set(Number.NaN)).toThrow(/\bms\b/);
    expect(() => clock.set(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(clock.nowMs()).toBe(10);
  });
});

describe('SystemClock', () => {
  it('reads the wall clock and never goes backwards', () => {
    const clock = new SystemClock();
    const before = Date.now();
    const first = clock.nowMs();
    const second = clock.nowMs();
    expect(first).toBeGreaterThanOrEqual(before);
    expect(second).toBeGreaterThanOrEqual(first);
  });
});
