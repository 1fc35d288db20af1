import { describe, expect, it } from 'vitest';
import { EventLoop } from '../../../src/time/event-loop.js';
import { assignReplicas, Cluster, rackAlternatedBrokerList, type ClusterEvent } from '../../../src/broker/cluster/index.js';
import { ManualClock } from '../../../src/time/clock.js';

const noRacks = (ids: readonly number[]) => ids.map((nodeId) => ({ nodeId, rack: null }));

function newCluster(brokers: ConstructorParameters<typeof Cluster>[0]['brokers'] = 3): Cluster<string> {
  return new Cluster<string>({ loop: new EventLoop(new ManualClock(0)), brokers });
}

describe('topics and placement', () => {
  it('[RP-01] rack-unaware placement matches AdminUtils with start index 0 (AdminRackAwareTest.testReplicaAssignment)', () => {
    expect(assignReplicas(noRacks([0, 1, 2, 3, 4]), 10, 3)).toEqual([
      [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 0], [4, 0, 1],
      [0, 2, 3], [1, 3, 4], [2, 4, 0], [3, 0, 1], [4, 1, 2],
    ]);
    // Broker ids need not be dense: placement uses positions in the id-sorted list.
    expect(assignReplicas(noRacks([7, 3, 5]), 3, 2)).toEqual([[3, 5], [5, 7], [7, 3]]);
  });

  it('[RP-01] rack-aware placement alternates racks (AdminRackAwareTest.testGetRackAlternatedBrokerListAndAssignReplicasToBrokers)', () => {
    const racks = { 0: 'rack1', 1: 'rack3', 2: 'rack3', 3: 'rack2', 4: 'rack2', 5: 'rack1' } as Record<number, string>;
    const brokers = Object.entries(racks).map(([id, rack]) => ({ nodeId: Number(id), rack }));
    expect(rackAlternatedBrokerList(brokers)).toEqual([0, 3, 1, 5, 4, 2]);
    expect(rackAlternatedBrokerList(brokers.filter((b) => b.nodeId !== 5))).toEqual([0, 3, 1, 4, 2]);
    expect(assignReplicas(brokers, 7, 3)).toEqual([[0, 3, 1], [3, 1, 5], [1, 5, 4], [5, 4, 2], [4, 2, 0], [2, 0, 3], [0, 4, 2]]);
  });

  it('[RP-01] racks count only when every live broker has one; placement skips down brokers', () => {
    const mixed = newCluster([{ nodeId: 0, rack: 'a' }, { nodeId: 1, rack: 'a' }, { nodeId: 2 }]);
    expect(mixed.createTopic('t', 3, 2)).toEqual({ assignment: assignReplicas(noRacks([0, 1, 2]), 3, 2) });
    const c = newCluster(4);
    c.crash(1);
    expect(c.createTopic('t', 2, 3)).toEqual({ assignment: [[0, 2, 3], [2, 3, 0]] });
    expect(c.partition('t', 0)).toMatchObject({ replicas: [0, 2, 3], isr: [0, 2, 3], leader: 0, leaderEpoch: 0 });
  });

  it('[RP-01] addPartitions keeps the replication factor and continues from partition 0\'s first replica', () => {
    const c = newCluster(5);
    c.createTopic('t', 2, 3, { startIndex: 2 });
    expect(c.partition('t', 0)?.replicas).toEqual([2, 0, 1]);
    const added = c.addPartitions('t', 5);
    expect(added).toEqual({ assignment: assignReplicas(noRacks([0, 1, 2, 3, 4]), 3, 3, 2, 2) });
    expect(c.partitionCount('t')).toBe(5);
    expect(c.partition('t', 4)?.replicas).toEqual('assignment' in added ? added.assignment[2] : []);
    expect(c.addPartitions('t', 5)).toEqual({ error: 'INVALID_PARTITIONS' });
    expect(c.addPartitions('nope', 9)).toEqual({ error: 'UNKNOWN_TOPIC_OR_PARTITION' });
  });

  it('[RP-02] a new partition is empty, fully in sync and led by its first replica at epoch 0', () => {
    const c = newCluster(3);
    const events: ClusterEvent[] = [];
    c.on((e) => events.push(e));
    expect(c.createTopic('orders', 2, 3)).toEqual({ assignment: [[0, 1, 2], [1, 2, 0]] });
    expect(c.partition('orders', 1)).toEqual({
      topic: 'orders',
      partition: 1,
      leader: 1,
      leaderEpoch: 0,
      replicas: [1, 2, 0],
      isr: [1, 2, 0],
      offlineReplicas: [],
      highWatermark: 0,
      leaderEpochStartOffset: 0,
      minInsyncReplicas: 1,
    });
    expect(c.log('orders', 1, 2)).toEqual([]);
    expect(c.topic('orders')?.isInternal).toBe(false);
    expect(events).toEqual([
      { type: 'topicCreated', topic: 'orders', partitions: 2 },
      { type: 'leaderChange', topic: 'orders', partition: 0, oldLeader: null, newLeader: 0, leaderEpoch: 0 },
      { type: 'leaderChange', topic: 'orders', partition: 1, oldLeader: null, newLeader: 1, leaderEpoch: 0 },
    ]);
  });

  it('[RP-02] invalid names, counts and replication factors are refused and change nothing', () => {
    const c = newCluster(3);
    expect(c.createTopic('', 1, 1)).toEqual({ error: 'INVALID_TOPIC_EXCEPTION' });
    expect(c.createTopic('..', 1, 1)).toEqual({ error: 'INVALID_TOPIC_EXCEPTION' });
    expect(c.createTopic('a/b', 1, 1)).toEqual({ error: 'INVALID_TOPIC_EXCEPTION' });
    expect(c.createTopic('x'.repeat(250), 1, 1)).toEqual({ error: 'INVALID_TOPIC_EXCEPTION' });
    expect(c.createTopic('t', 0, 1)).toEqual({ error: 'INVALID_PARTITIONS' });
    expect(c.createTopic('t', 1, 0)).toEqual({ error: 'INVALID_REPLICATION_FACTOR' });
    expect(c.createTopic('t', 1, 4)).toEqual({ error: 'INVALID_REPLICATION_FACTOR' });
    c.crash(2);
    expect(c.createTopic('t', 1, 3)).toEqual({ error: 'INVALID_REPLICATION_FACTOR' });
    expect(c.topics()).toEqual([]);
    expect(c.createTopic('t', 1, 2)).toEqual({ assignment: [[0, 1]] });
    expect(c.createTopic('t', 1, 2)).toEqual({ error: 'TOPIC_ALREADY_EXISTS' });
  });

  it('[RP-02] an explicit assignment is used as given; its live replicas form the ISR', () => {
    const c = newCluster(3);
    c.crash(2);
    expect(c.createTopic('t', -1, -1, { replicaAssignment: [[2, 1], [0, 2]] })).toEqual({ assignment: [[2, 1], [0, 2]] });
    expect(c.partition('t', 0)).toMatchObject({ replicas: [2, 1], isr: [1], leader: 1, offlineReplicas: [2] });
    expect(c.createTopic('u', -1, -1, { replicaAssignment: [[0, 0]] })).toEqual({ error: 'INVALID_REQUEST' });
    expect(c.createTopic('u', -1, -1, { replicaAssignment: [[0, 9]] })).toEqual({ error: 'INVALID_REQUEST' });
    expect(c.createTopic('u', -1, -1, { replicaAssignment: [[0, 1], [1]] })).toEqual({ error: 'INVALID_REPLICATION_FACTOR' });
    expect(c.createTopic('u', -1, -1, { replicaAssignment: [[2]] })).toEqual({ error: 'INVALID_REQUEST' });
  });

  it('brokers have documented defaults and reject bad configuration', () => {
    const c = newCluster([{ nodeId: 5, rack: 'r1', host: 'h', port: 1 }, { nodeId: 2 }]);
    expect(c.brokers()).toEqual([
      { nodeId: 2, host: 'broker-2.local', port: 9092, rack: null, up: true },
      { nodeId: 5, host: 'h', port: 1, rack: 'r1', up: true },
    ]);
    expect(() => newCluster([{ nodeId: 1 }, { nodeId: 1 }])).toThrow(RangeError);
    expect(() => newCluster(0)).toThrow(RangeError);
    expect(() => c.crash(9)).toThrow(RangeError);
    expect(c.crash(5)).toBe(true);
    expect(c.crash(5)).toBe(false);
    expect(c.restart(5)).toBe(true);
    expect(c.restart(5)).toBe(false);
  });
});
