/**
 * Step sequences that bring a group to a known state, shared by the scenarios. They assume
 * `group.initial.rebalance.delay.ms` = 100 (see {@link SHORT_DELAY}): every member joins at
 * once, the delay is extended once (TM-11), and `advance(200)` ends the initial join phase.
 *
 * Variables they bind: `$m1`, `$m2` (, `$m3`) member ids in join order; `$m1` leads.
 */
import type { BrokerConfigs, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, joinGroup, send, syncGroup } from '../../src/conformance/scenario.js';

/** A short initial rebalance delay, so setups take 200 ms of (virtual) time. */
export const SHORT_DELAY: BrokerConfigs = { 'group.initial.rebalance.delay.ms': 100 };

/** Two-step join of a new dynamic member `m<i>` (client `c<i>`); its second JoinGroup is labelled `join<i>`. */
export function joinNew(i: number, group = 'g'): Step[] {
  return [
    send(`first${i}`, joinGroup({ groupId: group, clientId: `c${i}` })),
    expect(`first${i}`, { errorCode: 79, memberId: `$m${i}` }),
    send(`join${i}`, joinGroup({ groupId: group, clientId: `c${i}`, memberId: `$m${i}` })),
  ];
}

/** The assignment the leader gives member `m<i>` in generation `gen`. */
export function assignmentOf(i: number, gen: number): Uint8Array {
  return bytes(`m${i}@gen${gen}`);
}

/**
 * A Stable group `g` at generation 1 with members m1 (leader) .. m<n>, each holding
 * {@link assignmentOf}(i, 1).
 */
export function stableGroup(n = 2, group = 'g'): Step[] {
  const steps: Step[] = [];
  for (let i = 1; i <= n; i++) steps.push(...joinNew(i, group));
  steps.push(advance(200));
  for (let i = 1; i <= n; i++) steps.push(expect(`join${i}`, { errorCode: 0, generationId: 1, leader: '$m1', memberId: `$m${i}` }));
  const assignments = Array.from({ length: n }, (_, k) => ({ memberId: `$m${k + 1}`, assignment: assignmentOf(k + 1, 1) }));
  steps.push(send('sync1', syncGroup({ groupId: group, generationId: 1, memberId: '$m1', assignments })));
  for (let i = 2; i <= n; i++) steps.push(send(`sync${i}`, syncGroup({ groupId: group, generationId: 1, memberId: `$m${i}` })));
  for (let i = 1; i <= n; i++) steps.push(expect(`sync${i}`, { errorCode: 0, assignment: assignmentOf(i, 1) }));
  return steps;
}

/**
 * A group in PreparingRebalance (from Stable, generation 1): m1 (leader) has rejoined (its
 * JoinGroup `rejoin1` is parked), m2 has not. The join timer runs for the rebalance timeout
 * (30000 ms with the default JoinGroup of the scenarios).
 */
export function preparingRebalance(group = 'g'): Step[] {
  return [...stableGroup(2, group), send('rejoin1', joinGroup({ groupId: group, clientId: 'c1', memberId: '$m1' }))];
}

/**
 * A group in CompletingRebalance at generation 2: m1 (leader) and m2 both rejoined; neither
 * has sent SyncGroup for generation 2 yet. Their JoinGroup responses are `rejoin1`, `rejoin2`.
 */
export function completingRebalance(group = 'g'): Step[] {
  return [
    ...preparingRebalance(group),
    send('rejoin2', joinGroup({ groupId: group, clientId: 'c2', memberId: '$m2' })),
    expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1' }),
    expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m1' }),
  ];
}

/**
 * A group that was Stable with m1 and m2 and is Empty again at generation 2 after both left
 * (their member ids are now unknown to it).
 */
export function emptiedGroup(group = 'g'): Step[] {
  return [
    ...stableGroup(2, group),
    send('leaveAll', { api: 'LeaveGroup', version: 5, clientId: 'admin', clientHost: '/127.0.0.1', groupId: group, members: [{ memberId: '$m1', groupInstanceId: null, reason: null }, { memberId: '$m2', groupInstanceId: null, reason: null }] }),
    expect('leaveAll', { errorCode: 0 }),
  ];
}
