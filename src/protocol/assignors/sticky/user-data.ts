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

  /** How many bytes are left. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** A big-endian int16. */
  int16(): number {
    if (this.remaining < 2) throw new Malformed();
    const value = this.view.getInt16(this.offset);
    this.offset += 2;
    return value;
  }

  /** A big-endian int32. */
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

  /** How many bytes have been read. */
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

/** Receives the entries of `sticky` user data as they are read. */
export interface StickyUserDataVisitor {
  /** A topic entry starts; its name is the UTF-8 bytes `bytes[start .. end]`. */
  topic(bytes: Uint8Array, start: number, end: number): void;
  /** A partition number of the current topic entry. */
  partition(value: number): void;
}

/**
 * Reads `sticky` user data (AS-23), reporting each entry to `visitor`: version 1 when the
 * generation follows the assignment, else version 0.
 *
 * @returns the generation (null for version 0), or undefined when neither version can be read;
 * the visitor may then have seen part of the entries, which the caller must discard.
 */
export function visitStickyUserData(bytes: Uint8Array, visitor: StickyUserDataVisitor): number | null | undefined {
  const reader = new Reader(bytes);
  try {
    const count = reader.count();
    for (let i = 0; i < count; i++) {
      const start = reader.skipString();
      visitor.topic(bytes, start, reader.position);
      const size = reader.count();
      for (let j = 0; j < size; j++) visitor.partition(reader.int32());
    }
  } catch (error) {
    if (error instanceof Malformed) return undefined;
    throw error;
  }
  // Both versions start with the same array, so version 0 has parsed; version 1 also needs the
  // four bytes of the generation. Bytes after either are ignored, as Kafka's schema reader does.
  return reader.remaining >= 4 ? reader.int32() : null;
}

/**
 * What `sticky` reads from a member's user data (AS-22): no claims and no generation without
 * user data (null or empty), no claims and generation -1 when it cannot be read.
 *
 * @returns the generation, and whether the entries the visitor saw are the member's claims.
 */
export function readStickyUserData(
  userData: Uint8Array | null,
  visitor: StickyUserDataVisitor,
): { readonly generation: number | null; readonly claims: boolean } {
  if (userData === null || userData.length === 0) return { generation: null, claims: false };
  const generation = visitStickyUserData(userData, visitor);
  return generation === undefined ? { generation: DEFAULT_GENERATION, claims: false } : { generation, claims: true };
}

/** A visitor that collects the entries as partitions. */
function collector(): StickyUserDataVisitor & { readonly partitions: TopicPartition[] } {
  let topic = '';
  const partitions: TopicPartition[] = [];
  return {
    partitions,
    topic: (bytes, start, end) => (topic = decodeUtf8(bytes, start, end)),
    partition: (value) => partitions.push({ topic, partition: value }),
  };
}

/**
 * Decodes `sticky` user data (AS-23) into the member's claimed partitions and generation.
 *
 * @returns null when neither version can be read.
 */
export function decodeStickyUserData(bytes: Uint8Array): MemberData | null {
  const visitor = collector();
  const generation = visitStickyUserData(bytes, visitor);
  return generation === undefined ? null : { partitions: visitor.partitions, generation };
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
  const visitor = collector();
  const read = readStickyUserData(member.userData, visitor);
  return { partitions: read.claims ? visitor.partitions : [], generation: read.generation };
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
