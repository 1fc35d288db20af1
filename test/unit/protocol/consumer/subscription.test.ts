/**
 * Subscriptions of a consumer group: group epoch bumps, the assignor choice, the subscription
 * metadata and its refresh from the metadata image, regular expressions. Reproduces Kafka 4.0
 * GroupMetadataManagerTest cases testUpdatingSubscriptionTriggersNewTargetAssignment,
 * testSubscriptionMetadataRefreshedAfterGroupIsLoaded / testSubscriptionMetadataRefreshedAgainAfterWriteFailure
 * (as our per-heartbeat refresh), testPartitionAssignorExceptionOnRegularHeartbeat,
 * testConsumerGroupHeartbeatWithRegex / testConsumerGroupMemberJoinsWithNewRegex (with the
 * synchronous resolution of CG-31) and ConsumerGroupTest.testComputePreferredServerAssignor.
 */
import { describe, expect, it } from 'vitest';
import { ConsumerGroupTestContext, TEST_SERVICES, testRangeAssignor, tps } from '../../../helpers/consumer-group-context.js';
import { ErrorCodes } from '../../../../src/protocol/errors.js';
import { selectAssignor } from '../../../../src/protocol/consumer/heartbeat-target.js';
import { sameSubscriptionMetadata } from '../../../../src/protocol/consumer/subscription.js';
import { newConsumerMember } from '../../../../src/protocol/consumer/replay.js';
import { DEFAULT_CONFIG } from '../../../../src/protocol/config.js';
import { PartitionAssignorError } from '../../../../src/protocol/consumer/assignor.js';
import type { ConsumerGroupServices } from '../../../../src/protocol/consumer/services.js';

describe('subscriptions and the group epoch', () => {
  it('[CG-23] joins and subscription changes bump the epoch by one; rack, assignor and timeout changes do not', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.createTopic('bar', 2);
    t.join('A', ['foo']);
    expect(t.group().groupEpoch).toBe(1);
    t.heartbeat({ memberId: 'A', memberEpoch: 1, rackId: 'r', serverAssignor: 'range', rebalanceTimeoutMs: 10 });
    expect(t.group().groupEpoch).toBe(1);
    const out = t.heartbeat({ memberId: 'A', memberEpoch: 1, subscribedTopicNames: ['foo', 'bar'] });
    expect(t.group().groupEpoch).toBe(2);
    expect(out.records.filter((r) => r.type === 'ConsumerGroupMetadata')).toEqual([{ type: 'ConsumerGroupMetadata', groupId: 'g', value: { epoch: 2 } }]);
    expect(out.response.memberEpoch).toBe(2);
    expect(tps(out.response)).toEqual(['T-bar:0', 'T-bar:1', 'T-foo:0', 'T-foo:1']);
  });

  it('[CG-23] a subscription change bumps the epoch even when the subscribed topics of the group stay the same', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.createTopic('bar', 2);
    t.join('A', ['foo', 'bar']);
    t.join('B', ['foo']);
    const out = t.heartbeat({ memberId: 'B', memberEpoch: 2, subscribedTopicNames: ['bar'] });
    expect(out.records.map((r) => r.type)).not.toContain('ConsumerGroupPartitionMetadata');
    expect(t.group().groupEpoch).toBe(3);
  });

  it('[CG-31] regexes that change in one heartbeat are written in ascending order of the regex, not in member order', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('zzz', 1);
    t.join('A', [], { subscribedTopicNames: null, subscribedTopicRegex: '^b.*' });
    t.join('B', [], { subscribedTopicNames: null, subscribedTopicRegex: '^a.*' });
    t.createTopic('a1', 1);
    t.createTopic('b1', 1);
    const out = t.heartbeat({ memberId: 'A', memberEpoch: t.group().members.get('A')!.memberEpoch });
    const regexRecords = out.records.flatMap((r) => (r.type === 'ConsumerGroupRegularExpression' ? [r.regularExpression] : []));
    expect(regexRecords).toEqual(['^a.*', '^b.*']);
  });

  it('[CG-31] a regex whose topics change is written again: more topics, or as many but others', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 1);
    t.join('A', [], { subscribedTopicNames: null, subscribedTopicRegex: '^f.*' });
    const regexTopics = (out: { records: readonly { type: string }[] }) =>
      out.records.flatMap((r) => (r.type === 'ConsumerGroupRegularExpression' ? [(r as unknown as { value: { topics: readonly string[] } }).value.topics] : []));
    const beat = () => t.heartbeat({ memberId: 'A', memberEpoch: t.group().members.get('A')!.memberEpoch });
    expect(regexTopics(beat())).toEqual([]);
    t.createTopic('fab', 1);
    expect(regexTopics(beat())).toEqual([['fab', 'foo']]);
    t.deleteTopic('foo');
    t.createTopic('fob', 1);
    expect(regexTopics(beat())).toEqual([['fab', 'fob']]);
  });

  it('[CG-26] subscription metadata differs when a topic of the same name and size has another id (deleted and created again)', () => {
    const a = new Map([['foo', { topicId: 'T1', topicName: 'foo', numPartitions: 2 }]]);
    const b = new Map([['foo', { topicId: 'T2', topicName: 'foo', numPartitions: 2 }]]);
    expect(sameSubscriptionMetadata(a, b)).toBe(false);
    expect(sameSubscriptionMetadata(a, new Map(a))).toBe(true);
  });

  it('[CG-24] the assignor most members name wins; ties go to uniform; none named: the first configured', () => {
    const m = (id: string, a: string | null) => ({ ...newConsumerMember(id), serverAssignorName: a });
    expect(selectAssignor([m('a', null), m('b', null)], { ...DEFAULT_CONFIG, consumerAssignors: ['range', 'uniform'] })).toBe('range');
    expect(selectAssignor([m('a', 'range'), m('b', null)], DEFAULT_CONFIG)).toBe('range');
    expect(selectAssignor([m('a', 'range'), m('b', 'uniform')], DEFAULT_CONFIG)).toBe('uniform');
    expect(selectAssignor([m('a', 'uniform'), m('b', 'range'), m('c', 'range')], DEFAULT_CONFIG)).toBe('range');
  });

  it('[CG-24] [CG-25] the heartbeat runs the selected assignor; its failure is UNKNOWN_SERVER_ERROR and nothing is written', () => {
    const used: string[] = [];
    const services: ConsumerGroupServices = {
      buildTargetAssignment: TEST_SERVICES.buildTargetAssignment,
      serverAssignor: (name) => {
        const a = testRangeAssignor(name);
        return {
          name,
          assign: (g, topics) => {
            used.push(name);
            if (topics.numPartitions([...g.memberSubscription(g.memberIds[0]!).subscribedTopicIds][0] ?? '') === 13) throw new PartitionAssignorError('unlucky');
            return a.assign(g, topics);
          },
        };
      },
    };
    const t = new ConsumerGroupTestContext({}, services);
    t.createTopic('foo', 2);
    t.join('A', ['foo'], { serverAssignor: 'range' });
    expect(used).toEqual(['range']);
    t.createTopic('foo', 13);
    const before = t.log.length;
    const out = t.heartbeat({ memberId: 'A', memberEpoch: 1 });
    expect(out.response).toMatchObject({ errorCode: ErrorCodes.UNKNOWN_SERVER_ERROR, errorMessage: null });
    expect(t.log.length).toBe(before);
    expect(t.group().groupEpoch).toBe(1);
  });

  it('[CG-25] only an assignor\'s PartitionAssignorError becomes UNKNOWN_SERVER_ERROR; any other error is a bug and surfaces', () => {
    const services: ConsumerGroupServices = {
      buildTargetAssignment: TEST_SERVICES.buildTargetAssignment,
      serverAssignor: (name) => ({
        name,
        assign: () => {
          throw new TypeError('a bug in the assignor');
        },
      }),
    };
    const t = new ConsumerGroupTestContext({}, services);
    t.createTopic('foo', 2);
    expect(() => t.join('A', ['foo'])).toThrow('a bug in the assignor');
  });

  it('[CG-26] the subscription metadata holds the subscribed topics that exist, by name', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 2);
    t.createTopic('other', 5);
    const out = t.join('A', ['foo', 'missing']);
    expect(out.records.find((r) => r.type === 'ConsumerGroupPartitionMetadata')).toEqual({
      type: 'ConsumerGroupPartitionMetadata',
      groupId: 'g',
      value: { topics: [{ topicId: 'T-foo', topicName: 'foo', numPartitions: 2 }] },
    });
    expect([...t.group().subscriptionMetadata.keys()]).toEqual(['foo']);
  });

  it('[CG-27] a subscribed topic created, grown or deleted bumps the epoch at the next heartbeat', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 1);
    t.join('A', ['foo', 'bar']);
    t.createTopic('other', 3); // not subscribed: nothing changes
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1 }).records).toEqual([]);
    t.createTopic('bar', 1);
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1 }).response.memberEpoch).toBe(2);
    t.createTopic('foo', 2);
    const grown = t.heartbeat({ memberId: 'A', memberEpoch: 2 });
    expect(grown.response.memberEpoch).toBe(3);
    expect(tps(grown.response)).toEqual(['T-bar:0', 'T-foo:0', 'T-foo:1']);
    t.deleteTopic('bar');
    const deleted = t.heartbeat({ memberId: 'A', memberEpoch: 3, topicPartitions: [{ topicId: 'T-bar', partitions: [0] }, { topicId: 'T-foo', partitions: [0, 1] }] });
    expect(t.group().groupEpoch).toBe(4);
    expect(t.group().members.get('A')!.state).toBe('UNREVOKED_PARTITIONS');
    expect(deleted.response.memberEpoch).toBe(3);
  });
});

describe('regular expressions', () => {
  it('[CG-29] [CG-31] [CGREC-07] a regex is resolved in the heartbeat (whole names) and its topics assigned at once', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('orders-eu', 1);
    t.createTopic('orders-us', 1);
    t.createTopic('xorders-eu', 1);
    t.nowMs = 123;
    const out = t.join('A', [], { subscribedTopicNames: null, subscribedTopicRegex: 'orders-.*' });
    expect(out.records.find((r) => r.type === 'ConsumerGroupRegularExpression')).toEqual({
      type: 'ConsumerGroupRegularExpression',
      groupId: 'g',
      regularExpression: 'orders-.*',
      value: { topics: ['orders-eu', 'orders-us'], version: 0, timestamp: 123 },
    });
    expect(out.response.memberEpoch).toBe(1);
    expect(tps(out.response)).toEqual(['T-orders-eu:0', 'T-orders-us:0']);
    // A new matching topic: re-resolved at the next heartbeat, epoch bumped.
    t.createTopic('orders-jp', 1);
    const next = t.heartbeat({ memberId: 'A', memberEpoch: 1 });
    expect(next.response.memberEpoch).toBe(2);
    expect(t.group().resolvedRegularExpressions.get('orders-.*')!.topics).toEqual(['orders-eu', 'orders-jp', 'orders-us']);
    // Nothing new: no record.
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 2 }).records).toEqual([]);
  });

  it('[CG-29] a regex nobody uses any more is deleted; one still used is kept', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('a1', 1);
    t.join('A', [], { subscribedTopicNames: null, subscribedTopicRegex: 'a.*' });
    t.join('B', [], { subscribedTopicNames: null, subscribedTopicRegex: 'a.*' });
    const first = t.heartbeat({ memberId: 'A', memberEpoch: 1, subscribedTopicRegex: 'b.*' });
    expect(first.records.filter((r) => r.type === 'ConsumerGroupRegularExpression').map((r) => r.value === null)).toEqual([false]);
    const second = t.heartbeat({ memberId: 'B', memberEpoch: 2, subscribedTopicRegex: 'b.*' });
    expect(second.records.filter((r) => r.type === 'ConsumerGroupRegularExpression')).toEqual([{ type: 'ConsumerGroupRegularExpression', groupId: 'g', regularExpression: 'a.*', value: null }]);
    expect([...t.group().resolvedRegularExpressions.keys()]).toEqual(['b.*']);
    // The last subscriber leaving takes the regex with it (CG-13).
    t.heartbeat({ memberId: 'A', memberEpoch: -1 });
    const gone = t.heartbeat({ memberId: 'B', memberEpoch: -1 });
    expect(gone.records.find((r) => r.type === 'ConsumerGroupRegularExpression')).toEqual({ type: 'ConsumerGroupRegularExpression', groupId: 'g', regularExpression: 'b.*', value: null });
    expect(t.group().resolvedRegularExpressions.size).toBe(0);
  });
});
