/**
 * Record batches on the wire: Kafka's message format v2 (magic 2), from
 * `clients/src/main/java/org/apache/kafka/common/record/DefaultRecordBatch.java` and
 * `DefaultRecord.java`.
 *
 * @remarks
 * Batch layout: baseOffset int64, batchLength int32 (bytes after this field),
 * partitionLeaderEpoch int32, magic int8 (2), crc uint32 (CRC-32C of everything from
 * attributes to the end), attributes int16, lastOffsetDelta int32, baseTimestamp int64,
 * maxTimestamp int64, producerId int64, producerEpoch int16, baseSequence int32, records count
 * int32, then the records, compressed as a whole when attributes bits 0-2 are non-zero.
 * Record: length varint, attributes int8, timestampDelta varlong, offsetDelta varint, key
 * (varint length, -1 null), value (same), headers count varint, each header key (varint length
 * + UTF-8) and value (varint length, -1 null). A CRC mismatch is CORRUPT_MESSAGE; magic 0 and 1
 * (the old MessageSet, which Kafka 4 no longer accepts) are UNSUPPORTED_VERSION. Compressed
 * records stay opaque ({@link RecordBatch.encodedRecords}) so a broker returns them unchanged.
 * @see spec/wire.md WIRE-05
 */
import { crc32c } from '@aws-crypto/crc32c';
import { WireError } from './errors.js';
import { Reader, Writer } from './primitives.js';
import { RECORD_BATCH_MAGIC, type BatchRecord, type RecordBatch, type RecordHeader } from '../protocol/messages/record-batch.js';

/** Bytes of a batch before its records: baseOffset through the records count. */
export const BATCH_HEADER_BYTES = 61;
/** Offset of the magic byte in a batch (the same in every message format). */
const MAGIC_OFFSET = 16;
/** Bytes from the start of a batch to the attributes (where the CRC starts). */
const CRC_START = 21;
/** Attribute bits naming the compression codec. */
export const COMPRESSION_MASK = 0x07;

/** Appends one record (`DefaultRecord` layout). */
export function writeRecord(w: Writer, r: BatchRecord): void {
  const body = new Writer();
  body.int8(r.attributes);
  body.varlong(r.timestampDelta);
  body.varint(r.offsetDelta);
  writeVarBytes(body, r.key);
  writeVarBytes(body, r.value);
  body.varint(r.headers.length);
  for (const h of r.headers) {
    writeVarBytes(body, Writer.utf8(h.key));
    writeVarBytes(body, h.value);
  }
  w.varint(body.pos);
  w.raw(body.bytes());
}

function writeVarBytes(w: Writer, bytes: Uint8Array | null): void {
  if (bytes === null) return w.varint(-1);
  w.varint(bytes.length);
  w.raw(bytes);
}

/** Appends one batch to `w`, computing its length and CRC. */
export function writeBatch(w: Writer, b: RecordBatch): void {
  if (b.magic !== RECORD_BATCH_MAGIC) throw new WireError('UNSUPPORTED_VERSION', `record batch magic ${b.magic}: only magic 2 is supported`);
  const start = w.pos;
  w.int64(b.baseOffset);
  w.int32(0);
  w.int32(b.partitionLeaderEpoch);
  w.int8(b.magic);
  w.uint32(0);
  w.int16(b.attributes);
  w.int32(b.lastOffsetDelta);
  w.int64(b.baseTimestamp);
  w.int64(b.maxTimestamp);
  w.int64(b.producerId);
  w.int16(b.producerEpoch);
  w.int32(b.baseSequence);
  if (b.encodedRecords !== undefined) {
    w.int32(b.encodedRecords.count);
    w.raw(b.encodedRecords.bytes);
  } else {
    w.int32(b.records.length);
    for (const r of b.records) writeRecord(w, r);
  }
  w.patchInt32(start + 8, w.pos - start - 12);
  w.patchInt32(start + 17, crc32c(w.bytes().subarray(start + CRC_START, w.pos)));
}

/** The bytes of a record set: the batches one after another. */
export function encodeBatches(batches: readonly RecordBatch[]): Uint8Array {
  const w = new Writer();
  for (const b of batches) writeBatch(w, b);
  return w.bytes().slice();
}

function readVarBytes(r: Reader, what: string): Uint8Array | null {
  const n = r.varint(what);
  if (n < -1) throw new WireError('CORRUPT_MESSAGE', `${what}: negative length ${n}`);
  return n === -1 ? null : r.raw(n, what).slice();
}

function readHeaders(r: Reader): RecordHeader[] {
  const n = r.varint('record header count');
  if (n < 0 || n * 2 > r.remaining()) throw new WireError('CORRUPT_MESSAGE', `record header count ${n} is invalid for ${r.remaining()} bytes`);
  const headers: RecordHeader[] = [];
  for (let i = 0; i < n; i++) {
    const key = readVarBytes(r, 'record header key');
    if (key === null) throw new WireError('CORRUPT_MESSAGE', 'record header key is null');
    headers.push({ key: new TextDecoder('utf-8', { ignoreBOM: true }).decode(key), value: readVarBytes(r, 'record header value') });
  }
  return headers;
}

function readRecord(r: Reader): BatchRecord {
  const length = r.varint('record length');
  if (length < 0 || length > r.remaining()) throw new WireError('CORRUPT_MESSAGE', `record length ${length} exceeds the ${r.remaining()} bytes left`);
  const body = new Reader(r.bytes, r.pos, r.pos + length);
  r.raw(length, 'record');
  const record: BatchRecord = {
    attributes: body.int8('record attributes'),
    timestampDelta: body.varlong('record timestampDelta'),
    offsetDelta: body.varint('record offsetDelta'),
    key: readVarBytes(body, 'record key'),
    value: readVarBytes(body, 'record value'),
    headers: readHeaders(body),
  };
  if (body.remaining() !== 0) throw new WireError('CORRUPT_MESSAGE', `record has ${body.remaining()} bytes beyond its headers`);
  return record;
}

/** Reads the batch body (after the CRC was checked): attributes to the end. */
function readBatchBody(r: Reader, baseOffset: number, partitionLeaderEpoch: number): RecordBatch {
  const attributes = r.int16('attributes');
  const head = {
    baseOffset,
    partitionLeaderEpoch,
    magic: RECORD_BATCH_MAGIC,
    attributes,
    lastOffsetDelta: r.int32('lastOffsetDelta'),
    baseTimestamp: r.int64('baseTimestamp'),
    maxTimestamp: r.int64('maxTimestamp'),
    producerId: r.int64('producerId'),
    producerEpoch: r.int16('producerEpoch'),
    baseSequence: r.int32('baseSequence'),
  };
  const count = r.int32('records count');
  if (count < 0) throw new WireError('CORRUPT_MESSAGE', `record batch: negative record count ${count}`);
  if ((attributes & COMPRESSION_MASK) !== 0) {
    return { ...head, records: [], encodedRecords: { count, bytes: r.raw(r.remaining(), 'records').slice() } };
  }
  return { ...head, records: readRecords(r, count) };
}

/** Reads exactly `count` records filling the rest of `r` (an uncompressed or decompressed records section). */
export function readRecords(r: Reader, count: number): BatchRecord[] {
  if (count > r.remaining()) throw new WireError('CORRUPT_MESSAGE', `record batch: ${count} records cannot fit in ${r.remaining()} bytes`);
  const records: BatchRecord[] = [];
  for (let i = 0; i < count; i++) records.push(readRecord(r));
  if (r.remaining() !== 0) throw new WireError('CORRUPT_MESSAGE', `record batch: ${r.remaining()} bytes after its ${count} records`);
  return records;
}

/** Reads one batch at `r`'s position; returns undefined when only a partial batch is left and `allowPartial`. */
export function readBatch(r: Reader, allowPartial: boolean): RecordBatch | undefined {
  if (r.remaining() < MAGIC_OFFSET + 1) {
    if (allowPartial) return (r.raw(r.remaining()), undefined);
    throw new WireError('CORRUPT_MESSAGE', `record set: ${r.remaining()} trailing bytes are not a batch`);
  }
  const start = r.pos;
  const baseOffset = r.int64('baseOffset');
  const length = r.int32('batchLength');
  if (length > r.remaining()) {
    if (allowPartial) return (r.raw(r.remaining()), undefined);
    throw new WireError('CORRUPT_MESSAGE', `record batch length ${length} exceeds the ${r.remaining()} bytes left`);
  }
  const magic = r.bytes[start + MAGIC_OFFSET] as number;
  if (magic !== RECORD_BATCH_MAGIC) {
    throw new WireError('UNSUPPORTED_VERSION', `record batch magic ${magic}: message format v0/v1 is not supported (only magic 2, as in Kafka 4)`);
  }
  if (length < BATCH_HEADER_BYTES - 12) throw new WireError('CORRUPT_MESSAGE', `record batch length ${length} is below the ${BATCH_HEADER_BYTES - 12}-byte header`);
  const partitionLeaderEpoch = r.int32('partitionLeaderEpoch');
  r.int8('magic');
  const crc = r.uint32('crc');
  const end = start + 12 + length;
  const actual = crc32c(r.bytes.subarray(start + CRC_START, end)) >>> 0;
  if (actual !== crc) throw new WireError('CORRUPT_MESSAGE', `record batch at offset ${baseOffset}: CRC32C ${actual.toString(16)} does not match ${crc.toString(16)}`);
  const body = new Reader(r.bytes, r.pos, end);
  r.raw(end - r.pos, 'record batch');
  return readBatchBody(body, baseOffset, partitionLeaderEpoch);
}

/** The batches of a record set; a trailing partial batch is dropped when `allowPartial` (Fetch responses), else refused. */
export function decodeBatches(bytes: Uint8Array, allowPartial = false): RecordBatch[] {
  const r = new Reader(bytes);
  const out: RecordBatch[] = [];
  while (r.remaining() > 0) {
    const b = readBatch(r, allowPartial);
    if (b !== undefined) out.push(b);
  }
  return out;
}
