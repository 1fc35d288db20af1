/**
 * JoinGroup's capacity check (src/protocol/classic/join-group.ts) in the states the scenarios do
 * not reach.
 * @see spec/static-membership.md ST-15
 * @see spec/failover.md FO-07
 */
import { describe, expect, it } from 'vitest';
import { joinGroup } from '../../../../src/conformance/scenario.js';
import type { JoinGroupResponse } from '../../../../src/protocol/messages/index.js';
import { GroupTestContext } from '../../../helpers/test-context.js';

describe('the group.max.size check of JoinGroup', () => {
  it('[ST-15][FO-07][JG-03] a Dead group accepts every JoinGroup at the capacity check and answers a newcomer COORDINATOR_NOT_AVAILABLE with MemberId "", even with N parked JoinGroups', () => {
    const ctx = new GroupTestContext({ maxSize: 2 });
    const [m1] = ctx.stableGroup(2);
    // A rebalance with two parked JoinGroups (m1's and a newcomer's, accepted while fewer than
    // N were parked); m2 has not rejoined, so the join phase goes on.
    expect(ctx.joinGroup({ clientId: 'c1', memberId: m1! }).response).toBeUndefined();
    const m3 = ctx.joinDynamic({ clientId: 'c3' });
    expect(ctx.response(m3.requestId)).toBeUndefined();
    expect(ctx.group().state).toBe('PreparingRebalance');
    expect(ctx.group().numMembersAwaitingJoin).toBe(2);
    ctx.runtime.unload();
    expect(ctx.group().state).toBe('Dead');
    // Counted as PreparingRebalance, the two parked JoinGroups would fill the group (81).
    expect(ctx.send<JoinGroupResponse>(joinGroup({ clientId: 'c4', memberId: '' })).response).toMatchObject({ errorCode: 15, memberId: '' });
  });

  it('[ST-16] a rejected newcomer that is neither a member nor pending changes nothing: no record at all', () => {
    const ctx = new GroupTestContext({ maxSize: 1 });
    ctx.stableGroup(1);
    const rejected = ctx.send<JoinGroupResponse>(joinGroup({ clientId: 'c2', memberId: '' }));
    expect(rejected.response).toMatchObject({ errorCode: 81, memberId: '' });
    expect(rejected.records).toEqual([]);
  });
});
