/**
 * How the consumer reads data records back from a Fetch answer.
 *
 * @remarks
 * Records are bytes (`Uint8Array` keys, values and header values) carried in record batches
 * (magic v2) as Kafka's Produce and Fetch carry them; `textRecord` and `decodeText`
 * (`src/protocol/messages/record-batch.ts`) convert where a test or the demo thinks in text.
 * {@link toConsumerRecords} flattens fetched batches into the records `poll` returns.
 * @see spec/cluster.md RP-20
 * @packageDocumentation
 */
import type { RecordBatch } from '../protocol/messages/record-batch.js';
import type { ConsumerRecord } from './types.js';

/** Fetched record batches of a data topic as the records `poll` returns, in offset order. */
export function toConsumerRecords(topic: string, partition: number, batches: readonly RecordBatch[]): ConsumerRecord[] {
  return batches.flatMap((b) =>
    b.records.map((r) => ({
      topic,
      partition,
      offset: b.baseOffset + r.offsetDelta,
      timestamp: b.baseTimestamp + r.timestampDelta,
      leaderEpoch: b.partitionLeaderEpoch,
      key: r.key,
      value: r.value,
      headers: r.headers,
    })),
  );
}
