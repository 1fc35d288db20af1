/**
 * The round robin assignor against the cases of Kafka's `RoundRobinAssignorTest`, the examples of
 * `RoundRobinAssignor`'s documentation and one run at the scale the assignor is built for; and the
 * member-order cases of `AbstractPartitionAssignorTest`, which both assignors share.
 */
import { describe, expect, it } from 'vitest';
import { compareMembers, sortMembers } from '../../../../src/protocol/assignors/common.js';
import { assignRoundRobin, roundRobinAssignor } from '../../../../src/protocol/assignors/round-robin.js';
import type { GroupAssignment, MemberSubscription, TopicMetadata, TopicPartition } from '../../../../src/protocol/assignors/types.js';
import { InvalidRequestError } from '../../../../src/protocol/invariant.js';

function member(memberId: string, topics: readonly string[], options: { instance?: string | null; rack?: string } = {}): MemberSubscription {
  return {
    memberId,
    groupInstanceId: options.instance ?? null,
    topics,
    userData: null,
    ownedPartitions: [],
    generationId: -1,
    rackId: options.rack ?? null,
  };
}

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });
const topic = (name: string, partitionCount: number): TopicMetadata => ({ topic: name, partitionCount });
const assign = (members: readonly MemberSubscription[], topics: readonly TopicMetadata[]): GroupAssignment => assignRoundRobin({ members, topics });

function get(assignment: GroupAssignment, memberId: string): TopicPartition[] {
  const partitions = assignment.get(memberId);
  if (partitions === undefined) throw new Error(`no entry for ${memberId}`);
  return partitions;
}

const topic1 = 'topic1';
const topic2 = 'topic2';
const twoTopics = (n1: number, n2: number): TopicMetadata[] => [topic(topic1, n1), topic(topic2, n2)];

describe('round robin: RoundRobinAssignorTest cases', () => {
  it('[AS-02] testOneConsumerNoTopic', () => {
    expect([...assign([member('consumer', [])], [])]).toEqual([['consumer', []]]);
  });

  it('[AS-02][AS-03] testOneConsumerNonexistentTopic', () => {
    expect([...assign([member('consumer', ['topic'])], [])]).toEqual([['consumer', []]]);
  });

  it('[AS-16] testOneConsumerOneTopic', () => {
    const assignment = assign([member('consumer', ['topic'])], [topic('topic', 3)]);
    expect(get(assignment, 'consumer')).toEqual([tp('topic', 0), tp('topic', 1), tp('topic', 2)]);
  });

  it('[AS-03][AS-04] testOnlyAssignsPartitionsFromSubscribedTopics', () => {
    const assignment = assign([member('consumer', ['topic'])], [topic('topic', 3), topic('other', 3)]);
    expect(get(assignment, 'consumer')).toEqual([tp('topic', 0), tp('topic', 1), tp('topic', 2)]);
  });

  it('[AS-16] testOneConsumerMultipleTopics', () => {
    const assignment = assign([member('consumer', [topic1, topic2])], twoTopics(1, 2));
    expect(get(assignment, 'consumer')).toEqual([tp(topic1, 0), tp(topic2, 0), tp(topic2, 1)]);
  });

  it('[AS-02][AS-17] testTwoConsumersOneTopicOnePartition', () => {
    const assignment = assign([member('consumer1', ['topic']), member('consumer2', ['topic'])], [topic('topic', 1)]);
    expect(get(assignment, 'consumer1')).toEqual([tp('topic', 0)]);
    expect(get(assignment, 'consumer2')).toEqual([]);
  });

  it('[AS-17] testTwoConsumersOneTopicTwoPartitions', () => {
    const assignment = assign([member('consumer1', ['topic']), member('consumer2', ['topic'])], [topic('topic', 2)]);
    expect(get(assignment, 'consumer1')).toEqual([tp('topic', 0)]);
    expect(get(assignment, 'consumer2')).toEqual([tp('topic', 1)]);
  });

  it('[AS-17] testMultipleConsumersMixedTopics', () => {
    const members = [member('consumer1', [topic1]), member('consumer2', [topic1, topic2]), member('consumer3', [topic1])];
    const assignment = assign(members, twoTopics(3, 2));
    expect(get(assignment, 'consumer1')).toEqual([tp(topic1, 0)]);
    expect(get(assignment, 'consumer2')).toEqual([tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)]);
    expect(get(assignment, 'consumer3')).toEqual([tp(topic1, 2)]);
  });

  it('[AS-17] testTwoDynamicConsumersTwoTopicsSixPartitions: the cursor carries over between topics', () => {
    const members = [member('consumer1', [topic1, topic2]), member('consumer2', [topic1, topic2])];
    const assignment = assign(members, twoTopics(3, 3));
    expect(get(assignment, 'consumer1')).toEqual([tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)]);
    expect(get(assignment, 'consumer2')).toEqual([tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)]);
  });

  it('[AS-05] testTwoStaticConsumersTwoTopicsSixPartitions', () => {
    const members = [member('consumer-b', [topic1, topic2], { instance: 'instance1' }), member('consumer-a', [topic1, topic2], { instance: 'instance2' })];
    const assignment = assign(members, twoTopics(3, 3));
    expect(get(assignment, 'consumer-b')).toEqual([tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)]);
    expect(get(assignment, 'consumer-a')).toEqual([tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)]);
  });

  it('[AS-05] testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions', () => {
    const members = [member('consumer-b', [topic1, topic2], { instance: 'instance1' }), member('consumer-a', [topic1, topic2])];
    const assignment = assign(members, twoTopics(3, 3));
    expect(get(assignment, 'consumer-b')).toEqual([tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)]);
    expect(get(assignment, 'consumer-a')).toEqual([tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)]);
  });

  it('[AS-05][AS-06] testStaticMemberRoundRobinAssignmentPersistent', () => {
    const statics = [1, 2, 3].map((i) => member(`consumer${i}`, [topic1, topic2], { instance: `instance${i}` }));
    const expected: [string, TopicPartition[]][] = [
      ['consumer1', [tp(topic1, 0), tp(topic2, 1)]],
      ['consumer2', [tp(topic1, 1), tp(topic2, 2)]],
      ['consumer3', [tp(topic1, 2)]],
    ];
    const first = assign([...statics, member('consumer4', [topic1, topic2])], twoTopics(3, 3));
    expect([...first]).toEqual([...expected, ['consumer4', [tp(topic2, 0)]]]);
    // Replace dynamic member 4 with a new dynamic member 5.
    const second = assign([...statics, member('consumer5', [topic1, topic2])], twoTopics(3, 3));
    expect([...second]).toEqual([...expected, ['consumer5', [tp(topic2, 0)]]]);
  });

  it('[AS-05] testStaticMemberRoundRobinAssignmentPersistentAfterMemberIdChanges', () => {
    const byInstance = (members: readonly MemberSubscription[]): Record<string, TopicPartition[]> => {
      const assignment = assign(members, twoTopics(5, 5));
      return Object.fromEntries(members.map((m) => [m.groupInstanceId, get(assignment, m.memberId)]));
    };
    const members = [1, 2, 3].map((i) => member(`consumer${i}`, [topic1, topic2], { instance: `instance${i}` }));
    const expected = {
      instance1: [tp(topic1, 0), tp(topic1, 3), tp(topic2, 1), tp(topic2, 4)],
      instance2: [tp(topic1, 1), tp(topic1, 4), tp(topic2, 2)],
      instance3: [tp(topic1, 2), tp(topic2, 0), tp(topic2, 3)],
    };
    expect(byInstance(members)).toEqual(expected);
    // consumer3 becomes consumer4 and consumer2 becomes consumer5, instance ids unchanged.
    const renamed = [members[0], { ...members[2], memberId: 'consumer4' }, { ...members[1], memberId: 'consumer5' }] as MemberSubscription[];
    expect(byInstance(renamed)).toEqual(expected);
  });
});

describe('round robin: contract and documented behaviour', () => {
  it('[AS-01] is named roundrobin and supports EAGER only', () => {
    expect(roundRobinAssignor.name).toBe('roundrobin');
    expect(roundRobinAssignor.supportedProtocols).toEqual(['EAGER']);
  });

  it('[AS-02] an empty group gets an empty assignment', () => {
    expect(roundRobinAssignor.assign({ members: [], topics: [topic('t', 4)] }).size).toBe(0);
  });

  it('[AS-07] duplicate member ids, duplicate topics and bad partition counts are rejected, naming the field', () => {
    const reject = (fn: () => unknown, field: string): void => {
      expect(fn).toThrow(InvalidRequestError);
      try {
        fn();
      } catch (e) {
        expect((e as InvalidRequestError).field).toBe(field);
      }
    };
    reject(() => roundRobinAssignor.assign({ members: [member('m', ['t']), member('m', ['t'])], topics: [] }), 'members[1].memberId');
    reject(() => roundRobinAssignor.assign({ members: [], topics: [{ topic: 't', partitionCount: 1 }, { topic: 't', partitionCount: 2 }] }), 'topics[1].topic');
    reject(() => roundRobinAssignor.assign({ members: [], topics: [{ topic: 't', partitionCount: 1.5 }] }), 'topics[0].partitionCount');
    reject(() => roundRobinAssignor.assign({ members: [], topics: [{ topic: 't', partitionCount: -1 }] }), 'topics[0].partitionCount');
  });

  it('[AS-18] the RoundRobinAssignor javadoc example with identical subscriptions', () => {
    const assignment = assign([member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])], [topic('t0', 3), topic('t1', 3)]);
    expect([...assignment]).toEqual([
      ['C0', [tp('t0', 0), tp('t0', 2), tp('t1', 1)]],
      ['C1', [tp('t0', 1), tp('t1', 0), tp('t1', 2)]],
    ]);
  });

  it('[AS-18] the RoundRobinAssignor javadoc example with differing subscriptions is unbalanced', () => {
    const members = [member('C0', ['t0']), member('C1', ['t0', 't1']), member('C2', ['t0', 't1', 't2'])];
    const assignment = assign(members, [topic('t0', 1), topic('t1', 2), topic('t2', 3)]);
    expect([...assignment]).toEqual([
      ['C0', [tp('t0', 0)]],
      ['C1', [tp('t1', 0)]],
      ['C2', [tp('t1', 1), tp('t2', 0), tp('t2', 1), tp('t2', 2)]],
    ]);
  });

  it('[AS-16][AS-06] topics are dealt in name order whatever the order of subscriptions and metadata', () => {
    const members = [member('m2', ['zeta', 'Alpha', 'beta']), member('m1', ['beta', 'zeta', 'Alpha'])];
    const topics = [topic('zeta', 1), topic('beta', 2), topic('Alpha', 2)];
    const assignment = assign(members, topics);
    // Sequence: Alpha-0 Alpha-1 beta-0 beta-1 zeta-0 ('A' sorts before 'b' by code unit).
    expect([...assignment]).toEqual([
      ['m1', [tp('Alpha', 0), tp('beta', 0), tp('zeta', 0)]],
      ['m2', [tp('Alpha', 1), tp('beta', 1)]],
    ]);
    expect([...assign([...members].reverse(), [...topics].reverse())]).toEqual([...assignment]);
  });

  it('[AS-17] the cursor skips members not subscribed and keeps its place', () => {
    // a: m1, m3; b: m2; c: m3, m4. After a-2 (m1) the cursor is on m2; after b-1 (m2) on m3.
    const members = [member('m1', ['a']), member('m2', ['b']), member('m3', ['a', 'c']), member('m4', ['c'])];
    const assignment = assign(members, [topic('a', 3), topic('b', 2), topic('c', 3)]);
    expect([...assignment]).toEqual([
      ['m1', [tp('a', 0), tp('a', 2)]],
      ['m2', [tp('b', 0), tp('b', 1)]],
      ['m3', [tp('a', 1), tp('c', 0), tp('c', 2)]],
      ['m4', [tp('c', 1)]],
    ]);
  });

  it('[AS-19] racks change nothing', () => {
    const names = ['a', 'b'];
    const plain = [member('m1', names), member('m2', names), member('m3', names)];
    const racked = plain.map((m, i) => ({ ...m, rackId: ['x', 'y', 'z'][i] ?? null }));
    const topics = names.map((name) => ({ topic: name, partitionCount: 4, partitionRacks: [['y'], ['z'], ['x'], ['y']] }));
    expect([...assign(racked, topics)]).toEqual([...assign(plain, topics.map((t) => topic(t.topic, t.partitionCount)))]);
  });

  it('[AS-18] 2,000 members x 500 topics x 2,000 partitions, identical subscriptions: balanced', () => {
    const names = Array.from({ length: 500 }, (_, i) => `topic-${String(i).padStart(3, '0')}`);
    const members = Array.from({ length: 2000 }, (_, i) => member(`member-${String(i).padStart(4, '0')}`, names));
    // Speed is measured by npm run bench, not asserted here.
    const assignment = assign(members, names.map((name) => topic(name, 2000)));
    // 1,000,000 partitions over 2,000 members: exactly 500 each.
    const sizes = [...assignment.values()].map((list) => list.length);
    expect(Math.min(...sizes)).toBe(500);
    expect(Math.max(...sizes)).toBe(500);
    expect(get(assignment, 'member-0001').slice(0, 2)).toEqual([tp('topic-000', 1), tp('topic-001', 1)]);
  });
});

// --- AbstractPartitionAssignorTest: member order (AS-05)

describe('common contract: member order (AbstractPartitionAssignorTest)', () => {
  const ids = (members: readonly MemberSubscription[]): string[] => sortMembers(members).map((m) => m.memberId);

  it('[AS-05] testMemberInfoSortingWithoutGroupInstanceId', () => {
    expect(ids([member('a', []), member('b', []), member('c', [])])).toEqual(['a', 'b', 'c']);
  });

  it('[AS-05] testMemberInfoSortingWithAllGroupInstanceId', () => {
    expect(ids([member('a', [], { instance: 'y' }), member('b', [], { instance: 'z' }), member('c', [], { instance: 'x' })])).toEqual(['c', 'a', 'b']);
  });

  it('[AS-05] testMemberInfoSortingSomeGroupInstanceId', () => {
    expect(ids([member('a', []), member('b', [], { instance: 'y' }), member('c', [], { instance: 'x' })])).toEqual(['c', 'b', 'a']);
  });

  it('[AS-05] testMergeSortManyMemberInfo: static members first, each part in id order', () => {
    // Kafka picks static members at random; a fixed pattern keeps the test deterministic.
    const all = Array.from({ length: 100 }, (_, i) => {
      const id = String(i + 100);
      return member(id, [], { instance: i % 3 === 0 || i % 7 === 0 ? id : null });
    });
    const expected = [...all.filter((m) => m.groupInstanceId !== null), ...all.filter((m) => m.groupInstanceId === null)].map((m) => m.memberId);
    const shuffled = all.map((m, i) => ({ m, key: (i * 37) % 101 })).sort((x, y) => x.key - y.key).map((x) => x.m);
    expect(ids(shuffled)).toEqual(expected);
  });

  it('[AS-05] strings compare by UTF-16 code units, not by locale', () => {
    expect(ids([member('b', []), member('B', []), member('a', []), member('\u00e9', [])])).toEqual(['B', 'a', 'b', '\u00e9']);
  });

  it('[AS-05] equal instance ids fall back to member ids (our choice)', () => {
    expect(compareMembers(member('m2', [], { instance: 'i' }), member('m1', [], { instance: 'i' }))).toBeGreaterThan(0);
    expect(ids([member('m2', [], { instance: 'i' }), member('m1', [], { instance: 'i' })])).toEqual(['m1', 'm2']);
  });
});
