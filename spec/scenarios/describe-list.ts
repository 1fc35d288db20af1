/**
 * Normative scenarios: DescribeGroups in every group state and for unknown ids, and the
 * version differences of DescribeGroups, JoinGroup's member list and the versions that change
 * only the encoding.
 *
 * @remarks
 * Kafka lists members, and the results of ids on different coordinator partitions, in no fixed
 * order (DG-01, DG-06), so lists of several entries are compared as sets. The ListGroups
 * scenarios are in `list-groups.ts` and included in {@link describeListScenarios}.
 *
 * Groups come from the setups of `setup.ts` (or {@link formGroup} where members join with
 * fields of their own), which form them for any initial delay; the one scenario that lets a
 * session run out waits for the session the members ask for ({@link ScenarioEnv.sessionMs}).
 * @see spec/describe-list.md, spec/versions.md
 */
import type { Pattern, Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, describeGroups, expect, expectDurable, expectGroup, expectNoGroup, expectPending, heartbeat, joinGroup, leaveGroup, send, startsWith, syncGroup } from '../../src/conformance/scenario.js';
import type { DescribeGroupsRequest, JoinGroupProtocol } from '../../src/protocol/messages/index.js';
import { anyOrder, listScenarios } from './list-groups.js';
import { assignmentOf, completingRebalance, emptiedGroup, formsAtOnce, joinNew, preparingRebalance, stableGroup } from './setup.js';
import { formGroup } from './sync-helpers.js';

/** Kafka's "authorized operations not requested" value (DG-07). */
const NOT_REQUESTED = -2_147_483_648;
const EMPTY = new Uint8Array(0);
const HOST = '/127.0.0.1';

/** A DescribeGroups of a version with `IncludeAuthorizedOperations` set as given. */
function describeAt(groups: readonly string[], version: number, includeAuthorizedOperations = false): DescribeGroupsRequest {
  return { api: 'DescribeGroups', version, clientId: 'admin', clientHost: HOST, groups, includeAuthorizedOperations };
}

/** The whole result for an id that names no group (DG-02). */
function dead(groupId: string): Pattern {
  return { errorCode: 0, groupId, groupState: 'Dead', protocolType: '', protocolData: '', members: [], authorizedOperations: NOT_REQUESTED };
}

/** A described member `$m<i>` of the setups (client `c<i>`), with its metadata and assignment. */
function member(i: number, memberMetadata: Uint8Array, memberAssignment: Uint8Array): Pattern {
  return { memberId: `$m${i}`, groupInstanceId: null, clientId: `c${i}`, clientHost: HOST, memberMetadata, memberAssignment };
}

/** The result for group `g` of the setups: state, protocol data and members (as a set). */
function described(groupState: string, protocolData: string, members: readonly Pattern[], protocolType = 'consumer'): Pattern {
  return { errorCode: 0, groupId: 'g', groupState, protocolType, protocolData, members: anyOrder(members), authorizedOperations: NOT_REQUESTED };
}

/** The Stable group of `stableGroup(env, 2)` as DescribeGroups shows it. */
const STABLE_2 = described('Stable', 'range', [member(1, bytes('range:meta'), assignmentOf(1, 1)), member(2, bytes('range:meta'), assignmentOf(2, 1))]);

/** The two records of `stableGroup(env, 2)` formed at once: creation, then the leader's SyncGroup. */
const STABLE_RECORDS = [{ generation: 0 }, { generation: 1, protocol: 'range' }];

/** A protocol with its own metadata text. */
function proto(name: string, metadata: string): JoinGroupProtocol {
  return { name, metadata: bytes(metadata) };
}

const unknownAndState: Scenario[] = [
  {
    name: 'DescribeGroups: unknown ids and the empty id -> Dead with NONE and no members, no group created',
    rules: ['DG-01', 'DG-02', 'DG-07', 'DG-08'],
    steps: [
      send('d', describeGroups(['nope', ''])),
      expect('d', { groups: anyOrder([dead('nope'), dead('')]) }),
      expectNoGroup('nope'),
      expectNoGroup(''),
      expectDurable('nope', []),
      send('none', describeGroups([])),
      expect('none', { groups: [] }),
    ],
  },
  {
    name: 'DescribeGroups: several ids, one of them twice -> one result per id, duplicates included',
    rules: ['DG-01', 'DG-02', 'DG-04'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('d', describeGroups(['g', 'nope', 'g'])),
      expect('d', { groups: anyOrder([STABLE_2, dead('nope'), STABLE_2]) }),
    ],
  },
  {
    name: 'DescribeGroups: a group whose only joiner got MEMBER_ID_REQUIRED -> Empty, protocol type "", no members',
    rules: ['DG-03', 'DG-08'],
    steps: (env) => [
      send('first', joinGroup({ clientId: 'c1' })),
      expect('first', { errorCode: 79, memberId: '$p' }),
      send('d', describeGroups(['g'])),
      expect('d', { groups: [described('Empty', '', [], '')] }),
      expectGroup('g', { state: 'Empty', generationId: 0, protocolType: null, members: [] }),
      // The pending member can still complete its join: describing removed nothing. Its join
      // starts an initial rebalance, which ends at once when there is no delay (TM-12).
      send('join', joinGroup({ clientId: 'c1', memberId: '$p' })),
      expectGroup('g', { state: formsAtOnce(env) ? 'PreparingRebalance' : 'CompletingRebalance', members: ['$p'] }),
    ],
  },
  {
    name: 'DescribeGroups: Stable -> the selected protocol as protocol data, members with metadata and stored assignments',
    rules: ['DG-03', 'DG-04', 'DG-06', 'DG-07', 'DG-08'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('d', describeGroups(['g'])),
      expect('d', { groups: [STABLE_2] }),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'DescribeGroups: Stable -> each member shows the metadata it listed for the selected protocol, and the client of the JoinGroup that added it',
    rules: ['DG-04', 'DG-06'],
    steps: (env) => [
      // m1 prefers roundrobin, but m2 supports only range, so range is selected (GS-07).
      ...formGroup(env, [
        { clientId: 'c1', clientHost: '/10.0.0.1', protocols: [proto('roundrobin', 'm1-rr'), proto('range', 'm1-range')] },
        { clientId: 'c2', protocols: [proto('range', 'm2-range')] },
      ]),
      expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', protocolName: 'range' }),
      send('sync1', syncGroup({ clientId: 'c1', memberId: '$m1', assignments: [{ memberId: '$m1', assignment: bytes('a1') }, { memberId: '$m2', assignment: bytes('a2') }] })),
      expect('sync1', { errorCode: 0 }),
      // A same-metadata rejoin of the follower from another client id and host is answered at once (JG-18).
      send('again2', joinGroup({ clientId: 'other', clientHost: '/10.9.9.9', memberId: '$m2', protocols: [proto('range', 'm2-range')] })),
      expect('again2', { errorCode: 0, generationId: 1 }),
      send('d', describeGroups(['g'])),
      // Over the wire the host is the connection's address, which a scenario cannot choose.
      expect('d', {
        groups: [
          described('Stable', 'range', [
            { memberId: '$m1', groupInstanceId: null, clientId: 'c1', clientHost: env.realTime ? startsWith('/') : '/10.0.0.1', memberMetadata: bytes('m1-range'), memberAssignment: bytes('a1') },
            { memberId: '$m2', groupInstanceId: null, clientId: 'c2', clientHost: env.realTime ? startsWith('/') : HOST, memberMetadata: bytes('m2-range'), memberAssignment: bytes('a2') },
          ]),
        ],
      }),
    ],
  },
  {
    name: 'DescribeGroups: PreparingRebalance -> no protocol data, empty metadata, stored assignments (empty for a new member); nothing changes',
    rules: ['DG-03', 'DG-05', 'DG-06', 'DG-08'],
    steps: (env) => [
      ...preparingRebalance(env),
      ...joinNew(3),
      send('d', describeGroups(['g'])),
      expect('d', { groups: [described('PreparingRebalance', '', [member(1, EMPTY, assignmentOf(1, 1)), member(2, EMPTY, assignmentOf(2, 1)), member(3, EMPTY, EMPTY)])] }),
      expectPending('rejoin1'),
      expectPending('join3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2', '$m3'] }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'DescribeGroups: CompletingRebalance -> no protocol data although one is selected, the previous generation\'s assignments still shown',
    rules: ['DG-03', 'DG-05', 'DG-08'],
    steps: (env) => [
      ...completingRebalance(env),
      send('d', describeGroups(['g'])),
      expect('d', { groups: [described('CompletingRebalance', '', [member(1, EMPTY, assignmentOf(1, 1)), member(2, EMPTY, assignmentOf(2, 1))])] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, protocolName: 'range' }),
    ],
  },
  {
    name: 'DescribeGroups: a leave ends CompletingRebalance -> PreparingRebalance shows the assignments reset to empty',
    rules: ['DG-05'],
    steps: (env) => [
      ...completingRebalance(env),
      send('lv', leaveGroup(['$m2'])),
      expect('lv', { errorCode: 0 }),
      send('d', describeGroups(['g'])),
      expect('d', { groups: [described('PreparingRebalance', '', [member(1, EMPTY, EMPTY)])] }),
    ],
  },
  {
    name: 'DescribeGroups: emptied group -> Empty with the protocol type of its last members and no members',
    rules: ['DG-03'],
    steps: (env) => [...emptiedGroup(env), send('d', describeGroups(['g'])), expect('d', { groups: [described('Empty', '', [])] })],
  },
  {
    name: 'DescribeGroups: describing is not a heartbeat -> a silent member\'s session still expires, and the next describe shows it',
    rules: ['DG-08', 'DG-05'],
    steps: (env) => [
      ...stableGroup(env, 2),
      ...[1, 2].flatMap((k): Step[] => [
        advance(describeRoundMs(env)),
        send(`hb${k}`, heartbeat({ clientId: 'c1', memberId: '$m1', generationId: 1 })),
        expect(`hb${k}`, { errorCode: 0 }),
        send(`d${k}`, describeGroups(['g'])),
        expect(`d${k}`, { groups: [STABLE_2] }),
      ]),
      // m2's session (from the setup's end E to E + session at the latest) has run out one margin ago.
      advance(env.sessionMs + env.marginMs - 2 * describeRoundMs(env)),
      send('d3', describeGroups(['g'])),
      expect('d3', { groups: [described('PreparingRebalance', '', [member(1, EMPTY, assignmentOf(1, 1))])] }),
    ],
  },
];

/**
 * Two rounds of this wait end one margin before the earliest session deadline of a setup that
 * ended at E (E + session less the settle time), so the group is still whole at both describes.
 */
function describeRoundMs(env: ScenarioEnv): number {
  return Math.floor((env.sessionMs - env.settleMs - env.marginMs) / 2);
}

/** A static member `$s` (client `cs`, instance id `i1`) joins `g` with v5: it is added at once, without MEMBER_ID_REQUIRED (KIP-345). */
function staticJoin(): Step[] {
  return [send('joinS', joinGroup({ clientId: 'cs', version: 5, groupInstanceId: 'i1' }))];
}

const versions: Scenario[] = [
  {
    name: 'DescribeGroups: v0 to v5, with and without IncludeAuthorizedOperations -> the same results, authorized operations never filled in',
    rules: ['VER-09', 'VER-13', 'DG-07'],
    steps: (env) => [
      ...stableGroup(env, 2),
      ...[0, 1, 2, 3, 4, 5].flatMap((v): Step[] => [
        send(`d${v}`, describeAt(['g', 'nope'], v)),
        expect(`d${v}`, { groups: anyOrder([STABLE_2, dead('nope')]) }),
      ]),
      ...[3, 4, 5].flatMap((v): Step[] => [
        send(`ops${v}`, describeAt(['g', 'nope'], v, true)),
        expect(`ops${v}`, { groups: anyOrder([STABLE_2, dead('nope')]) }),
      ]),
    ],
  },
  {
    name: 'DescribeGroups: v3 vs v4 -> a static member\'s group instance id is shown from v4 only, a dynamic member\'s is null',
    rules: ['VER-10', 'VER-13', 'DG-05'],
    steps: (env) => [
      // The static member joins a Stable group, which starts a rebalance that waits for m1 and m2.
      ...stableGroup(env, 2),
      ...staticJoin(),
      ...[0, 1, 2, 3, 4, 5].flatMap((v): Step[] => [
        send(`d${v}`, describeAt(['g'], v)),
        expect(`d${v}`, {
          groups: [
            described('PreparingRebalance', '', [
              member(1, EMPTY, assignmentOf(1, 1)),
              member(2, EMPTY, assignmentOf(2, 1)),
              { memberId: '$s', groupInstanceId: v >= 4 ? 'i1' : null, clientId: 'cs', clientHost: HOST, memberMetadata: EMPTY, memberAssignment: EMPTY },
            ]),
          ],
        }),
      ]),
      expectPending('joinS'),
    ],
  },
  {
    name: 'JoinGroup: v4 vs v5 leader -> a static member\'s instance id in the member list from v5 only',
    rules: ['VER-08', 'JG-16'],
    steps: (env) => [
      // Dynamic m1 (v4, two-step) and a static member `$m2` with instance id `i1` (v5, added at once) form the group.
      ...formGroup(env, [{ clientId: 'c1', version: 4 }, { clientId: 'cs', version: 5, groupInstanceId: 'i1' }]),
      expect('join1', {
        errorCode: 0,
        generationId: 1,
        leader: '$m1',
        members: anyOrder([
          { memberId: '$m1', groupInstanceId: null, metadata: bytes('range:meta') },
          { memberId: '$m2', groupInstanceId: null, metadata: bytes('range:meta') },
        ]),
      }),
      expect('join2', { members: [] }),
      // The leader asks again with v5 and the same metadata: answered at once from generation 1 (JG-16).
      send('again1', joinGroup({ clientId: 'c1', version: 5, memberId: '$m1' })),
      expect('again1', {
        errorCode: 0,
        generationId: 1,
        leader: '$m1',
        members: anyOrder([
          { memberId: '$m1', groupInstanceId: null, metadata: bytes('range:meta') },
          { memberId: '$m2', groupInstanceId: 'i1', metadata: bytes('range:meta') },
        ]),
      }),
    ],
  },
  {
    name: 'Versions: a follower\'s same-metadata JoinGroup in Stable at v0 to v9 -> the same answer but for the fields a version adds',
    rules: ['VER-13', 'VER-02', 'VER-04', 'JG-18'],
    steps: (env) => [
      ...stableGroup(env, 2),
      ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((v): Step[] => [
        send(`j${v}`, joinGroup({ clientId: 'c2', memberId: '$m2', version: v })),
        expect(`j${v}`, { errorCode: 0, generationId: 1, leader: '$m1', memberId: '$m2', protocolName: 'range', protocolType: v >= 7 ? 'consumer' : null, skipAssignment: false, members: [] }),
      ]),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'Versions: SyncGroup v0 to v5 and Heartbeat v0 to v4 in Stable -> the same answers but for the fields a version adds',
    rules: ['VER-13', 'VER-05', 'VER-07', 'SG-10', 'HB-04'],
    steps: (env) => [
      ...stableGroup(env, 2),
      ...[0, 1, 2, 3, 4].flatMap((v): Step[] => [
        send(`s${v}`, syncGroup({ clientId: 'c2', memberId: '$m2', version: v, protocolType: null, protocolName: null })),
        expect(`s${v}`, { errorCode: 0, protocolType: null, protocolName: null, assignment: assignmentOf(2, 1) }),
        send(`h${v}`, heartbeat({ clientId: 'c2', memberId: '$m2', version: v })),
        expect(`h${v}`, { errorCode: 0 }),
        send(`x${v}`, heartbeat({ clientId: 'c9', memberId: 'c9-nobody', version: v })),
        expect(`x${v}`, { errorCode: 25 }),
      ]),
      send('s5', syncGroup({ clientId: 'c2', memberId: '$m2', version: 5 })),
      expect('s5', { errorCode: 0, protocolType: 'consumer', protocolName: 'range', assignment: assignmentOf(2, 1) }),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'Versions: LeaveGroup of an unknown member at v0 to v5 -> one top-level error up to v2, per-member results from v3',
    rules: ['VER-13', 'LG-02', 'LG-03', 'LG-04'],
    steps: (env) => [
      ...stableGroup(env, 2),
      ...[0, 1, 2].flatMap((v): Step[] => [send(`l${v}`, leaveGroup(['c9-nobody'], { version: v })), expect(`l${v}`, { errorCode: 25, members: [] })]),
      ...[3, 4, 5].flatMap((v): Step[] => [
        send(`l${v}`, leaveGroup(['c9-nobody'], { version: v })),
        expect(`l${v}`, { errorCode: 0, members: [{ memberId: 'c9-nobody', groupInstanceId: null, errorCode: 25 }] }),
      ]),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1', '$m2'] }),
    ],
  },
];

/** Every DescribeGroups, ListGroups (`list-groups.ts`) and version scenario. */
export const describeListScenarios: Scenario[] = [...unknownAndState, ...versions, ...listScenarios];
