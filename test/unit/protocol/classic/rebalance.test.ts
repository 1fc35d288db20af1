/**
 * Preparing a rebalance (src/protocol/classic/rebalance.ts): what it clears.
 * @see spec/group-states.md GS-05
 * @see spec/invariants.md INV-04
 */
import { describe, expect, it } from 'vitest';
import { bytes } from '../../../../src/conformance/scenario.js';
import type { JoinGroupResponse } from '../../../../src/protocol/messages/index.js';
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
    ctx.completingGroup(2);

    ctx.joinDynamic({ clientId: 'c3' });
    expect(ctx.group().state).toBe('PreparingRebalance');
    expect([...ctx.group().pendingSyncMembers]).toEqual([]);
    ctx.expectSyncTimer('g', undefined);
  });

  it('[GS-11][ST-13] a leader that rejoined stays leader, even behind a member that joined before it', () => {
    const ctx = new GroupTestContext();
    const join = (instance: string, memberId = '') => ctx.joinGroup({ groupInstanceId: instance, clientId: instance, memberId });
    const [a, b, c] = ['ia', 'ib', 'ic'].map((i) => join(i).requestId);
    ctx.advance(ctx.runtime.config.initialRebalanceDelayMs * 4);
    const ids = [a, b, c].map((r) => ctx.response<JoinGroupResponse>(r!)!.memberId);
    const [ma, mb, mc] = ids;
    expect(ctx.group().leaderId).toBe(ma);
    // A new member starts a rebalance; b and c rejoin, a only heartbeats: a static member that
    // does not rejoin stays (ST-13) and gives up the lead to the first member that did (GS-11).
    ctx.joinDynamic({ clientId: 'd' });
    join('ib', mb);
    join('ic', mc);
    for (let t = 0; t < 30_000; t += 5000) {
      ctx.heartbeat({ memberId: ma!, groupInstanceId: 'ia', generationId: 1 });
      ctx.advance(5000);
    }
    expect(ctx.group().state).toBe('CompletingRebalance');
    expect(ctx.group().generationId).toBe(2);
    expect(ctx.group().leaderId).toBe(mb);
    expect([...ctx.group().members.keys()][0]).toBe(ma);
    // Everyone rejoins now, a first: the leader b rejoined, so it keeps the lead.
    const all = [...ctx.group().members.values()];
    ctx.joinDynamic({ clientId: 'e' });
    for (const m of all) ctx.joinGroup({ groupInstanceId: m.groupInstanceId, clientId: m.clientId, memberId: m.memberId });
    expect(ctx.group().state).toBe('CompletingRebalance');
    expect(ctx.group().generationId).toBe(3);
    expect(ctx.group().leaderId).toBe(mb);
  });
});
