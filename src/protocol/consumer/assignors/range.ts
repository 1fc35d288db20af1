/**
 * The server-side `range` assignor (KIP-848, rewritten by KAFKA-16944): topic by topic, the
 * subscribers in Kafka's member order each get a contiguous range of partitions, the first ones
 * one extra. Not sticky: the current target is not read.
 *
 * @remarks
 * Follows Kafka 4.0's `group-coordinator/.../assignor/RangeAssignor.java`. Nothing in it depends
 * on hash-map order: each topic is handed out on its own, to its subscribers in the sorted
 * member order (SA-10).
 * @see spec/server-assignors.md (SA-10 to SA-13)
 */
import type { Assignment } from '../assignment.js';
import type { GroupAssignment, GroupSpec, ServerAssignor, SubscribedTopicDescriber } from '../assignor.js';
import { PartitionAssignorError } from '../assignor.js';
import { compareStrings, rangeSet } from './common.js';

/** The name members ask for (`ServerAssignor` in the heartbeat) and `group.consumer.assignors` lists. */
export const RANGE_ASSIGNOR_NAME = 'range';

/** One topic's hand-out state (Kafka's `RangeAssignor.TopicMetadata`). */
interface TopicRange {
  readonly topicId: string;
  readonly numPartitions: number;
  numMembers: number;
  minQuota: number;
  extraPartitions: number;
  nextRange: number;
}

function newTopicRange(topicId: string, numPartitions: number, numMembers: number): TopicRange {
  return { topicId, numPartitions, numMembers, minQuota: -1, extraPartitions: -1, nextRange: 0 };
}

/** The quota is computed at the first hand-out, once every subscriber is counted. */
function maybeComputeQuota(t: TopicRange): void {
  if (t.minQuota !== -1) return;
  t.minQuota = Math.floor(t.numPartitions / t.numMembers);
  t.extraPartitions = t.numPartitions % t.numMembers;
}

/** The next subscriber's range of the topic: the floor, plus one while extras remain (SA-11). */
function addPartitionsToAssignment(t: TopicRange, assignment: Map<string, ReadonlySet<number>>): void {
  const start = t.nextRange;
  let quota = t.minQuota;
  if (t.extraPartitions > 0) {
    quota++;
    t.extraPartitions--;
  }
  const end = Math.min(start + quota, t.numPartitions);
  t.nextRange = end;
  if (start < end) assignment.set(t.topicId, rangeSet(start, end));
}

function numPartitionsOrThrow(topics: SubscribedTopicDescriber, topicId: string): number {
  const n = topics.numPartitions(topicId);
  if (n === -1) throw new PartitionAssignorError('Member is subscribed to a non-existent topic');
  return n;
}

/**
 * Members sorted as Kafka's `RangeAssignor.sortMemberIds` (SA-10): members with an instance id
 * first, by instance id, then the others by member id (UTF-16 order, as Java's `compareTo`).
 */
export function sortMemberIds(group: GroupSpec): string[] {
  const instance = new Map(group.memberIds.map((id) => [id, group.memberSubscription(id).instanceId]));
  return [...group.memberIds].sort((a, b) => {
    const ia = instance.get(a) ?? null;
    const ib = instance.get(b) ?? null;
    if (ia !== null && ib !== null) return compareStrings(ia, ib);
    if (ia !== null) return -1;
    if (ib !== null) return 1;
    return compareStrings(a, b);
  });
}

/** Every member subscribes to the same topics: the first sorted member's topics, shared by all (SA-11). */
function assignHomogeneous(group: GroupSpec, describer: SubscribedTopicDescriber): GroupAssignment {
  const memberIds = sortMemberIds(group);
  const numMembers = group.memberIds.length;
  const first = group.memberSubscription(memberIds[0] as string);
  const topics: TopicRange[] = [];
  for (const topicId of first.subscribedTopicIds) {
    topics.push(newTopicRange(topicId, numPartitionsOrThrow(describer, topicId), numMembers));
  }
  const out = new Map<string, Assignment>();
  for (const memberId of memberIds) {
    const assignment = new Map<string, ReadonlySet<number>>();
    for (const t of topics) {
      maybeComputeQuota(t);
      addPartitionsToAssignment(t, assignment);
    }
    out.set(memberId, assignment);
  }
  return out;
}

/** Subscriptions differ: each topic is split among its own subscribers (SA-12). */
function assignHeterogeneous(group: GroupSpec, describer: SubscribedTopicDescriber): GroupAssignment {
  const memberIds = sortMemberIds(group);
  const topics = new Map<string, TopicRange>();
  for (const memberId of memberIds) {
    for (const topicId of group.memberSubscription(memberId).subscribedTopicIds) {
      let t = topics.get(topicId);
      if (t === undefined) topics.set(topicId, (t = newTopicRange(topicId, numPartitionsOrThrow(describer, topicId), 0)));
      t.numMembers++;
    }
  }
  const out = new Map<string, Assignment>();
  for (const memberId of memberIds) {
    const assignment = new Map<string, ReadonlySet<number>>();
    for (const topicId of group.memberSubscription(memberId).subscribedTopicIds) {
      const t = topics.get(topicId) as TopicRange;
      maybeComputeQuota(t);
      addPartitionsToAssignment(t, assignment);
    }
    out.set(memberId, assignment);
  }
  return out;
}

/**
 * Kafka's server-side `RangeAssignor.assign` (SA-11, SA-12): every member gets an entry (an
 * empty one when it gets nothing), in sorted member order; an empty group gets nothing.
 * @throws PartitionAssignorError when a member subscribes to a topic the describer does not know.
 */
export function assignRange(group: GroupSpec, topics: SubscribedTopicDescriber): GroupAssignment {
  if (group.memberIds.length === 0) return new Map();
  return group.subscriptionType === 'HOMOGENEOUS' ? assignHomogeneous(group, topics) : assignHeterogeneous(group, topics);
}

/** The `range` server assignor. */
export const rangeServerAssignor: ServerAssignor = { name: RANGE_ASSIGNOR_NAME, assign: assignRange };
