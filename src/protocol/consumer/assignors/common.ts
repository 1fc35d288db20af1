/**
 * Helpers the server assignors share: Kafka's topic-id order, Java's hash-set iteration order
 * (which Kafka's homogeneous uniform builder depends on), and assignment building.
 *
 * @see spec/server-assignors.md
 */
import type { Assignment } from '../assignment.js';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SEXTET = new Map([...BASE64URL].map((c, i) => [c, i]));

/**
 * A string whose ordinary (UTF-16) order is the order of Kafka's `Uuid.compareTo`: the
 * 16 bytes of the base64url topic id, as two signed 64-bit halves (the top bit of bytes 0 and 8
 * flipped, then unsigned byte order). A topic id that is not a 22-character base64url uuid
 * (tests may use any string) sorts after every real one, by its own text (SA-31).
 */
export function kafkaUuidOrderKey(topicId: string): string {
  if (topicId.length !== 22) return `~${topicId}`;
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of topicId) {
    const v = SEXTET.get(c);
    if (v === undefined) return `~${topicId}`;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  bytes[0] = (bytes[0] as number) ^ 0x80;
  bytes[8] = (bytes[8] as number) ^ 0x80;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Kafka's `Uuid.compareTo` on printed topic ids (SA-31). */
export function compareTopicIdsAsKafka(a: string, b: string): number {
  const ka = kafkaUuidOrderKey(a);
  const kb = kafkaUuidOrderKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Plain UTF-16 string order (Java's `String.compareTo`). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Java's `HashMap.hash` of a topic id: `Uuid.hashCode` (the two 64-bit halves xored, then the
 * two 32-bit halves of that xored), spread as HashMap spreads it (`h ^ (h >>> 16)`). A topic id
 * that is not a base64url uuid hashes as a Java string.
 */
export function javaTopicIdHash(topicId: string): number {
  const key = kafkaUuidOrderKey(topicId);
  let h: number;
  if (key.startsWith('~')) {
    h = 0;
    for (let i = 0; i < topicId.length; i++) h = (Math.imul(h, 31) + topicId.charCodeAt(i)) | 0;
  } else {
    // The order key flipped the top bit of bytes 0 and 8: flipping both leaves their xor as is.
    const word = (i: number): number => Number.parseInt(key.slice(i * 8, i * 8 + 8), 16) | 0;
    h = word(0) ^ word(2) ^ word(1) ^ word(3);
  }
  return h ^ (h >>> 16);
}

/** The bucket count of a Java `HashSet`/`HashMap` copied from a collection of `n` (`new HashSet<>(c)`). */
export function javaCopyTableSize(n: number): number {
  return tableSizeFor(Math.max(Math.trunc(n / 0.75) + 1, 16));
}

/** The bucket count of a Java `HashMap`/`HashSet` that grew from the default to `n` entries. */
export function javaGrownTableSize(n: number): number {
  let size = 16;
  while (n > size * 0.75) size *= 2;
  return size;
}

function tableSizeFor(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

/**
 * Topic ids in the order a Java `HashSet<Uuid>` or `HashMap<Uuid, ...>` with `tableSize` buckets
 * iterates them: by bucket (`hash & (tableSize - 1)`). Within a bucket Java keeps insertion
 * order, which this project replaces by Kafka's `Uuid` order (SA-21).
 */
export function javaHashOrderTopics(topicIds: Iterable<string>, tableSize: number, memo: TopicHashMemo = new Map()): string[] {
  const mask = tableSize - 1;
  const entries: { id: string; bucket: number; key: string }[] = [];
  for (const id of topicIds) {
    let m = memo.get(id);
    if (m === undefined) memo.set(id, (m = { hash: javaTopicIdHash(id), key: kafkaUuidOrderKey(id) }));
    entries.push({ id, bucket: m.hash & mask, key: m.key });
  }
  if (entries.length < 2) return entries.map((e) => e.id);
  return entries.sort((a, b) => a.bucket - b.bucket || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((t) => t.id);
}

/** Hash and order key of topic ids already seen, so a builder computes each once. */
export type TopicHashMemo = Map<string, { readonly hash: number; readonly key: string }>;

/**
 * Partitions in the order a Java `HashSet<Integer>` that grew to their number iterates them: by
 * bucket (`p ^ (p >>> 16)` masked), then ascending (Java: insertion order) (SA-23).
 */
export function javaHashOrderPartitions(partitions: ReadonlySet<number>): number[] {
  const mask = javaGrownTableSize(partitions.size) - 1;
  const bucket = (p: number): number => (p ^ (p >>> 16)) & mask;
  return [...partitions].sort((x, y) => bucket(x) - bucket(y) || x - y);
}

/** A mutable assignment copy (Kafka's `AssignorHelpers.deepCopyAssignment`). */
export function copyAssignment(assignment: Assignment): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const [topicId, partitions] of assignment) out.set(topicId, new Set(partitions));
  return out;
}

/** Adds one partition to a mutable assignment. */
export function addPartition(assignment: Map<string, Set<number>>, topicId: string, partition: number): void {
  let set = assignment.get(topicId);
  if (set === undefined) assignment.set(topicId, (set = new Set()));
  set.add(partition);
}

/** A contiguous range of partitions `[start, end)` as a set (Kafka's `RangeSet`). */
export function rangeSet(start: number, end: number): Set<number> {
  const out = new Set<number>();
  for (let p = start; p < end; p++) out.add(p);
  return out;
}
