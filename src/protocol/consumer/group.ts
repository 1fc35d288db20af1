/**
 * The coordinator's view of a consumer group (KIP-848) and its members.
 *
 * @remarks
 * Follows Kafka 4.0's `group-coordinator` module: `ConsumerGroup`, `ConsumerGroupMember`,
 * `MemberState`. Every field here is the fold of the ConsumerGroup* records (`./records.ts`):
 * unlike a classic group, a consumer group has no volatile part, so the state a coordinator
 * rebuilds after failover is the live state. Changed only by `replay`; handlers read it.
 * @see spec/consumer-group.md
 */
import type { Assignment } from './assignment.js';

/**
 * The states of a consumer group, derived (never stored) from its members and epochs as Kafka's
 * `ConsumerGroup.maybeUpdateGroupState` does:
 *
 * - `Empty`: no members. A heartbeat with epoch 0 adds the first one; offsets can be committed
 *   by admin tools and expire; DeleteGroups may delete it.
 * - `Assigning`: the group epoch is ahead of the target assignment epoch (a new target is due).
 *   Transient here, as in Kafka 4.0: the target is computed inside the heartbeat that bumps it.
 * - `Reconciling`: the target is computed but some member has not reached it (its epoch is
 *   behind the target epoch, or it is revoking or waiting for partitions to be released).
 * - `Stable`: every member is at the target epoch with nothing to revoke or wait for.
 * - `Dead`: the group was deleted (DeleteGroups or expiration); never seen by a live lookup.
 */
export type ConsumerGroupStateName = 'Empty' | 'Assigning' | 'Reconciling' | 'Stable' | 'Dead';

/**
 * The reconciliation state of one member (Kafka's `MemberState`, `CurrentAssignmentBuilder`):
 *
 * - `STABLE`: the member has every partition of its target it can have, nothing to revoke.
 * - `UNREVOKED_PARTITIONS`: the member must revoke `partitionsPendingRevocation` first; its
 *   epoch stays until it reports them released (the rebalance timeout runs meanwhile).
 * - `UNRELEASED_PARTITIONS`: the member is at the target epoch but some of its target
 *   partitions are still owned by others; they are handed over as they are released.
 * - `UNKNOWN`: the state could not be determined (a record from a newer version).
 */
export type ConsumerMemberState = 'STABLE' | 'UNREVOKED_PARTITIONS' | 'UNRELEASED_PARTITIONS' | 'UNKNOWN';

/** The member-state codes Kafka writes in ConsumerGroupCurrentMemberAssignmentValue.State. */
export const MEMBER_STATE_CODES: Readonly<Record<ConsumerMemberState, number>> = {
  STABLE: 0,
  UNREVOKED_PARTITIONS: 1,
  UNRELEASED_PARTITIONS: 2,
  UNKNOWN: 127,
};

/** A member of a consumer group (Kafka's `ConsumerGroupMember`). Immutable. */
export interface ConsumerMember {
  readonly memberId: string;
  /** The epoch the member is at: it has reconciled up to the target of this epoch. */
  readonly memberEpoch: number;
  /** The epoch before the last bump (tolerates a lost heartbeat response). */
  readonly previousMemberEpoch: number;
  readonly state: ConsumerMemberState;
  readonly instanceId: string | null;
  readonly rackId: string | null;
  readonly rebalanceTimeoutMs: number;
  readonly clientId: string;
  readonly clientHost: string;
  /** In the order the member sent them. */
  readonly subscribedTopicNames: readonly string[];
  readonly subscribedTopicRegex: string | null;
  readonly serverAssignorName: string | null;
  /** The partitions the member may use now. */
  readonly assignedPartitions: Assignment;
  /** The partitions the member must give up before it gets more. */
  readonly partitionsPendingRevocation: Assignment;
}

/** One subscribed topic as the group last saw it (ConsumerGroupPartitionMetadataValue, Kafka 4.0). */
export interface SubscribedTopicMetadata {
  readonly topicId: string;
  readonly topicName: string;
  readonly numPartitions: number;
}

/** What a regular expression resolved to (ConsumerGroupRegularExpressionValue, Kafka 4.0). */
export interface ResolvedRegularExpression {
  /** The topic names it matched, ascending. */
  readonly topics: readonly string[];
  /** The metadata image version it was resolved against. */
  readonly version: number;
  readonly timestampMs: number;
}

/** A consumer group as replay builds it; only `replay` writes it. */
export interface MutableConsumerGroup {
  readonly groupId: string;
  /** Bumped whenever the inputs of the assignment change (members, subscriptions, metadata). */
  groupEpoch: number;
  /** The group epoch the current target assignment was computed for. */
  targetAssignmentEpoch: number;
  /** Members in the order they joined (Map insertion order). */
  members: Map<string, ConsumerMember>;
  /** The target assignment of each member (absent: empty). */
  targetAssignment: Map<string, Assignment>;
  /** Subscribed topics by name as last computed from the metadata image. */
  subscriptionMetadata: Map<string, SubscribedTopicMetadata>;
  /** Resolved regular expressions by regex. */
  resolvedRegularExpressions: Map<string, ResolvedRegularExpression>;
  /**
   * The epoch of the member holding each partition (assigned or pending revocation), by topic
   * id then partition; absent = free. Derived from the members, kept for speed (a property
   * checks stored == derived; CONTRIBUTING.md rule 5).
   */
  partitionEpochs: Map<string, Map<number, number>>;
}

/** A read-only view of a consumer group: what handlers and readers get. */
export type ConsumerGroup = {
  readonly [K in Exclude<keyof MutableConsumerGroup, 'members' | 'targetAssignment' | 'subscriptionMetadata' | 'resolvedRegularExpressions' | 'partitionEpochs'>]: MutableConsumerGroup[K];
} & {
  readonly members: ReadonlyMap<string, ConsumerMember>;
  readonly targetAssignment: ReadonlyMap<string, Assignment>;
  readonly subscriptionMetadata: ReadonlyMap<string, SubscribedTopicMetadata>;
  readonly resolvedRegularExpressions: ReadonlyMap<string, ResolvedRegularExpression>;
  readonly partitionEpochs: ReadonlyMap<string, ReadonlyMap<number, number>>;
};

/** A brand-new consumer group: epoch 0, no members. */
export function newConsumerGroup(groupId: string): MutableConsumerGroup {
  return {
    groupId,
    groupEpoch: 0,
    targetAssignmentEpoch: 0,
    members: new Map(),
    targetAssignment: new Map(),
    subscriptionMetadata: new Map(),
    resolvedRegularExpressions: new Map(),
    partitionEpochs: new Map(),
  };
}

/** A member is reconciled when it is STABLE at the target assignment epoch. */
export function isReconciled(member: ConsumerMember, targetAssignmentEpoch: number): boolean {
  return member.state === 'STABLE' && member.memberEpoch === targetAssignmentEpoch;
}

/** The group's state, derived as Kafka's `ConsumerGroup.maybeUpdateGroupState` derives it. */
export function consumerGroupState(group: ConsumerGroup): ConsumerGroupStateName {
  if (group.members.size === 0) return 'Empty';
  if (group.groupEpoch > group.targetAssignmentEpoch) return 'Assigning';
  for (const m of group.members.values()) if (!isReconciled(m, group.targetAssignmentEpoch)) return 'Reconciling';
  return 'Stable';
}

/** The epoch of the member holding the partition, or -1 when it is free. */
export function currentPartitionEpoch(group: ConsumerGroup, topicId: string, partition: number): number {
  return group.partitionEpochs.get(topicId)?.get(partition) ?? -1;
}
