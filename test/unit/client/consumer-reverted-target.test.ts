/**
 * A KIP-848 member whose target changes back to what it owns before it reconciled: the
 * deterministic form of the FC_SEED=44 history of the group properties (its 4th KIP-848 history),
 * where the coordinator, waiting for the member to report that it gave up a partition it had only
 * been offered, kept it UNREVOKED_PARTITIONS until its rebalance timeout and then handed its
 * partitions on while it still read them.
 */
import { describe, expect, it } from 'vitest';
import type { ConsumerMember } from '../../../src/protocol/consumer/group.js';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../../../src/protocol/messages/consumer-group-heartbeat.js';
import { cluster, GROUP, TOPIC, World, type Member } from './world.js';

const FAST = { consumerSessionTimeoutMs: 6_000, consumerMinSessionTimeoutMs: 6_000, consumerHeartbeatIntervalMs: 1_000, consumerMinHeartbeatIntervalMs: 1_000 };
const KIP848 = { 'group.protocol': 'consumer', 'max.poll.interval.ms': 60_000 } as const;

function coordinatorMember(w: World, m: Member): ConsumerMember | undefined {
  const shard = w.kafka.shardFor(GROUP);
  return shard?.status === 'active' ? shard.state.consumerGroups.get(GROUP)?.members.get(m.consumer.consumerGroupMember!.memberId) : undefined;
}

describe('a KIP-848 member whose target reverts to what it owns', () => {
  it('[CL-54][CL-43] acknowledges it at once, reporting what it owns, so the coordinator releases the partition it was offered', () => {
    const kafka = cluster(2, FAST);
    const w = new World(kafka);
    const a = w.add(KIP848);
    w.until(() => a.consumer.consumerGroupMember!.state === 'STABLE' && a.partitions().length === 2);
    // a stops polling (its heartbeats go on): offered the new partition t-2, it cannot take it yet.
    a.polling = false;
    expect('error' in kafka.cluster.addPartitions(TOPIC, 3)).toBe(false);
    kafka.settle();
    w.until(() => a.consumer.consumerGroupMember!.state === 'RECONCILING', 10_000);
    // b joins: the coordinator gives t-2 to b, and a's target is what it owns again.
    const answered = a.responses<ConsumerGroupHeartbeatResponse>('ConsumerGroupHeartbeat').length;
    const b = w.add(KIP848);
    w.until(() => b.partitions().length === 1, 5_000);
    expect(b.partitions()).toEqual([2]);
    expect(a.partitions()).toEqual([0, 1]);
    // a never polled meanwhile: the answer that took t-2 back made it acknowledge at once,
    // reporting what it owns; the coordinator then released t-2 (it waited for that report).
    const targets = a.responses<ConsumerGroupHeartbeatResponse>('ConsumerGroupHeartbeat').flatMap((r) => (r.assignment === null ? [] : [r.assignment.topicPartitions.flatMap((t) => t.partitions).join()]));
    expect(targets.slice(-2)).toEqual(['0,1,2', '0,1']);
    const reverted = a.consumer.trace.findLastIndex((e) => e.type === 'response' && e.api === 'ConsumerGroupHeartbeat' && (e.response as ConsumerGroupHeartbeatResponse).assignment !== null);
    const ack = a.consumer.trace.slice(reverted).find((e) => e.type === 'request' && e.api === 'ConsumerGroupHeartbeat');
    expect(ack?.type === 'request' && (ack.request as ConsumerGroupHeartbeatRequest).topicPartitions?.flatMap((t) => t.partitions)).toEqual([0, 1]);
    expect(a.responses('ConsumerGroupHeartbeat').length).toBeGreaterThan(answered);
    expect(coordinatorMember(w, a)?.state).toBe('STABLE');
    const moves = a.consumer.trace.flatMap((e) => (e.type === 'state' ? [`${e.from}>${e.to}`] : []));
    expect(moves.slice(-3)).toEqual(['STABLE>RECONCILING', 'RECONCILING>ACKNOWLEDGING', 'ACKNOWLEDGING>STABLE']);
  });
});
