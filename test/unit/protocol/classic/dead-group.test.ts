/**
 * A Dead group (between an unload and the shard's removal) and a group that is gone, in the two
 * places the scenarios do not reach: a v0-2 LeaveGroup's collapsed top-level error, and a group
 * timer that fires after its group left.
 * @see spec/failover.md FO-07
 * @see spec/leave-group.md LG-02
 */
import { describe, expect, it } from 'vitest';
import { leaveGroup } from '../../../../src/conformance/scenario.js';
import { fireTimer } from '../../../../src/protocol/classic/index.js';
import { DEFAULT_CONFIG } from '../../../../src/protocol/config.js';
import type { GroupTimerEvent, HandlerContext } from '../../../../src/protocol/handler/index.js';
import type { LeaveGroupResponse } from '../../../../src/protocol/messages/index.js';
import { GroupTestContext } from '../../../helpers/test-context.js';

const ctxAt = (nowMs: number): HandlerContext => ({ nowMs, config: DEFAULT_CONFIG, newId: () => 'unused' });

describe('a Dead group', () => {
  for (const version of [0, 1, 2]) {
    it(`[FO-07][LG-02] answers a v${version} LeaveGroup COORDINATOR_NOT_AVAILABLE at the top level, the only error a v0-2 answer carries`, () => {
      const ctx = new GroupTestContext();
      const [m1] = ctx.stableGroup(2);
      ctx.runtime.unload();
      expect(ctx.group().state).toBe('Dead');
      const out = ctx.send<LeaveGroupResponse>(leaveGroup([m1!], { version }));
      expect(out.response).toMatchObject({ errorCode: 15, members: [] });
      expect(out.records).toEqual([]);
    });
  }

  it('[FO-07][LG-03] answers a v3+ LeaveGroup COORDINATOR_NOT_AVAILABLE at the top level with no member results', () => {
    const ctx = new GroupTestContext();
    const [m1] = ctx.stableGroup(2);
    ctx.runtime.unload();
    expect(ctx.send<LeaveGroupResponse>(leaveGroup([m1!])).response).toMatchObject({ errorCode: 15, members: [] });
  });
});

describe('a group timer whose group is Dead or gone', () => {
  const events = (memberId: string): GroupTimerEvent[] => [
    { type: 'timer.sessionExpired', groupId: 'g', memberId },
    { type: 'timer.pendingMemberExpired', groupId: 'g', memberId },
    { type: 'timer.joinPhaseExpired', groupId: 'g', initialDelay: null },
    { type: 'timer.syncExpired', groupId: 'g', generationId: 1 },
  ];

  it('[FO-07][TM-02] changes nothing once the group is Dead: no record, no answer, no timer', () => {
    const ctx = new GroupTestContext();
    const [m1] = ctx.stableGroup(2);
    ctx.runtime.unload();
    for (const event of events(m1!)) {
      expect(fireTimer(ctx.runtime.state, event, ctxAt(60_000))).toEqual({ responses: [], records: [], timers: [] });
    }
  });

  it('[FO-07][TM-02] changes nothing when the group no longer exists', () => {
    const ctx = new GroupTestContext();
    ctx.stableGroup(1, 'other');
    expect(ctx.runtime.state.groups.has('g')).toBe(false);
    for (const event of events('m')) {
      expect(fireTimer(ctx.runtime.state, event, ctxAt(60_000))).toEqual({ responses: [], records: [], timers: [] });
    }
  });
});
