/**
 * The life of a consumer group through ConsumerGroupHeartbeat: join, assignment, a second member
 * with revocation before reassignment, leave, session expiry, and replay. Reproduces Kafka 4.0
 * GroupMetadataManagerTest cases testConsumerGroupMemberEpochValidation's happy path,
 * testMemberJoinsEmptyConsumerGroup, testUpdatingSubscriptionTriggersNewTargetAssignment and
 * testReconciliationProcess (as far as one test assignor allows), testLeavingMemberBumpsGroupEpoch
 * and testSessionTimeoutExpiration.
 */
import { describe, expect, it } from 'vitest';
import { ConsumerGroupTestContext, owned, tps } from '../../../helpers/consumer-group-context.js';
import { consumerGroupState } from '../../../../src/protocol/consumer/group.js';
import { fold } from '../../../../src/protocol/replay.js';
import { isDurable } from '../../../../src/protocol/records.js';
import { consumerRebalanceKey, consumerSessionKey } from '../../../../src/protocol/consumer/timers.js';
import { ErrorCodes } from '../../../../src/protocol/errors.js';

describe('consumer group lifecycle', () => {
  it('[CG-01] [CG-07] [CG-16] [CG-23] [CG-25] [CGR-05] [CGREC-08] the first member joins an empty group and gets every partition at epoch 1', () => {
    const t = new ConsumerGroupTestContext();
    const foo = t.createTopic('foo', 3);
    const out = t.join('A', ['foo']);
    expect(out.response).toMatchObject({ errorCode: 0, memberId: 'A', memberEpoch: 1, heartbeatIntervalMs: 5000 });
    expect(tps(out.response)).toEqual([`${foo}:0`, `${foo}:1`, `${foo}:2`]);
    // Kafka's order: member metadata, subscription metadata, group epoch, target, current assignment.
    expect(out.records.map((r) => r.type)).toEqual([
      'ConsumerGroupMemberMetadata',
      'ConsumerGroupPartitionMetadata',
      'ConsumerGroupMetadata',
      'ConsumerGroupTargetAssignmentMember',
      'ConsumerGroupTargetAssignmentMetadata',
      'ConsumerGroupCurrentMemberAssignment',
    ]);
    const g = t.group();
    expect([g.groupEpoch, g.targetAssignmentEpoch, consumerGroupState(g)]).toEqual([1, 1, 'Stable']);
    expect(g.members.get('A')).toMatchObject({ memberEpoch: 1, previousMemberEpoch: 0, state: 'STABLE' });
    expect(t.timer(consumerSessionKey('g', 'A'))).toBe(45_000);
  });

  it('[CGR-03] [CGR-04] [CGR-06] [CG-28] a second member waits for the first to revoke, then gets its partitions', () => {
    const t = new ConsumerGroupTestContext();
    const foo = t.createTopic('foo', 4);
    t.join('A', ['foo']);
    const b = t.join('B', ['foo']);
    // B is at epoch 2 with nothing yet: its partitions are still A's.
    expect(b.response).toMatchObject({ memberEpoch: 2 });
    expect(tps(b.response)).toEqual([]);
    expect(t.group().members.get('B')!.state).toBe('UNRELEASED_PARTITIONS');
    expect(consumerGroupState(t.group())).toBe('Reconciling');
    // A must revoke 2 and 3 first: it stays at epoch 1 and keeps 0 and 1.
    const a1 = t.heartbeat({ memberId: 'A', memberEpoch: 1 });
    expect(a1.response.memberEpoch).toBe(1);
    expect(tps(a1.response)).toEqual([`${foo}:0`, `${foo}:1`]);
    expect(t.group().members.get('A')!.state).toBe('UNREVOKED_PARTITIONS');
    expect(t.timer(consumerRebalanceKey('g', 'A'))).toBe(300_000);
    // Still owning 2: nothing moves.
    const a2 = t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned([`${foo}:0`, `${foo}:1`, `${foo}:2`]) });
    expect(a2.records).toEqual([]);
    expect(a2.response.assignment).toBeNull();
    // Revoked: A reaches epoch 2, B gets 2 and 3.
    const a3 = t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned([`${foo}:0`, `${foo}:1`]) });
    expect(a3.response.memberEpoch).toBe(2);
    expect(t.group().members.get('A')).toMatchObject({ state: 'STABLE', previousMemberEpoch: 1 });
    expect(t.timer(consumerRebalanceKey('g', 'A'))).toBeUndefined();
    const b2 = t.heartbeat({ memberId: 'B', memberEpoch: 2 });
    expect(tps(b2.response)).toEqual([`${foo}:2`, `${foo}:3`]);
    expect(consumerGroupState(t.group())).toBe('Stable');
  });

  it('[CG-13] [CGREC-09] a leaving member is removed with its tombstones and the group epoch bumps', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.join('A', ['foo']);
    t.join('B', ['foo']);
    const out = t.heartbeat({ memberId: 'B', memberEpoch: -1 });
    expect(out.response).toMatchObject({ errorCode: 0, memberId: 'B', memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null });
    expect(out.records.map((r) => [r.type, 'value' in r && r.value === null])).toEqual([
      ['ConsumerGroupCurrentMemberAssignment', true],
      ['ConsumerGroupTargetAssignmentMember', true],
      ['ConsumerGroupMemberMetadata', true],
      ['ConsumerGroupMetadata', false],
    ]);
    expect(t.group().members.has('B')).toBe(false);
    expect(t.group().groupEpoch).toBe(3);
    expect(t.timer(consumerSessionKey('g', 'B'))).toBeUndefined();
  });

  it('[CG-33] a member not heard from within the session timeout is fenced', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.join('A', ['foo']);
    t.advance(30_000);
    t.join('B', ['foo']);
    t.advance(15_000); // A's session (armed at 0) ends at 45 000
    expect(t.group().members.has('A')).toBe(false);
    expect(t.group().groupEpoch).toBe(3);
    const late = t.heartbeat({ memberId: 'A', memberEpoch: 1 });
    expect(late.response.errorCode).toBe(ErrorCodes.UNKNOWN_MEMBER_ID);
  });

  it('[CGREC-01] folding the durable records rebuilds the consumer groups deep-equal', () => {
    const t = new ConsumerGroupTestContext();
    const foo = t.createTopic('foo', 4);
    t.join('A', ['foo']);
    t.join('B', ['foo']);
    t.heartbeat({ memberId: 'A', memberEpoch: 1 });
    t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: owned([`${foo}:0`, `${foo}:1`]) });
    t.join('C', ['foo']);
    t.heartbeat({ memberId: 'B', memberEpoch: -1 });
    expect(t.log.every(isDurable)).toBe(true);
    const rebuilt = fold(t.log.filter(isDurable));
    expect(rebuilt.consumerGroups).toEqual(t.state.consumerGroups);
  });
});
