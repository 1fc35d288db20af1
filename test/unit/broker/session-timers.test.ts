import { describe, expect, it } from 'vitest';
import { SessionTimers } from '../../../src/broker/session-timers.js';
import { ManualClock } from '../../../src/time/clock.js';
import { EventLoop } from '../../../src/time/event-loop.js';
import { sessionTimer, sessionTimerKey } from '../../../src/protocol/classic/index.js';
import type { TimerEvent } from '../../../src/protocol/classic/index.js';

/** A shard's session timers over a fresh loop, with every event they fire. */
function setup(): { loop: EventLoop; timers: SessionTimers; fired: TimerEvent[] } {
  const loop = new EventLoop(new ManualClock(0));
  const fired: TimerEvent[] = [];
  return { loop, timers: new SessionTimers(loop, (e) => fired.push(e)), fired };
}

describe('a shard\'s session timers', () => {
  it('[TM-03] a timer re-armed with its key\'s own event fires that event, equal to the one armed but not kept from it', () => {
    const { loop, timers, fired } = setup();
    const first = { type: 'timer.sessionExpired', groupId: 'g', memberId: 'm' } as const;
    const second = { ...first };
    timers.arm(sessionTimer('g', 'm'), 1000, first);
    loop.advance(500);
    timers.arm(sessionTimer('g', 'm'), 1500, second);
    expect(timers.entries()).toEqual([{ key: sessionTimerKey('g', 'm'), deadlineMs: 1500, seq: 1, payload: first }]);
    loop.advance(999);
    expect(fired).toEqual([]);
    loop.advance(1);
    // Rebuilt from the key: the table held neither event object.
    expect(fired).toEqual([first]);
    expect(fired[0]).not.toBe(first);
    expect(fired[0]).not.toBe(second);
    expect(timers.groups).toBe(0);
  });

  it('[TM-03] [JG-08] a pending member\'s expiry re-armed as its session expiry fires as a session expiry', () => {
    const { loop, timers, fired } = setup();
    timers.arm(sessionTimer('g', 'm'), 1000, { type: 'timer.pendingMemberExpired', groupId: 'g', memberId: 'm' });
    timers.arm(sessionTimer('g', 'm'), 1000, { type: 'timer.sessionExpired', groupId: 'g', memberId: 'm' });
    loop.advance(1000);
    expect(fired).toEqual([{ type: 'timer.sessionExpired', groupId: 'g', memberId: 'm' }]);
  });

  it('[TM-03] an event that is not its key\'s own is kept and fired as it was armed', () => {
    const { loop, timers, fired } = setup();
    const other = { type: 'timer.sessionExpired', groupId: 'g', memberId: 'n' } as const;
    timers.arm(sessionTimer('g', 'm'), 1000, other);
    expect(timers.entries()[0]!.payload).toBe(other);
    loop.advance(1000);
    expect(fired[0]).toBe(other);
  });

  it('[TM-01] [TM-03] timers of several groups due together fire in the order armed, a re-arm counting as armed anew', () => {
    const { loop, timers, fired } = setup();
    for (const [g, m] of [['g', 'a'], ['h', 'b'], ['g', 'c']] as const) timers.arm(sessionTimer(g, m), 1000, { type: 'timer.sessionExpired', groupId: g, memberId: m });
    timers.arm(sessionTimer('g', 'a'), 1000, { type: 'timer.sessionExpired', groupId: 'g', memberId: 'a' });
    expect(timers.groups).toBe(2);
    loop.advance(1000);
    expect(fired.map((e) => (e as { memberId: string }).memberId)).toEqual(['b', 'c', 'a']);
    expect(timers.groups).toBe(0);
  });

  it('[TM-03] [LG-05] a cancelled timer never fires, and its group\'s table goes with its last timer', () => {
    const { loop, timers, fired } = setup();
    timers.arm(sessionTimer('g', 'a'), 1000, { type: 'timer.sessionExpired', groupId: 'g', memberId: 'a' });
    timers.arm(sessionTimer('h', 'b'), 1000, { type: 'timer.sessionExpired', groupId: 'h', memberId: 'b' });
    timers.cancel(sessionTimer('g', 'a'));
    timers.cancel(sessionTimer('g', 'x'));
    expect(timers.groups).toBe(1);
    timers.cancelAll();
    expect(timers.groups).toBe(0);
    loop.advance(1000);
    expect(fired).toEqual([]);
    expect(loop.size).toBe(0);
  });
});
