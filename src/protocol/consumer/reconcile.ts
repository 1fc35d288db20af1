/**
 * One member's step toward its target assignment: Kafka's `CurrentAssignmentBuilder`.
 *
 * @remarks
 * Placeholder signature for the contract; the implementation follows Kafka 4.0's
 * `group-coordinator/.../modern/consumer/CurrentAssignmentBuilder.java`.
 * @see spec/consumer-group-reconciliation.md
 */
import type { Assignment } from './assignment.js';
import type { HeartbeatTopicPartitions } from '../messages/consumer-group-heartbeat.js';
import type { ConsumerMember } from './group.js';

/** What one reconciliation step needs besides the member. */
export interface ReconcileInput {
  /** The target assignment epoch and the member's target assignment in it. */
  readonly targetAssignmentEpoch: number;
  readonly targetAssignment: Assignment;
  /** The epoch of the member holding a partition, or -1 when free (partition epochs). */
  readonly currentPartitionEpoch: (topicId: string, partition: number) => number;
  /** The partitions the member reported owning in this heartbeat; null: not reported. */
  readonly ownedTopicPartitions: readonly HeartbeatTopicPartitions[] | null;
}

/**
 * The member after one reconciliation step (epochs, state, assigned and pending revocation), or
 * the same object when nothing changes.
 */
export type ReconcileFn = (member: ConsumerMember, input: ReconcileInput) => ConsumerMember;
