/**
 * The consumer-group timers: session and rebalance timeouts, stale timers, load and unload.
 * Reproduces Kafka 4.0 GroupMetadataManagerTest cases testSessionTimeoutLifecycle,
 * testSessionTimeoutExpiration, testRebalanceTimeoutLifecycle, testRebalanceTimeoutExpiration,
 * testOnLoaded (consumer group part) and testStaticMemberTemporaryLeaveSessionExpiry (as far as
 * the session of a member at epoch -2 goes).
 */
import { describe, expect, it } from 'vitest';
import { ConsumerGroupTestContext, owned } from '../../../helpers/consumer-group-context.js';
import { consumerRebalanceKey, consumerSessionKey, fireConsumerTimer } from '../../../../src/protocol/consumer/timers.js';
import { GroupCoordinatorRuntime } from '../../../../src/broker/group-coordinator.js';
import { cgHeartbeat } from '../../../helpers/consumer-group-context.js';

describe('consumer-group timers', () => {
  it('[CG-33] every heartbeat re-arms the session; expiry fences the member and bumps the epoch', () => {
    const t = new ConsumerGroupTestContext({ consumerSessionTimeoutMs: 10_000 });
    t.createTopic('foo', 2);
    t.join('A', ['foo']);
    t.join('B', ['foo']);
    t.advance(8_000);
    t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned(['T-foo:0']) });
    expect(t.timer(consumerSessionKey('g', 'A'))).toBe(18_000);
    const fired = t.advance(2_000); // B's session, armed at 0
    expect(fired.map((r) => r.type)).toEqual([
      'ConsumerGroupCurrentMemberAssignment',
      'ConsumerGroupTargetAssignmentMember',
      'ConsumerGroupMemberMetadata',
      'ConsumerGroupMetadata',
    ]);
    expect([...t.group().members.keys()]).toEqual(['A']);
    expect(t.group().groupEpoch).toBe(3);
  });

  it('[CG-34] a member still revoking when its rebalance timeout ends is fenced', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.join('A', ['foo'], { rebalanceTimeoutMs: 5_000 });
    t.join('B', ['foo']);
    t.heartbeat({ memberId: 'A', memberEpoch: 1 }); // revoking foo-1, owned not reported
    expect(t.group().members.get('A')!.state).toBe('UNREVOKED_PARTITIONS');
    expect(t.timers.get(consumerRebalanceKey('g', 'A'))).toMatchObject({ deadlineMs: 5_000, event: { type: 'timer.consumerRebalanceExpired', memberEpoch: 1 } });
    t.advance(5_000);
    expect(t.group().members.has('A')).toBe(false);
    expect(t.timer(consumerSessionKey('g', 'A'))).toBeUndefined();
  });

  it('[CG-34] [CG-35] revoking in time cancels the rebalance timer; a stale one does nothing', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.join('A', ['foo'], { rebalanceTimeoutMs: 5_000 });
    t.join('B', ['foo']);
    t.heartbeat({ memberId: 'A', memberEpoch: 1 });
    t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned(['T-foo:0']) });
    expect(t.timer(consumerRebalanceKey('g', 'A'))).toBeUndefined();
    const ctx = t.ctx();
    const stale = fireConsumerTimer(t.state, { type: 'timer.consumerRebalanceExpired', groupId: 'g', memberId: 'A', memberEpoch: 1 }, ctx);
    expect(stale).toEqual({ responses: [], records: [], timers: [] });
    expect(fireConsumerTimer(t.state, { type: 'timer.consumerSessionExpired', groupId: 'g', memberId: 'nobody' }, ctx).records).toEqual([]);
    expect(fireConsumerTimer(t.state, { type: 'timer.consumerSessionExpired', groupId: 'nogroup', memberId: 'A' }, ctx).records).toEqual([]);
    expect(t.group().members.has('A')).toBe(true);
  });

  it('[CG-35] the replaced static member\'s session timer finds it gone', () => {
    const t = new ConsumerGroupTestContext({ consumerSessionTimeoutMs: 10_000 });
    t.join('A', [], { instanceId: 'i1' });
    t.heartbeat({ memberId: 'A', memberEpoch: -2, instanceId: 'i1' });
    t.advance(5_000);
    t.join('A2', [], { instanceId: 'i1' });
    expect(t.timer(consumerSessionKey('g', 'A'))).toBe(10_000);
    expect(t.advance(5_000)).toEqual([]);
    expect([...t.group().members.keys()]).toEqual(['A2']);
  });

  it('[CG-36] a loaded coordinator arms every session and the rebalance timer of revoking members', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.join('A', ['foo'], { rebalanceTimeoutMs: 5_000 });
    t.join('B', ['foo']);
    t.heartbeat({ memberId: 'A', memberEpoch: 1 });
    t.nowMs = 1_000;
    const next = t.failover();
    expect(next.state.consumerGroups).toEqual(t.state.consumerGroups);
    expect(next.timer(consumerSessionKey('g', 'A'))).toBe(46_000);
    expect(next.timer(consumerSessionKey('g', 'B'))).toBe(46_000);
    expect(next.timers.get(consumerRebalanceKey('g', 'A'))).toMatchObject({ deadlineMs: 6_000, event: { memberEpoch: 1 } });
    expect(next.timer(consumerRebalanceKey('g', 'B'))).toBeUndefined();
  });

  it('[CG-36] unloading drops the consumer-group timers', () => {
    const rt = new GroupCoordinatorRuntime({ config: { consumerAssignors: ['range'] } });
    rt.createTopic('foo', 1);
    rt.take(rt.submit(cgHeartbeat({ memberId: 'A', memberEpoch: 0, rebalanceTimeoutMs: 1000, subscribedTopicNames: ['foo'], topicPartitions: [] })));
    expect(rt.timer(consumerSessionKey('g', 'A'))).toBeDefined();
    rt.unload();
    expect(rt.timer(consumerSessionKey('g', 'A'))).toBeUndefined();
  });
});
