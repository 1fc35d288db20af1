/**
 * FO-01 for the KIP-848 APIs in the in-memory cluster: a ConsumerGroupHeartbeat reaches the shard
 * of its group's offsets partition (or is answered NOT_COORDINATOR), and a ConsumerGroupDescribe
 * naming groups coordinated by different brokers is split per group.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import type { ConsumerGroupDescribeResponse, ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../../../src/protocol/messages/index.js';

function join(groupId: string, memberId: string): ConsumerGroupHeartbeatRequest {
  return {
    api: 'ConsumerGroupHeartbeat', version: 1, clientId: 'c', clientHost: 'h', groupId, memberId, memberEpoch: 0, instanceId: null, rackId: null,
    rebalanceTimeoutMs: 30_000, subscribedTopicNames: ['orders'], subscribedTopicRegex: null, serverAssignor: null, topicPartitions: [],
  };
}

/** Two group ids whose coordinators are different brokers. */
function groupsOnTwoBrokers(kafka: InMemoryKafka): [string, string] {
  const first = 'g0';
  const other = Array.from({ length: 100 }, (_, i) => `g${i + 1}`).find((g) => kafka.coordinatorFor(g) !== kafka.coordinatorFor(first))!;
  return [first, other];
}

describe('[FO-01] KIP-848 requests are routed to the group\'s coordinator', () => {
  it('[FO-01] a ConsumerGroupHeartbeat is handled by the coordinator and answered NOT_COORDINATOR elsewhere', () => {
    const kafka = new InMemoryKafka({ brokers: 3, offsetsTopicPartitions: 6 });
    kafka.cluster.createTopic('orders', 2, 1);
    kafka.settle();
    const node = kafka.coordinatorFor('g')!;
    const elsewhere = [0, 1, 2].find((n) => n !== node)!;
    const refused = kafka.response(kafka.send(elsewhere, join('g', 'm1'))) as ConsumerGroupHeartbeatResponse;
    expect(refused).toMatchObject({ errorCode: 16, memberId: null, assignment: null });
    const joined = kafka.response(kafka.send(node, join('g', 'm1'))) as ConsumerGroupHeartbeatResponse;
    expect(joined).toMatchObject({ errorCode: 0, memberId: 'm1', memberEpoch: 1 });
    expect(joined.assignment?.topicPartitions.flatMap((t) => t.partitions).sort()).toEqual([0, 1]);
  });

  it('[FO-01] a ConsumerGroupDescribe of groups on two coordinators is split: each part answered by its own shard or NOT_COORDINATOR, in request order', () => {
    const kafka = new InMemoryKafka({ brokers: 3, offsetsTopicPartitions: 6 });
    kafka.cluster.createTopic('orders', 2, 1);
    kafka.settle();
    const [a, b] = groupsOnTwoBrokers(kafka);
    for (const g of [a, b]) kafka.response(kafka.send(kafka.coordinatorFor(g)!, join(g, `${g}-m1`)));
    const described = kafka.response(kafka.send(kafka.coordinatorFor(a)!, { api: 'ConsumerGroupDescribe', version: 1, clientId: 'c', clientHost: 'h', groupIds: [b, a], includeAuthorizedOperations: false })) as ConsumerGroupDescribeResponse;
    expect(described.groups.map((g) => [g.groupId, g.errorCode])).toEqual([[b, 16], [a, 0]]);
    expect(described.groups[1]!.members.map((m) => m.memberId)).toEqual([`${a}-m1`]);
  });
});
