/**
 * Building blocks shared by the client-side assignors: Kafka's member order, the table of
 * assignable topics and their subscribers, and the conversion of per-partition owners into a
 * {@link GroupAssignment}.
 *
 * @remarks
 * Everything here works on integer indices into two sorted tables (members in the order of
 * AS-05, topics by name) so that the assignors can run over a million partitions without
 * allocating per step. Member index `m` always means position `m` in
 * {@link SubscriptionTable.members}; topic index `t` means position `t` in
 * {@link SubscriptionTable.topicNames}.
 *
 * @see spec/assignors.md (AS-02 to AS-07)
 * @packageDocumentation
 */
import { InvalidRequestError, InvariantViolation } from '../invariant.js';
import type { AssignmentInput, GroupAssignment, MemberSubscription, TopicMetadata, TopicPartition } from './types.js';

/** The largest partition count Kafka can describe (an int32). */
const MAX_PARTITION_COUNT = 2 ** 31 - 1;

/**
 * Orders two strings as Java's `String.compareTo` does, by UTF-16 code units.
 *
 * @remarks
 * JavaScript's relational operators compare code units too; `localeCompare` would not match
 * Java, so it is never used for assignor orders.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Kafka's member order (`AbstractPartitionAssignor.MemberInfo`): members with a
 * `group.instance.id` first, by instance id, then dynamic members by member id.
 *
 * @remarks
 * Two static members with the same instance id compare equal in Kafka, whose stable sort then
 * keeps their hash-map order; we break that tie by member id (AS-05, our choice).
 */
export function compareMembers(a: MemberSubscription, b: MemberSubscription): number {
  const ai = a.groupInstanceId;
  const bi = b.groupInstanceId;
  if (ai !== null && bi !== null) {
    const byInstance = compareStrings(ai, bi);
    if (byInstance !== 0) return byInstance;
  } else if (ai !== null) {
    return -1;
  } else if (bi !== null) {
    return 1;
  }
  return compareStrings(a.memberId, b.memberId);
}

/** Orders topic partitions by topic name, then partition number (Kafka's `TopicPartitionComparator`). */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  return compareStrings(a.topic, b.topic) || a.partition - b.partition;
}

/**
 * The members sorted by {@link compareMembers}, as a new array.
 *
 * @throws InvalidRequestError when two members share a member id (AS-07).
 */
export function sortMembers(members: readonly MemberSubscription[]): MemberSubscription[] {
  const seen = new Set<string>();
  for (let i = 0; i < members.length; i++) {
    const id = (members[i] as MemberSubscription).memberId;
    if (seen.has(id)) throw new InvalidRequestError(`members[${i}].memberId`, `duplicate member id ${JSON.stringify(id)}`);
    seen.add(id);
  }
  return [...members].sort(compareMembers);
}

/**
 * The member's rack for rack-aware assignment: its `rackId`, or null when it has none or it
 * is empty (Kafka ignores an empty `client.rack`).
 */
export function memberRack(member: MemberSubscription): string | null {
  return member.rackId === null || member.rackId === '' ? null : member.rackId;
}

/**
 * The group as the assignors see it: members in order, the assignable topics by name, and
 * for each topic the indices of its subscribers.
 */
export interface SubscriptionTable {
  /** The members in the order of AS-05. */
  readonly members: readonly MemberSubscription[];
  /** Assignable topics (AS-03), sorted by name. */
  readonly topicNames: readonly string[];
  /** The metadata of each assignable topic, indexed like {@link topicNames}. */
  readonly topicMetadata: readonly TopicMetadata[];
  /** The partition count of each assignable topic (always at least 1). */
  readonly partitionCounts: Int32Array;
  /**
   * Where each topic's subscribers start in {@link subscribers}: topic `t` owns
   * `subscribers[subscriberStart[t] .. subscriberStart[t + 1])`; length is topic count + 1.
   */
  readonly subscriberStart: Int32Array;
  /** Member indices of every topic's subscribers, each topic's run in ascending order. */
  readonly subscribers: Int32Array;
}

/**
 * Validates the cluster metadata and indexes it by topic name.
 *
 * @throws InvalidRequestError on a topic listed twice or a partition count that is not an int32 of at least 0.
 */
function indexMetadata(topics: readonly TopicMetadata[]): Map<string, TopicMetadata> {
  const byName = new Map<string, TopicMetadata>();
  for (let i = 0; i < topics.length; i++) {
    const topic = topics[i] as TopicMetadata;
    if (byName.has(topic.topic)) {
      throw new InvalidRequestError(`topics[${i}].topic`, `topic ${JSON.stringify(topic.topic)} is listed twice`);
    }
    const count = topic.partitionCount;
    if (!Number.isInteger(count) || count < 0 || count > MAX_PARTITION_COUNT) {
      throw new InvalidRequestError(`topics[${i}].partitionCount`, `must be an integer from 0 to ${MAX_PARTITION_COUNT}, got ${count}`);
    }
    byName.set(topic.topic, topic);
  }
  return byName;
}

/**
 * Every member's subscribed topics as provisional ids (first-seen order over the sorted
 * members), in one flat array: member `m` owns `ids[start[m] .. start[m + 1])`.
 */
export function provisionalTopicIds(members: readonly MemberSubscription[]): {
  names: string[];
  ids: Int32Array;
  start: Int32Array;
} {
  let total = 0;
  for (const member of members) total += member.topics.length;
  const ids = new Int32Array(total);
  const start = new Int32Array(members.length + 1);
  const idByName = new Map<string, number>();
  const names: string[] = [];
  let at = 0;
  for (let m = 0; m < members.length; m++) {
    start[m] = at;
    for (const name of (members[m] as MemberSubscription).topics) {
      let id = idByName.get(name);
      if (id === undefined) {
        id = names.length;
        idByName.set(name, id);
        names.push(name);
      }
      ids[at++] = id;
    }
  }
  start[members.length] = at;
  return { names, ids, start };
}

/**
 * Builds the {@link SubscriptionTable} of an assignment input.
 *
 * @remarks
 * Assignable topics are the union of the subscriptions that the metadata knows with at least
 * one partition (AS-03); a topic a member lists twice counts once (AS-07). Cost is linear in
 * the total length of the subscriptions plus a sort of the members and of the topic names.
 *
 * @throws InvalidRequestError on duplicate member ids or invalid metadata (AS-07).
 */
export function buildSubscriptionTable(input: AssignmentInput): SubscriptionTable {
  const members = sortMembers(input.members);
  const metadata = indexMetadata(input.topics);
  const { names, ids, start } = provisionalTopicIds(members);

  // Keep the names the metadata can assign, sorted as Java sorts strings.
  const topicNames = names.filter((name) => (metadata.get(name)?.partitionCount ?? 0) > 0).sort();
  const finalIndex = new Map<string, number>();
  topicNames.forEach((name, t) => finalIndex.set(name, t));
  const rank = new Int32Array(names.length);
  names.forEach((name, id) => (rank[id] = finalIndex.get(name) ?? -1));

  const topicCount = topicNames.length;
  const topicMetadata = topicNames.map((name) => metadata.get(name) as TopicMetadata);
  const partitionCounts = Int32Array.from(topicMetadata, (m) => m.partitionCount);

  // `lastMember` drops a topic a member lists twice. Members are visited in order, so each
  // topic's run of subscribers comes out ascending.
  const lastMember = new Int32Array(topicCount);
  const { start: subscriberStart, items: subscribers } = bucketize(topicCount, (add) => {
    lastMember.fill(-1);
    forEachSubscription(ids, start, rank, lastMember, add);
  });
  return { members, topicNames, topicMetadata, partitionCounts, subscriberStart, subscribers };
}

/** Buckets of integers, as `items[start[k] .. start[k + 1])` for bucket `k`. */
export interface Buckets {
  /** Where each bucket starts in {@link items}; one longer than the number of buckets. */
  readonly start: Int32Array;
  readonly items: Int32Array;
}

/**
 * A counting sort into `keys` buckets: `emit` is called twice and must call `add(key, item)`
 * for the same pairs in the same order both times (once to count, once to fill), so that each
 * bucket keeps the order of its items and every array has its exact size.
 */
export function bucketize(keys: number, emit: (add: (key: number, item: number) => void) => void): Buckets {
  const start = new Int32Array(keys + 1);
  emit((key) => {
    start[key + 1] = (start[key + 1] as number) + 1;
  });
  for (let k = 0; k < keys; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const items = new Int32Array(start[keys] as number);
  const fill = start.slice(0, keys);
  emit((key, item) => {
    const at = fill[key] as number;
    items[at] = item;
    fill[key] = at + 1;
  });
  return { start, items };
}

/** Calls `visit(topic, member)` once per distinct assignable topic of each member, members in order. */
function forEachSubscription(
  ids: Int32Array,
  start: Int32Array,
  rank: Int32Array,
  lastMember: Int32Array,
  visit: (topic: number, member: number) => void,
): void {
  const memberCount = start.length - 1;
  for (let m = 0; m < memberCount; m++) {
    const end = start[m + 1] as number;
    for (let i = start[m] as number; i < end; i++) {
      const t = rank[ids[i] as number] as number;
      if (t < 0 || lastMember[t] === m) continue;
      lastMember[t] = m;
      visit(t, m);
    }
  }
}

/**
 * Turns per-topic partition owners into the assignors' output: one entry per member, in
 * member order (AS-02), each list sorted by topic then partition (AS-06).
 *
 * @param owners - for each topic index, the member index owning each partition.
 * @throws InvariantViolation (AS-04) when a partition has no owner.
 */
export function assignmentFromOwners(table: SubscriptionTable, owners: readonly Int32Array[]): GroupAssignment {
  const lists: TopicPartition[][] = table.members.map(() => []);
  for (let t = 0; t < table.topicNames.length; t++) {
    const topic = table.topicNames[t] as string;
    const owner = owners[t] as Int32Array;
    for (let p = 0; p < owner.length; p++) {
      const m = owner[p] as number;
      if (m < 0) throw new InvariantViolation('AS-04', `partition ${topic}-${p} was left unassigned`);
      (lists[m] as TopicPartition[]).push({ topic, partition: p });
    }
  }
  return toGroupAssignment(table, lists);
}

/** Wraps per-member lists (indexed like {@link SubscriptionTable.members}) into a {@link GroupAssignment}. */
export function toGroupAssignment(table: SubscriptionTable, lists: readonly TopicPartition[][]): GroupAssignment {
  const assignment: GroupAssignment = new Map();
  table.members.forEach((member, m) => assignment.set(member.memberId, lists[m] as TopicPartition[]));
  return assignment;
}
