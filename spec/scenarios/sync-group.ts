/**
 * Normative scenarios: sync-group. The checks SG-01 to SG-04 and their order, and the request x
 * state matrix (Empty, PreparingRebalance, CompletingRebalance, Stable) for the leader, a follower,
 * an unknown member and a wrong generation. The outcomes in CompletingRebalance and Stable (the
 * assignment map, parking, records, session timers) are in sync-group-outcomes.ts.
 *
 * @remarks
 * The groups come from the setups of `setup.ts`, which form them for any initial delay; these
 * checks let no time pass, except the one that waits out the initial delay and so needs one.
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectNoGroup, expectPending, joinGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import { assignmentOf, completingRebalance, emptiedGroup, formsAtOnce, initialJoinMs, preparingRebalance, stableGroup } from './setup.js';
import { EMPTIED_RECORDS, leaderSync, STABLE_RECORDS, syncError, syncOf } from './sync-helpers.js';

/** Why a scenario that observes the join phase of an initial rebalance cannot run with no delay. */
const NEEDS_INITIAL_DELAY =
  'needs group.initial.rebalance.delay.ms > 0 (in real time, at least one margin): with no delay an initial join phase ends right after the join that starts it (TM-12), so a group is never in PreparingRebalance without a selected protocol';

export const syncGroupScenarios: Scenario[] = [
  // ---- SG-01: v5 needs both protocol fields, checked before everything ----------------------
  {
    name: 'SyncGroup: v5 with a null protocolType or protocolName and an empty group id -> 23, not 24',
    rules: ['SG-01', 'SG-05'],
    steps: [
      send('noType', syncGroup({ groupId: '', memberId: 'someone', protocolType: null })),
      expect('noType', syncError(23)),
      send('noName', syncGroup({ groupId: '', memberId: 'someone', protocolName: null })),
      expect('noName', syncError(23)),
      send('neither', syncGroup({ groupId: '', protocolType: null, protocolName: null })),
      expect('neither', syncError(23)),
      expectNoGroup(''),
    ],
  },
  {
    name: 'SyncGroup: v5 with a null protocolName for an unknown group -> 23, not 25, no group created',
    rules: ['SG-01', 'SG-02'],
    steps: [
      send('noName', syncGroup({ groupId: 'nope', memberId: 'someone', protocolName: null })),
      expect('noName', syncError(23)),
      send('noType', syncGroup({ groupId: 'nope', memberId: 'someone', protocolType: null })),
      expect('noType', syncError(23)),
      expectNoGroup('nope'),
    ],
  },
  {
    name: 'SyncGroup: v5 with a null protocolType in an Empty group -> 23, not 25',
    rules: ['SG-01'],
    steps: (env) => [
      ...emptiedGroup(env),
      send('s', syncOf(1, 2, { protocolType: null })),
      expect('s', syncError(23)),
      expectGroup('g', { state: 'Empty', generationId: 2, members: [] }),
      expectDurable('g', EMPTIED_RECORDS),
    ],
  },
  {
    name: 'SyncGroup: v5 with a null protocolName from an unknown member with a wrong generation in Stable -> 23',
    rules: ['SG-01'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('s', syncGroup({ memberId: 'nobody', generationId: 7, protocolName: null })),
      expect('s', syncError(23)),
      send('m2', syncOf(2, 5, { protocolName: null, protocolType: null })),
      expect('m2', syncError(23)),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: "SyncGroup: the leader's v5 SyncGroup with a null protocolType in CompletingRebalance -> 23, no record, not Stable",
    rules: ['SG-01', 'REC-04'],
    steps: (env) => [
      ...completingRebalance(env),
      send('bad', leaderSync(2, 2, { protocolType: null })),
      expect('bad', syncError(23)),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1' }),
      expectDurable('g', STABLE_RECORDS),
      // The failed request did not park or store anything: the valid one completes the rebalance.
      send('good', leaderSync(2)),
      expect('good', { errorCode: 0, assignment: assignmentOf(1, 2) }),
      expectGroup('g', { state: 'Stable', generationId: 2 }),
    ],
  },
  {
    name: 'SyncGroup: v4 and v3 with null protocolType and protocolName are accepted and not compared',
    rules: ['SG-01', 'SG-04', 'SG-07', 'SG-09', 'VER-05', 'VER-07'],
    steps: (env) => [
      ...completingRebalance(env),
      send('s2', syncOf(2, 2, { version: 3, protocolType: null, protocolName: null })),
      expectPending('s2'),
      send('s1', leaderSync(2, 2, { version: 4, protocolType: null, protocolName: null })),
      expect('s1', { errorCode: 0, protocolType: null, protocolName: null, assignment: assignmentOf(1, 2) }),
      expect('s2', { errorCode: 0, protocolType: null, protocolName: null, assignment: assignmentOf(2, 2) }),
      expectGroup('g', { state: 'Stable', generationId: 2, protocolType: 'consumer', protocolName: 'range' }),
    ],
  },

  // ---- SG-02: group checks ------------------------------------------------------------------
  {
    name: 'SyncGroup: empty group id -> 24, no group created',
    rules: ['SG-02', 'SG-05'],
    steps: [
      send('s', syncGroup({ groupId: '', memberId: 'someone' })),
      expect('s', syncError(24)),
      send('v0', syncGroup({ groupId: '', memberId: 'someone', version: 0, protocolType: null, protocolName: null })),
      expect('v0', syncError(24)),
      expectNoGroup(''),
    ],
  },
  {
    name: 'SyncGroup: unknown group -> 25, no group created',
    rules: ['SG-02'],
    steps: [
      send('s', syncGroup({ groupId: 'nope', memberId: 'someone', generationId: 0 })),
      expect('s', syncError(25)),
      // The group check comes before the protocol check.
      send('other', syncGroup({ groupId: 'nope', memberId: 'someone', protocolType: 'connect', protocolName: 'x' })),
      expect('other', syncError(25)),
      expectNoGroup('nope'),
    ],
  },
  {
    name: 'SyncGroup: leader, follower, unknown member or wrong generation in Empty -> 25, nothing changes',
    rules: ['SG-02', 'GS-01'],
    steps: (env) => [
      ...emptiedGroup(env),
      send('leader', leaderSync(2)),
      expect('leader', syncError(25)),
      send('follower', syncOf(2, 2)),
      expect('follower', syncError(25)),
      send('unknown', syncGroup({ memberId: 'nobody', generationId: 2 })),
      expect('unknown', syncError(25)),
      send('oldGen', syncOf(1, 1)),
      expect('oldGen', syncError(25)),
      send('mismatch', syncOf(2, 2, { protocolName: 'roundrobin' })),
      expect('mismatch', syncError(25)),
      expectGroup('g', { state: 'Empty', generationId: 2, leader: null, protocolName: null, members: [] }),
      expectDurable('g', EMPTIED_RECORDS),
    ],
  },

  // ---- PreparingRebalance ---------------------------------------------------------------------
  {
    name: 'SyncGroup: leader or follower in PreparingRebalance -> 27, nothing changes',
    rules: ['SG-03', 'SG-05', 'SG-06', 'GS-01'],
    steps: (env) => [
      ...preparingRebalance(env),
      send('leader', leaderSync(1)),
      expect('leader', syncError(27)),
      send('follower', syncOf(2, 1)),
      expect('follower', syncError(27)),
      expectPending('rejoin1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      expectDurable('g', STABLE_RECORDS),
      // m2 is still waited for: its rejoin completes the join phase.
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin1', { errorCode: 0, generationId: 2 }),
      expect('rejoin2', { errorCode: 0, generationId: 2 }),
    ],
  },
  {
    name: 'SyncGroup: unknown member, pending member or wrong generation in PreparingRebalance -> 25 / 22',
    rules: ['SG-03'],
    steps: (env) => [
      ...preparingRebalance(env),
      send('unknown', syncGroup({ memberId: 'nobody', generationId: 1 })),
      expect('unknown', syncError(25)),
      send('unknownWrongGen', syncGroup({ memberId: 'nobody', generationId: 2 })),
      expect('unknownWrongGen', syncError(25)),
      send('p', joinGroup({ clientId: 'c3' })),
      expect('p', { errorCode: 79, memberId: '$p' }),
      send('pending', syncGroup({ clientId: 'c3', memberId: '$p', generationId: 1 })),
      expect('pending', syncError(25)),
      send('next', syncOf(2, 2)),
      expect('next', syncError(22)),
      send('prev', syncOf(2, 0)),
      expect('prev', syncError(22)),
      expectPending('rejoin1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'SyncGroup: protocol type or name mismatch in PreparingRebalance -> 23 before 27',
    rules: ['SG-04', 'SG-06'],
    steps: (env) => [
      ...preparingRebalance(env),
      send('name', syncOf(2, 1, { protocolName: 'roundrobin' })),
      expect('name', syncError(23)),
      send('type', syncOf(1, 1, { protocolType: 'connect' })),
      expect('type', syncError(23)),
      // The generation check comes first.
      send('gen', syncOf(2, 2, { protocolName: 'roundrobin' })),
      expect('gen', syncError(22)),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, protocolName: 'range' }),
    ],
  },
  {
    name: 'SyncGroup: in an initial rebalance with no selected protocol the name is not compared -> 27',
    rules: ['SG-04', 'SG-06'],
    // Only an initial rebalance that waits out a delay has a join phase before any protocol is selected.
    needs: (env) => (formsAtOnce(env) ? undefined : NEEDS_INITIAL_DELAY),
    steps: (env) => [
      send('first1', joinGroup({ clientId: 'c1' })),
      expect('first1', { errorCode: 79, memberId: '$m1' }),
      send('join1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 0, protocolType: 'consumer', protocolName: null }),
      send('name', syncOf(1, 0, { protocolName: 'roundrobin' })),
      expect('name', syncError(27)),
      // The protocol type is the group's from its first member on, so it is still compared.
      send('type', syncOf(1, 0, { protocolType: 'connect' })),
      expect('type', syncError(23)),
      expectPending('join1'),
      // The lone member's join phase ends one initial delay after its join (no extension).
      advance(initialJoinMs(env, 1) + env.settleMs),
      expect('join1', { errorCode: 0, generationId: 1, protocolName: 'range' }),
    ],
  },

  // ---- CompletingRebalance: failed checks -------------------------------------------------------
  {
    name: 'SyncGroup: unknown member or wrong generation in CompletingRebalance -> 25 / 22, nothing parked or written',
    rules: ['SG-03', 'REC-04'],
    steps: (env) => [
      ...completingRebalance(env),
      send('unknown', syncGroup({ memberId: 'nobody', generationId: 2, assignments: [{ memberId: '$m1', assignment: bytes('x') }] })),
      expect('unknown', syncError(25)),
      send('followerOld', syncOf(2, 1)),
      expect('followerOld', syncError(22)),
      send('leaderOld', leaderSync(1)),
      expect('leaderOld', syncError(22)),
      send('leaderNext', leaderSync(3)),
      expect('leaderNext', syncError(22)),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1', '$m2'] }),
      // No record at the join completion that led here, nor for the failed requests.
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'SyncGroup: protocol type or name mismatch in CompletingRebalance -> 23, not parked, no record',
    rules: ['SG-04', 'SG-07'],
    steps: (env) => [
      ...completingRebalance(env),
      send('follower', syncOf(2, 2, { protocolName: 'roundrobin' })),
      expect('follower', syncError(23)),
      send('leader', leaderSync(2, 2, { protocolType: 'connect' })),
      expect('leader', syncError(23)),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2 }),
      expectDurable('g', STABLE_RECORDS),
      send('s1', leaderSync(2)),
      expect('s1', { errorCode: 0, assignment: assignmentOf(1, 2) }),
      expectGroup('g', { state: 'Stable', generationId: 2 }),
    ],
  },

  // ---- Stable: failed checks --------------------------------------------------------------------
  {
    name: 'SyncGroup: unknown member, pending member or wrong generation in Stable -> 25 / 22, nothing changes',
    rules: ['SG-03'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('p', joinGroup({ clientId: 'c3' })),
      expect('p', { errorCode: 79, memberId: '$p' }),
      send('pending', syncGroup({ clientId: 'c3', memberId: '$p', generationId: 1 })),
      expect('pending', syncError(25)),
      send('unknown', syncGroup({ memberId: 'nobody', generationId: 1 })),
      expect('unknown', syncError(25)),
      send('unknownWrongGen', syncGroup({ memberId: 'nobody', generationId: 5 })),
      expect('unknownWrongGen', syncError(25)),
      send('followerNext', syncOf(2, 2)),
      expect('followerNext', syncError(22)),
      send('leaderPrev', leaderSync(0)),
      expect('leaderPrev', syncError(22)),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'SyncGroup: protocol type or name mismatch in Stable -> 23, after the member and generation checks',
    rules: ['SG-03', 'SG-04'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('name', syncOf(2, 1, { protocolName: 'roundrobin' })),
      expect('name', syncError(23)),
      send('type', syncOf(1, 1, { protocolType: 'connect' })),
      expect('type', syncError(23)),
      send('genFirst', syncOf(2, 2, { protocolType: 'connect' })),
      expect('genFirst', syncError(22)),
      send('memberFirst', syncGroup({ memberId: 'nobody', generationId: 2, protocolName: 'roundrobin' })),
      expect('memberFirst', syncError(25)),
      expectGroup('g', { state: 'Stable', generationId: 1 }),
    ],
  },
];
