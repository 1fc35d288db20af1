/**
 * Helpers the server assignors share: Kafka's topic-id order, the order this project uses where
 * Kafka iterates a hash map, and building an assignment from partition lists.
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
 * (tests may use any string) sorts after every real one, by its own text.
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

/** Kafka's `Uuid.compareTo` on printed topic ids. */
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
 * Topic ids in the order used where Kafka iterates a `HashSet<Uuid>` or `HashMap<Uuid, ...>`
 * (unspecified there): ascending by the printed id, the canonical order of assignment.ts.
 */
export function hashOrderTopics(topicIds: Iterable<string>): string[] {
  return [...topicIds].sort(compareStrings);
}

/** Partitions in the order used where Kafka iterates a `Set<Integer>`: ascending. */
export function hashOrderPartitions(partitions: ReadonlySet<number>): number[] {
  return [...partitions].sort((x, y) => x - y);
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
