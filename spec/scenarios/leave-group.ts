/**
 * Normative scenarios: LeaveGroup in Empty and Stable, the v0-2 single-member form, the v5
 * reason, and the group-level answers (invalid group id, unknown group).
 *
 * @remarks
 * PreparingRebalance, CompletingRebalance and the initial rebalance are in
 * `leave-group-rebalancing.ts`. The setups follow the broker's initial delay; no scenario here
 * waits for a timer, so only the time stamps of the records depend on it ({@link setupEndMs}).
 * @see spec/leave-group.md
 */
import type { Scenario, Step } from '../../src/conformance/scenario.js';
import { expect, expectDurable, expectGroup, expectNoGroup, heartbeat, joinGroup, leaveGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import { assignmentOf, emptiedGroup, stableGroup } from './setup.js';
import { setupEndMs, startsInitialRebalance } from './timer-helpers.js';

/** Per-identity results of a v3+ response, in request order: `[memberId, errorCode]` pairs. */
export function leaveResults(...pairs: readonly (readonly [string, number])[]): object[] {
  return pairs.map(([memberId, errorCode]) => ({ memberId, groupInstanceId: null, errorCode }));
}

/** A new dynamic member `m<i>` that only got its member id (JG-08): it is a pending member. */
export function pendingMember(i: number): Step[] {
  return [send(`first${i}`, joinGroup({ clientId: `c${i}` })), expect(`first${i}`, { errorCode: 79, memberId: `$m${i}` })];
}

/**
 * LeaveGroups that must change nothing in group `g` (LG-01, LG-04): an unknown member id, the
 * invalid group id `""` in v5 and v0, and a group id with no group in v5 and v1, each naming the
 * known member `known`.
 */
export function leavesWithoutEffect(known: string): Step[] {
  return [
    send('lvUnknown', leaveGroup(['nobody'])),
    expect('lvUnknown', { errorCode: 0, members: leaveResults(['nobody', 25]) }),
    send('lvInvalid', leaveGroup([known], { groupId: '' })),
    expect('lvInvalid', { errorCode: 24, members: [] }),
    send('lvInvalidV0', leaveGroup([known], { groupId: '', version: 0 })),
    expect('lvInvalidV0', { errorCode: 24, members: [] }),
    send('lvOther', leaveGroup([known, 'nobody'], { groupId: 'other' })),
    expect('lvOther', { errorCode: 0, members: leaveResults([known, 25], ['nobody', 25]) }),
    send('lvOtherV1', leaveGroup([known], { groupId: 'other', version: 1 })),
    expect('lvOtherV1', { errorCode: 25, members: [] }),
    expectNoGroup('other'),
    expectNoGroup(''),
  ];
}

/** The GroupMetadata records the Stable setups write: creation (generation 0) and the leader's SyncGroup (generation 1). */
const STABLE_RECORDS = [
  { generation: 0, protocolType: '', protocol: null, leader: null, members: [] },
  { generation: 1, protocolType: 'consumer', protocol: 'range', leader: '$m1' },
];

/** The record of a join completion without members (TM-09) at time `at`. */
function emptyRecord(generation: number, at: number): object {
  return { generation, protocolType: 'consumer', protocol: null, leader: null, currentStateTimestamp: at, members: [] };
}

const emptyScenarios: Scenario[] = [
  {
    name: 'LeaveGroup: Empty, batch of former, unknown, empty and pending ids -> only the pending id succeeds, in request order',
    rules: ['LG-03', 'LG-04', 'LG-05', 'LG-07', 'GS-01', 'REC-04'],
    steps: (env) => [
      ...emptiedGroup(env),
      ...pendingMember(3),
      send('lv', leaveGroup(['$m1', 'nobody', '$m3', '', '$m3'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m1', 25], ['nobody', 25], ['$m3', 0], ['', 25], ['$m3', 25]) }),
      expectGroup('g', { state: 'Empty', generationId: 2, leader: null, members: [] }),
      // The pending id is gone: joining with it is now an unknown member id (JG-11).
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expect('join3', { errorCode: 25 }),
      expectGroup('g', { state: 'Empty', generationId: 2, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, emptyRecord(2, setupEndMs(env, 2))]),
    ],
  },
  {
    name: 'LeaveGroup: Empty, v0-2 single member -> the identity result as the top-level error',
    rules: ['LG-02', 'LG-04', 'LG-05', 'GS-01'],
    steps: (env) => [
      ...emptiedGroup(env),
      ...pendingMember(3),
      send('v0', leaveGroup(['$m1'], { version: 0 })),
      expect('v0', { errorCode: 25, members: [] }),
      send('v1', leaveGroup([''], { version: 1 })),
      expect('v1', { errorCode: 25, members: [] }),
      send('v2', leaveGroup(['$m3'], { version: 2 })),
      expect('v2', { errorCode: 0, members: [] }),
      send('v2again', leaveGroup(['$m3'], { version: 2 })),
      expect('v2again', { errorCode: 25, members: [] }),
      expectGroup('g', { state: 'Empty', generationId: 2, members: [] }),
    ],
  },
  {
    name: 'LeaveGroup: Empty, unknown member, invalid group id and unknown group -> nothing changes',
    rules: ['LG-01', 'LG-02', 'LG-04', 'REC-04'],
    steps: (env) => [
      ...emptiedGroup(env),
      ...leavesWithoutEffect('$m1'),
      expectGroup('g', { state: 'Empty', generationId: 2, protocolType: 'consumer', leader: null, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, emptyRecord(2, setupEndMs(env, 2))]),
    ],
  },
];

const stableScenarios: Scenario[] = [
  {
    name: 'LeaveGroup: Stable, a follower leaves -> PreparingRebalance without a record, the leader rejoins alone',
    rules: ['LG-06', 'LG-07', 'GS-01', 'GS-04', 'GS-05', 'GS-06', 'REC-04', 'TM-08'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('lv', leaveGroup(['$m2'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m2', 0]) }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
      send('hb1', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('hb1', { errorCode: 27 }),
      send('hb2', heartbeat({ memberId: '$m2', generationId: 1 })),
      expect('hb2', { errorCode: 25 }),
      expectDurable('g', STABLE_RECORDS),
      // Everyone left has now joined: the join phase completes at once (non-initial).
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', memberId: '$m1', members: [{ memberId: '$m1' }] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1'] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'LeaveGroup: Stable, the leader leaves -> the first remaining member in join order leads',
    rules: ['LG-06', 'LG-07', 'GS-10'],
    steps: (env) => [
      ...stableGroup(env, 3),
      send('lv', leaveGroup(['$m1'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m1', 0]) }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m2', members: ['$m2', '$m3'] }),
      send('rejoin3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m2', members: [{ memberId: '$m2' }, { memberId: '$m3' }] }),
      expect('rejoin3', { errorCode: 0, generationId: 2, leader: '$m2', members: [] }),
    ],
  },
  {
    name: 'LeaveGroup: Stable, the last member leaves -> Empty at generation 2 with a record',
    rules: ['LG-06', 'LG-08', 'GS-04', 'GS-06', 'GS-10', 'REC-04', 'TM-09'],
    steps: (env) => [
      ...stableGroup(env, 1),
      send('lv', leaveGroup(['$m1'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m1', 0]) }),
      expectGroup('g', { state: 'Empty', generationId: 2, protocolType: 'consumer', protocolName: null, leader: null, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, emptyRecord(2, setupEndMs(env, 1))]),
      send('hb1', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('hb1', { errorCode: 25 }),
    ],
  },
  {
    name: 'LeaveGroup: Stable, the last member leaves while a pending member remains -> the join timer of 0 empties the group right after',
    rules: ['LG-08', 'TM-02', 'TM-07', 'TM-09', 'REC-04', 'GS-04'],
    steps: (env) => [
      ...stableGroup(env, 1),
      ...pendingMember(2),
      send('lv', leaveGroup(['$m1'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m1', 0]) }),
      expectGroup('g', { state: 'Empty', generationId: 2, leader: null, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, emptyRecord(2, setupEndMs(env, 1))]),
      // The pending member stayed pending (TM-07): its JoinGroup starts an initial rebalance.
      send('join2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      ...startsInitialRebalance(env, 'join2', 2, 2),
    ],
  },
  {
    name: 'LeaveGroup: Stable, batch of known, unknown, empty and pending ids -> results in request order and one rebalance',
    rules: ['LG-03', 'LG-04', 'LG-05', 'LG-06', 'LG-07', 'GS-01'],
    steps: (env) => [
      ...stableGroup(env, 2),
      ...pendingMember(3),
      send('lv', leaveGroup(['$m2', 'nobody', '$m3', '', '$m2'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m2', 0], ['nobody', 25], ['$m3', 0], ['', 25], ['$m2', 25]) }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [{ memberId: '$m1' }] }),
    ],
  },
  {
    name: 'LeaveGroup: Stable, a pending member leaves -> the group rebalances',
    rules: ['LG-05', 'LG-07', 'GS-04', 'GS-05', 'REC-04'],
    steps: (env) => [
      ...stableGroup(env, 2),
      ...pendingMember(3),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
      send('lv', leaveGroup(['$m3'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m3', 0]) }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('hb1', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('hb1', { errorCode: 27 }),
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expect('join3', { errorCode: 25 }),
      expectDurable('g', STABLE_RECORDS),
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
      expect('rejoin2', { errorCode: 0, generationId: 2 }),
    ],
  },
  {
    name: 'LeaveGroup: Stable, v0-2 single member -> the identity result as the top-level error',
    rules: ['LG-02', 'LG-04', 'LG-06', 'LG-07'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('v0', leaveGroup(['nobody'], { version: 0 })),
      expect('v0', { errorCode: 25, members: [] }),
      send('v2', leaveGroup([''], { version: 2 })),
      expect('v2', { errorCode: 25, members: [] }),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
      send('v1', leaveGroup(['$m2'], { version: 1 })),
      expect('v1', { errorCode: 0, members: [] }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
      send('v0again', leaveGroup(['$m2'], { version: 0 })),
      expect('v0again', { errorCode: 25, members: [] }),
    ],
  },
  {
    name: 'LeaveGroup: Stable, unknown member, invalid group id and unknown group -> nothing changes',
    rules: ['LG-01', 'LG-02', 'LG-04', 'REC-04'],
    steps: (env) => [
      ...stableGroup(env, 2),
      ...leavesWithoutEffect('$m1'),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('hb1', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('hb1', { errorCode: 0 }),
      send('sync2', syncGroup({ memberId: '$m2', generationId: 1 })),
      expect('sync2', { errorCode: 0, assignment: assignmentOf(2, 1) }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'LeaveGroup: v5 reason -> ignored and not echoed',
    rules: ['VER-06', 'LG-03', 'LG-06'],
    steps: (env) => [
      ...stableGroup(env, 3),
      send('lv', leaveGroup([{ memberId: '$m2', groupInstanceId: null, reason: 'shutting down' }, { memberId: '$m3', groupInstanceId: null, reason: '' }, { memberId: 'nobody', groupInstanceId: null, reason: 'x' }])),
      expect('lv', {
        errorCode: 0,
        members: [
          { memberId: '$m2', groupInstanceId: null, errorCode: 0, reason: undefined },
          { memberId: '$m3', groupInstanceId: null, errorCode: 0, reason: undefined },
          { memberId: 'nobody', groupInstanceId: null, errorCode: 25, reason: undefined },
        ],
      }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('rejoin1', { errorCode: 0, generationId: 2, members: [{ memberId: '$m1' }] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
];

/** LeaveGroup in Empty and Stable, versions and group-level answers. */
export const leaveGroupScenarios: Scenario[] = [...emptyScenarios, ...stableScenarios];
