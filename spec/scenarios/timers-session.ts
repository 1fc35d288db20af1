/**
 * Normative scenarios: session timers of members and pending members, the new-member join
 * timeout, and TM-02's firing times.
 *
 * @remarks
 * The join and initial-delay timers are in `timers-join.ts`, the sync timer in `timers-sync.ts`.
 * Every wait is derived from the broker's environment: members ask for the session timeout
 * {@link ScenarioEnv.sessionMs} (S), the setups leave their session timers armed at
 * {@link sessionsArmedMs}, and each check sits one margin before or after the deadline it
 * watches ({@link Timeline}).
 * @see spec/timers.md
 */
import type { Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import { pendingMember } from './leave-group.js';
import { completingRebalance, initialJoinMs, joinNew, preparingRebalance, stableGroup } from './setup.js';
import { afterSetup, emptyRecord, heartbeats, joinWith, needsDelay, sessionsArmedMs, setupEndMs, STABLE_RECORDS, Timeline } from './timer-helpers.js';

/**
 * Kafka's fixed timeout of a member waiting for its first join completion (JG-09, TM-03): no
 * broker config sets it (GroupCoordinatorConfig.java, CLASSIC_GROUP_NEW_MEMBER_JOIN_TIMEOUT_MS).
 */
const NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;

/** m1's session in the new-member timeout scenario: longer than Kafka's fixed join timeout. */
const M1_SESSION_MS = 400_000;

/**
 * How long after the setup a pending member is created: a tenth of a session, and at least two
 * margins, so that the pending member's deadline stays clear of the members' own.
 */
function pendingGapMs(env: ScenarioEnv): number {
  return Math.max(Math.floor(env.sessionMs / 10), 2 * env.marginMs);
}

/** Stable with m1 and m2; m1 heartbeats half a session after the setup, m2 never: m2's session ends first. */
function stableFollowerSilent(env: ScenarioEnv, t: Timeline): Step[] {
  return [
    ...stableGroup(env, 2),
    t.by(Math.floor(env.sessionMs / 2)),
    send('hb1a', heartbeat({ memberId: '$m1', generationId: 1 })),
    expect('hb1a', { errorCode: 0 }),
  ];
}

const sessionScenarios: Scenario[] = [
  {
    name: 'Timers: Stable, a follower stops heartbeating -> removed at its session deadline, rebalance; a request one margin either side sees each state',
    rules: ['TM-02', 'TM-03', 'TM-05', 'GS-04', 'GS-05', 'REC-04'],
    steps: (env) => {
      const t = afterSetup(env, 2);
      const m2Ends = sessionsArmedMs(env, 2) + env.sessionMs;
      return [
        ...stableFollowerSilent(env, t),
        t.before(m2Ends),
        send('hb1b', heartbeat({ memberId: '$m1', generationId: 1 })),
        expect('hb1b', { errorCode: 0 }),
        expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
        t.after(m2Ends),
        send('hb1c', heartbeat({ memberId: '$m1', generationId: 1 })),
        expect('hb1c', { errorCode: 27 }),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
        send('hb2', heartbeat({ memberId: '$m2', generationId: 1 })),
        expect('hb2', { errorCode: 25 }),
        expectDurable('g', STABLE_RECORDS),
      ];
    },
  },
  {
    name: 'Timers: PreparingRebalance, the last member session expires -> join completion without members, Empty with a record',
    rules: ['TM-02', 'TM-03', 'TM-05', 'TM-07', 'TM-09', 'GS-04', 'GS-06', 'REC-04'],
    steps: (env) => {
      const t = afterSetup(env, 2);
      const m2Ends = sessionsArmedMs(env, 2) + env.sessionMs;
      const steps = [...stableFollowerSilent(env, t), t.after(m2Ends)];
      // m2 is gone and m1's heartbeat (27) re-arms its session timer for a session from now.
      const m1Ends = t.nowMs + env.sessionMs;
      return [
        ...steps,
        send('hb1c', heartbeat({ memberId: '$m1', generationId: 1 })),
        expect('hb1c', { errorCode: 27 }),
        t.before(m1Ends),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1'] }),
        t.after(m1Ends),
        expectGroup('g', { state: 'Empty', generationId: 2, protocolName: null, leader: null, members: [] }),
        expectDurable('g', [...STABLE_RECORDS, emptyRecord(2, m1Ends)]),
      ];
    },
  },
  {
    name: 'Timers: Stable, the leader session expires -> the first remaining member in join order leads',
    rules: ['TM-05', 'GS-10'],
    steps: (env) => {
      const t = afterSetup(env, 3);
      return [
        ...stableGroup(env, 3),
        t.by(Math.floor(env.sessionMs / 2)),
        ...heartbeats('half', 1, 2, 3),
        // The leader's own SyncGroup, the setup's last step, re-armed its session (SG-09).
        t.after(setupEndMs(env, 3) + env.sessionMs),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m2', members: ['$m2', '$m3'] }),
      ];
    },
  },
  {
    name: 'Timers: CompletingRebalance, the leader session expires while the follower waits in SyncGroup -> the follower survives, its SyncGroup gets 27',
    watchesEmpty: true,
    rules: ['TM-02', 'TM-03', 'TM-05', 'GS-04', 'GS-05', 'GS-10'],
    steps: (env) => {
      const t = afterSetup(env, 2);
      // The join completion at the setup's end armed both sessions.
      const m1Ends = t.nowMs + env.sessionMs;
      // Answering the parked SyncGroup at m1's expiry re-arms m2's session timer (GS-05, TM-03).
      const m2Ends = m1Ends + env.sessionMs;
      return [
        ...completingRebalance(env),
        send('sync2', syncGroup({ memberId: '$m2', generationId: 2 })),
        t.before(m1Ends),
        expectPending('sync2'),
        expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
        t.after(m1Ends),
        expect('sync2', { errorCode: 27, protocolType: null, protocolName: null }),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m2', members: ['$m2'] }),
        t.before(m2Ends),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 2, members: ['$m2'] }),
        t.after(m2Ends),
        expectGroup('g', { state: 'Empty', generationId: 3, leader: null, members: [] }),
        expectDurable('g', [...STABLE_RECORDS, emptyRecord(3, m2Ends)]),
      ];
    },
  },
  {
    name: 'Timers: PreparingRebalance, the member that has not rejoined expires -> the join phase completes; the parked member survives its own expiry',
    watchesEmpty: true,
    rules: ['TM-02', 'TM-03', 'TM-05', 'TM-07', 'TM-08', 'GS-06', 'REC-04'],
    steps: (env) => {
      const t = afterSetup(env, 2);
      const m2Ends = sessionsArmedMs(env, 2) + env.sessionMs;
      // The join completion at m2's expiry re-arms m1's session timer; m1 never syncs.
      const m1Ends = m2Ends + env.sessionMs;
      return [
        ...preparingRebalance(env),
        t.before(m2Ends),
        expectPending('rejoin1'),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
        t.after(m2Ends),
        expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [{ memberId: '$m1' }] }),
        expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1'] }),
        expectDurable('g', STABLE_RECORDS),
        t.before(m1Ends),
        expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1'] }),
        t.after(m1Ends),
        expectGroup('g', { state: 'Empty', generationId: 3, members: [] }),
        expectDurable('g', [...STABLE_RECORDS, emptyRecord(3, m1Ends)]),
      ];
    },
  },
  {
    name: 'Timers: a new member waiting for its first join completion -> removed when its 300000 ms join timeout fires',
    watchesEmpty: true,
    rules: ['TM-02', 'TM-03', 'TM-05', 'TM-09', 'REC-04'],
    needs: (env) => {
      if (env.realTime) return `waits out Kafka's fixed ${NEW_MEMBER_JOIN_TIMEOUT_MS} ms new-member join timeout and more, over 6 minutes of real time`;
      const min = env.configs['group.min.session.timeout.ms']!;
      const max = env.configs['group.max.session.timeout.ms']!;
      if (min <= M1_SESSION_MS && M1_SESSION_MS <= max) return undefined;
      return `m1 must outlive the new-member join timeout with a session of ${M1_SESSION_MS} ms; the target's session bounds are ${min} to ${max}`;
    },
    steps: (env) => {
      // The initial join phase of m1 alone ends when the delay does (no extension: TM-11).
      const t = new Timeline(env, 0);
      const m1Ends = initialJoinMs(env, 1) + M1_SESSION_MS;
      const steps = [
        // m1 has long timeouts, so the rebalance its silence holds open outlasts the join timeout.
        ...joinWith(1, { sessionTimeoutMs: M1_SESSION_MS, rebalanceTimeoutMs: 2 * NEW_MEMBER_JOIN_TIMEOUT_MS }),
        t.at(initialJoinMs(env, 1) + env.settleMs),
      ];
      const m2Ends = t.nowMs + NEW_MEMBER_JOIN_TIMEOUT_MS;
      return [
        ...steps,
        expect('join1', { errorCode: 0, generationId: 1, leader: '$m1' }),
        send('sync1', syncGroup({ memberId: '$m1', generationId: 1 })),
        expect('sync1', { errorCode: 0 }),
        ...joinNew(2),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
        t.before(m2Ends),
        expectPending('join2'),
        t.after(m2Ends),
        expect('join2', { errorCode: 25, memberId: '', generationId: -1 }),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
        // m1's own session, armed by its join completion, then empties the group.
        t.before(m1Ends),
        expectGroup('g', { state: 'PreparingRebalance', members: ['$m1'] }),
        t.after(m1Ends),
        expectGroup('g', { state: 'Empty', generationId: 2, members: [] }),
        expectDurable('g', [{ generation: 0 }, { generation: 1 }, emptyRecord(2, m1Ends)]),
      ];
    },
  },
];

const pendingScenarios: Scenario[] = [
  {
    name: 'Timers: Stable, a pending member times out -> the id is dropped and the group is untouched',
    rules: ['TM-02', 'TM-03', 'TM-04', 'REC-04'],
    steps: (env) => {
      const t = afterSetup(env, 2);
      const steps = [...stableGroup(env, 2), t.by(pendingGapMs(env))];
      const m3Ends = t.nowMs + env.sessionMs;
      return [
        ...steps,
        ...pendingMember(3),
        // The members heartbeat half a session later, so they outlive the pending member.
        t.by(Math.floor(env.sessionMs / 2)),
        ...heartbeats('half', 1, 1, 2),
        t.after(m3Ends),
        expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
        send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
        expect('join3', { errorCode: 25 }),
        expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
        expectDurable('g', STABLE_RECORDS),
      ];
    },
  },
  {
    name: 'Timers: PreparingRebalance, the pending member everyone waits for times out -> the join phase completes at once',
    rules: ['TM-02', 'TM-04', 'TM-05', 'TM-07', 'TM-08'],
    steps: (env) => {
      const t = afterSetup(env, 2);
      const steps = [...preparingRebalance(env), t.by(pendingGapMs(env))];
      // m1 and m2 are parked (satisfied) when their session timers fire, before the pending member's.
      const m3Ends = t.nowMs + env.sessionMs;
      return [
        ...steps,
        ...pendingMember(3),
        send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
        t.before(m3Ends),
        expectPending('rejoin1'),
        expectPending('rejoin2'),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
        t.after(m3Ends),
        expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
        expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m1' }),
      ];
    },
  },
  {
    name: 'Timers: initial rebalance, the pending member times out with everyone else joined -> the join phase completes before the delay',
    rules: ['TM-02', 'TM-04', 'TM-10', 'TM-12'],
    needs: (env) => needsDelay(4)(env) ?? pendingPlan(env).why,
    steps: (env) => {
      const { sessionMs, extensions } = pendingPlan(env);
      const d = env.delayMs;
      const t = new Timeline(env, 0);
      const steps: Step[] = [
        // m1's rebalance timeout lets the delay be extended `extensions` times (TM-11) and no more.
        ...joinWith(1, { rebalanceTimeoutMs: (extensions + 1) * d }),
        send('first2', joinGroup({ clientId: 'c2', sessionTimeoutMs: sessionMs })),
        expect('first2', { errorCode: 79, memberId: '$m2' }),
      ];
      // A new member halfway to each expiry before the pending member's extends the delay past it.
      const joined = ['$m1'];
      for (let j = 1; j <= extensions; j++) {
        steps.push(t.at(j * d - Math.floor(d / 2)), ...joinNew(j + 2));
        joined.push(`$m${j + 2}`);
      }
      return [
        ...steps,
        t.before(sessionMs),
        expectPending('join1'),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 0, members: joined }),
        t.after(sessionMs),
        expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', members: joined.map((memberId) => ({ memberId })) }),
        expectGroup('g', { state: 'CompletingRebalance', generationId: 1 }),
      ];
    },
  },
];

/** The most extensions of the delay the initial-rebalance scenario makes (one new member each) before it gives up. */
const MAX_EXTENSIONS = 8;

/**
 * The pending member's session in the initial-rebalance scenario: halfway between two expiries
 * of the delay D, and within the broker's session bounds, so the delay is extended
 * `extensions` times to outlast it (a delay of at least twice the minimum session needs none).
 */

function pendingPlan(env: ScenarioEnv): { sessionMs: number; extensions: number; why?: string } {
  const d = env.delayMs;
  const min = env.configs['group.min.session.timeout.ms']!;
  const max = env.configs['group.max.session.timeout.ms']!;
  const extensions = d > 0 ? Math.max(0, Math.ceil(min / d - 0.5)) : 0;
  const sessionMs = extensions * d + Math.floor(d / 2);
  let why: string | undefined;
  if (extensions > MAX_EXTENSIONS) why = `the minimum session (${min} ms) is more than ${MAX_EXTENSIONS} delays of ${d} ms: new members would have to extend the delay ${extensions} times`;
  else if (sessionMs > max) why = `the pending member's session of ${sessionMs} ms (half a delay past an expiry) exceeds group.max.session.timeout.ms ${max}`;
  return { sessionMs, extensions, ...(why !== undefined ? { why } : {}) };
}

/** Session, pending-member and new-member timers. */
export const sessionTimerScenarios: Scenario[] = [...sessionScenarios, ...pendingScenarios];
