/**
 * The concrete `GroupSpec` and `SubscribedTopicDescriber` the target assignment hands to a server
 * assignor: Kafka's `GroupSpecImpl`, `MemberSubscriptionAndAssignmentImpl` and
 * `SubscribedTopicDescriberImpl`.
 *
 * @remarks
 * Kept apart from `target-assignment.ts` so that tests and benchmarks can build an assignor's
 * input directly, as Kafka's assignor tests build a `GroupSpecImpl` (SA-03).
 * @see spec/server-assignors.md
 */
import type { Assignment } from './assignment.js';
import type { GroupSpec, MemberSubscriptionSpec, SubscribedTopicDescriber, SubscriptionType } from './assignor.js';
import { InvariantViolation } from '../invariant.js';

/**
 * Which partitions some member's current target holds (Kafka's inverted target assignment, as
 * far as `isPartitionAssigned` needs it): a bitmap per topic, so a lookup is two reads.
 */
export class AssignedPartitions {
  private readonly byTopic = new Map<string, Uint8Array | Set<number>>();

  /**
   * The partitions of every assignment given.
   * @param numPartitions the partition count of a topic, or -1 when unknown (then a set is kept).
   */
  constructor(assignments: Iterable<Assignment>, numPartitions: (topicId: string) => number) {
    for (const assignment of assignments) {
      for (const [topicId, partitions] of assignment) {
        let marks = this.byTopic.get(topicId);
        if (marks === undefined) {
          const n = numPartitions(topicId);
          marks = n >= 0 ? new Uint8Array(n) : new Set<number>();
          this.byTopic.set(topicId, marks);
        }
        for (const p of partitions) {
          if (marks instanceof Set) marks.add(p);
          else if (p < marks.length) marks[p] = 1;
          else this.byTopic.set(topicId, (marks = widen(marks, p)));
        }
      }
    }
  }

  /** Whether some assignment holds the partition. */
  has(topicId: string, partition: number): boolean {
    const marks = this.byTopic.get(topicId);
    if (marks === undefined) return false;
    return marks instanceof Set ? marks.has(partition) : marks[partition] === 1;
  }
}

/** A bitmap turned into a set, for a partition beyond the topic's known count (a stale target). */
function widen(marks: Uint8Array, partition: number): Set<number> {
  const out = new Set<number>([partition]);
  marks.forEach((m, p) => {
    if (m === 1) out.add(p);
  });
  return out;
}

/**
 * A `GroupSpec` over the given members (SA-03). `memberIds` is the order of `members`.
 * @param assigned the partitions held by some member's current target; by default those of the
 *   members given.
 */
export function createGroupSpec(
  members: ReadonlyMap<string, MemberSubscriptionSpec>,
  subscriptionType: SubscriptionType,
  assigned?: AssignedPartitions,
): GroupSpec {
  const inverted = assigned ?? new AssignedPartitions([...members.values()].map((m) => m.assignedPartitions), () => -1);
  const memberIds = [...members.keys()];
  return {
    memberIds,
    subscriptionType,
    memberSubscription(memberId: string): MemberSubscriptionSpec {
      const spec = members.get(memberId);
      // Kafka's GroupSpecImpl throws IllegalArgumentException here: asking for a member that
      // is not in the spec is a bug in the assignor.
      if (spec === undefined) throw new InvariantViolation('SA-03', `Member Id ${memberId} not found.`);
      return spec;
    },
    isPartitionAssigned: (topicId, partition) => inverted.has(topicId, partition),
  };
}

/** A `SubscribedTopicDescriber` over partition counts by topic id (-1 for any other topic). */
export function topicDescriber(numPartitionsByTopicId: ReadonlyMap<string, number>): SubscribedTopicDescriber {
  return { numPartitions: (topicId) => numPartitionsByTopicId.get(topicId) ?? -1 };
}
