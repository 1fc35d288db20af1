/**
 * Normative scenarios: JoinGroup, part 2. New members (two-step v4+ and direct v0-3) and
 * unknown member ids in each of Empty, PreparingRebalance, CompletingRebalance and Stable,
 * and the version differences of the response (VER-01 to VER-04).
 * @see spec/join-group.md, spec/versions.md, spec/errors.md (JoinGroup matrix)
 */
import type { Scenario, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import { anyOrder, entry, joinError } from './join-group-setup.js';
import { completingRebalance, emptiedGroup, preparingRebalance, SHORT_DELAY, stableGroup } from './setup.js';

/** A JoinGroup v0 (no rebalance timeout on the wire: callers pass -1). */
function joinV0(fields: Parameters<typeof joinGroup>[0] = {}) {
  return joinGroup({ version: 0, rebalanceTimeoutMs: -1, ...fields });
}

const newMembers: Scenario[] = [
  {
    name: 'JoinGroup: Empty group, new v4+ member -> MEMBER_ID_REQUIRED, Empty until its second join starts the initial rebalance',
    rules: ['JG-08', 'JG-10', 'JG-12', 'JG-13', 'GS-01', 'GS-09'],
    config: SHORT_DELAY,
    steps: [
      ...emptiedGroup(),
      send('first3', joinGroup({ clientId: 'c3', version: 4 })),
      // v4 has no nullable protocol name (VER-02): the absent name is "".
      expect('first3', { errorCode: 79, memberId: '$m3', generationId: -1, leader: '', protocolName: '', members: [] }),
      expectGroup('g', { state: 'Empty', generationId: 2, leader: null, members: [] }),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }, { generation: 2 }]),
      send('join3', joinGroup({ clientId: 'c3', version: 4, memberId: '$m3' })),
      expectPending('join3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m3', members: ['$m3'] }),
      // An initial rebalance waits for its delay although every member has joined.
      advance(99),
      expectPending('join3'),
      advance(1),
      expect('join3', { errorCode: 0, memberId: '$m3', generationId: 3, leader: '$m3', members: [entry(3)] }),
    ],
  },
  {
    name: 'JoinGroup: Empty group, new v3 member -> added at once and parked, the initial rebalance starts',
    rules: ['JG-09', 'JG-12', 'JG-13', 'GS-01', 'GS-09'],
    config: SHORT_DELAY,
    steps: [
      ...emptiedGroup(),
      send('join3', joinGroup({ clientId: 'c3', version: 3 })),
      expectPending('join3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m3', members: ['$m3'] }),
      advance(100),
      expect('join3', { errorCode: 0, memberId: '$m3', generationId: 3, leader: '$m3', protocolName: 'range', members: [entry(3)] }),
    ],
  },
  {
    name: 'JoinGroup: PreparingRebalance, new v4+ member -> MEMBER_ID_REQUIRED, then parked until the join completes',
    rules: ['JG-08', 'JG-10', 'JG-13', 'GS-01', 'GS-13'],
    config: SHORT_DELAY,
    steps: [
      ...preparingRebalance(),
      send('first3', joinGroup({ clientId: 'c3' })),
      expect('first3', joinError(79, '$m3')),
      expectPending('rejoin1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expectPending('join3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2', '$m3'] }),
      // The last member to join completes the (non-initial) join phase at once.
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin1', { errorCode: 0, memberId: '$m1', generationId: 2, leader: '$m1', members: anyOrder([entry(1), entry(2), entry(3)]) }),
      expect('rejoin2', { errorCode: 0, memberId: '$m2', generationId: 2, leader: '$m1', members: [] }),
      expect('join3', { errorCode: 0, memberId: '$m3', generationId: 2, leader: '$m1', members: [] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2', '$m3'] }),
    ],
  },
  {
    name: 'JoinGroup: PreparingRebalance, new v1 member -> added at once and parked until the join completes',
    rules: ['JG-09', 'JG-12', 'JG-13', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...preparingRebalance(),
      send('join3', joinGroup({ clientId: 'c3', version: 1 })),
      expectPending('join3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2', '$m3'] }),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('join3', { errorCode: 0, memberId: '$m3', generationId: 2, leader: '$m1', protocolName: 'range', members: [] }),
      expect('rejoin1', { errorCode: 0, generationId: 2, members: anyOrder([entry(1), entry(2), entry(3)]) }),
    ],
  },
  {
    name: 'JoinGroup: CompletingRebalance, new v4+ member -> MEMBER_ID_REQUIRED, its second join rebalances and fails parked syncs',
    rules: ['JG-08', 'JG-10', 'JG-13', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
      send('sync2', syncGroup({ generationId: 2, memberId: '$m2' })),
      expectPending('sync2'),
      send('first3', joinGroup({ clientId: 'c3' })),
      expect('first3', joinError(79, '$m3')),
      expectPending('sync2'),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1', '$m2'] }),
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expectPending('join3'),
      expect('sync2', { errorCode: 27 }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, members: ['$m1', '$m2', '$m3'] }),
      send('rejoin1b', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      send('rejoin2b', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('join3', { errorCode: 0, memberId: '$m3', generationId: 3, leader: '$m1', members: [] }),
      expect('rejoin1b', { errorCode: 0, generationId: 3, members: anyOrder([entry(1), entry(2), entry(3)]) }),
    ],
  },
  {
    name: 'JoinGroup: CompletingRebalance, new v2 member -> added at once, parked, rebalance fails parked syncs',
    rules: ['JG-09', 'JG-12', 'JG-13', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
      send('sync2', syncGroup({ generationId: 2, memberId: '$m2' })),
      send('join3', joinGroup({ clientId: 'c3', version: 2 })),
      expectPending('join3'),
      expect('sync2', { errorCode: 27 }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, members: ['$m1', '$m2', '$m3'] }),
      send('rejoin1b', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      send('rejoin2b', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('join3', { errorCode: 0, memberId: '$m3', generationId: 3, leader: '$m1', protocolName: 'range', members: [] }),
    ],
  },
  {
    name: 'JoinGroup: Stable, new v4+ member -> MEMBER_ID_REQUIRED and the group stays Stable, its second join rebalances',
    rules: ['JG-08', 'JG-10', 'JG-13', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
      send('first3', joinGroup({ clientId: 'c3' })),
      expect('first3', joinError(79, '$m3')),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('hb1', heartbeat({ memberId: '$m1' })),
      expect('hb1', { errorCode: 0 }),
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expectPending('join3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2', '$m3'] }),
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('join3', { errorCode: 0, memberId: '$m3', generationId: 2, leader: '$m1', members: [] }),
      expect('rejoin1', { errorCode: 0, generationId: 2, members: anyOrder([entry(1), entry(2), entry(3)]) }),
    ],
  },
  {
    name: 'JoinGroup: Stable, new v3 member -> added at once, parked, the group rebalances',
    rules: ['JG-09', 'JG-12', 'JG-13', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
      send('join3', joinGroup({ clientId: 'c3', version: 3 })),
      expectPending('join3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2', '$m3'] }),
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('join3', { errorCode: 0, memberId: '$m3', generationId: 2, leader: '$m1', members: [] }),
    ],
  },
];

const unknownIds: Scenario[] = [
  {
    name: 'JoinGroup: Empty group, a former member id or any other id -> UNKNOWN_MEMBER_ID echoed, nothing changes',
    rules: ['JG-11', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...emptiedGroup(),
      send('former', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('former', joinError(25, '$m1')),
      send('v0', joinV0({ clientId: 'c2', memberId: '$m2' })),
      expect('v0', { errorCode: 25, memberId: '$m2', generationId: -1, leader: '', protocolName: '' }),
      send('other', joinGroup({ memberId: 'client-unknown' })),
      expect('other', joinError(25, 'client-unknown')),
      expectGroup('g', { state: 'Empty', generationId: 2, leader: null, members: [] }),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }, { generation: 2 }]),
    ],
  },
  {
    name: 'JoinGroup: PreparingRebalance, unknown member id -> UNKNOWN_MEMBER_ID echoed, nothing changes',
    rules: ['JG-11', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...preparingRebalance(),
      send('x', joinGroup({ clientId: 'c9', memberId: 'c9-ghost' })),
      expect('x', joinError(25, 'c9-ghost')),
      expectPending('rejoin1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'JoinGroup: CompletingRebalance, unknown member id -> UNKNOWN_MEMBER_ID echoed, nothing changes',
    rules: ['JG-11', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
      send('sync2', syncGroup({ generationId: 2, memberId: '$m2' })),
      send('x', joinGroup({ clientId: 'c9', memberId: 'c9-ghost' })),
      expect('x', joinError(25, 'c9-ghost')),
      expectPending('sync2'),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'JoinGroup: Stable, unknown member id -> UNKNOWN_MEMBER_ID echoed, nothing changes',
    rules: ['JG-11', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
      send('x', joinGroup({ clientId: 'c9', memberId: 'c9-ghost' })),
      expect('x', joinError(25, 'c9-ghost')),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }]),
    ],
  },
];

/** VER-03: the same steps give the same outcomes whatever the v8+ reason is. */
function reasonSteps(reason: string | null): Step[] {
  return [
    send('first1', joinGroup({ clientId: 'c1', version: 8, reason })),
    expect('first1', { errorCode: 79, memberId: '$m1' }),
    send('join1', joinGroup({ clientId: 'c1', version: 8, memberId: '$m1', reason })),
    send('first2', joinGroup({ clientId: 'c2', version: 9, reason })),
    expect('first2', { errorCode: 79, memberId: '$m2' }),
    send('join2', joinGroup({ clientId: 'c2', version: 9, memberId: '$m2', reason })),
    advance(200),
    expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
    expect('join2', { errorCode: 0, generationId: 1, leader: '$m1', members: [] }),
    send('sync1', syncGroup({ memberId: '$m1', assignments: [{ memberId: '$m1', assignment: bytes('a1') }] })),
    expect('sync1', { errorCode: 0 }),
    send('sync2', syncGroup({ memberId: '$m2' })),
    expect('sync2', { errorCode: 0 }),
    // A reason does not make a same-metadata follower rejoin "changed".
    send('again2', joinGroup({ clientId: 'c2', version: 8, memberId: '$m2', reason })),
    expect('again2', { errorCode: 0, generationId: 1, leader: '$m1', members: [] }),
    expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
    send('again1', joinGroup({ clientId: 'c1', version: 9, memberId: '$m1', reason })),
    expectPending('again1'),
    expectGroup('g', { state: 'PreparingRebalance', generationId: 1 }),
    expectDurable('g', [{ generation: 0 }, { generation: 1, leader: '$m1', members: [{ memberId: '$m1', assignment: bytes('a1') }, { memberId: '$m2', assignment: new Uint8Array(0) }] }]),
  ];
}

const versions: Scenario[] = [
  { name: 'JoinGroup: v8+ reason null -> no effect on responses, records or state', rules: ['VER-03'], config: SHORT_DELAY, steps: reasonSteps(null) },
  { name: 'JoinGroup: v8+ reason "" -> no effect on responses, records or state', rules: ['VER-03'], config: SHORT_DELAY, steps: reasonSteps('') },
  { name: 'JoinGroup: v8+ reason "rolling restart" -> no effect on responses, records or state', rules: ['VER-03'], config: SHORT_DELAY, steps: reasonSteps('rolling restart') },
  {
    name: 'JoinGroup: v6 responses send an absent protocol name as "" and no protocol type; v7 sends null and the protocol type',
    rules: ['VER-02', 'JG-03'],
    config: SHORT_DELAY,
    steps: [
      send('unknown6', joinGroup({ version: 6, memberId: 'c1-ghost' })),
      expect('unknown6', { errorCode: 25, memberId: 'c1-ghost', generationId: -1, leader: '', protocolName: '', protocolType: null, members: [] }),
      send('unknown7', joinGroup({ version: 7, memberId: 'c1-ghost' })),
      expect('unknown7', { errorCode: 25, memberId: 'c1-ghost', generationId: -1, leader: '', protocolName: null, protocolType: null, members: [] }),
      send('first1', joinGroup({ clientId: 'c1', version: 6 })),
      expect('first1', { errorCode: 79, memberId: '$m1', protocolName: '', protocolType: null }),
      send('first2', joinGroup({ clientId: 'c2', version: 7 })),
      expect('first2', { errorCode: 79, memberId: '$m2', protocolName: null, protocolType: null }),
      send('join1', joinGroup({ clientId: 'c1', version: 6, memberId: '$m1' })),
      send('join2', joinGroup({ clientId: 'c2', version: 7, memberId: '$m2' })),
      advance(200),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', protocolName: 'range', protocolType: null, members: [entry(1), entry(2)] }),
      expect('join2', { errorCode: 0, generationId: 1, leader: '$m1', protocolName: 'range', protocolType: 'consumer', members: [] }),
    ],
  },
  {
    name: 'JoinGroup: a selected protocol named "" is sent as null from v7 and as "" before',
    rules: ['VER-02'],
    config: SHORT_DELAY,
    steps: [
      send('first1', joinGroup({ clientId: 'c1', version: 7, protocols: [{ name: '', metadata: bytes('m') }] })),
      expect('first1', { errorCode: 79, memberId: '$m1' }),
      send('join1', joinGroup({ clientId: 'c1', version: 7, memberId: '$m1', protocols: [{ name: '', metadata: bytes('m') }] })),
      send('join2', joinGroup({ clientId: 'c2', version: 3, protocols: [{ name: '', metadata: bytes('m') }] })),
      advance(200),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', protocolType: 'consumer', protocolName: null }),
      expect('join2', { errorCode: 0, generationId: 1, leader: '$m1', protocolName: '' }),
      expectGroup('g', { state: 'CompletingRebalance', protocolName: '' }),
    ],
  },
  {
    name: "JoinGroup: v9 responses carry SkipAssignment false, the leader's and errors included",
    rules: ['VER-04', 'JG-03'],
    config: SHORT_DELAY,
    steps: [
      send('first1', joinGroup({ clientId: 'c1' })),
      expect('first1', { errorCode: 79, memberId: '$m1', skipAssignment: false }),
      send('ghost', joinGroup({ memberId: 'c1-ghost', groupId: 'other' })),
      expect('ghost', { errorCode: 25, skipAssignment: false }),
      send('first2', joinGroup({ clientId: 'c2' })),
      expect('first2', { errorCode: 79, memberId: '$m2', skipAssignment: false }),
      send('join1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      send('join2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      advance(200),
      expect('join1', { errorCode: 0, leader: '$m1', skipAssignment: false, members: [entry(1), entry(2)] }),
      expect('join2', { errorCode: 0, leader: '$m1', skipAssignment: false, members: [] }),
    ],
  },
  {
    name: "JoinGroup: v0 member's rebalance timeout is its session timeout, persisted in the record",
    rules: ['VER-01', 'JG-09', 'JG-12', 'VER-02'],
    config: SHORT_DELAY,
    steps: [
      send('join1', joinV0({ clientId: 'c1', sessionTimeoutMs: 10_000 })),
      expectPending('join1'),
      advance(100),
      expect('join1', { errorCode: 0, memberId: '$m1', generationId: 1, leader: '$m1', protocolName: 'range', protocolType: null, members: [entry(1)] }),
      send('sync1', syncGroup({ version: 0, protocolType: null, protocolName: null, memberId: '$m1', assignments: [{ memberId: '$m1', assignment: bytes('a1') }] })),
      expect('sync1', { errorCode: 0, assignment: bytes('a1') }),
      expectDurable('g', [{ generation: 0 }, { generation: 1, members: [{ memberId: '$m1', rebalanceTimeout: 10_000, sessionTimeout: 10_000 }] }]),
    ],
  },
  {
    name: 'JoinGroup: v1 rebalance timeout is taken as sent, even below the session timeout',
    rules: ['VER-01', 'JG-12'],
    config: SHORT_DELAY,
    steps: [
      send('join1', joinGroup({ clientId: 'c1', version: 1, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 4000 })),
      advance(100),
      expect('join1', { errorCode: 0, memberId: '$m1', generationId: 1 }),
      send('sync1', syncGroup({ version: 1, protocolType: null, protocolName: null, memberId: '$m1', assignments: [] })),
      expect('sync1', { errorCode: 0 }),
      expectDurable('g', [{ generation: 0 }, { generation: 1, members: [{ memberId: '$m1', rebalanceTimeout: 4000, sessionTimeout: 10_000 }] }]),
    ],
  },
  {
    name: "JoinGroup: v0 members' join timer runs for the session timeout (10000), not the 30000 they could not send",
    rules: ['VER-01', 'JG-17'],
    config: SHORT_DELAY,
    steps: [
      send('join1', joinV0({ clientId: 'c1' })),
      send('join2', joinV0({ clientId: 'c2' })),
      advance(200),
      expect('join1', { errorCode: 0, generationId: 1, memberId: '$m1', leader: '$m1' }),
      expect('join2', { errorCode: 0, generationId: 1, memberId: '$m2' }),
      send('sync1', syncGroup({ version: 0, protocolType: null, protocolName: null, memberId: '$m1', assignments: [] })),
      send('sync2', syncGroup({ version: 0, protocolType: null, protocolName: null, memberId: '$m2' })),
      expect('sync2', { errorCode: 0 }),
      advance(1100),
      // t = 1300: the leader rejoins, the join timer is armed for 10000 ms (until 11300).
      send('rejoin1', joinV0({ clientId: 'c1', memberId: '$m1' })),
      expectGroup('g', { state: 'PreparingRebalance' }),
      advance(4900),
      // t = 6200: m2 stays alive (its session now ends at 16200) but does not rejoin.
      send('hb2', heartbeat({ version: 0, generationId: 1, memberId: '$m2' })),
      expect('hb2', { errorCode: 27 }),
      advance(5099),
      expectPending('rejoin1'),
      advance(1),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [entry(1)] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1'] }),
    ],
  },
];

export const joinGroupScenarios2: Scenario[] = [...newMembers, ...unknownIds, ...versions];
