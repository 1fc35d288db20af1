import { describe, expect, it } from 'vitest';
import type { OffsetFetchResponse } from '../../../../src/protocol/messages/index.js';
import { offsetFetchErrorResponse, offsetFetchResponse } from '../../../../src/protocol/offsets/index.js';
import { offsetCommit, offsetFetch, part, topic } from '../../../../spec/scenarios/offset-helpers.js';
import { AdminHarness, member } from '../consumer/admin-harness.js';
import { Harness } from './harness.js';

function withOffsets(): Harness {
  const h = new Harness();
  h.send(offsetCommit({ topics: [topic('b', part(1, 11), part(0, 10)), topic('a', part(2, 2)), topic('B', part(0, 5)), topic('a', part(10, 3))] }));
  return h;
}

describe('OffsetFetch', () => {
  it('[OF-04][OF-06] all topics: grouped by topic in UTF-16 order, partitions ascending', () => {
    const r = withOffsets().send(offsetFetch('g', null)).response as OffsetFetchResponse;
    const shape = r.groups[0]!.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.committedOffset])]);
    expect(shape).toEqual([
      ['B', [[0, 5]]],
      ['a', [[2, 2], [10, 3]]],
      ['b', [[0, 10], [1, 11]]],
    ]);
  });

  it('[OF-06] all topics: the topic name decides before the partition index (a-1 before b-0, committed in that order)', () => {
    const h = new Harness();
    h.send(offsetCommit({ topics: [topic('a', part(1, 1))] }));
    h.send(offsetCommit({ topics: [topic('b', part(0, 2))] }));
    const r = h.send(offsetFetch('g', null)).response as OffsetFetchResponse;
    expect(r.groups[0]!.topics.map((t) => [t.name, t.partitions.map((p) => p.partitionIndex)])).toEqual([['a', [1]], ['b', [0]]]);
  });

  it('[OF-03] requested topics and partitions are answered in request order, duplicates included', () => {
    const r = withOffsets().send(offsetFetch('g', { b: [1, 9, 1], a: [10] })).response as OffsetFetchResponse;
    expect(r.groups[0]!.topics.map((t) => [t.name, t.partitions.map((p) => p.committedOffset)])).toEqual([
      ['b', [11, -1, 11]],
      ['a', [3]],
    ]);
  });

  it('[OF-02] a Dead group is answered as one without offsets', () => {
    const h = withOffsets();
    h.force('g', 'Dead');
    const some = h.send(offsetFetch('g', { b: [0] })).response as OffsetFetchResponse;
    expect(some.groups[0]).toEqual({ groupId: 'g', errorCode: 0, topics: [{ name: 'b', partitions: [{ partitionIndex: 0, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: 0 }] }] });
    const all = h.send(offsetFetch('g', null)).response as OffsetFetchResponse;
    expect(all.groups[0]!.topics).toEqual([]);
  });

  it('[OF-08][OF-07] a fetch, with or without RequireStable, writes nothing and arms nothing', () => {
    const h = withOffsets();
    for (const req of [offsetFetch('g', null), offsetFetch('g', { a: [2] }, { version: 7, requireStable: true }), offsetFetch('nobody', null, { version: 3 })]) {
      const step = h.send(req);
      expect(step.records).toEqual([]);
      expect(step.timers).toEqual([]);
    }
    expect(h.state.groups.has('nobody')).toBe(false);
  });

  it('[OF-01] v0-7 answer at the top level with no groups; v8+ per group with no top-level topics', () => {
    const h = withOffsets();
    const v3 = h.send(offsetFetch('g', { a: [2] }, { version: 3 })).response as OffsetFetchResponse;
    expect(v3).toMatchObject({ errorCode: 0, groups: [], topics: [{ name: 'a' }] });
    const v8 = h.send(offsetFetch('g', { a: [2] }, { version: 8 })).response as OffsetFetchResponse;
    expect(v8).toMatchObject({ errorCode: 0, topics: [], groups: [{ groupId: 'g', topics: [{ name: 'a' }] }] });
  });

  it('[OF-01] a group-level error: top level from v2, on every partition for v0-1, per group from v8', () => {
    const group = { groupId: 'g', errorCode: 16, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 5, committedLeaderEpoch: 1, metadata: 'm', errorCode: 0 }] }] };
    expect(offsetFetchResponse(2, [group])).toEqual({ api: 'OffsetFetch', errorCode: 16, topics: group.topics, groups: [] });
    expect(offsetFetchResponse(1, [group])).toEqual({
      api: 'OffsetFetch',
      errorCode: 0,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: 16 }] }],
      groups: [],
    });
    expect(offsetFetchResponse(8, [group]).groups).toEqual([group]);
    // A front-door error carries no topics, so v0-1 clients see an empty answer, as in Kafka.
    expect(offsetFetchErrorResponse(offsetFetch('g', { t: [0] }, { version: 1 }) as never, 16)).toEqual({ api: 'OffsetFetch', errorCode: 0, topics: [], groups: [] });
  });

  it('[OF-01][CGO-13] v8 carries no member id or epoch: values given in a v8 group entry are not checked', () => {
    const h = new AdminHarness();
    h.addConsumerGroup('g', { members: [member('m1', 5)] });
    h.send(offsetCommit({ memberId: 'm1', generationIdOrMemberEpoch: 5 }));
    const request = { api: 'OffsetFetch', version: 8, clientId: 'c', clientHost: 'h', requireStable: false, groups: [{ groupId: 'g', memberId: 'ghost', memberEpoch: 3, topics: null }] } as const;
    const r = h.send(request).response as OffsetFetchResponse;
    expect(r.groups[0]).toMatchObject({ errorCode: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 10 }] }] });
  });

  it('[OF-05] versions below 5 carry no leader epoch', () => {
    const h = new Harness();
    h.send(offsetCommit({ topics: [topic('t', part(0, 1, { committedLeaderEpoch: 4 }))] }));
    const v4 = h.send(offsetFetch('g', { t: [0] }, { version: 4 })).response as OffsetFetchResponse;
    const v5 = h.send(offsetFetch('g', { t: [0] }, { version: 5 })).response as OffsetFetchResponse;
    expect(v4.topics[0]!.partitions[0]!.committedLeaderEpoch).toBe(-1);
    expect(v5.topics[0]!.partitions[0]!.committedLeaderEpoch).toBe(4);
  });
});
