/**
 * The helpers the server assignors share, against what Java and Kafka compute: `Uuid.compareTo`,
 * `Uuid.hashCode` and `String.hashCode` spread as `HashMap.hash` spreads them, the bucket counts of
 * Java 17's `HashSet`s (copied or grown), and the iteration orders that follow from them. The
 * expected numbers and orders were printed by a Java 17 program (reflection on `HashMap.table`,
 * iteration of real `HashSet`s), so they do not come from the code under test.
 */
import { describe, expect, it } from 'vitest';
import {
  compareStrings,
  compareTopicIdsAsKafka,
  javaCopyTableSize,
  javaGrownTableSize,
  javaHashOrderPartitions,
  javaHashOrderTopics,
  javaTopicIdHash,
} from '../../../../../src/protocol/consumer/assignors/common.js';
import { K1, K2, topicId } from './helpers.js';

/** A fixed shuffle (a stride coprime with the length), so no test depends on the input order. */
function shuffled<T>(xs: readonly T[]): T[] {
  return xs.map((_, i) => xs[(i * 7 + 3) % xs.length] as T);
}

describe('server assignor helpers: Kafka and Java orders', () => {
  it("[SA-31] Kafka's Uuid order: less, greater and equal", () => {
    expect(compareTopicIdsAsKafka(K1, K2)).toBe(-1);
    expect(compareTopicIdsAsKafka(K2, K1)).toBe(1);
    expect(compareTopicIdsAsKafka(K1, K1)).toBe(0);
  });

  it('[SA-31] an id that is not a base64url uuid sorts after every real one, by its own text', () => {
    // 'AAAA' decodes to bytes that would sort before K1; a 22-character id with a '!' is no uuid either.
    const notUuid = ['AAAA', 'T1-A4s3VTwiI5CTbEp6PO!', 'x', ''];
    for (const id of notUuid) {
      expect(compareTopicIdsAsKafka(id, K1)).toBe(1);
      expect(compareTopicIdsAsKafka(K2, id)).toBe(-1);
    }
    expect(compareTopicIdsAsKafka('AAAA', 'AAAB')).toBe(-1);
    expect(compareTopicIdsAsKafka('T1-A4s3VTwiI5CTbEp6PO!', 'x')).toBe(-1);
  });

  it("[SA-10] member ids compare as Java's String.compareTo signs: less, greater, equal", () => {
    expect(compareStrings('a', 'b')).toBe(-1);
    expect(compareStrings('b', 'a')).toBe(1);
    expect(compareStrings('b', 'b')).toBe(0);
    // UTF-16 code units, not code points: U+FF5E sorts after a surrogate pair's high half U+D83D.
    expect(compareStrings('\uff5e', '\ud83d\ude00')).toBe(1);
  });

  it("[SA-21] topic hashes: Kafka's Uuid.hashCode, or String.hashCode for other ids, spread as HashMap.hash", () => {
    const java: [string, number][] = [
      ['T1-A4s3VTwiI5CTbEp6POw', 418413818],
      ['T2-B4s3VTwiI5YHbPp6YUe', 885121953],
      ['_w-A4s3VTwiI5CTbEp6POw', -1465856854],
      ['topic-a', -1139212453],
      ['AAAA', 2000990],
      ['T1-A4s3VTwiI5CTbEp6PO!', -1837497421],
      ['x', 120],
      ['a-much-longer-topic-name-than-22-characters', -1766361144],
    ];
    for (const [id, hash] of java) expect([id, javaTopicIdHash(id)]).toEqual([id, hash]);
  });

  it('[SA-21][SA-23] bucket counts of Java 17 hash sets: copied from n elements, and grown to n', () => {
    const java: [number, number, number][] = [
      [1, 16, 16], [3, 16, 16], [11, 16, 16], [12, 32, 16], [13, 32, 32],
      [24, 64, 32], [25, 64, 64], [48, 128, 64], [49, 128, 128], [100, 256, 256],
    ];
    for (const [n, copied, grown] of java) {
      expect([n, javaCopyTableSize(n), javaGrownTableSize(n)]).toEqual([n, copied, grown]);
    }
  });

  it('[SA-21] topic ids in the iteration order of a Java HashSet<Uuid> copied from them, whatever the input order', () => {
    const ids = Array.from({ length: 40 }, (_, i) => topicId(i + 1));
    // Java 17 iterating `new HashSet<>(ids)` (ids inserted in Uuid order, so buckets holding two keep it).
    const java = [26, 9, 35, 18, 1, 31, 10, 23, 36, 2, 15, 28, 7, 20, 33, 29, 12, 21, 38, 4, 30, 13, 39, 22, 5, 14, 27, 40, 6, 19, 32, 11, 24, 37, 3, 16, 25, 8, 34, 17];
    const expected = java.map((n) => topicId(n));
    expect(javaHashOrderTopics(shuffled(ids), javaCopyTableSize(40))).toEqual(expected);
    expect(javaHashOrderTopics([...ids].reverse(), javaCopyTableSize(40))).toEqual(expected);
  });

  it('[SA-21][SA-31] ids sharing a bucket follow Kafka\'s Uuid order, also in a long sort', () => {
    const ids = Array.from({ length: 300 }, (_, i) => topicId(i + 1));
    for (const input of [shuffled(ids), [...ids].reverse()]) {
      const out = javaHashOrderTopics(input, 16);
      expect([...out].sort()).toEqual([...ids].sort());
      for (let i = 1; i < out.length; i++) {
        const a = out[i - 1] as string;
        const b = out[i] as string;
        const bucketA = javaTopicIdHash(a) & 15;
        const bucketB = javaTopicIdHash(b) & 15;
        expect(bucketA <= bucketB).toBe(true);
        if (bucketA === bucketB) expect(compareTopicIdsAsKafka(a, b)).toBe(-1);
      }
    }
  });

  it('[SA-23] partitions in the iteration order of a Java HashSet<Integer> grown to their number', () => {
    // Java 17: a HashSet to which 0, 1, 16, 17, 33, 65536, 65537 were added iterates them so.
    const java = [0, 16, 65537, 1, 17, 33, 65536];
    expect(javaHashOrderPartitions(new Set([65537, 65536, 33, 17, 16, 1, 0]))).toEqual(java);
    expect(javaHashOrderPartitions(new Set([0, 1, 16, 17, 33, 65536, 65537]))).toEqual(java);
    // Ten partitions below 16 in a 16-bucket table: one per bucket, ascending.
    expect(javaHashOrderPartitions(new Set([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
