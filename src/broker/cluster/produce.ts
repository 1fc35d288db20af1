/**
 * How a broker of the in-memory cluster answers Produce (API key 0) and CreateTopics (API key
 * 19): typed front doors to {@link Cluster.produce} and {@link Cluster.createTopic}.
 *
 * @remarks
 * The request and response types are in `src/protocol/messages/produce.ts` and
 * `create-topics.ts`. Produce appends at the leader and answers at once with the base offset
 * (the records become readable once the high watermark passes them, RP-05); acks are not
 * waited for. Compressed batches are stored as sent (RP-20). Transactions are not modelled;
 * an idempotent producer gets its id from InitProducerId (RP-23), and producer ids, epochs and
 * sequences are stored as given and never checked (no duplicate or sequence detection).
 * @see spec/cluster.md RP-20 RP-21
 */
import { ErrorCodes, type ErrorName } from '../../protocol/errors.js';
import type { CreatableTopic, CreatableTopicResult, CreateTopicsRequest, CreateTopicsResponse } from '../../protocol/messages/create-topics.js';
import type { PartitionProduceData, PartitionProduceResponse, ProduceRequest, ProduceResponse } from '../../protocol/messages/produce.js';
import { RECORD_BATCH_MAGIC, type RecordBatch } from '../../protocol/messages/record-batch.js';
import { splitBatch } from './batches.js';
import type { Cluster } from './cluster.js';

/** Kafka's `num.partitions` and `default.replication.factor` defaults, used for -1 in CreateTopics. */
const DEFAULT_PARTITIONS = 1;
const DEFAULT_REPLICATION_FACTOR = 1;

/** The all-zero topic id (`Uuid.ZERO_UUID`): topic ids are not modelled. */
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** RP-21: broker `nodeId` answers a Produce request, one result per requested partition, in request order. */
export function handleProduce(cluster: Cluster<unknown>, nodeId: number, request: ProduceRequest): ProduceResponse {
  if (cluster.broker(nodeId) === undefined) throw new RangeError(`unknown broker ${nodeId}`);
  const responses = request.topicData.map((t) => ({
    name: t.name,
    partitionResponses: t.partitionData.map((p) => producePartition(cluster, nodeId, t.name, p)),
  }));
  return { api: 'Produce', responses, throttleTimeMs: 0 };
}

function producePartition(cluster: Cluster<unknown>, nodeId: number, topic: string, p: PartitionProduceData): PartitionProduceResponse {
  const fail = (error: ErrorName): PartitionProduceResponse => ({
    index: p.index,
    errorCode: ErrorCodes[error],
    baseOffset: -1,
    logAppendTimeMs: -1,
    logStartOffset: -1,
    recordErrors: [],
    errorMessage: null,
  });
  // A record set the wire codec could not read (a CRC mismatch, WIRE-05) arrives as null.
  if (p.records === null) return fail('CORRUPT_MESSAGE');
  // Kafka (v3+): exactly one batch per partition, magic v2; a compressed one is stored as sent.
  const batch = p.records?.length === 1 ? p.records[0] : undefined;
  if (batch === undefined) return fail('INVALID_RECORD');
  const invalid = invalidBatch(batch);
  if (invalid !== undefined) return fail(invalid);
  const result = cluster.produce(nodeId, topic, p.index, splitBatch(batch));
  if ('error' in result) return fail(result.error);
  return { index: p.index, errorCode: ErrorCodes.NONE, baseOffset: result.baseOffset, logAppendTimeMs: -1, logStartOffset: 0, recordErrors: [], errorMessage: null };
}

/**
 * RP-20: why the broker refuses a batch, if it does (Kafka's LogValidator). A compressed batch
 * (records kept opaque) is checked by its header only: codec 1-4, a record count of
 * `lastOffsetDelta + 1`; its records are never decompressed here.
 */
function invalidBatch(batch: RecordBatch): ErrorName | undefined {
  if (batch.magic !== RECORD_BATCH_MAGIC) return 'UNSUPPORTED_VERSION';
  const codec = batch.attributes & 0x07;
  if (codec > 4) return 'UNSUPPORTED_COMPRESSION_TYPE';
  if (batch.encodedRecords !== undefined) {
    const { count } = batch.encodedRecords;
    return codec === 0 || count < 1 || batch.lastOffsetDelta !== count - 1 ? 'CORRUPT_MESSAGE' : undefined;
  }
  if (codec !== 0) return 'CORRUPT_MESSAGE';
  if (batch.records.length === 0 || batch.lastOffsetDelta !== batch.records.length - 1) return 'CORRUPT_MESSAGE';
  if (batch.records.some((r, i) => r.offsetDelta !== i)) return 'INVALID_RECORD';
  return undefined;
}

/** RP-21: broker `nodeId` answers a CreateTopics request, one result per requested topic, in request order. */
export function handleCreateTopics(cluster: Cluster<unknown>, nodeId: number, request: CreateTopicsRequest): CreateTopicsResponse {
  if (cluster.broker(nodeId) === undefined) throw new RangeError(`unknown broker ${nodeId}`);
  const topics = request.topics.map((t) => createTopic(cluster, t, request.validateOnly));
  return { api: 'CreateTopics', throttleTimeMs: 0, topics };
}

function createTopic(cluster: Cluster<unknown>, t: CreatableTopic, validateOnly: boolean): CreatableTopicResult {
  const fail = (error: ErrorName): CreatableTopicResult => ({
    name: t.name,
    topicId: ZERO_UUID,
    errorCode: ErrorCodes[error],
    errorMessage: null,
    numPartitions: -1,
    replicationFactor: -1,
  });
  const explicit = t.assignments.length > 0;
  if (explicit && (t.numPartitions !== -1 || t.replicationFactor !== -1)) return fail('INVALID_REQUEST');
  const partitions = t.numPartitions === -1 ? DEFAULT_PARTITIONS : t.numPartitions;
  const replicationFactor = t.replicationFactor === -1 ? DEFAULT_REPLICATION_FACTOR : t.replicationFactor;
  const minIsrText = t.configs.find((c) => c.name === 'min.insync.replicas')?.value;
  const minIsr = minIsrText === undefined || minIsrText === null ? undefined : Number(minIsrText);
  if (minIsr !== undefined && (!Number.isInteger(minIsr) || minIsr < 1)) return fail('INVALID_REQUEST');
  const replicaAssignment = explicit ? [...t.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex).map((a) => a.brokerIds) : undefined;
  if (validateOnly) {
    if (cluster.topic(t.name) !== undefined) return fail('TOPIC_ALREADY_EXISTS');
    return { name: t.name, topicId: ZERO_UUID, errorCode: ErrorCodes.NONE, errorMessage: null, numPartitions: partitions, replicationFactor };
  }
  const result = cluster.createTopic(t.name, partitions, replicationFactor, {
    ...(replicaAssignment === undefined ? {} : { replicaAssignment }),
    ...(minIsr === undefined ? {} : { minInsyncReplicas: minIsr }),
  });
  if ('error' in result) return fail(result.error);
  return {
    name: t.name,
    topicId: ZERO_UUID,
    errorCode: ErrorCodes.NONE,
    errorMessage: null,
    numPartitions: result.assignment.length,
    replicationFactor: result.assignment[0]?.length ?? replicationFactor,
  };
}
