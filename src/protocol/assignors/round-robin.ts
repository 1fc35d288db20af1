/**
 * Kafka's `RoundRobinAssignor` (protocol name `roundrobin`): every assignable partition, sorted
 * by topic then partition, is dealt in turn to the members in Kafka's member order, skipping
 * members that do not subscribe to the partition's topic.
 *
 * @see spec/assignors.md (AS-16 to AS-19)
 * @packageDocumentation
 */
import { buildSubscriptionTable, toGroupAssignment } from './common.js';
import type { AssignmentInput, GroupAssignment, PartitionAssignor, TopicPartition } from './types.js';

/** The protocol name of the round robin assignor. */
export const ROUND_ROBIN_ASSIGNOR_NAME = 'roundrobin';

/**
 * The first position in `list[from .. to)` (ascending) holding a value at least `value`, or
 * `to` when there is none.
 */
function lowerBound(list: Int32Array, from: number, to: number, value: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Computes the round robin assignment (AS-16, AS-17).
 *
 * @remarks
 * Kafka walks a circular iterator over the sorted members and, for every partition, steps past
 * members not subscribed to its topic. The member it lands on is always the first subscriber of
 * the topic at or after the cursor, so we find it with one binary search per topic in the
 * topic's sorted subscriber list, then walk that list circularly: O(partitions + subscriptions
 * + topics x log members) with no search per partition. The cursor carries over from one topic
 * to the next exactly as Kafka's iterator does.
 */
export function assignRoundRobin(input: AssignmentInput): GroupAssignment {
  const table = buildSubscriptionTable(input);
  const { subscriberStart, subscribers, partitionCounts, topicNames } = table;
  const lists: TopicPartition[][] = table.members.map(() => []);
  // The member the cursor points at (Kafka's `assigner.peek()`), as a member index.
  let cursor = 0;
  for (let t = 0; t < topicNames.length; t++) {
    const topic = topicNames[t] as string;
    const from = subscriberStart[t] as number;
    const to = subscriberStart[t + 1] as number;
    let at = lowerBound(subscribers, from, to, cursor);
    if (at === to) at = from;
    let member = 0;
    const count = partitionCounts[t] as number;
    for (let partition = 0; partition < count; partition++) {
      member = subscribers[at] as number;
      (lists[member] as TopicPartition[]).push({ topic, partition });
      if (++at === to) at = from;
    }
    // Kafka's `assigner.next()` leaves the cursor just past the last member served; a cursor
    // past the end wraps to the first member through the binary search above.
    cursor = member + 1;
  }
  return toGroupAssignment(table, lists);
}

/**
 * The round robin assignor: EAGER only, not rack-aware, not sticky (AS-01, AS-08, AS-19).
 */
export const roundRobinAssignor: PartitionAssignor = {
  name: ROUND_ROBIN_ASSIGNOR_NAME,
  supportedProtocols: ['EAGER'],
  assign: assignRoundRobin,
};
