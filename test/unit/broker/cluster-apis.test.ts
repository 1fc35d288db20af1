import { describe, expect, it } from 'vitest';
import { EventLoop } from '../../../src/time/event-loop.js';
import { Cluster, handleClusterRequest, handleListOffsets, handleMetadata, isClusterRequest } from '../../../src/broker/cluster/index.js';
import { ensureOffsetsTopic } from '../../../src/broker/coordinator-placement.js';
import {
  AUTHORIZED_OPERATIONS_OMITTED,
  findCoordinatorRequest,
  listOffsetsRequest,
  metadataRequest,
  type ListOffsetsRequest,
} from '../../../src/protocol/messages/index.js';
import { ManualClock } from '../../../src/time/clock.js';

function setup() {
  const loop = new EventLoop(new ManualClock(0));
  const cluster = new Cluster<string>({
    loop,
    brokers: [{ nodeId: 0, rack: 'r0' }, { nodeId: 1, rack: 'r1' }, { nodeId: 2, rack: 'r0' }],
  });
  cluster.createTopic('t', 2, 3);
  return { loop, cluster };
}

describe('consumer fetch', () => {
  it('[RP-15] the leader returns records below the high watermark, at most maxRecords', () => {
    const { loop, cluster } = setup();
    cluster.append('t', 0, ['a', 'b', 'c']);
    expect(cluster.fetch(0, 't', 0, 0, 10)).toEqual({ records: [], highWatermark: 0, logStartOffset: 0 });
    loop.advance(1);
    const all = cluster.fetch(0, 't', 0, 0, 10);
    expect('records' in all && all.records.map((e) => e.record)).toEqual(['a', 'b', 'c']);
    const some = cluster.fetch(0, 't', 0, 1, 1);
    expect(some).toEqual({ records: [cluster.log('t', 0, 0)?.[1]], highWatermark: 3, logStartOffset: 0 });
    cluster.append('t', 0, ['d']);
    // Offset 3 exists on the leader but is not acknowledged: no records, no error.
    expect(cluster.fetch(0, 't', 0, 3, 10)).toEqual({ records: [], highWatermark: 3, logStartOffset: 0 });
    expect(cluster.fetch(0, 't', 0, 4, 10)).toEqual({ records: [], highWatermark: 3, logStartOffset: 0 });
  });

  it('[RP-15] errors: OFFSET_OUT_OF_RANGE past the log end or below the start, NOT_LEADER_OR_FOLLOWER elsewhere', () => {
    const { cluster } = setup();
    cluster.append('t', 0, ['a']);
    expect(cluster.fetch(0, 't', 0, 2, 10)).toEqual({ error: 'OFFSET_OUT_OF_RANGE' });
    expect(cluster.fetch(0, 't', 0, -1, 10)).toEqual({ error: 'OFFSET_OUT_OF_RANGE' });
    expect(cluster.fetch(1, 't', 0, 0, 10)).toEqual({ error: 'NOT_LEADER_OR_FOLLOWER' });
    expect(cluster.fetch(0, 't', 9, 0, 10)).toEqual({ error: 'UNKNOWN_TOPIC_OR_PARTITION' });
    cluster.crash(0);
    expect(cluster.fetch(0, 't', 0, 0, 10)).toEqual({ error: 'NOT_LEADER_OR_FOLLOWER' });
  });
});

describe('Metadata v9', () => {
  it('[RP-16] lists live brokers, the cluster id, a controller and every partition\'s replication state', () => {
    const { cluster } = setup();
    cluster.crash(2);
    const response = handleMetadata(cluster, 1, metadataRequest(['t']));
    expect(response).toEqual({
      api: 'Metadata',
      throttleTimeMs: 0,
      brokers: [
        { nodeId: 0, host: 'broker-0.local', port: 9092, rack: 'r0' },
        { nodeId: 1, host: 'broker-1.local', port: 9092, rack: 'r1' },
      ],
      clusterId: 'kgspec-cluster',
      controllerId: 0,
      topics: [
        {
          errorCode: 0,
          name: 't',
          isInternal: false,
          partitions: [
            { errorCode: 0, partitionIndex: 0, leaderId: 0, leaderEpoch: 0, replicaNodes: [0, 1, 2], isrNodes: [0, 1], offlineReplicas: [2] },
            { errorCode: 0, partitionIndex: 1, leaderId: 1, leaderEpoch: 0, replicaNodes: [1, 2, 0], isrNodes: [1, 0], offlineReplicas: [2] },
          ],
          topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
        },
      ],
      clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
    });
  });

  it('[RP-16] an offline partition is LEADER_NOT_AVAILABLE with leader -1; unknown topics are UNKNOWN_TOPIC_OR_PARTITION', () => {
    const { cluster } = setup();
    cluster.crash(1);
    cluster.crash(2);
    cluster.crash(0);
    cluster.restart(1);
    const response = handleMetadata(cluster, 1, metadataRequest(['nope', 't', 'nope', '__consumer_offsets']));
    expect(response.controllerId).toBe(1);
    expect(response.topics.map((t) => [t.name, t.errorCode, t.isInternal, t.partitions.length])).toEqual([
      ['nope', 3, false, 0],
      ['t', 0, false, 2],
      ['__consumer_offsets', 3, true, 0],
    ]);
    expect(response.topics[1]?.partitions[0]).toEqual({
      errorCode: 5, partitionIndex: 0, leaderId: -1, leaderEpoch: 1, replicaNodes: [0, 1, 2], isrNodes: [0], offlineReplicas: [0, 2],
    });
  });

  it('[RP-16] null asks for every topic, sorted by name; [] for none', () => {
    const { cluster } = setup();
    ensureOffsetsTopic(cluster, { numPartitions: 3 });
    cluster.createTopic('a', 1, 1);
    expect(handleMetadata(cluster, 0, metadataRequest(null)).topics.map((t) => [t.name, t.isInternal])).toEqual([
      ['__consumer_offsets', true],
      ['a', false],
      ['t', false],
    ]);
    expect(handleMetadata(cluster, 0, metadataRequest([])).topics).toEqual([]);
    expect(() => handleMetadata(cluster, 7, metadataRequest(null))).toThrow(RangeError);
  });
});

describe('ListOffsets v6', () => {
  it('[RP-17] earliest is 0 with the first record\'s epoch, latest is the high watermark with the current epoch', () => {
    const { loop, cluster } = setup();
    const ask = (ts: number) => handleListOffsets(cluster, 0, listOffsetsRequest(ts, [['t', 0]])).topics[0]?.partitions[0];
    expect(ask(-2)).toEqual({ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 0, leaderEpoch: 0 });
    cluster.append('t', 0, ['a', 'b']);
    expect(ask(-1)).toEqual({ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 0, leaderEpoch: 0 });
    loop.advance(1);
    expect(ask(-1)).toEqual({ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 2, leaderEpoch: 0 });
    cluster.moveLeadership('t', 0, 1);
    const at1 = handleListOffsets(cluster, 1, listOffsetsRequest(-2, [['t', 0]])).topics[0]?.partitions[0];
    expect(at1).toEqual({ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 0, leaderEpoch: 0 });
    const latest1 = handleListOffsets(cluster, 1, listOffsetsRequest(-1, [['t', 0]])).topics[0]?.partitions[0];
    expect(latest1).toEqual({ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 2, leaderEpoch: 1 });
  });

  it('[RP-17] a timestamp finds the first record appended at or after it, if acknowledged', () => {
    const { loop, cluster } = setup();
    loop.advance(10);
    cluster.append('t', 0, ['a']);
    loop.advance(10);
    cluster.append('t', 0, ['b', 'c']);
    loop.advance(10);
    cluster.append('t', 0, ['d']);
    const ask = (ts: number) => cluster.listOffsets(0, 't', 0, ts);
    expect(ask(0)).toEqual({ timestamp: 10, offset: 0, leaderEpoch: 0 });
    expect(ask(11)).toEqual({ timestamp: 20, offset: 1, leaderEpoch: 0 });
    expect(ask(20)).toEqual({ timestamp: 20, offset: 1, leaderEpoch: 0 });
    // 'd' (appended at 30) is not acknowledged yet, and nothing is appended at 31 or later.
    expect(ask(25)).toEqual({ timestamp: -1, offset: -1, leaderEpoch: -1 });
    expect(ask(31)).toEqual({ timestamp: -1, offset: -1, leaderEpoch: -1 });
    loop.advance(1);
    expect(ask(25)).toEqual({ timestamp: 30, offset: 3, leaderEpoch: 0 });
  });

  it('[RP-17] per-partition errors: duplicates, other negative timestamps, unknown, fenced and non-leader', () => {
    const { cluster } = setup();
    const request: ListOffsetsRequest = {
      api: 'ListOffsets',
      version: 6,
      replicaId: -1,
      isolationLevel: 0,
      topics: [
        { name: 't', partitions: [
          { partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 },
          { partitionIndex: 1, currentLeaderEpoch: -1, timestamp: -1 },
          { partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -2 },
          { partitionIndex: 5, currentLeaderEpoch: -1, timestamp: -1 },
        ] },
        { name: 'nope', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -3 }, { partitionIndex: 1, currentLeaderEpoch: -1, timestamp: -1 }] },
      ],
    };
    const err = (partitionIndex: number, errorCode: number) => ({ partitionIndex, errorCode, timestamp: -1, offset: -1, leaderEpoch: -1 });
    expect(handleListOffsets(cluster, 0, request)).toEqual({
      api: 'ListOffsets',
      throttleTimeMs: 0,
      topics: [
        { name: 't', partitions: [err(0, 42), err(1, 6), err(5, 3)] },
        { name: 'nope', partitions: [err(0, 35), err(1, 3)] },
      ],
    });
    const fenced = (epoch: number) =>
      handleListOffsets(cluster, 0, { ...listOffsetsRequest(-1, [['t', 0]]), topics: [{ name: 't', partitions: [{ partitionIndex: 0, currentLeaderEpoch: epoch, timestamp: -1 }] }] })
        .topics[0]?.partitions[0]?.errorCode;
    cluster.moveLeadership('t', 0, 1);
    expect(fenced(0)).toBe(74);
    expect(fenced(2)).toBe(75);
    expect(fenced(1)).toBe(6);
  });
});

describe('cluster request dispatch', () => {
  it('[RP-16][RP-17][FC-02] one entry point answers Metadata, ListOffsets and FindCoordinator', () => {
    const { cluster } = setup();
    ensureOffsetsTopic(cluster);
    expect(isClusterRequest({ api: 'JoinGroup' })).toBe(false);
    expect(handleClusterRequest(cluster, 2, metadataRequest(['t'])).api).toBe('Metadata');
    expect(handleClusterRequest(cluster, 2, listOffsetsRequest(-1, [['t', 0]])).api).toBe('ListOffsets');
    expect(handleClusterRequest(cluster, 2, findCoordinatorRequest(3, ['foo']))).toMatchObject({ api: 'FindCoordinator', nodeId: 0 });
  });
});
