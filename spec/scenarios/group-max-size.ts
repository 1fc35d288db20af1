/**
 * Normative scenarios: `group.max.size`, the capacity check of JoinGroup in each state and
 * what happens to a rejected member.
 *
 * @remarks
 * Group sizes derive from the broker's `group.max.size` (N): each scenario fills the group to N
 * members and sends one more. A limit too large to fill within a scenario (Kafka's default is
 * 2147483647) or below 2 skips them, saying so. Timings come from the broker's configs
 * ({@link ScenarioEnv}); join timers and sessions are checked one margin after they end.
 * @see spec/static-membership.md ST-15, ST-16
 */
import type { Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, leaveGroup, oneOf, send, syncGroup } from '../../src/conformance/scenario.js';
import { assignmentOf, formsAtOnce, stableGroup } from './setup.js';
import { initialPhaseMs, STABLE_RECORDS, stableWith, staticJoin } from './static-helpers.js';

/** The largest `group.max.size` the scenarios fill (every member joins, one request or two each). */
const MAX_FILLABLE = 20;

/** `group.max.size` of the broker. */
function maxSize(env: ScenarioEnv): number {
  return env.configs['group.max.size']!;
}

/** Why the scenarios cannot fill a group on this broker, or undefined. */
function fillable(env: ScenarioEnv): string | undefined {
  const n = maxSize(env);
  if (n < 2) return `needs group.max.size of at least 2 (a full group with a follower); the target has ${n}`;
  if (n > MAX_FILLABLE) return `group.max.size is ${n}: a group that large cannot be filled within a scenario (at most ${MAX_FILLABLE} members)`;
  return undefined;
}

/** The GROUP_MAX_SIZE_REACHED answer: MemberId "", generation -1, no leader or members. */
const FULL = { errorCode: 81, memberId: '', generationId: -1, leader: '', protocolType: null, protocolName: null, skipAssignment: false, members: [] };

/** `'$m<from>'` .. `'$m<to>'`. */
function ids(from: number, to: number): string[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => `$m${from + i}`);
}

/** Members `from`..`to` of a Stable group rejoin (dynamic, default metadata), labelled `rejoin<k>`. */
function rejoins(from: number, to: number): Step[] {
  const steps: Step[] = [];
  for (let k = from; k <= to; k++) steps.push(send(`rejoin${k}`, joinGroup({ clientId: `c${k}`, memberId: `$m${k}` })));
  return steps;
}

/** A JoinGroup of member `k` with metadata that differs from the setup's, so that its rejoin rebalances. */
function changedJoin(k: number): ReturnType<typeof joinGroup> {
  return joinGroup({ clientId: `c${k}`, memberId: `$m${k}`, protocols: [{ name: 'range', metadata: bytes('range:v2') }] });
}

/**
 * A Stable group of N members in which member N rejoins with new metadata (a rebalance, its
 * JoinGroup `rN` parked), members 2..N-1 rejoin, and a new member N+1 joins: N JoinGroups parked.
 */
function atTheLimit(env: ScenarioEnv, n: number): Step[] {
  return [
    ...stableGroup(env, n),
    // A rebalance from Stable: the join timer runs for the rebalance timeout.
    send('rN', changedJoin(n)),
    expectPending('rN'),
    ...rejoins(2, n - 1),
    send('firstNew', joinGroup({ clientId: `c${n + 1}` })),
    expect('firstNew', { errorCode: 79, memberId: `$m${n + 1}` }),
    send('joinNew', joinGroup({ clientId: `c${n + 1}`, memberId: `$m${n + 1}` })),
    expectPending('joinNew'),
  ];
}

/** The `group.max.size` scenarios. */
export const groupMaxSizeScenarios: Scenario[] = [
  {
    name: 'MaxSize: full Stable group -> new dynamic, new static, replacing, incompatible and unknown-id JoinGroups all get GROUP_MAX_SIZE_REACHED',
    rules: ['ST-15', 'ST-16'],
    config: { 'group.max.size': 2 },
    needs: fillable,
    steps: (env) => {
      const n = maxSize(env);
      return [
        ...stableWith(env, 's'.repeat(n)),
        send('dyn', joinGroup({ clientId: `c${n + 1}` })),
        expect('dyn', FULL),
        send('new', staticJoin(n + 1)),
        expect('new', FULL),
        // A known instance joining with MemberId "" counts as a new member.
        send('replace', staticJoin(1)),
        expect('replace', FULL),
        // The capacity check comes before protocol compatibility and member validation.
        send('bad', joinGroup({ clientId: `c${n + 1}`, protocolType: 'other' })),
        expect('bad', FULL),
        send('unknown', joinGroup({ clientId: `c${n + 1}`, memberId: 'nobody' })),
        expect('unknown', FULL),
        expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ids(1, n) }),
        // Members are always accepted.
        send('rN', staticJoin(n, { memberId: `$m${n}` })),
        expect('rN', { errorCode: 0, memberId: `$m${n}`, generationId: 1, leader: '$m1', members: [] }),
        send('h1', heartbeat({ memberId: '$m1', groupInstanceId: 'i1' })),
        expect('h1', { errorCode: 0 }),
        expectDurable('g', STABLE_RECORDS),
      ];
    },
  },
  {
    name: 'MaxSize: full CompletingRebalance group -> a new member is rejected and the parked SyncGroup is left alone',
    rules: ['ST-15', 'ST-16'],
    config: { 'group.max.size': 2 },
    needs: fillable,
    steps: (env) => {
      const n = maxSize(env);
      const assignments = ids(1, n).map((memberId, i) => ({ memberId, assignment: assignmentOf(i + 1, 2) }));
      return [
        ...stableGroup(env, n),
        // Every member rejoins, the leader first: CompletingRebalance at generation 2.
        ...rejoins(1, n),
        ...ids(1, n).map((_m, i) => expect(`rejoin${i + 1}`, { errorCode: 0, generationId: 2, leader: '$m1' })),
        send('sN', syncGroup({ generationId: 2, memberId: `$m${n}` })),
        expectPending('sN'),
        send('jNew', joinGroup({ clientId: `c${n + 1}` })),
        expect('jNew', FULL),
        expectPending('sN'),
        expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ids(1, n) }),
        send('s1', syncGroup({ generationId: 2, memberId: '$m1', assignments })),
        expect('s1', { errorCode: 0, assignment: assignmentOf(1, 2) }),
        expect('sN', { errorCode: 0, assignment: assignmentOf(n, 2) }),
        expectGroup('g', { state: 'Stable', generationId: 2 }),
      ];
    },
  },
  {
    name: 'MaxSize: PreparingRebalance counts parked JoinGroups -> the leader rejoining last is dropped without a rebalance; the join timer decides',
    rules: ['ST-15', 'ST-16'],
    config: { 'group.max.size': 2 },
    needs: fillable,
    steps: (env) => {
      const n = maxSize(env);
      const leader = oneOf(...ids(2, n + 1));
      return [
        ...atTheLimit(env, n),
        // N JoinGroups are parked now, so m1 (a member that has not rejoined) is over the limit.
        send('r1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
        expect('r1', FULL),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader, members: ids(2, n + 1) }),
        expectPending('rN'),
        expectPending('joinNew'),
        send('h1', heartbeat({ memberId: '$m1' })),
        expect('h1', { errorCode: 25 }),
        // The join timer, armed by rN's rejoin for the rebalance timeout, completes the join.
        advance(env.rebalanceMs + env.marginMs),
        expect('rN', { errorCode: 0, generationId: 2, leader }),
        expect('joinNew', { errorCode: 0, generationId: 2, leader }),
        expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ids(2, n + 1) }),
      ];
    },
  },
  {
    name: 'MaxSize: PreparingRebalance at the limit of parked JoinGroups -> a member whose JoinGroup is parked is still accepted and its new request parked',
    rules: ['ST-15', 'JG-19', 'TM-05'],
    config: { 'group.max.size': 2 },
    needs: fillable,
    steps: (env) => {
      const n = maxSize(env);
      const leader = oneOf(...ids(2, n + 1));
      return [
        ...atTheLimit(env, n),
        // N JoinGroups are parked: the group is at the limit, yet members with a parked JoinGroup are accepted again.
        send('againN', changedJoin(n)),
        expectPending('againN'),
        send('againNew', joinGroup({ clientId: `c${n + 1}`, memberId: `$m${n + 1}` })),
        expectPending('againNew'),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ids(1, n + 1) }),
        // m1 never rejoins: its session expires (TM-05), and then every member has joined.
        advance(env.sessionMs + env.marginMs),
        expect('againN', { errorCode: 0, generationId: 2, leader }),
        expect('againNew', { errorCode: 0, generationId: 2, leader }),
        expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ids(2, n + 1) }),
      ];
    },
  },
  {
    name: 'MaxSize: a pending member over the limit in PreparingRebalance -> rejected and no longer pending; the join phase waits for its timer',
    rules: ['ST-16', 'ST-15'],
    config: { 'group.max.size': 2 },
    needs: fillable,
    steps: (env) => {
      const n = maxSize(env);
      const newId = `$m${n + 1}`;
      return [
        ...stableGroup(env, n),
        // The leader's rejoin starts a rebalance; the join timer runs for the rebalance timeout.
        ...rejoins(1, 1),
        send('firstNew', joinGroup({ clientId: `c${n + 1}` })),
        expect('firstNew', { errorCode: 79, memberId: newId }),
        ...rejoins(2, n),
        expectPending(`rejoin${n}`),
        send('joinNew', joinGroup({ clientId: `c${n + 1}`, memberId: newId })),
        expect('joinNew', FULL),
        // Every member has joined and no id is pending, yet the join phase does not complete now.
        ...ids(1, n).map((_m, i) => expectPending(`rejoin${i + 1}`)),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ids(1, n) }),
        send('lvNew', leaveGroup([newId])),
        expect('lvNew', { errorCode: 0, members: [{ memberId: newId, groupInstanceId: null, errorCode: 25 }] }),
        advance(env.rebalanceMs + env.marginMs),
        ...ids(1, n).map((_m, i) => expect(`rejoin${i + 1}`, { errorCode: 0, generationId: 2, leader: '$m1' })),
      ];
    },
  },
  {
    name: 'MaxSize: an Empty group accepts, then its initial rebalance counts parked JoinGroups -> a static member beyond the limit is rejected',
    rules: ['ST-15', 'ST-16'],
    config: { 'group.max.size': 2 },
    needs: (env) =>
      fillable(env) ?? (formsAtOnce(env) ? undefined : `needs an initial rebalance delay long enough for every member to join (the target has ${env.delayMs} ms): without it the first member's join completes at once`),
    steps: (env) => {
      const n = maxSize(env);
      const joins: Step[] = [];
      for (let k = 1; k <= n; k++) joins.push(send(`j${k}`, staticJoin(k)));
      return [
        ...joins,
        send('jOver', staticJoin(n + 1)),
        expect('jOver', FULL),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 0, members: ids(1, n) }),
        advance(initialPhaseMs(env, n) + env.settleMs),
        expect('j1', { errorCode: 0, generationId: 1, leader: '$m1', members: ids(1, n).map((memberId, i) => ({ memberId, groupInstanceId: `i${i + 1}` })) }),
        ...ids(2, n).map((memberId, i) => expect(`j${i + 2}`, { errorCode: 0, generationId: 1, memberId })),
      ];
    },
  },
];
