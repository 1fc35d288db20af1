/**
 * ConsumerProtocolSubscription: the metadata a classic consumer puts in each JoinGroup
 * protocol, which the leader decodes for its assignor.
 *
 * ```
 * version          int16                                   all versions (CP-01)
 * topics           [string]                                v0+, sorted (CP-05)
 * userData         nullable bytes                          v0+
 * ownedPartitions  [{ topic: string, partitions: [int32] }] v1+, sorted and grouped (CP-06)
 * generationId     int32                                   v2+, -1 when unknown
 * rackId           nullable string                         v3+ (KIP-881)
 * ```
 *
 * @see spec/consumer-protocol.md, CP-03, CP-05, CP-06, CP-08, CP-12
 * @packageDocumentation
 */
import type { MemberSubscription, TopicPartition } from '../assignors/types.js';
import { ByteReader, ByteWriter, checkInt32, stringSize } from './bytes.js';
import { CONSUMER_PROTOCOL_HIGHEST_VERSION, checkEnd, encodeVersion, readVersion, type DecodeOptions } from './header.js';

const S = 'ConsumerProtocolSubscription';

/**
 * The content of a subscription: a {@link MemberSubscription} without the two ids that
 * travel outside it (the JoinGroup member entry carries them).
 */
export type ConsumerSubscription = Omit<MemberSubscription, 'memberId' | 'groupInstanceId'>;

/** A decoded subscription, with the version its header carried (which may exceed 3). */
export interface DecodedSubscription extends ConsumerSubscription {
  /** The version header as read; fields were read with the layout of `min(version, 3)`. */
  readonly version: number;
}

/** One topic's run of owned partitions in the sorted list: `sorted[start..end)`. */
interface OwnedRun {
  readonly topic: string;
  readonly topicBytes: number;
  readonly start: number;
  readonly end: number;
}

/** Everything the writer needs, with sizes computed once. */
interface Plan {
  readonly version: number;
  readonly size: number;
  readonly topics: readonly string[];
  readonly topicBytes: readonly number[];
  readonly owned: readonly TopicPartition[];
  readonly runs: readonly OwnedRun[];
  readonly generationId: number;
  readonly rackBytes: number;
}

/** Java's `String.compareTo` order (UTF-16 code units), which `<` on strings also follows. */
function compareOwned(a: TopicPartition, b: TopicPartition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
}

/**
 * Sizes the payload and fixes Kafka's order: topics sorted, owned partitions sorted by
 * (topic, partition) and cut into one entry per run of equal topics (CP-05, CP-06).
 */
function plan(sub: ConsumerSubscription, version: number): Plan {
  // The default sort compares strings by UTF-16 code units, as Java's `String.compareTo` does.
  const topics = [...sub.topics].sort();
  const topicBytes: number[] = [];
  let size = 2 + 4;
  for (let i = 0; i < topics.length; i++) {
    const n = stringSize(S, `topics[${i}]`, topics[i] as string, size);
    topicBytes.push(n);
    size += 2 + n;
  }
  size += 4 + (sub.userData?.length ?? 0);
  const owned = version >= 1 ? [...sub.ownedPartitions].sort(compareOwned) : [];
  const runs: OwnedRun[] = [];
  if (version >= 1) size += 4;
  for (let i = 0; i < owned.length; ) {
    const topic = (owned[i] as TopicPartition).topic;
    const field = `ownedPartitions[${runs.length}]`;
    const topicLength = stringSize(S, `${field}.topic`, topic, size);
    size += 2 + topicLength + 4;
    let end = i;
    for (; end < owned.length && (owned[end] as TopicPartition).topic === topic; end++, size += 4) {
      checkInt32(S, `${field}.partitions[${end - i}]`, (owned[end] as TopicPartition).partition, size);
    }
    runs.push({ topic, topicBytes: topicLength, start: i, end });
    i = end;
  }
  // Kafka keeps a generation only when it is >= 0 and writes -1 for "none" (CP-08).
  const generationId = sub.generationId < 0 ? -1 : sub.generationId;
  if (version >= 2) {
    checkInt32(S, 'generationId', generationId, size);
    size += 4;
  }
  let rackBytes = 0;
  if (version >= 3) {
    rackBytes = sub.rackId === null ? 0 : stringSize(S, 'rackId', sub.rackId, size);
    size += 2 + rackBytes;
  }
  return { version, size, topics, topicBytes, owned, runs, generationId, rackBytes };
}

/**
 * Encodes a subscription as Kafka's `ConsumerProtocol.serializeSubscription` does.
 *
 * @remarks
 * Topics are written sorted and owned partitions sorted and grouped by topic (CP-05, CP-06);
 * fields the version lacks are dropped (CP-08); a version above 3 is written as 3 (CP-09).
 * Kafka's client always writes version 3, the default here.
 *
 * @throws {@link ConsumerProtocolError} for a negative version, a string over 32767 UTF-8
 * bytes, or a partition or generation outside int32.
 * @see spec/consumer-protocol.md, CP-03
 */
export function encodeSubscription(subscription: ConsumerSubscription, version: number = CONSUMER_PROTOCOL_HIGHEST_VERSION): Uint8Array {
  const p = plan(subscription, encodeVersion(S, version));
  const w = new ByteWriter(p.size);
  w.int16(p.version);
  w.int32(p.topics.length);
  p.topics.forEach((t, i) => w.string(t, p.topicBytes[i] as number));
  w.nullableBytes(subscription.userData);
  if (p.version >= 1) {
    w.int32(p.runs.length);
    for (const run of p.runs) {
      w.string(run.topic, run.topicBytes);
      w.int32(run.end - run.start);
      for (let i = run.start; i < run.end; i++) w.int32((p.owned[i] as TopicPartition).partition);
    }
  }
  if (p.version >= 2) w.int32(p.generationId);
  if (p.version >= 3) w.nullableString(subscription.rackId, p.rackBytes);
  return w.finish();
}

/** Reads the v1+ owned partitions, flattened in wire order. */
function readOwned(r: ByteReader): TopicPartition[] {
  const owned: TopicPartition[] = [];
  const count = r.arrayLength('ownedPartitions');
  for (let i = 0; i < count; i++) {
    const field = `ownedPartitions[${i}]`;
    const topic = r.string(`${field}.topic`);
    const n = r.arrayLength(`${field}.partitions`);
    r.int32Elements(`${field}.partitions`, n, (partition) => owned.push({ topic, partition }));
  }
  return owned;
}

/**
 * Decodes a subscription as Kafka's `ConsumerProtocol.deserializeSubscription` does.
 *
 * @remarks
 * A version above 3 is read with the v3 layout and anything after it ignored (CP-11);
 * fields the version lacks take their defaults, a negative generation reads as -1 and an
 * empty rack id as null (CP-12). Topics and owned partitions come back in wire order.
 * `userData` is a copy that does not share memory with `bytes`.
 *
 * @throws {@link ConsumerProtocolError} naming the field and byte offset of the first
 * problem (CP-14, CP-15, CP-16).
 * @see spec/consumer-protocol.md, CP-03
 */
export function decodeSubscription(bytes: Uint8Array, options: DecodeOptions = {}): DecodedSubscription {
  const r = new ByteReader(bytes, S, options.strict ?? false);
  const version = readVersion(r);
  const topics: string[] = [];
  const topicCount = r.arrayLength('topics');
  for (let i = 0; i < topicCount; i++) topics.push(r.string(`topics[${i}]`));
  const userData = r.nullableBytes('userData');
  const ownedPartitions = version >= 1 ? readOwned(r) : [];
  const generationId = version >= 2 ? Math.max(r.int32('generationId'), -1) : -1;
  const rackId = version >= 3 ? r.nullableString('rackId') : null;
  checkEnd(r, version);
  return { version, topics, userData, ownedPartitions, generationId, rackId: rackId === '' ? null : rackId };
}

/**
 * Decodes a JoinGroup member's metadata into the {@link MemberSubscription} an assignor
 * takes, adding the ids the JoinGroup response carries beside it.
 *
 * @see spec/consumer-protocol.md, CP-12
 */
export function decodeMemberSubscription(
  memberId: string,
  groupInstanceId: string | null,
  metadata: Uint8Array,
  options: DecodeOptions = {},
): MemberSubscription {
  const { topics, userData, ownedPartitions, generationId, rackId } = decodeSubscription(metadata, options);
  return { memberId, groupInstanceId, topics, userData, ownedPartitions, generationId, rackId };
}
