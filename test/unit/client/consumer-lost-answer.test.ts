/**
 * A KIP-848 member whose ConsumerGroupHeartbeat answer is lost after the coordinator acted on the
 * request: the deterministic form of the FC_SEED=12 history of the group properties (its 21st
 * KIP-848 history), where a joining member was given nothing while another member still held the
 * partition, and the answer that finally gave it the partition was dropped.
 */
import { describe, expect, it } from 'vitest';
import type { ConsumerMember } from '../../../src/protocol/consumer/group.js';
import type { ConsumerGroupHeartbeatRequest } from '../../../src/protocol/messages/consumer-group-heartbeat.js';
import { cluster, GROUP, World, type Member } from './world.js';

const FAST = { consumerSessionTimeoutMs: 6_000, consumerMinSessionTimeoutMs: 6_000, consumerHeartbeatIntervalMs: 1_000, consumerMinHeartbeatIntervalMs: 1_000 };
const REQUEST_TIMEOUT_MS = 3_000;
const KIP848 = { 'group.protocol': 'consumer', 'request.timeout.ms': REQUEST_TIMEOUT_MS, 'retry.backoff.ms': 100 } as const;

/** The coordinator's record of the member of `m`. */
function coordinatorMember(w: World, m: Member): ConsumerMember | undefined {
  const shard = w.kafka.shardFor(GROUP);
  return shard?.status === 'active' ? shard.state.consumerGroups.get(GROUP)?.members.get(m.consumer.consumerGroupMember!.memberId) : undefined;
}

/** The partitions the coordinator records as assigned to `m`. */
function assignedAt(w: World, m: Member): number[] {
  return [...(coordinatorMember(w, m)?.assignedPartitions.values() ?? [])].flatMap((ps) => [...ps]).sort((a, b) => a - b);
}

function heartbeats(m: Member): ConsumerGroupHeartbeatRequest[] {
  return m.requests<ConsumerGroupHeartbeatRequest>('ConsumerGroupHeartbeat');
}

describe('a KIP-848 member whose heartbeat answer is lost', () => {
  it('[CL-53][CL-36][CG-17] gets the assignment of the lost answer in the answer to its full retry, once the request timed out', () => {
    const kafka = cluster(2, FAST);
    const w = new World(kafka);
    const a = w.add(KIP848);
    w.until(() => a.consumer.consumerGroupMember!.state === 'STABLE' && a.partitions().length === 2);
    const transport = kafka.createTransport();
    const b = w.add(KIP848, { transport });
    // b joins while a still holds both partitions: b is STABLE at the group epoch owning nothing,
    // and the coordinator keeps the partition a gives up unreleased for b's next heartbeat.
    w.until(() => b.consumer.consumerGroupMember!.state === 'STABLE' && a.partitions().length === 1);
    expect(b.partitions()).toEqual([]);
    expect(assignedAt(w, b)).toEqual([]);
    expect(coordinatorMember(w, b)?.state).toBe('UNRELEASED_PARTITIONS');
    const freed = [0, 1].filter((p) => !a.partitions().includes(p));

    // The answer of b's next heartbeat, which hands it the freed partition, is lost.
    transport.setFaults([{ match: { direction: 'response', api: 'ConsumerGroupHeartbeat' }, action: { type: 'drop' }, limit: 1 }]);
    const sent = heartbeats(b).length;
    w.until(() => heartbeats(b).length > sent, 5_000);
    const lostAtMs = kafka.loop.nowMs();
    w.run(200);
    // The coordinator moved b on: STABLE with the partition, at the same epoch b holds. b still
    // owns nothing and, until its request times out, cannot know better: nobody reads the partition.
    expect(coordinatorMember(w, b)?.state).toBe('STABLE');
    expect(assignedAt(w, b)).toEqual(freed);
    expect(coordinatorMember(w, b)?.memberEpoch).toBe(b.consumer.consumerGroupMember!.memberEpoch);
    expect(b.partitions()).toEqual([]);

    w.until(() => b.partitions().length === 1, 2 * REQUEST_TIMEOUT_MS);
    expect(b.partitions()).toEqual(freed);
    expect(kafka.loop.nowMs() - lostAtMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
    expect(b.consumer.trace.some((e) => e.type === 'networkError' && e.api === 'ConsumerGroupHeartbeat' && e.reason === 'REQUEST_TIMED_OUT')).toBe(true);
    // The retry after the timeout is full (CL-36), so the coordinator sends the assignment again (CG-17).
    const retry = heartbeats(b)[sent + 1]!;
    expect(retry).toMatchObject({ rebalanceTimeoutMs: 300_000, subscribedTopicNames: ['t'], topicPartitions: [] });
    expect(retry.memberEpoch).toBe(coordinatorMember(w, b)?.memberEpoch);
    w.until(() => b.consumer.consumerGroupMember!.state === 'STABLE', 5_000);
    expect(a.partitions().concat(b.partitions()).sort()).toEqual([0, 1]);
  });
});
