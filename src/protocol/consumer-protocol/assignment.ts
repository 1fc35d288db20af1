/**
 * ConsumerProtocolAssignment: what the leader sends each member through SyncGroup.
 *
 * ```
 * version             int16                                    all versions (CP-01)
 * assignedPartitions  [{ topic: string, partitions: [int32] }]  v0+, first-seen topic order (CP-07)
 * userData            nullable bytes                           v0+
 * ```
 *
 * Versions 1-3 have the v0 layout: they exist only to keep step with the subscription.
 *
 * @see spec/consumer-protocol.md, CP-04, CP-07
 * @packageDocumentation
 */
import type { TopicPartition } from '../assignors/types.js';
import { ByteReader, ByteWriter, ConsumerProtocolError, stringSize } from './bytes.js';
import { CONSUMER_PROTOCOL_HIGHEST_VERSION, checkEnd, encodeVersion, readVersion, type DecodeOptions } from './header.js';

const A = 'ConsumerProtocolAssignment';

/** An assignment as Kafka's `ConsumerPartitionAssignor.Assignment` holds it. */
export interface ConsumerAssignment {
  /** The member's partitions, in the assignor's order. */
  readonly partitions: readonly TopicPartition[];
  /** Opaque assignor data, or null (Kafka's built-in assignors send null). */
  readonly userData: Uint8Array | null;
}

/** A decoded assignment, with the version its header carried (which may exceed 3). */
export interface DecodedAssignment extends ConsumerAssignment {
  /** The version header as read; fields were read with the layout of `min(version, 3)`. */
  readonly version: number;
}

/** The topic entries of an assignment: one per distinct topic, in first-seen order. */
interface Groups {
  readonly topics: string[];
  readonly counts: number[];
  /** Each topic's entry index, for the second pass (only consulted where the topic changes). */
  readonly index: Map<string, number>;
}

/**
 * Groups partitions by topic in first-seen order, as Kafka's `find(topic)`-or-append over an
 * insertion-ordered collection does (CP-07). Only a change of topic costs a map lookup, and a
 * run of one topic is counted when it ends, so an assignor's usual output (each topic's
 * partitions together) costs one comparison per partition and no per-partition memory.
 */
function groupByTopic(partitions: readonly TopicPartition[]): Groups {
  const topics: string[] = [];
  const counts: number[] = [];
  const index = new Map<string, number>();
  let lastTopic: string | undefined;
  let last = -1;
  let runStart = 0;
  for (let i = 0; i < partitions.length; i++) {
    const topic = (partitions[i] as TopicPartition).topic;
    if (topic === lastTopic) continue;
    if (last >= 0) counts[last] = (counts[last] as number) + (i - runStart);
    let g = index.get(topic);
    if (g === undefined) {
      g = topics.length;
      index.set(topic, g);
      topics.push(topic);
      counts.push(0);
    }
    last = g;
    lastTopic = topic;
    runStart = i;
  }
  if (last >= 0) counts[last] = (counts[last] as number) + (partitions.length - runStart);
  return { topics, counts, index };
}

/**
 * Encodes an assignment as Kafka's `ConsumerProtocol.serializeAssignment` does.
 *
 * @remarks
 * Topics appear in first-seen order; each topic's partitions in input order, duplicates kept
 * (CP-07). The size is computed first (one pass that groups the topics) and a second pass
 * writes every partition straight into its slot in one `Uint8Array`, so nothing is allocated
 * per partition: a 1,000,000-partition assignment allocates its output and a few arrays the
 * size of its topic list. A version above 3 is written as 3 (CP-09); all versions share one
 * layout (CP-04).
 *
 * @throws {@link ConsumerProtocolError} for a negative version, a topic over 32767 UTF-8
 * bytes, or a partition outside int32.
 * @see spec/consumer-protocol.md, CP-04
 */
export function encodeAssignment(assignment: ConsumerAssignment, version: number = CONSUMER_PROTOCOL_HIGHEST_VERSION): Uint8Array {
  const v = encodeVersion(A, version);
  const { partitions, userData } = assignment;
  const { topics, counts, index } = groupByTopic(partitions);
  // Each entry: its topic string, its partition count, then its partitions.
  const starts = new Float64Array(topics.length);
  const topicBytes: number[] = [];
  let size = 2 + 4;
  for (let g = 0; g < topics.length; g++) {
    const n = stringSize(A, `assignedPartitions[${g}].topic`, topics[g] as string, size);
    topicBytes.push(n);
    size += 2 + n + 4;
    starts[g] = size;
    size += 4 * (counts[g] as number);
  }
  size += 4 + (userData?.length ?? 0);
  const w = new ByteWriter(size);
  w.int16(v);
  w.int32(topics.length);
  for (let g = 0; g < topics.length; g++) {
    w.string(topics[g] as string, topicBytes[g] as number);
    w.int32(counts[g] as number);
    w.offset += 4 * (counts[g] as number);
  }
  w.nullableBytes(userData);
  writePartitions(w.view, partitions, index, starts);
  return w.finish();
}

/**
 * Writes every partition into the next free slot of its topic entry. The slot of the current
 * run of one topic is a local, saved back to that topic's cursor only when the topic changes.
 */
function writePartitions(view: DataView, partitions: readonly TopicPartition[], index: ReadonlyMap<string, number>, starts: Float64Array): void {
  const cursor = starts.slice();
  let lastTopic: string | undefined;
  let g = -1;
  let at = 0;
  for (let i = 0; i < partitions.length; i++) {
    const tp = partitions[i] as TopicPartition;
    if (tp.topic !== lastTopic) {
      if (g >= 0) cursor[g] = at;
      lastTopic = tp.topic;
      g = index.get(lastTopic) as number;
      at = cursor[g] as number;
    }
    const partition = tp.partition;
    // `x | 0` is x exactly when x is an int32 number, so one comparison validates it.
    if ((partition | 0) !== partition) {
      const k = (at - (starts[g] as number)) / 4;
      throw new ConsumerProtocolError(A, `assignedPartitions[${g}].partitions[${k}]`, at, `partitions[${i}] = ${partition} is not an int32`);
    }
    view.setInt32(at, partition);
    at += 4;
  }
}

/**
 * Decodes an assignment as Kafka's `ConsumerProtocol.deserializeAssignment` does: the
 * partitions flattened in wire order, entry by entry.
 *
 * @remarks
 * A version above 3 is read with the v3 layout and anything after it ignored (CP-11).
 * `userData` is a copy that does not share memory with `bytes`.
 *
 * @throws {@link ConsumerProtocolError} naming the field and byte offset of the first
 * problem (CP-14, CP-15, CP-16).
 * @see spec/consumer-protocol.md, CP-04
 */
export function decodeAssignment(bytes: Uint8Array, options: DecodeOptions = {}): DecodedAssignment {
  const r = new ByteReader(bytes, A, options.strict ?? false);
  const version = readVersion(r);
  const partitions: TopicPartition[] = [];
  const count = r.arrayLength('assignedPartitions');
  for (let g = 0; g < count; g++) {
    const field = `assignedPartitions[${g}]`;
    const topic = r.string(`${field}.topic`);
    const n = r.arrayLength(`${field}.partitions`);
    r.int32Elements(`${field}.partitions`, n, (partition) => partitions.push({ topic, partition }));
  }
  const userData = r.nullableBytes('userData');
  checkEnd(r, version);
  return { version, partitions, userData };
}
