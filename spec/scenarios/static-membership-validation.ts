/**
 * Normative scenarios: instance-id validation (fenced and unknown instance ids), a pending id
 * sent with an instance id, LeaveGroup by instance id, and the join phase with static members
 * that did not rejoin (kept, and the extension when only they remain).
 *
 * @remarks
 * Timings come from the broker's configs ({@link ScenarioEnv}): setups form their group at once
 * after the initial delay, or one member at a time when it is 0 (static-helpers.ts); the join
 * phase scenarios use a rebalance timeout of half a session, so that join timers fire well
 * within the members' sessions, and look one margin after each firing.
 * @see spec/static-membership.md
 */
import type { Scenario, ScenarioEnv } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, leaveGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import { assignmentOf, formsAtOnce, stableGroup } from './setup.js';
import { needsGroupOf, STABLE_RECORDS, stableWith, staticJoin } from './static-helpers.js';

const META = bytes('range:meta');

/** A JoinGroup error response: the member id, generation -1, no leader, protocol or members (JG-03). */
function joinError(errorCode: number, memberId: string): object {
  return { errorCode, memberId, generationId: -1, leader: '', protocolType: null, protocolName: null, skipAssignment: false, members: [] };
}

const validation: Scenario[] = [
  {
    name: 'Static: the replaced member id sent with its instance id is fenced in JoinGroup, SyncGroup, Heartbeat and LeaveGroup -> nothing changes',
    rules: ['ST-09', 'ST-05'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableWith(env, 'ss'),
      send('n2', staticJoin(2)),
      expect('n2', { errorCode: 0, memberId: '$n2', generationId: 1 }),
      send('jOld', staticJoin(2, { memberId: '$m2' })),
      expect('jOld', joinError(82, '$m2')),
      // Protocol compatibility comes first (JG-07).
      send('jOldBad', staticJoin(2, { memberId: '$m2', protocolType: 'other' })),
      expect('jOldBad', joinError(23, '$m2')),
      send('sOld', syncGroup({ memberId: '$m2', groupInstanceId: 'i2' })),
      expect('sOld', { errorCode: 82, protocolType: null, protocolName: null, assignment: new Uint8Array(0) }),
      send('sOldGen', syncGroup({ generationId: 7, memberId: '$m2', groupInstanceId: 'i2' })),
      expect('sOldGen', { errorCode: 82 }),
      send('hOld', heartbeat({ memberId: '$m2', groupInstanceId: 'i2' })),
      expect('hOld', { errorCode: 82 }),
      send('hOldGen', heartbeat({ generationId: 7, memberId: '$m2', groupInstanceId: 'i2' })),
      expect('hOldGen', { errorCode: 82 }),
      // A current member sending another member's instance id is fenced too.
      send('hSwap', heartbeat({ memberId: '$m1', groupInstanceId: 'i2' })),
      expect('hSwap', { errorCode: 82 }),
      send('lvOld', leaveGroup([{ memberId: '$m2', groupInstanceId: 'i2', reason: null }])),
      expect('lvOld', { errorCode: 0, members: [{ memberId: '$m2', groupInstanceId: 'i2', errorCode: 82 }] }),
      // Without the instance id the old id is simply not a member.
      send('hOldDyn', heartbeat({ memberId: '$m2' })),
      expect('hOldDyn', { errorCode: 25 }),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$n2'] }),
      send('hNew', heartbeat({ memberId: '$n2', groupInstanceId: 'i2' })),
      expect('hNew', { errorCode: 0 }),
      expectDurable('g', [...STABLE_RECORDS, { generation: 1, members: [{ memberId: '$m1' }, { memberId: '$n2' }] }]),
    ],
  },
  {
    name: 'Static: the replaced leader id is fenced in PreparingRebalance -> FENCED_INSTANCE_ID before REBALANCE_IN_PROGRESS',
    rules: ['ST-09'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableWith(env, 'ss'),
      send('n1', staticJoin(1, { protocols: [{ name: 'range', metadata: bytes('range:v2') }] })),
      expect('n1', { errorCode: 0, memberId: '$n1', leader: '$n1' }),
      send('r2', staticJoin(2, { memberId: '$m2', protocols: [{ name: 'range', metadata: bytes('range:v2') }] })),
      expectPending('r2'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$n1', '$m2'] }),
      send('hOld', heartbeat({ memberId: '$m1', groupInstanceId: 'i1' })),
      expect('hOld', { errorCode: 82 }),
      send('sOld', syncGroup({ memberId: '$m1', groupInstanceId: 'i1' })),
      expect('sOld', { errorCode: 82 }),
      send('jOld', staticJoin(1, { memberId: '$m1' })),
      expect('jOld', joinError(82, '$m1')),
      send('hNew', heartbeat({ memberId: '$n1', groupInstanceId: 'i1' })),
      expect('hNew', { errorCode: 27 }),
      expectPending('r2'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$n1', members: ['$n1', '$m2'] }),
    ],
  },
  {
    name: 'Static: an unknown instance id gets UNKNOWN_MEMBER_ID in JoinGroup, SyncGroup, Heartbeat and LeaveGroup, even from a member',
    rules: ['ST-10'],
    steps: (env) => [
      ...stableWith(env, 'sd'),
      // m2 is dynamic: the group knows no instance i2.
      send('h2', heartbeat({ memberId: '$m2', groupInstanceId: 'i2' })),
      expect('h2', { errorCode: 25 }),
      send('h1', heartbeat({ memberId: '$m1', groupInstanceId: 'i9' })),
      expect('h1', { errorCode: 25 }),
      send('s1', syncGroup({ memberId: '$m1', groupInstanceId: 'i9' })),
      expect('s1', { errorCode: 25 }),
      send('s2Gen', syncGroup({ generationId: 7, memberId: '$m2', groupInstanceId: 'i2' })),
      expect('s2Gen', { errorCode: 25 }),
      send('j2', joinGroup({ clientId: 'c2', memberId: '$m2', groupInstanceId: 'i2' })),
      expect('j2', joinError(25, '$m2')),
      send('lv1', leaveGroup([{ memberId: '$m1', groupInstanceId: 'i9', reason: null }])),
      expect('lv1', { errorCode: 0, members: [{ memberId: '$m1', groupInstanceId: 'i9', errorCode: 25 }] }),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      // In PreparingRebalance the instance check still comes before REBALANCE_IN_PROGRESS.
      send('r1', staticJoin(1, { memberId: '$m1' })),
      expectPending('r1'),
      send('h2b', heartbeat({ memberId: '$m2', groupInstanceId: 'i2' })),
      expect('h2b', { errorCode: 25 }),
      send('h2c', heartbeat({ memberId: '$m2' })),
      expect('h2c', { errorCode: 27 }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'Static: Empty group after the instances left by instance id -> old ids are unknown, a former instance joins as a new static member',
    rules: ['ST-10', 'ST-02', 'ST-12'],
    steps: (env) => [
      ...stableWith(env, 'ss'),
      send('lvAll', leaveGroup([{ memberId: '', groupInstanceId: 'i1', reason: null }, { memberId: '', groupInstanceId: 'i2', reason: null }])),
      expect('lvAll', { errorCode: 0, members: [{ memberId: '', groupInstanceId: 'i1', errorCode: 0 }, { memberId: '', groupInstanceId: 'i2', errorCode: 0 }] }),
      expectGroup('g', { state: 'Empty', generationId: 2, members: [] }),
      send('jOld', staticJoin(1, { memberId: '$m1' })),
      expect('jOld', joinError(25, '$m1')),
      send('hOld', heartbeat({ memberId: '$m1', groupInstanceId: 'i1' })),
      expect('hOld', { errorCode: 25 }),
      send('lvOld', leaveGroup([{ memberId: '', groupInstanceId: 'i1', reason: null }])),
      expect('lvOld', { errorCode: 0, members: [{ memberId: '', groupInstanceId: 'i1', errorCode: 25 }] }),
      expectGroup('g', { state: 'Empty', generationId: 2, members: [] }),
      send('n1', staticJoin(1)),
      // An initial rebalance: with a delay it waits (with 0 it completes at once).
      ...(formsAtOnce(env) ? [expectPending('n1'), expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$n1', members: ['$n1'] })] : []),
      advance(env.delayMs + env.settleMs),
      expect('n1', { errorCode: 0, memberId: '$n1', generationId: 3, leader: '$n1', members: [{ memberId: '$n1', groupInstanceId: 'i1' }] }),
    ],
  },
  {
    name: 'Static: a pending member id sent with an instance id -> UNKNOWN_SERVER_ERROR with MemberId "", the id stays pending',
    rules: ['ST-11'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableGroup(env, 2),
      send('first3', joinGroup({ clientId: 'c3' })),
      expect('first3', { errorCode: 79, memberId: '$m3' }),
      send('bad', joinGroup({ clientId: 'c3', memberId: '$m3', groupInstanceId: 'i3' })),
      expect('bad', joinError(-1, '')),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expectPending('join3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2', '$m3'] }),
    ],
  },
];

const leaves: Scenario[] = [
  {
    name: 'Static: LeaveGroup by instance id only in Stable -> the member is removed and the group rebalances; unknown or null instance gets UNKNOWN_MEMBER_ID',
    rules: ['ST-12'],
    steps: (env) => [
      ...stableWith(env, 'ss'),
      send('lv', leaveGroup([
        { memberId: '', groupInstanceId: 'i2', reason: null },
        { memberId: '', groupInstanceId: 'i9', reason: null },
        { memberId: '', groupInstanceId: null, reason: null },
        { memberId: '', groupInstanceId: 'i2', reason: null },
      ])),
      expect('lv', {
        errorCode: 0,
        members: [
          { memberId: '', groupInstanceId: 'i2', errorCode: 0 },
          { memberId: '', groupInstanceId: 'i9', errorCode: 25 },
          { memberId: '', groupInstanceId: null, errorCode: 25 },
          { memberId: '', groupInstanceId: 'i2', errorCode: 25 },
        ],
      }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
      send('h2', heartbeat({ memberId: '$m2', groupInstanceId: 'i2' })),
      expect('h2', { errorCode: 25 }),
      send('r1', staticJoin(1, { memberId: '$m1' })),
      expect('r1', { errorCode: 0, generationId: 2, leader: '$m1', members: [{ memberId: '$m1', groupInstanceId: 'i1' }] }),
    ],
  },
  {
    name: 'Static: LeaveGroup by instance id in PreparingRebalance -> a parked JoinGroup is answered UNKNOWN_MEMBER_ID and the join completes',
    rules: ['ST-12'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableWith(env, 'sss'),
      send('r1', staticJoin(1, { memberId: '$m1' })),
      send('r2', staticJoin(2, { memberId: '$m2' })),
      expectPending('r2'),
      send('lv', leaveGroup([{ memberId: '', groupInstanceId: 'i2', reason: null }, { memberId: '', groupInstanceId: 'i3', reason: null }])),
      expect('lv', { errorCode: 0, members: [{ memberId: '', groupInstanceId: 'i2', errorCode: 0 }, { memberId: '', groupInstanceId: 'i3', errorCode: 0 }] }),
      expect('r2', joinError(25, '')),
      expect('r1', { errorCode: 0, generationId: 2, leader: '$m1', members: [{ memberId: '$m1', groupInstanceId: 'i1' }] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1'] }),
    ],
  },
];

/** A rebalance timeout of half the members' session timeout, so that join timers fire within their sessions. */
function shortRebalance(env: ScenarioEnv): { rebalanceTimeoutMs: number } {
  return { rebalanceTimeoutMs: Math.floor(env.sessionMs / 2) };
}

const joinPhase: Scenario[] = [
  {
    name: 'Static: join completion keeps a static member that did not rejoin and removes a dynamic one',
    rules: ['ST-13'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableWith(env, 'sdd', shortRebalance(env)),
      // m2 rejoins with new metadata, which starts a rebalance; m1 (static, leader) and m3 (dynamic) stay silent.
      send('r2', joinGroup({ clientId: 'c2', memberId: '$m2', ...shortRebalance(env), protocols: [{ name: 'range', metadata: bytes('range:v2') }] })),
      expectPending('r2'),
      advance(shortRebalance(env).rebalanceTimeoutMs + env.marginMs),
      expect('r2', {
        errorCode: 0,
        memberId: '$m2',
        generationId: 2,
        leader: '$m2',
        members: [
          { memberId: '$m1', groupInstanceId: 'i1', metadata: META },
          { memberId: '$m2', groupInstanceId: null, metadata: bytes('range:v2') },
        ],
      }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m2', members: ['$m1', '$m2'] }),
      send('h3', heartbeat({ memberId: '$m3' })),
      expect('h3', { errorCode: 25 }),
      // The kept static member learns of the new generation from its heartbeat.
      send('h1', heartbeat({ memberId: '$m1', groupInstanceId: 'i1' })),
      expect('h1', { errorCode: 22 }),
      send('s1', syncGroup({ generationId: 2, memberId: '$m1', groupInstanceId: 'i1' })),
      expectPending('s1'),
      send('s2', syncGroup({ generationId: 2, memberId: '$m2', assignments: [{ memberId: '$m1', assignment: assignmentOf(1, 2) }, { memberId: '$m2', assignment: assignmentOf(2, 2) }] })),
      expect('s2', { errorCode: 0, assignment: assignmentOf(2, 2) }),
      expect('s1', { errorCode: 0, assignment: assignmentOf(1, 2) }),
      expectGroup('g', { state: 'Stable', generationId: 2, leader: '$m2', members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'Static: the join timer finds only static members that did not rejoin -> the join phase is extended until one rejoins',
    rules: ['ST-14', 'ST-13'],
    needs: needsGroupOf(4),
    steps: (env) => [
      ...stableWith(env, 'ssdd', shortRebalance(env)),
      send('lv4', leaveGroup(['$m4'])),
      expect('lv4', { errorCode: 0 }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2', '$m3'] }),
      // The join timer fires one rebalance timeout later: m3 (dynamic) is removed, m1 and m2 (static) are kept, nobody rejoined.
      advance(shortRebalance(env).rebalanceTimeoutMs + env.marginMs),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('h1', heartbeat({ memberId: '$m1', groupInstanceId: 'i1' })),
      expect('h1', { errorCode: 27 }),
      send('h2', heartbeat({ memberId: '$m2', groupInstanceId: 'i2' })),
      expect('h2', { errorCode: 27 }),
      // Extended again one rebalance timeout later.
      advance(shortRebalance(env).rebalanceTimeoutMs),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('h1b', heartbeat({ memberId: '$m1', groupInstanceId: 'i1' })),
      expect('h1b', { errorCode: 27 }),
      send('r2', staticJoin(2, { memberId: '$m2', ...shortRebalance(env) })),
      expectPending('r2'),
      // The timer armed at the second firing fires with m2 rejoined: it leads generation 2, m1 is kept.
      advance(shortRebalance(env).rebalanceTimeoutMs),
      expect('r2', { errorCode: 0, generationId: 2, leader: '$m2', members: [{ memberId: '$m1', groupInstanceId: 'i1' }, { memberId: '$m2', groupInstanceId: 'i2' }] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m2', members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'Static: an extended join phase with one static member completes at once when it rejoins',
    rules: ['ST-14'],
    steps: (env) => [
      ...stableWith(env, 'ss', shortRebalance(env)),
      send('lv', leaveGroup([{ memberId: '', groupInstanceId: 'i2', reason: null }])),
      expect('lv', { errorCode: 0, members: [{ memberId: '', groupInstanceId: 'i2', errorCode: 0 }] }),
      advance(shortRebalance(env).rebalanceTimeoutMs + env.marginMs),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
      send('r1', staticJoin(1, { memberId: '$m1', ...shortRebalance(env) })),
      expect('r1', { errorCode: 0, memberId: '$m1', generationId: 2, leader: '$m1', members: [{ memberId: '$m1', groupInstanceId: 'i1' }] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1'] }),
    ],
  },
];

/** Instance-id validation, LeaveGroup by instance id and the join phase with static members. */
export const staticValidationScenarios: Scenario[] = [...validation, ...leaves, ...joinPhase];
