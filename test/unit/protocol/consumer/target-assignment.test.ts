/**
 * `buildTargetAssignment` against Kafka 4.0's
 * `group-coordinator/src/test/java/.../modern/TargetAssignmentBuilderTest.java`:
 * testCreateMemberSubscriptionSpecImpl, testEmpty, testAssignmentHasNotChanged,
 * testAssignmentSwapped, testNewMember, testUpdateMember, testPartialAssignmentUpdate,
 * testDeleteMember, testReplaceStaticMember. As there, the assignor is a stand-in that returns a
 * prepared assignment and keeps what it was given, so each case checks both the assignor's input
 * and the records. Kafka compares the member records unordered; ours come in member order (SA-05).
 * Then regex subscriptions, the subscription type and assignor errors (Kafka 4.0 behaviour).
 */
import { describe, expect, it } from 'vitest';
import type { Assignment } from '../../../../src/protocol/consumer/assignment.js';
import type { GroupAssignment, GroupSpec, ServerAssignor, SubscribedTopicDescriber } from '../../../../src/protocol/consumer/assignor.js';
import { PartitionAssignorError } from '../../../../src/protocol/consumer/assignor.js';
import type { ConsumerMember, ResolvedRegularExpression, SubscribedTopicMetadata } from '../../../../src/protocol/consumer/group.js';
import type { ConsumerGroupRecord } from '../../../../src/protocol/consumer/records.js';
import { buildTargetAssignment, consumerSubscriptionType } from '../../../../src/protocol/consumer/target-assignment.js';
import { assignmentFromList, assignmentsEqual } from '../../../../src/protocol/consumer/assignment.js';
import { uniformServerAssignor } from '../../../../src/protocol/consumer/assignors/uniform.js';
import type { TargetAssignmentInput } from '../../../../src/protocol/consumer/target-assignment.js';
import { mk, show, T1 as FOO, T2 as BAR, tp } from './assignors/helpers.js';

function member(memberId: string, topics: string[], extra: Partial<ConsumerMember> = {}): ConsumerMember {
  return {
    memberId,
    memberEpoch: 10,
    previousMemberEpoch: 9,
    state: 'STABLE',
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: 5000,
    clientId: 'client',
    clientHost: 'localhost',
    subscribedTopicNames: topics,
    subscribedTopicRegex: null,
    serverAssignorName: null,
    assignedPartitions: new Map(),
    partitionsPendingRevocation: new Map(),
    ...extra,
  };
}

/** Kafka's MockPartitionAssignor: returns what was prepared and records its input. */
class PreparedAssignor implements ServerAssignor {
  readonly name = 'prepared';
  group?: GroupSpec;
  topics?: SubscribedTopicDescriber;
  constructor(private readonly prepared: GroupAssignment) {}
  assign(group: GroupSpec, topics: SubscribedTopicDescriber): GroupAssignment {
    this.group = group;
    this.topics = topics;
    return this.prepared;
  }
}

const metadata: ReadonlyMap<string, SubscribedTopicMetadata> = new Map([
  ['foo', { topicId: FOO, topicName: 'foo', numPartitions: 6 }],
  ['bar', { topicId: BAR, topicName: 'bar', numPartitions: 6 }],
]);
const FOO_BAR_ZAR = ['foo', 'bar', 'zar'];

function input(
  members: ConsumerMember[],
  targets: Record<string, Assignment>,
  assignor: ServerAssignor,
  extra: Partial<TargetAssignmentInput> = {},
): TargetAssignmentInput {
  return {
    groupId: 'my-group',
    groupEpoch: 20,
    assignor,
    members: new Map(members.map((m) => [m.memberId, m])),
    targetAssignment: new Map(Object.entries(targets)),
    subscriptionMetadata: metadata,
    resolvedRegularExpressions: new Map(),
    ...extra,
  };
}

function targetRecord(memberId: string, a: Assignment): ConsumerGroupRecord {
  const topicPartitions = [...a]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([topicId, ps]) => ({ topicId, partitions: [...ps].sort((p, q) => p - q) }));
  return { type: 'ConsumerGroupTargetAssignmentMember', groupId: 'my-group', memberId, value: { topicPartitions } };
}
const epochRecord: ConsumerGroupRecord = { type: 'ConsumerGroupTargetAssignmentMetadata', groupId: 'my-group', value: { assignmentEpoch: 20 } };

/** What the assignor saw of each member: subscribed topic ids and current target. */
function seen(group: GroupSpec): Record<string, { topics: string[]; current: Record<string, number[]>; instanceId: string | null }> {
  return Object.fromEntries(
    group.memberIds.map((id) => {
      const m = group.memberSubscription(id);
      return [id, { topics: [...m.subscribedTopicIds].sort(), current: show(m.assignedPartitions), instanceId: m.instanceId }];
    }),
  );
}

const a123 = mk(tp(FOO, 1, 2, 3), tp(BAR, 1, 2, 3));
const a456 = mk(tp(FOO, 4, 5, 6), tp(BAR, 4, 5, 6));
const a12 = mk(tp(FOO, 1, 2), tp(BAR, 1, 2));
const a34 = mk(tp(FOO, 3, 4), tp(BAR, 3, 4));
const a56 = mk(tp(FOO, 5, 6), tp(BAR, 5, 6));
const FOO_BAR = [FOO, BAR].sort();

describe('buildTargetAssignment (TargetAssignmentBuilderTest)', () => {
  it('[SA-01] testCreateMemberSubscriptionSpecImpl: names become topic ids, unknown names left out; instance and rack carried', () => {
    const assignor = new PreparedAssignor(new Map());
    const m = member('member-id', FOO_BAR_ZAR, { instanceId: 'instanceId', rackId: 'rackId' });
    buildTargetAssignment(input([m], { 'member-id': a123 }, assignor));
    const spec = assignor.group!.memberSubscription('member-id');
    expect([...spec.subscribedTopicIds].sort()).toEqual(FOO_BAR);
    expect(spec.rackId).toBe('rackId');
    expect(spec.instanceId).toBe('instanceId');
    expect(spec.assignedPartitions).toBe(a123);
  });

  it('[SA-05] testEmpty: only the epoch record, an empty target', () => {
    const result = buildTargetAssignment(input([], {}, new PreparedAssignor(new Map())));
    expect(result.records).toEqual([epochRecord]);
    expect(result.targetAssignment.size).toBe(0);
  });

  it('[SA-05] testAssignmentHasNotChanged: no member record', () => {
    const assignor = new PreparedAssignor(new Map([['member-1', a123], ['member-2', a456]]));
    const result = buildTargetAssignment(input([member('member-1', FOO_BAR_ZAR), member('member-2', FOO_BAR_ZAR)], { 'member-1': mk(tp(FOO, 1, 2, 3), tp(BAR, 1, 2, 3)), 'member-2': a456 }, assignor));
    expect(result.records).toEqual([epochRecord]);
    expect(show(result.targetAssignment.get('member-1')!)).toEqual(show(a123));
  });

  it('[SA-03][SA-05] testAssignmentSwapped: both members get a record; the assignor sees the current targets', () => {
    const assignor = new PreparedAssignor(new Map([['member-2', a123], ['member-1', a456]]));
    const result = buildTargetAssignment(input([member('member-1', FOO_BAR_ZAR), member('member-2', FOO_BAR_ZAR)], { 'member-1': a123, 'member-2': a456 }, assignor));
    expect(result.records).toEqual([targetRecord('member-1', a456), targetRecord('member-2', a123), epochRecord]);
    expect(seen(assignor.group!)).toEqual({
      'member-1': { topics: FOO_BAR, current: show(a123), instanceId: null },
      'member-2': { topics: FOO_BAR, current: show(a456), instanceId: null },
    });
    expect(assignor.group!.isPartitionAssigned(FOO, 6)).toBe(true);
    expect(assignor.group!.isPartitionAssigned(FOO, 0)).toBe(false);
    expect(assignor.topics!.numPartitions(FOO)).toBe(6);
    expect(assignor.topics!.numPartitions('zar')).toBe(-1);
    expect(assignor.group!.subscriptionType).toBe('HOMOGENEOUS');
  });

  it('[SA-03][SA-05] testNewMember: the new member starts empty and, having no target yet, gets a record', () => {
    const assignor = new PreparedAssignor(new Map([['member-1', a12], ['member-2', a34], ['member-3', a56]]));
    const members = [member('member-1', FOO_BAR_ZAR), member('member-2', FOO_BAR_ZAR), member('member-3', FOO_BAR_ZAR)];
    const result = buildTargetAssignment(input(members, { 'member-1': a123, 'member-2': a456 }, assignor));
    expect(result.records).toEqual([targetRecord('member-1', a12), targetRecord('member-2', a34), targetRecord('member-3', a56), epochRecord]);
    expect(seen(assignor.group!)['member-3']).toEqual({ topics: FOO_BAR, current: {}, instanceId: null });
  });

  it('[SA-01][SA-05] testUpdateMember: the updated subscription is what the assignor sees', () => {
    const assignor = new PreparedAssignor(new Map([['member-1', a12], ['member-2', a34], ['member-3', a56]]));
    const members = [
      member('member-1', FOO_BAR_ZAR),
      member('member-2', FOO_BAR_ZAR),
      member('member-3', FOO_BAR_ZAR, { instanceId: 'instance-id-3', rackId: 'rack-0' }),
    ];
    const targets = { 'member-1': mk(tp(FOO, 1, 2, 3), tp(BAR, 1, 2)), 'member-2': mk(tp(FOO, 4, 5, 6), tp(BAR, 3, 4)), 'member-3': mk(tp(BAR, 5, 6)) };
    const result = buildTargetAssignment(input(members, targets, assignor));
    expect(result.records).toEqual([targetRecord('member-1', a12), targetRecord('member-2', a34), targetRecord('member-3', a56), epochRecord]);
    expect(seen(assignor.group!)['member-3']).toEqual({ topics: FOO_BAR, current: { topic2: [5, 6] }, instanceId: 'instance-id-3' });
  });

  it('[SA-05] testPartialAssignmentUpdate: a member whose target did not change gets no record', () => {
    const assignor = new PreparedAssignor(new Map([['member-1', a12], ['member-2', mk(tp(FOO, 3, 4, 5), tp(BAR, 3, 4, 5))], ['member-3', mk(tp(FOO, 6), tp(BAR, 6))]]));
    const members = [member('member-1', FOO_BAR_ZAR), member('member-2', FOO_BAR_ZAR), member('member-3', ['bar', 'zar'])];
    const result = buildTargetAssignment(input(members, { 'member-1': a12, 'member-2': a34, 'member-3': a56 }, assignor));
    expect(result.records).toEqual([
      targetRecord('member-2', mk(tp(FOO, 3, 4, 5), tp(BAR, 3, 4, 5))),
      targetRecord('member-3', mk(tp(FOO, 6), tp(BAR, 6))),
      epochRecord,
    ]);
    expect(assignor.group!.subscriptionType).toBe('HETEROGENEOUS');
  });

  it('[SA-03][SA-05] testDeleteMember: a removed member is not given to the assignor and gets no tombstone', () => {
    const assignor = new PreparedAssignor(new Map([['member-1', a123], ['member-2', a456]]));
    const members = [member('member-1', FOO_BAR_ZAR), member('member-2', FOO_BAR_ZAR)];
    const result = buildTargetAssignment(input(members, { 'member-1': a12, 'member-2': a34, 'member-3': a56 }, assignor));
    expect(result.records).toEqual([targetRecord('member-1', a123), targetRecord('member-2', a456), epochRecord]);
    expect(assignor.group!.memberIds).toEqual(['member-1', 'member-2']);
    // Its partitions are free for the assignor (its target record is deleted with the member).
    expect(assignor.group!.isPartitionAssigned(FOO, 5)).toBe(false);
  });

  it('[SA-04][SA-05] testReplaceStaticMember: the new member inherits the old target; only it gets a record', () => {
    const assignor = new PreparedAssignor(new Map([['member-1', a12], ['member-2', a34], ['member-3-a', a56]]));
    const members = [
      member('member-1', FOO_BAR_ZAR, { instanceId: 'instance-member-1' }),
      member('member-2', FOO_BAR_ZAR, { instanceId: 'instance-member-2' }),
      member('member-3', FOO_BAR_ZAR, { instanceId: 'instance-member-3' }),
      member('member-3-a', FOO_BAR_ZAR, { instanceId: 'instance-member-3' }),
    ];
    const result = buildTargetAssignment(
      input(members, { 'member-1': a12, 'member-2': a34, 'member-3': a56 }, assignor, { replacedStaticMember: { oldMemberId: 'member-3', newMemberId: 'member-3-a' } }),
    );
    expect(result.records).toEqual([targetRecord('member-3-a', a56), epochRecord]);
    expect(assignor.group!.memberIds).toEqual(['member-1', 'member-2', 'member-3-a']);
    expect(seen(assignor.group!)['member-3-a']!.current).toEqual(show(a56));
    expect(assignor.group!.isPartitionAssigned(FOO, 5)).toBe(true);
    expect([...result.targetAssignment.keys()]).toEqual(['member-1', 'member-2', 'member-3-a']);
  });
});

describe('buildTargetAssignment: regular expressions, subscription type, errors (Kafka 4.0)', () => {
  const regexes = (entries: [string, string[]][]): ReadonlyMap<string, ResolvedRegularExpression> =>
    new Map(entries.map(([re, topics]) => [re, { topics, version: 1, timestampMs: 0 }]));

  it('[SA-01] a resolved regex adds its topics; names and regex are united; an unresolved regex adds nothing', () => {
    const assignor = new PreparedAssignor(new Map());
    const members = [
      member('m1', [], { subscribedTopicRegex: 'f.*' }),
      member('m2', ['bar'], { subscribedTopicRegex: 'f.*' }),
      member('m3', ['bar'], { subscribedTopicRegex: 'z.*' }),
    ];
    buildTargetAssignment(input(members, {}, assignor, { resolvedRegularExpressions: regexes([['f.*', ['foo', 'fizz']]]) }));
    const s = seen(assignor.group!);
    expect(s['m1']!.topics).toEqual([FOO]);
    expect(s['m2']!.topics).toEqual(FOO_BAR);
    expect(s['m3']!.topics).toEqual([BAR]);
  });

  it('[SA-02] subscription type: same names HOMOGENEOUS (even unknown ones), different names HETEROGENEOUS', () => {
    expect(consumerSubscriptionType([])).toBe('HOMOGENEOUS');
    expect(consumerSubscriptionType([member('a', ['foo', 'zar']), member('b', ['zar', 'foo'])])).toBe('HOMOGENEOUS');
    // An unknown name still counts: same topic ids, yet HETEROGENEOUS.
    expect(consumerSubscriptionType([member('a', ['foo', 'zar']), member('b', ['foo'])])).toBe('HETEROGENEOUS');
  });

  it('[SA-02] subscription type with regexes: one regex for all and no names is HOMOGENEOUS; anything else HETEROGENEOUS', () => {
    expect(consumerSubscriptionType([member('a', [], { subscribedTopicRegex: 'f.*' }), member('b', [], { subscribedTopicRegex: 'f.*' })])).toBe('HOMOGENEOUS');
    expect(consumerSubscriptionType([member('a', ['foo'], { subscribedTopicRegex: 'f.*' }), member('b', [], { subscribedTopicRegex: 'f.*' })])).toBe('HETEROGENEOUS');
    expect(consumerSubscriptionType([member('a', [], { subscribedTopicRegex: 'f.*' }), member('b', [], { subscribedTopicRegex: 'b.*' })])).toBe('HETEROGENEOUS');
    expect(consumerSubscriptionType([member('a', [], { subscribedTopicRegex: 'f.*' }), member('b', ['foo'])])).toBe('HETEROGENEOUS');
  });

  it('[SA-06] a PartitionAssignorError propagates and nothing is returned', () => {
    const failing: ServerAssignor = {
      name: 'failing',
      assign: () => {
        throw new PartitionAssignorError('Partitions were left unassigned');
      },
    };
    expect(() => buildTargetAssignment(input([member('m1', ['foo'])], {}, failing))).toThrow(PartitionAssignorError);
  });
});

describe('buildTargetAssignment with the uniform assignor', () => {
  it('[SA-05] folding the records over the previous target gives the returned target; unchanged members get none', () => {
    const members = ['m1', 'm2', 'm3'].map((id) => member(id, ['foo', 'bar']));
    const first = buildTargetAssignment(input(members.slice(0, 2), {}, uniformServerAssignor));
    const previous = new Map(first.targetAssignment);
    const second = buildTargetAssignment({ ...input(members, Object.fromEntries(previous), uniformServerAssignor), groupEpoch: 21 });
    const folded = new Map(previous);
    for (const r of second.records) if (r.type === 'ConsumerGroupTargetAssignmentMember') folded.set(r.memberId, assignmentFromList(r.value!.topicPartitions));
    expect([...folded.keys()].sort()).toEqual(['m1', 'm2', 'm3']);
    for (const [id, a] of second.targetAssignment) expect(assignmentsEqual(folded.get(id)!, a), id).toBe(true);
    const written = second.records.filter((r) => r.type === 'ConsumerGroupTargetAssignmentMember').map((r) => (r as { memberId: string }).memberId);
    for (const id of ['m1', 'm2']) expect(written.includes(id)).toBe(!assignmentsEqual(previous.get(id)!, second.targetAssignment.get(id)!));
    expect(written).toContain('m3');
    expect(second.records.at(-1)).toEqual({ type: 'ConsumerGroupTargetAssignmentMetadata', groupId: 'my-group', value: { assignmentEpoch: 21 } });
  });
});
