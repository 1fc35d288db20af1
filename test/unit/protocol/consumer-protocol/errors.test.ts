/**
 * Malformed consumer protocol payloads: each rejection names the structure, the field and
 * the byte offset (spec/consumer-protocol.md, CP-11 and CP-13 to CP-16), plus what Kafka
 * tolerates (negative null lengths, trailing bytes) and what the strict mode refuses.
 */
import { describe, expect, it } from 'vitest';
import {
  ConsumerProtocolError,
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
  type ConsumerSubscription,
} from '../../../../src/protocol/consumer-protocol/index.js';

/** Hex to bytes: whitespace and `|` separate, `#` starts a comment to the end of the line. */
function hex(text: string): Uint8Array {
  const digits = text.replace(/#.*$/gm, '').replace(/[\s|]/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(digits)) throw new Error(`bad hex fixture: ${digits}`);
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}
const tp = (topic: string, partition: number) => ({ topic, partition });
const base: ConsumerSubscription = { topics: [], userData: null, ownedPartitions: [], generationId: -1, rackId: null };

/** Runs `f`, expecting a ConsumerProtocolError, and returns it. */
function caught(f: () => unknown): ConsumerProtocolError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConsumerProtocolError) return e;
    throw e;
  }
  throw new Error('expected a ConsumerProtocolError');
}

/** The error's structure, field and offset, and its message mentions both. */
function where(f: () => unknown): [string, number] {
  const e = caught(f);
  expect(e.message).toContain(`'${e.field}'`);
  expect(e.message).toContain(`byte offset ${e.offset}`);
  return [e.field, e.offset];
}

// [name, payload, field, offset]
const SUBSCRIPTION_CASES: readonly (readonly [string, string, string, number])[] = [
  ['empty payload', '', 'version', 0],
  ['one byte', '00', 'version', 0],
  ['topics count cut short', '0000 0000', 'topics', 2],
  ['topics count -1 (non-nullable)', '0000 ffffffff ffffffff', 'topics', 2],
  ['topics count above the bytes remaining', '0000 00000005 ffffffff', 'topics', 2],
  ['second topic longer than the rest', '0000 00000002 0001 61 0005 62', 'topics[1]', 9],
  ['topic length -1 (non-nullable)', '0000 00000001 ffff ffffffff', 'topics[0]', 6],
  ['userData length cut short', '0000 00000000 0000', 'userData', 6],
  ['userData longer than the rest', '0000 00000000 00000005 01', 'userData', 6],
  ['v1 without ownedPartitions', '0001 00000000 ffffffff', 'ownedPartitions', 10],
  ['owned topic cut short', '0001 00000000 ffffffff 00000001 00', 'ownedPartitions[0].topic', 14],
  ['owned partitions count -1', '0001 00000000 ffffffff 00000001 0001 74 ffffffff', 'ownedPartitions[0].partitions', 17],
  ['second owned partition cut short', '0001 00000000 ffffffff 00000001 0001 74 00000002 00000000 0000', 'ownedPartitions[0].partitions[1]', 25],
  ['v2 without generationId', '0002 00000000 ffffffff 00000000 0000', 'generationId', 14],
  ['v3 without rackId', '0003 00000000 ffffffff 00000000 ffffffff', 'rackId', 18],
  ['rackId longer than the rest', '0003 00000000 ffffffff 00000000 ffffffff 0005 6162', 'rackId', 18],
];

const ASSIGNMENT_CASES: readonly (readonly [string, string, string, number])[] = [
  ['empty payload', '', 'version', 0],
  ['assignedPartitions count above the bytes remaining', '0000 00000100 ffffffff', 'assignedPartitions', 2],
  ['topic length -1 (non-nullable)', '0000 00000001 ffff', 'assignedPartitions[0].topic', 6],
  ['partitions count -2 (non-nullable)', '0000 00000001 0001 74 fffffffe ffffffff', 'assignedPartitions[0].partitions', 9],
  ['partition cut short', '0000 00000001 0001 74 00000001 0000', 'assignedPartitions[0].partitions[0]', 13],
  ['no userData', '0000 00000000', 'userData', 6],
];

describe('subscription errors name the field and the offset', () => {
  for (const [name, payload, field, offset] of SUBSCRIPTION_CASES) {
    it(`[CP-15] [CP-14] [CP-16] ${name}: ${field} at ${offset}`, () => {
      expect(where(() => decodeSubscription(hex(payload)))).toEqual([field, offset]);
    });
  }
});

describe('assignment errors name the field and the offset', () => {
  for (const [name, payload, field, offset] of ASSIGNMENT_CASES) {
    it(`[CP-15] [CP-14] [CP-16] ${name}: ${field} at ${offset}`, () => {
      expect(where(() => decodeAssignment(hex(payload)))).toEqual([field, offset]);
    });
  }
});

describe('versions, null lengths and trailing bytes', () => {
  it('[CP-11] [CP-16] a negative version is rejected in both structures', () => {
    const s = caught(() => decodeSubscription(hex('ffff 00000000 ffffffff')));
    expect([s.structure, s.field, s.offset]).toEqual(['ConsumerProtocolSubscription', 'version', 0]);
    expect(s.message).toBe("ConsumerProtocolSubscription: field 'version' at byte offset 0: unsupported version -1");
    const a = caught(() => decodeAssignment(hex('8000 00000000 ffffffff')));
    expect([a.structure, a.field, a.offset]).toEqual(['ConsumerProtocolAssignment', 'version', 0]);
    expect(a.name).toBe('ConsumerProtocolError');
  });

  it('[CP-14] any negative length of a nullable field reads as null, as in Kafka', () => {
    expect(decodeSubscription(hex('0000 00000000 fffffffe')).userData).toBeNull();
    expect(decodeSubscription(hex('0003 00000000 ffffffff 00000000 ffffffff fffb')).rackId).toBeNull();
    expect(decodeAssignment(hex('0000 00000000 80000000')).userData).toBeNull();
  });

  it('[CP-14] strict mode rejects a null length other than -1', () => {
    const strict = { strict: true };
    expect(where(() => decodeSubscription(hex('0000 00000000 fffffffe'), strict))).toEqual(['userData', 6]);
    expect(where(() => decodeSubscription(hex('0003 00000000 ffffffff 00000000 ffffffff fffb'), strict))).toEqual(['rackId', 18]);
    expect(decodeSubscription(hex('0003 00000000 ffffffff 00000000 ffffffff ffff'), strict).rackId).toBeNull();
  });

  it('[CP-13] bytes after a complete payload are ignored, as in Kafka', () => {
    expect(decodeSubscription(hex('0000 00000000 ffffffff ff'))).toEqual({ ...base, version: 0 });
    expect(decodeAssignment(hex('0001 00000000 ffffffff 0102'))).toEqual({ version: 1, partitions: [], userData: null });
  });

  it('[CP-13] strict mode rejects trailing bytes after versions 0-3 but not after a newer one', () => {
    const strict = { strict: true };
    expect(where(() => decodeSubscription(hex('0000 00000000 ffffffff ff'), strict))).toEqual(['trailingBytes', 10]);
    expect(where(() => decodeAssignment(hex('0001 00000000 ffffffff 00'), strict))).toEqual(['trailingBytes', 10]);
    expect(where(() => decodeSubscription(hex('0003 00000000 ffffffff 00000000 ffffffff ffff 00'), strict))).toEqual(['trailingBytes', 20]);
    expect(decodeAssignment(hex('0004 00000000 ffffffff 00'), strict).version).toBe(4);
  });
});

describe('encoding errors name the field and the offset it would be written at', () => {
  it('[CP-09] [CP-16] a negative or fractional version', () => {
    expect(where(() => encodeSubscription(base, -1))).toEqual(['version', 0]);
    expect(where(() => encodeAssignment({ partitions: [], userData: null }, 1.5))).toEqual(['version', 0]);
  });

  it('[CP-09] a string over 32767 UTF-8 bytes', () => {
    expect(encodeSubscription({ ...base, topics: ['a'.repeat(32767)] }).length).toBe(2 + 4 + 2 + 32767 + 4 + 4 + 4 + 2);
    expect(where(() => encodeSubscription({ ...base, topics: ['a'.repeat(32768)] }))).toEqual(['topics[0]', 6]);
    // 10923 euro signs are 32769 bytes of UTF-8 in a string of 10923 code units.
    expect(where(() => encodeSubscription({ ...base, rackId: '\u20ac'.repeat(10923) }))).toEqual(['rackId', 18]);
    expect(where(() => encodeAssignment({ partitions: [tp('x'.repeat(40000), 0)], userData: null }))).toEqual([
      'assignedPartitions[0].topic',
      6,
    ]);
  });

  it('[CP-09] a partition or generation outside int32', () => {
    const owned = { ...base, ownedPartitions: [tp('t', 2 ** 31)] };
    expect(where(() => encodeSubscription(owned))).toEqual(['ownedPartitions[0].partitions[0]', 21]);
    expect(where(() => encodeSubscription({ ...base, generationId: 2 ** 31 }))).toEqual(['generationId', 14]);
    const partitions = [tp('t', 0), tp('t', 1.5)];
    expect(where(() => encodeAssignment({ partitions, userData: null }))).toEqual(['assignedPartitions[0].partitions[1]', 17]);
  });

  it('[CP-08] a field the version drops is not checked', () => {
    expect(() => encodeSubscription({ ...base, generationId: 2 ** 31, rackId: 'x'.repeat(40000) }, 1)).not.toThrow();
  });
});

describe('the message says what was wrong', () => {
  // [payload, field, the problem after the field and offset]
  const DECODE: readonly (readonly [string, string, string])[] = [
    ['00', 'version', 'truncated: int16 needs 2 bytes, 1 remain'],
    ['0000 0000', 'topics', 'truncated: int32 needs 4 bytes, 2 remain'],
    ['0000 ffffffff ffffffff', 'topics', 'non-nullable array has null length -1'],
    ['0000 00000005 ffffffff', 'topics', 'array of 5 elements exceeds the 4 bytes remaining'],
    ['0000 00000001 ffff ffffffff', 'topics[0]', 'non-nullable string has null length -1'],
    ['0000 00000002 0001 61 0005 62', 'topics[1]', 'string length 5 exceeds the 1 bytes remaining'],
    ['0000 00000000 00000005 01', 'userData', 'bytes length 5 exceeds the 1 bytes remaining'],
    ['0001 00000000 ffffffff 00000001 0001 74 00000002 00000000 0000', 'ownedPartitions[0].partitions[1]', 'truncated: int32 needs 4 bytes, 2 remain'],
  ];
  for (const [payload, field, problem] of DECODE) {
    it(`[CP-16] [CP-15] [CP-14] ${field}: ${problem}`, () => {
      const e = caught(() => decodeSubscription(hex(payload)));
      expect(e.message).toBe(`ConsumerProtocolSubscription: field '${field}' at byte offset ${e.offset}: ${problem}`);
    });
  }

  it('[CP-16] [CP-14] strict mode names the null length it refused', () => {
    const e = caught(() => decodeSubscription(hex('0000 00000000 fffffffe'), { strict: true }));
    expect(e.message).toBe("ConsumerProtocolSubscription: field 'userData' at byte offset 6: null length must be -1 in strict mode, got -2");
  });

  it('[CP-16] [CP-13] [CP-09] trailing bytes, a version that cannot be encoded and an over-long string say so', () => {
    const trailing = caught(() => decodeAssignment(hex('0003 00000000 ffffffff 0000'), { strict: true }));
    expect(trailing.message).toBe("ConsumerProtocolAssignment: field 'trailingBytes' at byte offset 10: 2 bytes after a complete version 3 payload");
    const version = caught(() => encodeSubscription(base, 0x8000));
    expect(version.message).toBe("ConsumerProtocolSubscription: field 'version' at byte offset 0: cannot encode version 32768");
    const long = caught(() => encodeSubscription({ ...base, topics: ['a'.repeat(32768)] }));
    expect(long.message).toBe("ConsumerProtocolSubscription: field 'topics[0]' at byte offset 6: string of 32768 UTF-8 bytes exceeds 32767");
  });

  it('[CP-09] the highest version an int16 header holds is written as 3; one past it is refused', () => {
    expect(encodeAssignment({ partitions: [], userData: null }, 0x7fff)).toEqual(encodeAssignment({ partitions: [], userData: null }, 3));
    expect(where(() => encodeAssignment({ partitions: [], userData: null }, 0x8000))).toEqual(['version', 0]);
  });

  it('[CP-16] [CP-09] an encoding error names the value that is not an int32', () => {
    const owned = caught(() => encodeSubscription({ ...base, ownedPartitions: [tp('t', 2 ** 31)] }));
    expect(owned.message).toBe("ConsumerProtocolSubscription: field 'ownedPartitions[0].partitions[0]' at byte offset 21: 2147483648 is not an int32");
    const assigned = caught(() => encodeAssignment({ partitions: [tp('t', 0), tp('t', 1.5)], userData: null }));
    expect(assigned.message).toBe("ConsumerProtocolAssignment: field 'assignedPartitions[0].partitions[1]' at byte offset 17: partitions[1] = 1.5 is not an int32");
  });
});

describe('int32 bounds and field paths past the first entry', () => {
  it('[CP-09] an owned partition may be any int32, and nothing outside it', () => {
    const at = (partition: number) => encodeSubscription({ ...base, ownedPartitions: [tp('t', partition)] });
    expect(decodeSubscription(at(-(2 ** 31))).ownedPartitions).toEqual([tp('t', -(2 ** 31))]);
    expect(decodeSubscription(at(2 ** 31 - 1)).ownedPartitions).toEqual([tp('t', 2 ** 31 - 1)]);
    for (const bad of [-(2 ** 31) - 1, 2 ** 31, 0.5, Number.NaN]) {
      expect(where(() => at(bad))).toEqual(['ownedPartitions[0].partitions[0]', 21]);
    }
  });

  it('[CP-09] [CP-16] a bad value in a later entry names that entry and its index within it', () => {
    const owned = [tp('a', 0), tp('b', 0), tp('b', 1), tp('b', 2 ** 31)];
    // 2+4 no topics, 4 userData, 4 count, "a" entry 2+1+4+4, "b" entry 2+1+4, then b[0] and b[1].
    expect(where(() => encodeSubscription({ ...base, ownedPartitions: owned }))).toEqual(['ownedPartitions[1].partitions[2]', 40]);
    const longTopic = { ...base, ownedPartitions: [tp('a', 0), tp('x'.repeat(40000), 0)] };
    expect(where(() => encodeSubscription(longTopic))).toEqual(['ownedPartitions[1].topic', 25]);
    // A topic that comes back after another keeps its entry; the index counts within that entry.
    const partitions = [tp('t', 0), tp('u', 0), tp('t', 1.5)];
    expect(where(() => encodeAssignment({ partitions, userData: null }))).toEqual(['assignedPartitions[0].partitions[1]', 17]);
  });
});
