/**
 * Shared setups of the consumer-group (KIP-848) scenarios: members join topic `t` with
 * ConsumerGroupHeartbeat, revoke and acknowledge as Kafka's client does, and the group reaches
 * Stable at the epochs the text names.
 *
 * Variables the setups bind: `$m1`, `$m2` member ids (client-generated from v1, the
 * coordinator's at v0: CONF-17); `$keep1` the partitions m1 keeps when m2 joins; `$got2` the ones
 * m2 gets. Which partitions those are is the assignor's choice: the setups check counts, coverage
 * and disjointness (CONF-18), never exact partitions where Kafka leaves them open.
 * @see spec/consumer-group.md, spec/consumer-group-reconciliation.md
 */
import type { Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { alignGeneration, expect } from '../../src/conformance/scenario.js';
import { assigned, expectConsumerGroup, fullHeartbeat, inAnyOrder, joinConsumer, owned, sameAssignment } from '../../src/conformance/consumer-scenario.js';
import { send } from '../../src/conformance/scenario.js';

/** The topic every setup subscribes to: `t`, four partitions. */
export const T4 = [{ name: 't', partitions: 4 }] as const;

/** All four partitions of `t`. */
export const ALL_T = { t: [0, 1, 2, 3] } as const;

/** A heartbeat answer without error at `memberEpoch`, carrying the environment's interval (CG-16). */
export function ok(env: ScenarioEnv, memberId: string, memberEpoch: number | string, assignment: unknown): Record<string, unknown> {
  return { errorCode: 0, memberId, memberEpoch, heartbeatIntervalMs: env.consumerHeartbeatMs, assignment };
}

/**
 * The steps that read a new group's first epoch from the labelled join's answer and align it with
 * the text's 1 (CONF-21): against Kafka the shift is 0; a broker that starts elsewhere still
 * reaches the rules a scenario is about. Scenarios about the first epoch itself check it in process.
 */
export function firstEpoch(label: string, groupId = 'g'): Step {
  return alignGeneration(groupId, label, 1);
}

/** m1 joins `t` alone: group epoch 1, every partition at once (nothing to revoke, nothing owned by others). */
export function firstMember(env: ScenarioEnv): Step[] {
  return [send('join1', joinConsumer('$m1', ['t'])), firstEpoch('join1'), expect('join1', ok(env, '$m1', 1, assigned(ALL_T)))];
}

/**
 * m1 alone, then m2 joins: the group epoch goes to 2; m2 is at epoch 2 with nothing yet (its
 * partitions are m1's until released); m1 is told to keep half (its epoch stays 1 while it
 * revokes), acknowledges, reaches epoch 2; m2's next heartbeat gets the released half. Ends
 * Stable at group and assignment epoch 2, each member holding two partitions.
 */
export function twoMembers(env: ScenarioEnv): Step[] {
  return [
    ...firstMember(env),
    send('join2', joinConsumer('$m2', ['t'])),
    expect('join2', ok(env, '$m2', 2, assigned({}))),
    send('revoke1', fullHeartbeat('$m1', 1, ['t'], owned(ALL_T))),
    expect('revoke1', ok(env, '$m1', 1, assigned({ t: 2 }, { bind: 'keep1' }))),
    send('ack1', fullHeartbeat('$m1', 1, ['t'], '$keep1')),
    expect('ack1', ok(env, '$m1', 2, sameAssignment('$keep1'))),
    send('get2', fullHeartbeat('$m2', 2, ['t'], [])),
    expect('get2', ok(env, '$m2', 2, assigned({ t: 2 }, { bind: 'got2', disjointFrom: ['keep1'] }))),
  ];
}

/** The group as {@link twoMembers} leaves it. */
export function stableTwo(epoch = 2): Step {
  return expectConsumerGroup('g', {
    state: 'Stable',
    groupEpoch: epoch,
    assignmentEpoch: epoch,
    members: inAnyOrder(
      { memberId: '$m1', memberEpoch: epoch, assignment: sameAssignment('$keep1'), targetAssignment: sameAssignment('$keep1') },
      { memberId: '$m2', memberEpoch: epoch, assignment: sameAssignment('$got2'), targetAssignment: sameAssignment('$got2') },
    ),
  });
}

/** A consumer-group scenario on topic `t` of four partitions. */
export function onT4(name: string, rules: readonly string[], steps: (env: ScenarioEnv) => readonly Step[], extra: Partial<Scenario> = {}): Scenario {
  return { name, rules, topics: T4, steps, ...extra };
}
