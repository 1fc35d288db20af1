import { describe, expect, it } from 'vitest';
import { handleClusterRequest, handleFetch, handleInitProducerId, handleProduce } from '../../../src/broker/cluster/index.js';
import { Cluster } from '../../../src/broker/cluster/cluster.js';
import { fetchRequest, produceRequest, recordBatch, textRecord, type InitProducerIdRequest, type RecordBatch } from '../../../src/protocol/messages/index.js';
import { EventLoop } from '../../../src/time/event-loop.js';
import { ManualClock } from '../../../src/time/clock.js';
import { compressBatch, decompressBatch } from '../../../src/wire/compression.js';

function setup(options: { replicaFetchMaxRecords?: number; newProducerId?: () => number } = {}): { cluster: Cluster<unknown>; loop: EventLoop; leader: number } {
  const loop = new EventLoop(new ManualClock(0));
  const cluster = new Cluster<unknown>({ loop, brokers: 3, ...options });
  cluster.createTopic('t', 1, 3);
  loop.advance(10);
  return { cluster, loop, leader: cluster.partition('t', 0)!.leader! };
}

/** A snappy batch of `count` records as an idempotent producer sends it; the bytes are opaque to the broker (no codec needed). */
function snappyBatch(count: number): RecordBatch {
  return {
    baseOffset: 0,
    partitionLeaderEpoch: -1,
    magic: 2,
    attributes: 2,
    lastOffsetDelta: count - 1,
    baseTimestamp: 1_700_000_000_000,
    maxTimestamp: 1_700_000_000_009,
    producerId: 7,
    producerEpoch: 0,
    baseSequence: 40,
    records: [],
    encodedRecords: { count, bytes: new Uint8Array([count, 1, 2, 3, 250, 251]) },
  };
}

function fetchAt(cluster: Cluster<unknown>, nodeId: number, offset: number, partitionMaxRecords = 500): readonly RecordBatch[] {
  return handleFetch(cluster, nodeId, fetchRequest([['t', 0, offset]], { partitionMaxRecords })).responses[0]!.partitions[0]!.records;
}

function produceOne(cluster: Cluster<unknown>, leader: number, batch: RecordBatch): { errorCode: number; baseOffset: number } {
  return handleProduce(cluster, leader, produceRequest([['t', 0, batch]])).responses[0]!.partitionResponses[0]!;
}

describe('compressed batches stored as sent', () => {
  it('[RP-20] a compressed batch takes one offset per record and is fetched back unchanged but for base offset and leader epoch', () => {
    const { cluster, loop, leader } = setup();
    expect(produceOne(cluster, leader, recordBatch([textRecord('plain')]))).toMatchObject({ errorCode: 0, baseOffset: 0 });
    const sent = snappyBatch(5);
    expect(produceOne(cluster, leader, sent)).toMatchObject({ errorCode: 0, baseOffset: 1 });
    expect(produceOne(cluster, leader, recordBatch([textRecord('after')]))).toMatchObject({ errorCode: 0, baseOffset: 6 });
    loop.advance(10);
    expect(cluster.partition('t', 0)!.highWatermark).toBe(7);
    const epoch = cluster.partition('t', 0)!.leaderEpoch;
    const batches = fetchAt(cluster, leader, 0);
    expect(batches.map((b) => b.baseOffset)).toEqual([0, 1, 6]);
    expect(batches[1]).toEqual({ ...sent, baseOffset: 1, partitionLeaderEpoch: epoch });
    expect(batches[1]!.encodedRecords!.bytes).toEqual(sent.encodedRecords!.bytes);
  });

  it('[RP-20] a fetch starting inside, or cut inside, a compressed batch returns the whole batch', () => {
    const { cluster, loop, leader } = setup();
    produceOne(cluster, leader, snappyBatch(4));
    produceOne(cluster, leader, recordBatch([textRecord('x')]));
    loop.advance(10);
    expect(fetchAt(cluster, leader, 2).map((b) => [b.baseOffset, b.encodedRecords?.count])).toEqual([[0, 4], [4, undefined]]);
    expect(fetchAt(cluster, leader, 0, 1).map((b) => [b.baseOffset, b.encodedRecords?.count])).toEqual([[0, 4]]);
    expect(fetchAt(cluster, leader, 4).map((b) => b.baseOffset)).toEqual([4]);
  });

  it('[RP-20] [RP-05] a compressed batch is not returned until the high watermark passes its last offset', () => {
    const { cluster, loop, leader } = setup({ replicaFetchMaxRecords: 2 });
    produceOne(cluster, leader, snappyBatch(5));
    loop.advance(1);
    const hw = cluster.partition('t', 0)!.highWatermark;
    expect(hw).toBeGreaterThan(0);
    expect(hw).toBeLessThan(5);
    expect(fetchAt(cluster, leader, 0)).toEqual([]);
    loop.advance(10);
    expect(fetchAt(cluster, leader, 0).map((b) => b.baseOffset)).toEqual([0]);
  });

  it('[RP-20] [RP-09] a compressed batch whose tail a leader change truncated is never returned', () => {
    const { cluster, loop, leader } = setup({ replicaFetchMaxRecords: 2 });
    produceOne(cluster, leader, snappyBatch(5));
    loop.advance(1);
    expect(cluster.partition('t', 0)!.highWatermark).toBe(2);
    cluster.crash(leader);
    loop.advance(1);
    const next = cluster.partition('t', 0)!.leader!;
    expect(next).not.toBe(leader);
    expect(produceOne(cluster, next, recordBatch([textRecord('after')]))).toMatchObject({ errorCode: 0, baseOffset: 2 });
    loop.advance(10);
    expect(fetchAt(cluster, next, 0).map((b) => [b.baseOffset, b.encodedRecords?.count])).toEqual([[2, undefined]]);
  });

  it('[RP-20] a gzip batch a client compressed decompresses to the records produced', () => {
    const { cluster, loop, leader } = setup();
    const plain = recordBatch(['a', 'b', 'c'].map((v) => textRecord(v)));
    produceOne(cluster, leader, compressBatch(plain, 'gzip'));
    loop.advance(10);
    const [batch] = fetchAt(cluster, leader, 0);
    expect(decompressBatch(batch!).records).toEqual(plain.records);
  });

  it('[RP-20] a compressed batch is checked by its header only', () => {
    const { cluster, leader } = setup();
    expect(produceOne(cluster, leader, { ...snappyBatch(3), lastOffsetDelta: 5 }).errorCode).toBe(2);
    expect(produceOne(cluster, leader, { ...snappyBatch(3), attributes: 5 }).errorCode).toBe(76);
    expect(produceOne(cluster, leader, { ...snappyBatch(3), attributes: 0 }).errorCode).toBe(2);
    expect(produceOne(cluster, leader, { ...recordBatch([textRecord('x')]), attributes: 1 }).errorCode).toBe(2);
    expect(produceOne(cluster, leader, snappyBatch(3))).toMatchObject({ errorCode: 0, baseOffset: 0 });
  });
});

describe('InitProducerId', () => {
  const request = (over: { transactionalId?: string | null; producerId?: number; producerEpoch?: number; version?: number } = {}): InitProducerIdRequest => ({
    api: 'InitProducerId',
    version: 4,
    clientId: 'test',
    clientHost: '/127.0.0.1',
    transactionalId: null,
    transactionTimeoutMs: 60000,
    producerId: -1,
    producerEpoch: -1,
    ...over,
  });

  it('[RP-23] an idempotent producer gets the next producer id at epoch 0, from any broker', () => {
    const { cluster } = setup();
    expect(handleInitProducerId(cluster, 0, request())).toEqual({ api: 'InitProducerId', throttleTimeMs: 0, errorCode: 0, producerId: 0, producerEpoch: 0 });
    expect(handleClusterRequest(cluster, 2, request({ version: 0 }))).toMatchObject({ errorCode: 0, producerId: 1, producerEpoch: 0 });
    expect(handleInitProducerId(cluster, 1, request({ producerId: 1, producerEpoch: 0 }))).toMatchObject({ errorCode: 0, producerId: 2, producerEpoch: 0 });
  });

  it('[RP-23] ids come from the injected counter; transactions and half-given ids get INVALID_REQUEST', () => {
    let next = 1000;
    const { cluster } = setup({ newProducerId: () => next++ });
    expect(handleInitProducerId(cluster, 0, request())).toMatchObject({ errorCode: 0, producerId: 1000 });
    expect(handleInitProducerId(cluster, 0, request({ transactionalId: 'tx' }))).toMatchObject({ errorCode: 42, producerId: -1, producerEpoch: -1 });
    expect(handleInitProducerId(cluster, 0, request({ producerId: 5 }))).toMatchObject({ errorCode: 42 });
    expect(handleInitProducerId(cluster, 0, request())).toMatchObject({ errorCode: 0, producerId: 1001 });
  });
});
