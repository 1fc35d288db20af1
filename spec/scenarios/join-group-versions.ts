/**
 * Normative scenarios: the version differences of JoinGroup (VER-01 to VER-04): v8+ reasons, the
 * protocol name and type of v6/v7 answers, SkipAssignment, and the rebalance timeout of v0 and
 * v1 members.
 *
 * @remarks
 * Groups form in one initial join phase where the broker's initial delay allows it, otherwise one
 * member at a time ({@link joinTogether}); timeouts are the environment's ({@link ScenarioEnv}),
 * and the v0 join timer is checked one margin either side of its deadline.
 * @see spec/versions.md, spec/join-group.md
 */
import type { Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import type { JoinFields } from './join-group-setup.js';
import { across, anyOrder, completeTogether, entry, halfSessionMs, joinTogether } from './join-group-setup.js';
import { formsAtOnce } from './setup.js';

/** A v0 member's JoinGroup fields (no rebalance timeout on the wire: -1). */
const V0: JoinFields = { version: 0, rebalanceTimeoutMs: -1 };

/** A JoinGroup v0 (no rebalance timeout on the wire: callers pass -1). */
function joinV0(fields: Parameters<typeof joinGroup>[0] = {}) {
  return joinGroup({ ...V0, ...fields });
}

/** VER-03: the same steps give the same outcomes whatever the v8+ reason is. */
function reasonSteps(env: ScenarioEnv, reason: string | null): Step[] {
  const members = [{ version: 8, reason }, { version: 9, reason }];
  return [
    ...joinTogether(env, members),
    ...completeTogether(env, members),
    expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', members: anyOrder([{ memberId: '$m1' }, { memberId: '$m2' }]) }),
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

/** A v6 and a v7 member. */
const V6_V7: JoinFields[] = [{ version: 6 }, { version: 7 }];

/** A v7 and a v3 member whose one protocol is named "". */
const UNNAMED: JoinFields[] = [
  { version: 7, protocols: [{ name: '', metadata: bytes('m') }] },
  { version: 3, protocols: [{ name: '', metadata: bytes('m') }] },
];

const versions: Scenario[] = [
  { name: 'JoinGroup: v8+ reason null -> no effect on responses, records or state', rules: ['VER-03'], steps: (env) => reasonSteps(env, null) },
  { name: 'JoinGroup: v8+ reason "" -> no effect on responses, records or state', rules: ['VER-03'], steps: (env) => reasonSteps(env, '') },
  { name: 'JoinGroup: v8+ reason "rolling restart" -> no effect on responses, records or state', rules: ['VER-03'], steps: (env) => reasonSteps(env, 'rolling restart') },
  {
    name: 'JoinGroup: v6 responses send an absent protocol name as "" and no protocol type; v7 sends null and the protocol type',
    rules: ['VER-02', 'JG-03'],
    steps: (env) => [
      send('unknown6', joinGroup({ version: 6, memberId: 'c1-ghost' })),
      expect('unknown6', { errorCode: 25, memberId: 'c1-ghost', generationId: -1, leader: '', protocolName: '', protocolType: null, members: [] }),
      send('unknown7', joinGroup({ version: 7, memberId: 'c1-ghost' })),
      expect('unknown7', { errorCode: 25, memberId: 'c1-ghost', generationId: -1, leader: '', protocolName: null, protocolType: null, members: [] }),
      ...joinTogether(env, V6_V7),
      expect('first1', { errorCode: 79, memberId: '$m1', protocolName: '', protocolType: null }),
      expect('first2', { errorCode: 79, memberId: '$m2', protocolName: null, protocolType: null }),
      ...completeTogether(env, V6_V7),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', protocolName: 'range', protocolType: null, members: anyOrder([entry(1), entry(2)]) }),
      expect('join2', { errorCode: 0, generationId: 1, leader: '$m1', protocolName: 'range', protocolType: 'consumer', members: [] }),
    ],
  },
  {
    name: 'JoinGroup: a selected protocol named "" is sent as null from v7 and as "" before',
    rules: ['VER-02'],
    steps: (env) => [
      ...joinTogether(env, UNNAMED),
      ...completeTogether(env, UNNAMED),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', protocolType: 'consumer', protocolName: null }),
      expect('join2', { errorCode: 0, generationId: 1, leader: '$m1', protocolName: '' }),
      expectGroup('g', { state: 'CompletingRebalance', protocolName: '' }),
    ],
  },
  {
    name: "JoinGroup: v9 responses carry SkipAssignment false, the leader's and errors included",
    rules: ['VER-04', 'JG-03'],
    steps: (env) => [
      send('ghost', joinGroup({ memberId: 'c1-ghost', groupId: 'other' })),
      expect('ghost', { errorCode: 25, skipAssignment: false }),
      ...joinTogether(env, [{}, {}]),
      expect('first1', { errorCode: 79, memberId: '$m1', skipAssignment: false }),
      expect('first2', { errorCode: 79, memberId: '$m2', skipAssignment: false }),
      ...completeTogether(env, [{}, {}]),
      expect('join1', { errorCode: 0, leader: '$m1', skipAssignment: false, members: anyOrder([entry(1), entry(2)]) }),
      expect('join2', { errorCode: 0, leader: '$m1', skipAssignment: false, members: [] }),
    ],
  },
  {
    name: "JoinGroup: v0 member's rebalance timeout is its session timeout, persisted in the record",
    rules: ['VER-01', 'JG-09', 'JG-12', 'VER-02'],
    steps: (env) => [
      ...joinTogether(env, [V0]),
      ...(formsAtOnce(env) ? [expectPending('join1')] : []),
      ...completeTogether(env, [V0]),
      expect('join1', { errorCode: 0, memberId: '$m1', generationId: 1, leader: '$m1', protocolName: 'range', protocolType: null, members: [entry(1)] }),
      send('sync1', syncGroup({ version: 0, protocolType: null, protocolName: null, memberId: '$m1', assignments: [{ memberId: '$m1', assignment: bytes('a1') }] })),
      expect('sync1', { errorCode: 0, assignment: bytes('a1') }),
      expectDurable('g', [{ generation: 0 }, { generation: 1, members: [{ memberId: '$m1', rebalanceTimeout: env.sessionMs, sessionTimeout: env.sessionMs }] }]),
    ],
  },
  {
    name: 'JoinGroup: v1 rebalance timeout is taken as sent, even below the session timeout',
    rules: ['VER-01', 'JG-12'],
    steps: (env) => {
      // Below the session timeout, as 4000 is below 10000 in virtual time.
      const v1 = { version: 1, rebalanceTimeoutMs: Math.floor((2 * env.sessionMs) / 5) };
      return [
        ...joinTogether(env, [v1]),
        ...completeTogether(env, [v1]),
        expect('join1', { errorCode: 0, memberId: '$m1', generationId: 1 }),
        send('sync1', syncGroup({ version: 1, protocolType: null, protocolName: null, memberId: '$m1', assignments: [] })),
        expect('sync1', { errorCode: 0 }),
        expectDurable('g', [{ generation: 0 }, { generation: 1, members: [{ memberId: '$m1', rebalanceTimeout: v1.rebalanceTimeoutMs, sessionTimeout: env.sessionMs }] }]),
      ];
    },
  },
  {
    name: "JoinGroup: v0 members' join timer runs for the session timeout, not a rebalance timeout they could not send",
    rules: ['VER-01', 'JG-17'],
    steps: (env) => [
      ...joinTogether(env, [V0, V0]),
      ...completeTogether(env, [V0, V0]),
      expect('join1', { errorCode: 0, generationId: 1, memberId: '$m1', leader: '$m1' }),
      expect('join2', { errorCode: 0, generationId: 1, memberId: '$m2' }),
      send('sync1', syncGroup({ version: 0, protocolType: null, protocolName: null, memberId: '$m1', assignments: [] })),
      send('sync2', syncGroup({ version: 0, protocolType: null, protocolName: null, memberId: '$m2' })),
      expect('sync2', { errorCode: 0 }),
      advance(Math.floor(env.sessionMs / 10)),
      // T: the leader rejoins, the join timer is armed for the session timeout S (until T + S).
      send('rejoin1', joinV0({ clientId: 'c1', memberId: '$m1' })),
      expectGroup('g', { state: 'PreparingRebalance' }),
      advance(halfSessionMs(env)),
      // T + S/2: m2 stays alive (its session now ends at T + 3S/2) but does not rejoin.
      send('hb2', heartbeat({ version: 0, generationId: 1, memberId: '$m2' })),
      expect('hb2', { errorCode: 27 }),
      ...across(env, env.sessionMs - halfSessionMs(env), [expectPending('rejoin1')]),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [entry(1)] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1'] }),
    ],
  },
];

/** JoinGroup version differences. */
export const joinGroupVersionScenarios: Scenario[] = versions;
