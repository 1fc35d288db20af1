/**
 * Normative scenarios: `group.max.size`, the capacity check of JoinGroup in each state and
 * what happens to a rejected member.
 *
 * @remarks
 * Every scenario runs with `group.max.size` 2 and {@link SHORT_DELAY}; setups end at virtual
 * time 200.
 * @see spec/static-membership.md ST-15, ST-16
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, leaveGroup, oneOf, send, syncGroup } from '../../src/conformance/scenario.js';
import { assignmentOf, completingRebalance, preparingRebalance, SHORT_DELAY, stableGroup } from './setup.js';
import { STABLE_RECORDS, stableWith, staticJoin } from './static-helpers.js';

const MAX_TWO = { 'group.max.size': 2, ...SHORT_DELAY };

/** The GROUP_MAX_SIZE_REACHED answer: MemberId "", generation -1, no leader or members. */
const FULL = { errorCode: 81, memberId: '', generationId: -1, leader: '', protocolType: null, protocolName: null, skipAssignment: false, members: [] };

export const groupMaxSizeScenarios: Scenario[] = [
  {
    name: 'MaxSize: full Stable group -> new dynamic, new static, replacing, incompatible and unknown-id JoinGroups all get GROUP_MAX_SIZE_REACHED',
    rules: ['ST-15', 'ST-16'],
    config: MAX_TWO,
    steps: [
      ...stableWith('ss'),
      send('dyn', joinGroup({ clientId: 'c3' })),
      expect('dyn', FULL),
      send('new', staticJoin(3)),
      expect('new', FULL),
      // A known instance joining with MemberId "" counts as a new member.
      send('replace', staticJoin(1)),
      expect('replace', FULL),
      // The capacity check comes before protocol compatibility and member validation.
      send('bad', joinGroup({ clientId: 'c3', protocolType: 'other' })),
      expect('bad', FULL),
      send('unknown', joinGroup({ clientId: 'c3', memberId: 'nobody' })),
      expect('unknown', FULL),
      expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      // Members are always accepted.
      send('r2', staticJoin(2, { memberId: '$m2' })),
      expect('r2', { errorCode: 0, memberId: '$m2', generationId: 1, leader: '$m1', members: [] }),
      send('h1', heartbeat({ memberId: '$m1', groupInstanceId: 'i1' })),
      expect('h1', { errorCode: 0 }),
      expectDurable('g', STABLE_RECORDS),
    ],
  },
  {
    name: 'MaxSize: full CompletingRebalance group -> a new member is rejected and the parked SyncGroup is left alone',
    rules: ['ST-15', 'ST-16'],
    config: MAX_TWO,
    steps: [
      ...completingRebalance(),
      send('s2', syncGroup({ generationId: 2, memberId: '$m2' })),
      expectPending('s2'),
      send('j3', joinGroup({ clientId: 'c3' })),
      expect('j3', FULL),
      expectPending('s2'),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
      send('s1', syncGroup({ generationId: 2, memberId: '$m1', assignments: [{ memberId: '$m1', assignment: assignmentOf(1, 2) }, { memberId: '$m2', assignment: assignmentOf(2, 2) }] })),
      expect('s1', { errorCode: 0, assignment: assignmentOf(1, 2) }),
      expect('s2', { errorCode: 0, assignment: assignmentOf(2, 2) }),
      expectGroup('g', { state: 'Stable', generationId: 2 }),
    ],
  },
  {
    name: 'MaxSize: PreparingRebalance counts parked JoinGroups -> the leader rejoining last is dropped without a rebalance; the join timer decides',
    rules: ['ST-15', 'ST-16'],
    config: MAX_TWO,
    steps: [
      ...stableGroup(2),
      // m2 rejoins with new metadata: rebalance, join timer due at 30200.
      send('r2', joinGroup({ clientId: 'c2', memberId: '$m2', protocols: [{ name: 'range', metadata: bytes('range:v2') }] })),
      expectPending('r2'),
      send('first3', joinGroup({ clientId: 'c3' })),
      expect('first3', { errorCode: 79, memberId: '$m3' }),
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expectPending('join3'),
      // Two JoinGroups are parked now, so m1 (a member that has not rejoined) is over the limit.
      send('r1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('r1', FULL),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: oneOf('$m2', '$m3'), members: ['$m2', '$m3'] }),
      expectPending('r2'),
      expectPending('join3'),
      send('h1', heartbeat({ memberId: '$m1' })),
      expect('h1', { errorCode: 25 }),
      advance(30_100),
      expect('r2', { errorCode: 0, generationId: 2, leader: oneOf('$m2', '$m3') }),
      expect('join3', { errorCode: 0, generationId: 2, leader: oneOf('$m2', '$m3') }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m2', '$m3'] }),
    ],
  },
  {
    name: 'MaxSize: PreparingRebalance at the limit of parked JoinGroups -> a member whose JoinGroup is parked is still accepted and its new request parked',
    rules: ['ST-15', 'JG-19', 'TM-05'],
    config: MAX_TWO,
    steps: [
      ...stableGroup(2),
      send('r2', joinGroup({ clientId: 'c2', memberId: '$m2', protocols: [{ name: 'range', metadata: bytes('range:v2') }] })),
      expectPending('r2'),
      send('first3', joinGroup({ clientId: 'c3' })),
      expect('first3', { errorCode: 79, memberId: '$m3' }),
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expectPending('join3'),
      // Two JoinGroups are parked: the group is at the limit, yet m2 (parked) is accepted again.
      send('again2', joinGroup({ clientId: 'c2', memberId: '$m2', protocols: [{ name: 'range', metadata: bytes('range:v2') }] })),
      expectPending('again2'),
      send('again3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expectPending('again3'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2', '$m3'] }),
      // m1 never rejoins: its session expires at 10200 (TM-05), and then every member has joined.
      advance(10_100),
      expect('again2', { errorCode: 0, generationId: 2, leader: oneOf('$m2', '$m3') }),
      expect('again3', { errorCode: 0, generationId: 2, leader: oneOf('$m2', '$m3') }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m2', '$m3'] }),
    ],
  },
  {
    name: 'MaxSize: a pending member over the limit in PreparingRebalance -> rejected and no longer pending; the join phase waits for its timer',
    rules: ['ST-16', 'ST-15'],
    config: MAX_TWO,
    steps: [
      ...preparingRebalance(),
      send('first3', joinGroup({ clientId: 'c3' })),
      expect('first3', { errorCode: 79, memberId: '$m3' }),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expectPending('rejoin2'),
      send('join3', joinGroup({ clientId: 'c3', memberId: '$m3' })),
      expect('join3', FULL),
      // Every member has joined and no id is pending, yet the join phase does not complete now.
      expectPending('rejoin1'),
      expectPending('rejoin2'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, members: ['$m1', '$m2'] }),
      send('lv3', leaveGroup(['$m3'])),
      expect('lv3', { errorCode: 0, members: [{ memberId: '$m3', groupInstanceId: null, errorCode: 25 }] }),
      advance(30_100),
      expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1' }),
      expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m1' }),
    ],
  },
  {
    name: 'MaxSize: an Empty group accepts, then its initial rebalance counts parked JoinGroups -> the third static member is rejected',
    rules: ['ST-15', 'ST-16'],
    config: MAX_TWO,
    steps: [
      send('j1', staticJoin(1)),
      send('j2', staticJoin(2)),
      send('j3', staticJoin(3)),
      expect('j3', FULL),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 0, members: ['$m1', '$m2'] }),
      advance(200),
      expect('j1', { errorCode: 0, generationId: 1, leader: '$m1', members: [{ memberId: '$m1', groupInstanceId: 'i1' }, { memberId: '$m2', groupInstanceId: 'i2' }] }),
      expect('j2', { errorCode: 0, generationId: 1, memberId: '$m2' }),
    ],
  },
];
