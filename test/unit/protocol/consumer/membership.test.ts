/**
 * Groups and members through ConsumerGroupHeartbeat: creation, unknown ids, group size, member
 * epochs, leaves, static members, null fields, the answer. Reproduces Kafka 4.0
 * GroupMetadataManagerTest cases: testMemberIdGeneration, testUnknownGroupId,
 * testUnknownMemberIdJoinsConsumerGroup, testConsumerGroupMemberEpochValidation,
 * testMemberJoinsEmptyConsumerGroup, testConsumerGroupMaxSize (GROUP_MAX_SIZE_REACHED),
 * testStaticMemberGetsBackAssignmentUponRejoin, testStaticMemberRejoinsWithNewSubscribedTopics,
 * testNoGroupEpochBumpWhenStaticMemberTemporarilyLeaves, testLeavingStaticMemberBumpsGroupEpoch,
 * testShouldThrowFencedInstanceIdExceptionWhenStaticMemberWithDifferentMemberIdJoins,
 * testConsumerGroupHeartbeatFullResponse, testConsumerGroupHeartbeatWithNonEmptyClassicGroup and
 * testConsumerGroupHeartbeatWithEmptyClassicGroup (migration policy disabled).
 */
import { describe, expect, it } from 'vitest';
import { ConsumerGroupTestContext, cgHeartbeat, owned, tps } from '../../../helpers/consumer-group-context.js';
import { ErrorCodes } from '../../../../src/protocol/errors.js';
import { GroupCoordinatorRuntime } from '../../../../src/broker/group-coordinator.js';
import type { ConsumerGroupHeartbeatResponse } from '../../../../src/protocol/messages/index.js';
import { joinGroup, leaveGroup, protocols } from '../../../../src/conformance/scenario.js';
import { consumerSessionKey } from '../../../../src/protocol/consumer/timers.js';

describe('groups and members', () => {
  it('[CG-07] a heartbeat above epoch 0 for an unknown group is GROUP_ID_NOT_FOUND', () => {
    const t = new ConsumerGroupTestContext();
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1 }).response).toMatchObject({ errorCode: ErrorCodes.GROUP_ID_NOT_FOUND, errorMessage: 'Consumer group g not found.' });
  });

  it('[CG-08] an Empty classic group is replaced (its tombstone first); a non-empty one is not a consumer group', () => {
    const rt = new GroupCoordinatorRuntime({ config: { consumerAssignors: ['range'], initialRebalanceDelayMs: 0 } });
    rt.createTopic('foo', 1);
    const join = { memberEpoch: 0, rebalanceTimeoutMs: 1000, subscribedTopicNames: ['foo'], topicPartitions: [] as never[] };
    const first = rt.take(rt.submit(joinGroup({ groupId: 'c', memberId: '', protocols: protocols('range') }))) as { memberId: string };
    const classic = rt.take(rt.submit(joinGroup({ groupId: 'c', memberId: first.memberId, protocols: protocols('range') })));
    expect(classic).toMatchObject({ errorCode: 0 });
    const refused = rt.take(rt.submit(cgHeartbeat({ groupId: 'c', memberId: 'A', ...join }))) as ConsumerGroupHeartbeatResponse;
    expect(refused).toMatchObject({ errorCode: ErrorCodes.GROUP_ID_NOT_FOUND, errorMessage: 'Group c is not a consumer group' });
    const leave = rt.take(rt.submit(cgHeartbeat({ groupId: 'c', memberId: 'A', memberEpoch: -1 }))) as ConsumerGroupHeartbeatResponse;
    expect(leave).toMatchObject({ errorCode: ErrorCodes.GROUP_ID_NOT_FOUND, errorMessage: 'Group c is not a consumer group' });
    rt.take(rt.submit(leaveGroup([first.memberId], { groupId: 'c' })));
    expect(rt.state.groups.get('c')?.state).toBe('Empty');
    const before = rt.records.length;
    const ok = rt.take(rt.submit(cgHeartbeat({ groupId: 'c', memberId: 'A', ...join }))) as ConsumerGroupHeartbeatResponse;
    expect(ok).toMatchObject({ errorCode: 0, memberEpoch: 1 });
    expect(rt.records[before]).toEqual({ type: 'GroupMetadata', groupId: 'c', value: null });
    expect(rt.state.groups.has('c')).toBe(false);
    expect(rt.state.consumerGroups.has('c')).toBe(true);
  });

  it('[CG-09] a heartbeat from an unknown member id is UNKNOWN_MEMBER_ID', () => {
    const t = new ConsumerGroupTestContext();
    t.join('A', []);
    expect(t.heartbeat({ memberId: 'B', memberEpoch: 1 }).response).toMatchObject({ errorCode: ErrorCodes.UNKNOWN_MEMBER_ID, errorMessage: 'Member B is not a member of group g.' });
  });

  it('[CG-10] a full group refuses new members and keeps its own', () => {
    const t = new ConsumerGroupTestContext({ consumerMaxSize: 1 });
    t.join('A', []);
    expect(t.join('B', []).response).toMatchObject({ errorCode: ErrorCodes.GROUP_MAX_SIZE_REACHED, errorMessage: 'The consumer group has reached its maximum capacity of 1 members.' });
    expect(t.heartbeat({ version: 0, memberId: '', memberEpoch: 0, rebalanceTimeoutMs: 1, subscribedTopicNames: [], topicPartitions: [] }).response.errorCode).toBe(ErrorCodes.GROUP_MAX_SIZE_REACHED);
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1 }).response.errorCode).toBe(0);
  });

  it('[CG-11] an epoch ahead, or behind and not the previous one, is FENCED_MEMBER_EPOCH', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.join('A', ['foo']);
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 2 }).response).toMatchObject({
      errorCode: ErrorCodes.FENCED_MEMBER_EPOCH,
      errorMessage: 'The consumer group member has a greater member epoch (2) than the one known by the group coordinator (1). The member must abandon all its partitions and rejoin.',
    });
    t.join('B', ['foo']);
    t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned(['T-foo:0']) }); // A reaches 2, previous 1
    t.join('C', ['foo']);
    t.heartbeat({ memberId: 'A', memberEpoch: 2, topicPartitions: owned([]) }); // A reaches 3, previous 2
    expect(t.group().members.get('A')).toMatchObject({ memberEpoch: 3, previousMemberEpoch: 2 });
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned([]) }).response).toMatchObject({
      errorCode: ErrorCodes.FENCED_MEMBER_EPOCH,
      errorMessage: 'The consumer group member has a smaller member epoch (1) than the one known by the group coordinator (3). The member must abandon all its partitions and rejoin.',
    });
  });

  it('[CG-12] the previous epoch with owned partitions within the assignment is accepted (a lost answer)', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.join('A', ['foo']);
    t.join('B', ['foo']);
    t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned(['T-foo:0']) }); // A: epoch 2, previous 1, owns foo-0
    const ok = t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned(['T-foo:0']) });
    expect(ok.response).toMatchObject({ errorCode: 0, memberEpoch: 2 });
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned(['T-foo:1']) }).response.errorCode).toBe(ErrorCodes.FENCED_MEMBER_EPOCH);
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1 }).response.errorCode).toBe(ErrorCodes.FENCED_MEMBER_EPOCH);
  });

  it('[CG-12] the previous epoch owning a partition of a topic it is not assigned at all is fenced', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.createTopic('bar', 1);
    t.join('A', ['foo']);
    t.join('B', ['foo']);
    t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned(['T-foo:0']) }); // A: epoch 2, previous 1, owns foo-0
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned(['T-foo:0', 'T-bar:0']) }).response.errorCode).toBe(ErrorCodes.FENCED_MEMBER_EPOCH);
  });

  it('[CG-32] a known member rejoining with epoch 0 is fenced unless its previous epoch is 0', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.join('A', ['foo']); // epoch 1, previous 0
    expect(t.join('A', ['foo']).response).toMatchObject({ errorCode: 0, memberEpoch: 1 });
    t.join('B', ['foo']);
    t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned(['T-foo:0']) }); // epoch 2, previous 1
    expect(t.join('A', ['foo']).response.errorCode).toBe(ErrorCodes.FENCED_MEMBER_EPOCH);
  });

  it('[CG-14] leave errors: unknown group, unknown member, unknown instance id, fenced instance id', () => {
    const t = new ConsumerGroupTestContext();
    expect(t.heartbeat({ memberId: 'A', memberEpoch: -1 }).response).toMatchObject({ errorCode: ErrorCodes.GROUP_ID_NOT_FOUND, errorMessage: 'Group g not found.' });
    t.join('A', [], { instanceId: 'i1' });
    expect(t.heartbeat({ memberId: 'B', memberEpoch: -1 }).response.errorCode).toBe(ErrorCodes.UNKNOWN_MEMBER_ID);
    expect(t.heartbeat({ memberId: 'B', memberEpoch: -2, instanceId: 'i9' }).response).toMatchObject({ errorCode: ErrorCodes.UNKNOWN_MEMBER_ID, errorMessage: 'Instance id i9 is unknown.' });
    expect(t.heartbeat({ memberId: 'B', memberEpoch: -2, instanceId: 'i1' }).response).toMatchObject({
      errorCode: ErrorCodes.FENCED_INSTANCE_ID,
      errorMessage: 'Static member B with instance id i1 was fenced by member A.',
    });
  });

  it('[CG-15] [CG-28] a static member leaving with -2 keeps its place, assignment and session; no epoch bump', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.join('A', ['foo'], { instanceId: 'i1' });
    t.advance(10_000);
    const out = t.heartbeat({ memberId: 'A', memberEpoch: -2, instanceId: 'i1' });
    expect(out.response).toMatchObject({ errorCode: 0, memberId: 'A', memberEpoch: -2, heartbeatIntervalMs: 0, assignment: null });
    expect(out.records.map((r) => r.type)).toEqual(['ConsumerGroupCurrentMemberAssignment']);
    expect(t.group().members.get('A')).toMatchObject({ memberEpoch: -2, previousMemberEpoch: 0 });
    expect(t.group().members.get('A')!.assignedPartitions.get('T-foo')?.size).toBe(2);
    expect(t.group().groupEpoch).toBe(1);
    expect(t.timer(consumerSessionKey('g', 'A'))).toBe(45_000);
    t.advance(35_000);
    expect(t.state.consumerGroups.get('g')!.members.size).toBe(0);
  });

  it('[CG-16] [CG-17] the interval is in every answer; the assignment only on full requests or changes', () => {
    const t = new ConsumerGroupTestContext({ consumerHeartbeatIntervalMs: 7000 });
    t.createTopic('foo', 2);
    expect(t.join('A', ['foo']).response).toMatchObject({ heartbeatIntervalMs: 7000 });
    const plain = t.heartbeat({ memberId: 'A', memberEpoch: 1 });
    expect(plain.response).toMatchObject({ heartbeatIntervalMs: 7000, assignment: null });
    const full = t.heartbeat({ memberId: 'A', memberEpoch: 1, rebalanceTimeoutMs: 1000, subscribedTopicNames: ['foo'], topicPartitions: owned(['T-foo:0', 'T-foo:1']) });
    expect(tps(full.response)).toEqual(['T-foo:0', 'T-foo:1']);
    const almost = t.heartbeat({ memberId: 'A', memberEpoch: 1, subscribedTopicNames: ['foo'], topicPartitions: owned(['T-foo:0', 'T-foo:1']) });
    expect(almost.response.assignment).toBeNull();
    t.join('B', ['foo']);
    const changed = t.heartbeat({ memberId: 'A', memberEpoch: 1 });
    expect(tps(changed.response)).toEqual(['T-foo:0']);
  });

  it('[CG-18] a joining static member whose instance id is still held is UNRELEASED_INSTANCE_ID', () => {
    const t = new ConsumerGroupTestContext();
    t.join('A', [], { instanceId: 'i1' });
    expect(t.join('B', [], { instanceId: 'i1' }).response).toMatchObject({
      errorCode: ErrorCodes.UNRELEASED_INSTANCE_ID,
      errorMessage: 'Static member B with instance id i1 cannot join the group because the instance id is owned by A member.',
    });
    expect(t.join('C', [], { instanceId: 'i2' }).response).toMatchObject({ errorCode: 0, memberId: 'C' });
  });

  it('[CG-19] [CGREC-10] a static member that left with -2 is replaced by the rejoining one, which keeps its partitions', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.join('A', ['foo'], { instanceId: 'i1' });
    t.join('B', ['foo']);
    t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned(['T-foo:0']) });
    t.heartbeat({ memberId: 'B', memberEpoch: 2 });
    t.heartbeat({ memberId: 'A', memberEpoch: -2, instanceId: 'i1' });
    const out = t.join('A2', ['foo'], { instanceId: 'i1' });
    expect(out.response).toMatchObject({ errorCode: 0, memberId: 'A2', memberEpoch: 2 });
    expect(tps(out.response)).toEqual(['T-foo:0']);
    expect(out.records.slice(0, 6).map((r) => [r.type, 'memberId' in r ? r.memberId : '', 'value' in r && r.value === null])).toEqual([
      ['ConsumerGroupCurrentMemberAssignment', 'A', true],
      ['ConsumerGroupTargetAssignmentMember', 'A', true],
      ['ConsumerGroupMemberMetadata', 'A', true],
      ['ConsumerGroupMemberMetadata', 'A2', false],
      ['ConsumerGroupTargetAssignmentMember', 'A2', false],
      ['ConsumerGroupCurrentMemberAssignment', 'A2', false],
    ]);
    expect(out.records[5]).toMatchObject({ value: { memberEpoch: 0, previousMemberEpoch: 0 } });
    // The same subscription: no group epoch bump; the group holds A2 in A's place.
    expect(t.group().groupEpoch).toBe(2);
    expect([...t.group().members.keys()]).toEqual(['B', 'A2']);
  });

  it('[CG-20] heartbeats of static members: unknown instance id, instance id of another member', () => {
    const t = new ConsumerGroupTestContext();
    t.join('A', [], { instanceId: 'i1' });
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1, instanceId: 'i9' }).response).toMatchObject({ errorCode: ErrorCodes.UNKNOWN_MEMBER_ID, errorMessage: 'Instance id i9 is unknown.' });
    expect(t.heartbeat({ memberId: 'X', memberEpoch: 1, instanceId: 'i1' }).response).toMatchObject({
      errorCode: ErrorCodes.FENCED_INSTANCE_ID,
      errorMessage: 'Static member X with instance id i1 was fenced by member A.',
    });
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 5, instanceId: 'i1' }).response.errorCode).toBe(ErrorCodes.FENCED_MEMBER_EPOCH);
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1, instanceId: 'i1' }).response.errorCode).toBe(0);
  });

  it('[CG-21] [CG-22] null fields leave values unchanged; metadata is written only when it changes', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 1);
    t.join('A', ['foo', 'bar'], { rackId: 'r1', serverAssignor: 'range' });
    const same = t.heartbeat({ memberId: 'A', memberEpoch: 1, subscribedTopicNames: ['bar', 'foo', 'foo'] });
    expect(same.records).toEqual([]);
    expect(t.group().members.get('A')).toMatchObject({ rackId: 'r1', serverAssignorName: 'range', rebalanceTimeoutMs: 300_000, subscribedTopicNames: ['foo', 'bar'] });
    const rack = t.heartbeat({ memberId: 'A', memberEpoch: 1, rackId: 'r2', clientId: 'other' });
    expect(rack.records.map((r) => r.type)).toEqual(['ConsumerGroupMemberMetadata']);
    expect(t.group().members.get('A')).toMatchObject({ rackId: 'r2', clientId: 'other' });
  });

  it('[CG-22] each metadata field alone, changed, writes the member metadata record', () => {
    const changes: [string, Record<string, unknown>, Record<string, unknown>][] = [
      ['rack id', { rackId: 'r2' }, { rackId: 'r2' }],
      ['rebalance timeout', { rebalanceTimeoutMs: 5000 }, { rebalanceTimeoutMs: 5000 }],
      ['server assignor', { serverAssignor: 'uniform' }, { serverAssignorName: 'uniform' }],
      ['regex', { subscribedTopicRegex: '^foo$' }, { subscribedTopicRegex: '^foo$' }],
      ['client id', { clientId: 'other' }, { clientId: 'other' }],
      ['client host', { clientHost: '/10.0.0.2' }, { clientHost: '/10.0.0.2' }],
    ];
    for (const [what, fields, stored] of changes) {
      const t = new ConsumerGroupTestContext();
      t.createTopic('foo', 1);
      t.join('A', ['foo'], { rackId: 'r1', serverAssignor: 'range' });
      const out = t.heartbeat({ memberId: 'A', memberEpoch: 1, ...fields });
      expect(out.records.filter((r) => r.type === 'ConsumerGroupMemberMetadata'), what).toHaveLength(1);
      expect(t.group().members.get('A'), what).toMatchObject(stored);
    }
  });
});

describe('a classic JoinGroup for a consumer group id', () => {
  it('[CG-37] [CGREC-13] an Empty consumer group is deleted by its tombstones and a classic group takes the id; a non-empty one is refused', () => {
    const rt = new GroupCoordinatorRuntime({ config: { consumerAssignors: ['range'], initialRebalanceDelayMs: 0 } });
    rt.createTopic('foo', 1);
    const join = { memberEpoch: 0, rebalanceTimeoutMs: 1000, subscribedTopicNames: ['foo'], topicPartitions: [] as never[] };
    rt.take(rt.submit(cgHeartbeat({ groupId: 'c', memberId: 'A', ...join })));
    const refused = rt.take(rt.submit(joinGroup({ groupId: 'c', memberId: '', protocols: protocols('range') })));
    expect(refused).toMatchObject({ errorCode: ErrorCodes.INCONSISTENT_GROUP_PROTOCOL, memberId: '' });
    expect(rt.state.groups.has('c')).toBe(false);
    rt.take(rt.submit(cgHeartbeat({ groupId: 'c', memberId: 'A', memberEpoch: -1 })));
    const before = rt.records.length;
    const ok = rt.take(rt.submit(joinGroup({ groupId: 'c', memberId: '', protocols: protocols('range') })));
    expect(ok).toMatchObject({ errorCode: ErrorCodes.MEMBER_ID_REQUIRED });
    expect(rt.records.slice(before, before + 4).map((r) => [r.type, 'value' in r ? r.value : 'volatile'])).toEqual([
      ['ConsumerGroupTargetAssignmentMetadata', null],
      ['ConsumerGroupPartitionMetadata', null],
      ['ConsumerGroupMetadata', null],
      ['GroupCreated', 'volatile'],
    ]);
    expect(rt.state.consumerGroups.has('c')).toBe(false);
    expect(rt.state.groups.get('c')?.state).toBe('Empty');
  });
});
