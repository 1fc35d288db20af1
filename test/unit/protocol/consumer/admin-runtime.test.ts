/**
 * The admin and offset APIs of consumer groups formed by real ConsumerGroupHeartbeats through the
 * one-broker GroupCoordinatorRuntime: the front door, the shell, replay of every record written,
 * virtual time.
 */
import { describe, expect, it } from 'vitest';
import { GroupCoordinatorRuntime } from '../../../../src/broker/group-coordinator.js';
import { InMemoryKafka } from '../../../../src/broker/in-memory-kafka.js';
import type {
  ConsumerGroupDescribeResponse,
  ConsumerGroupHeartbeatResponse,
  DeleteGroupsResponse,
  GroupRequest,
  GroupResponse,
  ListGroupsResponse,
  OffsetCommitResponse,
  OffsetFetchResponse,
} from '../../../../src/protocol/messages/index.js';
import { fold } from '../../../../src/protocol/replay.js';
import { deleteGroups, offsetCommit, part, topic } from '../../../../spec/scenarios/offset-helpers.js';
import { cgHeartbeat } from '../../../helpers/consumer-group-context.js';

const JOIN = { memberEpoch: 0, rebalanceTimeoutMs: 60_000, topicPartitions: [] as never[], subscribedTopicNames: ['foo'], serverAssignor: 'range' };
const HEADER = { clientId: 'admin', clientHost: '/127.0.0.1' };

/** A runtime with topic `foo` (4 partitions) and group `g` of members A and B, Stable at epoch 2. */
function stableGroup(config: ConstructorParameters<typeof GroupCoordinatorRuntime>[0] = {}) {
  const rt = new GroupCoordinatorRuntime(config);
  const foo = rt.createTopic('foo', 4);
  const ask = <R extends GroupResponse>(request: GroupRequest): R => rt.take(rt.submit(request)) as R;
  const hb = (fields: Parameters<typeof cgHeartbeat>[0]): ConsumerGroupHeartbeatResponse => ask(cgHeartbeat(fields));
  hb({ ...JOIN, memberId: 'A' });
  hb({ ...JOIN, memberId: 'B' });
  hb({ memberId: 'A', memberEpoch: 1, topicPartitions: [{ topicId: foo, partitions: [0, 1] }] });
  hb({ memberId: 'B', memberEpoch: 2 });
  hb({ memberId: 'B', memberEpoch: 2, topicPartitions: [{ topicId: foo, partitions: [2, 3] }] });
  return { rt, foo, ask, hb };
}

function describeG(ask: <R extends GroupResponse>(r: GroupRequest) => R, version = 1) {
  return ask<ConsumerGroupDescribeResponse>({ api: 'ConsumerGroupDescribe', version, ...HEADER, groupIds: ['g'], includeAuthorizedOperations: false }).groups[0]!;
}

function commitCodes(r: OffsetCommitResponse): number[] {
  return r.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));
}

describe('consumer-group admin through the runtime', () => {
  it('[CGO-03][CGO-04][CGO-05][CGO-06] ConsumerGroupDescribe of a group formed by heartbeats', () => {
    const { ask, foo } = stableGroup();
    const g = describeG(ask);
    expect(g).toMatchObject({ errorCode: 0, groupId: 'g', groupState: 'Stable', groupEpoch: 2, assignmentEpoch: 2, assignorName: 'range' });
    expect(g.members.map((m) => [m.memberId, m.memberEpoch, m.subscribedTopicNames, m.subscribedTopicRegex, m.memberType])).toEqual([
      ['A', 2, ['foo'], '', 1],
      ['B', 2, ['foo'], '', 1],
    ]);
    expect(g.members.map((m) => [m.assignment.topicPartitions, m.targetAssignment.topicPartitions])).toEqual([
      [[{ topicId: foo, topicName: 'foo', partitions: [0, 1] }], [{ topicId: foo, topicName: 'foo', partitions: [0, 1] }]],
      [[{ topicId: foo, topicName: 'foo', partitions: [2, 3] }], [{ topicId: foo, topicName: 'foo', partitions: [2, 3] }]],
    ]);
  });

  it('[CGO-11][CGO-12][CGO-13][CGO-14] commits and fetches with member epochs; a member behind the group epoch is stale', () => {
    const { rt, ask, hb } = stableGroup();
    const commit = (memberId: string, epoch: number, version = 9): number[] =>
      commitCodes(ask<OffsetCommitResponse>(offsetCommit({ memberId, generationIdOrMemberEpoch: epoch, version, topics: [topic('foo', part(0, 7))] })));
    expect(commit('A', 2)).toEqual([0]);
    expect(commit('A', 1)).toEqual([113]);
    expect(commit('A', 3)).toEqual([113]);
    expect(commit('A', 2, 8)).toEqual([35]);
    const fetch = (memberId: string | null, memberEpoch: number): OffsetFetchResponse =>
      ask<OffsetFetchResponse>({ api: 'OffsetFetch', version: 9, ...HEADER, requireStable: false, groups: [{ groupId: 'g', memberId, memberEpoch, topics: null }] });
    expect(fetch('B', 2).groups[0]).toEqual({ groupId: 'g', errorCode: 0, topics: [{ name: 'foo', partitions: [{ partitionIndex: 0, committedOffset: 7, committedLeaderEpoch: -1, metadata: '', errorCode: 0 }] }] });
    // A third member joins: the group epoch moves to 3; A learns it only at its next heartbeat.
    hb({ ...JOIN, memberId: 'C' });
    expect(fetch('A', 2).groups[0]!.errorCode).toBe(0);
    expect(hb({ memberId: 'A', memberEpoch: 2 }).memberEpoch).toBe(3);
    expect(fetch('A', 2).groups[0]!.errorCode).toBe(113);
    expect(fetch('A', 3).groups[0]!.errorCode).toBe(0);
    expect(fetch(null, -1).groups[0]!.errorCode).toBe(0);
    expect(fold(rt.durableRecords()).offsets).toEqual(rt.state.offsets);
  });

  it('[CGO-16][CGO-17][CGO-19][CGO-02] DeleteGroups: refused while members stay; after they leave the group and its offsets go', () => {
    const { rt, ask, hb } = stableGroup();
    ask(offsetCommit({ memberId: 'A', generationIdOrMemberEpoch: 2, topics: [topic('foo', part(0, 7))] }));
    expect(ask<DeleteGroupsResponse>(deleteGroups(['g'])).results).toEqual([{ groupId: 'g', errorCode: 68 }]);
    hb({ memberId: 'A', memberEpoch: -1 });
    hb({ memberId: 'B', memberEpoch: -1 });
    const list = (): ListGroupsResponse['groups'] => ask<ListGroupsResponse>({ api: 'ListGroups', version: 5, ...HEADER, statesFilter: [], typesFilter: [] }).groups;
    expect(list()).toEqual([{ groupId: 'g', protocolType: 'consumer', groupState: 'Empty', groupType: 'consumer' }]);
    const before = rt.records.length;
    expect(ask<DeleteGroupsResponse>(deleteGroups(['g'])).results).toEqual([{ groupId: 'g', errorCode: 0 }]);
    expect(rt.records.slice(before).map((r) => r.type)).toEqual([
      'OffsetCommit',
      'ConsumerGroupTargetAssignmentMetadata',
      'ConsumerGroupPartitionMetadata',
      'ConsumerGroupMetadata',
    ]);
    expect(rt.state.consumerGroups.has('g')).toBe(false);
    expect(rt.state.offsets.has('g')).toBe(false);
    expect(list()).toEqual([]);
    expect(describeG(ask)).toMatchObject({ errorCode: 69, errorMessage: 'Group g not found.' });
    expect(fold(rt.durableRecords()).consumerGroups).toEqual(rt.state.consumerGroups);
  });

  it('[CGO-21][CGO-22] once every member has left, the offsets age from their commit and the group expires with them', () => {
    const { rt, ask, hb } = stableGroup({ config: { offsetsRetentionMinutes: 1, offsetsRetentionCheckIntervalMs: 10_000 } });
    ask(offsetCommit({ memberId: 'A', generationIdOrMemberEpoch: 2, topics: [topic('foo', part(0, 7))] }));
    rt.advance(30_000);
    hb({ memberId: 'A', memberEpoch: 2 });
    hb({ memberId: 'B', memberEpoch: 2 });
    rt.advance(40_000);
    // Members still there: foo is subscribed, its offset stays however old.
    expect(rt.state.offsets.get('g')?.size).toBe(1);
    hb({ memberId: 'A', memberEpoch: -1 });
    hb({ memberId: 'B', memberEpoch: -1 });
    const before = rt.records.length;
    rt.advance(10_000);
    expect(rt.records.slice(before).map((r) => r.type)).toEqual([
      'OffsetCommit',
      'ConsumerGroupTargetAssignmentMetadata',
      'ConsumerGroupPartitionMetadata',
      'ConsumerGroupMetadata',
    ]);
    expect(rt.state.consumerGroups.has('g')).toBe(false);
    expect(fold(rt.durableRecords()).consumerGroups).toEqual(rt.state.consumerGroups);
  });

  it('[CGO-01] on a cluster every broker refuses the empty id itself, whichever broker coordinates its partition', () => {
    const kafka = new InMemoryKafka({ brokers: 3 });
    const request: GroupRequest = { api: 'ConsumerGroupDescribe', version: 1, ...HEADER, groupIds: ['', ''], includeAuthorizedOperations: false };
    for (const node of [0, 1, 2]) {
      const r = kafka.take(kafka.send(node, request)) as ConsumerGroupDescribeResponse;
      expect(r.groups.map((g) => [g.groupId, g.errorCode])).toEqual([['', 24], ['', 24]]);
    }
  });
});
