/**
 * Normative scenarios: what makes a consumer group (KIP-848) rebalance, and how. A member joins,
 * leaves, dies by session timeout; a subscribed topic grows or appears. Each is followed through
 * the epochs: the group epoch bumps, the target is recomputed, a member gives up partitions
 * before another gets them (revocation before reassignment), and the group ends Stable with every
 * partition held once.
 * @see spec/consumer-group.md, spec/consumer-group-reconciliation.md
 */
import type { Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, expect, send } from '../../src/conformance/scenario.js';
import { assigned, consumerHeartbeat, createTopic, expectConsumerGroup, fullHeartbeat, inAnyOrder, joinConsumer, owned, sameAssignment } from '../../src/conformance/consumer-scenario.js';
import { ALL_T, firstEpoch, firstMember, ok, onT4, stableTwo, twoMembers } from './consumer-group-helpers.js';

const joins: Scenario[] = [
  onT4('ConsumerGroupHeartbeat: the first member creates the group and gets every partition', ['CG-06', 'CG-07', 'CG-16', 'CG-17', 'CG-23', 'CG-25', 'CG-28', 'CGR-05'], (env) => [
    // The first epoch itself is checked here: no alignment (CONF-21).
    send('join1', joinConsumer('$m1', ['t'])),
    expect('join1', ok(env, '$m1', 1, assigned(ALL_T))),
    expectConsumerGroup('g', {
      state: 'Stable',
      groupEpoch: 1,
      assignmentEpoch: 1,
      members: [{ memberId: '$m1', memberEpoch: 1, subscribedTopicNames: ['t'], assignment: assigned(ALL_T), targetAssignment: assigned(ALL_T) }],
    }),
  ]),
  onT4('ConsumerGroupHeartbeat: a second member joins; the first revokes half before the second gets it', ['CG-23', 'CG-25', 'CG-28', 'CGR-03', 'CGR-04', 'CGR-05', 'CGR-06', 'CGR-07'], (env) => [
    ...firstMember(env),
    send('join2', joinConsumer('$m2', ['t'])),
    // m2 is at the new epoch with nothing: its partitions are still m1's (UNRELEASED_PARTITIONS).
    expect('join2', ok(env, '$m2', 2, assigned({}))),
    expectConsumerGroup('g', {
      state: 'Reconciling',
      groupEpoch: 2,
      assignmentEpoch: 2,
      members: inAnyOrder(
        { memberId: '$m1', memberEpoch: 1, assignment: assigned(ALL_T), targetAssignment: assigned({ t: 2 }, { bind: 'target1' }) },
        { memberId: '$m2', memberEpoch: 2, assignment: assigned({}), targetAssignment: assigned({ t: 2 }, { disjointFrom: ['target1'] }) },
      ),
    }),
    // m1 must give up half first: it keeps its epoch and is told only what it keeps.
    send('revoke1', fullHeartbeat('$m1', 1, ['t'], owned(ALL_T))),
    expect('revoke1', ok(env, '$m1', 1, sameAssignment('$target1'))),
    // m2 asks before m1 has released anything: still nothing.
    send('early2', fullHeartbeat('$m2', 2, ['t'], [])),
    expect('early2', ok(env, '$m2', 2, assigned({}))),
    // m1 acknowledges (owns only what it keeps) and reaches epoch 2.
    send('ack1', fullHeartbeat('$m1', 1, ['t'], '$target1')),
    expect('ack1', ok(env, '$m1', 2, sameAssignment('$target1'))),
    send('get2', fullHeartbeat('$m2', 2, ['t'], [])),
    expect('get2', ok(env, '$m2', 2, assigned({ t: 2 }, { disjointFrom: ['target1'] }))),
    expectConsumerGroup('g', { state: 'Stable', groupEpoch: 2, assignmentEpoch: 2 }),
  ]),
];

const departures: Scenario[] = [
  onT4('ConsumerGroupHeartbeat: a member leaves with epoch -1; the other gets its partitions at the next epoch', ['CG-13', 'CG-23', 'CG-25', 'CG-28', 'CGR-05'], (env) => [
    ...twoMembers(env),
    stableTwo(),
    send('leave2', consumerHeartbeat('$m2', -1)),
    expect('leave2', { errorCode: 0, memberId: '$m2', memberEpoch: -1, assignment: null }),
    // The leave bumps the group epoch; the target waits for the next heartbeat.
    expectConsumerGroup('g', { state: 'Assigning', groupEpoch: 3, assignmentEpoch: 2, members: [{ memberId: '$m1', memberEpoch: 2 }] }),
    send('hb1', fullHeartbeat('$m1', 2, ['t'], '$keep1')),
    expect('hb1', ok(env, '$m1', 3, assigned(ALL_T))),
    expectConsumerGroup('g', { state: 'Stable', groupEpoch: 3, assignmentEpoch: 3, members: [{ memberId: '$m1', memberEpoch: 3, assignment: assigned(ALL_T) }] }),
    // Gone for good: its heartbeats are refused.
    send('late2', fullHeartbeat('$m2', 2, ['t'], '$got2')),
    expect('late2', { errorCode: 25, memberId: null, assignment: null }),
  ]),
  onT4('ConsumerGroupHeartbeat: a member not heard from within group.consumer.session.timeout.ms is fenced; the other takes over', ['CG-33', 'CG-13', 'CG-09', 'CG-23', 'CG-28'], (env) => [
    ...twoMembers(env),
    // Just before m2's session ends it is still a member; m1 heartbeats on.
    advance(env.consumerSessionMs - env.settleMs - env.marginMs),
    stableTwo(),
    send('alive1', fullHeartbeat('$m1', 2, ['t'], '$keep1')),
    expect('alive1', ok(env, '$m1', 2, sameAssignment('$keep1'))),
    advance(2 * env.marginMs + env.settleMs),
    expectConsumerGroup('g', { state: 'Assigning', groupEpoch: 3, assignmentEpoch: 2, members: [{ memberId: '$m1', memberEpoch: 2 }] }),
    send('hb1', fullHeartbeat('$m1', 2, ['t'], '$keep1')),
    expect('hb1', ok(env, '$m1', 3, assigned(ALL_T))),
    expectConsumerGroup('g', { state: 'Stable', groupEpoch: 3, assignmentEpoch: 3 }),
    send('late2', fullHeartbeat('$m2', 2, ['t'], '$got2')),
    expect('late2', { errorCode: 25 }),
  ]),
  onT4('ConsumerGroupHeartbeat: a member that does not revoke within its rebalance timeout is fenced; the other gets everything', ['CG-34', 'CGR-03', 'CG-13', 'CG-09'], (env) => {
    // Half a consumer session, so that no session ends meanwhile.
    const rebalanceMs = Math.floor(env.consumerSessionMs / 2);
    return [
      send('join1', joinConsumer('$m1', ['t'], { rebalanceTimeoutMs: rebalanceMs })),
      firstEpoch('join1'),
      expect('join1', ok(env, '$m1', 1, assigned(ALL_T))),
      send('join2', joinConsumer('$m2', ['t'])),
      expect('join2', ok(env, '$m2', 2, assigned({}))),
      // Told to revoke half: the rebalance timer starts now.
      send('revoke1', fullHeartbeat('$m1', 1, ['t'], owned(ALL_T), { rebalanceTimeoutMs: rebalanceMs })),
      expect('revoke1', ok(env, '$m1', 1, assigned({ t: 2 }))),
      advance(rebalanceMs - env.settleMs - env.marginMs),
      expectConsumerGroup('g', { groupEpoch: 2, members: inAnyOrder({ memberId: '$m1', memberEpoch: 1 }, { memberId: '$m2', memberEpoch: 2 }) }),
      advance(2 * env.marginMs + env.settleMs),
      expectConsumerGroup('g', { state: 'Assigning', groupEpoch: 3, members: [{ memberId: '$m2', memberEpoch: 2 }] }),
      send('late1', fullHeartbeat('$m1', 1, ['t'], owned(ALL_T))),
      expect('late1', { errorCode: 25 }),
      send('hb2', fullHeartbeat('$m2', 2, ['t'], [])),
      expect('hb2', ok(env, '$m2', 3, assigned(ALL_T))),
    ];
  }),
];

/** Two members stable on `t` of two partitions, one each (`$p1`, `$p2`), both naming `assignor` when given. */
function twoOnTwo(env: ScenarioEnv, assignor: string | null = null): Step[] {
  const pin = { serverAssignor: assignor };
  return [
    send('join1', joinConsumer('$m1', ['t'], pin)),
    firstEpoch('join1'),
    expect('join1', ok(env, '$m1', 1, assigned({ t: [0, 1] }))),
    send('join2', joinConsumer('$m2', ['t'], pin)),
    expect('join2', ok(env, '$m2', 2, assigned({}))),
    send('revoke1', fullHeartbeat('$m1', 1, ['t'], owned({ t: [0, 1] }))),
    expect('revoke1', ok(env, '$m1', 1, assigned({ t: 1 }, { bind: 'p1' }))),
    send('ack1', fullHeartbeat('$m1', 1, ['t'], '$p1')),
    expect('ack1', ok(env, '$m1', 2, sameAssignment('$p1'))),
    send('get2', fullHeartbeat('$m2', 2, ['t'], [])),
    expect('get2', ok(env, '$m2', 2, assigned({ t: 1 }, { bind: 'p2', disjointFrom: ['p1'] }))),
  ];
}

const metadata: Scenario[] = [
  {
    name: 'ConsumerGroupHeartbeat: partitions added to a subscribed topic are assigned at the next epoch; under uniform nothing is revoked',
    rules: ['CG-27', 'CG-26', 'CG-23', 'CG-25', 'CGR-05', 'CGR-02', 'SA-23'],
    topics: [{ name: 't', partitions: 2 }],
    steps: (env) => [
      ...twoOnTwo(env, 'uniform'),
      createTopic('t', 4),
      send('hb1', fullHeartbeat('$m1', 2, ['t'], '$p1')),
      // New partitions are free, and uniform keeps what a member has up to its quota (SA-23): m1
      // keeps its own and gets a new one at once, at the new epoch.
      expect('hb1', ok(env, '$m1', 3, assigned({ t: 2 }, { bind: 'n1', disjointFrom: ['p2'] }))),
      send('hb2', fullHeartbeat('$m2', 2, ['t'], '$p2')),
      expect('hb2', ok(env, '$m2', 3, assigned({ t: 2 }, { bind: 'n2', disjointFrom: ['n1'] }))),
      expectConsumerGroup('g', {
        state: 'Stable',
        groupEpoch: 3,
        assignmentEpoch: 3,
        members: inAnyOrder({ memberId: '$m1', assignment: sameAssignment('$n1') }, { memberId: '$m2', assignment: sameAssignment('$n2') }),
      }),
    ],
  },
  {
    name: 'ConsumerGroupHeartbeat: a subscribed topic that does not exist yet is assigned once it is created',
    rules: ['CG-27', 'CG-26', 'CG-23'],
    topics: [{ name: 't', partitions: 2 }],
    steps: (env) => [
      send('join1', joinConsumer('$m1', ['t', 'u'])),
      firstEpoch('join1'),
      expect('join1', ok(env, '$m1', 1, assigned({ t: [0, 1] }))),
      createTopic('u', 3),
      send('hb1', fullHeartbeat('$m1', 1, ['t', 'u'], owned({ t: [0, 1] }))),
      expect('hb1', ok(env, '$m1', 2, assigned({ t: [0, 1], u: [0, 1, 2] }))),
      expectConsumerGroup('g', { state: 'Stable', groupEpoch: 2, assignmentEpoch: 2 }),
    ],
  },
];

/** The consumer-group rebalance scenarios. */
export const consumerGroupScenarios: readonly Scenario[] = [...joins, ...departures, ...metadata];
