import { describe, expect, it } from 'vitest';
import type { ConsumerGroupHeartbeatRequest } from '../../../src/protocol/messages/consumer-group-heartbeat.js';
import { cluster, GROUP, sorted, World, type Member } from './world.js';

/** Consumer-group configs small enough for short runs (the defaults' minimum session is 45 s). */
const FAST = { consumerSessionTimeoutMs: 6_000, consumerMinSessionTimeoutMs: 6_000, consumerHeartbeatIntervalMs: 1_000, consumerMinHeartbeatIntervalMs: 1_000 };

const KIP848 = { 'group.protocol': 'consumer' } as const;

function stableAll(w: World, members: readonly Member[]): boolean {
  const owned = members.flatMap((m) => m.consumer.assignment().map((tp) => tp.partition));
  return members.every((m) => m.consumer.state === 'STABLE') && owned.length === w.partitionCount() && new Set(owned).size === owned.length;
}

describe('a KIP-848 consumer (group.protocol=consumer)', () => {
  it('[CL-35][CL-36][CL-37] three members join, reconcile and read every record once', () => {
    const w = new World(cluster(6, FAST));
    const members = [w.add(KIP848), w.add(KIP848), w.add(KIP848)];
    const before = w.produceAll(5);
    w.until(() => stableAll(w, members));
    const after = w.produceAll(5, 5);
    w.run(3000);
    expect(sorted(w.consumed())).toEqual(sorted([...before, ...after]));
    expect(members.map((m) => m.partitions().length)).toEqual([2, 2, 2]);
    const first = members[0]!.requests<ConsumerGroupHeartbeatRequest>('ConsumerGroupHeartbeat')[0]!;
    expect(first).toMatchObject({ version: 1, groupId: GROUP, memberEpoch: 0, rebalanceTimeoutMs: 300_000, subscribedTopicNames: ['t'], topicPartitions: [] });
    expect(members[0]!.states().slice(0, 2)).toEqual(['unjoined', 'JOINING']);
  });
});
