/**
 * Which `__consumer_offsets` partition, and so which broker, coordinates a group.
 *
 * @remarks
 * `partition(groupId) = Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions`, with
 * Java's `String.hashCode` over UTF-16 code units and Kafka's `Utils.abs`, which maps
 * Integer.MIN_VALUE to 0 (Java's `Math.abs` would leave it negative). The coordinator of the
 * group is the leader of that partition.
 * @see spec/cluster.md FC-01, FC-02, FC-07
 */
import type { Cluster } from './cluster/cluster.js';
import type { AdminError } from './cluster/types.js';

/** The topic holding group metadata and committed offsets. */
export const CONSUMER_OFFSETS_TOPIC = '__consumer_offsets';
/** The topic of the transaction coordinators (never created by this project). */
export const TRANSACTION_STATE_TOPIC = '__transaction_state';
/** `offsets.topic.num.partitions` default. */
export const DEFAULT_OFFSETS_TOPIC_PARTITIONS = 50;
/** `offsets.topic.replication.factor` default. */
export const DEFAULT_OFFSETS_TOPIC_REPLICATION_FACTOR = 3;

const INT32_MIN = -2147483648;

/**
 * Java's `String.hashCode`: `h = 31*h + c` over the UTF-16 code units, in 32-bit signed
 * arithmetic.
 */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Kafka's `Utils.abs`: the absolute value of a 32-bit integer, except that
 * Integer.MIN_VALUE (whose absolute value does not fit) maps to 0.
 *
 * @throws RangeError if `n` is not a 32-bit signed integer.
 */
export function kafkaAbs(n: number): number {
  if (!Number.isInteger(n) || n < INT32_MIN || n > 2147483647) throw new RangeError(`not an int32: ${n}`);
  return n === INT32_MIN ? 0 : Math.abs(n);
}

/**
 * FC-01: the `__consumer_offsets` partition of a group (also the `__transaction_state`
 * partition of a transactional id, which Kafka computes the same way).
 *
 * @throws RangeError unless `partitionCount` is a positive integer.
 */
export function partitionForGroup(groupId: string, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) {
    throw new RangeError(`partitionCount must be a positive integer, got ${partitionCount}`);
  }
  // One partition (the lone coordinator) needs no hash: every group maps to 0.
  return partitionCount === 1 ? 0 : kafkaAbs(javaStringHashCode(groupId)) % partitionCount;
}

/** Options of {@link ensureOffsetsTopic}. */
export interface OffsetsTopicOptions {
  /** `offsets.topic.num.partitions` (default 50). */
  readonly numPartitions?: number;
  /** `offsets.topic.replication.factor` (default 3), capped at the number of live brokers. */
  readonly replicationFactor?: number;
}

/**
 * FC-07: creates `__consumer_offsets` unless it exists: `offsets.topic.num.partitions`
 * partitions, replication factor min(`offsets.topic.replication.factor`, live brokers),
 * placed as any topic (RP-01). The coordinator layer calls this at startup.
 */
export function ensureOffsetsTopic(
  cluster: Cluster<unknown>,
  options: OffsetsTopicOptions = {},
): { readonly created: boolean } | { readonly error: AdminError } {
  if (cluster.partitionCount(CONSUMER_OFFSETS_TOPIC) !== undefined) return { created: false };
  const live = cluster.brokers().filter((b) => b.up).length;
  const rf = Math.min(options.replicationFactor ?? DEFAULT_OFFSETS_TOPIC_REPLICATION_FACTOR, live);
  const result = cluster.createTopic(CONSUMER_OFFSETS_TOPIC, options.numPartitions ?? DEFAULT_OFFSETS_TOPIC_PARTITIONS, rf);
  return 'error' in result ? result : { created: true };
}

/**
 * FC-02: the broker coordinating `groupId`: the live leader of its `__consumer_offsets`
 * partition, or null when there is none (topic missing, partition offline).
 */
export function coordinatorNodeFor(cluster: Cluster<unknown>, groupId: string): number | null {
  return leaderOfKey(cluster, CONSUMER_OFFSETS_TOPIC, groupId);
}

/** The live leader of the partition of `key` in `topic`, or null. */
export function leaderOfKey(cluster: Cluster<unknown>, topic: string, key: string): number | null {
  const count = cluster.partitionCount(topic);
  if (count === undefined) return null;
  const leader = cluster.partition(topic, partitionForGroup(key, count))?.leader ?? null;
  return leader !== null && cluster.isUp(leader) ? leader : null;
}
