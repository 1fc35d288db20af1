/**
 * Fetch (API key 1) as typed data, for consumers of the in-memory cluster: a minimal version
 * of Fetch v12 and how a broker answers it from its partitions' logs.
 *
 * @remarks
 * Field names follow `FetchRequest.json` / `FetchResponse.json` (v12). Not modelled: fetch
 * sessions (KIP-227: `sessionId` 0 and `sessionEpoch` -1, a full fetch every time), forgotten
 * topics, preferred read replicas (KIP-392), aborted transactions and byte limits. The logs
 * hold records, not bytes, so `partitionMaxRecords` (not a Kafka field) stands for
 * `partitionMaxBytes` and caps how many records one partition returns. Consumer semantics only:
 * the leader answers, up to the high watermark. `maxWaitMs` and `minBytes` make the broker
 * hold an answer that has no record yet; {@link isEmptyFetch} tells the broker when to hold it.
 * @see spec/cluster.md RP-15
 */
import type { Cluster } from './cluster.js';
import { CLUSTER_ERROR_CODES } from './errors.js';
import type { LogEntry } from './types.js';

/** One partition of a Fetch request. */
export interface FetchRequestPartition {
  readonly partition: number;
  /** -1 when the client does not know it (no fencing). */
  readonly currentLeaderEpoch: number;
  readonly fetchOffset: number;
  /** Not a Kafka field: the most records this partition returns (stands for `partitionMaxBytes`). */
  readonly partitionMaxRecords: number;
}

/** Fetch request (after v12, minus sessions and byte limits). */
export interface FetchRequest {
  readonly api: 'Fetch';
  readonly version: 12;
  /** -1: a consumer. */
  readonly replicaId: number;
  /** How long the broker may hold an answer that has no record (`fetch.max.wait.ms`). */
  readonly maxWaitMs: number;
  /** 0 answers at once; otherwise the broker holds an empty answer up to `maxWaitMs` (`fetch.min.bytes`). */
  readonly minBytes: number;
  /** 0 READ_UNCOMMITTED, 1 READ_COMMITTED; without transactions both read up to the high watermark. */
  readonly isolationLevel: number;
  readonly topics: readonly { readonly topic: string; readonly partitions: readonly FetchRequestPartition[] }[];
}

/** One partition of a Fetch response. */
export interface FetchResponsePartition {
  readonly partitionIndex: number;
  readonly errorCode: number;
  /** -1 on errors. */
  readonly highWatermark: number;
  /** -1 on errors. */
  readonly logStartOffset: number;
  /** The log entries from the fetch offset, below the high watermark (records are opaque here). */
  readonly records: readonly LogEntry<unknown>[];
}

/** Fetch response. */
export interface FetchResponse {
  readonly api: 'Fetch';
  readonly throttleTimeMs: number;
  /** Top-level error (none here: every error is per partition). */
  readonly errorCode: number;
  readonly responses: readonly { readonly topic: string; readonly partitions: readonly FetchResponsePartition[] }[];
}

/** A consumer's Fetch request for `partitions` (`[topic, partition, fetchOffset]`), topics in first-seen order. */
export function fetchRequest(
  partitions: readonly (readonly [string, number, number])[],
  options: { readonly maxWaitMs?: number; readonly minBytes?: number; readonly partitionMaxRecords?: number } = {},
): FetchRequest {
  const topics: { topic: string; partitions: FetchRequestPartition[] }[] = [];
  for (const [topic, partition, fetchOffset] of partitions) {
    let t = topics.find((x) => x.topic === topic);
    if (t === undefined) topics.push((t = { topic, partitions: [] }));
    t.partitions.push({ partition, currentLeaderEpoch: -1, fetchOffset, partitionMaxRecords: options.partitionMaxRecords ?? 500 });
  }
  return { api: 'Fetch', version: 12, replicaId: -1, maxWaitMs: options.maxWaitMs ?? 500, minBytes: options.minBytes ?? 1, isolationLevel: 0, topics };
}

/** RP-15: broker `nodeId` answers a Fetch request now, one result per requested partition, in request order. */
export function handleFetch(cluster: Cluster<unknown>, nodeId: number, request: FetchRequest): FetchResponse {
  if (cluster.broker(nodeId) === undefined) throw new RangeError(`unknown broker ${nodeId}`);
  const responses = request.topics.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((p): FetchResponsePartition => {
      const r = cluster.fetch(nodeId, t.topic, p.partition, p.fetchOffset, p.partitionMaxRecords);
      if ('error' in r) return { partitionIndex: p.partition, errorCode: CLUSTER_ERROR_CODES[r.error], highWatermark: -1, logStartOffset: -1, records: [] };
      return { partitionIndex: p.partition, errorCode: CLUSTER_ERROR_CODES.NONE, highWatermark: r.highWatermark, logStartOffset: r.logStartOffset, records: r.records };
    }),
  }));
  return { api: 'Fetch', throttleTimeMs: 0, errorCode: CLUSTER_ERROR_CODES.NONE, responses };
}

/** Whether an answer has neither a record nor an error: the one a broker holds for `maxWaitMs`. */
export function isEmptyFetch(response: FetchResponse): boolean {
  return response.responses.every((t) => t.partitions.every((p) => p.errorCode === CLUSTER_ERROR_CODES.NONE && p.records.length === 0));
}
