/**
 * The contract every client-side partition assignor implements (Kafka's
 * `ConsumerPartitionAssignor`): the group leader gives it every member's subscription and the
 * cluster's topic metadata, and it returns each member's partitions.
 *
 * @see spec/assignors.md
 */

/** A topic partition. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** The rebalance protocols of KIP-429. */
export type RebalanceProtocol = 'EAGER' | 'COOPERATIVE';

/** One member's subscription, as the leader decodes it from the member's JoinGroup metadata. */
export interface MemberSubscription {
  readonly memberId: string;
  /** The member's `group.instance.id`, or null for a dynamic member. */
  readonly groupInstanceId: string | null;
  /** Subscribed topics, in the member's order. */
  readonly topics: readonly string[];
  /** Opaque assignor data (ConsumerProtocol subscription user data), or null. */
  readonly userData: Uint8Array | null;
  /** Partitions the member owned in the previous generation (subscription v1+). */
  readonly ownedPartitions: readonly TopicPartition[];
  /** The generation of `ownedPartitions` (subscription v2+), -1 when unknown. */
  readonly generationId: number;
  /** The member's `client.rack` (subscription v3+, KIP-881), or null. */
  readonly rackId: string | null;
}

/** One topic as the cluster metadata describes it. */
export interface TopicMetadata {
  readonly topic: string;
  readonly partitionCount: number;
  /**
   * For rack-aware assignment (KIP-881): the racks of each partition's replicas, indexed by
   * partition; absent when the cluster has no rack information.
   */
  readonly partitionRacks?: readonly (readonly string[])[];
}

/** What an assignor is given. */
export interface AssignmentInput {
  readonly members: readonly MemberSubscription[];
  /** Topics known to the cluster; a subscribed topic missing here is assigned to nobody. */
  readonly topics: readonly TopicMetadata[];
}

/** What an assignor returns: every member's partitions (an empty list for a member given none). */
export type GroupAssignment = Map<string, TopicPartition[]>;

/** A client-side partition assignor. */
export interface PartitionAssignor {
  /** The protocol name members advertise in JoinGroup (`range`, `roundrobin`, `sticky`, `cooperative-sticky`). */
  readonly name: string;
  /** The rebalance protocols it supports, in the order Kafka's `supportedProtocols()` lists them. */
  readonly supportedProtocols: readonly RebalanceProtocol[];
  /** Computes the assignment. Pure: the same input gives the same output. */
  assign(input: AssignmentInput): GroupAssignment;
}
