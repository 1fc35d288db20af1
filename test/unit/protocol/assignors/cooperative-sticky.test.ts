/**
 * The `cooperative-sticky` assignor, rebalance protocol selection, both assignors' member data
 * and their common output rules, against representative cases of Kafka's
 * `CooperativeStickyAssignorTest`, `StickyAssignorTest` and `AbstractStickyAssignorTest`
 * (expected outputs re-derived for this implementation), plus Kafka's cooperative check that no
 * partition is revoked and given away in the same rebalance.
 */
import { describe, expect, it } from 'vitest';
import {
  assignCooperativeSticky,
  cooperativeStickyAssignor,
  encodeCooperativeUserData,
} from '../../../../src/protocol/assignors/cooperative-sticky.js';
import { selectRebalanceProtocol } from '../../../../src/protocol/assignors/rebalance-protocol.js';
import { InvalidRequestError } from '../../../../src/protocol/invariant.js';
import {
  decodeStickyUserData,
  encodeStickyUserData,
  stickyAssignor,
} from '../../../../src/protocol/assignors/sticky.js';
import { cooperativeMemberData, stickyMemberData } from '../../../../src/protocol/assignors/sticky/user-data.js';
import type {
  AssignmentInput,
  GroupAssignment,
  MemberSubscription,
  PartitionAssignor,
  TopicMetadata,
  TopicPartition,
} from '../../../../src/protocol/assignors/types.js';

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });
const key = (p: TopicPartition): string => `${p.topic}-${p.partition}`;
const names = (list: readonly TopicPartition[]): string[] => list.map(key);

function parse(list: string): TopicPartition[] {
  if (list === '') return [];
  return list.split(', ').map((name) => {
    const dash = name.lastIndexOf('-');
    return tp(name.slice(0, dash), Number(name.slice(dash + 1)));
  });
}

function byMember(assignment: GroupAssignment): Record<string, string[]> {
  return Object.fromEntries([...assignment].map(([id, list]) => [id, names(list)]));
}

function sortedByMember(assignment: GroupAssignment): Record<string, string> {
  return Object.fromEntries([...assignment].map(([id, list]) => [id, names(list).sort().join(', ')]));
}

const topic = (name: string, partitionCount: number): TopicMetadata => ({ topic: name, partitionCount });

function fresh(memberId: string, topics: string[], rackId: string | null = null): MemberSubscription {
  return { memberId, groupInstanceId: null, topics, userData: null, ownedPartitions: [], generationId: -1, rackId };
}

/**
 * `CooperativeStickyAssignorTest.buildSubscriptionV2Above`: owned partitions and generation in
 * the subscription, plus the assignor's user data.
 */
function owning(memberId: string, topics: string[], owned: TopicPartition[], generation = 1, rackId: string | null = null): MemberSubscription {
  return {
    memberId,
    groupInstanceId: null,
    topics,
    userData: encodeCooperativeUserData(generation),
    ownedPartitions: owned,
    generationId: generation,
    rackId,
  };
}

/**
 * Kafka's `verifyCooperativeValidity`: no partition is both revoked from one member and added to
 * another. Returns whether anything was revoked (a follow-up rebalance is due).
 */
function expectNoRevokeAndAssign(input: AssignmentInput, assignment: GroupAssignment): boolean {
  const added = new Set<string>();
  const revoked = new Set<string>();
  for (const member of input.members) {
    const owned = new Set(names(member.ownedPartitions));
    const assigned = new Set(names(assignment.get(member.memberId) ?? []));
    for (const p of assigned) if (!owned.has(p)) added.add(p);
    for (const p of owned) if (!assigned.has(p)) revoked.add(p);
  }
  expect([...added].filter((p) => revoked.has(p))).toEqual([]);
  return revoked.size > 0;
}

/**
 * Kafka's cooperative `verifyValidityAndBalance`: rebalance again, each member reporting what it
 * got, until nothing is revoked (at most four follow-ups), then check validity and balance.
 */
function converge(start: AssignmentInput, generation = 1): { input: AssignmentInput; result: GroupAssignment; rounds: number } {
  let input = start;
  let result = assignCooperativeSticky(input);
  let rounds = 0;
  while (expectNoRevokeAndAssign(input, result)) {
    const members = input.members.map((m) => owning(m.memberId, [...m.topics], result.get(m.memberId) ?? [], generation, m.rackId));
    input = { members, topics: input.topics };
    result = assignCooperativeSticky(input);
    rounds++;
    expect(rounds).toBeLessThanOrEqual(4);
  }
  const sizes = [...result.values()].map((l) => l.length);
  const seen = new Set<string>();
  for (const [id, list] of result) {
    const subscribed = new Set(input.members.find((m) => m.memberId === id)?.topics);
    for (const p of list) {
      expect(subscribed.has(p.topic)).toBe(true);
      expect(seen.has(key(p))).toBe(false);
      seen.add(key(p));
    }
  }
  const wanted = new Set(input.members.flatMap((m) => m.topics));
  expect(seen.size).toBe(input.topics.filter((t) => wanted.has(t.topic)).reduce((n, t) => n + t.partitionCount, 0));
  if (input.members.every((m) => m.topics.join() === input.members[0]?.topics.join())) {
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  }
  return { input, result, rounds };
}

function rackedTopics(counts: [string, number][], replicas: number, brokerRacks: (string | null)[]): TopicMetadata[] {
  let next = 0;
  return counts.map(([name, count]) => {
    const partitionRacks = Array.from({ length: count }, (_, i) => {
      const racks: string[] = [];
      for (let j = 0; j < replicas; j++) {
        const rack = brokerRacks[(i + j + next) % brokerRacks.length];
        if (rack !== null && rack !== undefined) racks.push(rack);
      }
      return racks;
    });
    next += count;
    return { topic: name, partitionCount: count, partitionRacks };
  });
}

const rangeLike: Pick<PartitionAssignor, 'name' | 'supportedProtocols'> = { name: 'range', supportedProtocols: ['EAGER'] };

describe('cooperative-sticky: name and protocol selection', () => {
  it('[AS-20] is named cooperative-sticky and supports COOPERATIVE and EAGER, in Kafka\'s order', () => {
    expect(cooperativeStickyAssignor.name).toBe('cooperative-sticky');
    expect(cooperativeStickyAssignor.supportedProtocols).toEqual(['COOPERATIVE', 'EAGER']);
  });

  it('[AS-21] picks the highest protocol every configured assignor supports', () => {
    expect(selectRebalanceProtocol([cooperativeStickyAssignor])).toBe('COOPERATIVE');
    // Kafka's default [range, cooperative-sticky] runs eager until range is removed.
    expect(selectRebalanceProtocol([rangeLike, cooperativeStickyAssignor])).toBe('EAGER');
    expect(selectRebalanceProtocol([cooperativeStickyAssignor, stickyAssignor])).toBe('EAGER');
    expect(selectRebalanceProtocol([{ name: 'x', supportedProtocols: ['EAGER', 'COOPERATIVE'] }])).toBe('COOPERATIVE');
  });

  it('[AS-21] has no protocol without assignors and rejects assignors with nothing in common', () => {
    expect(selectRebalanceProtocol([])).toBeNull();
    expect(() => selectRebalanceProtocol([{ name: 'coop-only', supportedProtocols: ['COOPERATIVE'] }, stickyAssignor])).toThrow(
      'Specified assignors [coop-only, sticky] do not have commonly supported rebalance protocol',
    );
  });
});

describe('sticky: user data', () => {
  it('[AS-23] encodes version 1 byte for byte and decodes it back', () => {
    const bytes = encodeStickyUserData({ partitions: [tp('t', 0), tp('t', 1)], generation: 2 });
    expect([...bytes]).toEqual([0, 0, 0, 1, 0, 1, 0x74, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(decodeStickyUserData(bytes)).toEqual({ partitions: [tp('t', 0), tp('t', 1)], generation: 2 });
  });

  it('[AS-23] reads version 0 (no generation) and ignores trailing bytes', () => {
    const v0 = encodeStickyUserData({ partitions: [tp('a', 3), tp('b', 0), tp('a', 1)], generation: null });
    expect(decodeStickyUserData(v0)).toEqual({ partitions: [tp('a', 3), tp('a', 1), tp('b', 0)], generation: null });
    // Two stray bytes are too few for a generation: still version 0.
    expect(decodeStickyUserData(new Uint8Array([...v0, 9, 9]))?.generation).toBeNull();
    const v1 = encodeStickyUserData({ partitions: [tp('a', 0)], generation: 7 });
    expect(decodeStickyUserData(new Uint8Array([...v1, 1, 2, 3, 4, 5]))?.generation).toBe(7);
  });

  it('[AS-23] rejects negative or oversized lengths and counts', () => {
    expect(decodeStickyUserData(new Uint8Array([0, 0, 0, 5]))).toBeNull();
    expect(decodeStickyUserData(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toBeNull();
    expect(decodeStickyUserData(new Uint8Array([0, 0, 0, 1, 0xff, 0xff, 0, 0, 0, 0]))).toBeNull();
    expect(decodeStickyUserData(new Uint8Array([0, 0, 0, 1, 0, 9, 0x74]))).toBeNull();
  });

  it('[AS-22] reads claims from user data only, never from ownedPartitions or generationId', () => {
    const member: MemberSubscription = {
      ...fresh('c', ['topic']),
      userData: encodeStickyUserData({ partitions: [tp('topic1', 0), tp('topic2', 1)], generation: 0 }),
      ownedPartitions: [tp('topic', 2)],
      generationId: 1,
    };
    expect(stickyMemberData(member)).toEqual({ partitions: [tp('topic1', 0), tp('topic2', 1)], generation: 0 });
  });

  it('[AS-22] treats missing user data as no claims and no generation, unreadable as generation -1', () => {
    expect(stickyMemberData(fresh('c', ['t']))).toEqual({ partitions: [], generation: null });
    expect(stickyMemberData({ ...fresh('c', ['t']), userData: new Uint8Array(0) })).toEqual({ partitions: [], generation: null });
    expect(stickyMemberData({ ...fresh('c', ['t']), userData: new Uint8Array([1, 2]) })).toEqual({ partitions: [], generation: -1 });
  });
});

describe('cooperative-sticky: member data', () => {
  it('[AS-24] takes owned partitions and generation from the subscription fields (version 2+)', () => {
    // testMemberDataWithEmptyPartitionsAndEqualGeneration: user data of the eager assignor is
    // not this assignor's and carries no partitions it would read.
    const member: MemberSubscription = {
      ...fresh('c', ['topic']),
      userData: encodeStickyUserData({ partitions: [tp('topic1', 0), tp('topic2', 1)], generation: 1 }),
      generationId: 1,
    };
    expect(cooperativeMemberData(member)).toEqual({ partitions: [], generation: 1 });
  });

  it('[AS-24] falls back to its user data for the generation of an older subscription', () => {
    // testMemberDataWithInconsistentData: owned from the subscription, generation from user data.
    const member: MemberSubscription = { ...fresh('c', ['topic']), userData: encodeCooperativeUserData(1), ownedPartitions: [tp('topic', 0)] };
    expect(cooperativeMemberData(member)).toEqual({ partitions: [tp('topic', 0)], generation: 1 });
    expect([...encodeCooperativeUserData(10)]).toEqual([0, 0, 0, 10]);
    // testDecodeGeneration: no user data, no generation; unreadable user data, generation -1.
    expect(cooperativeMemberData(fresh('c', ['topic'])).generation).toBeNull();
    expect(cooperativeMemberData({ ...fresh('c', ['topic']), userData: new Uint8Array(0) }).generation).toBe(-1);
    expect(cooperativeMemberData({ ...fresh('c', ['topic']), userData: new Uint8Array([0, 0, 0, 4, 9]) }).generation).toBe(4);
  });

  it('[AS-24] [AS-27] keeps owners of old-version subscriptions (testAssignorWithOldVersionSubscriptions)', () => {
    const v1 = (id: string, owned: TopicPartition[]): MemberSubscription => ({ ...owning(id, ['topic1'], owned), generationId: -1 });
    const members = [v1('consumer1', [tp('topic1', 0)]), v1('consumer2', [tp('topic1', 1)]), owning('consumer3', ['topic1'], [])];
    expect(byMember(assignCooperativeSticky({ members, topics: [topic('topic1', 3)] }))).toEqual({
      consumer1: ['topic1-0'],
      consumer2: ['topic1-1'],
      consumer3: ['topic1-2'],
    });
  });
});

describe('cooperative-sticky: holding back transfers', () => {
  it('[AS-35] [AS-47] holds back a partition several members claimed (equal partitions per consumer)', () => {
    const members = [
      owning('consumer1', ['topic'], [tp('topic', 0), tp('topic', 1)]),
      owning('consumer2', ['topic'], [tp('topic', 0), tp('topic', 2)]),
      owning('consumer3', ['topic'], []),
    ];
    const input: AssignmentInput = { members, topics: [topic('topic', 3)] };
    expect(byMember(assignCooperativeSticky(input))).toEqual({ consumer1: ['topic-1'], consumer2: ['topic-2'], consumer3: [] });
    converge(input);
  });

  it('[AS-35] [AS-47] holds back a partition several members claimed (unequal partitions per consumer)', () => {
    const members = [
      owning('consumer1', ['topic'], [tp('topic', 0), tp('topic', 1)]),
      owning('consumer2', ['topic'], [tp('topic', 0), tp('topic', 2)]),
      owning('consumer3', ['topic'], []),
    ];
    const input: AssignmentInput = { members, topics: [topic('topic', 4)] };
    expect(byMember(assignCooperativeSticky(input))).toEqual({ consumer1: ['topic-1', 'topic-3'], consumer2: ['topic-2'], consumer3: [] });
    converge(input);
  });

  it('[AS-35] [AS-47] gives a new member the revoked partition only in the follow-up rebalance (testAddRemoveConsumerOneTopic)', () => {
    const first: AssignmentInput = { members: [owning('consumer1', ['topic'], [tp('topic', 0), tp('topic', 1), tp('topic', 2)]), owning('consumer2', ['topic'], [])], topics: [topic('topic', 3)] };
    expect(byMember(assignCooperativeSticky(first))).toEqual({ consumer1: ['topic-0', 'topic-1'], consumer2: [] });
    const { result, rounds } = converge(first);
    expect(rounds).toBe(1);
    expect(byMember(result)).toEqual({ consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-2'] });
  });

  it('[AS-35] [AS-47] holds back every partition moving to a joining member (testAddRemoveTwoConsumersTwoTopics)', () => {
    const all = ['topic1', 'topic2'];
    const members = [
      owning('consumer1', all, parse('topic1-0, topic1-2, topic2-1, topic2-3')),
      owning('consumer2', all, parse('topic1-1, topic2-0, topic2-2')),
      owning('consumer3', all, []),
      owning('consumer4', all, []),
    ];
    const input: AssignmentInput = { members, topics: [topic('topic1', 3), topic('topic2', 4)] };
    expect(byMember(assignCooperativeSticky(input))).toEqual({
      consumer1: ['topic1-0', 'topic2-1'],
      consumer2: ['topic2-0', 'topic1-1'],
      consumer3: [],
      consumer4: [],
    });
    expect(sortedByMember(converge(input).result)).toEqual({
      consumer1: 'topic1-0, topic2-1',
      consumer2: 'topic1-1, topic2-0',
      consumer3: 'topic1-2, topic2-3',
      consumer4: 'topic2-2',
    });
  });

  it('[AS-31] [AS-47] holds back a partition a member kept beyond the maxQuota slots', () => {
    // Member id order lets consumer1 keep two (Kafka's hash order picks consumer2); consumer2
    // revokes topic2-1 before consumer3 may take it.
    const both = ['topic1', 'topic2'];
    const members = [
      owning('consumer1', both, [tp('topic1', 0), tp('topic2', 0)]),
      owning('consumer2', both, [tp('topic1', 1), tp('topic2', 1)]),
      owning('consumer3', both, []),
    ];
    const input: AssignmentInput = { members, topics: [topic('topic1', 2), topic('topic2', 2)] };
    expect(byMember(assignCooperativeSticky(input))).toEqual({
      consumer1: ['topic1-0', 'topic2-0'],
      consumer2: ['topic1-1'],
      consumer3: [],
    });
    converge(input);
  });

  it('[AS-47] on the general path holds back a partition its lister loses', () => {
    const owned = [tp('t', 0), tp('t', 1), tp('t', 2)];
    const input: AssignmentInput = { members: [owning('a', ['t', 'x'], owned), owning('b', ['t'], [])], topics: [topic('t', 3)] };
    expect(byMember(assignCooperativeSticky(input))).toEqual({ a: ['t-1', 't-2'], b: [] });
    expect(byMember(converge(input).result)).toEqual({ a: ['t-1', 't-2'], b: ['t-0'] });
  });

  it('[AS-47] hands over at once the partitions of a member that left', () => {
    // Nobody still in the group lists them, so nobody revokes them.
    const input: AssignmentInput = { members: [owning('b', ['t', 'x'], [tp('t', 0)]), owning('c', ['t'], [])], topics: [topic('t', 4)] };
    const result = assignCooperativeSticky(input);
    expect(sortedByMember(result)).toEqual({ b: 't-0, t-2', c: 't-1, t-3' });
    expect(expectNoRevokeAndAssign(input, result)).toBe(false);
  });

  it('[AS-47] converges within Kafka\'s bound over a changing group (testReassignmentAfterOneConsumerLeaves)', () => {
    const topics = Array.from({ length: 19 }, (_, i) => topic(`t${String(i + 1).padStart(2, '0')}`, i + 1));
    const members = Array.from({ length: 19 }, (_, i) => fresh(`c${String(i + 1).padStart(2, '0')}`, topics.slice(0, i + 1).map((t) => t.topic)));
    const { input, result } = converge({ members, topics });
    const next = input.members
      .filter((m) => m.memberId !== 'c10')
      .map((m) => owning(m.memberId, [...m.topics], result.get(m.memberId) ?? [], 2));
    converge({ members: next, topics }, 2);
  });
});

describe('cooperative-sticky: rack awareness', () => {
  const counts: [string, number][] = [
    ['t1', 6],
    ['t2', 7],
    ['t3', 2],
  ];
  const all = ['t1', 't2', 't3'];
  const racks3 = ['a', 'b', 'c'];
  const owned = ['t1-0, t1-1, t1-2, t1-3, t1-4', 't1-5, t2-0, t2-1, t2-2, t2-3', 't2-4, t2-5, t2-6, t3-0, t3-1'];
  // Kafka's rack tests report owned partitions with no generation and no user data.
  const members = (subs: string[][], lists: string[]): MemberSubscription[] =>
    lists.map((list, i) => ({ ...fresh(`consumer${i}`, subs[i] as string[], racks3[i] as string), ownedPartitions: parse(list) }));

  it('[AS-33] [AS-46] [AS-47] first revokes misaligned partitions on the constrained path (testRackAwareAssignmentWithUniformSubscription)', () => {
    const topics = rackedTopics(counts, 1, racks3);
    const subs = [all, all, all];
    const intermediate = assignCooperativeSticky({ members: members(subs, owned), topics });
    expect(sortedByMember(intermediate)).toEqual({ consumer0: 't1-0, t1-3', consumer1: 't2-1', consumer2: 't2-5, t3-1' });
  });

  it('[AS-33] [AS-47] holds back both partitions swapped for racks (testUniformSubscriptionTransferOwnershipListIsRight)', () => {
    // Two brokers on racks a and b, one replica: t1-0 and t1-2 on a, t1-1 and t1-3 on b.
    const topics = rackedTopics([['topic1', 4]], 1, ['a', 'b']);
    const group = [
      owning('c0', ['topic1'], [tp('topic1', 0), tp('topic1', 1)], 1, 'a'),
      owning('c1', ['topic1'], [tp('topic1', 2), tp('topic1', 3)], 1, 'b'),
    ];
    expect(byMember(assignCooperativeSticky({ members: group, topics }))).toEqual({ c0: ['topic1-0'], c1: ['topic1-3'] });
  });

  it('[AS-38] [AS-46] [AS-47] revokes first and aligns later on the general path (testRackAwareAssignmentWithNonEqualSubscription)', () => {
    const subs = [all, all, ['t1', 't3']];
    const topics = rackedTopics(counts, 1, racks3);
    const intermediate = assignCooperativeSticky({ members: members(subs, owned), topics });
    expect(sortedByMember(intermediate)).toEqual({ consumer0: 't1-3', consumer1: 't2-1', consumer2: 't3-1' });
    const final = assignCooperativeSticky({ members: members(subs, ['t1-3', 't2-1', 't3-1']), topics });
    expect(sortedByMember(final)).toEqual({
      consumer0: 't1-3, t2-0, t2-2, t2-3, t2-6',
      consumer1: 't1-4, t2-1, t2-4, t2-5, t3-0',
      consumer2: 't1-0, t1-1, t1-2, t1-5, t3-1',
    });
  });

  it('[AS-45] [AS-47] without rack-aware assignment keeps what it can and revokes the rest first', () => {
    // Three replicas on three racks: every partition is on every rack, so racks play no part.
    const subs = [all, all, ['t1', 't3']];
    const topics = rackedTopics(counts, 3, racks3);
    const intermediate = assignCooperativeSticky({ members: members(subs, owned), topics });
    expect(sortedByMember(intermediate)).toEqual({
      consumer0: 't1-2, t1-3, t1-4',
      consumer1: 't2-0, t2-1, t2-2, t2-3',
      consumer2: 't3-0, t3-1',
    });
    const final = assignCooperativeSticky({ members: members(subs, ['t1-2, t1-3, t1-4', 't2-0, t2-1, t2-2, t2-3', 't3-0, t3-1']), topics });
    expect(sortedByMember(final)).toEqual({
      consumer0: 't1-2, t1-3, t1-4, t2-4, t2-5',
      consumer1: 't2-0, t2-1, t2-2, t2-3, t2-6',
      consumer2: 't1-0, t1-1, t1-5, t3-0, t3-1',
    });
  });
});

describe('both sticky assignors: output and errors', () => {
  const both = [stickyAssignor, cooperativeStickyAssignor];

  it('[AS-48] list every member in member id order, with an empty list for one given nothing', () => {
    for (const assignor of both) {
      const result = assignor.assign({ members: [fresh('b', ['t']), fresh('c', ['t']), fresh('a', ['t'])], topics: [topic('t', 2)] });
      expect([...result.keys()]).toEqual(['a', 'b', 'c']);
      expect(byMember(result)).toEqual({ a: ['t-0'], b: ['t-1'], c: [] });
    }
  });

  it('[AS-49] return an empty assignment for a group without members', () => {
    for (const assignor of both) expect(assignor.assign({ members: [], topics: [topic('t', 3)] }).size).toBe(0);
  });

  it('[AS-49] reject duplicate member ids and invalid metadata', () => {
    for (const assignor of both) {
      const one = [fresh('a', ['t'])];
      expect(() => assignor.assign({ members: [...one, fresh('a', ['t'])], topics: [topic('t', 1)] })).toThrow(InvalidRequestError);
      expect(() => assignor.assign({ members: one, topics: [topic('t', 1), topic('t', 2)] })).toThrow(/listed twice/);
      expect(() => assignor.assign({ members: one, topics: [topic('t', -1)] })).toThrow(/partitionCount/);
    }
  });
});
