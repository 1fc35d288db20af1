/**
 * The server-side assignor contract (KIP-848): what Kafka's `ConsumerGroupPartitionAssignor`
 * is given (`GroupSpec`, `SubscribedTopicDescriber`) and returns (`GroupAssignment`).
 *
 * @remarks
 * Follows Kafka 4.0's `group-coordinator-api` `org.apache.kafka.coordinator.group.api.assignor`
 * package. Pure: the same spec gives the same assignment. Where Kafka iterates a HashMap, the
 * order here is the order of `memberIds` (documented per assignor).
 * @see spec/server-assignors.md
 */
import type { Assignment } from './assignment.js';

/** HOMOGENEOUS when every member subscribes to the same topics, else HETEROGENEOUS. */
export type SubscriptionType = 'HOMOGENEOUS' | 'HETEROGENEOUS';

/** One member as the assignor sees it. */
export interface MemberSubscriptionSpec {
  readonly rackId: string | null;
  readonly instanceId: string | null;
  /** Topic ids the member subscribes to (names and regexes resolved, unknown topics left out). */
  readonly subscribedTopicIds: ReadonlySet<string>;
  /** The member's current target assignment (its previous one, for stickiness). */
  readonly assignedPartitions: Assignment;
}

/** The group as the assignor sees it (Kafka's `GroupSpec`). */
export interface GroupSpec {
  /** Member ids, in the order the group keeps them (documented per assignor where it matters). */
  readonly memberIds: readonly string[];
  readonly subscriptionType: SubscriptionType;
  memberSubscription(memberId: string): MemberSubscriptionSpec;
  /** Whether some member's current target holds the partition. */
  isPartitionAssigned(topicId: string, partition: number): boolean;
}

/** Partition counts of subscribed topics (Kafka's `SubscribedTopicDescriber`). */
export interface SubscribedTopicDescriber {
  /** -1 when the topic is unknown. */
  numPartitions(topicId: string): number;
}

/** The new target: every member's assignment. */
export type GroupAssignment = ReadonlyMap<string, Assignment>;

/** A server assignor (`uniform`, `range`). */
export interface ServerAssignor {
  readonly name: string;
  /** @throws PartitionAssignorError when a subscribed topic has no metadata. */
  assign(group: GroupSpec, topics: SubscribedTopicDescriber): GroupAssignment;
}

/** Kafka's `PartitionAssignorException`: surfaced to the heartbeat as UNKNOWN_SERVER_ERROR. */
export class PartitionAssignorError extends Error {
  override readonly name = 'PartitionAssignorError';
}
