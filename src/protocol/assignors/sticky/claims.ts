/**
 * Each member's claimed partitions as integers, read the way each sticky flavor reads them
 * (AS-22, AS-24), without building a `TopicPartition` per claim.
 *
 * @remarks
 * A `sticky` member's user data repeats the name of every topic it held, so a group of 2,000
 * members over 500 topics carries a million topic names. Rather than decode each to a string
 * and look the string up, the names are matched byte for byte against the assignable topics'
 * UTF-8 encodings through a hash of the bytes; only a name that matches none is decoded.
 *
 * @see spec/assignors-sticky.md (AS-22 to AS-25)
 * @packageDocumentation
 */
import type { MemberSubscription } from '../types.js';
import type { GroupIndex } from './group-index.js';
import { cooperativeGeneration, decodeUtf8, readStickyUserData } from './user-data.js';

/** One member's claims: claim `i` is partition `partitions[i]` of topic `topics[i]`. */
export interface Claims {
  /** The generation of the claims, or null when the member sent none. */
  readonly generation: number | null;
  /** Assignable topic index of each claim, -1 for a topic that is not assignable. */
  readonly topics: Int32Array;
  /** Partition number of each claim, -1 for a value that is no int32 of at least 0. */
  readonly partitions: Int32Array;
}

/** FNV-1a over `bytes[start .. end]`. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return hash >>> 0;
}

/** Finds an assignable topic by the UTF-8 bytes of its name. */
export class TopicNameLookup {
  private readonly byHash = new Map<number, number[]>();
  private readonly encoded: Uint8Array[];

  constructor(private readonly index: GroupIndex) {
    const encoder = new TextEncoder();
    this.encoded = index.topicNames.map((name) => encoder.encode(name));
    this.encoded.forEach((bytes, t) => {
      const hash = hashBytes(bytes, 0, bytes.length);
      const list = this.byHash.get(hash);
      if (list === undefined) this.byHash.set(hash, [t]);
      else list.push(t);
    });
  }

  /** The topic index named by `bytes[start .. end]`, or -1 when no assignable topic has that name. */
  find = (bytes: Uint8Array, start: number, end: number): number => {
    const candidates = this.byHash.get(hashBytes(bytes, start, end));
    if (candidates !== undefined) {
      for (const t of candidates) if (this.sameBytes(t, bytes, start, end)) return t;
    }
    // Malformed UTF-8 decodes with replacement characters and might still name a topic.
    return this.index.topicIndex.get(decodeUtf8(bytes, start, end)) ?? -1;
  };

  private sameBytes(t: number, bytes: Uint8Array, start: number, end: number): boolean {
    const name = this.encoded[t] as Uint8Array;
    if (name.length !== end - start) return false;
    for (let i = 0; i < name.length; i++) if (name[i] !== bytes[start + i]) return false;
    return true;
  }
}

/** A partition number as claimed, or -1 when it is not an int32 of at least 0. */
function partitionNumber(value: number): number {
  return Number.isInteger(value) && value >= 0 && value <= 0x7fffffff ? value : -1;
}

/** What `sticky` claims for a member: the partitions and generation in its user data (AS-22). */
export function stickyClaims(member: MemberSubscription, lookup: TopicNameLookup): Claims {
  // Every claimed partition takes four bytes, which bounds the number of claims.
  const capacity = member.userData === null ? 0 : member.userData.length >> 2;
  const topics = new Int32Array(capacity);
  const partitions = new Int32Array(capacity);
  let topic = -1;
  let n = 0;
  const read = readStickyUserData(member.userData, {
    topic: (bytes, start, end) => (topic = lookup.find(bytes, start, end)),
    partition: (value) => {
      topics[n] = topic;
      partitions[n++] = value < 0 ? -1 : value;
    },
  });
  if (!read.claims) n = 0;
  return { generation: read.generation, topics: topics.subarray(0, n), partitions: partitions.subarray(0, n) };
}

/** What `cooperative-sticky` claims for a member: its `ownedPartitions` (AS-24). */
export function cooperativeClaims(member: MemberSubscription, index: GroupIndex): Claims {
  const owned = member.ownedPartitions;
  const topics = new Int32Array(owned.length);
  const partitions = new Int32Array(owned.length);
  owned.forEach(({ topic, partition }, i) => {
    topics[i] = index.topicIndex.get(topic) ?? -1;
    partitions[i] = partitionNumber(partition);
  });
  return { generation: cooperativeGeneration(member), topics, partitions };
}
