/**
 * Normative scenarios: OffsetCommit in every group state and OffsetFetch.
 *
 * @remarks
 * OffsetDelete, DeleteGroups, expiration and the records are in `offsets-lifecycle.ts`.
 * Timings come from the broker's configs ({@link ScenarioEnv}): the group setups end with every
 * member's session timer re-armed when the join phase completed (`sessionLeftMs` of it left),
 * and session checks sit one margin before and one margin after a deadline. The metadata limit scenario derives its strings from
 * `offset.metadata.max.bytes`. Unknown topic partitions (OC-02, OD-02) need a cluster and are
 * covered by unit tests.
 * @see spec/offsets.md
 */
import type { Scenario, ScenarioEnv } from '../../src/conformance/scenario.js';
import { advance, expect, expectGroup, expectNoGroup, expectPending, heartbeat, joinGroup, send } from '../../src/conformance/scenario.js';
import { completingRebalance, emptiedGroup, preparingRebalance, stableGroup } from './setup.js';
import { sessionLeftMs, stableWith } from './static-helpers.js';
import { fetchAnswer, fetched, memberCommit, noOffset, offsetCommit, offsetFetch, offsetFetchGroups, part, results, topic } from './offset-helpers.js';
import { OFFSET_TOPICS } from './offset-helpers.js';

/** `offset.metadata.max.bytes` of the broker. */
function metadataMax(env: ScenarioEnv): number {
  return env.configs['offset.metadata.max.bytes']!;
}

/**
 * Metadata of exactly `max` UTF-16 code units but more UTF-8 bytes: emoji (two code units, four
 * bytes each) and, for an odd limit, one `é` (one code unit, two bytes). Kafka counts
 * String.length(), so it fits.
 */
function wideMetadata(max: number): string {
  return '\u{1F600}'.repeat(Math.floor(max / 2)) + (max % 2 === 1 ? '\u00E9' : '');
}

const commitScenarios: Scenario[] = [
  {
    name: 'OffsetCommit: generation -1 to an unknown group creates a simple Empty group and stores the offset',
    rules: ['OC-04', 'OC-06', 'OC-10', 'OF-03', 'GS-03'],
    steps: [
      send('c1', offsetCommit({ topics: [topic('t', part(0, 10), part(1, 11))] })),
      expect('c1', results(['t', [[0, 0], [1, 0]]])),
      expectGroup('g', { state: 'Empty', generationId: 0, members: [] }),
      send('f1', offsetFetch('g', { t: [0, 1, 2] })),
      expect('f1', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 10), fetched(1, 11), noOffset(2)] }])),
      // Another standalone commit to the simple group is accepted too: it is Empty.
      send('c2', offsetCommit({ memberId: 'admin-tool', topics: [topic('t', part(0, 20))] })),
      expect('c2', results(['t', [[0, 0]]])),
      send('f2', offsetFetch('g', { t: [0] })),
      expect('f2', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 20)] }])),
    ],
  },
  {
    name: 'OffsetCommit: the empty group id is a valid group id',
    rules: ['OC-01', 'OF-01'],
    steps: [
      send('c', offsetCommit({ groupId: '' })),
      expect('c', results(['t', [[0, 0]]])),
      send('f', offsetFetch('', { t: [0] })),
      expect('f', fetchAnswer('', [{ name: 't', partitions: [fetched(0, 10)] }])),
    ],
  },
  {
    name: 'OffsetCommit: a generation to an unknown group -> GROUP_ID_NOT_FOUND from v9, ILLEGAL_GENERATION below; no group is created',
    rules: ['OC-03', 'OC-01'],
    steps: [
      send('v9', memberCommit('someone', 0, { topics: [topic('t', part(0, 1), part(1, 1)), topic('u', part(0, 1))] })),
      expect('v9', results(['t', [[0, 69], [1, 69]]], ['u', [[0, 69]]])),
      send('v8', memberCommit('someone', 0, { version: 8 })),
      expect('v8', results(['t', [[0, 22]]])),
      send('v1', memberCommit('', 3, { version: 1 })),
      expect('v1', results(['t', [[0, 22]]])),
      expectNoGroup('g'),
    ],
  },
  {
    name: 'OffsetCommit: Stable, a member commits with its generation -> NONE and its session is re-armed',
    rules: ['OC-09', 'OC-10', 'TM-03'],
    steps: (env) => [
      ...stableGroup(env, 1),
      advance(sessionLeftMs(env) - env.marginMs),
      send('c', memberCommit('$m1', 1)),
      expect('c', results(['t', [[0, 0]]])),
      // Without the commit the session would have ended almost a session ago.
      advance(env.sessionMs - env.marginMs),
      send('hb', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('hb', { errorCode: 0 }),
      expectGroup('g', { state: 'Stable', generationId: 1, members: ['$m1'] }),
    ],
  },
  {
    name: 'OffsetCommit: PreparingRebalance, a member of the current generation commits -> NONE and its session is re-armed',
    rules: ['OC-09', 'TM-03', 'TM-05'],
    steps: (env) => [
      ...preparingRebalance(env),
      advance(sessionLeftMs(env) - env.marginMs),
      send('c', memberCommit('$m2', 1)),
      expect('c', results(['t', [[0, 0]]])),
      // m2's session would have ended a margin ago, completing the join phase without it.
      advance(2 * env.marginMs),
      expectPending('rejoin1'),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin1', { errorCode: 0, generationId: 2 }),
      expect('rejoin2', { errorCode: 0, generationId: 2 }),
      send('f', offsetFetch('g', { t: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 10)] }])),
    ],
  },
  {
    name: 'OffsetCommit: CompletingRebalance -> REBALANCE_IN_PROGRESS for the new generation, ILLEGAL_GENERATION for the old; nothing stored',
    rules: ['OC-08', 'OC-07'],
    steps: (env) => [
      ...completingRebalance(env),
      send('new', memberCommit('$m1', 2)),
      expect('new', results(['t', [[0, 27]]])),
      send('old', memberCommit('$m2', 1)),
      expect('old', results(['t', [[0, 22]]])),
      send('anon', offsetCommit()),
      expect('anon', results(['t', [[0, 25]]])),
      send('f', offsetFetch('g', { t: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [noOffset(0)] }])),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2 }),
    ],
  },
  {
    name: 'OffsetCommit: Stable, wrong generation, unknown member and anonymous commits are refused',
    rules: ['OC-07'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('gen2', memberCommit('$m1', 2)),
      expect('gen2', results(['t', [[0, 22]]])),
      send('genMinus1', memberCommit('$m2', -1)),
      expect('genMinus1', results(['t', [[0, 22]]])),
      send('ghost', memberCommit('ghost', 1)),
      expect('ghost', results(['t', [[0, 25]]])),
      send('ghostMinus1', memberCommit('ghost', -1)),
      expect('ghostMinus1', results(['t', [[0, 25]]])),
      send('anon', offsetCommit()),
      expect('anon', results(['t', [[0, 25]]])),
      send('f', offsetFetch('g', { t: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [noOffset(0)] }])),
    ],
  },
  {
    name: 'OffsetCommit: Empty, member ids and generations are refused but generation -1 is accepted whatever the member fields',
    rules: ['OC-06', 'OC-07'],
    steps: (env) => [
      ...emptiedGroup(env),
      send('former', memberCommit('$m1', 2)),
      expect('former', results(['t', [[0, 25]]])),
      send('noMember', memberCommit('', 0)),
      expect('noMember', results(['t', [[0, 25]]])),
      // KAFKA-14201: an assign()-mode consumer that still sends its ids.
      send('assign', memberCommit('$m1', -1, { groupInstanceId: 'i9', topics: [topic('t', part(0, 7))] })),
      expect('assign', results(['t', [[0, 0]]])),
      send('anon', offsetCommit({ topics: [topic('t', part(1, 8))] })),
      expect('anon', results(['t', [[1, 0]]])),
      send('f', offsetFetch('g', { t: [0, 1] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 7), fetched(1, 8)] }])),
      expectGroup('g', { state: 'Empty', generationId: 2 }),
    ],
  },
  {
    name: 'OffsetCommit: static members, a fenced member id -> FENCED_INSTANCE_ID, an unknown instance -> UNKNOWN_MEMBER_ID, the current member commits',
    rules: ['OC-07', 'ST-09', 'ST-10'],
    steps: (env) => [
      ...stableWith(env, 'ss'),
      send('fenced', memberCommit('$m2', 1, { groupInstanceId: 'i1' })),
      expect('fenced', results(['t', [[0, 82]]])),
      send('unknown', memberCommit('$m1', 1, { groupInstanceId: 'i9' })),
      expect('unknown', results(['t', [[0, 25]]])),
      send('ok', memberCommit('$m1', 1, { groupInstanceId: 'i1' })),
      expect('ok', results(['t', [[0, 0]]])),
      send('v6', memberCommit('$m2', 1, { version: 6, topics: [topic('t', part(1, 11))] })),
      expect('v6', results(['t', [[1, 0]]])),
    ],
  },
  {
    name: 'OffsetCommit: metadata longer than offset.metadata.max.bytes (UTF-16 code units) -> OFFSET_METADATA_TOO_LARGE for that partition only',
    rules: ['OC-10', 'OC-11', 'OF-03'],
    config: { 'offset.metadata.max.bytes': 5 },
    needs: (env) => {
      const max = metadataMax(env);
      return max >= 1 && max <= 100_000 ? undefined : `needs offset.metadata.max.bytes between 1 and 100000 (strings of that length are sent); the target has ${max}`;
    },
    steps: (env) => {
      const max = metadataMax(env);
      const fits = 'a'.repeat(max);
      const wide = wideMetadata(max);
      return [
        send('c', offsetCommit({ topics: [topic('t', part(0, 1, { committedMetadata: fits }), part(1, 2, { committedMetadata: `${fits}b` }), part(2, 3)), topic('u', part(0, 4, { committedMetadata: wide }))] })),
        expect('c', results(['t', [[0, 0], [1, 12], [2, 0]]], ['u', [[0, 0]]])),
        send('f', offsetFetch('g', { t: [0, 1, 2], u: [0] })),
        expect(
          'f',
          fetchAnswer('g', [
            { name: 't', partitions: [fetched(0, 1, { metadata: fits }), noOffset(1), fetched(2, 3, { metadata: '' })] },
            { name: 'u', partitions: [fetched(0, 4, { metadata: wide })] },
          ]),
        ),
      ];
    },
  },
  {
    name: 'OffsetCommit: the leader epoch is stored from v6; OffsetFetch returns it from v5',
    rules: ['OC-11', 'OF-05', 'OF-01'],
    steps: [
      send('v6', offsetCommit({ version: 6, topics: [topic('t', part(0, 5, { committedLeaderEpoch: 7, committedMetadata: 'm' }))] })),
      expect('v6', results(['t', [[0, 0]]])),
      send('v5', offsetCommit({ version: 5, topics: [topic('t', part(1, 6, { committedLeaderEpoch: 9 }))] })),
      expect('v5', results(['t', [[1, 0]]])),
      send('f9', offsetFetch('g', { t: [0, 1] })),
      expect('f9', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 5, { committedLeaderEpoch: 7, metadata: 'm' }), fetched(1, 6)] }])),
      send('f5', offsetFetch('g', { t: [0] }, { version: 5 })),
      expect('f5', { errorCode: 0, topics: [{ name: 't', partitions: [fetched(0, 5, { committedLeaderEpoch: 7, metadata: 'm' })] }] }),
      send('f4', offsetFetch('g', { t: [0] }, { version: 4 })),
      expect('f4', { errorCode: 0, topics: [{ name: 't', partitions: [fetched(0, 5, { metadata: 'm' })] }] }),
    ],
  },
  {
    name: 'OffsetCommit v0: stored by the coordinator like a v1 commit with generation -1',
    rules: ['OC-12', 'OC-11'],
    steps: [
      send('v0', offsetCommit({ version: 0, topics: [topic('t', part(0, 42))] })),
      expect('v0', results(['t', [[0, 0]]])),
      send('f', offsetFetch('g', { t: [0] }, { version: 1 })),
      expect('f', { topics: [{ name: 't', partitions: [fetched(0, 42)] }] }),
    ],
  },
];

const fetchScenarios: Scenario[] = [
  {
    name: 'OffsetFetch: the stored offset is returned in Stable, PreparingRebalance, CompletingRebalance and Empty',
    rules: ['OF-02', 'OF-03'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('c', memberCommit('$m1', 1, { topics: [topic('t', part(0, 5, { committedMetadata: 'x' }))] })),
      expect('c', results(['t', [[0, 0]]])),
      send('fStable', offsetFetch('g', { t: [0] })),
      expect('fStable', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 5, { metadata: 'x' })] }])),
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expectGroup('g', { state: 'PreparingRebalance' }),
      send('fPreparing', offsetFetch('g', { t: [0] })),
      expect('fPreparing', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 5, { metadata: 'x' })] }])),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin2', { errorCode: 0, generationId: 2 }),
      expectGroup('g', { state: 'CompletingRebalance' }),
      send('fCompleting', offsetFetch('g', { t: [0] })),
      expect('fCompleting', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 5, { metadata: 'x' })] }])),
      send('leave', { api: 'LeaveGroup', version: 5, clientId: 'c', clientHost: '/127.0.0.1', groupId: 'g', members: [{ memberId: '$m1', groupInstanceId: null, reason: null }, { memberId: '$m2', groupInstanceId: null, reason: null }] }),
      expect('leave', { errorCode: 0 }),
      expectGroup('g', { state: 'Empty' }),
      send('fEmpty', offsetFetch('g', { t: [0] })),
      expect('fEmpty', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 5, { metadata: 'x' })] }])),
    ],
  },
  {
    name: 'OffsetFetch: an unknown group has no offsets, all topics is empty, and no group is created',
    rules: ['OF-02', 'OF-04', 'OF-08'],
    steps: [
      send('some', offsetFetch('nobody', { t: [0, 1], u: [3] })),
      expect('some', fetchAnswer('nobody', [{ name: 't', partitions: [noOffset(0), noOffset(1)] }, { name: 'u', partitions: [noOffset(3)] }])),
      send('all', offsetFetch('nobody', null)),
      expect('all', fetchAnswer('nobody', [])),
      expectNoGroup('nobody'),
    ],
  },
  {
    name: 'OffsetFetch: v1 single group, v2 all topics, v7 RequireStable, v8 several groups answered in request order',
    rules: ['OF-01', 'OF-04', 'OF-07'],
    steps: [
      send('c', offsetCommit({ topics: [topic('t', part(0, 5))] })),
      expect('c', results(['t', [[0, 0]]])),
      send('v1', offsetFetch('g', { t: [0] }, { version: 1 })),
      expect('v1', { groups: [], topics: [{ name: 't', partitions: [fetched(0, 5)] }] }),
      send('v2all', offsetFetch('g', null, { version: 2 })),
      expect('v2all', { errorCode: 0, groups: [], topics: [{ name: 't', partitions: [fetched(0, 5)] }] }),
      send('v7', offsetFetch('g', { t: [0] }, { version: 7, requireStable: true })),
      expect('v7', { errorCode: 0, topics: [{ name: 't', partitions: [fetched(0, 5)] }] }),
      send('v8', offsetFetchGroups([['g', { t: [0] }], ['other', null], ['g', null]], 8)),
      expect('v8', {
        topics: [],
        groups: [
          { groupId: 'g', errorCode: 0, topics: [{ name: 't', partitions: [fetched(0, 5)] }] },
          { groupId: 'other', errorCode: 0, topics: [] },
          { groupId: 'g', errorCode: 0, topics: [{ name: 't', partitions: [fetched(0, 5)] }] },
        ],
      }),
    ],
  },
  {
    name: 'OffsetFetch: a fetch does not keep a member session alive',
    watchesEmpty: true,
    rules: ['OF-08', 'TM-05'],
    steps: (env) => [
      ...stableGroup(env, 1),
      advance(sessionLeftMs(env) - env.marginMs),
      send('f', offsetFetch('g', { t: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [noOffset(0)] }])),
      advance(2 * env.marginMs),
      send('hb', heartbeat({ memberId: '$m1', generationId: 1 })),
      expect('hb', { errorCode: 25 }),
      expectGroup('g', { state: 'Empty', generationId: 2 }),
    ],
  },
];

/** OffsetCommit and OffsetFetch scenarios. */
export const offsetScenarios: Scenario[] = [...commitScenarios, ...fetchScenarios].map((s) => ({ topics: OFFSET_TOPICS, ...s }));
