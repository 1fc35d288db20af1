/**
 * Produce (API key 0), versions 3-11: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/ProduceRequest.json` and
 * `ProduceResponse.json` (field names are the camelCase of the JSON names). `records` holds the
 * decoded record batches (magic v2, `./record-batch.ts`); from v3 Kafka takes exactly one batch
 * per partition. Topic ids (v13+) and the tagged `currentLeader`/`nodeEndpoints` of v10+ are
 * not modelled. The broker's answer is `handleProduce` in `src/broker/cluster/produce.ts`.
 * @see spec/cluster.md RP-20 RP-21
 */
import type { RecordBatch } from './record-batch.js';

/** Produce's API key and the versions this project supports (v3+: message format v2 only). */
export const PRODUCE_VERSIONS = { apiKey: 0, min: 3, max: 11 } as const;

/** One partition of a Produce request. */
export interface PartitionProduceData {
  readonly index: number;
  /** The batches to append (one from v3); null carries none. */
  readonly records: readonly RecordBatch[] | null;
}

/** One topic of a Produce request. */
export interface TopicProduceData {
  readonly name: string;
  readonly partitionData: readonly PartitionProduceData[];
}

/** Produce request. */
export interface ProduceRequest {
  readonly api: 'Produce';
  readonly version: number;
  readonly transactionalId: string | null;
  /** 0 none, 1 the leader, -1 the full ISR; the in-memory cluster answers once the ISR has the records (acks=all). */
  readonly acks: number;
  readonly timeoutMs: number;
  readonly topicData: readonly TopicProduceData[];
}

/** A record that made the broker drop a batch (v8+). */
export interface BatchIndexAndErrorMessage {
  readonly batchIndex: number;
  readonly batchIndexErrorMessage: string | null;
}

/** One partition's Produce result. */
export interface PartitionProduceResponse {
  readonly index: number;
  readonly errorCode: number;
  /** int64: the offset the leader gave the first record; -1 on errors. */
  readonly baseOffset: number;
  /** int64, v2+: -1 for CreateTime topics (every topic here). */
  readonly logAppendTimeMs: number;
  /** int64, v5+; -1 on errors. */
  readonly logStartOffset: number;
  /** v8+. */
  readonly recordErrors: readonly BatchIndexAndErrorMessage[];
  /** v8+. */
  readonly errorMessage: string | null;
}

/** One topic's Produce results. */
export interface TopicProduceResponse {
  readonly name: string;
  readonly partitionResponses: readonly PartitionProduceResponse[];
}

/** Produce response: one result per requested partition, in request order. */
export interface ProduceResponse {
  readonly api: 'Produce';
  readonly responses: readonly TopicProduceResponse[];
  /** v1+. */
  readonly throttleTimeMs: number;
}

/** An acks=all Produce v9 request of one batch to each `[topic, partition, batch]`, topics in first-seen order. */
export function produceRequest(batches: readonly (readonly [string, number, RecordBatch])[], timeoutMs = 30000): ProduceRequest {
  const topicData: { name: string; partitionData: PartitionProduceData[] }[] = [];
  for (const [name, index, batch] of batches) {
    let t = topicData.find((x) => x.name === name);
    if (t === undefined) topicData.push((t = { name, partitionData: [] }));
    t.partitionData.push({ index, records: [batch] });
  }
  return { api: 'Produce', version: 9, transactionalId: null, acks: -1, timeoutMs, topicData };
}
