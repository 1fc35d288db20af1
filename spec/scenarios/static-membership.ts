/**
 * Normative scenarios: static members (KIP-345) joining, rejoining and being replaced in each
 * state, the KIP-814 answer to a replaced leader, and the records a replacement writes.
 *
 * @remarks
 * Validation (fenced and unknown instance ids), LeaveGroup by instance id and the join phase
 * are in `static-membership-validation.ts`; `group.max.size` in `group-max-size.ts`. Timings
 * come from the broker's configs ({@link ScenarioEnv}): setups form their group at once after
 * the initial delay, or one member at a time when it is 0 (static-helpers.ts); session checks
 * sit one margin either side of the deadline.
 * @see spec/static-membership.md
 */
import type { Scenario, ScenarioEnv } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, oneOf, protocols, send, syncGroup } from '../../src/conformance/scenario.js';
import type { Step } from '../../src/conformance/scenario.js';
import { assignmentOf, completingRebalance, formsAtOnce, preparingRebalance } from './setup.js';
import { formGroup, initialPhaseMs, kindsOf, needsGroupOf, sessionWithin, STABLE_RECORDS, stableAtMs, stableWith, staticJoin } from './static-helpers.js';

const META = bytes('range:meta');

/** The session timeout a replacing member asks for: twice the scenarios' own, within the bounds. */
function replacedSession(env: ScenarioEnv): number {
  return sessionWithin(env, 2 * env.sessionMs);
}

/** The rebalance timeout a replacing member asks for: different from the scenarios' own. */
function replacedRebalance(env: ScenarioEnv): number {
  return env.rebalanceMs - Math.floor(env.sessionMs / 2);
}

/** A session timeout longer than the scenarios' own (three times, within the bounds). */
function longerSession(env: ScenarioEnv): number {
  return sessionWithin(env, 3 * env.sessionMs);
}

/** Half the scenarios' session timeout, used as a rebalance timeout that ends well within a session. */
function halfSession(env: ScenarioEnv): number {
  return Math.floor(env.sessionMs / 2);
}

/** The shortest session timeout the broker accepts. */
function shortestSession(env: ScenarioEnv): number {
  return sessionWithin(env, 0);
}

/** Two new static members (v5, then v9) in one initial join phase. */
function createdAtOnce(env: ScenarioEnv): Step[] {
  return [
    send('j1', staticJoin(1, { version: 5 })),
    expectPending('j1'),
    expectGroup('g', { state: 'PreparingRebalance', generationId: 0, leader: '$m1', members: ['$m1'] }),
    send('j2', staticJoin(2)),
    expectPending('j2'),
    expectGroup('g', { state: 'PreparingRebalance', generationId: 0, members: ['$m1', '$m2'] }),
    advance(initialPhaseMs(env, 2) + env.settleMs),
    expect('j1', {
      errorCode: 0,
      memberId: '$m1',
      generationId: 1,
      leader: '$m1',
      protocolName: 'range',
      protocolType: null,
      members: [
        { memberId: '$m1', groupInstanceId: 'i1', metadata: META },
        { memberId: '$m2', groupInstanceId: 'i2', metadata: META },
      ],
    }),
    expect('j2', { errorCode: 0, memberId: '$m2', generationId: 1, leader: '$m1', protocolType: 'consumer', skipAssignment: false, members: [] }),
    expectGroup('g', { state: 'CompletingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
    expectDurable('g', [{ generation: 0, protocolType: '', members: [] }]),
  ];
}

/**
 * With an initial delay of 0 (or, in real time, shorter than a margin) the first static
 * member's join completes alone; the second is still added at once (no MEMBER_ID_REQUIRED) and
 * parked, and the leader's rejoin completes generation 2.
 */
function createdOneByOne(env: ScenarioEnv): Step[] {
  return [
    send('j1', staticJoin(1, { version: 5 })),
    ...(env.delayMs > 0 ? [advance(env.delayMs)] : []),
    expect('j1', { errorCode: 0, memberId: '$m1', generationId: 1, leader: '$m1', protocolName: 'range', protocolType: null, members: [{ memberId: '$m1', groupInstanceId: 'i1', metadata: META }] }),
    expectGroup('g', { state: 'CompletingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
    send('j2', staticJoin(2)),
    expectPending('j2'),
    expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
    send('j1b', staticJoin(1, { version: 5, memberId: '$m1' })),
    expect('j1b', {
      errorCode: 0,
      memberId: '$m1',
      generationId: 2,
      leader: '$m1',
      protocolType: null,
      members: [
        { memberId: '$m1', groupInstanceId: 'i1', metadata: META },
        { memberId: '$m2', groupInstanceId: 'i2', metadata: META },
      ],
    }),
    expect('j2', { errorCode: 0, memberId: '$m2', generationId: 2, leader: '$m1', protocolType: 'consumer', skipAssignment: false, members: [] }),
    expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1', '$m2'] }),
    expectDurable('g', [{ generation: 0, protocolType: '', members: [] }]),
  ];
}

const newStaticMembers: Scenario[] = [
  {
    name: 'Static: new static members create a group with JoinGroup v5 and v9 -> added at once without MEMBER_ID_REQUIRED, initial rebalance',
    rules: ['ST-02', 'ST-01'],
    steps: (env) => (formsAtOnce(env) ? createdAtOnce(env) : createdOneByOne(env)),
  },
  {
    name: 'Static: new static member in Stable -> added and parked, rebalance; the leader list and the record carry instance ids',
    rules: ['ST-02', 'ST-01'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableWith(env, 'sd'),
      send('j3', staticJoin(3)),
      expectPending('j3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2', '$m3'] }),
      send('r1', staticJoin(1, { memberId: '$m1' })),
      send('r2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('r1', {
        errorCode: 0,
        generationId: 2,
        leader: '$m1',
        members: [
          { memberId: '$m1', groupInstanceId: 'i1', metadata: META },
          { memberId: '$m2', groupInstanceId: null, metadata: META },
          { memberId: '$m3', groupInstanceId: 'i3', metadata: META },
        ],
      }),
      expect('j3', { errorCode: 0, memberId: '$m3', generationId: 2, leader: '$m1', members: [] }),
      send('s1', syncGroup({ generationId: 2, memberId: '$m1', groupInstanceId: 'i1', assignments: [{ memberId: '$m3', assignment: assignmentOf(3, 2) }] })),
      expect('s1', { errorCode: 0 }),
      expectDurable('g', [
        ...STABLE_RECORDS,
        {
          generation: 2,
          leader: '$m1',
          members: [
            { memberId: '$m1', groupInstanceId: 'i1', clientId: 'c1' },
            { memberId: '$m2', groupInstanceId: null, clientId: 'c2' },
            { memberId: '$m3', groupInstanceId: 'i3', clientId: 'c3', assignment: assignmentOf(3, 2) },
          ],
        },
      ]),
    ],
  },
  {
    name: 'Static: new static member in CompletingRebalance -> added and parked, parked SyncGroups answered REBALANCE_IN_PROGRESS',
    rules: ['ST-02'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...completingRebalance(env),
      send('s2', syncGroup({ generationId: 2, memberId: '$m2' })),
      expectPending('s2'),
      send('j3', staticJoin(3)),
      expect('s2', { errorCode: 27 }),
      expectPending('j3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, members: ['$m1', '$m2', '$m3'] }),
    ],
  },
  {
    name: 'Static: new static member in PreparingRebalance -> added and parked; the join completes when all have joined',
    rules: ['ST-02', 'ST-01'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...preparingRebalance(env),
      send('j3', staticJoin(3)),
      expectPending('j3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2', '$m3'] }),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin1', {
        errorCode: 0,
        generationId: 2,
        leader: '$m1',
        members: [
          { memberId: '$m1', groupInstanceId: null },
          { memberId: '$m2', groupInstanceId: null },
          { memberId: '$m3', groupInstanceId: 'i3' },
        ],
      }),
      expect('j3', { errorCode: 0, memberId: '$m3', generationId: 2, leader: '$m1', members: [] }),
    ],
  },
  {
    name: 'Static: static members rejoin with their member ids -> follower answered at once in Stable, leader rebalances, same metadata answered at once in CompletingRebalance',
    rules: ['ST-03'],
    steps: (env) => [
      ...stableWith(env, 'ss'),
      send('r2', staticJoin(2, { memberId: '$m2' })),
      expect('r2', { errorCode: 0, memberId: '$m2', generationId: 1, leader: '$m1', members: [] }),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
      send('r1', staticJoin(1, { memberId: '$m1' })),
      expectPending('r1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
      send('r2b', staticJoin(2, { memberId: '$m2' })),
      expect('r1', { errorCode: 0, memberId: '$m1', generationId: 2, leader: '$m1', members: [{ memberId: '$m1', groupInstanceId: 'i1' }, { memberId: '$m2', groupInstanceId: 'i2' }] }),
      expect('r2b', { errorCode: 0, memberId: '$m2', generationId: 2, leader: '$m1', members: [] }),
      send('r1c', staticJoin(1, { memberId: '$m1' })),
      expect('r1c', { errorCode: 0, memberId: '$m1', generationId: 2, leader: '$m1', members: [{ memberId: '$m1', groupInstanceId: 'i1' }, { memberId: '$m2', groupInstanceId: 'i2' }] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
];

const stableReplacements: Scenario[] = [
  {
    name: 'Static: follower instance replaced in Stable -> new id, no rebalance, GroupMetadata record, answered at once; each replacement gives a new id',
    rules: ['ST-04', 'ST-06', 'ST-07'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableWith(env, 'ss'),
      send('n2', staticJoin(2, { clientId: 'c2-restarted', sessionTimeoutMs: replacedSession(env), rebalanceTimeoutMs: replacedRebalance(env) })),
      expect('n2', { errorCode: 0, memberId: '$n2', generationId: 1, leader: '$m1', protocolName: 'range', protocolType: 'consumer', skipAssignment: false, members: [] }),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$n2'] }),
      send('s2', syncGroup({ memberId: '$n2', groupInstanceId: 'i2' })),
      expect('s2', { errorCode: 0, assignment: assignmentOf(2, 1) }),
      send('hNew', heartbeat({ memberId: '$n2', groupInstanceId: 'i2' })),
      expect('hNew', { errorCode: 0 }),
      send('hOld', heartbeat({ memberId: '$m2', groupInstanceId: 'i2' })),
      expect('hOld', { errorCode: 82 }),
      // KAFKA-8500: joining again with MemberId "" replaces the instance once more, with yet another id.
      send('p2', staticJoin(2)),
      expect('p2', { errorCode: 0, memberId: '$p2', generationId: 1, leader: '$m1' }),
      send('hPrev', heartbeat({ memberId: '$n2', groupInstanceId: 'i2' })),
      expect('hPrev', { errorCode: 82 }),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$p2'] }),
      expectDurable('g', [
        ...STABLE_RECORDS,
        {
          generation: 1,
          protocolType: 'consumer',
          protocol: 'range',
          leader: '$m1',
          currentStateTimestamp: stableAtMs(env, 2),
          members: [
            { memberId: '$m1', groupInstanceId: 'i1', clientId: 'c1', rebalanceTimeout: env.rebalanceMs, sessionTimeout: env.sessionMs, subscription: META, assignment: assignmentOf(1, 1) },
            { memberId: '$n2', groupInstanceId: 'i2', clientId: 'c2', clientHost: '/127.0.0.1', rebalanceTimeout: replacedRebalance(env), sessionTimeout: replacedSession(env), subscription: META, assignment: assignmentOf(2, 1) },
          ],
        },
        { generation: 1, leader: '$m1', members: [{ memberId: '$m1' }, { memberId: '$p2', groupInstanceId: 'i2', assignment: assignmentOf(2, 1) }] },
      ]),
    ],
  },
  {
    name: 'Static: leader instance replaced in Stable with JoinGroup v9 -> it still leads, gets the member list and SkipAssignment',
    rules: ['ST-04', 'ST-06', 'ST-07'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableWith(env, 'ss'),
      send('n1', staticJoin(1)),
      expect('n1', {
        errorCode: 0,
        memberId: '$n1',
        generationId: 1,
        leader: '$n1',
        skipAssignment: true,
        protocolName: 'range',
        protocolType: 'consumer',
        members: [
          { memberId: '$n1', groupInstanceId: 'i1', metadata: META },
          { memberId: '$m2', groupInstanceId: 'i2', metadata: META },
        ],
      }),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$n1', members: ['$n1', '$m2'] }),
      send('s1', syncGroup({ memberId: '$n1', groupInstanceId: 'i1', assignments: [{ memberId: '$n1', assignment: bytes('ignored') }] })),
      expect('s1', { errorCode: 0, assignment: assignmentOf(1, 1) }),
      send('h2', heartbeat({ memberId: '$m2', groupInstanceId: 'i2' })),
      expect('h2', { errorCode: 0 }),
      expectDurable('g', [
        ...STABLE_RECORDS,
        { generation: 1, leader: '$n1', members: [{ memberId: '$n1', groupInstanceId: 'i1', assignment: assignmentOf(1, 1) }, { memberId: '$m2', assignment: assignmentOf(2, 1) }] },
      ]),
    ],
  },
  {
    name: 'Static: instances replaced in Stable with JoinGroup v8 and v5 -> Leader is the leader before the replacement, no member list',
    rules: ['ST-07', 'ST-06'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableWith(env, 'ss'),
      send('n1', staticJoin(1, { version: 8 })),
      expect('n1', { errorCode: 0, memberId: '$n1', generationId: 1, leader: '$m1', protocolType: 'consumer', protocolName: 'range', skipAssignment: false, members: [] }),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$n1', members: ['$n1', '$m2'] }),
      send('n2', staticJoin(2, { version: 5 })),
      expect('n2', { errorCode: 0, memberId: '$n2', generationId: 1, leader: '$n1', protocolType: null, protocolName: 'range', skipAssignment: false, members: [] }),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$n1', members: ['$n1', '$n2'] }),
      expectDurable('g', [...STABLE_RECORDS, { generation: 1, leader: '$n1' }, { generation: 1, leader: '$n1', members: [{ memberId: '$n1' }, { memberId: '$n2' }] }]),
    ],
  },
  {
    name: 'Static: replacement in Stable with changed metadata but the same selected protocol -> no rebalance, the record carries the new metadata',
    rules: ['ST-06'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableWith(env, 'ss', { protocols: protocols('range', 'roundrobin') }),
      send('n2', staticJoin(2, { protocols: [{ name: 'range', metadata: bytes('range:v2') }] })),
      expect('n2', { errorCode: 0, memberId: '$n2', generationId: 1, protocolName: 'range', members: [] }),
      expectGroup('g', { state: 'Stable', generationId: 1, protocolName: 'range', members: ['$m1', '$n2'] }),
      expectDurable('g', [
        ...STABLE_RECORDS,
        { generation: 1, protocol: 'range', members: [{ memberId: '$m1', subscription: META }, { memberId: '$n2', subscription: bytes('range:v2'), assignment: assignmentOf(2, 1) }] },
      ]),
    ],
  },
  {
    name: 'Static: replacement in Stable that changes the selected protocol -> rebalance, no record',
    rules: ['ST-08', 'ST-04'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableWith(env, 'ss', { protocols: protocols('range', 'roundrobin') }),
      send('n2', staticJoin(2, { protocols: protocols('roundrobin') })),
      expectPending('n2'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, protocolName: 'range', members: ['$m1', '$n2'] }),
      send('r1', staticJoin(1, { memberId: '$m1', protocols: protocols('range', 'roundrobin') })),
      expect('r1', { errorCode: 0, generationId: 2, leader: '$m1', protocolName: 'roundrobin', members: [{ memberId: '$m1' }, { memberId: '$n2', groupInstanceId: 'i2', metadata: bytes('roundrobin:meta') }] }),
      expect('n2', { errorCode: 0, memberId: '$n2', generationId: 2, leader: '$m1', protocolName: 'roundrobin', members: [] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'Static: replacement in Stable arms the new id\'s session timer with the previous session timeout',
    rules: ['ST-04'],
    needs: (env) => needsGroupOf(3)(env) ?? (longerSession(env) > env.sessionMs ? undefined : `needs a session timeout above ${env.sessionMs} ms within group.max.session.timeout.ms (${env.configs['group.max.session.timeout.ms']})`),
    steps: (env) => [
      ...stableWith(env, 'ss'),
      // The old member's session timer runs to one session from now; the request asks for a longer one.
      send('n2', staticJoin(2, { sessionTimeoutMs: longerSession(env) })),
      expect('n2', { errorCode: 0, memberId: '$n2', generationId: 1 }),
      advance(Math.floor(env.sessionMs / 2)),
      send('h1', heartbeat({ memberId: '$m1', groupInstanceId: 'i1' })),
      expect('h1', { errorCode: 0 }),
      advance(env.sessionMs - Math.floor(env.sessionMs / 2) - env.marginMs),
      send('h1b', heartbeat({ memberId: '$m1', groupInstanceId: 'i1' })),
      expect('h1b', { errorCode: 0 }),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$n2'] }),
      advance(2 * env.marginMs),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
      expectDurable('g', [...STABLE_RECORDS, { generation: 1, members: [{ memberId: '$m1' }, { memberId: '$n2', sessionTimeout: longerSession(env) }] }]),
    ],
  },
  {
    name: 'Static: replacement in Stable before the old member synced -> the new id takes its pending-sync place and, once synced, is not evicted (our choice)',
    rules: ['ST-04', 'ST-06'],
    needs: needsGroupOf(3),
    steps: (env) => [
      // A rebalance timeout of half a session: the sync timer fires long before any session ends.
      ...formGroup(env, kindsOf('ss', { rebalanceTimeoutMs: halfSession(env) }), { sync: false }),
      send('sync1', syncGroup({ memberId: '$m1', groupInstanceId: 'i1', assignments: [{ memberId: '$m1', assignment: assignmentOf(1, 1) }, { memberId: '$m2', assignment: assignmentOf(2, 1) }] })),
      expect('sync1', { errorCode: 0 }),
      // m2 never sent SyncGroup; its restarted process replaces it and syncs under the new id.
      send('n2', staticJoin(2, { rebalanceTimeoutMs: halfSession(env) })),
      expect('n2', { errorCode: 0, memberId: '$n2', generationId: 1 }),
      send('s2', syncGroup({ memberId: '$n2', groupInstanceId: 'i2' })),
      expect('s2', { errorCode: 0, assignment: assignmentOf(2, 1) }),
      // The sync timer (due one rebalance timeout after the join) has nobody left to evict. Kafka
      // would rebalance here (ST-04: it keeps the old id pending): our choice is checked in
      // process; a broker over the wire may do either.
      advance(halfSession(env) + env.marginMs),
      env.realTime
        ? expectGroup('g', { state: oneOf('Stable', 'PreparingRebalance'), generationId: 1 })
        : expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$n2'] }),
      expectDurable('g', [{ generation: 0 }, { generation: 1, leader: '$m1' }, { generation: 1, members: [{ memberId: '$m1' }, { memberId: '$n2' }] }]),
    ],
  },
];

const otherStateReplacements: Scenario[] = [
  {
    name: 'Static: replacement in PreparingRebalance -> the old id\'s parked JoinGroup is fenced, the new id waits and leads',
    rules: ['ST-05', 'ST-08', 'ST-04'],
    steps: (env) => [
      ...stableWith(env, 'ss'),
      send('r1', staticJoin(1, { memberId: '$m1' })),
      expectPending('r1'),
      send('n1', staticJoin(1)),
      expect('r1', { errorCode: 82, memberId: '$m1', generationId: -1, leader: '', protocolType: null, protocolName: null, skipAssignment: false, members: [] }),
      expectPending('n1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$n1', members: ['$n1', '$m2'] }),
      send('r2', staticJoin(2, { memberId: '$m2' })),
      expect('n1', { errorCode: 0, memberId: '$n1', generationId: 2, leader: '$n1', members: [{ memberId: '$n1', groupInstanceId: 'i1' }, { memberId: '$m2', groupInstanceId: 'i2' }] }),
      expect('r2', { errorCode: 0, memberId: '$m2', generationId: 2, leader: '$n1', members: [] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'Static: replacement in CompletingRebalance -> the old id\'s parked SyncGroup is fenced and a new rebalance starts (KAFKA-9801)',
    rules: ['ST-05', 'ST-08', 'ST-04'],
    needs: needsGroupOf(3),
    steps: (env) => [
      ...stableWith(env, 'ss'),
      send('r1', staticJoin(1, { memberId: '$m1' })),
      send('r2', staticJoin(2, { memberId: '$m2' })),
      expect('r1', { errorCode: 0, generationId: 2, leader: '$m1' }),
      expect('r2', { errorCode: 0, generationId: 2, leader: '$m1' }),
      send('s2', syncGroup({ generationId: 2, memberId: '$m2', groupInstanceId: 'i2' })),
      expectPending('s2'),
      send('n2', staticJoin(2)),
      expect('s2', { errorCode: 82, protocolType: null, protocolName: null, assignment: new Uint8Array(0) }),
      expectPending('n2'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, leader: '$m1', members: ['$m1', '$n2'] }),
      send('r1b', staticJoin(1, { memberId: '$m1' })),
      expect('r1b', { errorCode: 0, generationId: 3, leader: '$m1', members: [{ memberId: '$m1', groupInstanceId: 'i1' }, { memberId: '$n2', groupInstanceId: 'i2' }] }),
      expect('n2', { errorCode: 0, memberId: '$n2', generationId: 3, leader: '$m1', members: [] }),
    ],
  },
  {
    name: 'Static: replacement in CompletingRebalance of a one-member group with the same metadata -> the join completes at once with the next generation',
    rules: ['ST-08', 'ST-04'],
    steps: (env) => [
      send('j1', staticJoin(1)),
      advance(env.delayMs + env.settleMs),
      expect('j1', { errorCode: 0, memberId: '$m1', generationId: 1, leader: '$m1' }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 1 }),
      send('n1', staticJoin(1)),
      expect('n1', { errorCode: 0, memberId: '$n1', generationId: 2, leader: '$n1', members: [{ memberId: '$n1', groupInstanceId: 'i1', metadata: META }] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$n1', members: ['$n1'] }),
      send('sOld', syncGroup({ generationId: 2, memberId: '$m1', groupInstanceId: 'i1' })),
      expect('sOld', { errorCode: 82 }),
    ],
  },
  {
    name: 'Static: a new member replaced during the initial rebalance is no longer new -> its session timer does not remove it while it waits',
    rules: ['ST-04', 'ST-05'],
    needs: (env) => {
      const windows = initialWindows(env);
      if (env.delayMs >= 3 * env.marginMs && windows <= MAX_WINDOWS) return needsGroupOf(windows)(env);
      return `needs an initial rebalance that can outlast the shortest session (${shortestSession(env)} ms) within ${MAX_WINDOWS} extensions: group.initial.rebalance.delay.ms (${env.delayMs}) of at least 3 margins (${3 * env.marginMs} ms) and above a ${MAX_WINDOWS}th of the session`;
    },
    steps: replacedInInitialRebalance,
  },
];

/** The most initial-delay windows {@link replacedInInitialRebalance} extends the join phase by (one new member each). */
const MAX_WINDOWS = 10;

/** How many initial-delay windows the join phase must last to outlive the shortest session by 3 margins (TM-11). */
function initialWindows(env: ScenarioEnv): number {
  return Math.max(1, Math.ceil((shortestSession(env) + 3 * env.marginMs) / env.delayMs));
}

/**
 * A static member replaced a margin into the initial rebalance waits, parked, past its session
 * timeout. Where one initial delay is shorter than the session, new dynamic members joining in
 * each delay window extend the join phase (TM-11) until it outlasts the session; the first
 * member's rebalance timeout leaves room for that.
 */
function replacedInInitialRebalance(env: ScenarioEnv): Step[] {
  const m = env.marginMs;
  const session = shortestSession(env);
  const windows = initialWindows(env);
  const fields = { sessionTimeoutMs: session, rebalanceTimeoutMs: Math.max(env.rebalanceMs, windows * env.delayMs) };
  let now = 0;
  const at = (t: number): Step => {
    const step = advance(t - now);
    now = t;
    return step;
  };
  const steps: Step[] = [send('j1', staticJoin(1, fields)), expectPending('j1'), at(m), send('n1', staticJoin(1, fields))];
  steps.push(expect('j1', { errorCode: 82, memberId: '$m1', generationId: -1 }), expectPending('n1'));
  for (let k = 2; k <= windows; k++) {
    // A new member in window k-1 makes the timer firing at its end extend the phase by another window.
    if (k > 2) steps.push(at((k - 2) * env.delayMs + m));
    steps.push(send(`first${k}`, joinGroup({ clientId: `c${k}` })), expect(`first${k}`, { errorCode: 79, memberId: `$m${k}` }));
    steps.push(send(`join${k}`, joinGroup({ clientId: `c${k}`, memberId: `$m${k}` })), expectPending(`join${k}`));
  }
  const members = ['$n1', ...Array.from({ length: windows - 1 }, (_, i) => `$m${i + 2}`)];
  // The new id's session timer was armed with the shortest session a margin in; it waits with a parked JoinGroup.
  steps.push(at(m + session + m), expectPending('n1'), expectGroup('g', { state: 'PreparingRebalance', generationId: 0, leader: '$n1', members }));
  // The last window passes with no new member: the join phase completes.
  steps.push(at(windows * env.delayMs + m), expect('n1', { errorCode: 0, memberId: '$n1', generationId: 1, leader: '$n1' }));
  return steps;
}

/** Static members joining, rejoining and being replaced. */
export const staticMembershipScenarios: Scenario[] = [...newStaticMembers, ...stableReplacements, ...otherStateReplacements];
