/**
 * Normative scenarios: new members (two-step v4+ and direct v0-3) and unknown member ids in
 * each of Empty, PreparingRebalance, CompletingRebalance and Stable.
 *
 * @remarks
 * The groups come from the shared setups for the broker's configs ({@link ScenarioEnv}); an
 * initial rebalance waits out the broker's initial delay, or, where it is 0, ends at once.
 * @see spec/join-group.md, spec/errors.md (JoinGroup matrix)
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import { across, anyOrder, entry, initialRebalance, joinError } from './join-group-setup.js';
import { completingRebalance, emptiedGroup, formsAtOnce, preparingRebalance, stableGroup } from './setup.js';

/** A JoinGroup v0 (no rebalance timeout on the wire: callers pass -1). */
function joinV0(fields: Parameters<typeof joinGroup>[0] = {}) {
  return joinGroup({ version: 0, rebalanceTimeoutMs: -1, ...fields });
}

const newMembers: Scenario[] = [
  {
    name: 'JoinGroup: Empty group, new v4+ member -> MEMBER_ID_REQUIRED, Empty until its second join starts the initial rebalance',
    rules: ['JG-08', 'JG-10', 'JG-12', 'JG-13', 'GS-01', 'GS-09'],
    steps: (env) => [
      ...emptiedGroup(env),
      send('first3', joinGroup({ clientId: 'c3', version: 4 })),
      // v4 has no nullable protocol name (VER-02): the absent name is "".
      expect('first3', { errorCode: 79, memberId: '$m3', generationId: -1, leader: '', protocolName: '', members: [] }),
      expectGroup('g', { state: 'Empty', generationId: 2, leader: null, members: [] }),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }, { generation: 2 }]),
      send('join3', joinGroup({ clientId: 'c3', version: 4, memberId: '$m3' })),
      ...initialRebalance(env, 'join3', { generationId: 2, leader: '$m3', members: ['$m3'] }),
      // An initial rebalance waits for its delay although every member has joined (TM-10).
      ...(formsAtOnce(env) ? across(env, env.delayMs, [expectPending('join3')]) : []),
      expect('join3', { errorCode: 0, memberId: '$m3', generationId: 3, leader: '$m3', members: [entry(3)] }),
    ],
  },
  {
    name: 'JoinGroup: Empty group, new v3 member -> added at once and parked, the initial rebalance starts',
    rules: ['JG-09', 'JG-12', 'JG-13', 'GS-01', 'GS-09'],
    steps: (env) => [
      ...emptiedGroup(env),
      send('join3', joinGroup({ clientId: 'c3', version: 3 })),
      ...initialRebalance(env, 'join3', { generationId: 2, leader: '$m3', members: ['$m3'] }),
      ...(formsAtOnce(env) ? across(env, env.delayMs, [expectPending('join3')]) : []),
      expect('join3', { errorCode: 0, memberId: '$m3', generationId: 3, leader: '$m3', protocolName: 'range', members: [entry(3)] }),
    ],
  },
  {
    name: 'JoinGroup: PreparingRebalance, new v4+ member -> MEMBER_ID_REQUIRED, then parked until the join completes',
    rules: ['JG-08', 'JG-10', 'JG-13', 'GS-01', 'GS-13'],
    steps: (env) => [
      ...preparingRebalance(env),
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
    steps: (env) => [
      ...preparingRebalance(env),
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
    steps: (env) => [
      ...completingRebalance(env),
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
    steps: (env) => [
      ...completingRebalance(env),
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
    steps: (env) => [
      ...stableGroup(env, 2),
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
    steps: (env) => [
      ...stableGroup(env, 2),
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
    steps: (env) => [
      ...emptiedGroup(env),
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
    steps: (env) => [
      ...preparingRebalance(env),
      send('x', joinGroup({ clientId: 'c9', memberId: 'c9-ghost' })),
      expect('x', joinError(25, 'c9-ghost')),
      expectPending('rejoin1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'JoinGroup: CompletingRebalance, unknown member id -> UNKNOWN_MEMBER_ID echoed, nothing changes',
    rules: ['JG-11', 'GS-01'],
    steps: (env) => [
      ...completingRebalance(env),
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
    steps: (env) => [
      ...stableGroup(env, 2),
      send('x', joinGroup({ clientId: 'c9', memberId: 'c9-ghost' })),
      expect('x', joinError(25, 'c9-ghost')),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }]),
    ],
  },
];

/** JoinGroup of new members and of unknown member ids, by group state. */
export const joinGroupNewMemberScenarios: Scenario[] = [...newMembers, ...unknownIds];
