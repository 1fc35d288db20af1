import { describe, expect, it } from 'vitest';
import { GroupCoordinatorRuntime } from '../../../../src/broker/group-coordinator.js';
import { DEFAULT_CONFIG } from '../../../../src/protocol/config.js';
import type { ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse, DescribedConsumerGroup, GroupRequest } from '../../../../src/protocol/messages/index.js';
import { offsetCommit, part, topic } from '../../../../spec/scenarios/offset-helpers.js';
import { AdminHarness, asg, BAR_ID, FOO_ID, GONE_ID, member } from './admin-harness.js';

function describeReq(groupIds: string[], version = 1, includeAuthorizedOperations = false): ConsumerGroupDescribeRequest {
  return { api: 'ConsumerGroupDescribe', version, clientId: 'admin', clientHost: '/127.0.0.1', groupIds, includeAuthorizedOperations };
}

function groupsOf(r: unknown): readonly DescribedConsumerGroup[] {
  return (r as ConsumerGroupDescribeResponse).groups;
}

const NOT_REQUESTED = -2_147_483_648;

/** A group of two members at epoch 3: m1 Stable on foo-0,1; m2 still revoking bar-0 toward foo-2. */
function twoMembers(h: AdminHarness): void {
  h.addConsumerGroup('g', {
    groupEpoch: 3,
    targetAssignmentEpoch: 3,
    members: [
      member('m1', 3, { assignedPartitions: asg([FOO_ID, 1, 0]), serverAssignorName: 'range', instanceId: 'i1', rackId: 'r1', subscribedTopicNames: ['foo', 'bar'] }),
      member('m2', 2, { state: 'UNREVOKED_PARTITIONS', assignedPartitions: asg([BAR_ID, 0]), partitionsPendingRevocation: asg([BAR_ID, 1]), subscribedTopicNames: [], subscribedTopicRegex: 'b.*' }),
    ],
    targets: { m1: asg([FOO_ID, 0, 1]), m2: asg([FOO_ID, 2], [BAR_ID, 0]) },
  });
}

describe('ConsumerGroupDescribe', () => {
  it('[CGO-01] the empty id gets INVALID_GROUP_ID with id "", ahead of the other entries', () => {
    const h = new AdminHarness();
    const groups = groupsOf(h.send(describeReq(['a', '', 'b', ''])).response);
    expect(groups.map((g) => [g.groupId, g.errorCode])).toEqual([['', 24], ['', 24], ['a', 69], ['b', 69]]);
    expect(groups[0]!.errorMessage).toBeNull();
  });

  it('[CGO-01] through the broker, split per group and joined, the refused entries still lead', () => {
    const rt = new GroupCoordinatorRuntime({});
    const response = rt.response(rt.submit(describeReq(['x', '', 'y']) as GroupRequest)) as ConsumerGroupDescribeResponse;
    expect(response.groups.map((g) => [g.groupId, g.errorCode])).toEqual([['', 24], ['x', 69], ['y', 69]]);
  });

  it('[CGO-02] unknown and classic ids are GROUP_ID_NOT_FOUND with Kafka\'s messages', () => {
    const h = new AdminHarness();
    h.send(offsetCommit({ groupId: 'classic', topics: [topic('foo', part(0, 1))] })); // a simple (classic) group
    expect(h.state.groups.has('classic')).toBe(true);
    const groups = groupsOf(h.send(describeReq(['nobody', 'classic'])).response);
    expect(groups).toEqual([
      { errorCode: 69, errorMessage: 'Group nobody not found.', groupId: 'nobody', groupState: '', groupEpoch: 0, assignmentEpoch: 0, assignorName: '', members: [], authorizedOperations: NOT_REQUESTED },
      { errorCode: 69, errorMessage: 'Group classic is not a consumer group.', groupId: 'classic', groupState: '', groupEpoch: 0, assignmentEpoch: 0, assignorName: '', members: [], authorizedOperations: NOT_REQUESTED },
    ]);
  });

  it('[CGO-03][CGO-04][CGO-06] a group: state, epochs, members in join order with named, ordered assignments', () => {
    const h = new AdminHarness();
    twoMembers(h);
    const [g] = groupsOf(h.send(describeReq(['g'])).response);
    expect(g).toMatchObject({ errorCode: 0, errorMessage: null, groupId: 'g', groupState: 'Reconciling', groupEpoch: 3, assignmentEpoch: 3 });
    expect(g!.members).toEqual([
      {
        memberId: 'm1', instanceId: 'i1', rackId: 'r1', memberEpoch: 3, clientId: 'client', clientHost: '/127.0.0.1',
        subscribedTopicNames: ['foo', 'bar'], subscribedTopicRegex: '',
        assignment: { topicPartitions: [{ topicId: FOO_ID, topicName: 'foo', partitions: [0, 1] }] },
        targetAssignment: { topicPartitions: [{ topicId: FOO_ID, topicName: 'foo', partitions: [0, 1] }] },
        memberType: 1,
      },
      {
        memberId: 'm2', instanceId: null, rackId: null, memberEpoch: 2, clientId: 'client', clientHost: '/127.0.0.1',
        subscribedTopicNames: [], subscribedTopicRegex: 'b.*',
        // Owned partitions only: bar-1 is pending revocation and not shown.
        assignment: { topicPartitions: [{ topicId: BAR_ID, topicName: 'bar', partitions: [0] }] },
        // Topics by id: FOO_ID (...AQ) sorts before BAR_ID (...Ag) in UTF-16 code units.
        targetAssignment: { topicPartitions: [{ topicId: FOO_ID, topicName: 'foo', partitions: [2] }, { topicId: BAR_ID, topicName: 'bar', partitions: [0] }] },
        memberType: 1,
      },
    ]);
  });

  it('[CGO-03] the derived state: Empty, Assigning, Stable', () => {
    const h = new AdminHarness();
    h.addConsumerGroup('empty', { groupEpoch: 5 });
    h.addConsumerGroup('assigning', { groupEpoch: 4, targetAssignmentEpoch: 3, members: [member('m', 3)] });
    h.addConsumerGroup('stable', { members: [member('m', 2)] });
    const states = groupsOf(h.send(describeReq(['empty', 'assigning', 'stable'])).response).map((g) => [g.groupState, g.groupEpoch, g.assignmentEpoch, g.members.length]);
    expect(states).toEqual([['Empty', 5, 5, 0], ['Assigning', 4, 3, 1], ['Stable', 2, 2, 1]]);
  });

  it('[CGO-04] a topic the metadata image no longer has is left out; a member without target shows none', () => {
    const h = new AdminHarness();
    h.addConsumerGroup('g', { members: [member('m', 1, { assignedPartitions: asg([GONE_ID, 0], [FOO_ID, 2]) })] });
    const m = groupsOf(h.send(describeReq(['g'])).response)[0]!.members[0]!;
    expect(m.assignment).toEqual({ topicPartitions: [{ topicId: FOO_ID, topicName: 'foo', partitions: [2] }] });
    expect(m.targetAssignment).toEqual({ topicPartitions: [] });
  });

  it('[CGO-05][CG-24] the assignor named by most members, else the default; a tie is decided as the heartbeat decides it', () => {
    const fill = (h: AdminHarness): void => {
      h.addConsumerGroup('none', { members: [member('a', 1)] });
      h.addConsumerGroup('most', { members: [member('a', 1, { serverAssignorName: 'uniform' }), member('b', 1, { serverAssignorName: 'range' }), member('c', 1, { serverAssignorName: 'range' })] });
      h.addConsumerGroup('tie', { members: [member('a', 1, { serverAssignorName: 'range' }), member('b', 1, { serverAssignorName: 'uniform' })] });
    };
    const names = (h: AdminHarness): string[] => {
      fill(h);
      return groupsOf(h.send(describeReq(['none', 'most', 'tie'])).response).map((g) => g.assignorName);
    };
    expect(names(new AdminHarness())).toEqual(['uniform', 'range', 'uniform']);
    // The tie goes to uniform whatever the configured order: Kafka's HashMap order, as CG-24 says.
    expect(names(new AdminHarness({ ...DEFAULT_CONFIG, consumerAssignors: ['range', 'uniform'] }))).toEqual(['range', 'range', 'uniform']);
  });

  it('[CGO-06] version 0 carries no member type', () => {
    const h = new AdminHarness();
    twoMembers(h);
    const members = groupsOf(h.send(describeReq(['g'], 0)).response)[0]!.members;
    expect(members.map((m) => m.memberType)).toEqual([-1, -1]);
  });

  it('[CGO-07][CGO-08] authorized operations are never filled in; describing writes nothing and arms no timer', () => {
    const h = new AdminHarness();
    twoMembers(h);
    const step = h.send(describeReq(['g', 'nobody'], 1, true));
    expect(groupsOf(step.response).map((g) => g.authorizedOperations)).toEqual([NOT_REQUESTED, NOT_REQUESTED]);
    expect(step.records).toEqual([]);
    expect(step.timers).toEqual([]);
    expect(h.state.consumerGroups.size).toBe(1);
  });
});
