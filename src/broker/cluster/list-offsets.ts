/**
 * How a broker of the in-memory cluster answers ListOffsets (API key 2) at version 6.
 *
 * @remarks
 * From v5 a lagging new leader answers OFFSET_NOT_AVAILABLE. Timestamps -2 (earliest) and -1 (latest) are supported, as is a
 * search by append time; -3 (max timestamp, v7+) and the other special values are not, and
 * get UNSUPPORTED_VERSION as Kafka gives them below their version. The request and response
 * types are in `src/protocol/messages/list-offsets.ts`.
 * @see spec/cluster.md RP-17
 */
import { ErrorCodes, type ErrorName } from '../../protocol/errors.js';
import type { ListOffsetsPartition, ListOffsetsPartitionResponse, ListOffsetsRequest, ListOffsetsResponse } from '../../protocol/messages/list-offsets.js';
import type { Cluster } from './cluster.js';

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
  return { partitionIndex: p.partitionIndex, errorCode: ErrorCodes.NONE, ...r };
}

function errorPartition(p: ListOffsetsPartition, error: ErrorName): ListOffsetsPartitionResponse {
  return { partitionIndex: p.partitionIndex, errorCode: ErrorCodes[error], timestamp: -1, offset: -1, leaderEpoch: -1 };
}
