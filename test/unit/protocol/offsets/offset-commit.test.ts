import { describe, expect, it } from 'vitest';
import { sessionTimerKey } from '../../../../src/protocol/classic/index.js';
import { OFFSETS_CLEANUP_TIMER_KEY } from '../../../../src/protocol/offsets/index.js';
import type { JoinGroupResponse, OffsetCommitResponse } from '../../../../src/protocol/messages/index.js';
import { memberCommit, offsetCommit, offsetFetch, part, topic } from '../../../../spec/scenarios/offset-helpers.js';
import { GroupTestContext } from '../../../helpers/test-context.js';
import { AdminHarness, member } from '../consumer/admin-harness.js';
import { config, Harness } from './harness.js';

/** The cluster of these tests: topic `t` has partitions 0-1, topic `u` partition 0. */
const cluster = (t: string, p: number): boolean => (t === 't' && p >= 0 && p <= 1) || (t === 'u' && p === 0);

function codes(r: unknown): [string, [number, number][]][] {
  return (r as OffsetCommitResponse).topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.errorCode])]);
}

describe('OffsetCommit: unknown topic partitions', () => {
  it('[OC-02] partitions the cluster lacks get UNKNOWN_TOPIC_OR_PARTITION; rejected ones are listed first, the coordinator\'s merged in', () => {
    const h = new Harness(undefined, cluster);
    const step = h.send(
      offsetCommit({ topics: [topic('t', part(0, 1), part(5, 1), part(1, 1)), topic('x', part(0, 1)), topic('u', part(0, 1))] }),
    );
    expect(codes(step.response)).toEqual([
      ['t', [[5, 3], [0, 0], [1, 0]]],
      ['x', [[0, 3]]],
      ['u', [[0, 0]]],
    ]);
    expect(step.records.filter((r) => r.type === 'OffsetCommit').map((r) => r.type === 'OffsetCommit' && `${r.topic}-${r.partition}`)).toEqual(['t-0', 't-1', 'u-0']);
  });

  it('[OC-02] with no partition left the group is not consulted: no group, no record, no timer', () => {
    const h = new Harness(undefined, cluster);
    const step = h.send(offsetCommit({ topics: [topic('x', part(0, 1)), topic('t', part(9, 1))] }));
    expect(codes(step.response)).toEqual([['x', [[0, 3]]], ['t', [[9, 3]]]]);
    expect(step.records).toEqual([]);
    expect(step.timers).toEqual([]);
    expect(h.state.groups.has('g')).toBe(false);
  });

  it('[OC-02] a whole-request error goes to the coordinator\'s partitions only; the rejected keep UNKNOWN_TOPIC_OR_PARTITION', () => {
    const h = new Harness(undefined, cluster);
    const step = h.send(memberCommit('m', 0, { topics: [topic('t', part(0, 1), part(7, 1))] }));
    expect(codes(step.response)).toEqual([['t', [[7, 3], [0, 69]]]]);
  });

  it('[OC-02] a topic listed twice is answered twice when nothing is rejected, and under its first entry when something is', () => {
    const h = new Harness(undefined, cluster);
    const twice = h.send(offsetCommit({ topics: [topic('t', part(0, 1)), topic('u', part(0, 1)), topic('t', part(1, 1))] }));
    expect(codes(twice.response)).toEqual([['t', [[0, 0]]], ['u', [[0, 0]]], ['t', [[1, 0]]]]);
    // A rejected partition lists its topic first; the coordinator's answer then joins that entry.
    const merged = h.send(offsetCommit({ topics: [topic('t', part(0, 1)), topic('u', part(0, 1)), topic('t', part(1, 1), part(9, 1))] }));
    expect(codes(merged.response)).toEqual([['t', [[9, 3], [0, 0], [1, 0]]], ['u', [[0, 0]]]]);
  });

  it('[OC-02] without a cluster every partition exists; a topic listed with no partitions is left out', () => {
    const h = new Harness();
    const step = h.send(offsetCommit({ topics: [topic('t', part(7, 1)), topic('empty')] }));
    expect(codes(step.response)).toEqual([['t', [[7, 0]]]]);
  });
});

describe('OffsetCommit: group checks', () => {
  it('[OC-05] a Dead group -> COORDINATOR_NOT_AVAILABLE before any member check; nothing changes', () => {
    const h = new Harness();
    h.send(offsetCommit());
    h.force('g', 'Dead');
    for (const req of [offsetCommit(), memberCommit('ghost', 3), memberCommit('', -1, { groupInstanceId: 'i1' })]) {
      const step = h.send(req);
      expect(codes(step.response)).toEqual([['t', [[0, 15]]]]);
      expect(step.records).toEqual([]);
      expect(step.timers).toEqual([]);
    }
  });

  it('[OC-07] an instance id alone makes a commit a member\'s: one held by another member id -> FENCED_INSTANCE_ID', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const join = ctx.joinGroup({ groupInstanceId: 'i1', clientId: 'c1' });
    ctx.advance(200);
    const memberId = ctx.response<JoinGroupResponse>(join.requestId)!.memberId;
    ctx.syncGroup({ memberId, generationId: 1, groupInstanceId: 'i1' });
    expect(ctx.group().state).toBe('Stable');
    // Generation -1 and no member id, as an anonymous commit, but naming the static member's instance.
    const fenced = ctx.send<OffsetCommitResponse>(memberCommit('', -1, { groupInstanceId: 'i1' }));
    expect(codes(fenced.response)).toEqual([['t', [[0, 82]]]]);
    const unknown = ctx.send<OffsetCommitResponse>(memberCommit('', -1, { groupInstanceId: 'i2' }));
    expect(codes(unknown.response)).toEqual([['t', [[0, 25]]]]);
  });

  it('[OC-04][REC-12] a standalone commit creates the group with a volatile record only, then writes the offset', () => {
    const h = new Harness();
    h.nowMs = 42;
    const step = h.send(offsetCommit());
    expect(step.records.map((r) => r.type)).toEqual(['GroupCreated', 'OffsetCommit']);
    expect(h.state.durable.has('g')).toBe(false);
    expect(h.state.groups.get('g')).toMatchObject({ state: 'Empty', previousState: 'Dead', generationId: 0, protocolType: null, currentStateTimestampMs: 42, subscribedTopics: null });
  });

  it('[OC-04][OC-10] the group is created even when every partition is refused for its metadata', () => {
    const h = new Harness(config({ offsetMetadataMaxBytes: 1 }));
    const step = h.send(offsetCommit({ topics: [topic('t', part(0, 1, { committedMetadata: 'xx' }))] }));
    expect(codes(step.response)).toEqual([['t', [[0, 12]]]]);
    expect(step.records.map((r) => r.type)).toEqual(['GroupCreated']);
    expect(step.timers).toEqual([]);
  });

  it('[OC-03] an unknown group with generation >= 0 creates nothing, at v9 and below', () => {
    const h = new Harness();
    expect(codes(h.send(memberCommit('m', 0)).response)).toEqual([['t', [[0, 69]]]]);
    expect(codes(h.send(memberCommit('m', 0, { version: 8 })).response)).toEqual([['t', [[0, 22]]]]);
    expect(h.log).toEqual([]);
  });
});

describe('OffsetCommit: values and versions', () => {
  it('[OC-11][REC-06] the value: offset, leader epoch (v6+), metadata ("" for null), commit time now', () => {
    const h = new Harness();
    h.nowMs = 500;
    const step = h.send(offsetCommit({ topics: [topic('t', part(0, 7, { committedLeaderEpoch: 3, committedMetadata: null }))] }));
    expect(step.records[1]).toEqual({ type: 'OffsetCommit', groupId: 'g', topic: 't', partition: 0, value: { offset: 7, leaderEpoch: 3, metadata: '', commitTimestamp: 500 } });
  });

  it('[OC-11] v1 CommitTimestamp replaces now; v2-4 RetentionTimeMs sets an expire timestamp from now; v5 ignores both', () => {
    const h = new Harness();
    h.nowMs = 1000;
    const v1 = h.send(offsetCommit({ version: 1, topics: [topic('t', part(0, 1, { commitTimestamp: 77 }))] }));
    expect(v1.records.at(-1)).toMatchObject({ value: { commitTimestamp: 77 } });
    for (const version of [2, 3, 4]) {
      const r = h.send(offsetCommit({ version, retentionTimeMs: 250, topics: [topic('t', part(1, 1))] }));
      expect(r.records.at(-1)).toMatchObject({ value: { commitTimestamp: 1000, expireTimestamp: 1250 } });
    }
    const v5 = h.send(offsetCommit({ version: 5, retentionTimeMs: 250, topics: [topic('t', part(1, 1, { committedLeaderEpoch: 4 }))] }));
    expect(v5.records.at(-1)).toEqual({ type: 'OffsetCommit', groupId: 'g', topic: 't', partition: 1, value: { offset: 1, leaderEpoch: -1, metadata: '', commitTimestamp: 1000 } });
  });

  it('[OC-12][OC-11] v0 reads no generation or member id: a v0 request carrying them commits as generation -1', () => {
    const h = new Harness();
    const step = h.send(offsetCommit({ version: 0, generationIdOrMemberEpoch: 5, memberId: 'who' }));
    expect(codes(step.response)).toEqual([['t', [[0, 0]]]]);
  });

  it('[OC-12][OC-11] a v0 commit carrying a member\'s id and generation is anonymous; v1 reads them', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const [m1] = ctx.stableGroup(1);
    const v0 = ctx.send<OffsetCommitResponse>(memberCommit(m1!, 1, { version: 0 }));
    expect(codes(v0.response)).toEqual([['t', [[0, 25]]]]);
    const v1 = ctx.send<OffsetCommitResponse>(memberCommit(m1!, 1, { version: 1 }));
    expect(codes(v1.response)).toEqual([['t', [[0, 0]]]]);
  });

  it('[OC-11] RetentionTimeMs outside v2-4 is ignored: v0 and v1 commits carrying one set no expire timestamp', () => {
    const h = new Harness();
    h.nowMs = 1000;
    for (const version of [0, 1]) {
      const step = h.send(offsetCommit({ version, retentionTimeMs: 250 }));
      expect(step.records.at(-1)).toEqual({ type: 'OffsetCommit', groupId: 'g', topic: 't', partition: 0, value: { offset: 10, leaderEpoch: -1, metadata: '', commitTimestamp: 1000 } });
    }
  });

  it('[CGO-09][CGO-10][OC-11] a consumer group reads no epoch or member id from v0, and both from v1', () => {
    const h = new AdminHarness();
    h.addConsumerGroup('g', {});
    // v0: the epoch sent is not on the wire, so the commit is an admin commit (-1) to an Empty group.
    expect(codes(h.send(offsetCommit({ version: 0, generationIdOrMemberEpoch: 5, memberId: 'ghost' })).response)).toEqual([['t', [[0, 0]]]]);
    // v1: the epoch is read, so the unknown member is checked and refused.
    expect(codes(h.send(offsetCommit({ version: 1, generationIdOrMemberEpoch: 0, memberId: 'ghost' })).response)).toEqual([['t', [[0, 25]]]]);
    h.addConsumerGroup('h', { members: [member('m1', 5)] });
    // v0: the member id sent is not read either, so no member is named (not UNSUPPORTED_VERSION).
    expect(codes(h.send(offsetCommit({ groupId: 'h', version: 0, generationIdOrMemberEpoch: 5, memberId: 'm1' })).response)).toEqual([['t', [[0, 25]]]]);
  });

  it('[OC-10] metadata length is counted in UTF-16 code units; the limit itself is accepted', () => {
    const h = new Harness(config({ offsetMetadataMaxBytes: 2 }));
    const step = h.send(offsetCommit({ topics: [topic('t', part(0, 1, { committedMetadata: 'ab' }), part(1, 1, { committedMetadata: '\u{1F600}' }), part(2, 1, { committedMetadata: 'abc' }))] }));
    expect(codes(step.response)).toEqual([['t', [[0, 0], [1, 0], [2, 12]]]]);
  });
});

describe('OffsetCommit: sessions and the cleanup timer', () => {
  it('[OC-09] an accepted commit in Stable re-arms only the committer\'s session; one in CompletingRebalance re-arms nothing', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const [m1, m2] = ctx.stableGroup(2);
    ctx.advance(4000);
    ctx.send(memberCommit(m1!, 1));
    ctx.expectSessionTimer('g', m1!, 10_000);
    expect(ctx.runtime.timer(sessionTimerKey('g', m2!))!.deadlineMs).toBeLessThan(ctx.nowMs + 10_000);
    ctx.joinGroup({ memberId: m1!, clientId: 'c1' });
    ctx.joinGroup({ memberId: m2!, clientId: 'c2' });
    expect(ctx.group().state).toBe('CompletingRebalance');
    const before = ctx.runtime.timers().length;
    ctx.advance(1000);
    const r = ctx.send<OffsetCommitResponse>(memberCommit(m1!, 2));
    expect(r.response?.topics[0]?.partitions[0]?.errorCode).toBe(27);
    ctx.expectSessionTimer('g', m1!, 9000);
    expect(ctx.runtime.timers().length).toBe(before);
  });

  it('[OC-09] a commit accepted in Stable re-arms the session even when every partition is refused', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100, offsetMetadataMaxBytes: 0 });
    const [m1] = ctx.stableGroup(1);
    ctx.advance(3000);
    const r = ctx.send<OffsetCommitResponse>(memberCommit(m1!, 1, { topics: [topic('t', part(0, 1, { committedMetadata: 'x' }))] }));
    expect(r.response?.topics[0]?.partitions[0]?.errorCode).toBe(12);
    ctx.expectSessionTimer('g', m1!, 10_000);
  });

  it('[EXP-01] the first offset of a coordinator that holds none arms the cleanup; later commits leave it alone', () => {
    const h = new Harness(config({ offsetsRetentionCheckIntervalMs: 1000 }));
    h.nowMs = 5;
    const first = h.send(offsetCommit());
    expect(first.timers).toEqual([{ op: 'schedule', key: OFFSETS_CLEANUP_TIMER_KEY, deadlineMs: 1005, event: { type: 'timer.offsetsCleanup' } }]);
    h.nowMs = 10;
    expect(h.send(offsetCommit({ groupId: 'other' })).timers).toEqual([]);
    expect(h.send(offsetFetch('g', null)).timers).toEqual([]);
  });
});
