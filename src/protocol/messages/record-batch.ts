/**
 * Record batches as Produce carries them and Fetch returns them: Kafka's message format v2
 * (magic 2) as plain data.
 *
 * @remarks
 * Field names and meanings are those of Kafka's `DefaultRecordBatch` / `DefaultRecord`
 * (`clients/.../common/record/`), the `records` type of `ProduceRequest.json` and
 * `FetchResponse.json`. The bytes-only fields (`batchLength`, `crc`, record `length`) are the
 * codec's business and are not kept: a batch is what those bytes decode to. Keys, values and
 * header values are bytes; {@link textRecord} and {@link decodeText} are for tests and demos
 * that think in text. A broker assigns `baseOffset` and `partitionLeaderEpoch` on append and
 * keeps every other field exactly as the producer sent it, so a fetch returns what was produced.
 * @see spec/cluster.md RP-20
 */

/** The one record format this project stores (Kafka's `RecordBatch.MAGIC_VALUE_V2`). */
export const RECORD_BATCH_MAGIC = 2;

/** `producerId`, `producerEpoch` and `baseSequence` of a batch from a non-idempotent producer (`RecordBatch.NO_PRODUCER_ID` etc.). */
export const NO_PRODUCER_ID = -1;

/** One record header: a text key and a byte value. */
export interface RecordHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

/** One record of a batch (Kafka's `DefaultRecord`). */
export interface BatchRecord {
  /** Unused by Kafka (always 0). */
  readonly attributes: number;
  /** The record's timestamp minus the batch's `baseTimestamp`. */
  readonly timestampDelta: number;
  /** The record's offset minus the batch's `baseOffset`. */
  readonly offsetDelta: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly RecordHeader[];
}

/** A record batch, magic v2 (Kafka's `DefaultRecordBatch`), with its records decoded. */
export interface RecordBatch {
  /** int64; assigned by the leader on append (what the producer sends is ignored, as in Kafka). */
  readonly baseOffset: number;
  /** The leader epoch of the append; -1 as sent by a producer. */
  readonly partitionLeaderEpoch: number;
  readonly magic: number;
  /** Compression (bits 0-2), timestamp type (bit 3), transactional (bit 4), control (bit 5). */
  readonly attributes: number;
  /** Offset of the last record minus `baseOffset`. */
  readonly lastOffsetDelta: number;
  /** int64: the first record's timestamp. */
  readonly baseTimestamp: number;
  /** int64: the largest record timestamp. */
  readonly maxTimestamp: number;
  /** int64; -1 for a non-idempotent producer. */
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  /** The records, decoded; empty when the batch is compressed and kept as {@link RecordBatch.encodedRecords}. */
  readonly records: readonly BatchRecord[];
  /**
   * A compressed batch's records section exactly as the producer sent it (attributes bits 0-2
   * name the codec): the record count and the compressed bytes. Present only for compressed
   * batches, which the wire codec keeps opaque so a broker stores and returns them unchanged;
   * only a client decompresses them (`decompressBatch` in `src/wire`).
   */
  readonly encodedRecords?: EncodedRecords;
}

/** The records section of a compressed batch, kept as sent: the count and the compressed bytes. */
export interface EncodedRecords {
  readonly count: number;
  readonly bytes: Uint8Array;
}

/** A record to produce: key and value bytes and optional headers, before a batch gives it offset and timestamp deltas. */
export interface ProducerRecord {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers?: readonly RecordHeader[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of `text` (null stays null): how tests and the demo make keys and values. */
export function encodeText(text: string | null): Uint8Array | null {
  return text === null ? null : encoder.encode(text);
}

/** The UTF-8 text of `bytes` (null stays null): how tests and the demo print keys and values. */
export function decodeText(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : decoder.decode(bytes);
}

/** A record whose value (and optional key) are UTF-8 text, as tests write them. */
export function textRecord(value: string | null, key: string | null = null): ProducerRecord {
  return { key: encodeText(key), value: encodeText(value) };
}

/**
 * The batch a non-idempotent, uncompressed producer sends for `records`, all stamped
 * `timestampMs` (CreateTime): `baseOffset` 0 and `partitionLeaderEpoch` -1 until the leader
 * assigns them.
 */
export function recordBatch(records: readonly ProducerRecord[], timestampMs = 0): RecordBatch {
  return {
    baseOffset: 0,
    partitionLeaderEpoch: -1,
    magic: RECORD_BATCH_MAGIC,
    attributes: 0,
    lastOffsetDelta: records.length - 1,
    baseTimestamp: timestampMs,
    maxTimestamp: timestampMs,
    producerId: NO_PRODUCER_ID,
    producerEpoch: -1,
    baseSequence: -1,
    records: records.map((r, i) => ({ attributes: 0, timestampDelta: 0, offsetDelta: i, key: r.key, value: r.value, headers: r.headers ?? [] })),
  };
}
