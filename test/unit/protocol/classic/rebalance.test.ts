/**
 * Preparing a rebalance (src/protocol/classic/rebalance.ts): what it clears.
 * @see spec/group-states.md GS-05
 * @see spec/invariants.md INV-04
 */
import { describe, expect, it } from 'vitest';
import { bytes } from '../../../../src/conformance/scenario.js';
import { GroupTestContext } from '../../../helpers/test-context.js';

describe('preparing a rebalance', () => {
  it('[GS-05, INV-04] from Stable with a member that never synced, the pending-sync set is emptied', () => {
    const ctx = new GroupTestContext();
    const m1 = ctx.joinDynamic({ clientId: 'c1' });
    const m2 = ctx.joinDynamic({ clientId: 'c2' });
    ctx.advance(ctx.runtime.config.initialRebalanceDelayMs * 3);
    const g = ctx.group();
    expect(g.state).toBe('CompletingRebalance');
    // Only the leader syncs: the group is Stable and m2 is still awaiting sync.
    const sync = ctx.syncGroup({ memberId: g.leaderId!, generationId: g.generationId, assignments: [m1, m2].map((m) => ({ memberId: m.memberId, assignment: bytes(`a-${m.memberId}`) })) });
    expect(sync.response?.errorCode).toBe(0);
    expect(ctx.group().state).toBe('Stable');
    expect([...ctx.group().pendingSyncMembers]).toEqual([m2.memberId]);

    const join3 = ctx.joinDynamic({ clientId: 'c3' });
    expect(ctx.response(join3.requestId)).toBeUndefined();
    expect(ctx.group().state).toBe('PreparingRebalance');
    expect([...ctx.group().pendingSyncMembers]).toEqual([]);
    ctx.expectSyncTimer('g', undefined);
  });

  it('[GS-05, INV-04] from CompletingRebalance, the pending-sync set (every member) is emptied', () => {
    const ctx = new GroupTestContext();
    ctx.joinDynamic({ clientId: 'c1' });
    ctx.joinDynamic({ clientId: 'c2' });
    ctx.advance(ctx.runtime.config.initialRebalanceDelayMs * 3);
    expect(ctx.group().state).toBe('CompletingRebalance');
    expect(ctx.group().pendingSyncMembers.size).toBe(2);

    ctx.joinDynamic({ clientId: 'c3' });
    expect(ctx.group().state).toBe('PreparingRebalance');
    expect([...ctx.group().pendingSyncMembers]).toEqual([]);
    ctx.expectSyncTimer('g', undefined);
  });
});
