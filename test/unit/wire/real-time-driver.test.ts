/** The real-time driver: the virtual clock follows the system clock; due tasks fire on their own. */
import { describe, expect, it } from 'vitest';
import { EventLoop, ManualClock, SystemClock } from '../../../src/time/index.js';
import { RealTimeDriver } from '../../../src/wire/server/real-time-driver.js';

describe('RealTimeDriver', () => {
  it('[SRV-04] sync moves the loop to wall time; the armed timer runs tasks at their deadlines, in order', async () => {
    const wall = new SystemClock();
    const loop = new EventLoop(new ManualClock(wall.nowMs()));
    const driver = new RealTimeDriver(loop, wall);
    const ran: [string, number][] = [];
    loop.schedule('b', 60, () => ran.push(['b', loop.nowMs()]));
    loop.schedule('a', 30, () => ran.push(['a', loop.nowMs()]));
    const armedAt = loop.nowMs();
    driver.sync();
    await new Promise((r) => setTimeout(r, 150));
    expect(ran.map(([k]) => k)).toEqual(['a', 'b']);
    expect(ran.map(([, t]) => t - armedAt)).toEqual([30, 60]);
    expect(loop.nowMs()).toBeGreaterThanOrEqual(armedAt + 60);
    driver.close();
  });

  it('[SRV-04] a task that throws is reported and the driver keeps going', async () => {
    const wall = new SystemClock();
    const loop = new EventLoop(new ManualClock(wall.nowMs()));
    const errors: unknown[] = [];
    const driver = new RealTimeDriver(loop, wall, (e) => errors.push(e));
    let later = false;
    loop.schedule('bad', 0, () => {
      throw new Error('boom');
    });
    loop.schedule('good', 20, () => (later = true));
    driver.sync();
    await new Promise((r) => setTimeout(r, 80));
    expect(errors).toHaveLength(1);
    expect(later).toBe(true);
    driver.close();
  });
});
