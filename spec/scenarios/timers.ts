/**
 * Normative scenarios: session timers of members and pending members, the new-member join
 * timeout, and TM-02's firing times.
 *
 * @remarks
 * The join, initial-delay and sync timers are in `timers-2.ts`. The setups end at virtual
 * time 200 with every member's session timer due at 10200 (session timeout 10000).
 * @see spec/timers.md
 */
import type { Scenario, Step } from '../../src/conformance/scenario.js';
import { advance, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import type { JoinGroupRequest } from '../../src/protocol/messages/index.js';
import { pendingMember } from './leave-group.js';
import { completingRebalance, joinNew, preparingRebalance, SHORT_DELAY, stableGroup } from './setup.js';

/**
 * Two-step join of a new dynamic member `m<i>` (client `c<i>`) with extra JoinGroup fields on
 * both requests; its second JoinGroup is labelled `join<i>`.
 */
export function joinWith(i: number, fields: Partial<Omit<JoinGroupRequest, 'api'>>): Step[] {
  return [
    send(`first${i}`, joinGroup({ clientId: `c${i}`, ...fields })),
    expect(`first${i}`, { errorCode: 79, memberId: `$m${i}` }),
    send(`join${i}`, joinGroup({ clientId: `c${i}`, memberId: `$m${i}`, ...fields })),
  ];
}

/**
 * Heartbeats of members `m<i>` at generation `gen`, labelled `hb<i>@<tag>`, that keep their
 * session timers running (TM-03); their answers (0 or 27) are not what the scenario checks.
 */
export function heartbeats(tag: string, gen: number, ...members: number[]): Step[] {
  return members.map((i) => send(`hb${i}@${tag}`, heartbeat({ memberId: `$m${i}`, generationId: gen })));
}

/** The records the Stable setups write: creation (generation 0) and the leader's SyncGroup (generation 1). */
export const STABLE_RECORDS = [{ generation: 0 }, { generation: 1, leader: '$m1', protocol: 'range' }];

/** The record of a join completion without members (TM-09) at time `at`. */
export function emptyRecord(generation: number, at: number): object {
  return { generation, protocolType: 'consumer', protocol: null, leader: null, currentStateTimestamp: at, members: [] };
}

/** Stable with m1 and m2; m1 heartbeats at 5000, m2 never: m2's session ends at 10200. */
function stableFollowerSilent(): Step[] {
  return [...stableGroup(2), advance(4800), send('hb1a', heartbeat({ memberId: '$m1', generationId: 1 })), expect('hb1a', { errorCode: 0 })];
}

const sessionScenarios: Scenario[] = [
  {
    name: 'Timers: Stable, a follower stops heartbeating -> removed at its session deadline, rebalance; a request 1 ms either side sees each state',
    rules: ['TM-02', 'TM-03', 'TM-05', 'GS-04', 'GS-05', 'REC-04'],
    config: SHORT_DELAY,
    steps: [
      ...stableFollowerSilent(),
      advance(5199),
      send('hb1b', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('hb1b', { errorCode: 0 }),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
      advance(2),
      send('hb1c', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('hb1c', { errorCode: 27 }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
      send('hb2', heartbeat({ memberId: '$m2', generationId: 1 })),
      expect('hb2', { errorCode: 25 }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'Timers: PreparingRebalance, the last member session expires -> join completion without members, Empty with a record',
    rules: ['TM-02', 'TM-03', 'TM-05', 'TM-07', 'TM-09', 'GS-04', 'GS-06', 'REC-04'],
    config: SHORT_DELAY,
    steps: [
      ...stableFollowerSilent(),
      advance(5201),
      // At 10201 m2 is gone and m1's heartbeat (27) re-arms its session timer for 20201.
      send('hb1c', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('hb1c', { errorCode: 27 }),
      advance(9999),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1'] }),
      advance(2),
      expectGroup('g', { state: 'Empty', generationId: 2, protocolName: null, leader: null, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, emptyRecord(2, 20201)]),
    ],
  },
  {
    name: 'Timers: Stable, the leader session expires -> the first remaining member in join order leads',
    rules: ['TM-05', 'GS-10'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(3),
      advance(4800),
      ...heartbeats('5000', 1, 2, 3),
      advance(5201),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m2', members: ['$m2', '$m3'] }),
    ],
  },
  {
    name: 'Timers: CompletingRebalance, the leader session expires while the follower waits in SyncGroup -> the follower survives, its SyncGroup gets 27',
    rules: ['TM-02', 'TM-03', 'TM-05', 'GS-04', 'GS-05', 'GS-10'],
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
      send('sync2', syncGroup({ memberId: '$m2', generationId: 2 })),
      advance(9999),
      expectPending('sync2'),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
      advance(2),
      expect('sync2', { errorCode: 27, protocolType: null, protocolName: null }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m2', members: ['$m2'] }),
      // Answering the parked SyncGroup re-armed m2's session timer for 20200 (GS-05, TM-03).
      advance(9998),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, members: ['$m2'] }),
      advance(2),
      expectGroup('g', { state: 'Empty', generationId: 3, leader: null, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, emptyRecord(3, 20200)]),
    ],
  },
  {
    name: 'Timers: PreparingRebalance, the member that has not rejoined expires -> the join phase completes; the parked member survives its own expiry',
    rules: ['TM-02', 'TM-03', 'TM-05', 'TM-07', 'TM-08', 'GS-06', 'REC-04'],
    config: SHORT_DELAY,
    steps: [
      ...preparingRebalance(),
      advance(9999),
      expectPending('rejoin1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
      advance(2),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [{ memberId: '$m1' }] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1'] }),
      expectDurable('g', STABLE_RECORDS),
      // Join completion at 10200 re-armed m1's session timer for 20200; it never syncs.
      advance(9998),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1'] }),
      advance(2),
      expectGroup('g', { state: 'Empty', generationId: 3, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, emptyRecord(3, 20200)]),
    ],
  },
  {
    name: 'Timers: a new member waiting for its first join completion -> removed when its 300000 ms join timeout fires',
    rules: ['TM-02', 'TM-03', 'TM-05', 'TM-09', 'REC-04'],
    config: SHORT_DELAY,
    steps: [
      // m1 has long timeouts, so the rebalance its silence holds open outlasts 300000 ms.
      ...joinWith(1, { sessionTimeoutMs: 400_000, rebalanceTimeoutMs: 600_000 }),
      advance(100),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1' }),
      send('sync1', syncGroup({ memberId: '$m1', generationId: 1 })),
      expect('sync1', { errorCode: 0 }),
      ...joinNew(2),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
      advance(299_999),
      expectPending('join2'),
      advance(2),
      expect('join2', { errorCode: 25, memberId: '', generationId: -1 }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
      // m1's own session (400000 from the SyncGroup at 100) then empties the group.
      advance(99_998),
      expectGroup('g', { state: 'PreparingRebalance', members: ['$m1'] }),
      advance(2),
      expectGroup('g', { state: 'Empty', generationId: 2, members: [] }),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }, emptyRecord(2, 400_100)]),
    ],
  },
];

const pendingScenarios: Scenario[] = [
  {
    name: 'Timers: Stable, a pending member times out -> the id is dropped and the group is untouched',
    rules: ['TM-02', 'TM-03', 'TM-04', 'REC-04'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
      advance(800),
      ...pendingMember(3),
      advance(4000),
      ...heartbeats('5000', 1, 1, 2),
      advance(6001),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expect('join3', { errorCode: 25 }),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'Timers: PreparingRebalance, the pending member everyone waits for times out -> the join phase completes at once',
    rules: ['TM-02', 'TM-04', 'TM-05', 'TM-07', 'TM-08'],
    config: SHORT_DELAY,
    steps: [
      ...preparingRebalance(),
      advance(800),
      ...pendingMember(3),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      // m1 and m2 are parked (satisfied) when their session timers fire at 10200.
      advance(9999),
      expectPending('rejoin1'),
      expectPending('rejoin2'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
      advance(2),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
      expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m1' }),
    ],
  },
  {
    name: 'Timers: initial rebalance, the pending member times out with everyone else joined -> the join phase completes before the delay',
    rules: ['TM-02', 'TM-04', 'TM-10', 'TM-12'],
    config: { 'group.initial.rebalance.delay.ms': 20_000 },
    steps: [
      ...joinNew(1),
      send('first2', joinGroup({ clientId: 'c2', sessionTimeoutMs: 6000 })),
      expect('first2', { errorCode: 79, memberId: '$m2' }),
      advance(5999),
      expectPending('join1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 0, members: ['$m1'] }),
      advance(2),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', members: [{ memberId: '$m1' }] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 1 }),
    ],
  },
];

/** Session, pending-member and new-member timers. */
export const timersScenarios: Scenario[] = [...sessionScenarios, ...pendingScenarios];
