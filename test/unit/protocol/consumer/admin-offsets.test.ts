import { describe, expect, it } from 'vitest';
import type { OffsetFetchRequest, OffsetFetchRequestTopic, OffsetFetchResponse } from '../../../../src/protocol/messages/index.js';
import { offsetCommit, offsetFetch, part, topic } from '../../../../spec/scenarios/offset-helpers.js';
import { AdminHarness, member } from './admin-harness.js';

/** Every partition's error code of an OffsetCommit answer, per topic. */
function codes(r: unknown): [string, [number, number][]][] {
  const c = r as { topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[] };
  return c.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.errorCode])]);
}

/** A commit of foo-0 and foo-1 to group `g`. */
function commit(memberId: string, epoch: number, version = 9) {
  return offsetCommit({ memberId, generationIdOrMemberEpoch: epoch, version, topics: [topic('foo', part(0, 10), part(1, 11))] });
}

/** An OffsetFetch v9 group entry with a member id and epoch. */
function fetchAs(memberId: string | null, memberEpoch: number, topics: readonly OffsetFetchRequestTopic[] | null = null): OffsetFetchRequest {
  return { api: 'OffsetFetch', version: 9, clientId: 'c', clientHost: '/127.0.0.1', requireStable: false, groups: [{ groupId: 'g', memberId, memberEpoch, topics }] };
}

function fetched(r: unknown): { errorCode: number; topics: [string, [number, number][]][] } {
  const g = (r as OffsetFetchResponse).groups[0]!;
  return { errorCode: g.errorCode, topics: g.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.committedOffset])]) };
}

const ALL_OK = [['foo', [[0, 0], [1, 0]]]];

describe('OffsetCommit to a consumer group', () => {
  it('[CGO-09] epoch -1 to an Empty consumer group is accepted whatever the member id; no classic group appears', () => {
    const h = new AdminHarness();
    h.addConsumerGroup('g', { groupEpoch: 4 });
    for (const [id, version] of [['', 9], ['ghost', 9], ['', 2]] as const) {
      const step = h.send(commit(id, -1, version));
      expect(codes(step.response)).toEqual(ALL_OK);
      expect(step.records.map((r) => r.type)).toEqual(['OffsetCommit', 'OffsetCommit']);
    }
    expect(h.state.groups.has('g')).toBe(false);
    expect(h.state.offsets.get('g')?.size).toBe(2);
  });

  it('[CGO-10] an unknown member id (epoch -1 to a group with members included) -> UNKNOWN_MEMBER_ID, nothing written', () => {
    const h = new AdminHarness();
    h.addConsumerGroup('g', { members: [member('m1', 5)] });
    for (const [id, epoch] of [['ghost', 5], ['', -1], ['', 0]] as const) {
      const step = h.send(commit(id, epoch));
      expect(codes(step.response)).toEqual([['foo', [[0, 25], [1, 25]]]]);
      expect(step.records).toEqual([]);
    }
    // An Empty group with an epoch of 0 or more is checked as a member commit too.
    h.addConsumerGroup('e', {});
    expect(codes(h.send(offsetCommit({ groupId: 'e', memberId: '', generationIdOrMemberEpoch: 0, topics: [topic('foo', part(0, 1))] })).response)).toEqual([['foo', [[0, 25]]]]);
  });

  it('[CGO-11] an epoch older or newer than the member\'s -> STALE_MEMBER_EPOCH, never FENCED_MEMBER_EPOCH', () => {
    const h = new AdminHarness();
    h.addConsumerGroup('g', { members: [member('m1', 5)] });
    for (const epoch of [4, 6, -1, 0]) {
      const step = h.send(commit('m1', epoch));
      expect(codes(step.response)).toEqual([['foo', [[0, 113], [1, 113]]]]);
      expect(step.records).toEqual([]);
    }
  });

  it('[CGO-12] a member commits with v9+; below v9 UNSUPPORTED_VERSION, checked before the epoch', () => {
    const h = new AdminHarness();
    h.addConsumerGroup('g', { members: [member('m1', 5)] });
    for (const version of [1, 7, 8]) {
      expect(codes(h.send(commit('m1', 5, version)).response)).toEqual([['foo', [[0, 35], [1, 35]]]]);
      expect(codes(h.send(commit('m1', 3, version)).response)).toEqual([['foo', [[0, 35], [1, 35]]]]);
      // Unknown members are refused as unknown in every version.
      expect(codes(h.send(commit('ghost', 5, version)).response)).toEqual([['foo', [[0, 25], [1, 25]]]]);
    }
    expect(h.log).toEqual([]);
  });

  it('[CGO-14] an accepted member commit writes one OffsetCommit record per partition, nothing else, no timer but the first cleanup', () => {
    const h = new AdminHarness();
    h.nowMs = 1_000;
    h.addConsumerGroup('g', { members: [member('m1', 5)] });
    const step = h.send(offsetCommit({ memberId: 'm1', generationIdOrMemberEpoch: 5, topics: [topic('foo', part(0, 10), part(1, 11, { committedMetadata: 'x'.repeat(5000) }))] }));
    expect(codes(step.response)).toEqual([['foo', [[0, 0], [1, 12]]]]);
    expect(step.records).toEqual([{ type: 'OffsetCommit', groupId: 'g', topic: 'foo', partition: 0, value: { offset: 10, leaderEpoch: -1, metadata: '', commitTimestamp: 1_000 } }]);
    expect(step.timers.map((t) => t.op === 'schedule' && t.event.type)).toEqual(['timer.offsetsCleanup']);
    expect(h.send(commit('m1', 5)).timers).toEqual([]);
  });
});

describe('OffsetFetch from a consumer group', () => {
  function withOffsets(): AdminHarness {
    const h = new AdminHarness();
    h.addConsumerGroup('g', { members: [member('m1', 5)] });
    h.send(commit('m1', 5));
    return h;
  }

  it('[CGO-13] without member id and with epoch -1 (admin, versions before 9) the offsets are read in every version', () => {
    const h = withOffsets();
    expect(fetched(h.send(fetchAs(null, -1)).response)).toEqual({ errorCode: 0, topics: [['foo', [[0, 10], [1, 11]]]] });
    const v7 = h.send(offsetFetch('g', { foo: [1, 2] }, { version: 7 })).response as OffsetFetchResponse;
    expect([v7.errorCode, v7.topics.map((t) => t.partitions.map((p) => p.committedOffset))]).toEqual([0, [[11, -1]]]);
  });

  it('[CGO-13] v9 with the member id and epoch reads; an unknown member or another epoch is a group error without topics', () => {
    const h = withOffsets();
    expect(fetched(h.send(fetchAs('m1', 5, [{ name: 'foo', partitionIndexes: [1] }])).response)).toEqual({ errorCode: 0, topics: [['foo', [[1, 11]]]] });
    expect(fetched(h.send(fetchAs('ghost', 5)).response)).toEqual({ errorCode: 25, topics: [] });
    expect(fetched(h.send(fetchAs(null, 5)).response)).toEqual({ errorCode: 25, topics: [] });
    expect(fetched(h.send(fetchAs(null, 0)).response)).toEqual({ errorCode: 25, topics: [] }); // epoch 0 is not negative
    expect(fetched(h.send(fetchAs('m1', 4)).response)).toEqual({ errorCode: 113, topics: [] });
    expect(fetched(h.send(fetchAs('m1', 6)).response)).toEqual({ errorCode: 113, topics: [] });
    expect(fetched(h.send(fetchAs('m1', -1)).response)).toEqual({ errorCode: 113, topics: [] });
    expect(h.log.filter((r) => r.type !== 'OffsetCommit')).toEqual([]);
  });
});
