/**
 * Failover scenarios: they need a target that can crash brokers and move coordinators (the
 * in-memory cluster); targets that cannot are reported skipped.
 *
 * @remarks
 * Timings come from the broker's configs ({@link ScenarioEnv}): a new coordinator is given one
 * margin to load the partition, and session checks sit one margin either side of a deadline.
 */
import type { Scenario, ScenarioEnv } from '../../src/conformance/scenario.js';
import {
  advance,
  crashCoordinator,
  expect,
  expectGroup,
  expectNetworkError,
  expectPending,
  heartbeat,
  joinGroup,
  moveCoordinator,
  send,
  sendToPreviousCoordinator,
  syncGroup,
} from '../../src/conformance/scenario.js';
import { fetchAnswer, fetched, memberCommit, OFFSET_TOPICS, offsetCommit, offsetFetch, part, results, topic } from './offset-helpers.js';
import { completingRebalance, joinNew, preparingRebalance, stableGroup } from './setup.js';
import { needsGroupOf } from './static-helpers.js';

/** Time for a new coordinator to load the group's partition (the in-memory cluster takes 1 ms). */
function loadMs(env: ScenarioEnv): number {
  return env.marginMs;
}

const committed = [
  send('c1', memberCommit('$m1', 1, { topics: [topic('t', part(0, 11), part(1, 12))] })),
  expect('c1', results(['t', [[0, 0], [1, 0]]])),
  send('c2', memberCommit('$m2', 1, { topics: [topic('u', part(0, 21))] })),
  expect('c2', results(['u', [[0, 0]]])),
];

/** Coordinator crashes and leadership moves. */
export const failoverScenarios: Scenario[] = [
  {
    name: 'Failover: the coordinator of a Stable group with offsets crashes; the new one loads, the members carry on and every acknowledged offset is there',
    rules: ['FO-02', 'FO-03', 'FO-04', 'FO-06', 'FC-02'],
    topics: OFFSET_TOPICS,
    steps: (env) => [
      ...stableGroup(env, 2),
      ...committed,
      crashCoordinator('g'),
      // The new leader of the partition is loading: requests are turned away, heartbeats pass.
      send('early', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('early', { errorCode: 14 }),
      send('earlyHb', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('earlyHb', { errorCode: 0 }),
      advance(loadMs(env)),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('f', offsetFetch('g', { t: [0, 1], u: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 11), fetched(1, 12)] }, { name: 'u', partitions: [fetched(0, 21)] }])),
      send('h1', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('h1', { errorCode: 0 }),
      send('h2', heartbeat({ memberId: '$m2', generationId: 1 })),
      expect('h2', { errorCode: 0 }),
      // A follower rejoining with its metadata is answered at once from the persisted generation.
      send('rj2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rj2', { errorCode: 0, generationId: 1, leader: '$m1', members: [] }),
    ],
  },
  {
    name: 'Failover: the old coordinator answers NOT_COORDINATOR once leadership has moved',
    rules: ['FO-01', 'FO-07'],
    steps: (env) => [
      ...stableGroup(env, 2),
      moveCoordinator('g'),
      sendToPreviousCoordinator('old', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('old', { errorCode: 16 }),
      sendToPreviousCoordinator('oldJoin', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('oldJoin', { errorCode: 16, memberId: '$m1', generationId: -1 }),
      advance(loadMs(env)),
      send('new', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('new', { errorCode: 0 }),
    ],
  },
  {
    name: 'Failover: a move during PreparingRebalance answers the parked JoinGroup NOT_COORDINATOR; the new coordinator has the last Stable generation',
    rules: ['FO-07', 'FO-08', 'JG-17'],
    steps: (env) => [
      ...preparingRebalance(env),
      expectPending('rejoin1'),
      moveCoordinator('g'),
      expect('rejoin1', { errorCode: 16, memberId: '$m1' }),
      advance(loadMs(env)),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      // The leader rejoins at the new coordinator and the rebalance starts again.
      send('again1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expectPending('again1'),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('again1', { errorCode: 0, generationId: 2, leader: '$m1' }),
      expect('again2', { errorCode: 0, generationId: 2 }),
    ],
  },
  {
    name: 'Failover: a generation never written is lost; its parked SyncGroup gets NOT_COORDINATOR and members added in it are unknown',
    rules: ['FO-07', 'FO-08', 'FO-05'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableGroup(env, 2),
      ...joinNew(3),
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('join3', { errorCode: 0, generationId: 2 }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2', '$m3'] }),
      send('sync2', syncGroup({ memberId: '$m2', generationId: 2 })),
      expectPending('sync2'),
      moveCoordinator('g'),
      expect('sync2', { errorCode: 16 }),
      advance(loadMs(env)),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
      send('h3', heartbeat({ memberId: '$m3', generationId: 2 })),
      expect('h3', { errorCode: 25 }),
      send('s1', syncGroup({ memberId: '$m1', generationId: 2 })),
      expect('s1', { errorCode: 22 }),
    ],
  },
  {
    name: 'Failover: an acknowledged commit survives a crash; one not yet replicated is never acknowledged and is lost',
    rules: ['FO-05', 'FO-06', 'RP-08'],
    cluster: { replicaFetchDelayMs: 5 },
    topics: OFFSET_TOPICS,
    steps: [
      // Standalone commits (generation -1): the group is a simple group.
      send('acked', offsetCommit({ topics: [topic('t', part(0, 100))] })),
      expectPending('acked'),
      advance(5),
      expect('acked', results(['t', [[0, 0]]])),
      send('unacked', offsetCommit({ topics: [topic('t', part(0, 200))] })),
      expectPending('unacked'),
      crashCoordinator('g'),
      expectNetworkError('unacked'),
      advance(10),
      send('f', offsetFetch('g', { t: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 100)] }])),
    ],
  },
  {
    name: 'Failover: after a load, a member that stops heartbeating is removed one session timeout later',
    rules: ['FO-04', 'TM-05'],
    steps: (env) => [
      ...stableGroup(env, 2),
      moveCoordinator('g'),
      advance(loadMs(env)),
      // The loaded sessions end one session after the load, which took at most the wait above.
      advance(env.sessionMs - 2 * env.marginMs),
      send('h1', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('h1', { errorCode: 0 }),
      advance(3 * env.marginMs),
      expectGroup('g', { state: 'PreparingRebalance', members: ['$m1'] }),
    ],
  },
  {
    name: 'Failover: a move during CompletingRebalance after every member synced keeps the written generation',
    rules: ['FO-03', 'FO-06'],
    steps: (env) => [
      ...completingRebalance(env),
      send('s2', syncGroup({ memberId: '$m2', generationId: 2 })),
      send('s1', syncGroup({ memberId: '$m1', generationId: 2, assignments: [] })),
      expect('s1', { errorCode: 0 }),
      expect('s2', { errorCode: 0 }),
      moveCoordinator('g'),
      advance(loadMs(env)),
      expectGroup('g', { state: 'Stable', generationId: 2, leader: '$m1', members: ['$m1', '$m2'] }),
    ],
  },
];
