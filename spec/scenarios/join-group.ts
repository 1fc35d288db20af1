/**
 * Normative scenarios: JoinGroup, the checks and group creation. The checks that come first
 * (group id, session timeout, unknown group), group creation and its generation-0 record, and
 * protocol compatibility in each state.
 *
 * @remarks
 * Timings follow the broker's configs ({@link ScenarioEnv}): session timeouts are checked
 * against its `group.min.session.timeout.ms` and `group.max.session.timeout.ms`, and joins wait
 * out its initial rebalance delay, which, where it is 0, ends the join phase at once.
 * `join-group-new-members.ts` covers new members and unknown member ids in every state,
 * `join-group-versions.ts` the version differences, `join-group-rejoin.ts` members that rejoin,
 * the protocol vote and what an added member stores.
 * @see spec/join-group.md, spec/versions.md, spec/group-states.md
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { advance, expect, expectDurable, expectGroup, expectNoGroup, expectPending, heartbeat, joinGroup, leaveGroup, protocols, send, syncGroup } from '../../src/conformance/scenario.js';
import { anyOrder, completeTogether, creationRecord, entry, initialRebalance, joinError, joinTogether, maxSessionMs, minSessionMs } from './join-group-setup.js';
import { completingRebalance, emptiedGroup, formsAtOnce, initialJoinMs, stableGroup } from './setup.js';

/** Two new members with the same client id. */
const SAME_CLIENT = [{ clientId: 'same' }, { clientId: 'same' }];

const checks: Scenario[] = [
  {
    name: 'JoinGroup: empty group id -> INVALID_GROUP_ID echoing the member id, before the session timeout check, no group',
    rules: ['JG-01', 'JG-02', 'JG-03'],
    steps: [
      send('a', joinGroup({ groupId: '' })),
      expect('a', joinError(24, '')),
      send('b', joinGroup({ groupId: '', memberId: 'c1-someone' })),
      expect('b', joinError(24, 'c1-someone')),
      send('c', joinGroup({ groupId: '', sessionTimeoutMs: 0, protocolType: '', protocols: [] })),
      expect('c', joinError(24, '')),
      expectNoGroup(''),
      expectDurable('', []),
    ],
  },
  {
    name: 'JoinGroup: session timeout 1 ms below the minimum or above the maximum, 0 or negative -> INVALID_SESSION_TIMEOUT, no group',
    rules: ['JG-01', 'JG-02', 'JG-03'],
    steps: (env) => [
      send('low', joinGroup({ sessionTimeoutMs: minSessionMs(env) - 1 })),
      expect('low', joinError(26, '')),
      send('high', joinGroup({ sessionTimeoutMs: maxSessionMs(env) + 1 })),
      expect('high', joinError(26, '')),
      send('zero', joinGroup({ sessionTimeoutMs: 0 })),
      expect('zero', joinError(26, '')),
      send('neg', joinGroup({ sessionTimeoutMs: -1, memberId: 'c1-someone' })),
      expect('neg', joinError(26, 'c1-someone')),
      // Checked before the unknown-group rule, so the id gets 26, not 25.
      send('v0', joinGroup({ version: 0, rebalanceTimeoutMs: -1, sessionTimeoutMs: -2_147_483_648, memberId: 'c1-other' })),
      expect('v0', { errorCode: 26, memberId: 'c1-other', generationId: -1, leader: '', protocolName: '' }),
      expectNoGroup('g'),
      expectDurable('g', []),
    ],
  },
  {
    name: 'JoinGroup: session timeouts equal to the minimum and the maximum are within the bounds -> MEMBER_ID_REQUIRED',
    rules: ['JG-02', 'JG-08'],
    steps: (env) => [
      send('min', joinGroup({ sessionTimeoutMs: minSessionMs(env) })),
      expect('min', { errorCode: 79, memberId: '$m1' }),
      send('max', joinGroup({ groupId: 'h', sessionTimeoutMs: maxSessionMs(env) })),
      expect('max', { errorCode: 79, memberId: '$m2' }),
    ],
  },
  {
    name: 'JoinGroup: configured session bounds (1000..2000 where the broker takes them) -> 1 ms outside rejected, the bounds accepted',
    rules: ['JG-02'],
    // A broker started per scenario takes these bounds; one with fixed configs is checked against its own.
    config: { 'group.min.session.timeout.ms': 1000, 'group.max.session.timeout.ms': 2000 },
    needs: () => undefined,
    steps: (env) => [
      send('a', joinGroup({ sessionTimeoutMs: minSessionMs(env) - 1 })),
      expect('a', joinError(26, '')),
      send('b', joinGroup({ sessionTimeoutMs: maxSessionMs(env) + 1 })),
      expect('b', joinError(26, '')),
      expectNoGroup('g'),
      send('c', joinGroup({ sessionTimeoutMs: minSessionMs(env) })),
      expect('c', { errorCode: 79 }),
      send('d', joinGroup({ sessionTimeoutMs: maxSessionMs(env) })),
      expect('d', { errorCode: 79 }),
    ],
  },
  {
    name: 'JoinGroup: bad session timeout from a Stable member -> INVALID_SESSION_TIMEOUT, the group unchanged',
    rules: ['JG-02', 'JG-01'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('leader', joinGroup({ clientId: 'c1', memberId: '$m1', sessionTimeoutMs: minSessionMs(env) - 1 })),
      expect('leader', joinError(26, '$m1')),
      send('follower', joinGroup({ clientId: 'c2', memberId: '$m2', sessionTimeoutMs: maxSessionMs(env) + 1, protocols: protocols('roundrobin') })),
      expect('follower', joinError(26, '$m2')),
      send('new', joinGroup({ clientId: 'c3', sessionTimeoutMs: 0 })),
      expect('new', joinError(26, '')),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('hb', heartbeat({ memberId: '$m2' })),
      expect('hb', { errorCode: 0 }),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }]),
    ],
  },
  {
    name: 'JoinGroup: member id for a group that does not exist -> UNKNOWN_MEMBER_ID echoed, no group',
    rules: ['JG-04', 'JG-01', 'JG-03'],
    steps: [
      send('a', joinGroup({ memberId: 'c1-ghost' })),
      expect('a', joinError(25, 'c1-ghost')),
      // The unknown-group rule comes before the protocol checks.
      send('b', joinGroup({ memberId: 'c1-ghost', protocolType: '', protocols: [] })),
      expect('b', joinError(25, 'c1-ghost')),
      send('c', joinGroup({ version: 3, memberId: 'c1-ghost' })),
      expect('c', { errorCode: 25, memberId: 'c1-ghost' }),
      expectNoGroup('g'),
      expectDurable('g', []),
      send('d', joinGroup({ clientId: 'c1' })),
      expect('d', joinError(79, '$m1')),
      expectGroup('g', { state: 'Empty', generationId: 0 }),
    ],
  },
];

const creation: Scenario[] = [
  {
    name: 'JoinGroup: v4+ join creates an Empty group at generation 0, answers MEMBER_ID_REQUIRED, writes the generation-0 record',
    rules: ['GS-03', 'JG-05', 'JG-08', 'JG-03', 'JG-01', 'GS-01'],
    steps: (env) => [
      advance(500),
      send('first', joinGroup({ clientId: 'c1', version: 4 })),
      expect('first', { errorCode: 79, memberId: '$m1', generationId: -1, leader: '', members: [] }),
      expectGroup('g', { state: 'Empty', generationId: 0, protocolType: null, protocolName: null, leader: null, members: [] }),
      expectDurable('g', [creationRecord(500)]),
      // The pending id joins: a member is added and the initial rebalance starts; no record.
      send('join', joinGroup({ clientId: 'c1', version: 4, memberId: '$m1' })),
      ...initialRebalance(env, 'join', { generationId: 0, protocolType: 'consumer', leader: '$m1', members: ['$m1'] }),
      expectDurable('g', [creationRecord(500)]),
    ],
  },
  {
    name: 'JoinGroup: v0 join creates the group, adds the member at once and still writes the generation-0 record',
    rules: ['JG-05', 'JG-09', 'JG-12', 'GS-03', 'GS-09'],
    steps: (env) => [
      advance(40),
      send('join', joinGroup({ version: 0, rebalanceTimeoutMs: -1, clientId: 'c1' })),
      ...initialRebalance(env, 'join', { generationId: 0, protocolType: 'consumer', leader: '$m1', members: ['$m1'] }),
      expectDurable('g', [creationRecord(40)]),
      advance(env.delayMs + env.settleMs),
      expect('join', { errorCode: 0, memberId: '$m1', generationId: 1, leader: '$m1', protocolName: 'range', members: [entry(1)] }),
    ],
  },
  {
    name: 'JoinGroup: creating join with an empty protocol type -> INCONSISTENT_GROUP_PROTOCOL, the group stays Empty with its record',
    rules: ['JG-05', 'JG-06', 'JG-01', 'JG-03', 'GS-03'],
    steps: [
      advance(7),
      send('a', joinGroup({ protocolType: '' })),
      expect('a', joinError(23, '')),
      expectGroup('g', { state: 'Empty', generationId: 0, protocolType: null, protocolName: null, leader: null, members: [] }),
      expectDurable('g', [creationRecord(7)]),
      // The group exists now: a later incompatible join writes nothing more.
      send('b', joinGroup({ protocols: [] })),
      expect('b', joinError(23, '')),
      expectDurable('g', [creationRecord(7)]),
    ],
  },
  {
    name: 'JoinGroup: creating join with an empty protocol list -> INCONSISTENT_GROUP_PROTOCOL, the group stays Empty with its record',
    rules: ['JG-05', 'JG-06', 'GS-03'],
    steps: [
      send('a', joinGroup({ version: 2, rebalanceTimeoutMs: 30_000, protocols: [] })),
      expect('a', { errorCode: 23, memberId: '', generationId: -1, leader: '', protocolName: '', members: [] }),
      expectGroup('g', { state: 'Empty', generationId: 0, members: [] }),
      expectDurable('g', [creationRecord(0)]),
      send('b', joinGroup({ clientId: 'c1' })),
      expect('b', { errorCode: 79, memberId: '$m1' }),
      expectGroup('g', { state: 'Empty', generationId: 0, members: [] }),
      expectDurable('g', [creationRecord(0)]),
    ],
  },
  {
    name: 'JoinGroup: two new members with the same client id get distinct member ids',
    rules: ['GS-12', 'JG-08', 'JG-10'],
    steps: (env) => [
      ...joinTogether(env, SAME_CLIENT),
      // Were the ids equal, the second join would update the first member instead of adding one.
      expectGroup('g', { members: ['$m1', '$m2'], leader: '$m1' }),
      ...completeTogether(env, SAME_CLIENT),
      expect('join1', { errorCode: 0, memberId: '$m1', leader: '$m1', members: anyOrder([{ memberId: '$m1' }, { memberId: '$m2' }]) }),
      expect('join2', { errorCode: 0, memberId: '$m2', leader: '$m1', members: [] }),
    ],
  },
];

const compatibility: Scenario[] = [
  {
    name: 'JoinGroup: Empty group ignores the protocol type it kept -> a new protocol type is accepted and replaces it',
    rules: ['JG-06', 'JG-12', 'JG-08', 'JG-10', 'GS-09'],
    steps: (env) => [
      ...emptiedGroup(env),
      expectGroup('g', { state: 'Empty', protocolType: 'consumer' }),
      send('first3', joinGroup({ clientId: 'c3', protocolType: 'connect', protocols: protocols('assign') })),
      expect('first3', { errorCode: 79, memberId: '$m3' }),
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3', protocolType: 'connect', protocols: protocols('assign') })),
      ...initialRebalance(env, 'join3', { generationId: 2, protocolType: 'connect', leader: '$m3', members: ['$m3'] }),
      advance(env.delayMs + env.settleMs),
      expect('join3', { errorCode: 0, generationId: 3, protocolType: 'connect', protocolName: 'assign', leader: '$m3', members: [entry(3, 'assign')] }),
    ],
  },
  {
    name: 'JoinGroup: Empty group, empty protocol type or list -> INCONSISTENT_GROUP_PROTOCOL, also for a former member id',
    rules: ['JG-06', 'JG-01', 'JG-11'],
    steps: (env) => [
      ...emptiedGroup(env),
      send('a', joinGroup({ protocolType: '' })),
      expect('a', joinError(23, '')),
      send('b', joinGroup({ version: 3, protocols: [] })),
      expect('b', { errorCode: 23, memberId: '' }),
      // The protocol check comes before member validation: 23, not 25, with the id echoed.
      send('c', joinGroup({ memberId: '$m1', protocols: [] })),
      expect('c', joinError(23, '$m1')),
      expectGroup('g', { state: 'Empty', generationId: 2, members: [] }),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }, { generation: 2 }]),
    ],
  },
  {
    name: 'JoinGroup: Stable group, other protocol type or no common protocol -> INCONSISTENT_GROUP_PROTOCOL, nothing changes',
    rules: ['JG-07', 'JG-03'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('type', joinGroup({ clientId: 'c3', protocolType: 'connect' })),
      expect('type', joinError(23, '')),
      send('names', joinGroup({ clientId: 'c3', protocols: protocols('roundrobin', 'sticky') })),
      expect('names', joinError(23, '')),
      send('v0', joinGroup({ version: 0, rebalanceTimeoutMs: -1, clientId: 'c3', protocols: protocols('roundrobin') })),
      expect('v0', { errorCode: 23, memberId: '' }),
      send('follower', joinGroup({ clientId: 'c2', memberId: '$m2', protocolType: 'connect' })),
      expect('follower', joinError(23, '$m2')),
      expectGroup('g', { state: 'Stable', generationId: 1, protocolType: 'consumer', protocolName: 'range', leader: '$m1', members: ['$m1', '$m2'] }),
      // A list sharing one name every member lists is compatible.
      send('ok', joinGroup({ clientId: 'c3', protocols: protocols('roundrobin', 'range') })),
      expect('ok', { errorCode: 79 }),
    ],
  },
  {
    name: 'JoinGroup: the sole member rejoins listing only a protocol it did not list -> INCONSISTENT_GROUP_PROTOCOL',
    rules: ['JG-07'],
    steps: (env) => [
      ...stableGroup(env, 1),
      send('rr', joinGroup({ clientId: 'c1', memberId: '$m1', protocols: protocols('roundrobin') })),
      expect('rr', joinError(23, '$m1')),
      expectGroup('g', { state: 'Stable', generationId: 1, protocolName: 'range', members: ['$m1'] }),
    ],
  },
  {
    name: 'JoinGroup: incompatible protocols are checked before the pending-member and member checks',
    rules: ['JG-07', 'JG-01', 'JG-10', 'JG-11'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('first3', joinGroup({ clientId: 'c3' })),
      expect('first3', { errorCode: 79, memberId: '$m3' }),
      send('bad3', joinGroup({ clientId: 'c3', memberId: '$m3', protocols: protocols('roundrobin') })),
      expect('bad3', joinError(23, '$m3')),
      send('ghost', joinGroup({ clientId: 'c9', memberId: 'c9-ghost', protocolType: 'connect' })),
      expect('ghost', joinError(23, 'c9-ghost')),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
      // $m3 is still pending: its compatible join is accepted.
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expectPending('join3'),
      expectGroup('g', { state: 'PreparingRebalance', members: ['$m1', '$m2', '$m3'] }),
    ],
  },
  {
    name: 'JoinGroup: PreparingRebalance and CompletingRebalance reject incompatible protocols and change nothing',
    rules: ['JG-07'],
    steps: (env) => [
      ...completingRebalance(env),
      send('sync2', syncGroup({ generationId: 2, memberId: '$m2' })),
      expectPending('sync2'),
      send('a', joinGroup({ clientId: 'c3', protocols: protocols('roundrobin') })),
      expect('a', joinError(23, '')),
      send('b', joinGroup({ clientId: 'c2', memberId: '$m2', protocolType: 'other' })),
      expect('b', joinError(23, '$m2')),
      expectPending('sync2'),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
      // m2 rejoining with changed metadata moves the group back to PreparingRebalance.
      send('move', joinGroup({ clientId: 'c2', memberId: '$m2', protocols: protocols('range', 'roundrobin') })),
      expect('sync2', { errorCode: 27 }),
      send('c', joinGroup({ clientId: 'c3', protocolType: 'other' })),
      expect('c', joinError(23, '')),
      send('d', joinGroup({ clientId: 'c1', memberId: '$m1', protocols: protocols('roundrobin') })),
      expect('d', joinError(23, '$m1')),
      expectPending('move'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'JoinGroup: a PreparingRebalance group left with no member counts every name as listed by all 0 members -> compatible',
    rules: ['JG-07', 'JG-08'],
    // Only an initial join phase waits out its delay with no member left (TM-10, LG-08); with a
    // delay of 0 (or one too short to send the steps in, in real time) it ends at the first join.
    needs: (env) => (formsAtOnce(env) ? undefined : `needs group.initial.rebalance.delay.ms > 0 for an initial join phase left with no member; the target has ${env.delayMs}`),
    steps: (env) => [
      send('first1', joinGroup({ clientId: 'c1' })),
      expect('first1', { errorCode: 79, memberId: '$m1' }),
      send('join1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      send('leave', leaveGroup(['$m1'])),
      expect('leave', { errorCode: 0 }),
      expect('join1', joinError(25, '')),
      // An initial rebalance waits for its timer even with no member left (LG-08).
      expectGroup('g', { state: 'PreparingRebalance', generationId: 0, protocolType: 'consumer', members: [] }),
      send('first2', joinGroup({ clientId: 'c2' })),
      expect('first2', { errorCode: 79, memberId: '$m2' }),
      send('join2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      // m2 was added during the initial rebalance: the delay is extended once (TM-11).
      advance(initialJoinMs(env, 2) + env.settleMs),
      expect('join2', { errorCode: 0, generationId: 1, leader: '$m2', members: [entry(2)] }),
    ],
  },
];

export const joinGroupScenarios: Scenario[] = [...checks, ...creation, ...compatibility];
