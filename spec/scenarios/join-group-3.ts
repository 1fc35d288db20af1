/**
 * Normative scenarios: JoinGroup, part 3. Members that rejoin, by state and by whether they
 * lead and whether their metadata changed; a second parked JoinGroup; the protocol vote; what
 * an added member stores.
 * @see spec/join-group.md (JG-12 to JG-19), spec/group-states.md (GS-07 to GS-13)
 */
import type { Scenario, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, oneOf, protocols, send, syncGroup } from '../../src/conformance/scenario.js';
import { anyOrder, creationRecord, entry, joinError } from './join-group-setup.js';
import { assignmentOf, completingRebalance, preparingRebalance, SHORT_DELAY, stableGroup } from './setup.js';

/** Protocol `range` with other metadata bytes: the same name, changed metadata (JG-15). */
const RANGE_V2 = [{ name: 'range', metadata: bytes('range:v2') }];

/** New members `$m1..` (clients `c1..`) join a fresh group listing the given protocols; their joins are `join<i>`. */
function joinAll(lists: readonly (readonly string[])[]): Step[] {
  return lists.flatMap((names, k) => [
    send(`first${k + 1}`, joinGroup({ clientId: `c${k + 1}`, protocols: protocols(...names) })),
    expect(`first${k + 1}`, { errorCode: 79, memberId: `$m${k + 1}` }),
    send(`join${k + 1}`, joinGroup({ clientId: `c${k + 1}`, memberId: `$m${k + 1}`, protocols: protocols(...names) })),
  ]);
}

/** A Stable group at generation 1 whose members list the given protocols; `proto` is the selected one. */
function stableWith(lists: readonly (readonly string[])[], proto: string): Step[] {
  const n = lists.length;
  const ids = Array.from({ length: n }, (_, k) => k + 1);
  return [
    ...joinAll(lists),
    advance(200),
    ...ids.map((i) => expect(`join${i}`, { errorCode: 0, generationId: 1, leader: '$m1', protocolName: proto })),
    send('sync1', syncGroup({ protocolName: proto, memberId: '$m1', assignments: ids.map((i) => ({ memberId: `$m${i}`, assignment: assignmentOf(i, 1) })) })),
    ...ids.slice(1).map((i) => send(`sync${i}`, syncGroup({ protocolName: proto, memberId: `$m${i}` }))),
    ...ids.map((i) => expect(`sync${i}`, { errorCode: 0 })),
  ];
}

const preparing: Scenario[] = [
  {
    name: 'JoinGroup: PreparingRebalance, leader and followers with same or changed metadata are parked until the last joins',
    rules: ['JG-14', 'JG-13', 'JG-15', 'GS-01', 'GS-13'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(3),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2', protocols: RANGE_V2 })),
      expectPending('rejoin2'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1 }),
      send('rejoin3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expectPending('rejoin3'),
      expectPending('rejoin2'),
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1', protocols: protocols('range', 'roundrobin') })),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', protocolName: 'range', members: anyOrder([entry(1), entry(2, 'range', 'range:v2'), entry(3)]) }),
      expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m1', members: [] }),
      expect('rejoin3', { errorCode: 0, generationId: 2, leader: '$m1', members: [] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1', '$m2', '$m3'] }),
    ],
  },
  {
    name: "JoinGroup: PreparingRebalance, a rejoin updates the member's timeouts and protocols",
    rules: ['JG-14', 'JG-13'],
    config: SHORT_DELAY,
    steps: [
      ...preparingRebalance(),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2', sessionTimeoutMs: 20_000, rebalanceTimeoutMs: 45_000, protocols: protocols('roundrobin', 'range') })),
      expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m1', protocolName: 'range', members: [] }),
      expect('rejoin1', { errorCode: 0, generationId: 2, members: anyOrder([entry(1), entry(2)]) }),
      send('s1', syncGroup({ generationId: 2, memberId: '$m1', assignments: [] })),
      expect('s1', { errorCode: 0 }),
      expectDurable('g', [
        { generation: 0 },
        { generation: 1 },
        {
          generation: 2,
          members: [
            { memberId: '$m1', sessionTimeout: 10_000, rebalanceTimeout: 30_000 },
            { memberId: '$m2', sessionTimeout: 20_000, rebalanceTimeout: 45_000, subscription: bytes('range:meta') },
          ],
        },
      ]),
    ],
  },
  {
    name: 'JoinGroup: a second JoinGroup of a parked member replaces the first, which is never answered',
    rules: ['JG-19', 'JG-14'],
    config: SHORT_DELAY,
    steps: [
      ...preparingRebalance(),
      send('rejoin1b', joinGroup({ clientId: 'c1', memberId: '$m1', sessionTimeoutMs: 20_000 })),
      expectPending('rejoin1'),
      expectPending('rejoin1b'),
      // The member counts once as joined: m2 is still awaited.
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin1b', { errorCode: 0, memberId: '$m1', generationId: 2, leader: '$m1', members: anyOrder([entry(1), entry(2)]) }),
      expect('rejoin2', { errorCode: 0, generationId: 2 }),
      expectPending('rejoin1'),
      send('s1', syncGroup({ generationId: 2, memberId: '$m1', assignments: [] })),
      expect('s1', { errorCode: 0 }),
      advance(5000),
      expectPending('rejoin1'),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }, { generation: 2, members: [{ memberId: '$m1', sessionTimeout: 20_000 }, { memberId: '$m2' }] }]),
    ],
  },
];

const completing: Scenario[] = [
  {
    name: 'JoinGroup: CompletingRebalance, same-metadata rejoins -> answered at once, the leader with the members, timeouts kept',
    rules: ['JG-16', 'JG-03', 'GS-01', 'GS-13', 'VER-04'],
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
      send('again1', joinGroup({ clientId: 'c1', memberId: '$m1', sessionTimeoutMs: 20_000, rebalanceTimeoutMs: 45_000 })),
      expect('again1', {
        errorCode: 0,
        memberId: '$m1',
        generationId: 2,
        leader: '$m1',
        protocolType: 'consumer',
        protocolName: 'range',
        skipAssignment: false,
        members: anyOrder([entry(1), entry(2)]),
      }),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2', version: 7 })),
      expect('again2', { errorCode: 0, memberId: '$m2', generationId: 2, leader: '$m1', protocolType: 'consumer', protocolName: 'range', members: [] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1', '$m2'] }),
      send('s1', syncGroup({ generationId: 2, memberId: '$m1', assignments: [] })),
      expect('s1', { errorCode: 0 }),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }, { generation: 2, members: [{ memberId: '$m1', sessionTimeout: 10_000, rebalanceTimeout: 30_000 }, { memberId: '$m2' }] }]),
    ],
  },
  {
    name: 'JoinGroup: CompletingRebalance, a same-metadata rejoin leaves the session timer as it is',
    rules: ['JG-16'],
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
      advance(4800),
      // t = 5000: m1's session now ends at 15000; m2's still at 10200 (join completion at 200).
      send('hb1', heartbeat({ generationId: 2, memberId: '$m1' })),
      expect('hb1', { errorCode: 0 }),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2', sessionTimeoutMs: 20_000 })),
      expect('again2', { errorCode: 0, generationId: 2 }),
      advance(5199),
      expectGroup('g', { state: 'CompletingRebalance', members: ['$m1', '$m2'] }),
      advance(2),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, members: ['$m1'] }),
    ],
  },
  {
    name: 'JoinGroup: CompletingRebalance, follower with changed metadata -> parked, rebalance, parked SyncGroup gets REBALANCE_IN_PROGRESS',
    rules: ['JG-15', 'JG-13', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
      send('sync2', syncGroup({ generationId: 2, memberId: '$m2' })),
      expectPending('sync2'),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2', protocols: protocols('range', 'roundrobin') })),
      expectPending('again2'),
      expect('sync2', { errorCode: 27 }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
      send('again1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('again1', { errorCode: 0, generationId: 3, leader: '$m1', members: anyOrder([entry(1), entry(2)]) }),
      expect('again2', { errorCode: 0, generationId: 3, leader: '$m1', members: [] }),
    ],
  },
  {
    name: 'JoinGroup: CompletingRebalance, leader with changed metadata -> parked and the group rebalances',
    rules: ['JG-15', 'JG-13', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
      send('sync2', syncGroup({ generationId: 2, memberId: '$m2' })),
      send('again1', joinGroup({ clientId: 'c1', memberId: '$m1', protocols: RANGE_V2 })),
      expectPending('again1'),
      expect('sync2', { errorCode: 27 }),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m1' }),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('again1', { errorCode: 0, generationId: 3, leader: '$m1', members: anyOrder([entry(1, 'range', 'range:v2'), entry(2)]) }),
    ],
  },
];

const stable: Scenario[] = [
  {
    name: 'JoinGroup: Stable, follower with the same metadata -> answered at once for the current generation, still Stable',
    rules: ['JG-18', 'JG-03', 'GS-01', 'GS-06'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('again2', { errorCode: 0, memberId: '$m2', generationId: 1, leader: '$m1', protocolType: 'consumer', protocolName: 'range', skipAssignment: false, members: [] }),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('sync2', syncGroup({ generationId: 1, memberId: '$m2' })),
      expect('sync2', { errorCode: 0, assignment: assignmentOf(2, 1) }),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }]),
    ],
  },
  {
    name: 'JoinGroup: Stable, a same-metadata follower rejoin leaves the session timer as it is',
    rules: ['JG-18'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
      advance(4800),
      send('hb1', heartbeat({ memberId: '$m1' })),
      expect('hb1', { errorCode: 0 }),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2', sessionTimeoutMs: 20_000 })),
      expect('again2', { errorCode: 0, generationId: 1 }),
      advance(5199),
      expectGroup('g', { state: 'Stable', members: ['$m1', '$m2'] }),
      advance(2),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1'] }),
    ],
  },
  {
    name: 'JoinGroup: Stable, the leader with the same metadata -> parked and the group rebalances, taking its new timeouts',
    rules: ['JG-17', 'JG-13', 'JG-14', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
      send('again1', joinGroup({ clientId: 'c1', memberId: '$m1', sessionTimeoutMs: 20_000 })),
      expectPending('again1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('again1', { errorCode: 0, generationId: 2, leader: '$m1', members: anyOrder([entry(1), entry(2)]) }),
      expect('again2', { errorCode: 0, generationId: 2, members: [] }),
      send('s1', syncGroup({ generationId: 2, memberId: '$m1', assignments: [] })),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }, { generation: 2, members: [{ memberId: '$m1', sessionTimeout: 20_000 }, { memberId: '$m2', sessionTimeout: 10_000 }] }]),
    ],
  },
  {
    name: 'JoinGroup: Stable, follower with changed metadata bytes -> parked, rebalance; join order and leader kept',
    rules: ['JG-15', 'JG-13', 'GS-09', 'GS-01'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2', protocols: RANGE_V2 })),
      expectPending('again2'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1 }),
      send('again1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('again1', { errorCode: 0, generationId: 2, leader: '$m1', members: anyOrder([entry(1), entry(2, 'range', 'range:v2')]) }),
      expect('again2', { errorCode: 0, generationId: 2, leader: '$m1', members: [] }),
      expectGroup('g', { state: 'CompletingRebalance', leader: '$m1', members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'JoinGroup: Stable, follower listing the same protocols in another order -> changed metadata, rebalance',
    rules: ['JG-15', 'GS-07'],
    config: SHORT_DELAY,
    steps: [
      ...stableWith([['range', 'roundrobin'], ['range', 'roundrobin'], ['range', 'roundrobin']], 'range'),
      send('again3', joinGroup({ clientId: 'c3', memberId: '$m3', protocols: protocols('roundrobin', 'range') })),
      expectPending('again3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1 }),
      send('again1', joinGroup({ clientId: 'c1', memberId: '$m1', protocols: protocols('range', 'roundrobin') })),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2', protocols: protocols('range', 'roundrobin') })),
      // Votes: range 2, roundrobin 1.
      expect('again1', { errorCode: 0, generationId: 2, protocolName: 'range', members: anyOrder([entry(1), entry(2), entry(3)]) }),
      expect('again3', { errorCode: 0, generationId: 2, protocolName: 'range' }),
    ],
  },
];

const vote: Scenario[] = [
  {
    name: 'JoinGroup: protocol vote, [range, roundrobin] [roundrobin, range] [roundrobin, range] -> roundrobin by majority',
    rules: ['GS-07', 'GS-13', 'JG-03'],
    config: SHORT_DELAY,
    steps: [
      ...joinAll([['range', 'roundrobin'], ['roundrobin', 'range'], ['roundrobin', 'range']]),
      advance(200),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', protocolName: 'roundrobin', members: anyOrder([1, 2, 3].map((i) => entry(i, 'roundrobin'))) }),
      expect('join2', { errorCode: 0, protocolName: 'roundrobin', members: [] }),
      expect('join3', { errorCode: 0, protocolName: 'roundrobin', members: [] }),
      expectGroup('g', { state: 'CompletingRebalance', protocolName: 'roundrobin' }),
    ],
  },
  {
    name: 'JoinGroup: protocol vote, [range, roundrobin] [roundrobin, foo] -> roundrobin, the only candidate',
    rules: ['GS-07', 'JG-07'],
    config: SHORT_DELAY,
    steps: [
      ...joinAll([['range', 'roundrobin'], ['roundrobin', 'foo']]),
      advance(200),
      expect('join1', { errorCode: 0, protocolName: 'roundrobin', members: [entry(1, 'roundrobin'), entry(2, 'roundrobin')] }),
    ],
  },
  {
    name: 'JoinGroup: protocol vote, a first choice that is not a candidate -> the member votes for its first candidate',
    rules: ['GS-07'],
    config: SHORT_DELAY,
    steps: [
      ...joinAll([['foo', 'roundrobin', 'range'], ['roundrobin', 'range'], ['range', 'roundrobin']]),
      advance(200),
      expect('join1', { errorCode: 0, protocolName: 'roundrobin' }),
      expectGroup('g', { protocolName: 'roundrobin' }),
    ],
  },
  {
    name: 'JoinGroup: protocol vote tie, [range, roundrobin] [roundrobin, range] -> a tied candidate (range by our choice)',
    rules: ['GS-08', 'GS-07'],
    config: SHORT_DELAY,
    steps: [
      ...joinAll([['range', 'roundrobin'], ['roundrobin', 'range']]),
      advance(200),
      // GS-08: Kafka leaves a tie to HashMap order, so conformance accepts either candidate.
      expect('join1', oneOf(
        { errorCode: 0, protocolName: 'range', members: [entry(1, 'range'), entry(2, 'range')] },
        { errorCode: 0, protocolName: 'roundrobin', members: [entry(1, 'roundrobin'), entry(2, 'roundrobin')] },
      )),
      expect('join1', { protocolName: '$proto' }),
      expectGroup('g', { protocolName: '$proto' }),
    ],
  },
];

const stored: Scenario[] = [
  {
    name: "JoinGroup: the added member stores the second request's client id, host, timeouts and protocols",
    rules: ['JG-10', 'JG-12', 'JG-05', 'VER-01'],
    config: SHORT_DELAY,
    steps: [
      advance(50),
      send('first', joinGroup({ clientId: 'app' })),
      expect('first', { errorCode: 79, memberId: '$m1' }),
      send('join', joinGroup({ clientId: 'app2', clientHost: '/10.0.0.7', memberId: '$m1', sessionTimeoutMs: 7000, rebalanceTimeoutMs: 4000, protocols: protocols('roundrobin') })),
      advance(100),
      expect('join', { errorCode: 0, generationId: 1, leader: '$m1', protocolName: 'roundrobin', members: [entry(1, 'roundrobin')] }),
      send('sync', syncGroup({ memberId: '$m1', protocolName: 'roundrobin', assignments: [{ memberId: '$m1', assignment: bytes('a1') }] })),
      expect('sync', { errorCode: 0, assignment: bytes('a1') }),
      expectDurable('g', [
        creationRecord(50),
        {
          protocolType: 'consumer',
          generation: 1,
          protocol: 'roundrobin',
          leader: '$m1',
          currentStateTimestamp: 150,
          members: [
            { memberId: '$m1', groupInstanceId: null, clientId: 'app2', clientHost: '/10.0.0.7', rebalanceTimeout: 4000, sessionTimeout: 7000, subscription: bytes('roundrobin:meta'), assignment: bytes('a1') },
          ],
        },
      ]),
    ],
  },
  {
    name: "JoinGroup: an added member's session timer is the 300000 ms new-member timeout, not its session timeout",
    rules: ['JG-12'],
    config: { 'group.initial.rebalance.delay.ms': 400_000 },
    steps: [
      send('first', joinGroup({ clientId: 'c1', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 600_000 })),
      expect('first', { errorCode: 79, memberId: '$m1' }),
      send('join', joinGroup({ clientId: 'c1', memberId: '$m1', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 600_000 })),
      advance(10_001),
      expectPending('join'),
      expectGroup('g', { state: 'PreparingRebalance', members: ['$m1'] }),
      advance(289_998),
      expectPending('join'),
      advance(1),
      // t = 300000: the member never completed a join phase, so it is removed.
      expect('join', joinError(25, '')),
      expectGroup('g', { state: 'Empty', generationId: 1, members: [] }),
      expectDurable('g', [creationRecord(0), { protocolType: 'consumer', generation: 1, protocol: null, leader: null, members: [] }]),
    ],
  },
];

export const joinGroupScenarios3: Scenario[] = [...preparing, ...completing, ...stable, ...vote, ...stored];
