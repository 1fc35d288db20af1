/**
 * The `uniform` assignor when members subscribe to different topics: Kafka's
 * `UniformHeterogeneousAssignmentBuilder` (reworked by KAFKA-17710). Members keep every partition
 * of a topic they still subscribe to; free partitions go to the least loaded subscribers; then,
 * topic by topic, partitions move from the most to the least loaded subscribers until balanced.
 *
 * @remarks
 * Follows Kafka 4.0's `group-coordinator/.../assignor/UniformHeterogeneousAssignmentBuilder.java`.
 * Members are numbered in `memberIds` order (SA-34), which breaks every tie; topics are sorted
 * with Kafka's comparator, whose last key is Kafka's `Uuid` order. The owner of every partition is
 * an `Int32Array` per topic and assignment sizes one `Int32Array`; member assignments are rebuilt
 * from the owners at the end, for the members that changed only.
 * @see spec/server-assignors.md (SA-30 to SA-34)
 */
import type { Assignment } from '../assignment.js';
import type { GroupAssignment, GroupSpec, SubscribedTopicDescriber } from '../assignor.js';
import { PartitionAssignorError } from '../assignor.js';
import { kafkaUuidOrderKey } from './common.js';
import { MemberAssignmentBalancer } from './member-balancer.js';

/** Rounds over the topics in the balancing phase (Kafka's `MAX_ITERATION_COUNT`). */
const MAX_ITERATION_COUNT = 16;

/** One subscribed topic. */
interface Topic {
  readonly topicId: string;
  readonly numPartitions: number;
  /** Member indices, ascending. */
  readonly subscribers: number[];
  /** The member index owning each partition, -1 while free. */
  readonly owners: Int32Array;
  /** Sort key of Kafka's `Uuid.compareTo`. */
  readonly uuidKey: string;
}

/** The builder's state: members by index, topics, sizes, and which members changed. */
interface State {
  readonly group: GroupSpec;
  readonly memberIds: readonly string[];
  readonly topics: Topic[];
  readonly sizes: Int32Array;
  readonly changed: Uint8Array;
}

/**
 * Kafka's `UniformHeterogeneousAssignmentBuilder.build` (SA-30 to SA-34).
 * @throws PartitionAssignorError when a member subscribes to a topic without metadata.
 */
export function assignUniformHeterogeneous(group: GroupSpec, describer: SubscribedTopicDescriber): GroupAssignment {
  const state = collectTopics(group, describer);
  if (state.topics.length === 0) return new Map();
  const byId = new Map(state.topics.map((t) => [t.topicId, t]));
  revokeUnsubscribed(state, byId);
  assignRemainingPartitions(state);
  balance(state);
  return buildAssignment(state);
}

/** Members numbered 0..M-1 in `memberIds` order; every subscribed topic with its subscribers. */
function collectTopics(group: GroupSpec, describer: SubscribedTopicDescriber): State {
  const memberIds = group.memberIds;
  const byId = new Map<string, Topic>();
  const topics: Topic[] = [];
  memberIds.forEach((memberId, m) => {
    for (const topicId of group.memberSubscription(memberId).subscribedTopicIds) {
      let topic = byId.get(topicId);
      if (topic === undefined) {
        const n = describer.numPartitions(topicId);
        if (n === -1) throw new PartitionAssignorError(`Members are subscribed to topic ${topicId} which doesn't exist in the topic metadata.`);
        topic = { topicId, numPartitions: n, subscribers: [], owners: new Int32Array(n).fill(-1), uuidKey: kafkaUuidOrderKey(topicId) };
        byId.set(topicId, topic);
        topics.push(topic);
      }
      topic.subscribers.push(m);
    }
  });
  return { group, memberIds, topics, sizes: new Int32Array(memberIds.length), changed: new Uint8Array(memberIds.length) };
}

/** SA-30: members keep all of their current target in topics they subscribe to, and drop the rest. */
function revokeUnsubscribed(state: State, byId: ReadonlyMap<string, Topic>): void {
  state.memberIds.forEach((memberId, m) => {
    const spec = state.group.memberSubscription(memberId);
    for (const [topicId, partitions] of spec.assignedPartitions) {
      if (!spec.subscribedTopicIds.has(topicId)) {
        if (partitions.size > 0) state.changed[m] = 1;
        continue;
      }
      const owners = (byId.get(topicId) as Topic).owners;
      state.sizes[m] = (state.sizes[m] as number) + partitions.size;
      for (const p of partitions) owners[p] = m;
    }
  });
}

/**
 * SA-31: topics by partitions per subscriber descending, then subscriber count ascending, then
 * topic id in Kafka's `Uuid` order.
 */
function compareTopics(a: Topic, b: Topic): number {
  const order = b.numPartitions / b.subscribers.length - a.numPartitions / a.subscribers.length;
  if (order !== 0) return order < 0 ? -1 : 1;
  if (a.subscribers.length !== b.subscribers.length) return a.subscribers.length - b.subscribers.length;
  return a.uuidKey < b.uuidKey ? -1 : a.uuidKey > b.uuidKey ? 1 : 0;
}

/** Moves a partition to member `m` (from its owner, if any), keeping sizes and changes. */
function assignPartition(state: State, topic: Topic, partition: number, m: number): void {
  const old = topic.owners[partition] as number;
  if (old !== -1) {
    state.sizes[old] = (state.sizes[old] as number) - 1;
    state.changed[old] = 1;
  }
  topic.owners[partition] = m;
  state.sizes[m] = (state.sizes[m] as number) + 1;
  state.changed[m] = 1;
}

/** SA-32: topic by topic in SA-31 order, each free partition, ascending, to the least loaded subscriber. */
function assignRemainingPartitions(state: State): void {
  const balancer = new MemberAssignmentBalancer(state.sizes);
  const withFree = state.topics.filter((t) => t.owners.includes(-1)).sort(compareTopics);
  for (const topic of withFree) {
    balancer.initialize(topic.subscribers);
    for (let p = 0; p < topic.numPartitions; p++) {
      if (topic.owners[p] === -1) assignPartition(state, topic, p, balancer.nextLeastLoadedMember());
    }
  }
}

/**
 * SA-33: over the topics with at least two subscribers, in SA-31 order, rebalance each in turn;
 * stop after a whole round over the topics without a move, or after 16 rounds.
 */
function balance(state: State): void {
  const topics = state.topics.filter((t) => t.subscribers.length >= 2).sort(compareTopics);
  if (topics.length === 0) return;
  const scratch = new TopicScratch(state.memberIds.length);
  const balancer = new MemberAssignmentBalancer(state.sizes);
  let lastRebalanced = -1;
  for (let i = 0; i < MAX_ITERATION_COUNT; i++) {
    for (let t = 0; t < topics.length; t++) {
      if (t === lastRebalanced) return;
      const moved = balanceTopic(state, topics[t] as Topic, balancer, scratch);
      if (moved > 0 || lastRebalanced === -1) lastRebalanced = t;
    }
  }
}

/** Per-topic work arrays of the balancing phase, reused from topic to topic. */
class TopicScratch {
  /** The topic's partitions grouped by owner (owners ascending), partitions ascending within. */
  partitions = new Int32Array(0);
  /** Per member index: where its run starts in `partitions` (-1: none) and ends (exclusive). */
  readonly start: Int32Array;
  readonly end: Int32Array;
  private touched: number[] = [];

  constructor(members: number) {
    this.start = new Int32Array(members).fill(-1);
    this.end = new Int32Array(members);
  }

  /** Lays out the topic's partitions by (owner, partition) and records each owner's run. */
  layout(owners: Int32Array): void {
    for (const m of this.touched) this.start[m] = -1;
    this.touched = [];
    const n = owners.length;
    const order = Array.from({ length: n }, (_, p) => p).sort((a, b) => (owners[a] as number) - (owners[b] as number) || a - b);
    this.partitions = Int32Array.from(order);
    for (let i = 0; i < n; i++) {
      const owner = owners[this.partitions[i] as number] as number;
      // A free partition (owner -1) cannot occur here: every topic has a subscriber by now.
      if (this.start[owner] === -1) {
        this.start[owner] = i;
        this.touched.push(owner);
      }
      this.end[owner] = i + 1;
    }
  }
}

/**
 * SA-33 for one topic: while its subscribers' counts differ by more than one, take the last
 * partition of this topic (in the owner-grouped layout) from the most loaded subscriber that
 * still holds one, and give it to the least loaded. Returns how many partitions moved.
 */
function balanceTopic(state: State, topic: Topic, balancer: MemberAssignmentBalancer, scratch: TopicScratch): number {
  let moved = 0;
  if (balancer.initialize(topic.subscribers) <= 1) return moved;
  scratch.layout(topic.owners);
  const { start, end } = scratch;
  while (!balancer.isBalanced()) {
    let from = -1;
    for (;;) {
      from = balancer.nextMostLoadedMember();
      if (from === -1) break;
      if (start[from] === -1 || (end[from] as number) - (start[from] as number) <= 0) {
        balancer.excludeMostLoadedMember();
        continue;
      }
      break;
    }
    if (from === -1) break;
    end[from] = (end[from] as number) - 1;
    const partition = scratch.partitions[end[from] as number] as number;
    const to = balancer.nextLeastLoadedMember();
    if (balancer.isBalanced()) break;
    assignPartition(state, topic, partition, to);
    moved++;
  }
  return moved;
}

/** The output: unchanged members keep their target object; changed ones are rebuilt from the owners. */
function buildAssignment(state: State): GroupAssignment {
  const rebuilt = new Map<number, Map<string, Set<number>>>();
  state.changed.forEach((c, m) => {
    if (c === 1) rebuilt.set(m, new Map());
  });
  for (const topic of state.topics) {
    const owners = topic.owners;
    for (let p = 0; p < owners.length; p++) {
      const a = rebuilt.get(owners[p] as number);
      if (a === undefined) continue;
      let set = a.get(topic.topicId);
      if (set === undefined) a.set(topic.topicId, (set = new Set()));
      set.add(p);
    }
  }
  const out = new Map<string, Assignment>();
  state.memberIds.forEach((memberId, m) => {
    out.set(memberId, rebuilt.get(m) ?? state.group.memberSubscription(memberId).assignedPartitions);
  });
  return out;
}
