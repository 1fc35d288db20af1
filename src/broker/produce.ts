/**
 * How a test or a demo writes data records to the in-memory cluster, standing in for a
 * producer: one Produce request's worth of records, through the broker's typed Produce handler.
 * @see spec/cluster.md RP-20
 * @packageDocumentation
 */
import { handleProduce } from './cluster/produce.js';
import type { InMemoryKafka } from './in-memory-kafka.js';
import { errorName } from '../protocol/errors.js';
import { produceRequest } from '../protocol/messages/produce.js';
import { recordBatch, type ProducerRecord } from '../protocol/messages/record-batch.js';

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
