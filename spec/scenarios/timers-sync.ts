/**
 * Normative scenarios: the sync timer (KAFKA-12890).
 *
 * @remarks
 * A join completion with members arms the sync timer for the group rebalance timeout,
 * {@link ScenarioEnv.rebalanceMs} with the scenarios' default JoinGroup; members that must
 * outlive it without syncing heartbeat every half session ({@link keepAlive}), and each check
 * sits one margin before or after the deadline.
 * @see spec/timers.md
 */
import type { Scenario, ScenarioEnv } from '../../src/conformance/scenario.js';
import { bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import { pendingMember } from './leave-group.js';
import { completingRebalance, stableGroup } from './setup.js';
import type { Timeline } from './timer-helpers.js';
import { afterSetup, emptyRecord, joinCompletedMs, keepAlive, STABLE_RECORDS, startsInitialRebalance } from './timer-helpers.js';

/** A parked SyncGroup answered by a rebalance (GS-05). */
const REBALANCING_SYNC = { errorCode: 27, protocolType: null, protocolName: null, assignment: bytes('') };

/** A timeline at the end of `completingRebalance`, whose join completion armed the sync timer, and the timer's deadline. */
function afterCompleting(env: ScenarioEnv): { t: Timeline; due: number } {
  const t = afterSetup(env, 2);
  return { t, due: t.nowMs + env.rebalanceMs };
}

/** Sync timers. */
export const syncTimerScenarios: Scenario[] = [
  {
    name: 'Timers: Stable, a member that never sent SyncGroup -> evicted at the sync deadline even while it heartbeats',
    rules: ['TM-02', 'TM-13', 'TM-14', 'GS-04', 'GS-05', 'REC-04'],
    steps: (env) => {
      const { t, due } = afterCompleting(env);
      return [
        ...completingRebalance(env),
        send('sync1', syncGroup({ memberId: '$m1', generationId: 2, assignments: [{ memberId: '$m1', assignment: bytes('a1') }, { memberId: '$m2', assignment: bytes('a2') }] })),
        expect('sync1', { errorCode: 0 }),
        ...keepAlive(t, 2, [1, 2], due),
        t.before(due),
        send('hb2', heartbeat({ memberId: '$m2', generationId: 2 })),
        expect('hb2', { errorCode: 0 }),
        expectGroup('g', { state: 'Stable', generationId: 2, members: ['$m1', '$m2'] }),
        t.after(due),
        send('hb2b', heartbeat({ memberId: '$m2', generationId: 2 })),
        expect('hb2b', { errorCode: 25 }),
        send('hb1', heartbeat({ memberId: '$m1', generationId: 2 })),
        expect('hb1', { errorCode: 27 }),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m1', members: ['$m1'] }),
        expectDurable('g', [...STABLE_RECORDS, { generation: 2, leader: '$m1', protocol: 'range' }]),
      ];
    },
  },
  {
    name: 'Timers: CompletingRebalance, the leader never syncs -> sync expiry removes it, the follower leads and its parked SyncGroup gets 27',
    rules: ['TM-05', 'TM-13', 'TM-14', 'GS-05', 'GS-10'],
    steps: (env) => {
      const { t, due } = afterCompleting(env);
      return [
        ...completingRebalance(env),
        // m2's parked SyncGroup satisfies its session (TM-05) and takes it out of the pending-sync set.
        send('sync2', syncGroup({ memberId: '$m2', generationId: 2 })),
        ...keepAlive(t, 2, [1], due),
        t.before(due),
        expectPending('sync2'),
        expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
        t.after(due),
        expect('sync2', REBALANCING_SYNC),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m2', members: ['$m2'] }),
      ];
    },
  },
  {
    name: 'Timers: CompletingRebalance, nobody syncs -> sync expiry removes every member, Empty with a record',
    watchesEmpty: true,
    rules: ['TM-02', 'TM-14', 'TM-09', 'GS-04', 'GS-06', 'REC-04'],
    steps: (env) => {
      const { t, due } = afterCompleting(env);
      return [
        ...completingRebalance(env),
        ...keepAlive(t, 2, [1, 2], due),
        t.before(due),
        expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
        t.after(due),
        expectGroup('g', { state: 'Empty', generationId: 3, protocolName: null, leader: null, members: [] }),
        expectDurable('g', [...STABLE_RECORDS, emptyRecord(3, due)]),
      ];
    },
  },
  {
    name: 'Timers: sync expiry leaves only a pending member -> Empty when the join timer of 0 fires right after, the pending id survives',
    watchesEmpty: true,
    rules: ['TM-02', 'TM-07', 'TM-09', 'TM-14', 'REC-04'],
    steps: (env) => {
      const { t, due } = afterCompleting(env);
      return [
        ...completingRebalance(env),
        // The last keep-alive comes less than a half session before the deadline: a pending
        // member created then outlives the sync expiry.
        ...keepAlive(t, 2, [1, 2], due),
        ...pendingMember(3),
        t.after(due),
        expectGroup('g', { state: 'Empty', generationId: 3, leader: null, members: [] }),
        expectDurable('g', [...STABLE_RECORDS, emptyRecord(3, due)]),
        send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
        ...startsInitialRebalance(env, 'join3', 3, 3),
      ];
    },
  },
  {
    name: 'Timers: every member synced -> the sync deadline passes with no effect',
    rules: ['TM-13', 'TM-14'],
    steps: (env) => {
      const t = afterSetup(env, 2);
      // The setup's join completion armed the sync timer; the last SyncGroup cancelled it (SG-12).
      const due = joinCompletedMs(env, 2) + env.rebalanceMs;
      return [
        ...stableGroup(env, 2),
        ...keepAlive(t, 1, [1, 2], due),
        t.after(due),
        expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
        send('hb1', heartbeat({ memberId: '$m1', generationId: 1 })),
        expect('hb1', { errorCode: 0 }),
      ];
    },
  },
];
