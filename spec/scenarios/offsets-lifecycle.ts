/**
 * Normative scenarios: OffsetDelete, DeleteGroups, offset and group expiration (KIP-211), and
 * the records they write.
 *
 * @remarks
 * Expiration scenarios ask for {@link SHORT_RETENTION} (a retention of 60 s, a cleanup every
 * 10 s) and run with whatever retention and interval the broker has: in virtual time any wait
 * is instant (Kafka's default week of retention included), in real time a scenario whose wait
 * is above 110 s (`REAL_TIME_WAIT_LIMIT_MS`) is skipped, saying so. Kafka's cleanup runs at times
 * known only to within one interval (EXP-01), so every check of an expiry waits the retention
 * plus a whole interval and a margin, and every check that an offset survives is made at least
 * a margin before its retention has passed. Members that must stay while offsets age ask for
 * the longest session the broker allows and heartbeat within it.
 * @see spec/offsets.md
 */
import type { Scenario, ScenarioEnv } from '../../src/conformance/scenario.js';
import { advance, expect, expectDurable, expectGroup, expectNoGroup, joinGroup, send, shiftGenerations } from '../../src/conformance/scenario.js';
import { completingRebalance, formsAtOnce, stableGroup } from './setup.js';
import {
  anyOrder,
  checkIntervalMs,
  idle,
  longSession,
  retentionMs,
  waitFits,
  consumerProtocols,
  deleteGroups,
  fetchAnswer,
  fetched,
  leaveAll,
  memberCommit,
  noOffset,
  offsetCommit,
  offsetDelete,
  offsetFetch,
  part,
  results,
  SHORT_RETENTION,
  stableConsumerGroup,
  topic,
} from './offset-helpers.js';
import { OFFSET_TOPICS } from './offset-helpers.js';


const offsetDeleteScenarios: Scenario[] = [
  {
    name: 'OffsetDelete: the empty group id -> INVALID_GROUP_ID; an unknown group -> GROUP_ID_NOT_FOUND',
    rules: ['OD-01', 'OD-03'],
    steps: [
      send('empty', offsetDelete('', { t: [0] })),
      expect('empty', { errorCode: 24, topics: [] }),
      send('unknown', offsetDelete('nobody', { t: [0] })),
      expect('unknown', { errorCode: 69, topics: [] }),
      expectNoGroup('nobody'),
    ],
  },
  {
    name: 'OffsetDelete: an Empty consumer group subscribes to nothing; the offsets go, partitions without one answer NONE too',
    rules: ['OD-04', 'OD-05', 'OD-06'],
    steps: (env) => [
      ...stableConsumerGroup(env, [['t'], ['t']]),
      send('c', memberCommit('$m1', 1, { topics: [topic('t', part(0, 5), part(1, 6)), topic('u', part(0, 7))] })),
      expect('c', results(['t', [[0, 0], [1, 0]]], ['u', [[0, 0]]])),
      ...leaveAll(2),
      expectGroup('g', { state: 'Empty', generationId: 2 }),
      send('d', offsetDelete('g', { t: [0, 2] })),
      expect('d', { errorCode: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 2, errorCode: 0 }] }] }),
      send('f', offsetFetch('g', { t: [0, 1], u: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [noOffset(0), fetched(1, 6)] }, { name: 'u', partitions: [fetched(0, 7)] }])),
      expectGroup('g', { state: 'Empty', generationId: 2 }),
    ],
  },
  {
    name: 'OffsetDelete: a Stable consumer group -> GROUP_SUBSCRIBED_TO_TOPIC for a topic any member subscribes to; other topics deleted',
    rules: ['OD-04', 'OD-05', 'OD-03'],
    steps: (env) => [
      ...stableConsumerGroup(env, [['t'], ['u']]),
      send('c', memberCommit('$m1', 1, { topics: [topic('t', part(0, 1)), topic('u', part(0, 2)), topic('v', part(0, 3))] })),
      expect('c', results(['t', [[0, 0]]], ['u', [[0, 0]]], ['v', [[0, 0]]])),
      send('d', offsetDelete('g', { t: [0], u: [0], v: [0] })),
      expect('d', { errorCode: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 86 }] }, { name: 'u', partitions: [{ partitionIndex: 0, errorCode: 86 }] }, { name: 'v', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] }),
      send('f', offsetFetch('g', { t: [0], u: [0], v: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 1)] }, { name: 'u', partitions: [fetched(0, 2)] }, { name: 'v', partitions: [noOffset(0)] }])),
      expectGroup('g', { state: 'Stable', generationId: 1 }),
    ],
  },
  {
    name: 'OffsetDelete: a consumer group whose subscriptions cannot be decoded counts as subscribed to every topic',
    rules: ['OD-04', 'OD-05'],
    steps: (env) => [
      ...stableConsumerGroup(env, [null, null]),
      send('c', memberCommit('$m1', 1)),
      expect('c', results(['t', [[0, 0]]])),
      send('d', offsetDelete('g', { t: [0], x: [0] })),
      expect('d', { errorCode: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 86 }] }, { name: 'x', partitions: [{ partitionIndex: 0, errorCode: 86 }] }] }),
      send('f', offsetFetch('g', { t: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 10)] }])),
    ],
  },
  {
    name: 'OffsetDelete: a group of another protocol type -> NON_EMPTY_GROUP until it is Empty, then its offsets can go',
    rules: ['OD-03', 'OD-04', 'OD-05'],
    steps: (env) => [
      ...stableConsumerGroup(env, [null], { protocolType: 'connect' }),
      send('c', memberCommit('$m1', 1)),
      expect('c', results(['t', [[0, 0]]])),
      send('dStable', offsetDelete('g', { t: [0] })),
      expect('dStable', { errorCode: 68, topics: [] }),
      // The leader's rejoin completes the join phase at once: CompletingRebalance, generation 2.
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1', protocolType: 'connect' })),
      expect('rejoin1', { errorCode: 0, generationId: 2 }),
      send('dCompleting', offsetDelete('g', { t: [0] })),
      expect('dCompleting', { errorCode: 68, topics: [] }),
      ...leaveAll(1),
      send('dEmpty', offsetDelete('g', { t: [0] })),
      expect('dEmpty', { errorCode: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] }),
      send('f', offsetFetch('g', { t: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [noOffset(0)] }])),
    ],
  },
  {
    name: 'OffsetDelete: during a rebalance the subscriptions of the previous generation still decide',
    rules: ['OD-04', 'OD-05'],
    steps: (env) => [
      ...stableConsumerGroup(env, [['t']]),
      send('c', memberCommit('$m1', 1, { topics: [topic('t', part(0, 1)), topic('u', part(0, 2))] })),
      expect('c', results(['t', [[0, 0]]], ['u', [[0, 0]]])),
      // A second consumer, subscribed to u, starts a rebalance.
      send('first2', joinGroup({ clientId: 'c2', protocols: consumerProtocols(['u']) })),
      expect('first2', { errorCode: 79, memberId: '$m2' }),
      send('join2', joinGroup({ clientId: 'c2', memberId: '$m2', protocols: consumerProtocols(['u']) })),
      expectGroup('g', { state: 'PreparingRebalance' }),
      send('dU', offsetDelete('g', { u: [0] })),
      expect('dU', { errorCode: 0, topics: [{ name: 'u', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] }),
      send('dT', offsetDelete('g', { t: [0] })),
      expect('dT', { errorCode: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 86 }] }] }),
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1', protocols: consumerProtocols(['t']) })),
      expect('rejoin1', { errorCode: 0, generationId: 2 }),
      // Generation 2 knows both subscriptions.
      send('dU2', offsetDelete('g', { u: [0] })),
      expect('dU2', { errorCode: 0, topics: [{ name: 'u', partitions: [{ partitionIndex: 0, errorCode: 86 }] }] }),
      send('f', offsetFetch('g', { t: [0], u: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 1)] }, { name: 'u', partitions: [noOffset(0)] }])),
    ],
  },
  {
    name: 'OffsetDelete: a simple group is subscribed to nothing; the group stays when its last offset goes',
    rules: ['OD-05', 'OD-06'],
    steps: [
      send('c', offsetCommit()),
      expect('c', results(['t', [[0, 0]]])),
      send('d', offsetDelete('g', { t: [0] })),
      expect('d', { errorCode: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] }),
      send('f', offsetFetch('g', null)),
      expect('f', fetchAnswer('g', [])),
      expectGroup('g', { state: 'Empty', generationId: 0 }),
    ],
  },
];

const deleteGroupsScenarios: Scenario[] = [
  {
    name: 'DeleteGroups: an unknown group -> GROUP_ID_NOT_FOUND, answered once however often it is listed',
    rules: ['DEL-01', 'DEL-02'],
    steps: [send('d', deleteGroups(['nope', 'nope'])), expect('d', { results: [{ groupId: 'nope', errorCode: 69 }] })],
  },
  {
    name: 'DeleteGroups: Stable, PreparingRebalance and CompletingRebalance groups -> NON_EMPTY_GROUP, nothing changes',
    rules: ['DEL-02'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('dStable', deleteGroups(['g'])),
      expect('dStable', { results: [{ groupId: 'g', errorCode: 68 }] }),
      send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      send('dPreparing', deleteGroups(['g'])),
      expect('dPreparing', { results: [{ groupId: 'g', errorCode: 68 }] }),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin2', { errorCode: 0, generationId: 2 }),
      send('dCompleting', deleteGroups(['g'], 0)),
      expect('dCompleting', { results: [{ groupId: 'g', errorCode: 68 }] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 2, members: ['$m1', '$m2'] }),
    ],
  },
  {
    name: 'DeleteGroups: an Empty group is deleted with its offsets; its id then starts a new group at generation 0',
    rules: ['DEL-03', 'DEL-04', 'GS-03'],
    steps: (env) => [
      ...completingRebalance(env),
      send('sync1', { api: 'SyncGroup', version: 5, clientId: 'c1', clientHost: '/127.0.0.1', groupId: 'g', generationId: 2, memberId: '$m1', groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [] }),
      expect('sync1', { errorCode: 0 }),
      send('c', memberCommit('$m1', 2, { topics: [topic('t', part(0, 5)), topic('u', part(3, 6))] })),
      expect('c', results(['t', [[0, 0]]], ['u', [[3, 0]]])),
      ...leaveAll(2),
      send('d', deleteGroups(['g'])),
      expect('d', { results: [{ groupId: 'g', errorCode: 0 }] }),
      expectNoGroup('g'),
      // The id starts afresh: generations are no longer shifted by the setup (static-helpers.ts).
      ...(formsAtOnce(env) ? [] : [shiftGenerations('g', -1)]),
      send('f', offsetFetch('g', { t: [0], u: [3] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [noOffset(0)] }, { name: 'u', partitions: [noOffset(3)] }])),
      send('again', deleteGroups(['g'])),
      expect('again', { results: [{ groupId: 'g', errorCode: 69 }] }),
      send('newFirst', joinGroup({ clientId: 'c9' })),
      expect('newFirst', { errorCode: 79, memberId: '$m9' }),
      send('newJoin', joinGroup({ clientId: 'c9', memberId: '$m9' })),
      advance(env.delayMs + env.settleMs),
      expect('newJoin', { errorCode: 0, generationId: 1, leader: '$m9' }),
    ],
  },
  {
    name: 'DeleteGroups: several groups, one result each in any order; a simple group is deleted like any Empty group',
    rules: ['DEL-01', 'DEL-02', 'DEL-03'],
    steps: (env) => [
      send('c', offsetCommit({ groupId: 'a' })),
      expect('c', results(['t', [[0, 0]]])),
      ...stableGroup(env, 2),
      send('d', deleteGroups(['a', 'g', 'a', 'x'])),
      expect('d', { results: anyOrder([{ groupId: 'a', errorCode: 0 }, { groupId: 'g', errorCode: 68 }, { groupId: 'x', errorCode: 69 }]) }),
      expectNoGroup('a'),
      expectGroup('g', { state: 'Stable' }),
      send('f', offsetFetch('a', null)),
      expect('f', fetchAnswer('a', [])),
    ],
  },
  {
    name: 'DeleteGroups: an Empty group with a pending member is deleted; the pending member id is then unknown',
    rules: ['DEL-03', 'DEL-04'],
    steps: (env) => [
      send('first1', joinGroup({ clientId: 'c1' })),
      expect('first1', { errorCode: 79, memberId: '$m1' }),
      expectGroup('g', { state: 'Empty' }),
      send('d', deleteGroups(['g'])),
      expect('d', { results: [{ groupId: 'g', errorCode: 0 }] }),
      expectNoGroup('g'),
      send('join1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expect('join1', { errorCode: 25 }),
      // The pending member's session timer fires into nothing.
      advance(env.sessionMs + env.marginMs),
      expectNoGroup('g'),
    ],
  },
];

/** The time an Empty consumer group's members stayed after their commit, and the delay of a later commit: a cleanup interval and two margins. */
function afterInterval(env: ScenarioEnv): number {
  return checkIntervalMs(env) + 2 * env.marginMs;
}

/** The retention plus a whole cleanup interval and a margin: by then an expired offset is gone (EXP-01). */
function expiryWait(env: ScenarioEnv): number {
  return retentionMs(env) + checkIntervalMs(env) + env.marginMs;
}

/** Why a scenario needing a retention longer than a cleanup interval and `margins` margins cannot run, or undefined. */
function retentionAbove(env: ScenarioEnv, margins: number): string | undefined {
  const need = checkIntervalMs(env) + margins * env.marginMs;
  if (retentionMs(env) > need) return undefined;
  return `needs offsets.retention.minutes (${retentionMs(env)} ms) above offsets.retention.check.interval.ms plus ${margins} margins (${need} ms)`;
}

/** The RetentionTimeMs of the v2 commit: short, and expired a margin before the retention ends. */
function shortRetentionTime(env: ScenarioEnv): number {
  return Math.min(5000, retentionMs(env) - checkIntervalMs(env) - 3 * env.marginMs);
}

const expirationScenarios: Scenario[] = [
  {
    name: 'Expiration: a simple group keeps its offset for the retention, then loses it and is deleted',
    rules: ['EXP-01', 'EXP-02', 'EXP-03', 'EXP-05', 'EXP-06'],
    config: SHORT_RETENTION,
    needs: (env) => waitFits(env, expiryWait(env), 'the retention and a cleanup interval'),
    steps: (env) => [
      send('c', offsetCommit()),
      expect('c', results(['t', [[0, 0]]])),
      advance(retentionMs(env) - env.marginMs),
      send('before', offsetFetch('g', { t: [0] })),
      expect('before', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 10)] }])),
      advance(checkIntervalMs(env) + 2 * env.marginMs),
      send('after', offsetFetch('g', { t: [0] })),
      expect('after', fetchAnswer('g', [{ name: 't', partitions: [noOffset(0)] }])),
      expectNoGroup('g'),
    ],
  },
  {
    name: 'Expiration: an Empty consumer group counts the retention from when it became Empty, for every offset alike',
    rules: ['EXP-02', 'EXP-03', 'EXP-05', 'OC-06'],
    config: SHORT_RETENTION,
    needs: (env) => retentionAbove(env, 4) ?? waitFits(env, afterInterval(env) + expiryWait(env), 'a cleanup interval, the retention and another interval'),
    steps: (env) => [
      ...stableConsumerGroup(env, [null, null], { sessionTimeoutMs: longSession(env) }),
      send('c', memberCommit('$m1', 1, { topics: [topic('t', part(0, 5))] })),
      expect('c', results(['t', [[0, 0]]])),
      // A whole cleanup interval passes between the commit and the group becoming Empty.
      ...idle(env, afterInterval(env), 2, longSession(env)),
      ...leaveAll(2),
      expectGroup('g', { state: 'Empty', generationId: 2 }),
      advance(afterInterval(env)),
      send('late', offsetCommit({ topics: [topic('u', part(0, 7))] })),
      expect('late', results(['u', [[0, 0]]])),
      // More than the retention and an interval after the commit of t, but a margin short of the retention since the group became Empty: still there.
      advance(retentionMs(env) - env.marginMs - afterInterval(env)),
      send('before', offsetFetch('g', { t: [0], u: [0] })),
      expect('before', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 5)] }, { name: 'u', partitions: [fetched(0, 7)] }])),
      // The retention and an interval since the group became Empty, though not since u was committed: both gone.
      advance(checkIntervalMs(env) + 2 * env.marginMs),
      send('after', offsetFetch('g', { t: [0], u: [0] })),
      expect('after', fetchAnswer('g', [{ name: 't', partitions: [noOffset(0)] }, { name: 'u', partitions: [noOffset(0)] }])),
      expectNoGroup('g'),
    ],
  },
  {
    name: 'Expiration: a Stable consumer group with known subscriptions loses offsets of other topics only',
    rules: ['EXP-02', 'EXP-04', 'EXP-05'],
    config: SHORT_RETENTION,
    needs: (env) => waitFits(env, expiryWait(env), 'the retention and a cleanup interval'),
    steps: (env) => [
      ...stableConsumerGroup(env, [['t']], { sessionTimeoutMs: longSession(env) }),
      send('c', memberCommit('$m1', 1, { topics: [topic('t', part(0, 1)), topic('u', part(0, 2))] })),
      expect('c', results(['t', [[0, 0]]], ['u', [[0, 0]]])),
      ...idle(env, expiryWait(env), 1, longSession(env)),
      send('f', offsetFetch('g', { t: [0], u: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 1)] }, { name: 'u', partitions: [noOffset(0)] }])),
      expectGroup('g', { state: 'Stable', generationId: 1 }),
    ],
  },
  {
    name: 'Expiration: a Stable consumer group with unknown subscriptions keeps every offset',
    rules: ['EXP-02'],
    config: SHORT_RETENTION,
    needs: (env) => waitFits(env, expiryWait(env), 'the retention and a cleanup interval'),
    steps: (env) => [
      ...stableConsumerGroup(env, [null], { sessionTimeoutMs: longSession(env) }),
      send('c', memberCommit('$m1', 1, { topics: [topic('t', part(0, 1)), topic('u', part(0, 2))] })),
      expect('c', results(['t', [[0, 0]]], ['u', [[0, 0]]])),
      ...idle(env, expiryWait(env), 1, longSession(env)),
      send('f', offsetFetch('g', { t: [0], u: [0] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [fetched(0, 1)] }, { name: 'u', partitions: [fetched(0, 2)] }])),
    ],
  },
  {
    name: 'Expiration: RetentionTimeMs (v2-4) sets an expire timestamp that overrides the retention',
    rules: ['EXP-03', 'OC-11', 'EXP-05'],
    config: SHORT_RETENTION,
    needs: (env) => retentionAbove(env, 4) ?? waitFits(env, shortRetentionTime(env) + checkIntervalMs(env) + env.marginMs, 'a cleanup interval'),
    steps: (env) => [
      send('v2', offsetCommit({ version: 2, retentionTimeMs: shortRetentionTime(env), topics: [topic('t', part(0, 1))] })),
      expect('v2', results(['t', [[0, 0]]])),
      send('v9', offsetCommit({ topics: [topic('t', part(1, 2))] })),
      expect('v9', results(['t', [[1, 0]]])),
      // Past the expire timestamp and a cleanup interval, but two margins short of the retention.
      advance(shortRetentionTime(env) + checkIntervalMs(env) + env.marginMs),
      send('f', offsetFetch('g', { t: [0, 1] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [noOffset(0), fetched(1, 2)] }])),
      // The group keeps an offset, so it is not deleted.
      expectGroup('g', { state: 'Empty', generationId: 0 }),
    ],
  },
  {
    name: 'Expiration: a v1 CommitTimestamp is the base of the retention',
    rules: ['OC-11', 'EXP-03'],
    config: SHORT_RETENTION,
    needs: (env) => retentionAbove(env, 3) ?? waitFits(env, expiryWait(env) + 1, 'the retention and a cleanup interval'),
    steps: (env) => [
      // Long enough after time 1 that the commit's own timestamp expires a cleanup interval later than timestamp 1.
      advance(checkIntervalMs(env) + 3 * env.marginMs),
      send('v1', offsetCommit({ version: 1, topics: [topic('t', part(0, 1, { commitTimestamp: 1 }), part(1, 2))] })),
      expect('v1', results(['t', [[0, 0], [1, 0]]])),
      // A cleanup interval and a margin after 1 + retention, a margin before the retention of the commit itself.
      advance(retentionMs(env) + 1 - 2 * env.marginMs),
      send('f', offsetFetch('g', { t: [0, 1] })),
      expect('f', fetchAnswer('g', [{ name: 't', partitions: [noOffset(0), fetched(1, 2)] }])),
    ],
  },
  {
    name: 'Expiration: a group without offsets survives while Stable and is deleted by the next cleanup once Empty',
    rules: ['EXP-05', 'EXP-01', 'EXP-06'],
    config: SHORT_RETENTION,
    needs: (env) => waitFits(env, 2 * (checkIntervalMs(env) + env.marginMs), 'two cleanup intervals'),
    steps: (env) => [
      ...stableConsumerGroup(env, [null], { sessionTimeoutMs: longSession(env) }),
      // Another group's commit (it also arms the in-process cleanup, EXP-01).
      send('other', offsetCommit({ groupId: 'other' })),
      expect('other', results(['t', [[0, 0]]])),
      // At least one cleanup passes while the group is Stable.
      ...idle(env, checkIntervalMs(env) + env.marginMs, 1, longSession(env)),
      expectGroup('g', { state: 'Stable', generationId: 1 }),
      ...leaveAll(1),
      expectGroup('g', { state: 'Empty', generationId: 2 }),
      advance(checkIntervalMs(env) + env.marginMs),
      expectNoGroup('g'),
    ],
  },
];

const recordScenarios: Scenario[] = [
  {
    name: 'Records: a simple group writes only OffsetCommit records; tombstones for OffsetDelete and DeleteGroups',
    rules: ['REC-06', 'REC-07', 'REC-08', 'REC-09', 'REC-12', 'OC-11'],
    steps: [
      send('c1', offsetCommit({ topics: [topic('t', part(0, 10, { committedMetadata: 'm' }))] })),
      expect('c1', results(['t', [[0, 0]]])),
      advance(100),
      send('c2', offsetCommit({ version: 3, retentionTimeMs: 1000, topics: [topic('t', part(1, 11))] })),
      expect('c2', results(['t', [[1, 0]]])),
      expectDurable('g', [
        { offset: 10, leaderEpoch: -1, metadata: 'm', commitTimestamp: 0, expireTimestamp: undefined },
        { offset: 11, leaderEpoch: -1, metadata: '', commitTimestamp: 100, expireTimestamp: 1100 },
      ]),
      send('d', offsetDelete('g', { t: [0] })),
      expect('d', { errorCode: 0 }),
      send('dg', deleteGroups(['g'])),
      expect('dg', { results: [{ groupId: 'g', errorCode: 0 }] }),
      expectDurable('g', [{ offset: 10 }, { offset: 11 }, null, null, null]),
    ],
  },
];

/** OffsetDelete, DeleteGroups, expiration and record scenarios. */
export const offsetLifecycleScenarios: Scenario[] = [...offsetDeleteScenarios, ...deleteGroupsScenarios, ...expirationScenarios, ...recordScenarios].map((s) => ({ topics: OFFSET_TOPICS, ...s }));
