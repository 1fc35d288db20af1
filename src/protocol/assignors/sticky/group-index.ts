/**
 * The group as the sticky assignors index it: members by member id, assignable topics by name,
 * and every assignable partition as one integer.
 *
 * @remarks
 * Partition `g` is partition `g - topicStart[t]` of topic `t`, where `t = topicOf[g]`; topics
 * are numbered in name order, so ascending `g` is Kafka's (topic, partition) order. Member `m`
 * is the member at position `m` in member id order (AS-29). Everything downstream works on these
 * integers and typed arrays, which is what lets a million partitions fit in a second.
 *
 * @see spec/assignors-sticky.md (AS-25, AS-28, AS-29, AS-49)
 * @packageDocumentation
 */
import { InvalidRequestError } from '../../invariant.js';
import { compareStrings, provisionalTopicIds } from '../common.js';
import type { AssignmentInput, MemberSubscription, TopicMetadata } from '../types.js';

/** The largest partition count an int32 can describe. */
const MAX_PARTITION_COUNT = 2 ** 31 - 1;

/** The indexed group. */
export interface GroupIndex {
  /** The members sorted by member id (Java `String.compareTo` order). */
  readonly members: readonly MemberSubscription[];
  /** Assignable topics (subscribed by someone, known with at least one partition), by name. */
  readonly topicNames: readonly string[];
  /** Topic name to topic index, for assignable topics only. */
  readonly topicIndex: ReadonlyMap<string, number>;
  /** The metadata of each assignable topic. */
  readonly topicMetadata: readonly TopicMetadata[];
  /** Topic `t` owns partitions `topicStart[t] .. topicStart[t + 1]`; length topics + 1. */
  readonly topicStart: Int32Array;
  /** The topic of each partition. */
  readonly topicOf: Int32Array;
  /** The number of assignable partitions. */
  readonly partitionCount: number;
  /** Member `m` subscribes to `memberTopics[memberTopicStart[m] .. memberTopicStart[m + 1]]`, ascending. */
  readonly memberTopicStart: Int32Array;
  /** Assignable topic indices each member subscribes to, without repeats. */
  readonly memberTopics: Int32Array;
  /** How many members subscribe to each topic. */
  readonly subscriberCount: Int32Array;
  /** Whether every member subscribes to the same set of topic names (AS-28). */
  readonly identicalSubscriptions: boolean;
}

/**
 * Validates the metadata (each topic once, partition counts int32 of at least 0) and indexes
 * it by name.
 */
function indexMetadata(topics: readonly TopicMetadata[]): Map<string, TopicMetadata> {
  const byName = new Map<string, TopicMetadata>();
  topics.forEach((topic, i) => {
    if (byName.has(topic.topic)) {
      throw new InvalidRequestError(`topics[${i}].topic`, `topic ${JSON.stringify(topic.topic)} is listed twice`);
    }
    const count = topic.partitionCount;
    if (!Number.isInteger(count) || count < 0 || count > MAX_PARTITION_COUNT) {
      throw new InvalidRequestError(`topics[${i}].partitionCount`, `must be an integer from 0 to ${MAX_PARTITION_COUNT}, got ${count}`);
    }
    byName.set(topic.topic, topic);
  });
  return byName;
}

/** The members sorted by member id; rejects two members with one id (AS-49). */
function sortById(members: readonly MemberSubscription[]): MemberSubscription[] {
  const seen = new Set<string>();
  members.forEach((member, i) => {
    if (seen.has(member.memberId)) {
      throw new InvalidRequestError(`members[${i}].memberId`, `duplicate member id ${JSON.stringify(member.memberId)}`);
    }
    seen.add(member.memberId);
  });
  return [...members].sort((a, b) => compareStrings(a.memberId, b.memberId));
}


/**
 * Whether every member subscribes to the same set of topic names as the first member in member
 * id order, unknown topics included (AS-28).
 */
function allSubscriptionsEqual(ids: Int32Array, start: Int32Array, nameCount: number): boolean {
  const memberCount = start.length - 1;
  if (memberCount <= 1) return true;
  const inReference = new Uint8Array(nameCount);
  let referenceSize = 0;
  for (let i = start[0] as number; i < (start[1] as number); i++) {
    const id = ids[i] as number;
    if (inReference[id] === 0) referenceSize++;
    inReference[id] = 1;
  }
  // The last member that listed each name, to count a member's names without repeats.
  const lastMember = new Int32Array(nameCount).fill(-1);
  for (let m = 1; m < memberCount; m++) {
    let distinct = 0;
    for (let i = start[m] as number; i < (start[m + 1] as number); i++) {
      const id = ids[i] as number;
      if (inReference[id] === 0) return false;
      if (lastMember[id] !== m) distinct++;
      lastMember[id] = m;
    }
    if (distinct !== referenceSize) return false;
  }
  return true;
}

/** Each member's assignable topics as ascending indices without repeats, in one flat array. */
function memberTopicTable(
  ids: Int32Array,
  start: Int32Array,
  finalIndex: Int32Array,
  topicCount: number,
): { start: Int32Array; topics: Int32Array; subscriberCount: Int32Array } {
  const memberCount = start.length - 1;
  const topics = new Int32Array(ids.length);
  const topicStart = new Int32Array(memberCount + 1);
  const subscriberCount = new Int32Array(topicCount);
  const lastMember = new Int32Array(topicCount).fill(-1);
  let at = 0;
  for (let m = 0; m < memberCount; m++) {
    topicStart[m] = at;
    for (let i = start[m] as number; i < (start[m + 1] as number); i++) {
      const t = finalIndex[ids[i] as number] as number;
      if (t < 0 || lastMember[t] === m) continue;
      lastMember[t] = m;
      subscriberCount[t] = (subscriberCount[t] as number) + 1;
      topics[at++] = t;
    }
    topics.subarray(topicStart[m], at).sort();
  }
  topicStart[memberCount] = at;
  return { start: topicStart, topics: topics.slice(0, at), subscriberCount };
}

/**
 * Indexes an assignment input.
 *
 * @throws InvalidRequestError on duplicate member ids, a topic listed twice in the metadata or
 * a partition count that is not an int32 of at least 0 (AS-49).
 */
export function indexGroup(input: AssignmentInput): GroupIndex {
  const members = sortById(input.members);
  const metadata = indexMetadata(input.topics);
  const { names, ids, start } = provisionalTopicIds(members);
  // Assignable topics: subscribed names the metadata knows with at least one partition.
  const topicNames = names.filter((name) => (metadata.get(name)?.partitionCount ?? 0) > 0).sort(compareStrings);
  const topicIndex = new Map<string, number>();
  topicNames.forEach((name, t) => topicIndex.set(name, t));
  const finalIndex = Int32Array.from(names, (name) => topicIndex.get(name) ?? -1);
  const topicMetadata = topicNames.map((name) => metadata.get(name) as TopicMetadata);

  const topicStart = new Int32Array(topicNames.length + 1);
  topicMetadata.forEach((topic, t) => (topicStart[t + 1] = (topicStart[t] as number) + topic.partitionCount));
  const partitionCount = topicStart[topicNames.length] as number;
  const topicOf = new Int32Array(partitionCount);
  for (let t = 0; t < topicNames.length; t++) topicOf.fill(t, topicStart[t], topicStart[t + 1]);

  const table = memberTopicTable(ids, start, finalIndex, topicNames.length);
  return {
    members,
    topicNames,
    topicIndex,
    topicMetadata,
    topicStart,
    topicOf,
    partitionCount,
    memberTopicStart: table.start,
    memberTopics: table.topics,
    subscriberCount: table.subscriberCount,
    identicalSubscriptions: allSubscriptionsEqual(ids, start, names.length),
  };
}

/** Whether member `m` subscribes to topic `t` (binary search in its ascending topic list). */
export function subscribes(index: GroupIndex, m: number, t: number): boolean {
  let lo = index.memberTopicStart[m] as number;
  let hi = index.memberTopicStart[m + 1] as number;
  const topics = index.memberTopics;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const value = topics[mid] as number;
    if (value === t) return true;
    if (value < t) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
