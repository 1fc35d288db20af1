/**
 * Fetch (API key 1): a minimal version 12 as plain data, for consumers.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/FetchRequest.json` and
 * `FetchResponse.json` (v12; field names are the camelCase of the JSON names). Not modelled:
 * fetch sessions (KIP-227: `sessionId` 0 and `sessionEpoch` -1, a full fetch every time),
 * forgotten topics, preferred read replicas (KIP-392), aborted transactions and byte limits.
 * Records travel as decoded record batches (`./record-batch.ts`). The logs hold records, not bytes, so `partitionMaxRecords` (not a Kafka field) stands for
 * `partitionMaxBytes` and caps how many records one partition returns. `maxWaitMs` and
 * `minBytes` make the broker hold an answer that has no record yet. The broker's answer is
 * `handleFetch` in `src/broker/cluster/fetch.ts`.
 * @see spec/cluster.md RP-15
 */

import type { RecordBatch } from './record-batch.js';

/** Fetch's API key and the versions this project supports. */
export const FETCH_VERSIONS = { apiKey: 1, min: 12, max: 12 } as const;

/** One partition of a Fetch request. */
export interface FetchRequestPartition {
  readonly partition: number;
  /** -1 when the client does not know it (no fencing). */
  readonly currentLeaderEpoch: number;
  readonly fetchOffset: number;
  /** The epoch of the last fetched record, -1 for a consumer (only followers send it). */
  readonly lastFetchedEpoch: number;
  /** -1 for a consumer (only followers send it). */
  readonly logStartOffset: number;
  /** Sent as the consumer's `max.partition.fetch.bytes`; this cluster caps by `partitionMaxRecords` instead. */
  readonly partitionMaxBytes: number;
  /** Not a Kafka field (the codec leaves it out): the most records this partition returns, standing for `partitionMaxBytes`. */
  readonly partitionMaxRecords: number;
}

/** Fetch request (after v12, minus sessions and byte limits). */
export interface FetchRequest {
  readonly api: 'Fetch';
  readonly version: number;
  /** -1: a consumer. */
  readonly replicaId: number;
  /** How long the broker may hold an answer that has no record (`fetch.max.wait.ms`). */
  readonly maxWaitMs: number;
  /** 0 answers at once; otherwise the broker holds an empty answer up to `maxWaitMs` (`fetch.min.bytes`). */
  readonly minBytes: number;
  /** Sent as the consumer's `fetch.max.bytes`; not enforced (see `partitionMaxRecords`). */
  readonly maxBytes: number;
  /** 0 READ_UNCOMMITTED, 1 READ_COMMITTED; without transactions both read up to the high watermark. */
  readonly isolationLevel: number;
  /** 0: no fetch session (KIP-227). */
  readonly sessionId: number;
  /** -1 (`FINAL_EPOCH`): a full fetch that opens no session. */
  readonly sessionEpoch: number;
  /** `topicId` (Kafka's printed uuid) names the topic from v13, `topic` before (then `""`); the wire codec leaves `topicId` out before v13. */
  readonly topics: readonly { readonly topic: string; readonly topicId?: string; readonly partitions: readonly FetchRequestPartition[] }[];
  /** Partitions an incremental fetch drops; always empty without sessions. */
  readonly forgottenTopicsData: readonly { readonly topic: string; readonly topicId?: string; readonly partitions: readonly number[] }[];
  /** The consumer's `client.rack`, `""` when unset (KIP-392). */
  readonly rackId: string;
}

/** One partition of a Fetch response. */
export interface FetchResponsePartition {
  readonly partitionIndex: number;
  readonly errorCode: number;
  /** -1 on errors. */
  readonly highWatermark: number;
  /** The high watermark (no transactions here); -1 on errors. */
  readonly lastStableOffset: number;
  /** -1 on errors. */
  readonly logStartOffset: number;
  /** Null: no transactions, so nothing was aborted. */
  readonly abortedTransactions: readonly { readonly producerId: number; readonly firstOffset: number }[] | null;
  /** -1: read from the leader (no KIP-392 replica selector). */
  readonly preferredReadReplica: number;
  /**
   * The record batches from the fetch offset, below the high watermark, in log order (Kafka's
   * `Records`, decoded). A batch cut by the fetch offset, `partitionMaxRecords` or the high
   * watermark holds only the records in range.
   */
  readonly records: readonly RecordBatch[];
}

/** Fetch response. */
export interface FetchResponse {
  readonly api: 'Fetch';
  readonly throttleTimeMs: number;
  /** Top-level error (none here: every error is per partition). */
  readonly errorCode: number;
  /** 0: no fetch session. */
  readonly sessionId: number;
  /** `topicId` names the topic from v13 (then `topic` is `""`), as in the request. */
  readonly responses: readonly { readonly topic: string; readonly topicId?: string; readonly partitions: readonly FetchResponsePartition[] }[];
}

/** The Java consumer's `fetch.max.bytes` default (50 MiB). */
const DEFAULT_FETCH_MAX_BYTES = 52_428_800;
/** The Java consumer's `max.partition.fetch.bytes` default (1 MiB). */
const DEFAULT_MAX_PARTITION_FETCH_BYTES = 1_048_576;

/** A consumer's Fetch request for `partitions` (`[topic, partition, fetchOffset]`), topics in first-seen order. */
export function fetchRequest(
  partitions: readonly (readonly [string, number, number])[],
  options: { readonly maxWaitMs?: number; readonly minBytes?: number; readonly partitionMaxRecords?: number; readonly rackId?: string } = {},
): FetchRequest {
  const topics: { topic: string; partitions: FetchRequestPartition[] }[] = [];
  for (const [topic, partition, fetchOffset] of partitions) {
    let t = topics.find((x) => x.topic === topic);
    if (t === undefined) topics.push((t = { topic, partitions: [] }));
    t.partitions.push({
      partition,
      currentLeaderEpoch: -1,
      fetchOffset,
      lastFetchedEpoch: -1,
      logStartOffset: -1,
      partitionMaxBytes: DEFAULT_MAX_PARTITION_FETCH_BYTES,
      partitionMaxRecords: options.partitionMaxRecords ?? 500,
    });
  }
  return {
    api: 'Fetch',
    version: 12,
    replicaId: -1,
    maxWaitMs: options.maxWaitMs ?? 500,
    minBytes: options.minBytes ?? 1,
    maxBytes: DEFAULT_FETCH_MAX_BYTES,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics,
    forgottenTopicsData: [],
    rackId: options.rackId ?? '',
  };
}
