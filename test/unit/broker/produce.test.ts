import { describe, expect, it } from 'vitest';
import { handleClusterRequest, handleCreateTopics, handleFetch, handleProduce } from '../../../src/broker/cluster/index.js';
import { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import { produce } from '../../../src/broker/produce.js';
import { toConsumerRecords } from '../../../src/client/records.js';
import {
  createTopicsRequest,
  decodeText,
  fetchRequest,
  produceRequest,
  recordBatch,
  textRecord,
  type CreateTopicsRequest,
  type RecordBatch,
} from '../../../src/protocol/messages/index.js';

function setup(): InMemoryKafka {
  const kafka = new InMemoryKafka({ brokers: 3, offsetsTopicPartitions: 1 });
  kafka.cluster.createTopic('t', 2, 3);
  kafka.settle();
  return kafka;
}

const leaderOf = (kafka: InMemoryKafka, p: number): number => kafka.cluster.partition('t', p)!.leader!;
const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

/** A batch as an idempotent producer sends it: every field set to something a broker must keep. */
function idempotentBatch(): RecordBatch {
  return {
    baseOffset: 0,
    partitionLeaderEpoch: -1,
    magic: 2,
    attributes: 0,
    lastOffsetDelta: 1,
    baseTimestamp: 1_700_000_000_000,
    maxTimestamp: 1_700_000_000_007,
    producerId: 4242,
    producerEpoch: 3,
    baseSequence: 17,
    records: [
      { attributes: 0, timestampDelta: 0, offsetDelta: 0, key: bytes(1, 2), value: bytes(0, 255), headers: [{ key: 'h', value: bytes(9) }] },
      { attributes: 0, timestampDelta: 7, offsetDelta: 1, key: null, value: null, headers: [{ key: 'n', value: null }] },
    ],
  };
}

/** Broker `nodeId`'s answer to a fetch of `t-<partition>` from `offset`. */
function fetchAt(kafka: InMemoryKafka, nodeId: number, partition: number, offset: number, partitionMaxRecords = 500): readonly RecordBatch[] {
  const r = handleFetch(kafka.cluster, nodeId, fetchRequest([['t', partition, offset]], { partitionMaxRecords }));
  return r.responses[0]!.partitions[0]!.records;
}

describe('record batches', () => {
  it('[RP-20] a batch is fetched back as produced, with the base offset and leader epoch the leader gave it', () => {
    const kafka = setup();
    const leader = leaderOf(kafka, 0);
    produce(kafka, 't', 0, [textRecord('first')]);
    const sent = idempotentBatch();
    const answer = handleProduce(kafka.cluster, leader, produceRequest([['t', 0, sent]]));
    expect(answer.responses[0]!.partitionResponses[0]).toMatchObject({ index: 0, errorCode: 0, baseOffset: 1, logAppendTimeMs: -1 });
    kafka.settle();
    const epoch = kafka.cluster.partition('t', 0)!.leaderEpoch;
    const batches = fetchAt(kafka, leader, 0, 0);
    expect(batches).toHaveLength(2);
    expect(batches[1]).toEqual({ ...sent, baseOffset: 1, partitionLeaderEpoch: epoch });
    // Every replica holds the same entries, so a new leader returns the same batch.
    const other = kafka.cluster.partition('t', 0)!.isr.find((n) => n !== leader)!;
    kafka.cluster.moveLeadership('t', 0, other);
    kafka.settle();
    expect(fetchAt(kafka, other, 0, 1)).toEqual([{ ...sent, baseOffset: 1, partitionLeaderEpoch: epoch }]);
  });

  it('[RP-20] a fetch inside a batch returns the records in range, each at its own offset', () => {
    const kafka = setup();
    const leader = leaderOf(kafka, 1);
    produce(kafka, 't', 1, ['a', 'b', 'c', 'd'].map((v) => textRecord(v)));
    const middle = fetchAt(kafka, leader, 1, 1, 2);
    expect(middle.map((b) => [b.baseOffset, b.lastOffsetDelta, b.records.map((r) => r.offsetDelta)])).toEqual([[0, 3, [1, 2]]]);
    expect(toConsumerRecords('t', 1, middle).map((r) => [r.offset, decodeText(r.value)])).toEqual([
      [1, 'b'],
      [2, 'c'],
    ]);
  });

  it('[RP-20] the consumer record carries the bytes, headers and timestamp of the produced record', () => {
    const kafka = setup();
    kafka.advance(1234);
    const at = kafka.loop.nowMs();
    produce(kafka, 't', 0, [{ key: bytes(7), value: bytes(8, 9), headers: [{ key: 'trace', value: bytes(1) }] }]);
    const [record] = toConsumerRecords('t', 0, fetchAt(kafka, leaderOf(kafka, 0), 0, 0));
    expect(record).toEqual({ topic: 't', partition: 0, offset: 0, timestamp: at, leaderEpoch: 0, key: bytes(7), value: bytes(8, 9), headers: [{ key: 'trace', value: bytes(1) }] });
  });
});

describe('Produce and CreateTopics answers', () => {
  it('[RP-21] Produce validates each partition\'s batch and answers in request order', () => {
    const kafka = setup();
    const leader = leaderOf(kafka, 0);
    const good = recordBatch([textRecord('x')]);
    const request = {
      ...produceRequest([]),
      topicData: [
        {
          name: 't',
          partitionData: [
            { index: 0, records: [good, good] },
            { index: 0, records: [{ ...good, magic: 1 }] },
            { index: 0, records: [{ ...good, attributes: 5 }] },
            { index: 0, records: [{ ...good, lastOffsetDelta: 3 }] },
            { index: 0, records: [{ ...good, records: [{ ...good.records[0]!, offsetDelta: 5 }] }] },
            { index: 9, records: [good] },
            { index: 0, records: [good] },
          ],
        },
      ],
    };
    const answer = handleClusterRequest(kafka.cluster, leader, request);
    expect(answer.api).toBe('Produce');
    const codes = answer.api === 'Produce' ? answer.responses[0]!.partitionResponses.map((p) => [p.index, p.errorCode, p.baseOffset]) : [];
    expect(codes).toEqual([
      [0, 87, -1],
      [0, 35, -1],
      [0, 76, -1],
      [0, 2, -1],
      [0, 87, -1],
      [9, 3, -1],
      [0, 0, 0],
    ]);
    const follower = kafka.cluster.partition('t', 0)!.isr.find((n) => n !== leader)!;
    expect(handleProduce(kafka.cluster, follower, produceRequest([['t', 0, good]])).responses[0]!.partitionResponses[0]!.errorCode).toBe(6);
  });

  it('[RP-21] CreateTopics creates topics as RP-01 places them, or says why not', () => {
    const kafka = setup();
    const base = createTopicsRequest('n', 3, 2);
    const topic = base.topics[0]!;
    const request: CreateTopicsRequest = {
      ...base,
      topics: [
        topic,
        { ...topic, name: 't' },
        { ...topic, name: 'zero', numPartitions: 0 },
        { ...topic, name: 'wide', replicationFactor: 4 },
        { ...topic, name: 'explicit', assignments: [{ partitionIndex: 0, brokerIds: [2, 0] }] },
        { ...topic, name: 'defaults', numPartitions: -1, replicationFactor: -1, configs: [{ name: 'min.insync.replicas', value: '1' }] },
      ],
    };
    const answer = handleCreateTopics(kafka.cluster, 0, request);
    expect(answer.topics.map((t) => [t.name, t.errorCode, t.numPartitions, t.replicationFactor])).toEqual([
      ['n', 0, 3, 2],
      ['t', 36, -1, -1],
      ['zero', 37, -1, -1],
      ['wide', 38, -1, -1],
      ['explicit', 42, -1, -1],
      ['defaults', 0, 1, 1],
    ]);
    expect(kafka.cluster.partitionCount('n')).toBe(3);
    const dryRun = handleCreateTopics(kafka.cluster, 0, { ...createTopicsRequest('dry', 1, 1), validateOnly: true });
    expect(dryRun.topics[0]!.errorCode).toBe(0);
    expect(kafka.cluster.topic('dry')).toBeUndefined();
  });
});
