/**
 * ListOffsets (API key 2) at version 6, as typed data, and how a broker of the in-memory
 * cluster answers it.
 *
 * @remarks
 * Version 6 (Kafka 2.5+, the first flexible version) carries the isolation level (v2+) and
 * the current leader epoch for fencing (v4+); from v5 a lagging new leader answers
 * OFFSET_NOT_AVAILABLE. Timestamps -2 (earliest) and -1 (latest) are supported, as is a
 * search by append time; -3 (max timestamp, v7+) and the other special values are not, and
 * get UNSUPPORTED_VERSION as Kafka gives them below their version. Field names are those of
 * `ListOffsetsRequest.json` / `ListOffsetsResponse.json`.
 * @see spec/cluster.md RP-17
 */
import type { Cluster } from './cluster.js';
import { CLUSTER_ERROR_CODES } from './errors.js';

/** ListOffsets timestamp asking for the log start offset. */
export const EARLIEST_TIMESTAMP = -2;
/** ListOffsets timestamp asking for the high watermark (the last fetchable offset). */
export const LATEST_TIMESTAMP = -1;

/** A consumer's replica id (-1); -2 is the debugging id that may read a follower. */
export const CONSUMER_REPLICA_ID = -1;

/** One partition of a ListOffsets request. */
export interface ListOffsetsPartition {
  readonly partitionIndex: number;
  /** -1 when the client does not know it (no fencing). */
  readonly currentLeaderEpoch: number;
  readonly timestamp: number;
}

/** ListOffsets request, version 6. */
export interface ListOffsetsRequest {
  readonly api: 'ListOffsets';
  readonly version: 6;
  readonly replicaId: number;
  /** 0 READ_UNCOMMITTED, 1 READ_COMMITTED; without transactions both read up to the high watermark. */
  readonly isolationLevel: number;
  readonly topics: readonly { readonly name: string; readonly partitions: readonly ListOffsetsPartition[] }[];
}

/** One partition of a ListOffsets response. */
export interface ListOffsetsPartitionResponse {
  readonly partitionIndex: number;
  readonly errorCode: number;
  /** -1 for earliest/latest and on errors. */
  readonly timestamp: number;
  /** -1 on errors and when no record matches a timestamp. */
  readonly offset: number;
  readonly leaderEpoch: number;
}

/** ListOffsets response, version 6. */
export interface ListOffsetsResponse {
  readonly api: 'ListOffsets';
  readonly throttleTimeMs: number;
  readonly topics: readonly { readonly name: string; readonly partitions: readonly ListOffsetsPartitionResponse[] }[];
}

/** A ListOffsets v6 request from a consumer for one timestamp on each `[topic, partition]`. */
export function listOffsetsRequest(
  timestamp: number,
  partitions: readonly (readonly [string, number])[],
): ListOffsetsRequest {
  const topics: { name: string; partitions: ListOffsetsPartition[] }[] = [];
  for (const [name, partitionIndex] of partitions) {
    let t = topics.find((x) => x.name === name);
    if (t === undefined) topics.push((t = { name, partitions: [] }));
    t.partitions.push({ partitionIndex, currentLeaderEpoch: -1, timestamp });
  }
  return { api: 'ListOffsets', version: 6, replicaId: CONSUMER_REPLICA_ID, isolationLevel: 0, topics };
}

/**
 * RP-17: broker `nodeId` answers a ListOffsets request, one result per requested partition.
 *
 * @remarks
 * Topics come back in request order (Kafka groups them through a hash map), each partition in
 * request order, once each. A partition named twice in one request gets one INVALID_REQUEST
 * answer (Kafka keys its results by partition). Consumer (`replicaId` -1) semantics apply to every request: only the leader
 * answers, and "latest" is the high watermark.
 */
export function handleListOffsets(cluster: Cluster<unknown>, nodeId: number, request: ListOffsetsRequest): ListOffsetsResponse {
  if (cluster.broker(nodeId) === undefined) throw new RangeError(`unknown broker ${nodeId}`);
  const seen = new Map<string, number>();
  for (const t of request.topics) {
    for (const p of t.partitions) {
      const key = `${t.name}\u0000${p.partitionIndex}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  const topics: { name: string; partitions: ListOffsetsPartitionResponse[] }[] = [];
  const answered = new Set<string>();
  for (const t of request.topics) {
    let out = topics.find((x) => x.name === t.name);
    if (out === undefined) topics.push((out = { name: t.name, partitions: [] }));
    for (const p of t.partitions) {
      const key = `${t.name}\u0000${p.partitionIndex}`;
      if (answered.has(key)) continue;
      answered.add(key);
      const duplicated = (seen.get(key) ?? 0) > 1;
      out.partitions.push(duplicated ? errorPartition(p, 'INVALID_REQUEST') : answer(cluster, nodeId, t.name, p));
    }
  }
  return { api: 'ListOffsets', throttleTimeMs: 0, topics };
}

function answer(cluster: Cluster<unknown>, nodeId: number, topic: string, p: ListOffsetsPartition): ListOffsetsPartitionResponse {
  const r = cluster.listOffsets(nodeId, topic, p.partitionIndex, p.timestamp, { currentLeaderEpoch: p.currentLeaderEpoch });
  if ('error' in r) return errorPartition(p, r.error);
  return { partitionIndex: p.partitionIndex, errorCode: CLUSTER_ERROR_CODES.NONE, ...r };
}

function errorPartition(p: ListOffsetsPartition, error: keyof typeof CLUSTER_ERROR_CODES): ListOffsetsPartitionResponse {
  return { partitionIndex: p.partitionIndex, errorCode: CLUSTER_ERROR_CODES[error], timestamp: -1, offset: -1, leaderEpoch: -1 };
}
