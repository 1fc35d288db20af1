/**
 * Consumer groups through the real shells: the one-broker GroupCoordinatorRuntime (requests,
 * virtual time, topics created in its cluster) and failover on the in-memory cluster, where the
 * new coordinator folds the ConsumerGroup* records and the members carry on without rejoining.
 */
import { describe, expect, it } from 'vitest';
import { GroupCoordinatorRuntime } from '../../../../src/broker/group-coordinator.js';
import { InMemoryKafka } from '../../../../src/broker/in-memory-kafka.js';
import type { ConsumerGroupHeartbeatResponse } from '../../../../src/protocol/messages/index.js';
import { fold } from '../../../../src/protocol/replay.js';
import { consumerGroupState } from '../../../../src/protocol/consumer/group.js';
import { cgHeartbeat, tps } from '../../../helpers/consumer-group-context.js';

const JOIN = { memberEpoch: 0, rebalanceTimeoutMs: 60_000, topicPartitions: [] as never[] };

describe('consumer groups on the coordinator runtime', () => {
  it('[CG-01] [CG-27] a member joins through the shell; a topic grown later bumps the group epoch at the next heartbeat', () => {
    const rt = new GroupCoordinatorRuntime({ config: { consumerAssignors: ['range'] } });
    const foo = rt.createTopic('foo', 2);
    const ask = (fields: Parameters<typeof cgHeartbeat>[0]) => rt.take(rt.submit(cgHeartbeat(fields))) as ConsumerGroupHeartbeatResponse;
    const a = ask({ ...JOIN, memberId: 'A', subscribedTopicNames: ['foo'] });
    expect(a).toMatchObject({ errorCode: 0, memberEpoch: 1 });
    expect(tps(a)).toEqual([`${foo}:0`, `${foo}:1`]);
    rt.createTopic('foo', 3);
    const b = ask({ memberId: 'A', memberEpoch: 1 });
    expect(b.memberEpoch).toBe(2);
    expect(tps(b)).toEqual([`${foo}:0`, `${foo}:1`, `${foo}:2`]);
    // Live state equals the fold of what the shell wrote to __consumer_offsets.
    expect(fold(rt.durableRecords()).consumerGroups).toEqual(rt.state.consumerGroups);
  });

  it('[CG-36] [CGREC-01] after the coordinator crashes, the new one has the same epochs and members heartbeat on', () => {
    const kafka = new InMemoryKafka({ brokers: 3, config: { consumerAssignors: ['range'] } });
    expect(kafka.cluster.createTopic('foo', 4, 3)).not.toHaveProperty('error', expect.anything());
    kafka.settle();
    const foo = kafka.cluster.topic('foo')!.topicId;
    const ask = (fields: Parameters<typeof cgHeartbeat>[0]): ConsumerGroupHeartbeatResponse => {
      const node = kafka.coordinatorFor('g')!;
      return kafka.take(kafka.send(node, cgHeartbeat(fields))) as ConsumerGroupHeartbeatResponse;
    };
    ask({ ...JOIN, memberId: 'A', subscribedTopicNames: ['foo'] });
    ask({ ...JOIN, memberId: 'B', subscribedTopicNames: ['foo'] });
    ask({ memberId: 'A', memberEpoch: 1, topicPartitions: [{ topicId: foo, partitions: [0, 1] }] });
    const b = ask({ memberId: 'B', memberEpoch: 2 });
    expect(tps(b)).toEqual([`${foo}:2`, `${foo}:3`]);
    const before = kafka.shardFor('g')!.state.consumerGroups.get('g')!;
    const old = kafka.coordinatorFor('g')!;
    kafka.crash(old);
    kafka.advance(1_000);
    const now = kafka.coordinatorFor('g')!;
    expect(now).not.toBe(old);
    const after = kafka.shardFor('g')!.state.consumerGroups.get('g')!;
    expect(after).toEqual(before);
    expect(consumerGroupState(after)).toBe('Stable');
    const a2 = ask({ memberId: 'A', memberEpoch: 2 });
    const b2 = ask({ memberId: 'B', memberEpoch: 2 });
    expect([a2.errorCode, a2.memberEpoch, b2.errorCode, b2.memberEpoch]).toEqual([0, 2, 0, 2]);
  });
});
