/**
 * The server-side `range` assignor against Kafka 4.0's
 * `group-coordinator/src/test/java/.../assignor/RangeAssignorTest.java`, every case:
 * testOneMemberNoTopic, testOneMemberSubscribedToNonExistentTopic,
 * testFirstAssignmentTwoMembersTwoTopicsSameSubscriptions,
 * testFirstAssignmentThreeMembersThreeTopicsDifferentSubscriptions,
 * testFirstAssignmentNumMembersGreaterThanNumPartitions, testStaticMembership,
 * testMixedStaticMembership, testReassignmentNumMembersGreaterThanNumPartitionsWhenOneMemberAdded,
 * testReassignmentWhenOnePartitionAddedForTwoMembersTwoTopics,
 * testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics,
 * testReassignmentWhenOneMemberAddedAndOnePartitionAfterInitialAssignmentWithTwoMembersTwoTopics,
 * testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithTwoMembersTwoTopics,
 * testReassignmentWhenMultipleSubscriptionsRemovedAfterInitialAssignmentWithThreeMembersTwoTopics.
 * Kafka's tests use a TreeMap of members (A, B, C); so do these.
 */
import { describe, expect, it } from 'vitest';
import { PartitionAssignorError } from '../../../../../src/protocol/consumer/assignor.js';
import { assignRange, rangeServerAssignor } from '../../../../../src/protocol/consumer/assignors/range.js';
import { T1, T2, T3, group, mk, showAll, topics, tp } from './helpers.js';

describe('server range assignor (RangeAssignorTest)', () => {
  it('[SA-11] testOneMemberNoTopic: a member without topics gets an empty entry', () => {
    const out = assignRange(group({ A: { topics: [] } }, 'HOMOGENEOUS'), topics({ [T1]: 3 }));
    expect(showAll(out)).toEqual({ A: {} });
  });

  it('[SA-11] testOneMemberSubscribedToNonExistentTopic: PartitionAssignorError', () => {
    expect(() => assignRange(group({ A: { topics: [T2] } }, 'HOMOGENEOUS'), topics({ [T1]: 3 }))).toThrow(PartitionAssignorError);
  });

  it('[SA-12] a heterogeneous member subscribed to a non-existent topic: PartitionAssignorError', () => {
    const g = group({ A: { topics: [T1] }, B: { topics: [T2] } }, 'HETEROGENEOUS');
    expect(() => assignRange(g, topics({ [T1]: 3 }))).toThrow('Member is subscribed to a non-existent topic');
  });

  it('[SA-11] testFirstAssignmentTwoMembersTwoTopicsSameSubscriptions', () => {
    const g = group({ A: { topics: [T1, T3] }, B: { topics: [T1, T3] } }, 'HOMOGENEOUS');
    expect(showAll(assignRange(g, topics({ [T1]: 3, [T3]: 2 })))).toEqual({
      A: { topic1: [0, 1], topic3: [0] },
      B: { topic1: [2], topic3: [1] },
    });
  });

  it('[SA-12] testFirstAssignmentThreeMembersThreeTopicsDifferentSubscriptions', () => {
    const g = group({ A: { topics: [T1, T2] }, B: { topics: [T3] }, C: { topics: [T2, T3] } }, 'HETEROGENEOUS');
    expect(showAll(assignRange(g, topics({ [T1]: 3, [T2]: 3, [T3]: 2 })))).toEqual({
      A: { topic1: [0, 1, 2], topic2: [0, 1] },
      B: { topic3: [0] },
      C: { topic2: [2], topic3: [1] },
    });
  });

  it('[SA-11] testFirstAssignmentNumMembersGreaterThanNumPartitions', () => {
    const g = group({ A: { topics: [T1, T3] }, B: { topics: [T1, T3] }, C: { topics: [T1, T3] } }, 'HOMOGENEOUS');
    expect(showAll(assignRange(g, topics({ [T1]: 3, [T3]: 2 })))).toEqual({
      A: { topic1: [0], topic3: [0] },
      B: { topic1: [1], topic3: [1] },
      C: { topic1: [2] },
    });
  });

  it('[SA-10] testStaticMembership: a static member back under a new member id keeps its partitions', () => {
    const t = topics({ [T1]: 3 });
    const before = assignRange(group({ A: { topics: [T1], instanceId: 'instanceA' }, B: { topics: [T1], instanceId: 'instanceB' } }, 'HOMOGENEOUS'), t);
    const after = assignRange(group({ B: { topics: [T1], instanceId: 'instanceB' }, memberA1: { topics: [T1], instanceId: 'instanceA' } }, 'HOMOGENEOUS'), t);
    expect(after.get('memberA1')).toEqual(before.get('A'));
    expect(after.get('B')).toEqual(before.get('B'));
  });

  it('[SA-10] testMixedStaticMembership: static members first by instance id, then dynamic by member id', () => {
    const t = topics({ [T1]: 5 });
    const before = assignRange(
      group({ A: { topics: [T1], instanceId: 'instanceA' }, B: { topics: [T1] }, C: { topics: [T1], instanceId: 'instanceC' } }, 'HOMOGENEOUS'),
      t,
    );
    expect(showAll(before)).toEqual({ A: { topic1: [0, 1] }, C: { topic1: [2, 3] }, B: { topic1: [4] } });
    const after = assignRange(
      group({ B: { topics: [T1] }, C: { topics: [T1], instanceId: 'instanceC' }, memberA1: { topics: [T1], instanceId: 'instanceA' } }, 'HOMOGENEOUS'),
      t,
    );
    expect(after.get('memberA1')).toEqual(before.get('A'));
    expect(after.get('B')).toEqual(before.get('B'));
    expect(after.get('C')).toEqual(before.get('C'));
  });

  it('[SA-11][SA-13] testReassignmentNumMembersGreaterThanNumPartitionsWhenOneMemberAdded', () => {
    const g = group(
      {
        A: { topics: [T1, T2], assignment: mk(tp(T1, 0), tp(T2, 0)) },
        B: { topics: [T1, T2], assignment: mk(tp(T1, 1), tp(T2, 1)) },
        C: { topics: [T1, T2] },
      },
      'HOMOGENEOUS',
    );
    expect(showAll(assignRange(g, topics({ [T1]: 2, [T2]: 2 })))).toEqual({
      A: { topic1: [0], topic2: [0] },
      B: { topic1: [1], topic2: [1] },
      C: {},
    });
  });

  it('[SA-11][SA-13] testReassignmentWhenOnePartitionAddedForTwoMembersTwoTopics', () => {
    const g = group(
      {
        A: { topics: [T1, T2], assignment: mk(tp(T1, 0, 1), tp(T2, 0, 1)) },
        B: { topics: [T1, T2], assignment: mk(tp(T1, 2), tp(T2, 2)) },
      },
      'HOMOGENEOUS',
    );
    expect(showAll(assignRange(g, topics({ [T1]: 4, [T2]: 4 })))).toEqual({
      A: { topic1: [0, 1], topic2: [0, 1] },
      B: { topic1: [2, 3], topic2: [2, 3] },
    });
  });

  it('[SA-11][SA-13] testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics', () => {
    const g = group(
      {
        A: { topics: [T1, T2], assignment: mk(tp(T1, 0, 1), tp(T2, 0, 1)) },
        B: { topics: [T1, T2], assignment: mk(tp(T1, 2), tp(T2, 2)) },
        C: { topics: [T1, T2] },
      },
      'HOMOGENEOUS',
    );
    expect(showAll(assignRange(g, topics({ [T1]: 3, [T2]: 3 })))).toEqual({
      A: { topic1: [0], topic2: [0] },
      B: { topic1: [1], topic2: [1] },
      C: { topic1: [2], topic2: [2] },
    });
  });

  it('[SA-12][SA-13] testReassignmentWhenOneMemberAddedAndOnePartitionAfterInitialAssignmentWithTwoMembersTwoTopics', () => {
    const g = group(
      {
        A: { topics: [T1, T2], assignment: mk(tp(T1, 0, 1), tp(T2, 0, 1)) },
        B: { topics: [T1, T2], assignment: mk(tp(T1, 2), tp(T2, 2)) },
        C: { topics: [T1] },
      },
      'HETEROGENEOUS',
    );
    expect(showAll(assignRange(g, topics({ [T1]: 4, [T2]: 3 })))).toEqual({
      A: { topic1: [0, 1], topic2: [0, 1] },
      B: { topic1: [2], topic2: [2] },
      C: { topic1: [3] },
    });
  });

  it('[SA-11][SA-13] testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithTwoMembersTwoTopics', () => {
    const g = group({ B: { topics: [T1, T2], assignment: mk(tp(T1, 2), tp(T2, 2)) } }, 'HOMOGENEOUS');
    expect(showAll(assignRange(g, topics({ [T1]: 3, [T2]: 3 })))).toEqual({ B: { topic1: [0, 1, 2], topic2: [0, 1, 2] } });
  });

  it('[SA-12][SA-13] testReassignmentWhenMultipleSubscriptionsRemovedAfterInitialAssignmentWithThreeMembersTwoTopics', () => {
    const g = group(
      {
        A: { topics: [T1], assignment: mk(tp(T1, 0, 1, 2), tp(T2, 0)) },
        B: { topics: [T1, T2, T3], assignment: mk(tp(T2, 1)) },
        C: { topics: [T2], assignment: mk(tp(T2, 2), tp(T3, 0, 1)) },
      },
      'HETEROGENEOUS',
    );
    expect(showAll(assignRange(g, topics({ [T1]: 3, [T2]: 3, [T3]: 2 })))).toEqual({
      A: { topic1: [0, 1] },
      B: { topic1: [2], topic2: [0, 1], topic3: [0, 1] },
      C: { topic2: [2] },
    });
  });

  it('[SA-07] an empty group gets an empty assignment; the assignor is named range', () => {
    expect(rangeServerAssignor.name).toBe('range');
    expect(assignRange(group({}, 'HOMOGENEOUS'), topics({ [T1]: 3 })).size).toBe(0);
  });
  it('[SA-10] a static member sorts before dynamic ones whatever the member ids, and dynamic ones by member id', () => {
    // memberIds order: the static member first, then two dynamic ones in descending id order.
    const g = group([['z', { topics: [T1], instanceId: 'i1' }], ['b', { topics: [T1] }], ['a', { topics: [T1] }]], 'HOMOGENEOUS');
    const out = assignRange(g, topics({ [T1]: 3 }));
    expect([...out.keys()]).toEqual(['z', 'a', 'b']);
    expect(showAll(out)).toEqual({ z: { topic1: [0] }, a: { topic1: [1] }, b: { topic1: [2] } });
  });
});
