/**
 * ConsumerProtocolSubscription golden bytes, written by hand from the layouts in
 * ConsumerProtocolSubscription.json (spec/consumer-protocol.md): one fixture per version,
 * Kafka's encoding order, defaults for absent fields and newer-version decoding.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeMemberSubscription,
  decodeSubscription,
  encodeSubscription,
  type ConsumerSubscription,
} from '../../../../src/protocol/consumer-protocol/index.js';

/** Hex to bytes: whitespace and `|` separate, `#` starts a comment to the end of the line. */
function hex(text: string): Uint8Array {
  const digits = text.replace(/#.*$/gm, '').replace(/[\s|]/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(digits)) throw new Error(`bad hex fixture: ${digits}`);
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const base: ConsumerSubscription = { topics: [], userData: null, ownedPartitions: [], generationId: -1, rackId: null };
const tp = (topic: string, partition: number) => ({ topic, partition });

// Field by field; strings are "bar" = 62 61 72, "foo" = 66 6f 6f, "t" = 74, "rack-a" = 72 61 63 6b 2d 61.
const V0_NULL_USERDATA = hex(`
  0000                                   # version 0
  00000002 0003 626172 0003 666f6f       # topics [bar, foo]
  ffffffff                               # userData null`);
const V0_EMPTY = hex(`0000 | 00000000 | 00000000`); // no topics, empty (not null) userData
const V1_OWNED = hex(`
  0001                                   # version 1
  00000001 0003 666f6f                   # topics [foo]
  00000002 6869                          # userData "hi"
  00000002                               # ownedPartitions: 2 entries
    0003 626172 00000001 00000000        # bar [0]
    0003 666f6f 00000002 00000000 00000001  # foo [0, 1]`);
const V2_GENERATION = hex(`
  0002 | 00000001 0001 74 | ffffffff      # version 2, topics [t], userData null
  00000000                               # ownedPartitions: none
  00000005                               # generationId 5`);
const V3_RACK = hex(`
  0003 | 00000001 0001 74 | ffffffff      # version 3, topics [t], userData null
  00000001 0001 74 00000001 00000003     # ownedPartitions t [3]
  00000007                               # generationId 7
  0006 7261636b2d61                      # rackId "rack-a"`);
const V3_DEFAULTS = hex(`0003 | 00000000 | ffffffff | 00000000 | ffffffff | ffff`);

describe('ConsumerProtocolSubscription golden bytes', () => {
  it('[CP-03] [CP-02] [CP-05] v0: topics sorted, null userData as length -1', () => {
    const bytes = encodeSubscription({ ...base, topics: ['foo', 'bar'] }, 0);
    expect(toHex(bytes)).toBe(toHex(V0_NULL_USERDATA));
    expect(decodeSubscription(V0_NULL_USERDATA)).toEqual({ ...base, version: 0, topics: ['bar', 'foo'] });
  });

  it('[CP-03] [CP-02] v0: an empty topic list and empty userData', () => {
    expect(toHex(encodeSubscription({ ...base, userData: new Uint8Array(0) }, 0))).toBe(toHex(V0_EMPTY));
    expect(decodeSubscription(V0_EMPTY)).toEqual({ ...base, version: 0, userData: new Uint8Array(0) });
  });

  it('[CP-03] [CP-06] v1: owned partitions sorted by (topic, partition), one entry per topic', () => {
    const sub = { ...base, topics: ['foo'], userData: hex('6869'), ownedPartitions: [tp('foo', 1), tp('bar', 0), tp('foo', 0)] };
    expect(toHex(encodeSubscription(sub, 1))).toBe(toHex(V1_OWNED));
    expect(decodeSubscription(V1_OWNED)).toEqual({
      ...sub,
      version: 1,
      ownedPartitions: [tp('bar', 0), tp('foo', 0), tp('foo', 1)],
    });
  });

  it('[CP-03] v2: generationId after an empty ownedPartitions array', () => {
    const sub = { ...base, topics: ['t'], generationId: 5 };
    expect(toHex(encodeSubscription(sub, 2))).toBe(toHex(V2_GENERATION));
    expect(decodeSubscription(V2_GENERATION)).toEqual({ ...sub, version: 2 });
  });

  it('[CP-03] [CP-01] v3 (the default version): a rack id last', () => {
    const sub = { ...base, topics: ['t'], ownedPartitions: [tp('t', 3)], generationId: 7, rackId: 'rack-a' };
    expect(toHex(encodeSubscription(sub))).toBe(toHex(V3_RACK));
    expect(toHex(encodeSubscription(sub, 3))).toBe(toHex(V3_RACK));
    expect(decodeSubscription(V3_RACK)).toEqual({ ...sub, version: 3 });
  });

  it('[CP-03] [CP-08] v3: unknown generation as -1 and a null rack as string length -1', () => {
    expect(toHex(encodeSubscription(base, 3))).toBe(toHex(V3_DEFAULTS));
    expect(decodeSubscription(V3_DEFAULTS)).toEqual({ ...base, version: 3 });
  });
});

describe('subscription encoding order', () => {
  it('[CP-05] topics sort by UTF-16 code units (Java String.compareTo), duplicates kept', () => {
    // 'Z' (0x5a) sorts before 'a' (0x61). U+1F600 is the surrogate pair D83D DE00 and U+FF5A is
    // the single unit FF5A, so the emoji sorts first although its code point is the larger.
    const bytes = encodeSubscription({ ...base, topics: ['a', 'Z', '\uff5a', '\u{1f600}', 'a'] }, 0);
    expect(decodeSubscription(bytes).topics).toEqual(['Z', 'a', 'a', '\u{1f600}', '\uff5a']);
  });

  it('[CP-05] [CP-06] the same subscription in any input order encodes to the same bytes', () => {
    const a = encodeSubscription({ ...base, topics: ['foo', 'bar'], ownedPartitions: [tp('foo', 0), tp('bar', 2)] });
    const b = encodeSubscription({ ...base, topics: ['bar', 'foo'], ownedPartitions: [tp('bar', 2), tp('foo', 0)] });
    expect(toHex(a)).toBe(toHex(b));
  });

  it('[CP-06] partitions ascend numerically within a topic; duplicates are written twice', () => {
    const bytes = encodeSubscription({ ...base, ownedPartitions: [tp('t', 10), tp('t', -1), tp('t', 2), tp('t', 2)] }, 1);
    expect(toHex(bytes)).toBe(toHex(hex(`0001 00000000 ffffffff 00000001 000174 00000004 ffffffff 00000002 00000002 0000000a`)));
  });

  it('[CP-08] fields a version lacks are dropped silently', () => {
    const full = { ...base, topics: ['t'], ownedPartitions: [tp('t', 3)], generationId: 7, rackId: 'rack-a' };
    expect(decodeSubscription(encodeSubscription(full, 0))).toEqual({ ...full, version: 0, ownedPartitions: [], generationId: -1, rackId: null });
    expect(decodeSubscription(encodeSubscription(full, 1))).toEqual({ ...full, version: 1, generationId: -1, rackId: null });
    expect(decodeSubscription(encodeSubscription(full, 2))).toEqual({ ...full, version: 2, rackId: null });
  });

  it('[CP-08] generation 0 is a generation: written as 0, not as -1', () => {
    const sub = { ...base, topics: ['t'], generationId: 0 };
    expect(toHex(encodeSubscription(sub, 2))).toBe(toHex(V2_GENERATION).replace(/00000005$/, '00000000'));
    expect(decodeSubscription(encodeSubscription(sub, 2)).generationId).toBe(0);
  });

  it('[CP-08] a negative generation is written as -1; an empty rack id as an empty string', () => {
    const bytes = encodeSubscription({ ...base, generationId: -7, rackId: '' });
    expect(toHex(bytes)).toBe(toHex(hex(`0003 00000000 ffffffff 00000000 ffffffff 0000`)));
  });

  it('[CP-09] a version above 3 is written as version 3', () => {
    const sub = { ...base, topics: ['t'], ownedPartitions: [tp('t', 3)], generationId: 7, rackId: 'rack-a' };
    expect(toHex(encodeSubscription(sub, 4))).toBe(toHex(V3_RACK));
    expect(toHex(encodeSubscription(sub, 100))).toBe(toHex(V3_RACK));
  });
});

describe('subscription decoding', () => {
  it('[CP-11] a future version is read with the v3 layout and its extra field ignored (Kafka ConsumerProtocolTest)', () => {
    const v100 = hex(`
      0064                                 # version 100
      00000001 0005 746f706963             # topics [topic]
      00000000                             # userData: empty
      00000001 0003 626172 00000001 00000002  # ownedPartitions bar [2]
      00000001                             # generationId 1
      0006 7261636b2d61                    # rackId "rack-a"
      0003 626172                          # a field v3 does not know: "bar"`);
    expect(decodeSubscription(v100)).toEqual({
      version: 100,
      topics: ['topic'],
      userData: new Uint8Array(0),
      ownedPartitions: [tp('bar', 2)],
      generationId: 1,
      rackId: 'rack-a',
    });
  });

  it('[CP-12] defaults: v0 has no owned partitions, v0-1 generation -1, v0-2 a null rack', () => {
    expect(decodeSubscription(hex('0000 00000000 ffffffff'))).toEqual({ ...base, version: 0 });
    expect(decodeSubscription(hex('0001 00000000 ffffffff 00000000'))).toEqual({ ...base, version: 1 });
    expect(decodeSubscription(hex('0002 00000000 ffffffff 00000000 00000009'))).toEqual({ ...base, version: 2, generationId: 9 });
  });

  it('[CP-12] a negative generation decodes as -1 and an empty rack id as null', () => {
    expect(decodeSubscription(hex('0003 00000000 ffffffff 00000000 fffffff0 0000'))).toEqual({ ...base, version: 3 });
  });

  it('[CP-12] owned partitions flatten entry by entry in wire order, unsorted entries included', () => {
    const bytes = hex(`0001 00000000 ffffffff 00000003 0001 62 00000002 00000005 00000001 0001 61 00000000 0001 62 00000001 00000000`);
    expect(decodeSubscription(bytes).ownedPartitions).toEqual([tp('b', 5), tp('b', 1), tp('b', 0)]);
  });

  it('[CP-12] decodeMemberSubscription gives an assignor MemberSubscription', () => {
    expect(decodeMemberSubscription('m-1', 'i-1', V3_RACK)).toEqual({
      memberId: 'm-1',
      groupInstanceId: 'i-1',
      topics: ['t'],
      userData: null,
      ownedPartitions: [tp('t', 3)],
      generationId: 7,
      rackId: 'rack-a',
    });
  });

  it('[CP-12] decoded userData is a copy that does not share the input buffer', () => {
    const bytes = hex('0000 00000000 00000002 abcd');
    const sub = decodeSubscription(bytes);
    bytes[bytes.length - 1] = 0;
    expect(sub.userData).toEqual(hex('abcd'));
  });

  it('[CP-01] reads a payload that is a view into a larger buffer', () => {
    const big = new Uint8Array(V3_RACK.length + 10);
    big.set(V3_RACK, 5);
    expect(decodeSubscription(big.subarray(5, 5 + V3_RACK.length))).toEqual(decodeSubscription(V3_RACK));
  });
});
