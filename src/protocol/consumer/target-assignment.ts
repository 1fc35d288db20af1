/**
 * The target assignment of a consumer group: Kafka's `TargetAssignmentBuilder`.
 *
 * @remarks
 * Contract placeholder: the implementation follows Kafka 4.0's
 * `group-coordinator/.../modern/TargetAssignmentBuilder.java`: the members' subscriptions (names
 * and resolved regexes) become topic ids through the subscription metadata, the assignor runs,
 * and only members whose target changed get a ConsumerGroupTargetAssignmentMember record, then
 * one ConsumerGroupTargetAssignmentMetadata record with the new epoch. A static member that
 * replaces another inherits its predecessor's target.
 * @see spec/server-assignors.md
 */
import type { Assignment } from './assignment.js';
import type { ServerAssignor } from './assignor.js';
import type { ConsumerMember, ResolvedRegularExpression, SubscribedTopicMetadata } from './group.js';
import type { ConsumerGroupRecord } from './records.js';

/** What the target assignment is computed from. */
export interface TargetAssignmentInput {
  readonly groupId: string;
  /** The epoch the new target is for (the group epoch). */
  readonly groupEpoch: number;
  readonly assignor: ServerAssignor;
  /** The members as they will be (the updated member included, a removed member left out), in group order. */
  readonly members: ReadonlyMap<string, ConsumerMember>;
  /** The current target of each member (absent: empty). */
  readonly targetAssignment: ReadonlyMap<string, Assignment>;
  readonly subscriptionMetadata: ReadonlyMap<string, SubscribedTopicMetadata>;
  readonly resolvedRegularExpressions: ReadonlyMap<string, ResolvedRegularExpression>;
  /** A static member replacing another: the new member id inherits the old one's target. */
  readonly replacedStaticMember?: { readonly oldMemberId: string; readonly newMemberId: string };
}

/** The new target and the records that write it. */
export interface TargetAssignmentResult {
  readonly targetAssignment: ReadonlyMap<string, Assignment>;
  readonly records: readonly ConsumerGroupRecord[];
}

/** Computes the new target assignment (the function H3 implements). */
export type BuildTargetAssignment = (input: TargetAssignmentInput) => TargetAssignmentResult;
