/**
 * Normative scenarios: sync-group, the outcomes of valid SyncGroups. Followers parked until the
 * leader syncs, the leader's assignment map and its GroupMetadata record, SyncGroup in Stable,
 * a replaced parked SyncGroup, the response by version, session timers and the pending-sync set.
 *
 * @remarks
 * Waits are fractions of the session the members ask for ({@link ScenarioEnv.sessionMs}); the
 * sync timer runs for the group's rebalance timeout ({@link ScenarioEnv.rebalanceMs}, armed when
 * the setup's join phase ends). Deadlines are checked one margin either side (`sync-helpers.ts`).
 */
import type { Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, joinGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import type { JoinGroupProtocol } from '../../src/protocol/messages/index.js';
import { assignmentOf, completingRebalance, initialJoinMs, stableGroup } from './setup.js';
import { formGroup, heartbeatIntervalMs, heartbeatOf, keepAlive, leaderSync, STABLE_RECORDS, syncError, syncOf } from './sync-helpers.js';

/** A successful v5 SyncGroup response of the setups' group, carrying `assignment`. */
function synced(assignment: Uint8Array): Record<string, unknown> {
  return { errorCode: 0, protocolType: 'consumer', protocolName: 'range', assignment };
}

/** Member `m<i>`'s protocols: roundrobin preferred, each with metadata naming the member. */
function preferRoundrobin(i: number): JoinGroupProtocol[] {
  return [
    { name: 'roundrobin', metadata: bytes(`m${i}-rr`) },
    { name: 'range', metadata: bytes(`m${i}-range`) },
  ];
}

/** Three members m1 (leader), m2, m3 (clients c1 .. c3) in CompletingRebalance at generation 1, none synced yet. */
function completingWithThree(env: ScenarioEnv): Step[] {
  return formGroup(env, [{ clientId: 'c1' }, { clientId: 'c2' }, { clientId: 'c3' }]);
}

/** A wait well inside every session (a quarter of one), to show that time passing changes nothing. */
function quarterSession(env: ScenarioEnv): number {
  return Math.floor(env.sessionMs / 4);
}

/**
 * Member m2 of the record scenario asks for timeouts of its own, unlike m1's: a longer session
 * (within the broker's maximum) and a shorter rebalance timeout, so the record shows each
 * member's own values and the initial join phase still follows m1's.
 */
function m2Timeouts(env: ScenarioEnv): { sessionTimeoutMs: number; rebalanceTimeoutMs: number } {
  const longer = Math.floor((env.sessionMs * 6) / 5);
  return { sessionTimeoutMs: Math.min(env.configs['group.max.session.timeout.ms']!, longer), rebalanceTimeoutMs: 2 * env.sessionMs };
}

export const syncGroupOutcomeScenarios: Scenario[] = [
  // ---- CompletingRebalance: parking and the leader's SyncGroup ---------------------------------
  {
    name: "SyncGroup: a follower is parked in CompletingRebalance until the leader's SyncGroup answers it",
    rules: ['SG-05', 'SG-07', 'SG-09', 'VER-05', 'GS-01'],
    steps: (env) => [
      ...completingRebalance(env),
      advance(quarterSession(env)),
      send('s2', syncOf(2, 2)),
      expectPending('s2'),
      advance(quarterSession(env)),
      expectPending('s2'),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2 }),
      send('s1', leaderSync(2)),
      expect('s1', synced(assignmentOf(1, 2))),
      expect('s2', synced(assignmentOf(2, 2))),
      expectGroup('g', { state: 'Stable', generationId: 2, leader: '$m1', protocolType: 'consumer', protocolName: 'range', members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'SyncGroup: a follower syncing after the leader completed the rebalance gets its stored assignment, no record',
    rules: ['SG-09', 'SG-10', 'REC-04', 'GS-01'],
    steps: (env) => [
      ...completingRebalance(env),
      send('s1', leaderSync(2)),
      expect('s1', synced(assignmentOf(1, 2))),
      expectGroup('g', { state: 'Stable', generationId: 2 }),
      advance(quarterSession(env)),
      send('s2', syncOf(2, 2)),
      expect('s2', synced(assignmentOf(2, 2))),
      expectDurable('g', [
        ...STABLE_RECORDS,
        { generation: 2, protocol: 'range', leader: '$m1', members: [{ memberId: '$m1', assignment: assignmentOf(1, 2) }, { memberId: '$m2', assignment: assignmentOf(2, 2) }] },
      ]),
    ],
  },
  {
    name: "SyncGroup: the leader's SyncGroup writes GroupMetadata with the protocol, leader, CompletingRebalance time and every member",
    rules: ['SG-09', 'REC-03', 'REC-04'],
    steps: (env) => [
      ...formGroup(env, [
        { clientId: 'c1', protocols: preferRoundrobin(1) },
        { clientId: 'c2', ...m2Timeouts(env), protocols: preferRoundrobin(2) },
      ]),
      expect('join1', { protocolName: 'roundrobin' }),
      expect('join2', { protocolName: 'roundrobin' }),
      // Join completion into CompletingRebalance (at initialJoinMs) writes nothing.
      expectDurable('g', [{ generation: 0, protocolType: '', protocol: null, leader: null, currentStateTimestamp: 0, members: [] }]),
      advance(quarterSession(env)),
      send('s1', syncOf(1, 1, { protocolName: 'roundrobin', assignments: [{ memberId: '$m1', assignment: bytes('a1') }, { memberId: '$m2', assignment: bytes('a2') }] })),
      expect('s1', { errorCode: 0, protocolType: 'consumer', protocolName: 'roundrobin', assignment: bytes('a1') }),
      send('s2', syncOf(2, 1, { protocolName: 'roundrobin' })),
      expect('s2', { errorCode: 0, protocolType: 'consumer', protocolName: 'roundrobin', assignment: bytes('a2') }),
      expectDurable('g', [
        { generation: 0, protocolType: '', protocol: null, leader: null, currentStateTimestamp: 0, members: [] },
        {
          protocolType: 'consumer',
          generation: 1,
          protocol: 'roundrobin',
          leader: '$m1',
          currentStateTimestamp: initialJoinMs(env, 2),
          members: [
            { memberId: '$m1', groupInstanceId: null, clientId: 'c1', clientHost: '/127.0.0.1', rebalanceTimeout: env.rebalanceMs, sessionTimeout: env.sessionMs, subscription: bytes('m1-rr'), assignment: bytes('a1') },
            { memberId: '$m2', groupInstanceId: null, clientId: 'c2', clientHost: '/127.0.0.1', rebalanceTimeout: m2Timeouts(env).rebalanceTimeoutMs, sessionTimeout: m2Timeouts(env).sessionTimeoutMs, subscription: bytes('m2-rr'), assignment: bytes('a2') },
          ],
        },
      ]),
    ],
  },
  {
    name: "SyncGroup: the leader's assignment map: later duplicates win, non-members ignored, missing members get empty bytes",
    rules: ['SG-07', 'SG-08', 'SG-09', 'SG-10', 'REC-03'],
    steps: (env) => [
      ...completingWithThree(env),
      // A pending member is not a member: an entry for it is ignored too.
      send('p', joinGroup({ clientId: 'c4' })),
      expect('p', { errorCode: 79, memberId: '$p' }),
      send('s2', syncOf(2, 1)),
      send('s3', syncOf(3, 1)),
      expectPending('s2'),
      expectPending('s3'),
      send('s1', syncOf(1, 1, {
        assignments: [
          { memberId: '$m2', assignment: bytes('old') },
          { memberId: '$m1', assignment: bytes('a1') },
          { memberId: 'nobody', assignment: bytes('x') },
          { memberId: '$p', assignment: bytes('p') },
          { memberId: '$m2', assignment: bytes('new') },
        ],
      })),
      expect('s1', synced(bytes('a1'))),
      expect('s2', synced(bytes('new'))),
      expect('s3', synced(new Uint8Array(0))),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2', '$m3'] }),
      expectDurable('g', [
        { generation: 0, members: [] },
        { generation: 1, members: [{ memberId: '$m1', assignment: bytes('a1') }, { memberId: '$m2', assignment: bytes('new') }, { memberId: '$m3', assignment: new Uint8Array(0) }] },
      ]),
      send('again3', syncOf(3, 1)),
      expect('again3', synced(new Uint8Array(0))),
    ],
  },
  {
    name: 'SyncGroup: a second parked SyncGroup of a follower replaces the first, which is never answered',
    rules: ['SG-07', 'SG-11', 'VER-05'],
    steps: (env) => [
      ...completingRebalance(env),
      send('s2a', syncOf(2, 2)),
      expectPending('s2a'),
      send('s2b', syncOf(2, 2, { version: 4, protocolType: null, protocolName: null })),
      expectPending('s2a'),
      expectPending('s2b'),
      send('s1', leaderSync(2)),
      expect('s1', synced(assignmentOf(1, 2))),
      // The answer is the one for the second request (v4: no protocol fields).
      expect('s2b', { errorCode: 0, protocolType: null, protocolName: null, assignment: assignmentOf(2, 2) }),
      expectPending('s2a'),
      advance(2 * quarterSession(env)),
      expectPending('s2a'),
      expectGroup('g', { state: 'Stable', generationId: 2, members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'SyncGroup: a parked follower gets 27 with no protocol fields and empty bytes when a rebalance starts',
    rules: ['SG-05', 'SG-07'],
    steps: (env) => [
      ...completingRebalance(env),
      send('s2', syncOf(2, 2)),
      expectPending('s2'),
      send('rejoin1b', joinGroup({ clientId: 'c1', memberId: '$m1', protocols: [{ name: 'range', metadata: bytes('changed') }] })),
      expect('s2', syncError(27)),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2 }),
    ],
  },

  // ---- Stable ------------------------------------------------------------------------------------
  {
    name: "SyncGroup: the leader's SyncGroup in Stable returns its stored assignment and ignores new assignments",
    rules: ['SG-10', 'REC-04', 'GS-01'],
    steps: (env) => [
      ...stableGroup(env, 2),
      advance(quarterSession(env)),
      send('again1', syncOf(1, 1, { assignments: [{ memberId: '$m1', assignment: bytes('x') }, { memberId: '$m2', assignment: bytes('y') }] })),
      expect('again1', synced(assignmentOf(1, 1))),
      send('again2', syncOf(2, 1)),
      expect('again2', synced(assignmentOf(2, 1))),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'SyncGroup: the response carries protocolType and protocolName from v5 only; v3 with a null groupInstanceId answers as v2',
    rules: ['SG-05', 'SG-10', 'VER-05', 'VER-07'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('v5', syncOf(2, 1)),
      expect('v5', synced(assignmentOf(2, 1))),
      ...[0, 1, 2, 3, 4].flatMap((version): Step[] => [
        send(`v${version}`, syncOf(2, 1, { version, protocolType: null, protocolName: null })),
        expect(`v${version}`, { errorCode: 0, protocolType: null, protocolName: null, assignment: assignmentOf(2, 1) }),
        send(`v${version}gen`, syncOf(2, 2, { version, protocolType: null, protocolName: null })),
        expect(`v${version}gen`, syncError(22)),
        send(`v${version}unknown`, syncGroup({ version, memberId: 'nobody', protocolType: null, protocolName: null })),
        expect(`v${version}unknown`, syncError(25)),
      ]),
      send('v5gen', syncOf(2, 2)),
      expect('v5gen', syncError(22)),
    ],
  },

  // ---- Session timers (TM-03) ----------------------------------------------------------------
  {
    name: "SyncGroup: the leader's SyncGroup re-arms the session timers of the members it answers",
    rules: ['SG-09', 'TM-03'],
    steps: (env) => {
      // Join completion at the end of the setup (E) armed both sessions for E + session; the
      // syncs a third of a session later re-arm them, so both outlive E + session by a third.
      const later = Math.floor(env.sessionMs / 3);
      return [
        ...completingRebalance(env),
        advance(later),
        send('s2', syncOf(2, 2)),
        send('s1', leaderSync(2)),
        expect('s1', synced(assignmentOf(1, 2))),
        expect('s2', synced(assignmentOf(2, 2))),
        advance(env.sessionMs - env.marginMs),
        expectGroup('g', { state: 'Stable', generationId: 2, members: ['$m1', '$m2'] }),
        advance(2 * env.marginMs),
        expectGroup('g', { state: 'Empty', members: [] }),
      ];
    },
  },
  {
    name: 'SyncGroup: a SyncGroup in Stable does not re-arm the session timer',
    rules: ['SG-10', 'TM-03'],
    steps: (env) => [
      // m2 synced in Stable; its session timer runs from the setup's join completion (E) to E + session.
      ...stableGroup(env, 2),
      advance(heartbeatIntervalMs(env)),
      send('again2', syncOf(2, 1)),
      expect('again2', synced(assignmentOf(2, 1))),
      send('h1', heartbeatOf(1, 1)),
      expect('h1', { errorCode: 0 }),
      // One margin past E + session: m2 is gone, m1 (heartbeat at E + interval) is not.
      advance(env.sessionMs - heartbeatIntervalMs(env) + env.marginMs),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1'] }),
    ],
  },

  // ---- The pending-sync set (SG-12) -------------------------------------------------------------
  {
    name: 'SyncGroup: a follower that syncs in Stable leaves the pending-sync set and the sync timer is cancelled',
    rules: ['SG-10', 'SG-12', 'TM-13'],
    steps: (env) => [
      // The sync timer of generation 2 was armed at the setup's end (E) for E + rebalance timeout.
      ...completingRebalance(env),
      send('s1', leaderSync(2)),
      expect('s1', synced(assignmentOf(1, 2))),
      advance(env.marginMs),
      send('s2', syncOf(2, 2)),
      expect('s2', synced(assignmentOf(2, 2))),
      // Both heartbeat until one margin past the sync timer's deadline: it removes no one.
      ...keepAlive(env, env.rebalanceMs, 2, [1, 2]),
      expectGroup('g', { state: 'Stable', generationId: 2, members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'SyncGroup: a failed follower SyncGroup leaves it in the pending-sync set, so the sync timer evicts it',
    rules: ['SG-03', 'SG-12', 'TM-14'],
    steps: (env) => [
      ...completingRebalance(env),
      send('wrongGen', syncOf(2, 1)),
      expect('wrongGen', syncError(22)),
      send('mismatch', syncOf(2, 2, { protocolName: 'roundrobin' })),
      expect('mismatch', syncError(23)),
      send('s1', leaderSync(2)),
      expect('s1', synced(assignmentOf(1, 2))),
      // Both heartbeat until one margin before the sync timer's deadline (E + rebalance timeout),
      // which then removes m2.
      ...keepAlive(env, env.rebalanceMs - env.marginMs, 2, [1, 2]),
      expectGroup('g', { state: 'Stable', generationId: 2, members: ['$m1', '$m2'] }),
      advance(2 * env.marginMs),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, members: ['$m1'] }),
    ],
  },
];
