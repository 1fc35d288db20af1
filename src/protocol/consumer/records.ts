/**
 * The ConsumerGroup* records: every change to a consumer group is one of these, written to the
 * group's `__consumer_offsets` partition. All are durable (Kafka keeps no volatile consumer-group
 * state), so folding them rebuilds the live group exactly.
 *
 * @remarks
 * Follows Kafka 4.0's `group-coordinator/src/main/resources/common/message/ConsumerGroup*Key.json`
 * and `*Value.json` (record types 3-8 and 16) and where `GroupCoordinatorRecordHelpers` writes
 * them. A null value is a tombstone. Lists are in canonical order (`./assignment.ts`).
 * @see spec/consumer-group-records.md
 */
import type { TopicIdPartitions } from './assignment.js';
import type { SubscribedTopicMetadata } from './group.js';

/** ConsumerGroupMetadata (type 3): the group epoch. */
export interface ConsumerGroupMetadataRecord {
  readonly type: 'ConsumerGroupMetadata';
  readonly groupId: string;
  readonly value: { readonly epoch: number } | null;
}

/** ConsumerGroupPartitionMetadata (type 4): the subscribed topics' metadata. */
export interface ConsumerGroupPartitionMetadataRecord {
  readonly type: 'ConsumerGroupPartitionMetadata';
  readonly groupId: string;
  /** Topics ascending by name. */
  readonly value: { readonly topics: readonly SubscribedTopicMetadata[] } | null;
}

/** ConsumerGroupMemberMetadataValue: what the member said about itself. */
export interface ConsumerGroupMemberMetadataValue {
  readonly instanceId: string | null;
  readonly rackId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly subscribedTopicNames: readonly string[];
  readonly subscribedTopicRegex: string | null;
  readonly serverAssignor: string | null;
  readonly rebalanceTimeoutMs: number;
}

/** ConsumerGroupMemberMetadata (type 5): one member's metadata. */
export interface ConsumerGroupMemberMetadataRecord {
  readonly type: 'ConsumerGroupMemberMetadata';
  readonly groupId: string;
  readonly memberId: string;
  readonly value: ConsumerGroupMemberMetadataValue | null;
}

/** ConsumerGroupTargetAssignmentMetadata (type 6): the target assignment epoch. */
export interface ConsumerGroupTargetAssignmentMetadataRecord {
  readonly type: 'ConsumerGroupTargetAssignmentMetadata';
  readonly groupId: string;
  readonly value: { readonly assignmentEpoch: number } | null;
}

/** ConsumerGroupTargetAssignmentMember (type 7): one member's target assignment. */
export interface ConsumerGroupTargetAssignmentMemberRecord {
  readonly type: 'ConsumerGroupTargetAssignmentMember';
  readonly groupId: string;
  readonly memberId: string;
  readonly value: { readonly topicPartitions: readonly TopicIdPartitions[] } | null;
}

/** ConsumerGroupCurrentMemberAssignmentValue: where one member is in its reconciliation. */
export interface ConsumerGroupCurrentMemberAssignmentValue {
  readonly memberEpoch: number;
  readonly previousMemberEpoch: number;
  /** {@link MEMBER_STATE_CODES}. */
  readonly state: number;
  readonly assignedPartitions: readonly TopicIdPartitions[];
  readonly partitionsPendingRevocation: readonly TopicIdPartitions[];
}

/** ConsumerGroupCurrentMemberAssignment (type 8): one member's current assignment and epochs. */
export interface ConsumerGroupCurrentMemberAssignmentRecord {
  readonly type: 'ConsumerGroupCurrentMemberAssignment';
  readonly groupId: string;
  readonly memberId: string;
  readonly value: ConsumerGroupCurrentMemberAssignmentValue | null;
}

/** ConsumerGroupRegularExpression (type 16): what a subscribed regex resolved to. */
export interface ConsumerGroupRegularExpressionRecord {
  readonly type: 'ConsumerGroupRegularExpression';
  readonly groupId: string;
  readonly regularExpression: string;
  readonly value: { readonly topics: readonly string[]; readonly version: number; readonly timestamp: number } | null;
}

/** Any ConsumerGroup* record. */
export type ConsumerGroupRecord =
  | ConsumerGroupMetadataRecord
  | ConsumerGroupPartitionMetadataRecord
  | ConsumerGroupMemberMetadataRecord
  | ConsumerGroupTargetAssignmentMetadataRecord
  | ConsumerGroupTargetAssignmentMemberRecord
  | ConsumerGroupCurrentMemberAssignmentRecord
  | ConsumerGroupRegularExpressionRecord;

/** The type tags of {@link ConsumerGroupRecord}. */
export const CONSUMER_GROUP_RECORD_TYPES: ReadonlySet<string> = new Set([
  'ConsumerGroupMetadata',
  'ConsumerGroupPartitionMetadata',
  'ConsumerGroupMemberMetadata',
  'ConsumerGroupTargetAssignmentMetadata',
  'ConsumerGroupTargetAssignmentMember',
  'ConsumerGroupCurrentMemberAssignment',
  'ConsumerGroupRegularExpression',
]);

/** Whether a record is a ConsumerGroup* record. */
export function isConsumerGroupRecord(record: { readonly type: string }): record is ConsumerGroupRecord {
  return CONSUMER_GROUP_RECORD_TYPES.has(record.type);
}
