/**
 * Normative scenarios: static members of consumer groups (KIP-848 with KIP-345's instance ids)
 * and subscriptions by regular expression.
 *
 * A static member that leaves with epoch -2 keeps its place and partitions; a member joining with
 * its instance id takes both over without a rebalance, while one joining before it left is
 * refused. Regexes (ConsumerGroupHeartbeat v1) match whole topic names; Kafka 4.0 resolves them
 * asynchronously, so the scenarios accept the topics in the first answer or one epoch later.
 * @see spec/consumer-group.md
 */
import type { Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, expect, oneOf, send } from '../../src/conformance/scenario.js';
import { assigned, consumerHeartbeat, expectConsumerGroup, fullHeartbeat, joinConsumer, owned } from '../../src/conformance/consumer-scenario.js';
import { ALL_T, firstEpoch, ok, onT4 } from './consumer-group-helpers.js';

/** m1 joins `t` alone as static member `i1`: epoch 1, every partition. */
function staticFirst(env: ScenarioEnv): Step[] {
  return [send('join1', joinConsumer('$m1', ['t'], { instanceId: 'i1' })), firstEpoch('join1'), expect('join1', ok(env, '$m1', 1, assigned(ALL_T)))];
}

const staticMembers: Scenario[] = [
  onT4('ConsumerGroupHeartbeat: a static member leaves temporarily (epoch -2); a member with its instance id takes its place and partitions without a rebalance', ['CG-15', 'CG-18', 'CG-19', 'CG-20', 'CG-28', 'SA-04'], (env) => [
    ...staticFirst(env),
    send('pause', consumerHeartbeat('$m1', -2, { instanceId: 'i1' })),
    expect('pause', { errorCode: 0, memberId: '$m1', memberEpoch: -2 }),
    // Still a member, at epoch -2 with its partitions; no new group epoch.
    expectConsumerGroup('g', { state: 'Reconciling', groupEpoch: 1, assignmentEpoch: 1, members: [{ memberId: '$m1', instanceId: 'i1', memberEpoch: -2, assignment: assigned(ALL_T) }] }),
    send('back', joinConsumer('$n1', ['t'], { instanceId: 'i1' })),
    expect('back', ok(env, '$n1', 1, assigned(ALL_T))),
    expectConsumerGroup('g', { state: 'Stable', groupEpoch: 1, assignmentEpoch: 1, members: [{ memberId: '$n1', instanceId: 'i1', memberEpoch: 1, assignment: assigned(ALL_T) }] }),
    // The replaced member id is gone.
    send('old', fullHeartbeat('$m1', 1, ['t'], owned(ALL_T), { instanceId: 'i1' })),
    expect('old', { errorCode: 82 }),
  ]),
  onT4('ConsumerGroupHeartbeat: joining with an instance id a live member holds is UNRELEASED_INSTANCE_ID; the holder is untouched', ['CG-18', 'CG-05'], (env) => [
    ...staticFirst(env),
    send('twin', joinConsumer('$m2', ['t'], { instanceId: 'i1' })),
    expect('twin', { errorCode: 111, memberId: null, assignment: null }),
    send('hb1', fullHeartbeat('$m1', 1, ['t'], owned(ALL_T), { instanceId: 'i1' })),
    expect('hb1', ok(env, '$m1', 1, assigned(ALL_T))),
    expectConsumerGroup('g', { state: 'Stable', groupEpoch: 1, members: [{ memberId: '$m1', instanceId: 'i1' }] }),
  ]),
  onT4('ConsumerGroupHeartbeat: a static member gone temporarily is removed when its session expires', ['CG-15', 'CG-33', 'CG-13', 'CG-28'], (env) => [
    ...staticFirst(env),
    send('pause', consumerHeartbeat('$m1', -2, { instanceId: 'i1' })),
    expect('pause', { errorCode: 0, memberEpoch: -2 }),
    advance(env.consumerSessionMs - env.settleMs - env.marginMs),
    expectConsumerGroup('g', { groupEpoch: 1, members: [{ memberId: '$m1', memberEpoch: -2 }] }),
    advance(2 * env.marginMs + env.settleMs),
    expectConsumerGroup('g', { state: 'Empty', groupEpoch: 2, members: [] }),
    // Its instance id is free: a new member joins as a new member, at a new epoch.
    send('back', joinConsumer('$n1', ['t'], { instanceId: 'i1' })),
    expect('back', ok(env, '$n1', 3, assigned(ALL_T))),
  ]),
];

/** Topics `ta`, `tb` (two partitions each) that `t.*` matches, and `x` that it does not. */
const REGEX_TOPICS = [
  { name: 'ta', partitions: 2 },
  { name: 'tb', partitions: 2 },
  { name: 'x', partitions: 1 },
] as const;

const BOTH = { ta: [0, 1], tb: [0, 1] } as const;

const regexes: Scenario[] = [
  {
    name: 'ConsumerGroupHeartbeat: a member subscribing by regex gets the partitions of the whole topic names it matches',
    rules: ['CG-29', 'CG-31', 'CG-26', 'CG-23'],
    topics: REGEX_TOPICS,
    steps: (env) => [
      send('join1', joinConsumer('$m1', [], { subscribedTopicRegex: 't.*' })),
      // Kafka 4.0 resolves the regex after answering (nothing yet); this broker may in the heartbeat.
      expect('join1', ok(env, '$m1', '$e1', oneOf(assigned(BOTH, { bind: 'a1' }), assigned({}, { bind: 'a1' })))),
      advance(env.marginMs),
      send('hb1', fullHeartbeat('$m1', '$e1' as unknown as number, [], '$a1')),
      expect('hb1', ok(env, '$m1', '$e2', assigned(BOTH))),
      expectConsumerGroup('g', { state: 'Stable', groupEpoch: '$e2', members: [{ memberId: '$m1', subscribedTopicRegex: 't.*', assignment: assigned(BOTH) }] }),
    ],
  },
  onT4('ConsumerGroupHeartbeat: a regex RE2J cannot compile is INVALID_REGULAR_EXPRESSION', ['CG-30', 'CG-05'], () => [
    send('bad', joinConsumer('$m1', [], { subscribedTopicRegex: '[' })),
    expect('bad', { errorCode: 128, memberId: null, assignment: null }),
  ]),
];

/** The static-member and regex scenarios of consumer groups. */
export const consumerGroupStaticScenarios: readonly Scenario[] = [...staticMembers, ...regexes];
