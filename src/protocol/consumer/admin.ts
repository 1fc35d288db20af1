/**
 * What the offset and admin APIs ask of a consumer group (KIP-848): member-epoch checks for
 * OffsetCommit and OffsetFetch, the topics it is subscribed to, the tombstones that delete it,
 * and its ListGroups entry.
 *
 * @remarks
 * Follows Kafka 4.0's `ConsumerGroup` (`validateOffsetCommit`, `validateOffsetFetch`,
 * `validateMemberEpoch`, `isSubscribedToTopic`, `validateDeleteGroup`,
 * `createGroupTombstoneRecords`, `asListedGroup`). The offset handlers in `../offsets/` call these
 * in their consumer-group branches.
 * @see spec/consumer-group-admin.md
 */
import { ErrorCodes } from '../errors.js';
import type { ListedGroup } from '../messages/index.js';
import type { ConsumerGroup } from './group.js';
import { consumerGroupState } from './group.js';
import type { ConsumerGroupRecord } from './records.js';

/** The OffsetCommit version a member using the consumer protocol must use at least (CGO-12). */
export const MIN_CONSUMER_OFFSET_COMMIT_VERSION = 9;

/**
 * Kafka's `validateMemberEpoch`: the epoch sent must be the member's own. Any other value, older
 * or newer, is STALE_MEMBER_EPOCH: unlike the heartbeat, the offset APIs never answer
 * FENCED_MEMBER_EPOCH (CGO-11).
 */
function memberEpochError(received: number, expected: number): number {
  return received === expected ? ErrorCodes.NONE : ErrorCodes.STALE_MEMBER_EPOCH;
}

/**
 * The checks of `ConsumerGroup.validateOffsetCommit`, in Kafka's order; NONE when the commit may
 * proceed. `memberEpoch` is the request's `GenerationIdOrMemberEpoch` (-1 when absent).
 * @see spec/consumer-group-admin.md CGO-09..CGO-12
 */
export function validateConsumerOffsetCommit(group: ConsumerGroup, memberId: string, memberEpoch: number, version: number): number {
  // CGO-09: admin tools and assign()-mode consumers commit with a negative epoch to an Empty group.
  if (memberEpoch < 0 && group.members.size === 0) return ErrorCodes.NONE;
  const member = group.members.get(memberId);
  if (member === undefined) return ErrorCodes.UNKNOWN_MEMBER_ID; // CGO-10
  // CGO-12: every member here uses the consumer protocol (no classic members: migration is not modelled).
  if (version < MIN_CONSUMER_OFFSET_COMMIT_VERSION) return ErrorCodes.UNSUPPORTED_VERSION;
  return memberEpochError(memberEpoch, member.memberEpoch); // CGO-11
}

/**
 * The checks of `ConsumerGroup.validateOffsetFetch`; NONE when the fetch may proceed. A request
 * without member id and with a negative epoch (every version before 9, admin tools) is accepted.
 * @see spec/consumer-group-admin.md CGO-13
 */
export function validateConsumerOffsetFetch(group: ConsumerGroup, memberId: string | null, memberEpoch: number): number {
  if (memberId === null && memberEpoch < 0) return ErrorCodes.NONE;
  const member = memberId === null ? undefined : group.members.get(memberId);
  if (member === undefined) return ErrorCodes.UNKNOWN_MEMBER_ID;
  return memberEpochError(memberEpoch, member.memberEpoch);
}

/**
 * Kafka's `ModernGroup.isSubscribedToTopic`: some member subscribes to the topic by name, or a
 * regular expression the group keeps resolved matched it (Kafka 4.0 counts the topics of each
 * resolved expression among the subscribed names). An Empty group subscribes to nothing.
 * @see spec/consumer-group-admin.md CGO-15
 */
export function isConsumerGroupSubscribedToTopic(group: ConsumerGroup, topic: string): boolean {
  for (const m of group.members.values()) if (m.subscribedTopicNames.includes(topic)) return true;
  for (const r of group.resolvedRegularExpressions.values()) if (r.topics.includes(topic)) return true;
  return false;
}

/** Kafka's `ConsumerGroup.validateDeleteGroup`: only an Empty group may be deleted (CGO-16). */
export function consumerGroupDeleteError(group: ConsumerGroup): number {
  return consumerGroupState(group) === 'Empty' ? ErrorCodes.NONE : ErrorCodes.NON_EMPTY_GROUP;
}

/**
 * The tombstones that delete a consumer group, in the order of Kafka 4.0's
 * `ConsumerGroup.createGroupTombstoneRecords`: each member's current assignment, each member's
 * target assignment, the target assignment epoch, each member's metadata, each resolved regular
 * expression, the subscription metadata, and last the group epoch, whose tombstone removes the
 * group on replay. Members in join order, expressions in the order the group keeps them (Kafka
 * iterates hash maps there).
 * @see spec/consumer-group-admin.md CGO-17
 */
export function consumerGroupTombstones(group: ConsumerGroup): ConsumerGroupRecord[] {
  const groupId = group.groupId;
  const memberIds = [...group.members.keys()];
  return [
    ...memberIds.map((memberId): ConsumerGroupRecord => ({ type: 'ConsumerGroupCurrentMemberAssignment', groupId, memberId, value: null })),
    ...memberIds.map((memberId): ConsumerGroupRecord => ({ type: 'ConsumerGroupTargetAssignmentMember', groupId, memberId, value: null })),
    { type: 'ConsumerGroupTargetAssignmentMetadata', groupId, value: null },
    ...memberIds.map((memberId): ConsumerGroupRecord => ({ type: 'ConsumerGroupMemberMetadata', groupId, memberId, value: null })),
    ...[...group.resolvedRegularExpressions.keys()].map((regularExpression): ConsumerGroupRecord => ({ type: 'ConsumerGroupRegularExpression', groupId, regularExpression, value: null })),
    { type: 'ConsumerGroupPartitionMetadata', groupId, value: null },
    { type: 'ConsumerGroupMetadata', groupId, value: null },
  ];
}

/** Kafka's `ConsumerGroup.asListedGroup`, with the version's fields (CGO-19). */
export function listedConsumerGroup(group: ConsumerGroup, version: number): ListedGroup {
  return {
    groupId: group.groupId,
    protocolType: 'consumer',
    groupState: version >= 4 ? consumerGroupState(group) : '',
    groupType: version >= 5 ? 'consumer' : '',
  };
}
