/**
 * Normative scenarios: LeaveGroup in PreparingRebalance (initial and not) and in
 * CompletingRebalance.
 *
 * @remarks
 * The setups follow the broker's initial delay, and the records' time stamps where they end
 * ({@link setupEndMs}). The initial rebalance scenarios start at time 0 and watch the broker's
 * delay, checking one margin either side of each expiry; a broker whose delay is too short to
 * watch (0) skips them ({@link needsDelay}).
 * @see spec/leave-group.md
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, leaveGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import { leaveResults, leavesWithoutEffect, pendingMember } from './leave-group.js';
import { completingRebalance, initialJoinMs, joinNew, preparingRebalance, stableGroup } from './setup.js';
import { needsDelay, setupEndMs, startsInitialRebalance, Timeline } from './timer-helpers.js';

/** A parked SyncGroup answered by a rebalance (GS-05, SG-05 error shape). */
const REBALANCING_SYNC = { errorCode: 27, protocolType: null, protocolName: null, assignment: bytes('') };

/** A removed member's parked JoinGroup (LG-06, JG-03). */
const REMOVED_JOIN = { errorCode: 25, memberId: '', generationId: -1 };

const STABLE_RECORDS = [{ generation: 0 }, { generation: 1, leader: '$m1' }];

const preparingScenarios: Scenario[] = [
  {
    name: 'LeaveGroup: PreparingRebalance, the member not yet rejoined leaves -> the join phase completes at once',
    rules: ['LG-06', 'LG-07', 'GS-01', 'TM-07', 'TM-08', 'REC-04'],
    steps: (env) => [
      ...preparingRebalance(env),
      send('lv', leaveGroup(['$m2'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m2', 0]) }),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', memberId: '$m1', members: [{ memberId: '$m1' }] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1'] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'LeaveGroup: PreparingRebalance, the parked leader leaves -> its JoinGroup gets 25 and the next member in join order leads',
    rules: ['LG-06', 'LG-07', 'GS-10'],
    steps: (env) => [
      ...preparingRebalance(env),
      send('lv', leaveGroup(['$m1'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m1', 0]) }),
      expect('rejoin1', REMOVED_JOIN),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m2', members: ['$m2'] }),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m2', members: [{ memberId: '$m2' }] }),
    ],
  },
  {
    name: 'LeaveGroup: PreparingRebalance, batch of known, unknown, empty and pending ids -> results in request order, then the join completes',
    rules: ['LG-03', 'LG-04', 'LG-05', 'LG-06', 'LG-07'],
    steps: (env) => [
      ...preparingRebalance(env),
      ...pendingMember(3),
      send('lv', leaveGroup(['$m2', 'nobody', '$m3', '', '$m2'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m2', 0], ['nobody', 25], ['$m3', 0], ['', 25], ['$m2', 25]) }),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [{ memberId: '$m1' }] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1'] }),
    ],
  },
  {
    name: 'LeaveGroup: PreparingRebalance, the pending member everyone waits for leaves -> the join phase completes at once',
    rules: ['LG-05', 'LG-07', 'TM-07'],
    steps: (env) => [
      ...preparingRebalance(env),
      ...pendingMember(3),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      // Every member has joined, but the pending member holds the join phase open.
      expectPending('rejoin1'),
      expectPending('rejoin2'),
      send('lv', leaveGroup(['$m3'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m3', 0]) }),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
      expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m1', members: [] }),
    ],
  },
  {
    name: 'LeaveGroup: PreparingRebalance, v0-2 single member -> the identity result as the top-level error',
    rules: ['LG-02', 'LG-04', 'LG-06', 'LG-07'],
    steps: (env) => [
      ...preparingRebalance(env),
      send('v2', leaveGroup(['nobody'], { version: 2 })),
      expect('v2', { errorCode: 25, members: [] }),
      expectPending('rejoin1'),
      send('v0', leaveGroup(['$m2'], { version: 0 })),
      expect('v0', { errorCode: 0, members: [] }),
      expect('rejoin1', { errorCode: 0, generationId: 2, members: [{ memberId: '$m1' }] }),
    ],
  },
  {
    name: 'LeaveGroup: PreparingRebalance, unknown member, invalid group id and unknown group -> nothing changes',
    rules: ['LG-01', 'LG-02', 'LG-04'],
    steps: (env) => [
      ...preparingRebalance(env),
      ...leavesWithoutEffect('$m1'),
      expectPending('rejoin1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin1', { errorCode: 0, generationId: 2, members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
    ],
  },
  {
    name: 'LeaveGroup: PreparingRebalance, every member leaves -> Empty at once at generation 2 with a record',
    rules: ['LG-06', 'LG-08', 'GS-04', 'GS-06', 'TM-09', 'REC-04'],
    steps: (env) => [
      ...preparingRebalance(env),
      send('lv', leaveGroup(['$m1', '$m2'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m1', 0], ['$m2', 0]) }),
      expect('rejoin1', REMOVED_JOIN),
      expectGroup('g', { state: 'Empty', generationId: 2, protocolType: 'consumer', protocolName: null, leader: null, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, { generation: 2, protocolType: 'consumer', protocol: null, leader: null, currentStateTimestamp: setupEndMs(env, 2), members: [] }]),
    ],
  },
  {
    name: 'LeaveGroup: initial rebalance, a pending member leaves and everyone has joined -> still waits for the delay',
    rules: ['LG-05', 'LG-07', 'TM-02', 'TM-10'],
    needs: needsDelay(2),
    steps: (env) => {
      const t = new Timeline(env, 0);
      return [
        ...joinNew(1),
        ...pendingMember(2),
        send('lv', leaveGroup(['$m2'])),
        expect('lv', { errorCode: 0, members: leaveResults(['$m2', 0]) }),
        expectPending('join1'),
        t.before(env.delayMs),
        expectPending('join1'),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 0, members: ['$m1'] }),
        t.after(env.delayMs),
        expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', members: [{ memberId: '$m1' }] }),
      ];
    },
  },
  {
    name: 'LeaveGroup: initial rebalance, a joined member leaves -> no early completion, and its addition still extends the delay',
    rules: ['LG-06', 'LG-07', 'TM-10', 'TM-11'],
    // The extension (min(delay, R), TM-11) must also hold two margins, so that a check fits inside it.
    needs: (env) => needsDelay(2)(env) ?? (initialJoinMs(env, 2) - env.delayMs < 2 * env.marginMs ? `needs the initial delay to be extended by at least two margins; with a rebalance timeout of ${env.rebalanceMs} ms and a delay of ${env.delayMs} ms it is not` : undefined),
    steps: (env) => {
      const t = new Timeline(env, 0);
      const end = initialJoinMs(env, 2);
      return [
        ...joinNew(1),
        ...joinNew(2),
        send('lv', leaveGroup(['$m2'])),
        expect('lv', { errorCode: 0, members: leaveResults(['$m2', 0]) }),
        expect('join2', REMOVED_JOIN),
        t.after(env.delayMs),
        // m2's addition set the new-member flag, so the first expiry extends the delay.
        expectPending('join1'),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 0, leader: '$m1', members: ['$m1'] }),
        t.before(end),
        expectPending('join1'),
        t.after(end),
        expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', members: [{ memberId: '$m1' }] }),
      ];
    },
  },
  {
    name: 'LeaveGroup: initial rebalance, the only member leaves -> Empty when the delay fires, with a record',
    rules: ['LG-06', 'LG-08', 'TM-02', 'TM-09', 'TM-10', 'GS-04', 'GS-06', 'REC-04'],
    needs: needsDelay(2),
    steps: (env) => {
      const t = new Timeline(env, 0);
      return [
        ...joinNew(1),
        send('lv', leaveGroup(['$m1'])),
        expect('lv', { errorCode: 0, members: leaveResults(['$m1', 0]) }),
        expect('join1', REMOVED_JOIN),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 0, leader: null, members: [] }),
        t.before(env.delayMs),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 0, members: [] }),
        expectDurable('g', [{ generation: 0 }]),
        t.after(env.delayMs),
        expectGroup('g', { state: 'Empty', generationId: 1, protocolType: 'consumer', leader: null, members: [] }),
        expectDurable('g', [
          { generation: 0, protocolType: '', currentStateTimestamp: 0 },
          { generation: 1, protocolType: 'consumer', protocol: null, leader: null, currentStateTimestamp: env.delayMs, members: [] },
        ]),
      ];
    },
  },
];

const completingScenarios: Scenario[] = [
  {
    name: 'LeaveGroup: CompletingRebalance, the leader leaves -> parked SyncGroup answered 27, the next member in join order leads',
    rules: ['LG-06', 'LG-07', 'GS-01', 'GS-04', 'GS-05', 'GS-10'],
    steps: (env) => [
      ...completingRebalance(env),
      send('sync2', syncGroup({ memberId: '$m2', generationId: 2 })),
      expectPending('sync2'),
      send('lv', leaveGroup(['$m1'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m1', 0]) }),
      expect('sync2', REBALANCING_SYNC),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m2', members: ['$m2'] }),
      send('rejoin2b', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin2b', { errorCode: 0, generationId: 3, leader: '$m2', members: [{ memberId: '$m2' }] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'LeaveGroup: CompletingRebalance, a follower with a parked SyncGroup leaves -> that SyncGroup is never answered',
    rules: ['LG-06', 'LG-07', 'GS-05'],
    steps: (env) => [
      ...completingRebalance(env),
      send('sync2', syncGroup({ memberId: '$m2', generationId: 2 })),
      send('lv', leaveGroup(['$m2'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m2', 0]) }),
      expectPending('sync2'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m1', members: ['$m1'] }),
      send('hb1', heartbeat({ memberId: '$m1', generationId: 2 })),
      expect('hb1', { errorCode: 27 }),
      send('rejoin1b', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('rejoin1b', { errorCode: 0, generationId: 3, leader: '$m1', members: [{ memberId: '$m1' }] }),
      expectPending('sync2'),
    ],
  },
  {
    name: 'LeaveGroup: CompletingRebalance, a pending member leaves -> rebalance, parked SyncGroup answered 27',
    rules: ['LG-05', 'LG-07', 'GS-04', 'GS-05'],
    steps: (env) => [
      ...completingRebalance(env),
      ...pendingMember(3),
      send('sync2', syncGroup({ memberId: '$m2', generationId: 2 })),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
      send('lv', leaveGroup(['$m3'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m3', 0]) }),
      expect('sync2', REBALANCING_SYNC),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m1', members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'LeaveGroup: CompletingRebalance, batch of pending, known, unknown and empty ids -> results in request order',
    rules: ['LG-03', 'LG-04', 'LG-05', 'LG-06', 'LG-07'],
    steps: (env) => [
      ...completingRebalance(env),
      ...pendingMember(3),
      send('lv', leaveGroup(['$m3', '$m2', 'nobody', '', '$m3'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m3', 0], ['$m2', 0], ['nobody', 25], ['', 25], ['$m3', 25]) }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m1', members: ['$m1'] }),
    ],
  },
  {
    name: 'LeaveGroup: CompletingRebalance, v0-2 single member -> the identity result as the top-level error',
    rules: ['LG-02', 'LG-04', 'LG-06', 'LG-07'],
    steps: (env) => [
      ...completingRebalance(env),
      send('v1', leaveGroup([''], { version: 1 })),
      expect('v1', { errorCode: 25, members: [] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
      send('v2', leaveGroup(['$m2'], { version: 2 })),
      expect('v2', { errorCode: 0, members: [] }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m1', members: ['$m1'] }),
    ],
  },
  {
    name: 'LeaveGroup: CompletingRebalance, unknown member, invalid group id and unknown group -> nothing changes',
    rules: ['LG-01', 'LG-02', 'LG-04'],
    steps: (env) => [
      ...completingRebalance(env),
      ...leavesWithoutEffect('$m1'),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1', '$m2'] }),
      send('sync1', syncGroup({ memberId: '$m1', generationId: 2, assignments: [{ memberId: '$m1', assignment: bytes('a1') }] })),
      expect('sync1', { errorCode: 0, assignment: bytes('a1') }),
      expectGroup('g', { state: 'Stable', generationId: 2 }),
    ],
  },
  {
    name: 'LeaveGroup: CompletingRebalance, the last member leaves -> Empty at generation 3 with a record',
    rules: ['LG-06', 'LG-08', 'GS-04', 'GS-06', 'TM-09', 'REC-04'],
    steps: (env) => [
      ...stableGroup(env, 1),
      // The leader's rejoin in Stable rebalances, and with everyone joined completes at once.
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1' }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2 }),
      send('lv', leaveGroup(['$m1'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m1', 0]) }),
      expectGroup('g', { state: 'Empty', generationId: 3, protocolName: null, leader: null, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, { generation: 3, protocolType: 'consumer', protocol: null, leader: null, currentStateTimestamp: setupEndMs(env, 1), members: [] }]),
    ],
  },
  {
    name: 'LeaveGroup: CompletingRebalance, the last member leaves while a pending member remains -> Empty right after, the pending id survives',
    rules: ['LG-08', 'TM-02', 'TM-07', 'TM-09', 'REC-04'],
    steps: (env) => [
      ...stableGroup(env, 1),
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('rejoin1', { errorCode: 0, generationId: 2 }),
      ...pendingMember(2),
      send('lv', leaveGroup(['$m1'])),
      expect('lv', { errorCode: 0, members: leaveResults(['$m1', 0]) }),
      expectGroup('g', { state: 'Empty', generationId: 3, leader: null, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, { generation: 3, protocol: null, members: [] }]),
      send('join2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      ...startsInitialRebalance(env, 'join2', 2, 3),
    ],
  },
];

/** LeaveGroup in PreparingRebalance and CompletingRebalance. */
export const leaveGroupRebalancingScenarios: Scenario[] = [...preparingScenarios, ...completingScenarios];
