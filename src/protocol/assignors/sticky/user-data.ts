/**
 * The assignor user data the two sticky assignors put in their subscriptions, and what each
 * assignor reads as a member's previously owned partitions and their generation.
 *
 * Layouts (big-endian, Kafka's classic non-flexible types, no version prefix):
 *
 * `sticky` user data, version 1 (KIP-341, written by every Java client since 2.3):
 * ```
 * previous_assignment : int32 count, then per topic:
 *     topic      : int16 length + UTF-8 bytes
 *     partitions : int32 count + int32 each
 * generation          : int32
 * ```
 * Version 0 (KIP-54) is the same without `generation`. There is no version field: a reader tries
 * version 1 and falls back to version 0 when the bytes end before the generation.
 *
 * `cooperative-sticky` user data, version 0: a single int32 `generation`.
 *
 * @see spec/assignors-sticky.md (AS-22 to AS-24)
 * @packageDocumentation
 */
import type { MemberSubscription, TopicPartition } from '../types.js';

/** The generation Kafka substitutes when a member's data carries none (`DEFAULT_GENERATION`). */
export const DEFAULT_GENERATION = -1;

/** What a sticky assignor knows of one member's previous assignment (Kafka's `MemberData`). */
export interface MemberData {
  /** The partitions the member claims to own, in the order it listed them. */
  readonly partitions: readonly TopicPartition[];
  /** The generation of that claim, or null when the member sent none. */
  readonly generation: number | null;
}

/** Thrown by the reader when the bytes do not hold the expected structure. */
class Malformed extends Error {}

/** A forward-only big-endian reader that throws {@link Malformed} past the end. */
class Reader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  int16(): number {
    if (this.remaining < 2) throw new Malformed();
    const value = this.view.getInt16(this.offset);
    this.offset += 2;
    return value;
  }

  int32(): number {
    if (this.remaining < 4) throw new Malformed();
    const value = this.view.getInt32(this.offset);
    this.offset += 4;
    return value;
  }

  /**
   * Skips a non-nullable string and returns where its bytes start (they end at the reader's
   * position). Kafka rejects a negative length or one past the end, and decodes the bytes as
   * UTF-8, replacing malformed sequences.
   */
  skipString(): number {
    const length = this.int16();
    if (length < 0 || length > this.remaining) throw new Malformed();
    const start = this.offset;
    this.offset += length;
    return start;
  }

  get position(): number {
    return this.offset;
  }

  /** An array count; Kafka rejects a negative count or one larger than the bytes left. */
  count(): number {
    const size = this.int32();
    if (size < 0 || size > this.remaining) throw new Malformed();
    return size;
  }
}

const utf8 = new TextDecoder();

/** Decodes the UTF-8 bytes `bytes[start .. end]`, with a fast path for short ASCII names. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if ((bytes[i] as number) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode(...bytes.subarray(start, end));
  }
  return utf8.decode(bytes.subarray(start, end));
}

/** Sticky user data as parsed: per topic entry a key, its partitions, and the generation. */
export interface ParsedStickyUserData<K> {
  /** One key per topic entry, in order. */
  readonly topics: readonly K[];
  /** Entry `i` lists `partitions[ends[i - 1] .. ends[i]]` (from 0 for the first). */
  readonly ends: readonly number[];
  readonly partitions: readonly number[];
  /** The generation (version 1), or null (version 0). */
  readonly generation: number | null;
}

/**
 * Parses `sticky` user data (AS-23), naming each topic entry by `topicKey(bytes, start, end)`
 * over the bytes of its name: version 1 when the generation follows the assignment, else
 * version 0. Returns null when neither version can be read.
 */
export function parseStickyUserData<K>(
  bytes: Uint8Array,
  topicKey: (bytes: Uint8Array, start: number, end: number) => K,
): ParsedStickyUserData<K> | null {
  const reader = new Reader(bytes);
  const topics: K[] = [];
  const ends: number[] = [];
  const partitions: number[] = [];
  try {
    const count = reader.count();
    for (let i = 0; i < count; i++) {
      const start = reader.skipString();
      topics.push(topicKey(bytes, start, reader.position));
      const size = reader.count();
      for (let j = 0; j < size; j++) partitions.push(reader.int32());
      ends.push(partitions.length);
    }
  } catch (error) {
    if (error instanceof Malformed) return null;
    throw error;
  }
  // Both versions start with the same array, so version 0 has parsed; version 1 also needs the
  // four bytes of the generation. Bytes after either are ignored, as Kafka's schema reader does.
  const generation = reader.remaining >= 4 ? reader.int32() : null;
  return { topics, ends, partitions, generation };
}

/**
 * What `sticky` reads from a member's user data (AS-22): nothing owned and no generation without
 * user data (null or empty), nothing owned and generation -1 when it cannot be parsed.
 */
export function readStickyUserData<K>(
  userData: Uint8Array | null,
  topicKey: (bytes: Uint8Array, start: number, end: number) => K,
): ParsedStickyUserData<K> {
  if (userData === null || userData.length === 0) return { topics: [], ends: [], partitions: [], generation: null };
  return parseStickyUserData(userData, topicKey) ?? { topics: [], ends: [], partitions: [], generation: DEFAULT_GENERATION };
}

/**
 * Decodes `sticky` user data (AS-23) into the member's claimed partitions and generation.
 *
 * @returns null when neither version can be read.
 */
export function decodeStickyUserData(bytes: Uint8Array): MemberData | null {
  const parsed = parseStickyUserData(bytes, decodeUtf8);
  return parsed === null ? null : toMemberData(parsed);
}

/** Expands parsed user data into a partition list. */
function toMemberData(parsed: ParsedStickyUserData<string>): MemberData {
  const partitions: TopicPartition[] = [];
  let from = 0;
  parsed.topics.forEach((topic, i) => {
    const to = parsed.ends[i] as number;
    for (let j = from; j < to; j++) partitions.push({ topic, partition: parsed.partitions[j] as number });
    from = to;
  });
  return { partitions, generation: parsed.generation };
}

/** Big-endian byte writer for the encoders below. */
class Writer {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  int16(value: number): void {
    const bytes = new Uint8Array(2);
    new DataView(bytes.buffer).setInt16(0, value);
    this.push(bytes);
  }

  int32(value: number): void {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setInt32(0, value);
    this.push(bytes);
  }

  string(value: string): void {
    const bytes = new TextEncoder().encode(value);
    if (bytes.length > 0x7fff) throw new RangeError(`topic name of ${bytes.length} bytes does not fit an int16 length`);
    this.int16(bytes.length);
    this.push(bytes);
  }

  push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

/**
 * Encodes `sticky` user data as a Java `StickyAssignor` member does before joining: its last
 * assignment grouped by topic (topics in first-seen order, partitions in list order), then the
 * generation (version 1), or no generation when `generation` is null (version 0).
 */
export function encodeStickyUserData(data: MemberData): Uint8Array {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of data.partitions) {
    const list = byTopic.get(topic);
    if (list === undefined) byTopic.set(topic, [partition]);
    else list.push(partition);
  }
  const writer = new Writer();
  writer.int32(byTopic.size);
  for (const [topic, partitions] of byTopic) {
    writer.string(topic);
    writer.int32(partitions.length);
    for (const partition of partitions) writer.int32(partition);
  }
  if (data.generation !== null) writer.int32(data.generation);
  return writer.finish();
}

/** Encodes `cooperative-sticky` user data: the member's generation as one int32 (AS-24). */
export function encodeCooperativeUserData(generation: number): Uint8Array {
  const writer = new Writer();
  writer.int32(generation);
  return writer.finish();
}

/**
 * What `sticky` reads of a member (AS-22): always its user data, never the subscription's
 * `ownedPartitions` or `generationId`, because an eager member revokes everything before it
 * joins and reports its last assignment only there.
 */
export function stickyMemberData(member: MemberSubscription): MemberData {
  return toMemberData(readStickyUserData(member.userData, decodeUtf8));
}

/**
 * The generation `cooperative-sticky` reads of a member (AS-24): the subscription's
 * `generationId` when it carries one (version 2+), else the int32 in the assignor's user data;
 * null without user data, -1 when the user data is shorter than an int32.
 */
export function cooperativeGeneration(member: MemberSubscription): number | null {
  if (member.generationId >= 0) return member.generationId;
  const bytes = member.userData;
  if (bytes === null) return null;
  return bytes.length >= 4 ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(0) : DEFAULT_GENERATION;
}

/**
 * What `cooperative-sticky` reads of a member (AS-24): the subscription's `ownedPartitions` and
 * the generation of {@link cooperativeGeneration}.
 */
export function cooperativeMemberData(member: MemberSubscription): MemberData {
  return { partitions: member.ownedPartitions, generation: cooperativeGeneration(member) };
}
