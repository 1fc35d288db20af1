/**
 * ConsumerProtocolAssignment golden bytes, written by hand from the layout in
 * ConsumerProtocolAssignment.json (spec/consumer-protocol.md), Kafka's first-seen topic
 * grouping, and an encode at a million partitions.
 */
import { describe, expect, it } from 'vitest';
import { decodeAssignment, encodeAssignment } from '../../../../src/protocol/consumer-protocol/index.js';
import type { TopicPartition } from '../../../../src/protocol/assignors/types.js';

/** Hex to bytes: whitespace and `|` separate, `#` starts a comment to the end of the line. */
function hex(text: string): Uint8Array {
  const digits = text.replace(/#.*$/gm, '').replace(/[\s|]/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(digits)) throw new Error(`bad hex fixture: ${digits}`);
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });

/** The body shared by every version: foo [0, 1], bar [2], null userData. */
const BODY = `
  00000002                               # assignedPartitions: 2 entries
    0003 666f6f 00000002 00000000 00000001  # foo [0, 1]
    0003 626172 00000001 00000002        # bar [2]
  ffffffff                               # userData null`;
const INPUT = [tp('foo', 0), tp('bar', 2), tp('foo', 1)];

describe('ConsumerProtocolAssignment golden bytes', () => {
  for (const version of [0, 1, 2, 3]) {
    it(`[CP-04] [CP-02] [CP-07] v${version}: entries in first-seen topic order, null userData`, () => {
      const golden = hex(`000${version} ${BODY}`);
      expect(toHex(encodeAssignment({ partitions: INPUT, userData: null }, version))).toBe(toHex(golden));
      expect(decodeAssignment(golden)).toEqual({
        version,
        partitions: [tp('foo', 0), tp('foo', 1), tp('bar', 2)],
        userData: null,
      });
    });
  }

  it('[CP-04] [CP-01] v3 is the default: an empty list and empty (not null) userData', () => {
    const golden = hex('0003 | 00000000 | 00000000');
    expect(toHex(encodeAssignment({ partitions: [], userData: new Uint8Array(0) }))).toBe(toHex(golden));
    expect(decodeAssignment(golden)).toEqual({ version: 3, partitions: [], userData: new Uint8Array(0) });
  });

  it('[CP-04] [CP-02] userData bytes follow the partitions', () => {
    const golden = hex('0000 | 00000001 0001 74 00000001 7fffffff | 00000003 010203');
    const assignment = { partitions: [tp('t', 0x7fffffff)], userData: hex('010203') };
    expect(toHex(encodeAssignment(assignment, 0))).toBe(toHex(golden));
    expect(decodeAssignment(golden)).toEqual({ version: 0, ...assignment });
  });
});

describe('assignment grouping and versions', () => {
  it('[CP-07] a topic seen before keeps its entry; partitions stay unsorted, duplicates kept', () => {
    const input = [tp('b', 3), tp('a', 1), tp('b', 0), tp('a', 1), tp('c', -1), tp('b', 3)];
    const golden = hex(`
      0003 00000003
      0001 62 00000003 00000003 00000000 00000003  # b [3, 0, 3]
      0001 61 00000002 00000001 00000001           # a [1, 1]
      0001 63 00000001 ffffffff                    # c [-1]
      ffffffff`);
    expect(toHex(encodeAssignment({ partitions: input, userData: null }))).toBe(toHex(golden));
  });

  it('[CP-09] a version above 3 is written as 3', () => {
    const a = { partitions: INPUT, userData: null };
    expect(toHex(encodeAssignment(a, 7))).toBe(toHex(encodeAssignment(a, 3)));
  });

  it('[CP-11] a future version is read with the v3 layout, its extra field ignored (Kafka ConsumerProtocolTest)', () => {
    const v100 = hex(`
      0064                                   # version 100
      00000001 0003 666f6f 00000001 00000001 # foo [1]
      00000000                               # userData: empty
      0003 626172                            # a field v3 does not know: "bar"`);
    expect(decodeAssignment(v100)).toEqual({ version: 100, partitions: [tp('foo', 1)], userData: new Uint8Array(0) });
  });

  it('[CP-07] [CP-04] encodes 1,000,000 partitions in one buffer of the exact size', () => {
    // 500 topics x 2000 partitions, interleaved by partition so every topic recurs 2000 times.
    const partitions: TopicPartition[] = [];
    const names = Array.from({ length: 500 }, (_, t) => `topic-${String(t).padStart(3, '0')}`);
    for (let p = 0; p < 2000; p++) for (const topic of names) partitions.push(tp(topic, p));
    const started = performance.now();
    const bytes = encodeAssignment({ partitions, userData: null });
    const elapsedMs = performance.now() - started;
    expect(bytes.length).toBe(2 + 4 + 500 * (2 + 9 + 4) + 4 * 1_000_000 + 4);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // The first entry is topic-000 with partitions 0..1999 in order; the last int32 before
    // userData is topic-499's partition 1999.
    expect(Buffer.from(bytes.subarray(8, 17)).toString()).toBe('topic-000');
    expect(view.getInt32(17)).toBe(2000);
    expect(view.getInt32(21 + 4 * 1999)).toBe(1999);
    expect(view.getInt32(bytes.length - 8)).toBe(1999);
    // Generous bound: about 50 ms here; it catches a per-partition quadratic step, not noise.
    expect(elapsedMs).toBeLessThan(3000);
    const decoded = decodeAssignment(bytes);
    expect(decoded.partitions.length).toBe(1_000_000);
    expect(decoded.partitions[2000]).toEqual(tp('topic-001', 0));
  });
});
