/**
 * Record batches on the wire: magic 2 with CRC32C checked on decode, magic 0/1 refused,
 * compressed batches kept as sent, partial trailing batches in responses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordBatch, textRecord, type RecordBatch } from '../../src/protocol/messages/index.js';
import { compressBatch, decodeBatches, decodeRequest, decompressBatch, encodeBatches, WireError } from '../../src/wire/index.js';
import { kjsFrame, kjsRequest } from './kafkajs.js';
import { recordBatchArb } from './arbitrary.js';

function wireError(f: () => unknown): WireError {
  try {
    f();
  } catch (e) {
    if (e instanceof WireError) return e;
    throw e;
  }
  throw new Error('expected a WireError');
}

const batch: RecordBatch = recordBatch([textRecord('a', 'k'), textRecord('b')], 1_700_000_000_000);

async function produceFrame(): Promise<Uint8Array> {
  const args = { acks: -1, timeout: 30000, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'v' }] }] }] };
  return new Uint8Array((await kjsFrame(kjsRequest('produce', 7)(args))).subarray(4));
}

/** Where the first batch starts in a kafkajs Produce v7 frame for topic 't' (found by its magic). */
function batchStart(frame: Uint8Array): number {
  // header (2+2+4, clientId 2+3) + transactionalId(2) + acks(2) + timeout(4) + topics(4) + name(3) + partitions(4) + index(4) + records length(4)
  return 13 + 2 + 2 + 4 + 4 + 3 + 4 + 4 + 4;
}

describe('[WIRE-05] record batch CRC32C', () => {
  it('[WIRE-05] encode then decode returns the batch, for arbitrary batches', () => {
    fc.assert(fc.property(fc.array(recordBatchArb, { maxLength: 3 }), (batches) => {
      expect(decodeBatches(encodeBatches(batches))).toEqual(batches);
    }), { numRuns: 200 });
  });

  it('[WIRE-05] the CRC is CRC-32C over attributes..end, at bytes 17-20 (Kafka DefaultRecordBatch)', () => {
    const bytes = encodeBatches([batch]);
    expect(bytes[16]).toBe(2);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getInt32(8)).toBe(bytes.length - 12);
    expect(decodeBatches(bytes)).toEqual([batch]);
  });

  it('[WIRE-05] a flipped byte anywhere under the CRC is CORRUPT_MESSAGE, with the request header attached', async () => {
    const frame = await produceFrame();
    const start = batchStart(frame);
    expect(frame[start + 16]).toBe(2);
    for (let i = start + 21; i < frame.length; i++) {
      const bad = frame.slice();
      bad[i] = (bad[i] as number) ^ 0x01;
      const e = wireError(() => decodeRequest(bad));
      expect(e.kind, `byte ${i}`).toBe('CORRUPT_MESSAGE');
      expect(e.errorCode).toBe(2);
      expect(e.header?.requestApiKey).toBe(0);
    }
  });

  it('[WIRE-05] the rest of the Produce request still decodes: the bad partition\'s records read as null', async () => {
    const frame = await produceFrame();
    frame[frame.length - 1] = (frame[frame.length - 1] as number) ^ 0xff;
    const e = wireError(() => decodeRequest(frame));
    expect(e.request).toMatchObject({ api: 'Produce', version: 7, acks: -1, topicData: [{ name: 't', partitionData: [{ index: 0, records: null }] }] });
  });

  it('[WIRE-05] a record set ending in a partial batch: dropped in a response, refused in a request', () => {
    const bytes = encodeBatches([batch, batch]);
    const cut = bytes.subarray(0, bytes.length - 5);
    expect(decodeBatches(cut, true)).toEqual([batch]);
    expect(wireError(() => decodeBatches(cut, false)).kind).toBe('CORRUPT_MESSAGE');
  });
});

describe('[WIRE-08] message format v0/v1 refused', () => {
  it.each([0, 1])('[WIRE-08] magic %i in a Produce request is UNSUPPORTED_VERSION', async (magic) => {
    const frame = await produceFrame();
    frame[batchStart(frame) + 16] = magic;
    const e = wireError(() => decodeRequest(frame));
    expect(e.kind).toBe('UNSUPPORTED_VERSION');
    expect(e.message).toContain('magic');
  });

  it('[WIRE-08] a batch with magic other than 2 is not encoded', () => {
    expect(wireError(() => encodeBatches([{ ...batch, magic: 1 }])).kind).toBe('UNSUPPORTED_VERSION');
  });
});

describe('[WIRE-06] compressed batches', () => {
  it('[WIRE-06] a compressed batch is kept opaque and re-encoded byte for byte, whatever the codec', () => {
    for (const codec of [1, 2, 3, 4]) {
      const opaque: RecordBatch = { ...batch, attributes: codec, records: [], encodedRecords: { count: 2, bytes: new Uint8Array([9, 8, 7, 6]) } };
      const bytes = encodeBatches([opaque]);
      expect(decodeBatches(bytes)).toEqual([opaque]);
      expect(encodeBatches(decodeBatches(bytes))).toEqual(bytes);
    }
  });

  it('[WIRE-06] gzip compresses and decompresses on the client', () => {
    const gz = compressBatch(batch, 'gzip');
    expect(gz.attributes & 7).toBe(1);
    // The attributes still name the codec the batch travelled with.
    expect(decompressBatch(decodeBatches(encodeBatches([gz]))[0]!)).toEqual({ ...batch, attributes: 1 });
  });

  it.each(['snappy', 'lz4'] as const)('[WIRE-06] %s compresses and decompresses on the client', (codec) => {
    const packed = compressBatch(batch, codec);
    expect(packed.attributes & 7).toBe(codec === 'snappy' ? 2 : 3);
    expect(decompressBatch(decodeBatches(encodeBatches([packed]))[0]!)).toEqual({ ...batch, attributes: packed.attributes });
  });

  it('[WIRE-06] xerial-framed snappy (what Kafka\'s Java producer writes) decompresses on the client', () => {
    const raw = compressBatch(batch, 'snappy').encodedRecords!.bytes;
    const header = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1];
    const length = [raw.length >>> 24, (raw.length >>> 16) & 255, (raw.length >>> 8) & 255, raw.length & 255];
    const framed: RecordBatch = { ...batch, attributes: 2, records: [], encodedRecords: { count: batch.records.length, bytes: new Uint8Array([...header, ...length, ...raw]) } };
    expect(decompressBatch(framed).records).toEqual(batch.records);
  });

  it('[WIRE-06] zstd only decompresses on the client, and codecs 5-7 are UNSUPPORTED_COMPRESSION_TYPE', () => {
    expect(wireError(() => compressBatch(batch, 'zstd')).kind).toBe('UNSUPPORTED_COMPRESSION_TYPE');
    for (const codec of [5, 6, 7]) {
      const opaque: RecordBatch = { ...batch, attributes: codec, records: [], encodedRecords: { count: 1, bytes: new Uint8Array([1]) } };
      const e = wireError(() => decompressBatch(opaque));
      expect(e.kind).toBe('UNSUPPORTED_COMPRESSION_TYPE');
      expect(e.errorCode).toBe(76);
      expect(e.message).toMatch(`compression ${codec} is not supported`);
    }
  });

  it.each([2, 3, 4])('[WIRE-06] corrupt data of codec %i is CORRUPT_MESSAGE', (codec) => {
    const opaque: RecordBatch = { ...batch, attributes: codec, records: [], encodedRecords: { count: 1, bytes: new Uint8Array([1, 2, 3]) } };
    expect(wireError(() => decompressBatch(opaque)).kind).toBe('CORRUPT_MESSAGE');
  });

  it('[WIRE-06] corrupt gzip data is CORRUPT_MESSAGE', () => {
    const opaque: RecordBatch = { ...batch, attributes: 1, records: [], encodedRecords: { count: 1, bytes: new Uint8Array([1, 2, 3]) } };
    expect(wireError(() => decompressBatch(opaque)).kind).toBe('CORRUPT_MESSAGE');
  });
});
