/**
 * Normative scenarios: the join timer of a non-initial rebalance, the initial rebalance delay
 * (KIP-134, TM-11's worked examples and the TM-12 bound) and the sync timer (KAFKA-12890).
 *
 * @remarks
 * Members that must outlive a long join or sync phase without rejoining or syncing keep their
 * session alive with heartbeats every 9000 ms (TM-03): a heartbeat sent exactly at a session
 * deadline would come too late, since the timer fires first (TM-02).
 * @see spec/timers.md
 */
import type { Scenario, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, leaveGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import { pendingMember } from './leave-group.js';
import { completingRebalance, joinNew, SHORT_DELAY, stableGroup } from './setup.js';
import { emptyRecord, heartbeats, joinWith, STABLE_RECORDS } from './timers.js';

/**
 * Heartbeats of members `m<i>` at generation `gen` at 9200, 18200 and 27200 (from the setups'
 * time 200), which keep their sessions alive until 37200.
 */
function keepAlive(gen: number, ...members: number[]): Step[] {
  return [advance(9000), ...heartbeats('9200', gen, ...members), advance(9000), ...heartbeats('18200', gen, ...members), advance(9000), ...heartbeats('27200', gen, ...members)];
}

/** A parked SyncGroup answered by a rebalance (GS-05). */
const REBALANCING_SYNC = { errorCode: 27, protocolType: null, protocolName: null, assignment: bytes('') };

const joinTimerScenarios: Scenario[] = [
  {
    name: 'Timers: PreparingRebalance, the join timer fires at its deadline -> members that did not rejoin are removed; later joins do not move it',
    rules: ['TM-02', 'TM-03', 'TM-05', 'TM-06', 'TM-07', 'TM-08', 'GS-06', 'REC-04'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(3),
      // The leader's rejoin at 200 starts the rebalance: join timer due at 200 + 30000.
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      advance(9000),
      ...heartbeats('9200', 1, 3),
      advance(800),
      // A later join with a longer rebalance timeout does not move the deadline.
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2', rebalanceTimeoutMs: 60_000 })),
      advance(8200),
      ...heartbeats('18200', 1, 3),
      advance(9000),
      ...heartbeats('27200', 1, 3),
      advance(2999),
      send('hb3', heartbeat({ memberId: '$m3', generationId: 1 })),
      expect('hb3', { errorCode: 27 }),
      expectPending('rejoin1'),
      expectPending('rejoin2'),
      advance(2),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
      expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m1', members: [] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1', '$m2'] }),
      send('hb3b', heartbeat({ memberId: '$m3', generationId: 1 })),
      expect('hb3b', { errorCode: 25 }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'Timers: PreparingRebalance, the join timer fires and the leader has not rejoined -> the first rejoined member in join order leads',
    rules: ['TM-06', 'TM-07', 'GS-11'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(3),
      // m3 rejoins first, with changed metadata, which starts the rebalance (JG-15); then m2.
      send('rejoin3', joinGroup({ clientId: 'c3', memberId: '$m3', protocols: [{ name: 'range', metadata: bytes('range:v2') }] })),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1' }),
      ...keepAlive(1, 1),
      advance(2999),
      expectPending('rejoin2'),
      advance(2),
      expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m2', members: [{ memberId: '$m2' }, { memberId: '$m3' }] }),
      expect('rejoin3', { errorCode: 0, generationId: 2, leader: '$m2', members: [] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m2', members: ['$m2', '$m3'] }),
    ],
  },
  {
    name: 'Timers: PreparingRebalance, the join timer fires and nobody rejoined -> every member removed, Empty with a record',
    rules: ['TM-02', 'TM-06', 'TM-07', 'TM-09', 'GS-04', 'GS-06', 'GS-10', 'REC-04'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
      // A pending member's leave starts a rebalance that nobody has joined (LG-07).
      ...pendingMember(3),
      send('lv', leaveGroup(['$m3'])),
      expect('lv', { errorCode: 0 }),
      ...keepAlive(1, 1, 2),
      advance(2999),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      advance(2),
      expectGroup('g', { state: 'Empty', generationId: 2, protocolType: 'consumer', protocolName: null, leader: null, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, emptyRecord(2, 30_200)]),
      send('hb1', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('hb1', { errorCode: 25 }),
    ],
  },
];

const initialDelayScenarios: Scenario[] = [
  {
    name: 'Timers: initial rebalance, first rebalance timeout 500 (R = 0), B joins at 1000 -> completes at 3000',
    rules: ['TM-02', 'TM-10', 'TM-11', 'TM-12'],
    steps: [
      ...joinWith(1, { rebalanceTimeoutMs: 500 }),
      advance(1000),
      ...joinNew(2),
      advance(1999),
      expectPending('join1'),
      expectPending('join2'),
      advance(2),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
      expect('join2', { errorCode: 0, generationId: 1, leader: '$m1' }),
    ],
  },
  {
    name: 'Timers: initial rebalance, first rebalance timeout 9000 (R = 6000), B joins at 2999 -> extended once, completes at 6000',
    rules: ['TM-02', 'TM-10', 'TM-11'],
    steps: [
      ...joinWith(1, { rebalanceTimeoutMs: 9000 }),
      advance(2999),
      ...joinNew(2),
      advance(2),
      expectPending('join1'),
      advance(2998),
      expectPending('join1'),
      expectPending('join2'),
      advance(2),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
      expect('join2', { errorCode: 0, generationId: 1 }),
    ],
  },
  {
    name: 'Timers: initial rebalance, first rebalance timeout 6000 (R = 3000), A and B at 0, C at 3001 -> completes at 6000 although C was added',
    rules: ['TM-02', 'TM-10', 'TM-11', 'TM-12'],
    steps: [
      ...joinWith(1, { rebalanceTimeoutMs: 6000 }),
      ...joinNew(2),
      advance(3001),
      expectPending('join1'),
      ...joinNew(3),
      advance(2998),
      expectPending('join1'),
      expectPending('join3'),
      advance(2),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', members: [{ memberId: '$m1' }, { memberId: '$m2' }, { memberId: '$m3' }] }),
      expect('join2', { errorCode: 0, generationId: 1 }),
      expect('join3', { errorCode: 0, generationId: 1 }),
    ],
  },
  {
    name: 'Timers: initial rebalance, a new member before every expiry -> completes at max(delay, rebalance timeout) = 9000',
    rules: ['TM-02', 'TM-11', 'TM-12'],
    steps: [
      ...joinWith(1, { rebalanceTimeoutMs: 9000 }),
      advance(2000),
      ...joinNew(2),
      advance(3000),
      ...joinNew(3),
      advance(3000),
      ...joinNew(4),
      advance(999),
      expectPending('join1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 0 }),
      advance(2),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', members: [{ memberId: '$m1' }, { memberId: '$m2' }, { memberId: '$m3' }, { memberId: '$m4' }] }),
      expect('join4', { errorCode: 0, generationId: 1 }),
    ],
  },
  {
    name: 'Timers: initial rebalance delay 0 -> the join phase completes right after the JoinGroup that started it',
    rules: ['TM-02', 'TM-10', 'TM-12'],
    config: { 'group.initial.rebalance.delay.ms': 0 },
    steps: [
      ...joinNew(1),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', memberId: '$m1', members: [{ memberId: '$m1' }] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
    ],
  },
];

const syncTimerScenarios: Scenario[] = [
  {
    name: 'Timers: Stable, a member that never sent SyncGroup -> evicted at the sync deadline even while it heartbeats',
    rules: ['TM-02', 'TM-13', 'TM-14', 'GS-04', 'GS-05', 'REC-04'],
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
      send('sync1', syncGroup({ memberId: '$m1', generationId: 2, assignments: [{ memberId: '$m1', assignment: bytes('a1') }, { memberId: '$m2', assignment: bytes('a2') }] })),
      expect('sync1', { errorCode: 0 }),
      ...keepAlive(2, 1, 2),
      advance(2999),
      send('hb2', heartbeat({ memberId: '$m2', generationId: 2 })),
      expect('hb2', { errorCode: 0 }),
      expectGroup('g', { state: 'Stable', generationId: 2, members: ['$m1', '$m2'] }),
      advance(2),
      send('hb2b', heartbeat({ memberId: '$m2', generationId: 2 })),
      expect('hb2b', { errorCode: 25 }),
      send('hb1', heartbeat({ memberId: '$m1', generationId: 2 })),
      expect('hb1', { errorCode: 27 }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m1', members: ['$m1'] }),
      expectDurable('g', [...STABLE_RECORDS, { generation: 2, leader: '$m1', protocol: 'range' }]),
    ],
  },
  {
    name: 'Timers: CompletingRebalance, the leader never syncs -> sync expiry removes it, the follower leads and its parked SyncGroup gets 27',
    rules: ['TM-05', 'TM-13', 'TM-14', 'GS-05', 'GS-10'],
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
      // m2's parked SyncGroup satisfies its session (TM-05) and takes it out of the pending-sync set.
      send('sync2', syncGroup({ memberId: '$m2', generationId: 2 })),
      ...keepAlive(2, 1),
      advance(2999),
      expectPending('sync2'),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
      advance(2),
      expect('sync2', REBALANCING_SYNC),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m2', members: ['$m2'] }),
    ],
  },
  {
    name: 'Timers: CompletingRebalance, nobody syncs -> sync expiry removes every member, Empty with a record',
    rules: ['TM-02', 'TM-14', 'TM-09', 'GS-04', 'GS-06', 'REC-04'],
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
      ...keepAlive(2, 1, 2),
      advance(2999),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
      advance(2),
      expectGroup('g', { state: 'Empty', generationId: 3, protocolName: null, leader: null, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, emptyRecord(3, 30_200)]),
    ],
  },
  {
    name: 'Timers: sync expiry leaves only a pending member -> Empty when the join timer of 0 fires right after, the pending id survives',
    rules: ['TM-02', 'TM-07', 'TM-09', 'TM-14', 'REC-04'],
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
      // Heartbeats at 9200 and 18200, the pending member at 25000 (due 35000), heartbeats at 27000.
      advance(9000),
      ...heartbeats('9200', 2, 1, 2),
      advance(9000),
      ...heartbeats('18200', 2, 1, 2),
      advance(6800),
      ...pendingMember(3),
      advance(2000),
      ...heartbeats('27000', 2, 1, 2),
      advance(3201),
      expectGroup('g', { state: 'Empty', generationId: 3, leader: null, members: [] }),
      expectDurable('g', [...STABLE_RECORDS, emptyRecord(3, 30_200)]),
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expectPending('join3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 3, leader: '$m3', members: ['$m3'] }),
    ],
  },
  {
    name: 'Timers: every member synced -> the sync deadline passes with no effect',
    rules: ['TM-13', 'TM-14'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
      ...keepAlive(1, 1, 2),
      advance(3001),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('hb1', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('hb1', { errorCode: 0 }),
    ],
  },
];

/** Join, initial-delay and sync timers. */
export const timersScenarios2: Scenario[] = [...joinTimerScenarios, ...initialDelayScenarios, ...syncTimerScenarios];
