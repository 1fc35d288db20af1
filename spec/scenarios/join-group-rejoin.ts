/**
 * Normative scenarios: members that rejoin, by state and by whether they lead and whether their
 * metadata changed; a second parked JoinGroup; the protocol vote; what an added member stores.
 *
 * @remarks
 * Timings follow the broker's configs ({@link ScenarioEnv}): members ask for the environment's
 * session and rebalance timeouts, a rejoin that changes them asks for others within the broker's
 * bounds, session timers are checked one margin either side of their deadlines, and groups form
 * in one initial join phase or, with an initial delay of 0, one member at a time.
 * @see spec/join-group.md (JG-12 to JG-19), spec/group-states.md (GS-07 to GS-13)
 */
import type { Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, oneOf, protocols, send, syncGroup } from '../../src/conformance/scenario.js';
import type { JoinFields } from './join-group-setup.js';
import { across, anyOrder, completeTogether, creationRecord, entry, halfSessionMs, joinError, joinTogether, maxSessionMs, otherRebalanceMs, otherSessionMs } from './join-group-setup.js';
import { assignmentOf, completingRebalance, preparingRebalance, stableGroup } from './setup.js';

/** Protocol `range` with other metadata bytes: the same name, changed metadata (JG-15). */
const RANGE_V2 = [{ name: 'range', metadata: bytes('range:v2') }];

/**
 * New members `$m1..` (clients `c1..`) of a fresh group, listing the given protocols, join and
 * the join phase ends: their joins `join<i>` are answered for generation 1.
 */
function joinAll(env: ScenarioEnv, lists: readonly (readonly string[])[]): Step[] {
  const members: JoinFields[] = lists.map((names) => ({ protocols: protocols(...names) }));
  return [...joinTogether(env, members), ...completeTogether(env, members)];
}

/** A Stable group at generation 1 whose members list the given protocols; `proto` is the selected one. */
function stableWith(env: ScenarioEnv, lists: readonly (readonly string[])[], proto: string): Step[] {
  const n = lists.length;
  const ids = Array.from({ length: n }, (_, k) => k + 1);
  return [
    ...joinAll(env, lists),
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
    steps: (env) => [
      ...stableGroup(env, 3),
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
    steps: (env) => [
      ...preparingRebalance(env),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2', sessionTimeoutMs: otherSessionMs(env), rebalanceTimeoutMs: otherRebalanceMs(env), protocols: protocols('roundrobin', 'range') })),
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
            { memberId: '$m1', sessionTimeout: env.sessionMs, rebalanceTimeout: env.rebalanceMs },
            { memberId: '$m2', sessionTimeout: otherSessionMs(env), rebalanceTimeout: otherRebalanceMs(env), subscription: bytes('range:meta') },
          ],
        },
      ]),
    ],
  },
  {
    name: 'JoinGroup: a second JoinGroup of a parked member replaces the first, which is never answered',
    rules: ['JG-19', 'JG-14'],
    steps: (env) => [
      ...preparingRebalance(env),
      send('rejoin1b', joinGroup({ clientId: 'c1', memberId: '$m1', sessionTimeoutMs: otherSessionMs(env) })),
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
      // Well within every session: nothing but the replaced request could answer it now.
      advance(Math.floor(env.sessionMs / 2)),
      expectPending('rejoin1'),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }, { generation: 2, members: [{ memberId: '$m1', sessionTimeout: otherSessionMs(env) }, { memberId: '$m2' }] }]),
    ],
  },
];

const completing: Scenario[] = [
  {
    name: 'JoinGroup: CompletingRebalance, same-metadata rejoins -> answered at once, the leader with the members, timeouts kept',
    rules: ['JG-16', 'JG-03', 'GS-01', 'GS-13', 'VER-04'],
    steps: (env) => [
      ...completingRebalance(env),
      send('again1', joinGroup({ clientId: 'c1', memberId: '$m1', sessionTimeoutMs: otherSessionMs(env), rebalanceTimeoutMs: otherRebalanceMs(env) })),
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
      expectDurable('g', [{ generation: 0 }, { generation: 1 }, { generation: 2, members: [{ memberId: '$m1', sessionTimeout: env.sessionMs, rebalanceTimeout: env.rebalanceMs }, { memberId: '$m2' }] }]),
    ],
  },
  {
    name: 'JoinGroup: CompletingRebalance, a same-metadata rejoin leaves the session timer as it is',
    rules: ['JG-16'],
    steps: (env) => [
      ...completingRebalance(env),
      // Join completion at T armed both sessions until T + S. At T + S/2 m1's heartbeat moves its own to T + 3S/2.
      advance(halfSessionMs(env)),
      send('hb1', heartbeat({ generationId: 2, memberId: '$m1' })),
      expect('hb1', { errorCode: 0 }),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2', sessionTimeoutMs: otherSessionMs(env) })),
      expect('again2', { errorCode: 0, generationId: 2 }),
      // m2's session still ends at T + S.
      ...across(env, env.sessionMs - halfSessionMs(env), [expectGroup('g', { state: 'CompletingRebalance', members: ['$m1', '$m2'] })]),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, members: ['$m1'] }),
    ],
  },
  {
    name: 'JoinGroup: CompletingRebalance, follower with changed metadata -> parked, rebalance, parked SyncGroup gets REBALANCE_IN_PROGRESS',
    rules: ['JG-15', 'JG-13', 'GS-01'],
    steps: (env) => [
      ...completingRebalance(env),
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
    steps: (env) => [
      ...completingRebalance(env),
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
    steps: (env) => [
      ...stableGroup(env, 2),
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
    steps: (env) => [
      ...stableGroup(env, 2),
      // As above, but join completion came up to one settle time before the setup ended at T: both
      // sessions end between T + S - settle and T + S; m1's heartbeat at T + S/2 moves its own on.
      advance(halfSessionMs(env)),
      send('hb1', heartbeat({ memberId: '$m1' })),
      expect('hb1', { errorCode: 0 }),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2', sessionTimeoutMs: otherSessionMs(env) })),
      expect('again2', { errorCode: 0, generationId: 1 }),
      ...across(env, env.sessionMs - halfSessionMs(env), [expectGroup('g', { state: 'Stable', members: ['$m1', '$m2'] })], env.settleMs),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1'] }),
    ],
  },
  {
    name: 'JoinGroup: Stable, the leader with the same metadata -> parked and the group rebalances, taking its new timeouts',
    rules: ['JG-17', 'JG-13', 'JG-14', 'GS-01'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('again1', joinGroup({ clientId: 'c1', memberId: '$m1', sessionTimeoutMs: otherSessionMs(env) })),
      expectPending('again1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('again1', { errorCode: 0, generationId: 2, leader: '$m1', members: anyOrder([entry(1), entry(2)]) }),
      expect('again2', { errorCode: 0, generationId: 2, members: [] }),
      send('s1', syncGroup({ generationId: 2, memberId: '$m1', assignments: [] })),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }, { generation: 2, members: [{ memberId: '$m1', sessionTimeout: otherSessionMs(env) }, { memberId: '$m2', sessionTimeout: env.sessionMs }] }]),
    ],
  },
  {
    name: 'JoinGroup: Stable, follower with changed metadata bytes -> parked, rebalance; join order and leader kept',
    rules: ['JG-15', 'JG-13', 'GS-09', 'GS-01'],
    steps: (env) => [
      ...stableGroup(env, 2),
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
    steps: (env) => [
      ...stableWith(env, [['range', 'roundrobin'], ['range', 'roundrobin'], ['range', 'roundrobin']], 'range'),
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
    steps: (env) => [
      ...joinAll(env, [['range', 'roundrobin'], ['roundrobin', 'range'], ['roundrobin', 'range']]),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', protocolName: 'roundrobin', members: anyOrder([1, 2, 3].map((i) => entry(i, 'roundrobin'))) }),
      expect('join2', { errorCode: 0, protocolName: 'roundrobin', members: [] }),
      expect('join3', { errorCode: 0, protocolName: 'roundrobin', members: [] }),
      expectGroup('g', { state: 'CompletingRebalance', protocolName: 'roundrobin' }),
    ],
  },
  {
    name: 'JoinGroup: protocol vote, [range, roundrobin] [roundrobin, foo] -> roundrobin, the only candidate',
    rules: ['GS-07', 'JG-07'],
    steps: (env) => [
      ...joinAll(env, [['range', 'roundrobin'], ['roundrobin', 'foo']]),
      expect('join1', { errorCode: 0, protocolName: 'roundrobin', members: anyOrder([entry(1, 'roundrobin'), entry(2, 'roundrobin')]) }),
    ],
  },
  {
    name: 'JoinGroup: protocol vote, a first choice that is not a candidate -> the member votes for its first candidate',
    rules: ['GS-07'],
    steps: (env) => [
      ...joinAll(env, [['foo', 'roundrobin', 'range'], ['roundrobin', 'range'], ['range', 'roundrobin']]),
      expect('join1', { errorCode: 0, protocolName: 'roundrobin' }),
      expectGroup('g', { protocolName: 'roundrobin' }),
    ],
  },
  {
    name: 'JoinGroup: protocol vote tie, [range, roundrobin] [roundrobin, range] -> a tied candidate (range by our choice)',
    rules: ['GS-08', 'GS-07'],
    steps: (env) => [
      ...joinAll(env, [['range', 'roundrobin'], ['roundrobin', 'range']]),
      // GS-08: Kafka leaves a tie to HashMap order, so conformance accepts either candidate.
      expect('join1', oneOf(
        { errorCode: 0, protocolName: 'range', members: anyOrder([entry(1, 'range'), entry(2, 'range')]) },
        { errorCode: 0, protocolName: 'roundrobin', members: anyOrder([entry(1, 'roundrobin'), entry(2, 'roundrobin')]) },
      )),
      expect('join1', { protocolName: '$proto' }),
      expectGroup('g', { protocolName: '$proto' }),
    ],
  },
];

/** Kafka's join timeout of a new member, fixed (not a broker config): KAFKA-7610, JG-12. */
const NEW_MEMBER_JOIN_MS = 300_000;

const stored: Scenario[] = [
  {
    name: "JoinGroup: the added member stores the second request's client id, host, timeouts and protocols",
    rules: ['JG-10', 'JG-12', 'JG-05', 'VER-01'],
    steps: (env) => {
      // Timeouts other than the first request's (the environment's), the rebalance one below the session one.
      const sessionMs = otherSessionMs(env);
      const rebalanceMs = Math.floor(sessionMs / 2);
      // The initial join phase of one member lasts the delay (TM-10); the record keeps the time the
      // group entered CompletingRebalance, the join completion.
      const joinedAt = 50 + env.delayMs;
      return [
        advance(50),
        send('first', joinGroup({ clientId: 'app' })),
        expect('first', { errorCode: 79, memberId: '$m1' }),
        send('join', joinGroup({ clientId: 'app2', clientHost: '/10.0.0.7', memberId: '$m1', sessionTimeoutMs: sessionMs, rebalanceTimeoutMs: rebalanceMs, protocols: protocols('roundrobin') })),
        advance(env.delayMs + env.settleMs),
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
            currentStateTimestamp: joinedAt,
            members: [
              { memberId: '$m1', groupInstanceId: null, clientId: 'app2', clientHost: '/10.0.0.7', rebalanceTimeout: rebalanceMs, sessionTimeout: sessionMs, subscription: bytes('roundrobin:meta'), assignment: bytes('a1') },
            ],
          },
        ]),
      ];
    },
  },
  {
    name: "JoinGroup: an added member's session timer is the 300000 ms new-member timeout, not its session timeout",
    rules: ['JG-12'],
    // The leader must outlive the new member's join timeout without heartbeats.
    needs: (env) =>
      maxSessionMs(env) >= 2 * NEW_MEMBER_JOIN_MS
        ? undefined
        : `needs group.max.session.timeout.ms >= ${2 * NEW_MEMBER_JOIN_MS}, a session that outlives the ${NEW_MEMBER_JOIN_MS} ms new-member join timeout; the target has ${maxSessionMs(env)}`,
    steps: (env) => {
      // m1 holds the join phase open past the new member's timeout: long rebalance and session timeouts.
      const leader: JoinFields = { sessionTimeoutMs: 2 * NEW_MEMBER_JOIN_MS, rebalanceTimeoutMs: 2 * NEW_MEMBER_JOIN_MS };
      return [
        ...joinTogether(env, [leader]),
        ...completeTogether(env, [leader]),
        expect('join1', { errorCode: 0, generationId: 1, leader: '$m1' }),
        send('sync1', syncGroup({ memberId: '$m1', assignments: [{ memberId: '$m1', assignment: assignmentOf(1, 1) }] })),
        expect('sync1', { errorCode: 0 }),
        // T: m2 is added and parked; the group waits for m1 to rejoin, for up to m1's rebalance timeout.
        send('first2', joinGroup({ clientId: 'c2' })),
        expect('first2', { errorCode: 79, memberId: '$m2' }),
        send('join2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
        advance(env.sessionMs + env.marginMs),
        // m2's session timeout has passed: it is still a member, still waiting.
        expectPending('join2'),
        expectGroup('g', { state: 'PreparingRebalance', members: ['$m1', '$m2'] }),
        ...across(env, NEW_MEMBER_JOIN_MS - env.sessionMs - env.marginMs, [expectPending('join2')]),
        // T + 300000: m2 never completed a join phase, so it is removed; m1 has still not rejoined.
        expect('join2', joinError(25, '')),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1'] }),
        send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1', ...leader })),
        expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [entry(1)] }),
        send('sync1b', syncGroup({ generationId: 2, memberId: '$m1', assignments: [] })),
        expect('sync1b', { errorCode: 0 }),
        expectDurable('g', [creationRecord(0), { generation: 1, members: [{ memberId: '$m1' }] }, { generation: 2, leader: '$m1', members: [{ memberId: '$m1' }] }]),
      ];
    },
  },
];

/** JoinGroup of members that rejoin, the protocol vote, and what an added member stores. */
export const joinGroupRejoinScenarios: Scenario[] = [...preparing, ...completing, ...stable, ...vote, ...stored];
