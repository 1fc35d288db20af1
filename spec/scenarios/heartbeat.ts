/**
 * Normative scenarios: heartbeat. The checks HB-01 and HB-02, the request x state matrix (Empty,
 * PreparingRebalance, CompletingRebalance, Stable) for a member, an unknown member and a wrong
 * generation, and the session refresh (TM-03), observed by letting time pass and seeing whether
 * the member is removed.
 *
 * @remarks
 * Timed from the broker's environment: members ask for {@link ScenarioEnv.sessionMs}; a setup
 * ends (time E below) with every session timer due at E + session at the latest, members
 * heartbeat every {@link heartbeatIntervalMs} (half a session), and each deadline is checked one
 * {@link ScenarioEnv.marginMs} before and after it.
 */
import type { Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, expect, expectDurable, expectGroup, expectNoGroup, expectPending, heartbeat, joinGroup, send } from '../../src/conformance/scenario.js';
import { completingRebalance, emptiedGroup, preparingRebalance, stableGroup } from './setup.js';
import { EMPTIED_RECORDS, heartbeatIntervalMs, heartbeatOf, keepAlive, leaderSync, STABLE_RECORDS } from './sync-helpers.js';

/** A pending member `$p` (client `c9`): a new member's first JoinGroup, answered 79. */
function pendingMember(): Step[] {
  return [send('p', joinGroup({ clientId: 'c9' })), expect('p', { errorCode: 79, memberId: '$p' })];
}

/**
 * From a heartbeat sent half a session after a setup ended (E), the wait to one margin past the
 * setup's session deadline E + session: a member not re-armed is gone by then, one re-armed at
 * E + half a session still has half a session less a margin.
 */
function pastSetupSessions(env: ScenarioEnv): number {
  return env.sessionMs - heartbeatIntervalMs(env) + env.marginMs;
}

/** Heartbeat `label` is answered with `errorCode`. */
function answered(label: string, errorCode: number): Step {
  return expect(label, { errorCode });
}

export const heartbeatScenarios: Scenario[] = [
  // ---- HB-01: group checks ------------------------------------------------------------------
  {
    name: 'Heartbeat: empty group id -> 24; unknown group -> 25; no group created',
    rules: ['HB-01'],
    steps: [
      send('empty', heartbeat({ groupId: '', memberId: 'someone' })),
      answered('empty', 24),
      send('emptyV0', heartbeat({ groupId: '', memberId: 'someone', version: 0 })),
      answered('emptyV0', 24),
      send('unknown', heartbeat({ groupId: 'nope', memberId: 'someone', generationId: 0 })),
      answered('unknown', 25),
      expectNoGroup(''),
      expectNoGroup('nope'),
    ],
  },

  // ---- Empty ----------------------------------------------------------------------------------
  {
    name: 'Heartbeat: former member, unknown member, pending member or wrong generation in Empty -> 25',
    rules: ['HB-01', 'HB-02', 'GS-01'],
    steps: (env) => [
      ...emptiedGroup(env),
      ...pendingMember(),
      send('former', heartbeatOf(1, 2)),
      answered('former', 25),
      send('formerOldGen', heartbeatOf(2, 1)),
      answered('formerOldGen', 25),
      send('unknown', heartbeat({ memberId: 'nobody', generationId: 2 })),
      answered('unknown', 25),
      send('pending', heartbeat({ clientId: 'c9', memberId: '$p', generationId: 2 })),
      answered('pending', 25),
      expectGroup('g', { state: 'Empty', generationId: 2, members: [] }),
      expectDurable('g', EMPTIED_RECORDS),
    ],
  },

  // ---- PreparingRebalance -----------------------------------------------------------------------
  {
    name: 'Heartbeat: member of the previous generation in PreparingRebalance -> 27, nothing else changes',
    rules: ['HB-03', 'REC-04', 'GS-01'],
    steps: (env) => [
      ...preparingRebalance(env),
      send('h2', heartbeatOf(2, 1)),
      answered('h2', 27),
      // m1 has rejoined (its JoinGroup is parked) and is still told a rebalance is in progress.
      send('h1', heartbeatOf(1, 1)),
      answered('h1', 27),
      expectPending('rejoin1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'Heartbeat: unknown member, pending member or wrong generation in PreparingRebalance -> 25 / 22',
    rules: ['HB-01', 'HB-02'],
    steps: (env) => [
      ...preparingRebalance(env),
      ...pendingMember(),
      send('unknown', heartbeat({ memberId: 'nobody', generationId: 1 })),
      answered('unknown', 25),
      send('unknownWrongGen', heartbeat({ memberId: 'nobody', generationId: 2 })),
      answered('unknownWrongGen', 25),
      send('pending', heartbeat({ clientId: 'c9', memberId: '$p', generationId: 1 })),
      answered('pending', 25),
      send('next', heartbeatOf(2, 2)),
      answered('next', 22),
      send('prev', heartbeatOf(2, 0)),
      answered('prev', 22),
      expectPending('rejoin1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'Heartbeat: a heartbeat in PreparingRebalance re-arms the session of a member that has not rejoined',
    rules: ['HB-03', 'TM-03'],
    steps: (env) => [
      ...preparingRebalance(env),
      advance(heartbeatIntervalMs(env)),
      send('h2', heartbeatOf(2, 1)),
      answered('h2', 27),
      // Past E + session m2 is still a member (its session was re-armed), so the join phase waits.
      advance(pastSetupSessions(env)),
      expectPending('rejoin1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'Heartbeat: a wrong-generation heartbeat in PreparingRebalance does not re-arm; the member is removed',
    rules: ['HB-02', 'TM-03'],
    steps: (env) => [
      ...preparingRebalance(env),
      advance(heartbeatIntervalMs(env)),
      send('h2', heartbeatOf(2, 2)),
      answered('h2', 22),
      // m2's session ends at E + session; with m1 the only member, all have joined and the join completes.
      advance(pastSetupSessions(env)),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1' }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1'] }),
    ],
  },

  // ---- CompletingRebalance ----------------------------------------------------------------------
  {
    name: 'Heartbeat: member in CompletingRebalance -> 0, nothing else changes',
    rules: ['HB-04', 'REC-04', 'GS-01'],
    steps: (env) => [
      ...completingRebalance(env),
      send('h1', heartbeatOf(1, 2)),
      answered('h1', 0),
      send('h2', heartbeatOf(2, 2)),
      answered('h2', 0),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1', '$m2'] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'Heartbeat: unknown member, pending member or wrong generation in CompletingRebalance -> 25 / 22',
    rules: ['HB-01', 'HB-02'],
    steps: (env) => [
      ...completingRebalance(env),
      ...pendingMember(),
      send('unknown', heartbeat({ memberId: 'nobody', generationId: 2 })),
      answered('unknown', 25),
      send('unknownWrongGen', heartbeat({ memberId: 'nobody', generationId: 1 })),
      answered('unknownWrongGen', 25),
      send('pending', heartbeat({ clientId: 'c9', memberId: '$p', generationId: 2 })),
      answered('pending', 25),
      send('prev', heartbeatOf(2, 1)),
      answered('prev', 22),
      send('next', heartbeatOf(1, 3)),
      answered('next', 22),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'Heartbeat: in CompletingRebalance a heartbeat keeps a member alive, a wrong-generation one does not',
    rules: ['HB-02', 'HB-04', 'TM-03'],
    steps: (env) => [
      ...completingRebalance(env),
      advance(heartbeatIntervalMs(env)),
      send('h1', heartbeatOf(1, 2)),
      answered('h1', 0),
      send('h2', heartbeatOf(2, 1)),
      answered('h2', 22),
      // At E + session m2's session ends and it is removed; m1's runs half a session longer.
      advance(pastSetupSessions(env)),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, members: ['$m1'] }),
      send('h1b', heartbeatOf(1, 2)),
      answered('h1b', 27),
    ],
  },
  {
    name: 'Heartbeat: heartbeats do not take a member out of the pending-sync set; the sync timer removes it',
    rules: ['HB-04', 'TM-14'],
    steps: (env) => [
      ...completingRebalance(env),
      send('s1', leaderSync(2)),
      expect('s1', { errorCode: 0 }),
      // m2 heartbeats but never syncs; the sync timer armed at E fires at E + rebalance timeout.
      ...keepAlive(env, env.rebalanceMs - env.marginMs, 2, [1, 2]),
      expectGroup('g', { state: 'Stable', generationId: 2, members: ['$m1', '$m2'] }),
      advance(2 * env.marginMs),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, members: ['$m1'] }),
    ],
  },

  // ---- Stable ---------------------------------------------------------------------------------
  {
    name: 'Heartbeat: member in Stable -> 0, nothing else changes',
    rules: ['HB-04', 'REC-04', 'GS-01'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('h1', heartbeatOf(1, 1)),
      answered('h1', 0),
      send('h2', heartbeatOf(2, 1)),
      answered('h2', 0),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'Heartbeat: unknown member, pending member or wrong generation in Stable -> 25 / 22',
    rules: ['HB-01', 'HB-02'],
    steps: (env) => [
      ...stableGroup(env, 2),
      ...pendingMember(),
      send('unknown', heartbeat({ memberId: 'nobody', generationId: 1 })),
      answered('unknown', 25),
      send('unknownWrongGen', heartbeat({ memberId: 'nobody', generationId: 7 })),
      answered('unknownWrongGen', 25),
      send('pending', heartbeat({ clientId: 'c9', memberId: '$p', generationId: 1 })),
      answered('pending', 25),
      send('next', heartbeatOf(2, 2)),
      answered('next', 22),
      send('prev', heartbeatOf(1, 0)),
      answered('prev', 22),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'Heartbeat: members that keep heartbeating outlive their session timeout in Stable',
    rules: ['HB-04', 'TM-03'],
    steps: (env) => [
      ...stableGroup(env, 2),
      // Heartbeats every half session for two sessions: far past the setup's deadline E + session.
      ...keepAlive(env, 2 * env.sessionMs, 1, [1, 2]),
      // One margin before the last heartbeats' deadline.
      advance(env.sessionMs - env.marginMs),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'Heartbeat: a member that stops heartbeating in Stable is removed at the end of its session',
    rules: ['HB-04', 'TM-03'],
    steps: (env) => [
      ...stableGroup(env, 2),
      ...keepAlive(env, heartbeatIntervalMs(env), 1, [1, 2]),
      // m2 stops at T = E + interval: its session ends at T + session; m1 goes on.
      advance(heartbeatIntervalMs(env)),
      send('h1', heartbeatOf(1, 1)),
      answered('h1', 0),
      advance(env.sessionMs - heartbeatIntervalMs(env) - env.marginMs),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
      advance(2 * env.marginMs),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1'] }),
      send('h1b', heartbeatOf(1, 1)),
      answered('h1b', 27),
    ],
  },
  {
    name: 'Heartbeat: wrong-generation heartbeats in Stable do not re-arm the session',
    rules: ['HB-02', 'TM-03'],
    steps: (env) => [
      ...stableGroup(env, 2),
      advance(heartbeatIntervalMs(env)),
      send('h1', heartbeatOf(1, 1)),
      answered('h1', 0),
      send('h2', heartbeatOf(2, 0)),
      answered('h2', 22),
      advance(pastSetupSessions(env)),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1'] }),
    ],
  },

  // ---- Versions -------------------------------------------------------------------------------
  {
    name: 'Heartbeat: v3 and v4 with a null groupInstanceId are answered as v0 to v2',
    rules: ['VER-07', 'HB-01', 'HB-02', 'HB-04'],
    steps: (env) => [
      ...stableGroup(env, 2),
      ...[0, 1, 2, 3, 4].flatMap((version): Step[] => [
        send(`v${version}`, heartbeatOf(2, 1, { version })),
        answered(`v${version}`, 0),
        send(`v${version}gen`, heartbeatOf(2, 2, { version })),
        answered(`v${version}gen`, 22),
        send(`v${version}unknown`, heartbeat({ version, memberId: 'nobody' })),
        answered(`v${version}unknown`, 25),
      ]),
      // A v3 heartbeat re-arms the session like any other: past E + session both are members.
      advance(heartbeatIntervalMs(env)),
      send('h1', heartbeatOf(1, 1, { version: 3 })),
      answered('h1', 0),
      send('h2', heartbeatOf(2, 1, { version: 0 })),
      answered('h2', 0),
      advance(pastSetupSessions(env)),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
    ],
  },
];
