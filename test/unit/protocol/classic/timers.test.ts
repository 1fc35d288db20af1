/**
 * Group timers (src/protocol/classic/timers.ts) in the orders the scenarios do not reach: a
 * session expiry during a join phase that others have not finished, and a join timer that fires
 * after its phase ended.
 * @see spec/timers.md TM-05, TM-06
 */
import { describe, expect, it } from 'vitest';
import { fireTimer } from '../../../../src/protocol/classic/index.js';
import { DEFAULT_CONFIG } from '../../../../src/protocol/config.js';
import { GroupTestContext } from '../../../helpers/test-context.js';

describe('group timers', () => {
  it('[TM-05][TM-07] a member expelled while another has not rejoined leaves the join phase going: nobody is answered', () => {
    const ctx = new GroupTestContext();
    const [m1, m2, m3] = ctx.stableGroup(3);
    ctx.joinDynamic({ clientId: 'c4' });
    expect(ctx.group().state).toBe('PreparingRebalance');
    ctx.advance(5000);
    const rejoin = ctx.joinGroup({ clientId: 'c1', memberId: m1! });
    expect(rejoin.response).toBeUndefined();
    // m2 stays alive but does not rejoin; m3 is silent and its session ends at 10 s.
    expect(ctx.heartbeat({ memberId: m2!, generationId: 1 }).response?.errorCode).toBe(27);
    ctx.advance(5001);
    expect(ctx.group().members.has(m3!)).toBe(false);
    expect(ctx.group().members.has(m2!)).toBe(true);
    expect(ctx.group().state).toBe('PreparingRebalance');
    expect(ctx.response(rejoin.requestId)).toBeUndefined();
  });

  it('[TM-06] a join timer that fires once the group has left PreparingRebalance changes nothing', () => {
    const ctx = new GroupTestContext();
    ctx.stableGroup(2);
    const at = { nowMs: ctx.nowMs + 60_000, config: DEFAULT_CONFIG, newId: () => 'unused' };
    for (const initialDelay of [null, { delayMs: 3000, remainingMs: 3000 }]) {
      expect(fireTimer(ctx.runtime.state, { type: 'timer.joinPhaseExpired', groupId: 'g', initialDelay }, at)).toEqual({ responses: [], records: [], timers: [] });
    }
    expect(ctx.group().state).toBe('Stable');
  });

  describe('[TM-14] a sync timer that fires for a generation or a group it no longer fits changes nothing', () => {
    const fire = (ctx: GroupTestContext, generationId: number) =>
      fireTimer(ctx.runtime.state, { type: 'timer.syncExpired', groupId: 'g', generationId }, { nowMs: ctx.nowMs + 60_000, config: DEFAULT_CONFIG, newId: () => 'unused' });
    const nothing = { responses: [], records: [], timers: [] };

    it('[TM-14] tagged with an older generation, while the current one still awaits SyncGroups', () => {
      const ctx = new GroupTestContext();
      ctx.completingGroup(2);
      expect(fire(ctx, ctx.group().generationId - 1)).toEqual(nothing);
      expect(fire(ctx, ctx.group().generationId + 1)).toEqual(nothing);
    });

    it('[TM-14] at the current generation of a Stable group whose members have all synced', () => {
      const ctx = new GroupTestContext();
      ctx.stableGroup(2);
      expect(ctx.group().pendingSyncMembers.size).toBe(0);
      expect(fire(ctx, ctx.group().generationId)).toEqual(nothing);
    });
  });
});
