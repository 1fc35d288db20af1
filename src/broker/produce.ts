/**
 * How a test or a demo writes data records to the in-memory cluster, standing in for a
 * producer.
 *
 * @remarks
 * The cluster's logs are typed by the coordinator's record type (`Cluster<CoordinatorRecord>`)
 * and treat records as opaque values. Data topics hold `{ key, value }` values instead; this
 * module is the one place that writes them, and the consumer's `toConsumerRecord` is the one
 * place that reads them back.
 * @packageDocumentation
 */
import type { InMemoryKafka } from './in-memory-kafka.js';
import type { CoordinatorRecord } from '../protocol/records.js';

/** A record to produce: a value, or a key and a value (the shape of the client's `ProducerRecord`). */
export type ProduceInput = string | { readonly key: string | null; readonly value: string | null };

/** Where {@link produce} wrote the records. */
export interface ProduceResult {
  readonly baseOffset: number;
  readonly lastOffset: number;
}

/**
 * Appends `records` (values, or `{ key, value }`) to a partition at its leader with acks=all, as
 * a Produce request would, and lets replication settle so that consumers can read them.
 *
 * @throws Error when the partition is unknown, has no leader or has too few in-sync replicas.
 */
export function produce(kafka: InMemoryKafka, topic: string, partition: number, records: readonly ProduceInput[]): ProduceResult {
  const leader = kafka.cluster.partition(topic, partition)?.leader;
  if (leader === undefined || leader === null) throw new Error(`cannot produce to ${topic}-${partition}: unknown partition or no leader`);
  const values = records.map((r) => (typeof r === 'string' ? { key: null, value: r } : { key: r.key, value: r.value }));
  const result = kafka.cluster.produce(leader, topic, partition, values as unknown as CoordinatorRecord[]);
  if ('error' in result) throw new Error(`cannot produce to ${topic}-${partition}: ${result.error}`);
  kafka.settle();
  return { baseOffset: result.baseOffset, lastOffset: result.lastOffset };
}
