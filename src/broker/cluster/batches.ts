/**
 * How a data topic's log holds record batches: one log entry per record, each pointing at its
 * batch's frozen, shared header, and how a Fetch puts consecutive entries back into batches.
 *
 * @remarks
 * Replication (`partition.ts`) copies, truncates and compares entries one offset at a time
 * (RP-04, RP-10: two replicas agree at an offset iff they hold the same entry object). Keeping
 * one entry per record leaves all of that, the high watermark and the offsets topic untouched;
 * storing whole batches would make a follower fetch, a truncation point and the high watermark
 * fall inside a batch. A Produce stores the producer's batch as it came (producer id, epoch,
 * sequence, attributes, timestamps, keys, values, headers); the leader assigns `baseOffset`
 * (its log end) and `partitionLeaderEpoch` (its epoch), which every entry already carries.
 * A Fetch groups consecutive entries that share a header object into one batch, so a batch
 * produced once comes back with exactly the fields it was produced with. Kafka returns whole
 * batches; the in-memory fetch caps records, not bytes, so a fetch that starts or stops
 * inside a batch returns that batch with only the records in range (each keeps its
 * `offsetDelta`, so offsets stay right). A compressed batch stays opaque: one placeholder entry
 * per offset, all sharing the header that carries the compressed bytes, and a Fetch returns it
 * whole and unchanged once its last offset is readable ({@link assembleBatches}).
 * @see spec/cluster.md RP-20
 */
import type { BatchRecord, RecordBatch } from '../../protocol/messages/record-batch.js';
import { NO_PRODUCER_ID, RECORD_BATCH_MAGIC } from '../../protocol/messages/record-batch.js';
import type { LogEntry } from './types.js';

/** A batch's own fields as the producer sent them; `baseOffset` and `partitionLeaderEpoch` come from the log entry. */
export type BatchHeader = Omit<RecordBatch, 'records' | 'baseOffset' | 'partitionLeaderEpoch'>;

/** What one log entry of a data topic holds: one record (a placeholder for a compressed batch) and its batch's header (shared by every record of the batch). */
export interface StoredRecord {
  readonly batch: BatchHeader;
  readonly record: BatchRecord;
}

/**
 * RP-20: the entries to append for `batch`, one per record offset, all sharing one frozen header.
 *
 * @remarks
 * A compressed batch (its records kept opaque as `encodedRecords`) has no decoded records: it
 * gets one entry per offset of its header (`lastOffsetDelta + 1` of them), each an
 * opaque placeholder record carrying its offset delta, and the header carries the
 * compressed bytes. So replication, truncation and the high watermark still work per offset.
 */
export function splitBatch(batch: RecordBatch): StoredRecord[] {
  const { records, baseOffset: _baseOffset, partitionLeaderEpoch: _epoch, ...fields } = batch;
  const header: BatchHeader = Object.freeze(fields);
  if (header.encodedRecords !== undefined) {
    return Array.from({ length: header.lastOffsetDelta + 1 }, (_, i) => Object.freeze({ batch: header, record: opaqueRecord(i) }));
  }
  return records.map((record) => Object.freeze({ batch: header, record: Object.freeze({ ...record }) }));
}

/** The placeholder record of offset delta `offsetDelta` of an opaque (compressed) batch: no key, value or headers of its own. */
function opaqueRecord(offsetDelta: number): BatchRecord {
  return Object.freeze({ attributes: 0, timestampDelta: 0, offsetDelta, key: null, value: null, headers: [] });
}

/** Whether a log entry's record came from a Produce (rather than a coordinator record or a test value). */
export function isStoredRecord(value: unknown): value is StoredRecord {
  return typeof value === 'object' && value !== null && 'batch' in value && 'record' in value;
}

/**
 * RP-20: consecutive entries of one batch as that batch, in log order.
 *
 * @remarks
 * An opaque (compressed) batch comes back whole, records still compressed, as it was produced:
 * only when the entries include its last offset (the batch is wholly below the high watermark
 * and whole in this log). A fetch starting inside it still returns it whole, as Kafka does; a
 * fetch cut inside it leaves it out (the broker's fetch reads on to its end, `fetch.ts`); a
 * batch a leader change truncated part of is never returned.
 */
export function assembleBatches(entries: readonly LogEntry<unknown>[]): RecordBatch[] {
  const out: RecordBatch[] = [];
  let header: BatchHeader | undefined;
  let records: BatchRecord[] = [];
  for (const entry of entries) {
    const stored = isStoredRecord(entry.record) ? entry.record : foreign(entry);
    if (stored.batch.encodedRecords !== undefined) {
      header = undefined;
      if (stored.record.offsetDelta === stored.batch.lastOffsetDelta) {
        out.push({ baseOffset: entry.offset - stored.record.offsetDelta, partitionLeaderEpoch: entry.leaderEpoch, ...stored.batch, records: [] });
      }
    } else if (stored.batch !== header || records.length === 0) {
      records = [stored.record];
      header = stored.batch;
      out.push({ baseOffset: entry.offset - stored.record.offsetDelta, partitionLeaderEpoch: entry.leaderEpoch, ...header, records });
    } else {
      records.push(stored.record);
    }
  }
  return out;
}

/**
 * How many offsets past `entries` a fetch must read to end on a batch boundary: the rest of
 * the opaque batch the last entry belongs to (0 when it ends one, or is not opaque).
 */
export function opaqueRemainder(entries: readonly LogEntry<unknown>[]): number {
  const last = entries[entries.length - 1]?.record;
  if (!isStoredRecord(last) || last.batch.encodedRecords === undefined) return 0;
  return last.batch.lastOffsetDelta - last.record.offsetDelta;
}

/**
 * A record that did not come through Produce (a coordinator record, or an opaque value a test
 * appended) has no bytes: it reads as an empty record of its own batch, so offsets stay contiguous.
 */
function foreign(entry: LogEntry<unknown>): StoredRecord {
  return {
    batch: {
      magic: RECORD_BATCH_MAGIC,
      attributes: 0,
      lastOffsetDelta: 0,
      baseTimestamp: entry.timestampMs,
      maxTimestamp: entry.timestampMs,
      producerId: NO_PRODUCER_ID,
      producerEpoch: -1,
      baseSequence: -1,
    },
    record: { attributes: 0, timestampDelta: 0, offsetDelta: 0, key: null, value: null, headers: [] },
  };
}
