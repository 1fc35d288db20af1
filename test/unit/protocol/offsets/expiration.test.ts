import { describe, expect, it } from 'vitest';
import type { ClassicGroup } from '../../../../src/protocol/group.js';
import { newGroup } from '../../../../src/protocol/group.js';
import type { CommittedOffset } from '../../../../src/protocol/replay.js';
import {
  cleanupGroupMetadata,
  expirationBase,
  isOffsetExpired,
  OFFSETS_CLEANUP_TIMER_KEY,
  onCoordinatorLoaded,
} from '../../../../src/protocol/offsets/index.js';
import { memberCommit, offsetCommit, part, topic } from '../../../../spec/scenarios/offset-helpers.js';
import { GroupTestContext } from '../../../helpers/test-context.js';
import { config, Harness } from './harness.js';

const offset = (fields: Partial<CommittedOffset> = {}): CommittedOffset => ({ topic: 't', partition: 0, offset: 1, leaderEpoch: -1, metadata: '', commitTimestamp: 100, ...fields });

function group(fields: Partial<ClassicGroup>): ClassicGroup {
  return { ...newGroup('g', 0), ...fields };
}

describe('expiration conditions', () => {
  it('[EXP-02] the base per group situation', () => {
    const o = offset();
    expect(expirationBase(group({ protocolType: null }))?.(o)).toBe(100);
    expect(expirationBase(group({ protocolType: 'consumer', state: 'Empty', currentStateTimestampMs: 7 }))?.(o)).toBe(7);
    expect(expirationBase(group({ protocolType: 'connect', state: 'Empty', currentStateTimestampMs: -1 }))?.(o)).toBe(100);
    expect(expirationBase(group({ protocolType: 'consumer', state: 'Stable', subscribedTopics: new Set(['t']) }))?.(o)).toBe(100);
    expect(expirationBase(group({ protocolType: 'consumer', state: 'Stable', subscribedTopics: null }))).toBeNull();
    expect(expirationBase(group({ protocolType: 'connect', state: 'Stable', subscribedTopics: null }))).toBeNull();
    for (const state of ['PreparingRebalance', 'CompletingRebalance'] as const) {
      expect(expirationBase(group({ protocolType: 'consumer', state, subscribedTopics: new Set() }))).toBeNull();
    }
  });

  it('[EXP-02] an Empty group\'s state timestamp of 0 is a time like any other: only -1 means it has none', () => {
    const o = offset({ commitTimestamp: 100 });
    const base = expirationBase(group({ protocolType: 'consumer', state: 'Empty', currentStateTimestampMs: 0 }))!;
    expect(base(o)).toBe(0);
    // Aged from 0, the offset has expired at the retention even though its commit is more recent.
    expect(isOffsetExpired(o, base, 1000, 1000)).toBe(true);
  });

  it('[EXP-03] expired once now - base reaches the retention; an expire timestamp alone decides when present', () => {
    const base = (o: CommittedOffset): number => o.commitTimestamp;
    expect(isOffsetExpired(offset(), base, 1099, 1000)).toBe(false);
    expect(isOffsetExpired(offset(), base, 1100, 1000)).toBe(true);
    expect(isOffsetExpired(offset({ expireTimestamp: 150 }), base, 149, 1)).toBe(false);
    expect(isOffsetExpired(offset({ expireTimestamp: 150 }), base, 150, 10_000_000)).toBe(true);
  });
});

describe('the cleanup', () => {
  it('[EXP-01] a loaded coordinator arms the cleanup one interval later; fired, it re-arms', () => {
    const h = new Harness(config({ offsetsRetentionCheckIntervalMs: 500 }));
    h.nowMs = 20;
    const loaded = onCoordinatorLoaded(h.state, h.ctx());
    expect(loaded).toEqual({ responses: [], records: [], timers: [{ op: 'schedule', key: OFFSETS_CLEANUP_TIMER_KEY, deadlineMs: 520, event: { type: 'timer.offsetsCleanup' } }] });
    h.nowMs = 520;
    expect(h.fire({ type: 'timer.offsetsCleanup' }).timers).toEqual([{ op: 'schedule', key: OFFSETS_CLEANUP_TIMER_KEY, deadlineMs: 1020, event: { type: 'timer.offsetsCleanup' } }]);
  });

  it('[EXP-06][EXP-04][EXP-05] groups in creation order, tombstones in topic/partition order, then the group', () => {
    const h = new Harness(config({ offsetsRetentionMinutes: 1 }));
    h.send(offsetCommit({ groupId: 'b', topics: [topic('z', part(1, 1), part(0, 1)), topic('y', part(0, 1))] }));
    h.nowMs = 30_000;
    h.send(offsetCommit({ groupId: 'a', topics: [topic('x', part(0, 1))] }));
    h.send(offsetCommit({ groupId: 'b', topics: [topic('w', part(0, 1))] }));
    h.nowMs = 60_000;
    const first = h.fire({ type: 'timer.offsetsCleanup' });
    expect(first.records).toEqual([
      { type: 'OffsetCommit', groupId: 'b', topic: 'y', partition: 0, value: null },
      { type: 'OffsetCommit', groupId: 'b', topic: 'z', partition: 0, value: null },
      { type: 'OffsetCommit', groupId: 'b', topic: 'z', partition: 1, value: null },
    ]);
    expect([...h.state.groups.keys()]).toEqual(['b', 'a']);
    h.nowMs = 90_000;
    expect(h.fire({ type: 'timer.offsetsCleanup' }).records).toEqual([
      { type: 'OffsetCommit', groupId: 'b', topic: 'w', partition: 0, value: null },
      { type: 'GroupMetadata', groupId: 'b', value: null },
      { type: 'OffsetCommit', groupId: 'a', topic: 'x', partition: 0, value: null },
      { type: 'GroupMetadata', groupId: 'a', value: null },
    ]);
    expect(h.state.groups.size).toBe(0);
    expect(h.state.offsets.size).toBe(0);
  });

  it('[EXP-05] only an Empty group with no offset left is deleted: not Stable or PreparingRebalance groups, not one keeping an offset', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    ctx.stableGroup(1, 'stable');
    const [gone] = ctx.stableGroup(1, 'emptied');
    ctx.leaveGroup([gone!], { groupId: 'emptied' });
    ctx.joinDynamic({ groupId: 'preparing', clientId: 'p' });
    ctx.send(offsetCommit({ groupId: 'simple' }));
    expect([...ctx.runtime.state.groups.values()].map((g) => [g.groupId, g.state])).toEqual([
      ['stable', 'Stable'],
      ['emptied', 'Empty'],
      ['preparing', 'PreparingRebalance'],
      ['simple', 'Empty'],
    ]);
    const r = cleanupGroupMetadata(ctx.runtime.state, { nowMs: ctx.nowMs, config: ctx.runtime.config, newId: () => 'x' });
    expect(r.records).toEqual([{ type: 'GroupMetadata', groupId: 'emptied', value: null }]);
  });

  it('[EXP-04] an offset of a subscribed topic survives any age while its expired neighbours go', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100, offsetsRetentionMinutes: 1, offsetsRetentionCheckIntervalMs: 1000, maxSessionTimeoutMs: 1_800_000 });
    ctx.joinDynamic({ clientId: 'c1', sessionTimeoutMs: 1_000_000, protocols: [{ name: 'range', metadata: new Uint8Array([0, 0, 0, 0, 0, 1, 0, 1, 116, 255, 255, 255, 255]) }] });
    ctx.advance(1000);
    const m1 = [...ctx.group().members.keys()][0]!;
    ctx.syncGroup({ memberId: m1, generationId: 1 });
    expect(ctx.group().subscribedTopics).toEqual(new Set(['t']));
    ctx.send(memberCommit(m1, 1, { topics: [topic('t', part(0, 1)), topic('u', part(0, 1))] }));
    const rec = ctx.advance(200_000);
    expect(rec).toEqual([{ type: 'OffsetCommit', groupId: 'g', topic: 'u', partition: 0, value: null }]);
    expect([...ctx.runtime.state.offsets.get('g')!.keys()]).toEqual(['t/0']);
  });

  it('[EXP-06] a cleanup answers nothing and touches no live group other than by tombstones', () => {
    const h = new Harness();
    h.send(offsetCommit());
    const r = cleanupGroupMetadata(h.state, h.ctx());
    expect(r.responses).toEqual([]);
    expect(r.records).toEqual([]);
  });
});
