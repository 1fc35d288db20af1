/**
 * Builders of the ConsumerGroup* records, one per kind Kafka writes (Kafka 4.0's
 * `GroupCoordinatorRecordHelpers`), and the record sequences whose order Kafka fixes (a member's
 * tombstones, a static member's replacement).
 *
 * @remarks
 * Lists inside records are canonical (`./assignment.ts`): topics by id, partitions ascending;
 * the subscription metadata by topic name.
 * @see spec/consumer-group-records.md
 */
import type { Assignment } from './assignment.js';
import { assignmentToList } from './assignment.js';
import type { ConsumerMember, SubscribedTopicMetadata } from './group.js';
import { MEMBER_STATE_CODES } from './group.js';
import type { ConsumerGroupRecord } from './records.js';

/** ConsumerGroupMetadata with the group epoch (`newConsumerGroupEpochRecord`). @see CGREC-02 */
export function groupEpochRecord(groupId: string, epoch: number): ConsumerGroupRecord {
  return { type: 'ConsumerGroupMetadata', groupId, value: { epoch } };
}

/**
 * ConsumerGroupPartitionMetadata with the subscribed topics, ascending by name
 * (`newConsumerGroupSubscriptionMetadataRecord`). @see CGREC-03
 */
export function subscriptionMetadataRecord(groupId: string, metadata: ReadonlyMap<string, SubscribedTopicMetadata>): ConsumerGroupRecord {
  const topics = [...metadata.values()].sort((a, b) => (a.topicName < b.topicName ? -1 : a.topicName > b.topicName ? 1 : 0));
  return { type: 'ConsumerGroupPartitionMetadata', groupId, value: { topics } };
}

/** ConsumerGroupMemberMetadata: what the member said about itself (`newConsumerGroupMemberSubscriptionRecord`). @see CGREC-04 */
export function memberMetadataRecord(groupId: string, m: ConsumerMember): ConsumerGroupRecord {
  return {
    type: 'ConsumerGroupMemberMetadata',
    groupId,
    memberId: m.memberId,
    value: {
      instanceId: m.instanceId,
      rackId: m.rackId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      subscribedTopicNames: m.subscribedTopicNames,
      subscribedTopicRegex: m.subscribedTopicRegex,
      serverAssignor: m.serverAssignorName,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
    },
  };
}

/** ConsumerGroupTargetAssignmentMember (`newConsumerGroupTargetAssignmentRecord`). @see CGREC-05 */
export function targetMemberRecord(groupId: string, memberId: string, assignment: Assignment): ConsumerGroupRecord {
  return { type: 'ConsumerGroupTargetAssignmentMember', groupId, memberId, value: { topicPartitions: assignmentToList(assignment) } };
}

/** ConsumerGroupCurrentMemberAssignment: epochs, state and partitions (`newConsumerGroupCurrentAssignmentRecord`). @see CGREC-06 */
export function currentAssignmentRecord(groupId: string, m: ConsumerMember): ConsumerGroupRecord {
  return {
    type: 'ConsumerGroupCurrentMemberAssignment',
    groupId,
    memberId: m.memberId,
    value: {
      memberEpoch: m.memberEpoch,
      previousMemberEpoch: m.previousMemberEpoch,
      state: MEMBER_STATE_CODES[m.state],
      assignedPartitions: assignmentToList(m.assignedPartitions),
      partitionsPendingRevocation: assignmentToList(m.partitionsPendingRevocation),
    },
  };
}

/** ConsumerGroupRegularExpression: what a regex resolved to. @see CGREC-07 */
export function regexRecord(groupId: string, regex: string, topics: readonly string[], version: number, timestamp: number): ConsumerGroupRecord {
  return { type: 'ConsumerGroupRegularExpression', groupId, regularExpression: regex, value: { topics, version, timestamp } };
}

/** The tombstone of a resolved regex (its last subscriber is gone). @see CGREC-07 */
export function regexTombstone(groupId: string, regex: string): ConsumerGroupRecord {
  return { type: 'ConsumerGroupRegularExpression', groupId, regularExpression: regex, value: null };
}

/**
 * The tombstones of one member, in Kafka's order (`GroupMetadataManager.removeMember`): current
 * assignment, target assignment, member metadata. Replay checks this order (CGREC-09).
 * @see CGREC-08
 */
export function memberTombstones(groupId: string, memberId: string): ConsumerGroupRecord[] {
  return [
    { type: 'ConsumerGroupCurrentMemberAssignment', groupId, memberId, value: null },
    { type: 'ConsumerGroupTargetAssignmentMember', groupId, memberId, value: null },
    { type: 'ConsumerGroupMemberMetadata', groupId, memberId, value: null },
  ];
}

/**
 * A static member replaced by a new member id (`GroupMetadataManager.replaceMember`): the old
 * member's tombstones, then the new member's metadata, the old member's target under the new id,
 * and the new member's current assignment.
 * @see CGREC-10
 */
export function replaceMemberRecords(groupId: string, oldMemberId: string, newMember: ConsumerMember, oldTarget: Assignment): ConsumerGroupRecord[] {
  return [
    ...memberTombstones(groupId, oldMemberId),
    memberMetadataRecord(groupId, newMember),
    targetMemberRecord(groupId, newMember.memberId, oldTarget),
    currentAssignmentRecord(groupId, newMember),
  ];
}

