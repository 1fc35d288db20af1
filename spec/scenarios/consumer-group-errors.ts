/**
 * Normative scenarios: the ConsumerGroupHeartbeat answers that refuse a request (INVALID_REQUEST
 * with Kafka's messages, GROUP_ID_NOT_FOUND, UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH and the lost
 * answer it tolerates, UNSUPPORTED_ASSIGNOR, GROUP_MAX_SIZE_REACHED), each leaving the group as it
 * was.
 *
 * @remarks
 * Error messages are checked where Kafka's text names no group or topic (those carry the run's
 * prefix over the wire, CONF-05).
 * @see spec/consumer-group.md
 */
import type { Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { expect, send } from '../../src/conformance/scenario.js';
import { anything } from '../../src/conformance/scenario.js';
import { consumerHeartbeat, expectConsumerGroup, fullHeartbeat, joinConsumer, owned, sameAssignment } from '../../src/conformance/consumer-scenario.js';
import { ALL_T, firstEpoch, firstMember, ok, onT4, stableTwo, T4, twoMembers } from './consumer-group-helpers.js';

/** An error answer: the code, Kafka's message where given, and nothing else (CG-05). */
function refused(errorCode: number, errorMessage: unknown = anything): Record<string, unknown> {
  return { errorCode, errorMessage, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
}

const INVALID_REQUEST = 42;

/** Each malformed join, with Kafka's message (CG-03). */
function malformedJoins(): Step[] {
  const cases: [string, ReturnType<typeof joinConsumer>, string][] = [
    ['noTimeout', joinConsumer('$m1', ['t'], { rebalanceTimeoutMs: -1 }), 'RebalanceTimeoutMs must be provided in first request.'],
    ['owns', joinConsumer('$m1', ['t'], { topicPartitions: owned({ t: [0] }) }), 'TopicPartitions must be empty when (re-)joining.'],
    ['ownsNull', joinConsumer('$m1', ['t'], { topicPartitions: null }), 'TopicPartitions must be empty when (re-)joining.'],
    ['noSubscription', joinConsumer('$m1', ['t'], { subscribedTopicNames: null }), 'Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.'],
    ['emptyInstance', joinConsumer('$m1', ['t'], { instanceId: '' }), "InstanceId can't be empty."],
    ['emptyRack', joinConsumer('$m1', ['t'], { rackId: '' }), "RackId can't be empty."],
    ['badEpoch', joinConsumer('$m1', ['t'], { memberEpoch: -3 }), 'MemberEpoch is invalid.'],
  ];
  return cases.flatMap(([label, request, message]) => [send(label, request), expect(label, refused(INVALID_REQUEST, message))]);
}

const validation: Scenario[] = [
  onT4('ConsumerGroupHeartbeat: a malformed join is INVALID_REQUEST with Kafka\'s message and creates no group', ['CG-03', 'CG-05'], (env) => [
    ...malformedJoins(),
    // None of them created the group: the first valid join finds it new, at epoch 1.
    ...firstMember(env),
  ]),
  {
    name: 'ConsumerGroupHeartbeat: a member id is required from v1 and, in every version, beyond the join',
    rules: ['CG-02', 'CG-05'],
    topics: T4,
    steps: [
      send('v1join', consumerHeartbeat('', 0, { version: 1, subscribedTopicNames: ['t'], topicPartitions: [] })),
      expect('v1join', refused(INVALID_REQUEST, "MemberId can't be empty.")),
      send('beat', consumerHeartbeat('', 1)),
      expect('beat', refused(INVALID_REQUEST, "MemberId can't be empty.")),
      send('leave', consumerHeartbeat('', -1)),
      expect('leave', refused(INVALID_REQUEST, "MemberId can't be empty.")),
    ],
  },
  onT4('ConsumerGroupHeartbeat: an unknown group is GROUP_ID_NOT_FOUND and an unknown member UNKNOWN_MEMBER_ID', ['CG-07', 'CG-09', 'CG-05'], (env) => [
    send('noGroup', fullHeartbeat('no-such-member', 1, ['t'], [])),
    expect('noGroup', refused(69)),
    ...firstMember(env),
    send('stranger', fullHeartbeat('no-such-member', 1, ['t'], [])),
    expect('stranger', refused(25)),
    expectConsumerGroup('g', { state: 'Stable', groupEpoch: 1, members: [{ memberId: '$m1' }] }),
  ]),
  onT4('ConsumerGroupHeartbeat: an unknown server assignor is UNSUPPORTED_ASSIGNOR; a known one is accepted', ['CG-04', 'CG-05'], (env) => [
    send('bogus', joinConsumer('$m1', ['t'], { serverAssignor: 'bogus' })),
    expect('bogus', refused(112)),
    send('range', joinConsumer('$m1', ['t'], { serverAssignor: 'range' })),
    expect('range', ok(env, '$m1', 1, anything)),
  ]),
];

/** FENCED_MEMBER_EPOCH and the lost answer Kafka tolerates, on the two-member group of epoch 2. */
function fencing(env: ScenarioEnv): Step[] {
  return [
    ...twoMembers(env),
    // An epoch from the future.
    send('ahead', fullHeartbeat('$m1', 3, ['t'], '$keep1')),
    expect('ahead', refused(110)),
    // The previous epoch without owned partitions (null is not a subset), or owning more than assigned.
    send('nullOwned', consumerHeartbeat('$m1', 1)),
    expect('nullOwned', refused(110)),
    send('ownsMore', fullHeartbeat('$m1', 1, ['t'], owned(ALL_T))),
    expect('ownsMore', refused(110)),
    // A known member id rejoining with epoch 0 is checked as any epoch: its previous epoch is 1.
    send('rejoin', joinConsumer('$m1', ['t'])),
    expect('rejoin', refused(110)),
    // The previous epoch owning a subset of its partitions: the answer that bumped it was lost.
    send('lost', fullHeartbeat('$m1', 1, ['t'], '$keep1')),
    expect('lost', ok(env, '$m1', 2, sameAssignment('$keep1'))),
    stableTwo(),
  ];
}

const epochs: Scenario[] = [
  onT4('ConsumerGroupHeartbeat: FENCED_MEMBER_EPOCH for a wrong epoch, except the previous one with owned partitions it still has (a lost answer)', ['CG-11', 'CG-12', 'CG-32', 'CG-05'], fencing),
];

/** `group.consumer.max.size` of the broker. */
function maxSize(env: ScenarioEnv): number {
  return env.configs['group.consumer.max.size']!;
}

const size: Scenario[] = [
  {
    name: 'ConsumerGroupHeartbeat: a join beyond group.consumer.max.size is GROUP_MAX_SIZE_REACHED; members carry on',
    rules: ['CG-10', 'CG-05'],
    topics: T4,
    config: { 'group.consumer.max.size': 2 },
    needs: (env) => (maxSize(env) <= 10 ? undefined : `needs group.consumer.max.size of at most 10 (members to join); the target has ${maxSize(env)}`),
    steps: (env) => {
      const n = maxSize(env);
      const joins = Array.from({ length: n }, (_, i) => [
        send(`join${i + 1}`, joinConsumer(`$m${i + 1}`, ['t'])),
        ...(i === 0 ? [firstEpoch('join1')] : []),
        expect(`join${i + 1}`, { errorCode: 0, memberId: `$m${i + 1}`, memberEpoch: i + 1 }),
      ]).flat();
      return [
        ...joins,
        send('tooMany', joinConsumer(`$m${n + 1}`, ['t'])),
        expect('tooMany', refused(81, `The consumer group has reached its maximum capacity of ${n} members.`)),
        send('stays', fullHeartbeat('$m1', 1, ['t'], owned(ALL_T))),
        expect('stays', { errorCode: 0, memberId: '$m1' }),
        expectConsumerGroup('g', { groupEpoch: n }),
      ];
    },
  },
];

/** The consumer-group error scenarios. */
export const consumerGroupErrorScenarios: readonly Scenario[] = [...validation, ...epochs, ...size];
