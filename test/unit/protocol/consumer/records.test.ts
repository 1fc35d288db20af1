/**
 * Replay of the ConsumerGroup* records. Reproduces Kafka 4.0 GroupMetadataManagerTest replay cases
 * (testReplayConsumerGroupMetadata, testReplayConsumerGroupPartitionMetadata,
 * testReplayConsumerGroupMemberMetadata, testReplayConsumerGroupTargetAssignmentMember,
 * testReplayConsumerGroupTargetAssignmentMetadata, testReplayConsumerGroupCurrentMemberAssignment,
 * and their tombstone variants) and ConsumerGroupTest's partition-epoch cases
 * (testUpdatingMemberUpdatesPartitionEpoch, testUpdatingMemberUpdatesPartitionEpochWhenPartitionIsReassignedBeforeBeingRevoked,
 * testDeletingMemberRemovesPartitionEpoch, testUpdatingMemberUpdatesPartitionEpochWhenPartitionIsNotReleased).
 */
import { describe, expect, it } from 'vitest';
import { fold } from '../../../../src/protocol/replay.js';
import type { ConsumerGroupRecord } from '../../../../src/protocol/consumer/records.js';
import { InvariantViolation } from '../../../../src/protocol/invariant.js';
import { currentPartitionEpoch } from '../../../../src/protocol/consumer/group.js';
import { groupEpochRecord, memberTombstones, subscriptionMetadataRecord } from '../../../../src/protocol/consumer/record-helpers.js';

const current = (memberId: string, epoch: number, assigned: number[], revoking: number[] = [], state = 0): ConsumerGroupRecord => ({
  type: 'ConsumerGroupCurrentMemberAssignment',
  groupId: 'g',
  memberId,
  value: {
    memberEpoch: epoch,
    previousMemberEpoch: epoch - 1,
    state,
    assignedPartitions: assigned.length ? [{ topicId: 't', partitions: assigned }] : [],
    partitionsPendingRevocation: revoking.length ? [{ topicId: 't', partitions: revoking }] : [],
  },
});
const metadata = (memberId: string): ConsumerGroupRecord => ({
  type: 'ConsumerGroupMemberMetadata',
  groupId: 'g',
  memberId,
  value: { instanceId: null, rackId: 'r', clientId: 'c', clientHost: '/h', subscribedTopicNames: ['foo'], subscribedTopicRegex: null, serverAssignor: null, rebalanceTimeoutMs: 1000 },
});

describe('replay of the ConsumerGroup* records', () => {
  it('[CGREC-02] [CGREC-03] group epoch and subscription metadata; values create the group', () => {
    const s = fold([groupEpochRecord('g', 7), subscriptionMetadataRecord('g', new Map([['foo', { topicId: 't', topicName: 'foo', numPartitions: 3 }]]))]);
    const g = s.consumerGroups.get('g')!;
    expect(g.groupEpoch).toBe(7);
    expect([...g.subscriptionMetadata.values()]).toEqual([{ topicId: 't', topicName: 'foo', numPartitions: 3 }]);
    fold([{ type: 'ConsumerGroupPartitionMetadata', groupId: 'g', value: null }], s);
    expect(g.subscriptionMetadata.size).toBe(0);
  });

  it('[CGREC-04] [CGREC-06] member metadata and current assignment create the member, in either order', () => {
    const a = fold([metadata('A'), current('A', 3, [0, 1])]).consumerGroups.get('g')!.members.get('A');
    const b = fold([current('A', 3, [0, 1]), metadata('A')]).consumerGroups.get('g')!.members.get('A');
    expect(a).toEqual(b);
    expect(a).toMatchObject({ rackId: 'r', clientHost: '/h', subscribedTopicNames: ['foo'], rebalanceTimeoutMs: 1000, memberEpoch: 3, previousMemberEpoch: 2, state: 'STABLE' });
    expect(fold([metadata('A'), current('A', 3, [], [], 42)]).consumerGroups.get('g')!.members.get('A')!.state).toBe('UNKNOWN');
  });

  it('[CGREC-05] target member and target epoch; the epoch tombstone sets -1 once no target is left', () => {
    const target: ConsumerGroupRecord = { type: 'ConsumerGroupTargetAssignmentMember', groupId: 'g', memberId: 'A', value: { topicPartitions: [{ topicId: 't', partitions: [2, 0] }] } };
    const epoch: ConsumerGroupRecord = { type: 'ConsumerGroupTargetAssignmentMetadata', groupId: 'g', value: { assignmentEpoch: 4 } };
    const s = fold([target, epoch]);
    const g = s.consumerGroups.get('g')!;
    expect(g.targetAssignmentEpoch).toBe(4);
    expect([...g.targetAssignment.get('A')!.get('t')!].sort()).toEqual([0, 2]);
    const epochTombstone: ConsumerGroupRecord = { type: 'ConsumerGroupTargetAssignmentMetadata', groupId: 'g', value: null };
    expect(() => fold([epochTombstone], s)).toThrow(InvariantViolation);
    fold([{ ...target, value: null }, epochTombstone], s);
    expect(g.targetAssignmentEpoch).toBe(-1);
  });

  it('[CGREC-09] a member metadata tombstone before the assignment tombstones is impossible; absent ones are ignored', () => {
    const s = fold([metadata('A'), current('A', 1, [0])]);
    expect(() => fold([{ type: 'ConsumerGroupMemberMetadata', groupId: 'g', memberId: 'A', value: null }], s)).toThrow(/CGREC-09/);
    fold(memberTombstones('g', 'A'), s);
    expect(s.consumerGroups.get('g')!.members.size).toBe(0);
    expect(s.consumerGroups.get('g')!.partitionEpochs.size).toBe(0);
    expect(() => fold([...memberTombstones('g', 'Z'), ...memberTombstones('nogroup', 'Z')], s)).not.toThrow();
    expect(s.consumerGroups.has('nogroup')).toBe(false);
  });

  it('[CGREC-11] a group is deleted only once empty with its target epoch tombstoned', () => {
    const s = fold([groupEpochRecord('g', 2), metadata('A'), current('A', 2, [])]);
    const tombstone: ConsumerGroupRecord = { type: 'ConsumerGroupMetadata', groupId: 'g', value: null };
    expect(() => fold([tombstone], s)).toThrow(/CGREC-11/);
    fold([...memberTombstones('g', 'A')], s);
    expect(() => fold([tombstone], s)).toThrow(/CGREC-11/); // target epoch still 0
    fold([{ type: 'ConsumerGroupTargetAssignmentMetadata', groupId: 'g', value: null }, tombstone], s);
    expect(s.consumerGroups.has('g')).toBe(false);
  });

  it('[CGREC-12] [CGR-07] partition epochs follow the current assignments; a partition never has two holders', () => {
    const s = fold([current('A', 3, [0, 1], [2])]);
    const g = s.consumerGroups.get('g')!;
    expect([0, 1, 2, 3].map((p) => currentPartitionEpoch(g, 't', p))).toEqual([3, 3, 3, -1]);
    fold([current('A', 4, [0])], s);
    expect([0, 1, 2].map((p) => currentPartitionEpoch(g, 't', p))).toEqual([4, -1, -1]);
    fold([current('B', 4, [1, 2])], s);
    expect(() => fold([current('C', 4, [2])], s)).toThrow(/CGREC-12/);
  });

  it('[CGREC-12] removing a partition at an epoch that is not its holder\'s is impossible', () => {
    const s = fold([current('A', 3, [0])]);
    // A corrupted image: partition 0 recorded at another epoch than its holder's.
    (s.consumerGroups.get('g')!.partitionEpochs.get('t') as Map<number, number>).set(0, 9);
    expect(() => fold([current('A', 4, [])], s)).toThrow(/CGREC-12/);
  });

  it('[CGREC-03] a subscription metadata value creates its group; a tombstone for an absent group creates nothing', () => {
    const s = fold([{ type: 'ConsumerGroupPartitionMetadata', groupId: 'gone', value: null }]);
    expect(s.consumerGroups.has('gone')).toBe(false);
    fold([subscriptionMetadataRecord('g', new Map([['foo', { topicId: 'T-foo', topicName: 'foo', numPartitions: 2 }]]))], s);
    expect([...(s.consumerGroups.get('g')?.subscriptionMetadata.keys() ?? [])]).toEqual(['foo']);
  });

  it('[CGREC-11] a group is not deleted while a member is left, even with its target epoch tombstoned', () => {
    const s = fold([groupEpochRecord('g', 2), metadata('A'), current('A', 2, []), { type: 'ConsumerGroupTargetAssignmentMetadata', groupId: 'g', value: null }]);
    expect(s.consumerGroups.get('g')!.targetAssignmentEpoch).toBe(-1);
    expect(s.consumerGroups.get('g')!.members.size).toBe(1);
    expect(() => fold([{ type: 'ConsumerGroupMetadata', groupId: 'g', value: null }], s)).toThrow(/CGREC-11/);
  });
});
