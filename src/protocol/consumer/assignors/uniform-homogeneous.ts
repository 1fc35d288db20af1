/**
 * The `uniform` assignor when every member subscribes to the same topics: Kafka's
 * `UniformHomogeneousAssignmentBuilder`. Each member keeps what it had up to its quota, and the
 * partitions nobody keeps go, in order, to the members below their quota.
 *
 * @remarks
 * Follows Kafka 4.0's `group-coordinator/.../assignor/UniformHomogeneousAssignmentBuilder.java`.
 * Kafka iterates a `HashSet` of topic ids and each member's `HashMap` of topics here, so its
 * output depends on Java's hash order: this port iterates them in that order (SA-21, SA-23) and
 * the members in `memberIds` order. The
 * partitions still to hand out are two flat arrays (topic, partition), and a member's assignment
 * is copied only when it changes, so an unchanged member keeps its very object.
 * @see spec/server-assignors.md (SA-20 to SA-24)
 */
import type { Assignment } from '../assignment.js';
import type { GroupAssignment, GroupSpec, SubscribedTopicDescriber } from '../assignor.js';
import { PartitionAssignorError } from '../assignor.js';
import { addPartition, copyAssignment, javaCopyTableSize, javaGrownTableSize, javaHashOrderPartitions, javaHashOrderTopics } from './common.js';
import type { TopicHashMemo } from './common.js';

/** Partitions waiting for an owner, in hand-out order: topic ids and partition numbers side by side. */
interface Unassigned {
  readonly topics: string[];
  readonly partitions: number[];
}

/** A member below its quota after the revocation pass, and how many partitions it still takes. */
interface Unfilled {
  readonly memberId: string;
  readonly remaining: number;
}

/**
 * Kafka's `UniformHomogeneousAssignmentBuilder.build` (SA-21 to SA-24).
 * @throws PartitionAssignorError when a subscribed topic has no metadata, or partitions are left over.
 */
export function assignUniformHomogeneous(group: GroupSpec, describer: SubscribedTopicDescriber): GroupAssignment {
  const subscribed = group.memberSubscription(group.memberIds[0] as string).subscribedTopicIds;
  // SA-21: nobody subscribes to anything: no entries at all (not even empty ones).
  if (subscribed.size === 0) return new Map();
  const unassigned: Unassigned = { topics: [], partitions: [] };
  let total = 0;
  const memo: TopicHashMemo = new Map();
  for (const topicId of javaHashOrderTopics(subscribed, javaCopyTableSize(subscribed.size), memo)) {
    const n = describer.numPartitions(topicId);
    if (n === -1) throw new PartitionAssignorError(`Members are subscribed to topic ${topicId} which doesn't exist in the topic metadata.`);
    for (let p = 0; p < n; p++) {
      if (!group.isPartitionAssigned(topicId, p)) {
        unassigned.topics.push(topicId);
        unassigned.partitions.push(p);
      }
    }
    total += n;
  }
  const target = new Map<string, Assignment>();
  const unfilled = revokePartitions(group, subscribed, total, target, unassigned, memo);
  assignRemainingPartitions(unfilled, target, unassigned);
  return target;
}

/**
 * SA-22, SA-23: each member, in `memberIds` order, gets quota floor(total/N), one more for the
 * first total mod N members; it keeps the partitions of its current target up to that quota,
 * topic by topic (a topic it holds no more of than its remaining quota is kept whole, otherwise
 * the first partitions up to the quota), and gives up the rest and every topic it no longer
 * subscribes to. What it gives up of subscribed topics joins the partitions to hand out.
 */
function revokePartitions(
  group: GroupSpec,
  subscribed: ReadonlySet<string>,
  total: number,
  target: Map<string, Assignment>,
  unassigned: Unassigned,
  memo: TopicHashMemo,
): Unfilled[] {
  const numMembers = group.memberIds.length;
  const minQuota = Math.floor(total / numMembers);
  let extra = total % numMembers;
  const unfilled: Unfilled[] = [];
  for (const memberId of group.memberIds) {
    const old = group.memberSubscription(memberId).assignedPartitions;
    let quota = minQuota;
    if (extra > 0) {
      quota++;
      extra--;
    }
    let copy: Map<string, Set<number>> | null = null;
    for (const topicId of javaHashOrderTopics(old.keys(), javaGrownTableSize(old.size), memo)) {
      const partitions = old.get(topicId) as ReadonlySet<number>;
      if (!subscribed.has(topicId)) {
        copy ??= copyAssignment(old);
        copy.delete(topicId);
      } else if (partitions.size <= quota) {
        quota -= partitions.size;
      } else {
        for (const p of javaHashOrderPartitions(partitions)) {
          if (quota > 0) {
            quota--;
            continue;
          }
          copy ??= copyAssignment(old);
          const kept = copy.get(topicId) as Set<number>;
          kept.delete(p);
          if (kept.size === 0) copy.delete(topicId);
          unassigned.topics.push(topicId);
          unassigned.partitions.push(p);
        }
      }
    }
    if (quota > 0) unfilled.push({ memberId, remaining: quota });
    target.set(memberId, copy ?? old);
  }
  return unfilled;
}

/**
 * SA-24: the partitions to hand out, in order, fill the members below their quota, in order;
 * any partition left over is an error (Kafka: "Partitions were left unassigned").
 */
function assignRemainingPartitions(unfilled: readonly Unfilled[], target: Map<string, Assignment>, unassigned: Unassigned): void {
  let next = 0;
  const count = unassigned.partitions.length;
  for (const { memberId, remaining } of unfilled) {
    if (next >= count) break;
    const assignment = copyAssignment(target.get(memberId) as Assignment);
    for (let i = 0; i < remaining && next < count; i++, next++) {
      addPartition(assignment, unassigned.topics[next] as string, unassigned.partitions[next] as number);
    }
    target.set(memberId, assignment);
  }
  if (next < count) throw new PartitionAssignorError('Partitions were left unassigned');
}
