/**
 * Request builders and setups for the offset scenarios: OffsetCommit (v9 by default),
 * OffsetFetch (v9), OffsetDelete (v0), DeleteGroups (v2), and consumer groups whose members
 * send real ConsumerProtocol subscriptions, so that the coordinator knows their topics (OD-04).
 *
 * Variables the setups bind: `$m1`, `$m2` member ids in join order; `$m1` leads.
 */
import type { BrokerConfigs, OneOf, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, expect, heartbeat, markDefaults, oneOf, protocols, send } from '../../src/conformance/scenario.js';
import type {
  GroupRequest,
  JoinGroupProtocol,
  OffsetCommitRequest,
  OffsetCommitRequestPartition,
  OffsetCommitRequestTopic,
  OffsetFetchRequestGroup,
  OffsetFetchRequestTopic,
} from '../../src/protocol/messages/index.js';
import { formGroup, sessionWithin } from './static-helpers.js';

const HEADER = { clientId: 'client', clientHost: '/127.0.0.1' } as const;

/**
 * Small retention settings, which the expiration scenarios ask for where a broker is started
 * per scenario: offsets expire after 1 minute; the cleanup runs every 10 s. A broker with other
 * values runs them with its own (see {@link retentionMs}, {@link checkIntervalMs}).
 */
export const SHORT_RETENTION: BrokerConfigs = {
  'offsets.retention.minutes': 1,
  'offsets.retention.check.interval.ms': 10_000,
};

/** `offsets.retention.minutes` of the broker, in ms. */
export function retentionMs(env: ScenarioEnv): number {
  return env.configs['offsets.retention.minutes']! * 60_000;
}

/** `offsets.retention.check.interval.ms` of the broker. */
export function checkIntervalMs(env: ScenarioEnv): number {
  return env.configs['offsets.retention.check.interval.ms']!;
}

/** The longest wait a scenario makes in real time (virtual time waits any time at once). */
export const REAL_TIME_WAIT_LIMIT_MS = 110_000;

/**
 * Why a scenario that waits `waitMs` cannot run here (in real time, a wait above
 * {@link REAL_TIME_WAIT_LIMIT_MS}), or undefined. `what` says what the wait is made of.
 */
export function waitFits(env: ScenarioEnv, waitMs: number, what: string): string | undefined {
  if (!env.realTime || waitMs <= REAL_TIME_WAIT_LIMIT_MS) return undefined;
  return `waits ${what}, ${Math.ceil(waitMs / 1000)} s with the target's offsets.retention.minutes (${env.configs['offsets.retention.minutes']}) and offsets.retention.check.interval.ms (${checkIntervalMs(env)}); more than ${REAL_TIME_WAIT_LIMIT_MS / 1000} s in real time`;
}

/** The longest session the broker allows: members that must stay while offsets age ask for it. */
export function longSession(env: ScenarioEnv): number {
  return sessionWithin(env, Number.MAX_SAFE_INTEGER);
}

/**
 * Lets `ms` pass right after a setup while members 1..n of group `g` (generation 1) stay: each
 * heartbeats at least one margin before its session of `sessionMs` ends (the first session
 * started {@link ScenarioEnv.settleMs} before the setup ended).
 */
export function idle(env: ScenarioEnv, ms: number, n: number, sessionMs: number): Step[] {
  const steps: Step[] = [];
  let chunk = sessionMs - env.settleMs - env.marginMs;
  for (let left = ms; left > 0; left -= chunk, chunk = sessionMs - env.marginMs) {
    steps.push(advance(Math.min(left, chunk)));
    if (left <= chunk) break;
    for (let k = 1; k <= n; k++) steps.push(send(`alive${k}`, heartbeat({ memberId: `$m${k}`, generationId: 1 })), expect(`alive${k}`, { errorCode: 0 }));
  }
  return steps;
}

/** One partition to commit: offset, and optionally metadata, leader epoch, commit timestamp. */
export function part(partitionIndex: number, committedOffset: number, fields: Partial<OffsetCommitRequestPartition> = {}): OffsetCommitRequestPartition {
  return { partitionIndex, committedOffset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null, ...fields };
}

/** A topic with the given partitions to commit. */
export function topic(name: string, ...partitions: OffsetCommitRequestPartition[]): OffsetCommitRequestTopic {
  return { name, partitions };
}

/**
 * An OffsetCommit (v9 by default) of group `g`, generation -1, no member: by default it commits
 * offset 10 of `t-0`.
 */
export function offsetCommit(fields: Partial<Omit<OffsetCommitRequest, 'api'>> = {}): GroupRequest {
  const request: GroupRequest = {
    api: 'OffsetCommit',
    version: 9,
    ...HEADER,
    groupId: 'g',
    generationIdOrMemberEpoch: -1,
    memberId: '',
    groupInstanceId: null,
    retentionTimeMs: -1,
    topics: [topic('t', part(0, 10))],
    ...fields,
  };
  return markDefaults(request, fields, { version: 'version' });
}

/** A commit by member `memberId` (a `'$m'` variable) of generation `generation`. */
export function memberCommit(memberId: string, generation: number, fields: Partial<Omit<OffsetCommitRequest, 'api'>> = {}): GroupRequest {
  return offsetCommit({ memberId, generationIdOrMemberEpoch: generation, ...fields });
}

/** Topics to fetch: `{ t: [0, 1] }`, in key order; `null` for all topics. */
export type FetchTopics = Readonly<Record<string, readonly number[]>> | null;

function fetchTopics(topics: FetchTopics): OffsetFetchRequestTopic[] | null {
  return topics === null ? null : Object.entries(topics).map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
}

/** An OffsetFetch of one group: v9 by default (a one-group list); v0-7 use the single-group layout. */
export function offsetFetch(groupId: string, topics: FetchTopics, fields: { version?: number; requireStable?: boolean } = {}): GroupRequest {
  const version = fields.version ?? 9;
  const marks: Record<string, 'version'> = fields.version === undefined ? { version: 'version' } : {};
  const requireStable = fields.requireStable ?? false;
  if (version < 8) return { api: 'OffsetFetch', version, ...HEADER, groupId, topics: fetchTopics(topics), requireStable };
  return markDefaults({ api: 'OffsetFetch', version, ...HEADER, groups: [{ groupId, memberId: null, memberEpoch: -1, topics: fetchTopics(topics) }], requireStable } as GroupRequest, {}, marks);
}

/** An OffsetFetch v8+ of several groups. */
export function offsetFetchGroups(groups: readonly (readonly [string, FetchTopics])[], given?: number): GroupRequest {
  const version = given ?? 9;
  const list: OffsetFetchRequestGroup[] = groups.map(([groupId, topics]) => ({ groupId, memberId: null, memberEpoch: -1, topics: fetchTopics(topics) }));
  const request: GroupRequest = { api: 'OffsetFetch', version, ...HEADER, groups: list, requireStable: false };
  return markDefaults(request, {}, given === undefined ? { version: 'version' } : {});
}

/** An OffsetDelete v0 of the listed partitions: `{ t: [0, 1] }`, in key order. */
export function offsetDelete(groupId: string, topics: Readonly<Record<string, readonly number[]>>): GroupRequest {
  return {
    api: 'OffsetDelete',
    version: 0,
    ...HEADER,
    groupId,
    topics: Object.entries(topics).map(([name, ps]) => ({ name, partitions: ps.map((partitionIndex) => ({ partitionIndex })) })),
  };
}

/** A DeleteGroups (v2 by default). */
export function deleteGroups(groupsNames: readonly string[], version = 2): GroupRequest {
  return { api: 'DeleteGroups', version, ...HEADER, groupsNames };
}

/** The pattern of one fetched partition: its offset, leader epoch and metadata, error NONE. */
export function fetched(partitionIndex: number, committedOffset: number, fields: { committedLeaderEpoch?: number; metadata?: string } = {}): object {
  return { partitionIndex, committedOffset, committedLeaderEpoch: fields.committedLeaderEpoch ?? -1, metadata: fields.metadata ?? '', errorCode: 0 };
}

/** The pattern of a partition with no stored offset. */
export function noOffset(partitionIndex: number): object {
  return fetched(partitionIndex, -1);
}

/** The pattern of a v8+ OffsetFetch answer for one group. */
export function fetchAnswer(groupId: string, topics: readonly object[]): object {
  return { errorCode: 0, groups: [{ groupId, errorCode: 0, topics }] };
}

/** The pattern of commit (or offset deletion) results: `[['t', [[0, 0], [1, 12]]]]` = topic, (partition, error). */
export function results(...topics: readonly (readonly [string, readonly (readonly [number, number])[]])[]): object {
  return { topics: topics.map(([name, ps]) => ({ name, partitions: ps.map(([partitionIndex, errorCode]) => ({ partitionIndex, errorCode })) })) };
}

/** ConsumerProtocolSubscription v0 bytes: version 0, the topics, null user data. */
export function subscriptionV0(topics: readonly string[]): Uint8Array {
  const names = topics.map((t) => new TextEncoder().encode(t));
  const out = new Uint8Array(2 + 4 + names.reduce((n, b) => n + 2 + b.length, 0) + 4);
  const view = new DataView(out.buffer);
  let at = 2;
  view.setInt32(at, names.length);
  at += 4;
  for (const b of names) {
    view.setInt16(at, b.length);
    out.set(b, at + 2);
    at += 2 + b.length;
  }
  view.setInt32(at, -1);
  return out;
}

/** The `range` protocol of a consumer subscribed to `topics`. */
export function consumerProtocols(topics: readonly string[]): JoinGroupProtocol[] {
  return [{ name: 'range', metadata: subscriptionV0(topics) }];
}

/** Options of the group setups. */
export interface GroupOptions {
  /** The group id; `g` by default. */
  readonly group?: string;
  /** Every member's session timeout; the environment's by default. */
  readonly sessionTimeoutMs?: number;
  /** The group's protocol type; `consumer` by default. */
  readonly protocolType?: string;
}

/**
 * A Stable group at generation 1 whose member i (m1 leads) subscribes with a real
 * ConsumerProtocol subscription to `topicsOf[i-1]`, or, for `null`, sends metadata that is no
 * subscription at all (`range:meta`), which leaves the group's subscriptions unknown (OD-04).
 * Formed like every setup for the broker's initial delay (static-helpers.ts).
 */
export function stableConsumerGroup(env: ScenarioEnv, topicsOf: readonly (readonly string[] | null)[], opts: GroupOptions = {}): Step[] {
  const protocolType = opts.protocolType ?? 'consumer';
  const members = topicsOf.map((topics) => ({
    static: false,
    fields: {
      protocolType,
      ...(opts.sessionTimeoutMs !== undefined ? { sessionTimeoutMs: opts.sessionTimeoutMs } : {}),
      protocols: topics === null ? protocols('range') : consumerProtocols(topics),
    },
  }));
  return formGroup(env, members, { ...(opts.group !== undefined ? { group: opts.group } : {}), protocolType });
}

/** Every member of a setup leaves at once (LeaveGroup v5), which empties the group (TM-09). */
export function leaveAll(n: number, group = 'g'): Step[] {
  const members = Array.from({ length: n }, (_x, k) => ({ memberId: `$m${k + 1}`, groupInstanceId: null, reason: null }));
  return [send('leaveAll', { api: 'LeaveGroup', version: 5, ...HEADER, groupId: group, members }), expect('leaveAll', { errorCode: 0 })];
}

/** Every ordering of `items`, for results whose order Kafka leaves open (DEL-01). */
export function anyOrder(items: readonly object[]): OneOf {
  const perms = (xs: readonly object[]): object[][] =>
    xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
  return oneOf(...perms(items));
}

/** The topics the offset scenarios commit to; a cluster target creates them. */
export const OFFSET_TOPICS = [
  { name: 't', partitions: 4 },
  { name: 'u', partitions: 4 },
  { name: 'v', partitions: 4 },
  { name: 'x', partitions: 4 },
] as const;
