/**
 * The `uniform` assignor on HETEROGENEOUS groups against Kafka's
 * `group-coordinator/src/test/java/.../assignor/UniformHeterogeneousAssignmentBuilderTest.java`
 * (as reworked by KAFKA-17710), every case, with Kafka's fixed topic ids and members in sorted
 * order (Kafka's `TestGroupSpecImpl`): testTwoMembersNoTopicSubscription,
 * testTwoMembersSubscribedToNonexistentTopics, testFirstAssignmentTwoMembersTwoTopics,
 * testFirstAssignmentNumMembersGreaterThanTotalNumPartitions,
 * testReassignmentForTwoMembersThreeTopicsGivenUnbalancedPrevAssignment,
 * testReassignmentWhenPartitionsAreAddedForTwoMembers,
 * testReassignmentWhenOneMemberAddedAndPartitionsAddedTwoMembersTwoTopics,
 * testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithThreeMembersThreeTopics,
 * testReassignmentWhenOneSubscriptionRemovedAfterInitialAssignmentWithTwoMembersTwoTopics,
 * testReassignmentWhenTopicPartitionsRunOutAndMembersHaveNoPartitions,
 * testFirstAssignmentWithTwoMembersIncludingOneWithoutSubscriptions.
 * Then the topic order (Kafka's comparator and `Uuid` order) and the iteration limit.
 */
import { describe, expect, it } from 'vitest';
import { PartitionAssignorError } from '../../../../../src/protocol/consumer/assignor.js';
import { assignUniform } from '../../../../../src/protocol/consumer/assignors/uniform.js';
import { compareTopicIdsAsKafka } from '../../../../../src/protocol/consumer/assignors/common.js';
import { K1, K2, K3, K4, group, mk, showAll, sizes, topics, tp } from './helpers.js';

const H = 'HETEROGENEOUS' as const;

describe('uniform assignor, heterogeneous (UniformHeterogeneousAssignmentBuilderTest)', () => {
  it('[SA-30] testTwoMembersNoTopicSubscription: no entries at all', () => {
    expect(assignUniform(group({ A: { topics: [] }, B: { topics: [] } }, H), topics({ [K1]: 3 })).size).toBe(0);
  });

  it('[SA-30] testTwoMembersSubscribedToNonexistentTopics: PartitionAssignorError', () => {
    expect(() => assignUniform(group({ A: { topics: [K3] }, B: { topics: [K2] } }, H), topics({ [K1]: 3 }))).toThrow(PartitionAssignorError);
  });

  it('[SA-31][SA-32][SA-33] testFirstAssignmentTwoMembersTwoTopics', () => {
    const out = assignUniform(group({ A: { topics: [K1, K3] }, B: { topics: [K3] } }, H), topics({ [K1]: 3, [K3]: 6 }));
    expect(showAll(out)).toEqual({ A: { topic1: [0, 1, 2], topic3: [4] }, B: { topic3: [0, 1, 2, 3, 5] } });
  });

  it('[SA-32] testFirstAssignmentNumMembersGreaterThanTotalNumPartitions', () => {
    const g = group({ A: { topics: [K3] }, B: { topics: [K3] }, C: { topics: [K1] } }, H);
    expect(showAll(assignUniform(g, topics({ [K3]: 1, [K1]: 2 })))).toEqual({ A: { topic3: [0] }, B: {}, C: { topic1: [0, 1] } });
  });

  it('[SA-30][SA-33] testReassignmentForTwoMembersThreeTopicsGivenUnbalancedPrevAssignment', () => {
    const g = group(
      {
        A: { topics: [K1], assignment: mk(tp(K1, 0, 1, 2)) },
        B: { topics: [K1, K2], assignment: mk(tp(K1, 3), tp(K2, 0)) },
        C: { topics: [K1, K2, K3], assignment: mk(tp(K1, 4, 5), tp(K2, 1, 2, 3), tp(K3, 0, 1, 2, 3)) },
      },
      H,
    );
    expect(showAll(assignUniform(g, topics({ [K1]: 6, [K2]: 4, [K3]: 4 })))).toEqual({
      A: { topic1: [0, 1, 2, 5] },
      B: { topic1: [3], topic2: [0, 1, 2, 3] },
      C: { topic1: [4], topic3: [0, 1, 2, 3] },
    });
  });

  it('[SA-32] testReassignmentWhenPartitionsAreAddedForTwoMembers', () => {
    const g = group(
      {
        A: { topics: [K1, K3], assignment: mk(tp(K1, 0, 1, 2, 3), tp(K3, 0, 1)) },
        B: { topics: [K1, K2, K3, K4], assignment: mk(tp(K2, 0, 1, 2), tp(K4, 0, 1, 2)) },
      },
      H,
    );
    expect(showAll(assignUniform(g, topics({ [K1]: 6, [K2]: 5, [K3]: 3, [K4]: 3 })))).toEqual({
      A: { topic1: [0, 1, 2, 3, 4, 5], topic3: [0, 1, 2] },
      B: { topic2: [0, 1, 2, 3, 4], topic4: [0, 1, 2] },
    });
  });

  it('[SA-30][SA-32][SA-33] testReassignmentWhenOneMemberAddedAndPartitionsAddedTwoMembersTwoTopics', () => {
    const g = group(
      {
        A: { topics: [K1], assignment: mk(tp(K1, 0, 2), tp(K2, 0)) },
        B: { topics: [K1, K2], assignment: mk(tp(K1, 1), tp(K2, 1, 2)) },
        C: { topics: [K1, K2] },
      },
      H,
    );
    expect(showAll(assignUniform(g, topics({ [K1]: 6, [K2]: 7 })))).toEqual({
      A: { topic1: [0, 2, 3, 4, 5] },
      B: { topic1: [1], topic2: [1, 2, 6] },
      C: { topic2: [0, 3, 4, 5] },
    });
  });

  it('[SA-32] testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithThreeMembersThreeTopics', () => {
    const g = group(
      {
        A: { topics: [K1, K3], assignment: mk(tp(K1, 0, 1, 2), tp(K3, 0, 1)) },
        B: { topics: [K2], assignment: mk(tp(K2, 3, 4, 5, 6)) },
      },
      H,
    );
    expect(showAll(assignUniform(g, topics({ [K1]: 3, [K2]: 8, [K3]: 3 })))).toEqual({
      A: { topic1: [0, 1, 2], topic3: [0, 1, 2] },
      B: { topic2: [0, 1, 2, 3, 4, 5, 6, 7] },
    });
  });

  it('[SA-30][SA-32] testReassignmentWhenOneSubscriptionRemovedAfterInitialAssignmentWithTwoMembersTwoTopics', () => {
    const g = group(
      {
        A: { topics: [K1], assignment: mk(tp(K1, 0, 2), tp(K2, 1, 3)) },
        B: { topics: [K1, K2], assignment: mk(tp(K1, 1), tp(K2, 0, 2, 4)) },
      },
      H,
    );
    expect(showAll(assignUniform(g, topics({ [K1]: 3, [K2]: 5 })))).toEqual({ A: { topic1: [0, 1, 2] }, B: { topic2: [0, 1, 2, 3, 4] } });
  });

  it('[SA-33] testReassignmentWhenTopicPartitionsRunOutAndMembersHaveNoPartitions', () => {
    const g = group(
      {
        A: { topics: [K1, K2, K3], assignment: mk(tp(K1, 0, 1), tp(K2, 0, 1), tp(K3, 0, 1)) },
        B: { topics: [K1, K2, K3] },
      },
      H,
    );
    expect(showAll(assignUniform(g, topics({ [K1]: 2, [K2]: 2, [K3]: 2 })))).toEqual({
      A: { topic2: [0], topic3: [0, 1] },
      B: { topic1: [0, 1], topic2: [1] },
    });
  });

  it('[SA-32] testFirstAssignmentWithTwoMembersIncludingOneWithoutSubscriptions', () => {
    const g = group({ A: { topics: [K1] }, B: { topics: [] } }, H);
    expect(showAll(assignUniform(g, topics({ [K1]: 3 })))).toEqual({ A: { topic1: [0, 1, 2] }, B: {} });
  });
});

describe('uniform assignor, heterogeneous: order and limits', () => {
  it("[SA-31] Kafka's Uuid order compares two signed 64-bit halves, not the printed text", () => {
    // Kafka's test ids all start with a positive half; a leading '-' or '_' (a negative half) sorts first.
    expect(compareTopicIdsAsKafka(K1, K2)).toBeLessThan(0);
    const negative = '_w' + K1.slice(2);
    expect(compareTopicIdsAsKafka(negative, K1)).toBeLessThan(0);
    expect(negative > K1).toBe(true);
  });

  it('[SA-34] ties between members go to the earlier member in memberIds order', () => {
    const a = assignUniform(group([['B', { topics: [K1] }], ['A', { topics: [K1, K2] }]], H), topics({ [K1]: 3, [K2]: 0 }));
    expect(showAll(a)).toEqual({ B: { topic1: [0, 2] }, A: { topic1: [1] } });
  });

  it('[SA-33] overlapping subscriptions end balanced per topic: no subscriber of a topic holds two more than another', () => {
    const g = group({ A: { topics: [K1] }, B: { topics: [K1, K2] }, C: { topics: [K2] } }, H);
    const out = assignUniform(g, topics({ [K1]: 20, [K2]: 10 }));
    expect(sizes(out)).toEqual({ A: 10, B: 10, C: 10 });
  });
  it("[SA-30] a subscribed topic without metadata: Kafka's message names the topic", () => {
    const g = group({ A: { topics: [K1] }, B: { topics: [K2] } }, H);
    expect(() => assignUniform(g, topics({ [K1]: 3 }))).toThrow(`Members are subscribed to topic ${K2} which doesn't exist in the topic metadata.`);
  });

  it('[SA-31] more partitions per subscriber first: 7 over two members are handed out before 3 over two', () => {
    const g = group({ A: { topics: [K1, K2] }, B: { topics: [K1, K2] } }, H);
    // topic2 (3.5 per subscriber): A 0, 2, 4, 6 and B 1, 3, 5; then topic1 to B (3) first, and
    // the two at 4 in the order the balancer sorted them (B, A).
    expect(showAll(assignUniform(g, topics({ [K1]: 3, [K2]: 7 })))).toEqual({
      A: { topic1: [2], topic2: [0, 2, 4, 6] },
      B: { topic1: [0, 1], topic2: [1, 3, 5] },
    });
  });

  it("[SA-31] equal share and subscriber count: Kafka's Uuid order decides, not the order topics were met", () => {
    const g = group({ A: { topics: [K2, K1] }, B: { topics: [K2, K1] } }, H);
    // topic1 first: A 0, 2 and B 1; then topic2 to B (1) first, then B, A at level 2.
    expect(showAll(assignUniform(g, topics({ [K1]: 3, [K2]: 3 })))).toEqual({
      A: { topic1: [0, 2], topic2: [2] },
      B: { topic1: [1], topic2: [0, 1] },
    });
  });

  it('[SA-33] a most loaded subscriber holding none of the topic is skipped; the next one gives up its last partitions', () => {
    // B holds 10 of topic2 and nothing of topic1; A holds all 6 of topic1, C nothing.
    const g = group({
      A: { topics: [K1], assignment: mk(tp(K1, 0, 1, 2, 3, 4, 5)) },
      B: { topics: [K1, K2], assignment: mk(tp(K2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)) },
      C: { topics: [K1] },
    }, H);
    expect(showAll(assignUniform(g, topics({ [K1]: 6, [K2]: 10 })))).toEqual({
      A: { topic1: [0, 1, 2] },
      B: { topic2: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
      C: { topic1: [3, 4, 5] },
    });
  });

  it('[SA-33] a subscriber that gave up all it held of the topic is skipped for the next one down', () => {
    // B (12 in total) gives topic1 2 and 1 to C; then B holds none of topic1, and A (1) and C (2) are balanced.
    const g = group({
      A: { topics: [K1], assignment: mk(tp(K1, 0)) },
      B: { topics: [K1, K2], assignment: mk(tp(K1, 1, 2), tp(K2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)) },
      C: { topics: [K1] },
    }, H);
    expect(showAll(assignUniform(g, topics({ [K1]: 3, [K2]: 10 })))).toEqual({
      A: { topic1: [0] },
      B: { topic2: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
      C: { topic1: [1, 2] },
    });
  });
});
