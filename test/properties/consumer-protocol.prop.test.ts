/**
 * Round trips of the consumer protocol for every version: decoding an encoding gives back
 * the value in Kafka's canonical form, a canonical value exactly, and the same bytes again;
 * any cut or corrupted payload fails with a ConsumerProtocolError and nothing else.
 *
 * @see spec/consumer-protocol.md
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TopicPartition } from '../../src/protocol/assignors/types.js';
import {
  ConsumerProtocolError,
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
  type ConsumerAssignment,
  type ConsumerSubscription,
} from '../../src/protocol/consumer-protocol/index.js';
import { FC_SEED, runs } from '../helpers/seed.js';

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

// A few fixed names make repeated topics likely; arbitrary Unicode (well-formed) covers UTF-8.
const topic = fc.oneof(fc.constantFrom('a', 'b', 'orders', '\u00e9t\u00e9', '\u{1f600}'), fc.string({ unit: 'binary', maxLength: 6 }));
const partition = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer(INT32));
const topicPartition = fc.record({ topic, partition });
const userData = fc.option(fc.uint8Array({ maxLength: 6 }), { nil: null });
const version = fc.integer({ min: 0, max: 3 });

const subscription: fc.Arbitrary<ConsumerSubscription> = fc.record({
  topics: fc.array(topic, { maxLength: 5 }),
  userData,
  ownedPartitions: fc.array(topicPartition, { maxLength: 8 }),
  generationId: fc.oneof(fc.constant(-1), fc.integer(INT32)),
  rackId: fc.option(fc.oneof(fc.constant(''), fc.string({ unit: 'binary', maxLength: 6 })), { nil: null }),
});

const assignment: fc.Arbitrary<ConsumerAssignment> = fc.record({
  partitions: fc.array(topicPartition, { maxLength: 12 }),
  userData,
});

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The subscription as Kafka writes it at `v` and reads it back (CP-05, CP-06, CP-08, CP-12). */
function canonicalSubscription(x: ConsumerSubscription, v: number): ConsumerSubscription {
  const owned = [...x.ownedPartitions].sort((p, q) => byCodeUnits(p.topic, q.topic) || p.partition - q.partition);
  return {
    topics: [...x.topics].sort(byCodeUnits),
    userData: x.userData,
    ownedPartitions: v >= 1 ? owned : [],
    generationId: v >= 2 && x.generationId >= 0 ? x.generationId : -1,
    rackId: v >= 3 && x.rackId !== '' ? x.rackId : null,
  };
}

/** The partitions grouped by topic in first-seen order, each topic's in input order (CP-07). */
function canonicalPartitions(partitions: readonly TopicPartition[]): TopicPartition[] {
  const topics = [...new Set(partitions.map((p) => p.topic))];
  return topics.flatMap((t) => partitions.filter((p) => p.topic === t));
}

/** Decoding `bytes` either succeeds or throws a ConsumerProtocolError within the payload. */
function failsCleanly(decode: () => unknown, length: number): boolean {
  try {
    decode();
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(ConsumerProtocolError);
    const { offset } = e as ConsumerProtocolError;
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThanOrEqual(length);
    return false;
  }
}

describe(`consumer protocol round trips (seed ${FC_SEED})`, () => {
  it(`[CP-03] [CP-05] [CP-06] [CP-08] [CP-12] subscription: decode(encode(x, v)) is x in Kafka's canonical form, v0-3 (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(subscription, version, (x, v) => {
        expect(decodeSubscription(encodeSubscription(x, v))).toEqual({ version: v, ...canonicalSubscription(x, v) });
      }),
      { seed: FC_SEED, numRuns: runs(500) },
    );
  });

  it(`[CP-03] [CP-01] subscription: a canonical x round-trips exactly, and so do its bytes, v0-3 (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(subscription, version, (raw, v) => {
        const x = canonicalSubscription(raw, v);
        const bytes = encodeSubscription(x, v);
        const decoded = decodeSubscription(bytes, { strict: true });
        expect(decoded).toEqual({ version: v, ...x });
        expect(encodeSubscription(decoded, decoded.version)).toEqual(bytes);
      }),
      { seed: FC_SEED, numRuns: runs(500) },
    );
  });

  it(`[CP-04] [CP-07] assignment: decode(encode(x, v)) is x grouped by first-seen topic, v0-3 (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(assignment, version, (x, v) => {
        const bytes = encodeAssignment(x, v);
        const expected = { version: v, partitions: canonicalPartitions(x.partitions), userData: x.userData };
        expect(decodeAssignment(bytes)).toEqual(expected);
        // A grouped list is canonical: it round-trips exactly, bytes included.
        const again = decodeAssignment(encodeAssignment(expected, v), { strict: true });
        expect(again).toEqual(expected);
        expect(encodeAssignment(again, again.version)).toEqual(bytes);
      }),
      { seed: FC_SEED, numRuns: runs(500) },
    );
  });

  it(`[CP-11] a header above 3 reads as the v3 layout and reports its version (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(subscription, assignment, fc.integer({ min: 4, max: 0x7fff }), fc.uint8Array({ maxLength: 4 }), (s, a, w, extra) => {
        const future = (bytes: Uint8Array): Uint8Array => {
          const out = new Uint8Array(bytes.length + extra.length);
          out.set(bytes);
          out.set(extra, bytes.length);
          new DataView(out.buffer).setInt16(0, w);
          return out;
        };
        const sBytes = encodeSubscription(s, 3);
        expect(decodeSubscription(future(sBytes), { strict: true })).toEqual({ ...decodeSubscription(sBytes), version: w });
        const aBytes = encodeAssignment(a, 3);
        expect(decodeAssignment(future(aBytes), { strict: true })).toEqual({ ...decodeAssignment(aBytes), version: w });
      }),
      { seed: FC_SEED, numRuns: runs(500) },
    );
  });

  it(`[CP-15] [CP-16] every proper prefix of a valid payload fails with a ConsumerProtocolError (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(subscription, assignment, version, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (s, a, v, cut) => {
        for (const [bytes, decode] of [
          [encodeSubscription(s, v), decodeSubscription],
          [encodeAssignment(a, v), decodeAssignment],
        ] as const) {
          const prefix = bytes.subarray(0, Math.floor(cut * bytes.length));
          expect(failsCleanly(() => decode(prefix), prefix.length)).toBe(false);
        }
      }),
      { seed: FC_SEED, numRuns: runs(500) },
    );
  });

  it(`[CP-14] [CP-16] arbitrary or corrupted bytes decode or fail with a ConsumerProtocolError, never otherwise (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(subscription, version, fc.uint8Array({ maxLength: 40 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (s, v, noise, at, byte) => {
        const corrupted = encodeSubscription(s, v).slice();
        corrupted[at % corrupted.length] = byte;
        for (const bytes of [noise, corrupted]) {
          for (const strict of [false, true]) {
            failsCleanly(() => decodeSubscription(bytes, { strict }), bytes.length);
            failsCleanly(() => decodeAssignment(bytes, { strict }), bytes.length);
          }
        }
      }),
      { seed: FC_SEED, numRuns: runs(500) },
    );
  });
});
