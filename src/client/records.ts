/**
 * Data records in the in-memory cluster: how a test or a demo produces them and how the
 * consumer reads them back.
 *
 * @remarks
 * Records are bytes (`Uint8Array` keys, values and header values) carried in record batches
 * (magic v2) as Kafka's Produce and Fetch carry them; `textRecord` and `decodeText`
 * (`src/protocol/messages/record-batch.ts`) convert where a test or the demo thinks in text.
 * {@link produce} sends a Produce request's worth of records through the typed handler;
 * {@link toConsumerRecords} flattens fetched batches into the records `poll` returns.
 * @see spec/cluster.md RP-20
 * @packageDocumentation
 */
import { handleProduce } from '../broker/cluster/produce.js';
import type { InMemoryKafka } from '../broker/in-memory-kafka.js';
import { errorName } from '../protocol/errors.js';
import { produceRequest } from '../protocol/messages/produce.js';
import { recordBatch, type ProducerRecord, type RecordBatch } from '../protocol/messages/record-batch.js';
import type { ConsumerRecord } from './types.js';

/** Where {@link produce} wrote the records. */
export interface ProduceResult {
  readonly baseOffset: number;
  readonly lastOffset: number;
}

/**
 * Appends `records` as one batch to a partition at its leader, as a Produce request would
 * (stamped with the current virtual time, CreateTime), and lets replication settle so that
 * consumers can read them.
 *
 * @throws Error when the partition is unknown, has no leader or refuses the batch.
 */
export function produce(kafka: InMemoryKafka, topic: string, partition: number, records: readonly ProducerRecord[]): ProduceResult {
  const leader = kafka.cluster.partition(topic, partition)?.leader;
  if (leader === undefined || leader === null) throw new Error(`cannot produce to ${topic}-${partition}: unknown partition or no leader`);
  const request = produceRequest([[topic, partition, recordBatch(records, kafka.loop.nowMs())]]);
  const answer = handleProduce(kafka.cluster, leader, request).responses[0]?.partitionResponses[0];
  if (answer === undefined || answer.errorCode !== 0) throw new Error(`cannot produce to ${topic}-${partition}: ${errorName(answer?.errorCode ?? -1)}`);
  kafka.settle();
  return { baseOffset: answer.baseOffset, lastOffset: answer.baseOffset + records.length - 1 };
}

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
