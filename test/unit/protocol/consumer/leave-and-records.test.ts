/**
 * KIP-848 leaves, the subscription metadata record and the empty regex, in the cases the other
 * consumer-group tests leave out (found by mutation testing).
 * @see spec/consumer-group.md CG-13, CG-14, CG-15, CG-29
 * @see spec/consumer-group-records.md CGREC-03
 */
import { describe, expect, it } from 'vitest';
import { ConsumerGroupTestContext } from '../../../helpers/consumer-group-context.js';
import { ErrorCodes } from '../../../../src/protocol/errors.js';

describe('leaving with epoch -1', () => {
  it('[CG-13][CG-15] a dynamic member and a static member leaving with -1 both leave for good: removed, the group epoch bumped', () => {
    for (const instanceId of [null, 'i1']) {
      const t = new ConsumerGroupTestContext();
      t.createTopic('foo', 2);
      t.join('A', ['foo'], { instanceId });
      t.join('B', ['foo']);
      const epoch = t.group().groupEpoch;
      const out = t.heartbeat({ memberId: 'A', memberEpoch: -1, instanceId });
      expect(out.response).toMatchObject({ errorCode: 0, memberId: 'A', memberEpoch: -1 });
      expect(t.group().members.has('A'), `instance ${instanceId}`).toBe(false);
      expect(t.group().groupEpoch).toBe(epoch + 1);
    }
  });

  it('[CG-14] a dynamic member not in the group gets UNKNOWN_MEMBER_ID naming it and the group', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 1);
    t.join('A', ['foo']);
    expect(t.heartbeat({ memberId: 'B', memberEpoch: -1 }).response).toMatchObject({ errorCode: ErrorCodes.UNKNOWN_MEMBER_ID, errorMessage: 'Member B is not a member of group g.' });
  });
});

describe('the subscription metadata record', () => {
  it('[CGREC-03] lists the subscribed topics ascending by name, whatever the subscription order', () => {
    const t = new ConsumerGroupTestContext();
    for (const name of ['zeta', 'alpha', 'mid']) t.createTopic(name, 1);
    const out = t.join('A', ['zeta', 'alpha', 'mid']);
    const record = out.records.find((r) => r.type === 'ConsumerGroupPartitionMetadata');
    expect((record?.value as { topics: { topicName: string }[] } | undefined)?.topics.map((x) => x.topicName)).toEqual(['alpha', 'mid', 'zeta']);
  });
});

describe('an empty regex', () => {
  it('[CG-29] is no regex: no regex record, and only the named topics are subscribed', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 1);
    t.createTopic('bar', 1);
    const out = t.join('A', ['foo'], { subscribedTopicRegex: '' });
    expect(out.records.map((r) => r.type)).not.toContain('ConsumerGroupRegularExpression');
    expect([...t.group().subscriptionMetadata.values()].map((m) => m.topicName)).toEqual(['foo']);
  });
});

describe('when the answer carries the assignment', () => {
  /** A member A alone on foo (2 partitions), reconciled at epoch 1. */
  function stable(): ConsumerGroupTestContext {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.join('A', ['foo']);
    t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: [] });
    return t;
  }

  it('[CG-17] a heartbeat with the rebalance timeout and owned partitions but no topic names is not full: unchanged, no assignment', () => {
    const t = stable();
    const owned = [{ topicId: t.group().subscriptionMetadata.get('foo')!.topicId, partitions: [0, 1] }];
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1, rebalanceTimeoutMs: 300_000, topicPartitions: owned }).response).toMatchObject({ errorCode: 0, assignment: null });
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1, rebalanceTimeoutMs: 300_000, subscribedTopicNames: ['foo'], topicPartitions: owned }).response.assignment?.topicPartitions).toEqual(owned);
  });

  it('[CG-17] a heartbeat with the rebalance timeout and topic names but no owned partitions is not full: unchanged, no assignment', () => {
    const t = stable();
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1, rebalanceTimeoutMs: 300_000, subscribedTopicNames: ['foo'], topicPartitions: null }).response).toMatchObject({ errorCode: 0, assignment: null });
  });

  it('[CG-17] a join is always full: a member joining by a regex that matches nothing is told its empty assignment', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 1);
    const out = t.join('A', [], { subscribedTopicNames: null, subscribedTopicRegex: '^none$' });
    expect(out.response).toMatchObject({ errorCode: 0, memberEpoch: 1, assignment: { topicPartitions: [] } });
  });
});
