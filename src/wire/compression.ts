/**
 * Record batch compression for clients, from Kafka's `clients/src/main/java/org/apache/kafka/common/record/CompressionType.java`:
 * attributes bits 0-2 name the codec (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd).
 *
 * @remarks
 * A broker never needs this: the codec keeps compressed records opaque
 * ({@link RecordBatch.encodedRecords}) and returns them as produced (RP-20). Only a client
 * decodes them: gzip with `node:zlib`; snappy with `snappyjs` (raw Snappy, or the xerial
 * framing Kafka's Java producer writes), lz4 with `lz4js` (one LZ4 frame, as Kafka writes for
 * magic 2), zstd with `fzstd` (Node 20's zlib has no zstd); all three are pure JavaScript.
 * Compressing ({@link compressBatch}) is for tests: gzip, snappy and lz4; zstd (fzstd only
 * decompresses) is UNSUPPORTED_COMPRESSION_TYPE.
 * @see spec/wire.md WIRE-06
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { compress as lz4Compress, decompress as lz4Decompress } from 'lz4js';
import { compress as snappyCompress, uncompress as snappyUncompress } from 'snappyjs';
import { WireError } from './errors.js';
import { Reader, Writer } from './primitives.js';
import { COMPRESSION_MASK, readRecords, writeRecord } from './records.js';
import type { RecordBatch } from '../protocol/messages/record-batch.js';

/** Kafka's compression codec ids, by name. */
export const COMPRESSION = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

const NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

function unsupported(codec: number, what = 'is not supported'): WireError {
  return new WireError('UNSUPPORTED_COMPRESSION_TYPE', `record batch compression ${NAMES[codec] ?? codec} ${what}`);
}

/** The magic of the xerial Snappy framing (`SnappyCodec` in snappy-java) Kafka's Java producer writes. */
const XERIAL_MAGIC = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00];

/** Raw Snappy, or xerial-framed Snappy (16-byte header, then chunks of an int32 length and raw Snappy data). */
function unsnappy(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 16 || XERIAL_MAGIC.some((b, i) => bytes[i] !== b)) return snappyUncompress(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Uint8Array[] = [];
  for (let at = 16; at < bytes.length; ) {
    if (at + 4 > bytes.length) throw new Error('truncated xerial chunk length');
    const length = view.getInt32(at);
    if (length < 0 || at + 4 + length > bytes.length) throw new Error(`xerial chunk of ${length} bytes does not fit`);
    chunks.push(snappyUncompress(bytes.subarray(at + 4, at + 4 + length)));
    at += 4 + length;
  }
  return Buffer.concat(chunks);
}

/** The records section of a batch compressed with `codec` (1-4), decompressed. */
function inflate(codec: number, bytes: Uint8Array): Uint8Array {
  switch (codec) {
    case COMPRESSION.gzip:
      return gunzipSync(bytes);
    case COMPRESSION.snappy:
      return unsnappy(bytes);
    case COMPRESSION.lz4:
      return lz4Decompress(bytes);
    case COMPRESSION.zstd:
      return zstdDecompress(bytes);
    default:
      throw unsupported(codec);
  }
}

/** `batch` with its records decoded (a copy); an uncompressed batch is returned as is. */
export function decompressBatch(batch: RecordBatch): RecordBatch {
  const codec = batch.attributes & COMPRESSION_MASK;
  if (codec === COMPRESSION.none || batch.encodedRecords === undefined) return batch;
  if (codec > COMPRESSION.zstd) throw unsupported(codec);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(inflate(codec, batch.encodedRecords.bytes));
  } catch (e) {
    throw new WireError('CORRUPT_MESSAGE', `record batch at offset ${batch.baseOffset}: ${NAMES[codec]} data is corrupt (${(e as Error).message})`);
  }
  const r = new Reader(bytes);
  const records = readRecords(r, batch.encodedRecords.count);
  const { encodedRecords: _dropped, ...rest } = batch;
  return { ...rest, records };
}

/** `batch` (uncompressed) with its records compressed by `codec` and kept as {@link RecordBatch.encodedRecords}. */
export function compressBatch(batch: RecordBatch, codec: keyof typeof COMPRESSION): RecordBatch {
  if (codec === 'none') return batch;
  if (codec === 'zstd') throw unsupported(COMPRESSION.zstd, 'can only be decompressed here (fzstd)');
  const w = new Writer();
  for (const r of batch.records) writeRecord(w, r);
  const plain = w.bytes();
  const bytes = codec === 'gzip' ? gzipSync(plain) : codec === 'snappy' ? snappyCompress(plain) : lz4Compress(plain);
  const attributes = (batch.attributes & ~COMPRESSION_MASK) | COMPRESSION[codec];
  return { ...batch, attributes, records: [], encodedRecords: { count: batch.records.length, bytes: new Uint8Array(bytes) } };
}
