import { describe, expect, it } from 'vitest';
import { EventLoop } from '../../../src/time/event-loop.js';
import { ManualClock } from '../../../src/time/clock.js';
import { FollowerFetches } from '../../../src/broker/cluster/follower-fetches.js';

/** Fetches of followers 1, 2 and 3 (replica 0 leads), logged with every other task the loop runs. */
function setup(delayMs = 0) {
  const loop = new EventLoop(new ManualClock(0));
  const ran: string[] = [];
  let onFetch: (nodeId: number) => void = () => undefined;
  const fetches = new FollowerFetches(loop, delayMs, [0, 1, 2, 3], (nodeId) => {
    ran.push(`fetch ${nodeId}`);
    onFetch(nodeId);
  });
  const task = (name: string, delay = 0) => loop.defer(delay, () => ran.push(name));
  return { loop, fetches, ran, task, setOnFetch: (f: (nodeId: number) => void) => (onFetch = f) };
}

describe('follower fetches armed in batches', () => {
  it('[RP-04] fetches armed back to back run as one loop task, in the order they were armed; an armed fetch is not armed twice', () => {
    const { loop, fetches, ran } = setup(1);
    fetches.schedule(2);
    fetches.schedule(1);
    fetches.schedule(2);
    expect(loop.size).toBe(1);
    expect([fetches.has(1), fetches.has(2), fetches.has(3)]).toEqual([true, true, false]);
    loop.advance(1);
    expect(ran).toEqual(['fetch 2', 'fetch 1']);
    expect([fetches.has(1), fetches.has(2), loop.size]).toEqual([false, false, 0]);
  });

  it('[RP-04] a task armed between two fetches keeps its place between them, as with one task per fetch', () => {
    const { loop, fetches, ran, task } = setup();
    fetches.schedule(1);
    task('T');
    fetches.schedule(2);
    fetches.schedule(3);
    loop.runDue();
    expect(ran).toEqual(['fetch 1', 'T', 'fetch 2', 'fetch 3']);
  });

  it('[RP-04] a fetch armed at another instant gets its own task and deadline', () => {
    const { loop, fetches, ran, task } = setup(5);
    fetches.schedule(1);
    loop.advance(2);
    fetches.schedule(2);
    task('T', 4);
    loop.advance(3);
    expect(ran).toEqual(['fetch 1']);
    loop.advance(2);
    expect(ran).toEqual(['fetch 1', 'T', 'fetch 2']);
  });

  it('[RP-04] [RP-08] a cancelled fetch never runs; a batch left empty leaves the loop; a fetch can cancel a later one of its batch', () => {
    const { loop, fetches, ran, setOnFetch } = setup();
    fetches.schedule(1);
    fetches.schedule(2);
    fetches.cancel(1);
    fetches.cancel(2);
    expect(loop.size).toBe(0);
    fetches.schedule(1);
    fetches.schedule(2);
    fetches.schedule(3);
    fetches.cancel(2);
    // The first fetch's consequences crash broker 3: its fetch, armed in the same batch, is dropped.
    setOnFetch((nodeId) => nodeId === 1 && fetches.cancel(3));
    loop.runDue();
    expect(ran).toEqual(['fetch 1']);
    expect([fetches.has(1), fetches.has(2), fetches.has(3), loop.size]).toEqual([false, false, false, 0]);
  });

  it('[RP-04] a fetch armed while its batch runs (still behind) gets a new task after everything armed before it', () => {
    const { loop, fetches, ran, task, setOnFetch } = setup();
    setOnFetch((nodeId) => {
      if (ran.length > 3) return;
      if (nodeId === 1) task('T');
      fetches.schedule(nodeId);
    });
    fetches.schedule(1);
    fetches.schedule(2);
    loop.runDue();
    expect(ran).toEqual(['fetch 1', 'fetch 2', 'T', 'fetch 1', 'fetch 2']);
  });
});
