import { describe, expect, it } from 'vitest';
import { InvariantViolation } from '../../../../src/protocol/invariant.js';
import {
  isDurable,
  newGroupMetadataTombstone,
  newOffsetCommitRecord,
  newOffsetCommitTombstone,
  offsetCommitValueVersion,
} from '../../../../src/protocol/records.js';
import { emptyCoordinatorState, fold, replay, simpleGroupIdsToLoad } from '../../../../src/protocol/replay.js';
import type { MutableCoordinatorState } from '../../../../src/protocol/replay.js';
import { deleteGroups, memberCommit, offsetCommit, offsetDelete, part, topic } from '../../../../spec/scenarios/offset-helpers.js';
import { GroupTestContext } from '../../../helpers/test-context.js';

const value = { offset: 5, leaderEpoch: 2, metadata: 'm', commitTimestamp: 9 };

describe('offset records', () => {
  it('[REC-06][REC-01] an OffsetCommit record is durable and keyed by group, topic and partition', () => {
    const r = newOffsetCommitRecord('g', 't', 3, value);
    expect(r).toEqual({ type: 'OffsetCommit', groupId: 'g', topic: 't', partition: 3, value });
    expect(isDurable(r)).toBe(true);
    expect(isDurable(newOffsetCommitTombstone('g', 't', 3))).toBe(true);
  });

  it('[REC-07] version 1 with an expire timestamp, else version 3', () => {
    expect(offsetCommitValueVersion(value)).toBe(3);
    expect(offsetCommitValueVersion({ ...value, expireTimestamp: 100 })).toBe(1);
  });

  it('[REC-08][REC-10] replay stores the last value per key; a tombstone deletes it, or nothing', () => {
    const s = emptyCoordinatorState();
    replay(s, newOffsetCommitRecord('g', 't', 0, value));
    replay(s, newOffsetCommitRecord('g', 't', 0, { ...value, offset: 6 }));
    replay(s, newOffsetCommitRecord('g', 't/0', 1, value));
    expect([...s.offsets.get('g')!.entries()].map(([k, o]) => [k, o.topic, o.partition, o.offset])).toEqual([
      ['t/0', 't', 0, 6],
      ['t/0/1', 't/0', 1, 5],
    ]);
    replay(s, newOffsetCommitTombstone('g', 't', 9));
    replay(s, newOffsetCommitTombstone('nobody', 't', 0));
    replay(s, newOffsetCommitTombstone('g', 't', 0));
    replay(s, newOffsetCommitTombstone('g', 't/0', 1));
    expect(s.offsets.size).toBe(0);
    // Offsets need no live group (REC-10).
    expect(s.groups.size).toBe(0);
  });

  it('[REC-09] a GroupMetadata tombstone removes the image and the live Empty group; a live group in another state is a bug', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    ctx.stableGroup(1);
    // Replaying onto the live state directly, as a buggy shell would: the invariant must catch it.
    const s = ctx.runtime.state as MutableCoordinatorState;
    expect(() => replay(s, newGroupMetadataTombstone('g'))).toThrow(InvariantViolation);
    expect(() => replay(s, newGroupMetadataTombstone('g'))).toThrow(/^\[REC-09\]/);
    expect(s.groups.has('g') && s.durable.has('g')).toBe(true);
    const fresh = emptyCoordinatorState();
    replay(fresh, { type: 'GroupCreated', groupId: 'h', nowMs: 0 });
    replay(fresh, newGroupMetadataTombstone('h'));
    replay(fresh, newGroupMetadataTombstone('never-existed'));
    expect(fresh.groups.size).toBe(0);
  });

  it('[REC-10][REC-11] folding the durable records rebuilds the committed offsets exactly', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const [m1] = ctx.stableGroup(1);
    ctx.send(memberCommit(m1!, 1, { topics: [topic('t', part(0, 1), part(1, 2)), topic('u', part(0, 3))] }));
    ctx.send(offsetCommit({ groupId: 's', topics: [topic('t', part(0, 4))] }));
    ctx.advance(10);
    ctx.send(memberCommit(m1!, 1, { topics: [topic('t', part(0, 5))] }));
    ctx.send(offsetDelete('s', { t: [0] }));
    ctx.send(offsetCommit({ groupId: 'd', topics: [topic('x', part(0, 4))] }));
    ctx.send(deleteGroups(['d']));
    const rebuilt = fold(ctx.runtime.durableRecords());
    expect(rebuilt.offsets).toEqual(ctx.runtime.state.offsets);
    expect([...rebuilt.offsets.get('g')!.values()].map((o) => o.offset)).toEqual([5, 2, 3]);
    expect(rebuilt.groups.size).toBe(0);
  });

  it('[REC-11][REC-12] a load rebuilds as simple groups the ids holding offsets without GroupMetadata', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const [m1] = ctx.stableGroup(1);
    ctx.send(memberCommit(m1!, 1));
    ctx.send(offsetCommit({ groupId: 'simple2' }));
    ctx.send(offsetCommit({ groupId: 'simple1' }));
    expect(ctx.runtime.durableRecords().filter((r) => r.type === 'GroupMetadata').map((r) => r.groupId)).toEqual(['g', 'g']);
    const loaded = fold(ctx.runtime.durableRecords());
    expect(simpleGroupIdsToLoad(loaded)).toEqual(['simple2', 'simple1']);
    expect(simpleGroupIdsToLoad(ctx.runtime.state)).toEqual([]);
  });
});
