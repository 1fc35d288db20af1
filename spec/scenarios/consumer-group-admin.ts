/**
 * Normative scenarios: consumer groups (KIP-848) seen and used through the admin and offset APIs:
 * ConsumerGroupDescribe, ListGroups with group types, OffsetCommit and OffsetFetch with member
 * epochs (STALE_MEMBER_EPOCH), DeleteGroups of a consumer group.
 * @see spec/consumer-group-admin.md
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { describeGroups, expect, joinGroup, listGroups, send } from '../../src/conformance/scenario.js';
import { consumerGroupDescribe, consumerHeartbeat, inAnyOrder, sameAssignment } from '../../src/conformance/consumer-scenario.js';
import type { GroupRequest } from '../../src/protocol/messages/index.js';
import { firstMember, onT4, twoMembers } from './consumer-group-helpers.js';
import { anyOrder, deleteGroups, fetched, memberCommit, results } from './offset-helpers.js';

const HEADER = { clientId: 'client', clientHost: '/127.0.0.1' } as const;

/** An OffsetFetch v9 of `t-0` in group `g` by a member at an epoch (`null`, -1: an admin fetch). */
function memberFetch(memberId: string | null, memberEpoch: number): GroupRequest {
  return { api: 'OffsetFetch', version: 9, ...HEADER, groups: [{ groupId: 'g', memberId, memberEpoch, topics: [{ name: 't', partitionIndexes: [0] }] }], requireStable: false };
}

/** The described member as ConsumerGroupDescribe shows one that joined `t` by name. */
function describedMember(memberId: string, memberEpoch: number, held: string): Record<string, unknown> {
  return { memberId, instanceId: null, rackId: null, memberEpoch, clientId: 'client', subscribedTopicNames: ['t'], subscribedTopicRegex: '', assignment: sameAssignment(held), targetAssignment: sameAssignment(held) };
}

const describe: Scenario[] = [
  onT4('ConsumerGroupDescribe: a consumer group\'s state, epochs, assignor and members with their assignments and targets', ['CGO-03', 'CGO-04', 'CGO-05', 'CGO-06', 'CGO-08', 'CGO-18'], (env) => [
    ...twoMembers(env),
    send('describe', consumerGroupDescribe(['g'])),
    expect('describe', {
      groups: [
        {
          errorCode: 0,
          groupId: 'g',
          groupState: 'Stable',
          groupEpoch: 2,
          assignmentEpoch: 2,
          assignorName: 'uniform',
          members: inAnyOrder(describedMember('$m1', 2, '$keep1'), describedMember('$m2', 2, '$got2')),
        },
      ],
    }),
    // DescribeGroups looks the id up as a classic group: a consumer group is described as an unknown id.
    send('classicView', describeGroups(['g'])),
    expect('classicView', { groups: [{ groupId: 'g', errorCode: 0, groupState: 'Dead', members: [] }] }),
    // Describing changed nothing: m1 heartbeats on at epoch 2.
    send('hb1', consumerHeartbeat('$m1', 2)),
    expect('hb1', { errorCode: 0, memberEpoch: 2, assignment: null }),
  ]),
  {
    name: 'ConsumerGroupDescribe: an unknown id and a classic group\'s are GROUP_ID_NOT_FOUND; the empty id INVALID_GROUP_ID',
    rules: ['CGO-01', 'CGO-02'],
    steps: [
      send('unknown', consumerGroupDescribe(['nope'])),
      expect('unknown', { groups: [{ errorCode: 69, groupId: 'nope', groupState: '', members: [] }] }),
      // A classic group: the first JoinGroup creates it (Empty, waiting for the member's id).
      send('classic', joinGroup({ groupId: 'c' })),
      send('classicDescribe', consumerGroupDescribe(['c'])),
      expect('classicDescribe', { groups: [{ errorCode: 69, groupId: 'c', members: [] }] }),
      send('empty', consumerGroupDescribe([''])),
      expect('empty', { groups: [{ errorCode: 24, groupId: '' }] }),
    ],
  },
];

const list: Scenario[] = [
  onT4('ListGroups: a consumer group is listed with type consumer beside classic groups; the types filter takes any case', ['CGO-19', 'CGO-20'], (env) => [
    ...firstMember(env),
    send('classic', joinGroup({ groupId: 'c' })),
    send('all', listGroups({ version: 5 })),
    expect('all', {
      errorCode: 0,
      groups: anyOrder([
        { groupId: 'g', protocolType: 'consumer', groupState: 'Stable', groupType: 'consumer' },
        { groupId: 'c', groupType: 'classic' },
      ]),
    }),
    send('consumers', listGroups({ version: 5, typesFilter: ['CONSUMER'] })),
    expect('consumers', { errorCode: 0, groups: [{ groupId: 'g', groupType: 'consumer' }] }),
    send('classics', listGroups({ version: 5, typesFilter: ['classic'] })),
    expect('classics', { errorCode: 0, groups: [{ groupId: 'c', groupType: 'classic' }] }),
    send('stable', listGroups({ version: 5, statesFilter: ['Stable'] })),
    expect('stable', { errorCode: 0, groups: [{ groupId: 'g', groupState: 'Stable' }] }),
    send('preparing', listGroups({ version: 5, statesFilter: ['PreparingRebalance'], typesFilter: ['consumer'] })),
    expect('preparing', { errorCode: 0, groups: [] }),
  ]),
];

const offsets: Scenario[] = [
  onT4('OffsetCommit and OffsetFetch in a consumer group: the member epoch must be the member\'s (STALE_MEMBER_EPOCH), the member known (UNKNOWN_MEMBER_ID)', ['CGO-10', 'CGO-11', 'CGO-13', 'CGO-14'], (env) => [
    ...firstMember(env),
    send('commit', memberCommit('$m1', 1, { version: 9 })),
    expect('commit', results(['t', [[0, 0]]])),
    send('older', memberCommit('$m1', 0, { version: 9 })),
    expect('older', results(['t', [[0, 113]]])),
    send('newer', memberCommit('$m1', 2, { version: 9 })),
    expect('newer', results(['t', [[0, 113]]])),
    send('stranger', memberCommit('no-such-member', 1, { version: 9 })),
    expect('stranger', results(['t', [[0, 25]]])),
    send('fetch', memberFetch('$m1', 1)),
    expect('fetch', { errorCode: 0, groups: [{ groupId: 'g', errorCode: 0, topics: [{ name: 't', partitions: [fetched(0, 10)] }] }] }),
    send('staleFetch', memberFetch('$m1', 0)),
    expect('staleFetch', { groups: [{ groupId: 'g', errorCode: 113, topics: [] }] }),
    send('strangerFetch', memberFetch('no-such-member', 1)),
    expect('strangerFetch', { groups: [{ groupId: 'g', errorCode: 25, topics: [] }] }),
    send('adminFetch', memberFetch(null, -1)),
    expect('adminFetch', { groups: [{ groupId: 'g', errorCode: 0, topics: [{ name: 't', partitions: [fetched(0, 10)] }] }] }),
  ]),
  onT4('DeleteGroups: a consumer group with members is NON_EMPTY_GROUP; once its last member left, it is deleted', ['CGO-16', 'CGO-17', 'CG-07'], (env) => [
    ...firstMember(env),
    send('busy', deleteGroups(['g'])),
    expect('busy', { results: [{ groupId: 'g', errorCode: 68 }] }),
    send('leave', consumerHeartbeat('$m1', -1)),
    expect('leave', { errorCode: 0, memberEpoch: -1 }),
    send('delete', deleteGroups(['g'])),
    expect('delete', { results: [{ groupId: 'g', errorCode: 0 }] }),
    send('gone', consumerGroupDescribe(['g'])),
    expect('gone', { groups: [{ errorCode: 69, groupId: 'g' }] }),
    // Gone with its members: a heartbeat finds no group.
    send('hb', consumerHeartbeat('$m1', 1, { subscribedTopicNames: ['t'], topicPartitions: [] })),
    expect('hb', { errorCode: 69, memberId: null }),
  ]),
];

/** The consumer-group admin and offset scenarios. */
export const consumerGroupAdminScenarios: readonly Scenario[] = [...describe, ...list, ...offsets];
