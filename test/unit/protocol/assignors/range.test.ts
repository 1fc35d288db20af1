/**
 * The range assignor against the cases of Kafka's `RangeAssignorTest` (and the rack-decision
 * cases of `AbstractPartitionAssignorTest`), with the cluster layouts rebuilt the way those tests
 * build them so that Kafka's expected assignments are checked as written there.
 */
import { describe, expect, it } from 'vitest';
import { assignRange, rangeAssignor } from '../../../../src/protocol/assignors/range.js';
import type { GroupAssignment, MemberSubscription, TopicMetadata, TopicPartition } from '../../../../src/protocol/assignors/types.js';

// --- Builders (Kafka's AbstractPartitionAssignorTest helpers, restated)

const ALL_RACKS = ['a', 'b', 'c', 'd', 'e', 'f'];

function member(
  memberId: string,
  topics: readonly string[],
  options: { instance?: string | null; rack?: string | null; owned?: TopicPartition[]; userData?: Uint8Array | null; generationId?: number } = {},
): MemberSubscription {
  return {
    memberId,
    groupInstanceId: options.instance ?? null,
    topics,
    userData: options.userData ?? null,
    ownedPartitions: options.owned ?? [],
    generationId: options.generationId ?? -1,
    rackId: options.rack ?? null,
  };
}

function tp(topic: string, partition: number): TopicPartition {
  return { topic, partition };
}

/** Broker i is on `brokerRacks[i]`; replica j of partition i is on broker (i + j + next) mod brokers. */
function topicOnBrokers(name: string, count: number, rf: number, brokerRacks: readonly (string | null)[], next = 0): TopicMetadata {
  const partitionRacks = Array.from({ length: count }, (_, i) =>
    Array.from({ length: rf }, (_, j) => brokerRacks[(i + j + next) % brokerRacks.length] ?? null).filter((r): r is string => r !== null),
  );
  return { topic: name, partitionCount: count, partitionRacks };
}

/** Kafka's `partitionInfos(topic, n, rf, numBrokerRacks, next)`: rf brokers per rack, or rf brokers without racks. */
function topicOnRacks(name: string, count: number, rf: number, numBrokerRacks: number, next = 0): TopicMetadata {
  const brokers = numBrokerRacks <= 0 ? rf : numBrokerRacks * rf;
  const brokerRacks = Array.from({ length: brokers }, (_, i) => (numBrokerRacks <= 0 ? null : (ALL_RACKS[i % numBrokerRacks] as string)));
  return topicOnBrokers(name, count, rf, brokerRacks, next);
}

const racks = (n: number): string[] => ALL_RACKS.slice(0, n);
const nullRacks = (n: number): null[] => Array.from({ length: n }, () => null);

/** Partitions printed as Kafka's tests print them: `t1-0, t1-1`, sorted as strings. */
function sortedString(partitions: readonly TopicPartition[]): string {
  return partitions.map((p) => `${p.topic}-${p.partition}`).sort().join(', ');
}

function get(assignment: GroupAssignment, memberId: string): TopicPartition[] {
  const partitions = assignment.get(memberId);
  if (partitions === undefined) throw new Error(`no entry for ${memberId}`);
  return partitions;
}

/** Kafka's `assertAssignment`: the same partitions, in any order. */
function expectPartitions(actual: readonly TopicPartition[], expected: readonly TopicPartition[]): void {
  expect(sortedString(actual)).toBe(sortedString(expected));
}

// --- Kafka's parameterised set-up: RackConfig and initializeRacks (which also sets preferRackAwareLogic)

type RackConfig = 'NO_BROKER_RACK' | 'NO_CONSUMER_RACK' | 'BROKER_AND_CONSUMER_RACK';
const RACK_CONFIGS: readonly RackConfig[] = ['NO_BROKER_RACK', 'NO_CONSUMER_RACK', 'BROKER_AND_CONSUMER_RACK'];

class RackSetup {
  readonly rf: number;
  readonly numBrokerRacks: number;
  readonly hasConsumerRack: boolean;

  constructor(config: RackConfig, maxConsumers = 3) {
    this.rf = maxConsumers;
    this.numBrokerRacks = config !== 'NO_BROKER_RACK' ? maxConsumers : 0;
    this.hasConsumerRack = config !== 'NO_CONSUMER_RACK';
  }

  topic(name: string, count: number): TopicMetadata {
    return topicOnRacks(name, count, this.rf, this.numBrokerRacks);
  }

  /** Kafka's `subscription(topics, consumerIndex)`: the consumer's rack cycles over the broker racks. */
  member(memberId: string, topics: readonly string[], index: number, instance: string | null = null): MemberSubscription {
    const numRacks = this.numBrokerRacks > 0 ? this.numBrokerRacks : ALL_RACKS.length;
    return member(memberId, topics, { instance, rack: this.hasConsumerRack ? (ALL_RACKS[index % numRacks] as string) : null });
  }

  assign(members: readonly MemberSubscription[], topics: readonly TopicMetadata[]): GroupAssignment {
    return assignRange({ members, topics }, { preferRackAwareLogic: true });
  }
}

// --- Kafka's verifyRackAssignment

interface RackCase {
  topics: [string, number][];
  rf: number;
  brokerRacks: readonly (string | null)[];
  consumerRacks: readonly (string | null)[];
  consumerTopics: readonly (readonly string[])[];
  prefer?: boolean;
}

/**
 * Members `consumer0..n`; topics placed on brokers in the listed order, each starting where the
 * previous one stopped (Kafka's `nextIndex`). Checks every member's partitions and, when
 * `mismatches >= 0`, how many partitions went to a member on a rack without a replica.
 */
function verifyRack(c: RackCase, expected: readonly string[], mismatches: number): void {
  let next = 0;
  const topics = c.topics.map(([name, count]) => {
    const t = topicOnBrokers(name, count, c.rf, c.brokerRacks, next);
    next += count;
    return t;
  });
  const members = c.consumerTopics.map((subscribed, i) => member(`consumer${i}`, subscribed, { rack: c.consumerRacks[i] ?? null }));
  const assignment = assignRange({ members, topics }, { preferRackAwareLogic: c.prefer === true });
  expect(members.map((m) => sortedString(get(assignment, m.memberId)))).toEqual(expected);
  if (mismatches < 0) return;
  let mismatched = 0;
  members.forEach((m) => {
    if (m.rackId === null) return;
    for (const p of get(assignment, m.memberId)) {
      const replicaRacks = topics.find((t) => t.topic === p.topic)?.partitionRacks?.[p.partition] ?? [];
      if (!replicaRacks.includes(m.rackId)) mismatched++;
    }
  });
  expect(mismatched).toBe(mismatches);
}

/** Kafka's verifyNonRackAwareAssignment: seven layouts in which racks change nothing. */
function verifyNonRackAware(base: Omit<RackCase, 'rf' | 'brokerRacks' | 'consumerRacks'>, expected: readonly string[]): void {
  verifyRack({ ...base, rf: 3, brokerRacks: nullRacks(3), consumerRacks: racks(3) }, expected, -1);
  verifyRack({ ...base, rf: 3, brokerRacks: racks(3), consumerRacks: nullRacks(3) }, expected, -1);
  verifyRack({ ...base, rf: 3, brokerRacks: racks(3), consumerRacks: racks(3) }, expected, 0);
  verifyRack({ ...base, rf: 4, brokerRacks: racks(4), consumerRacks: racks(3) }, expected, 0);
  verifyRack({ ...base, rf: 3, brokerRacks: racks(3), consumerRacks: ['d', 'e', 'f'] }, expected, -1);
  verifyRack({ ...base, rf: 3, brokerRacks: racks(3), consumerRacks: [null, 'e', 'f'] }, expected, -1);
  verifyRack({ ...base, rf: 3, brokerRacks: racks(3), consumerRacks: racks(3), prefer: true }, expected, 0);
}

// --- RangeAssignorTest: the parameterised cases

const topic1 = 'topic1';
const topic2 = 'topic2';
const consumer1 = 'consumer1';
const consumer2 = 'consumer2';
const consumer3 = 'consumer3';

describe('range: RangeAssignorTest cases, for every RackConfig', () => {
  for (const hasConsumerRack of [true, false]) {
    const config: RackConfig = hasConsumerRack ? 'BROKER_AND_CONSUMER_RACK' : 'NO_CONSUMER_RACK';

    it(`[AS-02] testOneConsumerNoTopic (hasConsumerRack=${hasConsumerRack})`, () => {
      const s = new RackSetup(config);
      const assignment = s.assign([s.member(consumer1, [], 0)], []);
      expect([...assignment.keys()]).toEqual([consumer1]);
      expect(get(assignment, consumer1)).toEqual([]);
    });

    it(`[AS-03] testOneConsumerNonexistentTopic (hasConsumerRack=${hasConsumerRack})`, () => {
      const s = new RackSetup(config);
      const assignment = s.assign([s.member(consumer1, [topic1], 0)], []);
      expect([...assignment.keys()]).toEqual([consumer1]);
      expect(get(assignment, consumer1)).toEqual([]);
    });
  }

  for (const config of RACK_CONFIGS) {
    it(`[AS-09] testOneConsumerOneTopic (${config})`, () => {
      const s = new RackSetup(config);
      const assignment = s.assign([s.member(consumer1, [topic1], 0)], [s.topic(topic1, 3)]);
      expect([...assignment.keys()]).toEqual([consumer1]);
      expectPartitions(get(assignment, consumer1), [tp(topic1, 0), tp(topic1, 1), tp(topic1, 2)]);
    });

    it(`[AS-03][AS-04] testOnlyAssignsPartitionsFromSubscribedTopics (${config})`, () => {
      const s = new RackSetup(config);
      const assignment = s.assign([s.member(consumer1, [topic1], 0)], [s.topic(topic1, 3), s.topic('other', 3)]);
      expect([...assignment.keys()]).toEqual([consumer1]);
      expectPartitions(get(assignment, consumer1), [tp(topic1, 0), tp(topic1, 1), tp(topic1, 2)]);
    });

    it(`[AS-09] testOneConsumerMultipleTopics (${config})`, () => {
      const s = new RackSetup(config);
      const assignment = s.assign([s.member(consumer1, [topic1, topic2], 0)], [s.topic(topic1, 1), s.topic(topic2, 2)]);
      expect([...assignment.keys()]).toEqual([consumer1]);
      expectPartitions(get(assignment, consumer1), [tp(topic1, 0), tp(topic2, 0), tp(topic2, 1)]);
    });

    it(`[AS-02][AS-09] testTwoConsumersOneTopicOnePartition (${config})`, () => {
      const s = new RackSetup(config);
      const assignment = s.assign([s.member(consumer1, [topic1], 0), s.member(consumer2, [topic1], 1)], [s.topic(topic1, 1)]);
      expectPartitions(get(assignment, consumer1), [tp(topic1, 0)]);
      expect(get(assignment, consumer2)).toEqual([]);
    });

    it(`[AS-09] testTwoConsumersOneTopicTwoPartitions (${config})`, () => {
      const s = new RackSetup(config);
      const assignment = s.assign([s.member(consumer1, [topic1], 0), s.member(consumer2, [topic1], 1)], [s.topic(topic1, 2)]);
      expectPartitions(get(assignment, consumer1), [tp(topic1, 0)]);
      expectPartitions(get(assignment, consumer2), [tp(topic1, 1)]);
    });

    it(`[AS-09] testMultipleConsumersMixedTopics (${config})`, () => {
      const s = new RackSetup(config);
      const members = [s.member(consumer1, [topic1], 0), s.member(consumer2, [topic1, topic2], 1), s.member(consumer3, [topic1], 2)];
      const assignment = s.assign(members, [s.topic(topic1, 3), s.topic(topic2, 2)]);
      expectPartitions(get(assignment, consumer1), [tp(topic1, 0)]);
      expectPartitions(get(assignment, consumer2), [tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)]);
      expectPartitions(get(assignment, consumer3), [tp(topic1, 2)]);
    });

    it(`[AS-10] testTwoConsumersTwoTopicsSixPartitions (${config})`, () => {
      const s = new RackSetup(config);
      const members = [s.member(consumer1, [topic1, topic2], 0), s.member(consumer2, [topic1, topic2], 1)];
      const assignment = s.assign(members, [s.topic(topic1, 3), s.topic(topic2, 3)]);
      expectPartitions(get(assignment, consumer1), [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)]);
      expectPartitions(get(assignment, consumer2), [tp(topic1, 2), tp(topic2, 2)]);
    });

    it(`[AS-05] testTwoStaticConsumersTwoTopicsSixPartitions (${config})`, () => {
      // consumer-a sorts before consumer-b by member id, but instance ids decide.
      const s = new RackSetup(config);
      const members = [s.member('consumer-b', [topic1, topic2], 0, 'instance1'), s.member('consumer-a', [topic1, topic2], 1, 'instance2')];
      const assignment = s.assign(members, [s.topic(topic1, 3), s.topic(topic2, 3)]);
      expectPartitions(get(assignment, 'consumer-b'), [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)]);
      expectPartitions(get(assignment, 'consumer-a'), [tp(topic1, 2), tp(topic2, 2)]);
    });

    it(`[AS-05] testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions (${config})`, () => {
      const s = new RackSetup(config);
      const members = [s.member('consumer-b', [topic1, topic2], 0, 'instance1'), s.member('consumer-a', [topic1, topic2], 1)];
      const assignment = s.assign(members, [s.topic(topic1, 3), s.topic(topic2, 3)]);
      expectPartitions(get(assignment, 'consumer-b'), [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)]);
      expectPartitions(get(assignment, 'consumer-a'), [tp(topic1, 2), tp(topic2, 2)]);
    });

    it(`[AS-10][AS-06] testStaticMemberRangeAssignmentPersistent (${config})`, () => {
      const s = new RackSetup(config, 5);
      const topics = [s.topic(topic1, 5), s.topic(topic2, 4)];
      const statics = [1, 2, 3].map((i) => s.member(`consumer${i}`, [topic1, topic2], i - 1, `instance${i}`));
      const expected: [string, TopicPartition[]][] = [
        [consumer1, [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0)]],
        [consumer2, [tp(topic1, 2), tp(topic2, 1)]],
        [consumer3, [tp(topic1, 3), tp(topic2, 2)]],
      ];
      // Kafka compares whole lists here, so the order inside each list counts (AS-06).
      const first = s.assign([...statics, s.member('consumer4', [topic1, topic2], 3)], topics);
      expect([...first]).toEqual([...expected, ['consumer4', [tp(topic1, 4), tp(topic2, 3)]]]);
      // Replace dynamic member 4 with a new dynamic member 5.
      const second = s.assign([...statics, s.member('consumer5', [topic1, topic2], 4)], topics);
      expect([...second]).toEqual([...expected, ['consumer5', [tp(topic1, 4), tp(topic2, 3)]]]);
    });

    it(`[AS-10] testStaticMemberRangeAssignmentPersistentAfterMemberIdChanges (${config})`, () => {
      const s = new RackSetup(config);
      const topics = [s.topic(topic1, 5), s.topic(topic2, 5)];
      const members = [1, 2, 3].map((i) => s.member(`consumer${i}`, [topic1, topic2], i - 1, `instance${i}`));
      const expected = {
        instance1: sortedString([tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)]),
        instance2: sortedString([tp(topic1, 2), tp(topic1, 3), tp(topic2, 2), tp(topic2, 3)]),
        instance3: sortedString([tp(topic1, 4), tp(topic2, 4)]),
      };
      expect(byInstance(members, topics, s)).toEqual(expected);
      // consumer3 becomes consumer4 and consumer2 becomes consumer5, instance ids unchanged.
      const renamed = [members[0], { ...members[2], memberId: 'consumer4' }, { ...members[1], memberId: 'consumer5' }] as MemberSubscription[];
      expect(byInstance(renamed, topics, s)).toEqual(expected);
    });
  }

  it('[AS-12][AS-13] testRackAwareStaticMemberRangeAssignmentPersistentAfterMemberIdChanges', () => {
    const s = new RackSetup('BROKER_AND_CONSUMER_RACK');
    const topics = [topicOnRacks(topic1, 5, 2, 3), topicOnRacks(topic2, 5, 2, 3)];
    const members = [1, 2, 3].map((i) => s.member(`consumer${i}`, [topic1, topic2], i - 1, `instance${i}`));
    const expected = {
      instance1: sortedString([tp(topic1, 0), tp(topic1, 2), tp(topic2, 0), tp(topic2, 2)]),
      instance2: sortedString([tp(topic1, 1), tp(topic1, 3), tp(topic2, 1), tp(topic2, 3)]),
      instance3: sortedString([tp(topic1, 4), tp(topic2, 4)]),
    };
    expect(byInstance(members, topics, s)).toEqual(expected);
    const renamed = [members[0], { ...members[2], memberId: 'consumer4' }, { ...members[1], memberId: 'consumer5' }] as MemberSubscription[];
    expect(byInstance(renamed, topics, s)).toEqual(expected);
  });
});

/** Kafka's checkStaticAssignment: the assignment keyed by instance id. */
function byInstance(members: readonly MemberSubscription[], topics: readonly TopicMetadata[], s: RackSetup): Record<string, string> {
  const assignment = s.assign(members, topics);
  const result: Record<string, string> = {};
  for (const m of members) if (m.groupInstanceId !== null) result[m.groupInstanceId] = sortedString(get(assignment, m.memberId));
  return result;
}

// --- RangeAssignorTest: the rack-aware cases (expected strings as in Kafka's test)

describe('range: RangeAssignorTest rack-aware cases', () => {
  const three = ['t1', 't2', 't3'];

  it('[AS-11][AS-14][AS-15] testRackAwareAssignmentWithUniformSubscription', () => {
    const base = { topics: [['t1', 6], ['t2', 7], ['t3', 2]] as [string, number][], consumerTopics: [three, three, three] };
    verifyNonRackAware(base, ['t1-0, t1-1, t2-0, t2-1, t2-2, t3-0', 't1-2, t1-3, t2-3, t2-4, t3-1', 't1-4, t1-5, t2-5, t2-6']);
    // Best effort for lower replication factors, where racks hold a subset of the partitions.
    verifyRack({ ...base, rf: 1, brokerRacks: racks(3), consumerRacks: racks(3) },
      ['t1-0, t1-3, t2-0, t2-3, t2-6', 't1-1, t1-4, t2-1, t2-4, t3-0', 't1-2, t1-5, t2-2, t2-5, t3-1'], 0);
    verifyRack({ ...base, rf: 2, brokerRacks: racks(3), consumerRacks: racks(3) },
      ['t1-0, t1-2, t2-0, t2-2, t2-3, t3-1', 't1-1, t1-3, t2-1, t2-4, t3-0', 't1-4, t1-5, t2-5, t2-6'], 1);
    // One consumer on a rack with no partitions.
    verifyRack({ ...base, rf: 3, brokerRacks: racks(2), consumerRacks: racks(3) },
      ['t1-0, t1-1, t2-0, t2-1, t2-2, t3-0', 't1-2, t1-3, t2-3, t2-4, t3-1', 't1-4, t1-5, t2-5, t2-6'], 4);
  });

  it('[AS-11][AS-14][AS-15] testRackAwareAssignmentWithNonEqualSubscription', () => {
    const base = { topics: [['t1', 6], ['t2', 7], ['t3', 2]] as [string, number][], consumerTopics: [three, three, ['t1', 't3']] };
    verifyNonRackAware(base, ['t1-0, t1-1, t2-0, t2-1, t2-2, t2-3, t3-0', 't1-2, t1-3, t2-4, t2-5, t2-6, t3-1', 't1-4, t1-5']);
    verifyRack({ ...base, rf: 1, brokerRacks: racks(3), consumerRacks: racks(3) },
      ['t1-0, t1-3, t2-0, t2-2, t2-3, t2-6', 't1-1, t1-4, t2-1, t2-4, t2-5, t3-0', 't1-2, t1-5, t3-1'], 2);
    verifyRack({ ...base, rf: 2, brokerRacks: racks(3), consumerRacks: racks(3) },
      ['t1-0, t1-2, t2-0, t2-2, t2-3, t2-5, t3-1', 't1-1, t1-3, t2-1, t2-4, t2-6, t3-0', 't1-4, t1-5'], 0);
    verifyRack({ ...base, rf: 3, brokerRacks: racks(2), consumerRacks: racks(3) },
      ['t1-0, t1-1, t2-0, t2-1, t2-2, t2-3, t3-0', 't1-2, t1-3, t2-4, t2-5, t2-6, t3-1', 't1-4, t1-5'], 2);
  });

  it('[AS-13][AS-10] testRackAwareAssignmentWithUniformPartitions: co-partitioning beats rack alignment', () => {
    const base = { topics: [['t1', 5], ['t2', 5], ['t3', 5]] as [string, number][], consumerTopics: [three, three, three] };
    const plain = ['t1-0, t1-1, t2-0, t2-1, t3-0, t3-1', 't1-2, t1-3, t2-2, t2-3, t3-2, t3-3', 't1-4, t2-4, t3-4'];
    verifyNonRackAware(base, plain);
    verifyRack({ ...base, rf: 1, brokerRacks: racks(3), consumerRacks: racks(3) }, plain, 10);
    verifyRack({ ...base, rf: 2, brokerRacks: racks(3), consumerRacks: racks(3) }, plain, 5);
    verifyRack({ ...base, rf: 3, brokerRacks: racks(2), consumerRacks: racks(3) }, plain, 3);
  });

  it('[AS-13][AS-14] testRackAwareAssignmentWithUniformPartitionsNonEqualSubscription', () => {
    const base = { topics: [['t1', 5], ['t2', 5], ['t3', 5]] as [string, number][], consumerTopics: [three, three, ['t1', 't3']] };
    verifyNonRackAware(base, ['t1-0, t1-1, t2-0, t2-1, t2-2, t3-0, t3-1', 't1-2, t1-3, t2-3, t2-4, t3-2, t3-3', 't1-4, t3-4']);
    // Co-partitioning wins over rack alignment for the topics with equal subscriptions (t1, t3).
    verifyRack({ ...base, rf: 1, brokerRacks: racks(3), consumerRacks: racks(3) },
      ['t1-0, t1-1, t2-0, t2-1, t2-4, t3-0, t3-1', 't1-2, t1-3, t2-2, t2-3, t3-2, t3-3', 't1-4, t3-4'], 9);
    verifyRack({ ...base, rf: 2, brokerRacks: racks(3), consumerRacks: racks(3) },
      ['t1-2, t2-0, t2-1, t2-3, t3-2', 't1-0, t1-3, t2-2, t2-4, t3-0, t3-3', 't1-1, t1-4, t3-1, t3-4'], 0);
    verifyRack({ ...base, rf: 3, brokerRacks: racks(2), consumerRacks: racks(3) },
      ['t1-0, t1-1, t2-0, t2-1, t2-2, t3-0, t3-1', 't1-2, t1-3, t2-3, t2-4, t3-2, t3-3', 't1-4, t3-4'], 2);
  });

  it('[AS-13] testRackAwareAssignmentWithCoPartitioning', () => {
    const topics: [string, number][] = [['t1', 6], ['t2', 6], ['t3', 2], ['t4', 2]];
    const consumerRacks = ['a', 'b', 'b', 'a'];
    let consumerTopics = [['t1', 't2'], ['t1', 't2'], ['t3', 't4'], ['t3', 't4']];
    let plain = ['t1-0, t1-1, t1-2, t2-0, t2-1, t2-2', 't1-3, t1-4, t1-5, t2-3, t2-4, t2-5', 't3-0, t4-0', 't3-1, t4-1'];
    verifyRack({ topics, consumerTopics, consumerRacks, rf: 3, brokerRacks: racks(2) }, plain, -1);
    verifyRack({ topics, consumerTopics, consumerRacks, rf: 2, brokerRacks: racks(2) }, plain, 0);
    verifyRack({ topics, consumerTopics, consumerRacks, rf: 1, brokerRacks: racks(2) },
      ['t1-0, t1-2, t1-4, t2-0, t2-2, t2-4', 't1-1, t1-3, t1-5, t2-1, t2-3, t2-5', 't3-1, t4-1', 't3-0, t4-0'], 0);

    const all = ['t1', 't2', 't3', 't4'];
    consumerTopics = [all, all, all, all];
    plain = ['t1-0, t1-1, t2-0, t2-1, t3-0, t4-0', 't1-2, t1-3, t2-2, t2-3, t3-1, t4-1', 't1-4, t2-4', 't1-5, t2-5'];
    verifyRack({ topics, consumerTopics, consumerRacks, rf: 3, brokerRacks: racks(2) }, plain, -1);
    verifyRack({ topics, consumerTopics, consumerRacks, rf: 2, brokerRacks: racks(2) }, plain, 0);
    verifyRack({ topics, consumerTopics, consumerRacks, rf: 1, brokerRacks: racks(2) },
      ['t1-0, t1-2, t2-0, t2-2, t3-0, t4-0', 't1-1, t1-3, t2-1, t2-3, t3-1, t4-1', 't1-5, t2-5', 't1-4, t2-4'], 0);
    verifyRack({ topics, consumerTopics, consumerRacks, rf: 1, brokerRacks: racks(3) },
      ['t1-0, t1-3, t2-0, t2-3, t3-0, t4-0', 't1-1, t1-4, t2-1, t2-4, t3-1, t4-1', 't1-2, t2-2', 't1-5, t2-5'], 6);
  });

  it('[AS-13][AS-03] testCoPartitionedAssignmentWithSameSubscription (t7..t9 are not in the metadata)', () => {
    const topics: [string, number][] = [['t1', 6], ['t2', 6], ['t3', 2], ['t4', 2], ['t5', 4], ['t6', 4]];
    const list = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9'];
    const base = { topics, consumerTopics: [list, list, list], consumerRacks: racks(3) };
    const plain = ['t1-0, t1-1, t2-0, t2-1, t3-0, t4-0, t5-0, t5-1, t6-0, t6-1', 't1-2, t1-3, t2-2, t2-3, t3-1, t4-1, t5-2, t6-2', 't1-4, t1-5, t2-4, t2-5, t5-3, t6-3'];
    verifyRack({ ...base, rf: 3, brokerRacks: nullRacks(3) }, plain, -1);
    verifyRack({ ...base, rf: 3, brokerRacks: racks(3), prefer: true }, plain, 0);
    verifyRack({ ...base, rf: 2, brokerRacks: racks(3), prefer: true },
      ['t1-0, t1-2, t2-0, t2-2, t3-0, t4-0, t5-1, t6-1', 't1-1, t1-3, t2-1, t2-3, t3-1, t4-1, t5-2, t6-2', 't1-4, t1-5, t2-4, t2-5, t5-0, t5-3, t6-0, t6-3'], 0);
  });
});

// --- The common contract and the rules Kafka's tests do not spell out

describe('range: common contract', () => {
  it('[AS-01] is named range and supports EAGER only', () => {
    expect(rangeAssignor.name).toBe('range');
    expect(rangeAssignor.supportedProtocols).toEqual(['EAGER']);
  });

  it('[AS-02] an empty group gets an empty assignment', () => {
    expect(rangeAssignor.assign({ members: [], topics: [{ topic: 't', partitionCount: 3 }] }).size).toBe(0);
  });

  it('[AS-02][AS-03] a topic with 0 partitions is assigned to nobody; every member keeps an entry', () => {
    const assignment = rangeAssignor.assign({ members: [member('m1', ['t']), member('m2', ['u'])], topics: [{ topic: 't', partitionCount: 0 }] });
    expect([...assignment]).toEqual([['m1', []], ['m2', []]]);
  });

  it('[AS-06] the output ignores input order: entries in member order, lists sorted by topic then partition', () => {
    const members = [member('m2', ['b', 'a']), member('m1', ['a', 'b'], { instance: 'z' }), member('m3', ['b'])];
    const topics = [{ topic: 'b', partitionCount: 12 }, { topic: 'a', partitionCount: 3 }];
    const forward = rangeAssignor.assign({ members, topics });
    const backward = rangeAssignor.assign({ members: [...members].reverse(), topics: [...topics].reverse() });
    expect([...backward]).toEqual([...forward]);
    expect([...forward.keys()]).toEqual(['m1', 'm2', 'm3']);
    expect(get(forward, 'm1')).toEqual([tp('a', 0), tp('a', 1), tp('b', 0), tp('b', 1), tp('b', 2), tp('b', 3)]);
    expect(get(forward, 'm2')).toEqual([tp('a', 2), tp('b', 4), tp('b', 5), tp('b', 6), tp('b', 7)]);
    expect(get(forward, 'm3')).toEqual([tp('b', 8), tp('b', 9), tp('b', 10), tp('b', 11)]);
  });

  it('[AS-07] a topic listed twice in a subscription counts once; an empty rack is no rack', () => {
    const topics = [topicOnBrokers('t', 2, 1, ['b', 'a'])];
    const twice = rangeAssignor.assign({ members: [member('m1', ['t', 't']), member('m2', ['t'])], topics });
    expect([...twice]).toEqual([['m1', [tp('t', 0)]], ['m2', [tp('t', 1)]]]);
    // With rack 'a' m1 would be matched to t-1 (AS-12); with '' it is rackless and nothing is rack-aware.
    const empty = rangeAssignor.assign({ members: [member('m1', ['t'], { rack: '' }), member('m2', ['t'])], topics });
    expect([...empty]).toEqual([['m1', [tp('t', 0)]], ['m2', [tp('t', 1)]]]);
    const racked = rangeAssignor.assign({ members: [member('m1', ['t'], { rack: 'a' }), member('m2', ['t'], { rack: 'b' })], topics });
    expect([...racked]).toEqual([['m1', [tp('t', 1)]], ['m2', [tp('t', 0)]]]);
  });

  it('[AS-08] user data, owned partitions and generations change nothing', () => {
    const topics = [{ topic: 't', partitionCount: 5 }];
    const plain = rangeAssignor.assign({ members: [member('m1', ['t']), member('m2', ['t'])], topics });
    const withHistory = rangeAssignor.assign({
      members: [
        member('m1', ['t'], { owned: [tp('t', 4), tp('t', 3)], userData: new Uint8Array([1, 2]), generationId: 7 }),
        member('m2', ['t'], { owned: [tp('t', 0)], userData: new Uint8Array([3]), generationId: 7 }),
      ],
      topics,
    });
    expect([...withHistory]).toEqual([...plain]);
  });
});

describe('range: per-topic ranges', () => {
  it('[AS-09] the RangeAssignor javadoc example', () => {
    const members = [member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])];
    const assignment = rangeAssignor.assign({ members, topics: [{ topic: 't0', partitionCount: 3 }, { topic: 't1', partitionCount: 3 }] });
    expect([...assignment]).toEqual([
      ['C0', [tp('t0', 0), tp('t0', 1), tp('t1', 0), tp('t1', 1)]],
      ['C1', [tp('t0', 2), tp('t1', 2)]],
    ]);
  });

  it('[AS-09] subscriber i starts at i*floor + min(i, extras)', () => {
    const members = ['c0', 'c1', 'c2', 'c3'].map((id) => member(id, ['t']));
    const assignment = rangeAssignor.assign({ members, topics: [{ topic: 't', partitionCount: 10 }] });
    // floor 2, extras 2: c0 0-2, c1 3-5, c2 6-7, c3 8-9.
    expect(members.map((m) => get(assignment, m.memberId).map((p) => p.partition))).toEqual([[0, 1, 2], [3, 4, 5], [6, 7], [8, 9]]);
  });

  it('[AS-10] extras of every topic pile up on the first members', () => {
    const names = ['a', 'b', 'c', 'd'];
    const members = [member('m1', names), member('m2', names)];
    const assignment = rangeAssignor.assign({ members, topics: names.map((topic) => ({ topic, partitionCount: 3 })) });
    expect(get(assignment, 'm1')).toHaveLength(8);
    expect(get(assignment, 'm2')).toHaveLength(4);
  });
});

describe('range: rack awareness (KIP-881)', () => {
  // m1 on rack a, m2 on rack b; t-0 lives on rack b only and t-1 on rack a only.
  const crossed = (rackA: string | null, rackB: string | null, partitionRacks: string[][], prefer = false): [string, TopicPartition[]][] => [
    ...assignRange(
      { members: [member('m1', ['t'], { rack: rackA }), member('m2', ['t'], { rack: rackB })], topics: [{ topic: 't', partitionCount: 2, partitionRacks }] },
      { preferRackAwareLogic: prefer },
    ),
  ];
  const plain = [['m1', [tp('t', 0)]], ['m2', [tp('t', 1)]]];
  const swapped = [['m1', [tp('t', 1)]], ['m2', [tp('t', 0)]]];

  it('[AS-11] testUseRackAwareAssignment: no consumer rack, disjoint racks or uniform racks keep plain ranges', () => {
    expect(crossed(null, null, [['b'], ['a']])).toEqual(plain);
    expect(crossed('x', 'y', [['b'], ['a']])).toEqual(plain);
    expect(crossed('a', 'b', [])).toEqual(plain);
    expect(crossed('a', 'b', [['a', 'b'], ['b', 'a', 'a']])).toEqual(plain);
  });

  it('[AS-11] testUseRackAwareAssignment: racks on a subset of partitions turn rack matching on', () => {
    expect(crossed('a', 'b', [['b'], ['a']])).toEqual(swapped);
    // Only one consumer rack intersects the replica racks: still rack-aware.
    expect(crossed('a', 'd', [['b'], ['a']])).toEqual(swapped);
  });

  it('[AS-11] preferRackAwareLogic skips the uniformity test (Kafka test switch)', () => {
    // Every partition only on rack a (uniform); m1 is on rack z, m2 on rack a.
    expect(crossed('z', 'a', [['a'], ['a']])).toEqual(plain);
    expect(crossed('z', 'a', [['a'], ['a']], true)).toEqual(swapped);
  });

  it('[AS-12] a member without a rack matches every partition, first come first served', () => {
    // m1 has no rack and takes t-0 in the rack pass, although t-0 is on m2's rack.
    expect(crossed(null, 'b', [['b'], ['a']])).toEqual(plain);
  });

  it('[AS-12][AS-15] the extra partition goes to whoever crosses the floor first, not to the first member', () => {
    const assignment = rangeAssignor.assign({
      members: [member('m1', ['t'], { rack: 'a' }), member('m2', ['t'], { rack: 'b' })],
      topics: [{ topic: 't', partitionCount: 3, partitionRacks: [['b'], ['b'], ['a']] }],
    });
    expect([...assignment]).toEqual([['m1', [tp('t', 2)]], ['m2', [tp('t', 0), tp('t', 1)]]]);
  });

  it('[AS-13] a co-partitioned group is rack-matched whenever another topic qualifies', () => {
    // t1 and t2: both partitions on rack a only (uniform, so they do not qualify themselves).
    const copartitioned = [1, 2].map((i) => ({ topic: `t${i}`, partitionCount: 2, partitionRacks: [['a'], ['a']] }));
    const members = [member('m1', ['t1', 't2', 't3'], { rack: 'z' }), member('m2', ['t1', 't2', 't3'], { rack: 'a' })];
    const without = rangeAssignor.assign({ members, topics: copartitioned });
    expect(without.get('m1')).toEqual([tp('t1', 0), tp('t2', 0)]);
    // t3 (3 partitions, racks a and b) qualifies, so the group {t1, t2} goes through AS-13.
    const qualifying = { topic: 't3', partitionCount: 3, partitionRacks: [['a'], ['b'], ['a']] };
    const withT3 = rangeAssignor.assign({ members, topics: [...copartitioned, qualifying] });
    expect(withT3.get('m2')?.filter((p) => p.topic !== 't3')).toEqual([tp('t1', 0), tp('t2', 0)]);
    expect(withT3.get('m1')?.filter((p) => p.topic !== 't3')).toEqual([tp('t1', 1), tp('t2', 1)]);
  });

  it('[AS-15] racks never change how many partitions of a topic each subscriber holds', () => {
    const members = ['m1', 'm2', 'm3'].map((id, i) => member(id, ['t'], { rack: racks(3)[i] ?? null }));
    const withRacks = rangeAssignor.assign({ members, topics: [topicOnRacks('t', 11, 1, 3)] });
    const counts = members.map((m) => get(withRacks, m.memberId).length).sort();
    expect(counts).toEqual([3, 4, 4]);
  });
});
