/**
 * How the consumer reads data records back from a Fetch answer.
 *
 * @remarks
 * The in-memory cluster's logs hold records as opaque values; data topics hold
 * {@link ProducerRecord}-shaped values (written by the broker's `produce` test helper). This is
 * the one place in the client that looks inside them.
 * @packageDocumentation
 */
import type { ConsumerRecord, ProducerRecord } from './types.js';

/** One log entry as a Fetch answer carries it (the fields the consumer reads). */
export interface FetchedEntry {
  readonly offset: number;
  readonly timestampMs: number;
  readonly leaderEpoch: number;
  readonly record: unknown;
}

/** A fetched log entry of a data topic as the record `poll` returns. */
export function toConsumerRecord(topic: string, partition: number, entry: FetchedEntry): ConsumerRecord {
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
