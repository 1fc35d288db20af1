/** Kafka framing: frames cut from a stream however it is chunked; oversized sizes refused up front. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameReader, lengthPrefixed, readHeaderPrefix } from '../../../src/wire/server/framing.js';

describe('FrameReader', () => {
  it('[SRV-10] cuts the same frames out of a stream however it is chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1 }), (payloads, cuts) => {
        const stream = Buffer.concat(payloads.map((p) => lengthPrefixed(p)));
        const reader = new FrameReader(100);
        const got: Uint8Array[] = [];
        for (let at = 0, i = 0; at < stream.length; i++) {
          const n = cuts[i % cuts.length]!;
          got.push(...reader.push(stream.subarray(at, at + n)).frames);
          at += n;
        }
        expect(got.map((f) => [...f])).toEqual(payloads.map((p) => [...p]));
        expect(reader.bufferedBytes).toBe(0);
      }),
      { seed: 12, numRuns: 200 },
    );
  });

  it('[SRV-10] refuses a size over the limit, or negative, from its four length bytes alone', () => {
    const reader = new FrameReader(1000);
    expect(reader.push(Uint8Array.of(0, 0, 3, 0xe9))).toEqual({ frames: [], error: { type: 'frameTooLarge', size: 1001 } });
    expect(reader.push(Uint8Array.of(0, 0, 0, 0)).error?.type).toBe('frameTooLarge');
    expect(reader.bufferedBytes).toBe(0);
    expect(new FrameReader().push(Uint8Array.of(0xff, 0xff, 0xff, 0xff)).error).toEqual({ type: 'negativeLength', size: -1 });
    const exact = new FrameReader(3);
    expect(exact.push(lengthPrefixed(Uint8Array.of(1, 2, 3))).frames).toHaveLength(1);
  });

  it('[SRV-05] reads the fixed request header prefix', () => {
    expect(readHeaderPrefix(Uint8Array.of(0, 18, 0, 9, 0, 0, 1, 2, 99))).toEqual({ apiKey: 18, apiVersion: 9, correlationId: 258 });
    expect(readHeaderPrefix(Uint8Array.of(0, 18, 0))).toBeUndefined();
  });
});
