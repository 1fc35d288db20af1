/**
 * Normative scenarios: JoinGroup, part 1. The checks that come first (group id, session
 * timeout, unknown group), group creation and its generation-0 record, protocol
 * compatibility, new members (two-step v4+ and direct v0-3) and unknown member ids in every
 * state, and the version differences of the response.
 *
 * @remarks
 * Part 2 (`join-group-2.ts`) covers members that rejoin, the protocol vote and the records.
 * @see spec/join-group.md, spec/versions.md, spec/group-states.md
 */
import type { Pattern, Scenario, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectNoGroup, expectPending, heartbeat, joinGroup, leaveGroup, oneOf, protocols, send, syncGroup } from '../../src/conformance/scenario.js';
import { completingRebalance, emptiedGroup, preparingRebalance, SHORT_DELAY, stableGroup } from './setup.js';

/** The whole error response of JG-03 at v7+ (v9 here): only the code and member id vary. */
export function joinError(errorCode: number, memberId: string): Pattern {
  return { errorCode, memberId, generationId: -1, leader: '', protocolName: null, protocolType: null, skipAssignment: false, members: [] };
}

/** An entry of the leader's member list (JG-03): member `$m<i>` with its metadata for `proto`. */
export function entry(i: number, proto = 'range', metadata = `${proto}:meta`): Pattern {
  return { memberId: `$m${i}`, groupInstanceId: null, metadata: bytes(metadata) };
}

/** The leader's member list compared as a set (GS-13: Kafka lists members in HashMap order). */
export function anyOrder(items: readonly Pattern[]): Pattern {
  const perms = (xs: readonly Pattern[]): Pattern[][] =>
    xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
  return oneOf(...perms(items));
}

/** The generation-0 record of JG-05 written when a JoinGroup created the group at `nowMs`. */
export function creationRecord(nowMs: number): Pattern {
  return { protocolType: '', generation: 0, protocol: null, leader: null, currentStateTimestamp: nowMs, members: [] };
}

/** Two-step join of a new member `$m<i>` (client `c<i>`) with a version and protocols; the parked join is `join<i>`. */
function twoStep(i: number, fields: Parameters<typeof joinGroup>[0] = {}): Step[] {
  return [
    send(`first${i}`, joinGroup({ clientId: `c${i}`, ...fields })),
    expect(`first${i}`, { errorCode: 79, memberId: `$m${i}` }),
    send(`join${i}`, joinGroup({ clientId: `c${i}`, ...fields, memberId: `$m${i}` })),
  ];
}

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
    name: 'JoinGroup: session timeout 5999, 1800001, 0 or negative -> INVALID_SESSION_TIMEOUT, no group',
    rules: ['JG-01', 'JG-02', 'JG-03'],
    steps: [
      send('low', joinGroup({ sessionTimeoutMs: 5999 })),
      expect('low', joinError(26, '')),
      send('high', joinGroup({ sessionTimeoutMs: 1_800_001 })),
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
    name: 'JoinGroup: session timeouts 6000 and 1800000 are within the bounds -> MEMBER_ID_REQUIRED',
    rules: ['JG-02', 'JG-08'],
    steps: [
      send('min', joinGroup({ sessionTimeoutMs: 6000 })),
      expect('min', { errorCode: 79, memberId: '$m1' }),
      send('max', joinGroup({ groupId: 'h', sessionTimeoutMs: 1_800_000 })),
      expect('max', { errorCode: 79, memberId: '$m2' }),
    ],
  },
  {
    name: 'JoinGroup: configured session bounds 1000..2000 -> 999 and 2001 rejected, 1000 and 2000 accepted',
    rules: ['JG-02'],
    config: { 'group.min.session.timeout.ms': 1000, 'group.max.session.timeout.ms': 2000 },
    steps: [
      send('a', joinGroup({ sessionTimeoutMs: 999 })),
      expect('a', joinError(26, '')),
      send('b', joinGroup({ sessionTimeoutMs: 2001 })),
      expect('b', joinError(26, '')),
      expectNoGroup('g'),
      send('c', joinGroup({ sessionTimeoutMs: 1000 })),
      expect('c', { errorCode: 79 }),
      send('d', joinGroup({ sessionTimeoutMs: 2000 })),
      expect('d', { errorCode: 79 }),
    ],
  },
  {
    name: 'JoinGroup: bad session timeout from a Stable member -> INVALID_SESSION_TIMEOUT, the group unchanged',
    rules: ['JG-02', 'JG-01'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
      send('leader', joinGroup({ clientId: 'c1', memberId: '$m1', sessionTimeoutMs: 5999 })),
      expect('leader', joinError(26, '$m1')),
      send('follower', joinGroup({ clientId: 'c2', memberId: '$m2', sessionTimeoutMs: 1_800_001, protocols: protocols('roundrobin') })),
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
    config: SHORT_DELAY,
    steps: [
      advance(500),
      send('first', joinGroup({ clientId: 'c1', version: 4 })),
      expect('first', { errorCode: 79, memberId: '$m1', generationId: -1, leader: '', members: [] }),
      expectGroup('g', { state: 'Empty', generationId: 0, protocolType: null, protocolName: null, leader: null, members: [] }),
      expectDurable('g', [creationRecord(500)]),
      // The pending id joins: a member is added and the initial rebalance starts; no record.
      send('join', joinGroup({ clientId: 'c1', version: 4, memberId: '$m1' })),
      expectPending('join'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 0, protocolType: 'consumer', leader: '$m1', members: ['$m1'] }),
      expectDurable('g', [creationRecord(500)]),
    ],
  },
  {
    name: 'JoinGroup: v0 join creates the group, adds the member at once and still writes the generation-0 record',
    rules: ['JG-05', 'JG-09', 'JG-12', 'GS-03', 'GS-09'],
    config: SHORT_DELAY,
    steps: [
      advance(40),
      send('join', joinGroup({ version: 0, rebalanceTimeoutMs: -1, clientId: 'c1' })),
      expectPending('join'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 0, protocolType: 'consumer', leader: '$m1', members: ['$m1'] }),
      expectDurable('g', [creationRecord(40)]),
      advance(100),
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
    config: SHORT_DELAY,
    steps: [
      send('a', joinGroup({ clientId: 'same' })),
      expect('a', { errorCode: 79, memberId: '$a' }),
      send('b', joinGroup({ clientId: 'same' })),
      expect('b', { errorCode: 79, memberId: '$b' }),
      send('ja', joinGroup({ clientId: 'same', memberId: '$a' })),
      send('jb', joinGroup({ clientId: 'same', memberId: '$b' })),
      // Were the ids equal, the second join would update the first member instead of adding one.
      expectGroup('g', { members: ['$a', '$b'], leader: '$a' }),
      advance(200),
      expect('ja', { errorCode: 0, memberId: '$a', leader: '$a', members: [{ memberId: '$a' }, { memberId: '$b' }] }),
      expect('jb', { errorCode: 0, memberId: '$b', leader: '$a', members: [] }),
    ],
  },
];

const compatibility: Scenario[] = [
  {
    name: 'JoinGroup: Empty group ignores the protocol type it kept -> a new protocol type is accepted and replaces it',
    rules: ['JG-06', 'JG-12', 'JG-08', 'JG-10', 'GS-09'],
    config: SHORT_DELAY,
    steps: [
      ...emptiedGroup(),
      expectGroup('g', { state: 'Empty', protocolType: 'consumer' }),
      send('first3', joinGroup({ clientId: 'c3', protocolType: 'connect', protocols: protocols('assign') })),
      expect('first3', { errorCode: 79, memberId: '$m3' }),
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3', protocolType: 'connect', protocols: protocols('assign') })),
      expectPending('join3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 2, protocolType: 'connect', leader: '$m3', members: ['$m3'] }),
      advance(100),
      expect('join3', { errorCode: 0, generationId: 3, protocolType: 'connect', protocolName: 'assign', leader: '$m3', members: [entry(3, 'assign')] }),
    ],
  },
  {
    name: 'JoinGroup: Empty group, empty protocol type or list -> INCONSISTENT_GROUP_PROTOCOL, also for a former member id',
    rules: ['JG-06', 'JG-01', 'JG-11'],
    config: SHORT_DELAY,
    steps: [
      ...emptiedGroup(),
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
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
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
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(1),
      send('rr', joinGroup({ clientId: 'c1', memberId: '$m1', protocols: protocols('roundrobin') })),
      expect('rr', joinError(23, '$m1')),
      expectGroup('g', { state: 'Stable', generationId: 1, protocolName: 'range', members: ['$m1'] }),
    ],
  },
  {
    name: 'JoinGroup: incompatible protocols are checked before the pending-member and member checks',
    rules: ['JG-07', 'JG-01', 'JG-10', 'JG-11'],
    config: SHORT_DELAY,
    steps: [
      ...stableGroup(2),
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
    config: SHORT_DELAY,
    steps: [
      ...completingRebalance(),
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
    config: SHORT_DELAY,
    steps: [
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
      advance(200),
      expect('join2', { errorCode: 0, generationId: 1, leader: '$m2', members: [entry(2)] }),
    ],
  },
];

export const joinGroupScenarios: Scenario[] = [...checks, ...creation, ...compatibility];
