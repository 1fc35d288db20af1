/**
 * Record batch compression for clients, from Kafka's `clients/src/main/java/org/apache/kafka/common/record/CompressionType.java`:
 * attributes bits 0-2 name the codec (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd).
 *
 * @remarks
 * A broker never needs this: the codec keeps compressed records opaque
 * ({@link RecordBatch.encodedRecords}) and returns them as produced. Only a client decodes them.
 * gzip uses `node:zlib`; snappy, lz4 and zstd (Node 20's zlib has no zstd) are refused with
 * UNSUPPORTED_COMPRESSION_TYPE rather than pulling in codecs nobody here needs yet.
 * @see spec/wire.md WIRE-06
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { WireError } from './errors.js';
import { Reader, Writer } from './primitives.js';
import { COMPRESSION_MASK, readRecords, writeRecord } from './records.js';
import type { RecordBatch } from '../protocol/messages/record-batch.js';

/** Kafka's compression codec ids, by name. */
export const COMPRESSION = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

const NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

function unsupported(codec: number): WireError {
  return new WireError('UNSUPPORTED_COMPRESSION_TYPE', `record batch compression ${NAMES[codec] ?? codec} is not supported (only none and gzip)`);
}

/** `batch` with its records decoded (a copy); an uncompressed batch is returned as is. */
export function decompressBatch(batch: RecordBatch): RecordBatch {
  const codec = batch.attributes & COMPRESSION_MASK;
  if (codec === COMPRESSION.none || batch.encodedRecords === undefined) return batch;
  if (codec !== COMPRESSION.gzip) throw unsupported(codec);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(gunzipSync(batch.encodedRecords.bytes));
  } catch (e) {
    throw new WireError('CORRUPT_MESSAGE', `record batch at offset ${batch.baseOffset}: gzip data is corrupt (${(e as Error).message})`);
  }
  const r = new Reader(bytes);
  const records = readRecords(r, batch.encodedRecords.count);
  const { encodedRecords: _dropped, ...rest } = batch;
  return { ...rest, records };
}

/** `batch` (uncompressed) with its records compressed by `codec` and kept as {@link RecordBatch.encodedRecords}. */
export function compressBatch(batch: RecordBatch, codec: keyof typeof COMPRESSION): RecordBatch {
  if (codec === 'none') return batch;
  if (codec !== 'gzip') throw unsupported(COMPRESSION[codec]);
  const w = new Writer();
  for (const r of batch.records) writeRecord(w, r);
  const attributes = (batch.attributes & ~COMPRESSION_MASK) | COMPRESSION.gzip;
  return { ...batch, attributes, records: [], encodedRecords: { count: batch.records.length, bytes: new Uint8Array(gzipSync(w.bytes())) } };
}
