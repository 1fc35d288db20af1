/**
 * One member's step toward its target assignment: Kafka's `CurrentAssignmentBuilder`.
 *
 * @remarks
 * Follows Kafka 4.0's `group-coordinator/.../modern/consumer/CurrentAssignmentBuilder.java`
 * (`build`, `ownsRevokedPartitions`, `computeNextAssignment`). A member gives up what left its
 * target before it gets anything new (revocation before reassignment), and gets a partition only
 * once no other member holds it (partition epochs). Pure: the heartbeat decides what to write.
 * @see spec/consumer-group-reconciliation.md
 */
import type { Assignment } from './assignment.js';
import { EMPTY_ASSIGNMENT, assignmentsEqual } from './assignment.js';
import type { HeartbeatTopicPartitions } from '../messages/consumer-group-heartbeat.js';
import type { ConsumerMember, ConsumerMemberState } from './group.js';

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

/**
 * Whether the member still reports owning one of `revoking` (Kafka's `ownsRevokedPartitions`).
 * Not reporting at all (null) counts as still owning them: the coordinator cannot know. @see CGR-04
 */
export function ownsRevokedPartitions(owned: readonly HeartbeatTopicPartitions[] | null, revoking: Assignment): boolean {
  if (owned === null) return true;
  for (const t of owned) {
    const pending = revoking.get(t.topicId);
    if (pending === undefined) continue;
    for (const p of t.partitions) if (pending.has(p)) return true;
  }
  return false;
}

/** CurrentAssignmentBuilder.build: one step by the member's state. @see CGR-01 */
export const reconcile: ReconcileFn = (member, input) => {
  switch (member.state) {
    case 'STABLE':
      // CGR-02: a STABLE member moves only when a newer target exists.
      return member.memberEpoch !== input.targetAssignmentEpoch ? computeNextAssignment(member, member.memberEpoch, input) : member;
    case 'UNREVOKED_PARTITIONS':
      // CGR-04: it stays until it no longer reports the partitions being revoked; then it moves
      // to the next epoch (current + 1) and on toward the latest target.
      if (ownsRevokedPartitions(input.ownedTopicPartitions, member.partitionsPendingRevocation)) return member;
      return computeNextAssignment(member, member.memberEpoch + 1, input);
    case 'UNRELEASED_PARTITIONS':
      // CGR-06: it takes partitions as their previous owners release them.
      return computeNextAssignment(member, member.memberEpoch, input);
    case 'UNKNOWN':
      // CGR-08: the heartbeat has already fenced a member that reports partitions; one that
      // reports none restarts from the target.
      return computeNextAssignment(member, input.targetAssignmentEpoch, input);
  }
};

/** The partition sets computeNextAssignment derives, by topic id. */
interface NextSets {
  assigned: Map<string, Set<number>>;
  revoking: Map<string, Set<number>>;
  pending: Map<string, Set<number>>;
  hasUnreleased: boolean;
}

/**
 * Kafka's set algebra, topic by topic: kept = current ∩ target; revoking = current − kept;
 * pending = target − kept − unreleased (held by someone at some epoch). @see CGR-03
 */
function nextSets(member: ConsumerMember, input: ReconcileInput): NextSets {
  const out: NextSets = { assigned: new Map(), revoking: new Map(), pending: new Map(), hasUnreleased: false };
  const topicIds = new Set([...input.targetAssignment.keys(), ...member.assignedPartitions.keys()]);
  for (const topicId of topicIds) {
    const target = input.targetAssignment.get(topicId) ?? new Set<number>();
    const current = member.assignedPartitions.get(topicId) ?? new Set<number>();
    const kept = new Set([...current].filter((p) => target.has(p)));
    const revoking = new Set([...current].filter((p) => !kept.has(p)));
    const pending = new Set<number>();
    for (const p of target) {
      if (kept.has(p)) continue;
      if (input.currentPartitionEpoch(topicId, p) !== -1) out.hasUnreleased = true;
      else pending.add(p);
    }
    if (kept.size > 0) out.assigned.set(topicId, kept);
    if (revoking.size > 0) out.revoking.set(topicId, revoking);
    if (pending.size > 0) out.pending.set(topicId, pending);
  }
  return out;
}

/** Kafka's `computeNextAssignment`: revoke first, else assign what is free, else wait or settle. */
function computeNextAssignment(member: ConsumerMember, memberEpoch: number, input: ReconcileInput): ConsumerMember {
  const s = nextSets(member, input);
  if (s.revoking.size > 0 && ownsRevokedPartitions(input.ownedTopicPartitions, s.revoking)) {
    // CGR-03: the member keeps its epoch (or the one it just earned) and revokes first.
    return withState(member, 'UNREVOKED_PARTITIONS', memberEpoch, s.assigned, s.revoking);
  }
  for (const [topicId, ps] of s.pending) {
    const set = s.assigned.get(topicId) ?? new Set<number>();
    for (const p of ps) set.add(p);
    s.assigned.set(topicId, set);
  }
  // CGR-05, CGR-06: at the target epoch; UNRELEASED while some target partition is still held.
  const state: ConsumerMemberState = s.hasUnreleased ? 'UNRELEASED_PARTITIONS' : 'STABLE';
  return withState(member, state, input.targetAssignmentEpoch, s.assigned, EMPTY_ASSIGNMENT);
}

/**
 * The member in its new state, epoch moved by Kafka's `updateMemberEpoch` (the previous epoch is
 * the epoch it had); the same object when nothing changed, so callers can compare by identity.
 */
function withState(member: ConsumerMember, state: ConsumerMemberState, memberEpoch: number, assigned: Assignment, revoking: Assignment): ConsumerMember {
  const next: ConsumerMember = {
    ...member,
    state,
    memberEpoch,
    previousMemberEpoch: member.memberEpoch,
    assignedPartitions: assigned,
    partitionsPendingRevocation: revoking,
  };
  return sameAssignmentState(member, next) ? member : next;
}

/** Equal as Kafka's `ConsumerGroupMember.equals` compares the reconciliation fields. */
export function sameAssignmentState(a: ConsumerMember, b: ConsumerMember): boolean {
  return (
    a.state === b.state &&
    a.memberEpoch === b.memberEpoch &&
    a.previousMemberEpoch === b.previousMemberEpoch &&
    assignmentsEqual(a.assignedPartitions, b.assignedPartitions) &&
    assignmentsEqual(a.partitionsPendingRevocation, b.partitionsPendingRevocation)
  );
}
