/**
 * Data records in the in-memory cluster: how a test or a demo produces them and how the
 * consumer reads them back.
 *
 * @remarks
 * The cluster's logs are typed by the coordinator's record type (`Cluster<CoordinatorRecord>`),
 * and the cluster treats records as opaque values. Data topics hold {@link ProducerRecord}
 * values instead; this module is the one place that crosses between the two types: it writes
 * them with {@link produce} and reads them with {@link toConsumerRecord}.
 * @packageDocumentation
 */
import type { LogEntry } from '../broker/cluster/types.js';
import type { InMemoryKafka } from '../broker/in-memory-kafka.js';
import type { CoordinatorRecord } from '../protocol/records.js';
import type { ConsumerRecord, ProducerRecord } from './types.js';

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
export function produce(kafka: InMemoryKafka, topic: string, partition: number, records: readonly (string | ProducerRecord)[]): ProduceResult {
  const leader = kafka.cluster.partition(topic, partition)?.leader;
  if (leader === undefined || leader === null) throw new Error(`cannot produce to ${topic}-${partition}: unknown partition or no leader`);
  const values: ProducerRecord[] = records.map((r) => (typeof r === 'string' ? { key: null, value: r } : { key: r.key, value: r.value }));
  const result = kafka.cluster.produce(leader, topic, partition, values as unknown as CoordinatorRecord[]);
  if ('error' in result) throw new Error(`cannot produce to ${topic}-${partition}: ${result.error}`);
  kafka.settle();
  return { baseOffset: result.baseOffset, lastOffset: result.lastOffset };
}

/** A fetched log entry of a data topic as the record `poll` returns. */
export function toConsumerRecord(topic: string, partition: number, entry: LogEntry<unknown>): ConsumerRecord {
  const data = entry.record as Partial<ProducerRecord> | null;
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : JSON.stringify(v));
  return {
    topic,
    partition,
    offset: entry.offset,
    timestamp: entry.timestampMs,
    leaderEpoch: entry.leaderEpoch,
    key: text(data?.key),
    value: text(data?.value),
  };
}
