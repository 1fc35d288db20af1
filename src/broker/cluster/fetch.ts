/**
 * How a broker of the in-memory cluster answers Fetch (API key 1, a minimal v12) from its
 * partitions' logs.
 *
 * @remarks
 * The request and response types are in `src/protocol/messages/fetch.ts`; the log entries go
 * back into record batches as `batches.ts` describes (RP-20). Consumer semantics
 * only: the leader answers, up to the high watermark. `maxWaitMs` and `minBytes` make the
 * broker hold an answer that has no record yet; {@link isEmptyFetch} tells the broker when to hold it.
 * @see spec/cluster.md RP-15
 */
import { ErrorCodes } from '../../protocol/errors.js';
import type { FetchRequest, FetchResponse, FetchResponsePartition } from '../../protocol/messages/fetch.js';
import { assembleBatches, opaqueRemainder } from './batches.js';
import type { Cluster } from './cluster.js';

/** RP-15: broker `nodeId` answers a Fetch request now, one result per requested partition, in request order. */
export function handleFetch(cluster: Cluster<unknown>, nodeId: number, request: FetchRequest): FetchResponse {
  if (cluster.broker(nodeId) === undefined) throw new RangeError(`unknown broker ${nodeId}`);
  const responses = request.topics.map((t) => {
    // RP-22: from v13 the topic is named by its id; the answer names it the same way.
    const byId = request.version >= 13 && t.topicId !== undefined;
    const name = byId ? cluster.topicNameById(t.topicId!) : t.topic;
    return {
      topic: t.topic,
      ...(byId ? { topicId: t.topicId } : {}),
      partitions: t.partitions.map((p): FetchResponsePartition => {
        const base = { partitionIndex: p.partition, abortedTransactions: null, preferredReadReplica: -1 };
        const r = name === undefined ? { error: 'UNKNOWN_TOPIC_ID' as const } : readBatches(cluster, nodeId, name, p.partition, p.fetchOffset, p.partitionMaxRecords);
        if ('error' in r) return { ...base, errorCode: ErrorCodes[r.error], highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, records: [] };
        const { highWatermark, logStartOffset } = r;
        return { ...base, errorCode: ErrorCodes.NONE, highWatermark, lastStableOffset: highWatermark, logStartOffset, records: assembleBatches(r.records) };
      }),
    };
  });
  return { api: 'Fetch', throttleTimeMs: 0, errorCode: ErrorCodes.NONE, sessionId: 0, responses };
}

/**
 * RP-20: the entries of a partition fetch, read on to the end of a compressed batch the record
 * cap cut (Kafka returns whole batches; an opaque batch cannot be cut).
 */
function readBatches(cluster: Cluster<unknown>, nodeId: number, topic: string, partition: number, fromOffset: number, maxRecords: number) {
  const r = cluster.fetch(nodeId, topic, partition, fromOffset, maxRecords);
  if ('error' in r) return r;
  const rest = opaqueRemainder(r.records);
  return rest === 0 ? r : cluster.fetch(nodeId, topic, partition, fromOffset, maxRecords + rest);
}

/** Whether an answer has neither a record nor an error: the one a broker holds for `maxWaitMs`. */
export function isEmptyFetch(response: FetchResponse): boolean {
  return response.responses.every((t) => t.partitions.every((p) => p.errorCode === ErrorCodes.NONE && p.records.length === 0));
}
