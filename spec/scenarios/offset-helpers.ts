/**
 * Request builders and setups for the offset scenarios: OffsetCommit (v9 by default),
 * OffsetFetch (v9), OffsetDelete (v0), DeleteGroups (v2), and consumer groups whose members
 * send real ConsumerProtocol subscriptions, so that the coordinator knows their topics (OD-04).
 *
 * Variables the setups bind: `$m1`, `$m2` member ids in join order; `$m1` leads.
 */
import type { BrokerConfigs, OneOf, Step } from '../../src/conformance/scenario.js';
import { advance, expect, joinGroup, oneOf, protocols, send, syncGroup } from '../../src/conformance/scenario.js';
import type {
  GroupRequest,
  JoinGroupProtocol,
  OffsetCommitRequest,
  OffsetCommitRequestPartition,
  OffsetCommitRequestTopic,
  OffsetFetchRequestGroup,
  OffsetFetchRequestTopic,
} from '../../src/protocol/messages/index.js';
import { SHORT_DELAY, assignmentOf } from './setup.js';

const HEADER = { clientId: 'client', clientHost: '/127.0.0.1' } as const;

/** Small retention settings: offsets expire after 1 minute; the cleanup runs every 10 s. */
export const SHORT_RETENTION: BrokerConfigs = {
  ...SHORT_DELAY,
  'offsets.retention.minutes': 1,
  'offsets.retention.check.interval.ms': 10_000,
};

/** `offsets.retention.minutes` of {@link SHORT_RETENTION}, in ms. */
export const RETENTION_MS = 60_000;
/** `offsets.retention.check.interval.ms` of {@link SHORT_RETENTION}. */
export const CHECK_INTERVAL_MS = 10_000;

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
  return {
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
  const requireStable = fields.requireStable ?? false;
  if (version < 8) return { api: 'OffsetFetch', version, ...HEADER, groupId, topics: fetchTopics(topics), requireStable };
  return { api: 'OffsetFetch', version, ...HEADER, groups: [{ groupId, memberId: null, memberEpoch: -1, topics: fetchTopics(topics) }], requireStable };
}

/** An OffsetFetch v8+ of several groups. */
export function offsetFetchGroups(groups: readonly (readonly [string, FetchTopics])[], version = 9): GroupRequest {
  const list: OffsetFetchRequestGroup[] = groups.map(([groupId, topics]) => ({ groupId, memberId: null, memberEpoch: -1, topics: fetchTopics(topics) }));
  return { api: 'OffsetFetch', version, ...HEADER, groups: list, requireStable: false };
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
  /** Every member's session timeout; 10000 by default. */
  readonly sessionTimeoutMs?: number;
  /** The group's protocol type; `consumer` by default. */
  readonly protocolType?: string;
}

/**
 * A Stable group at generation 1 (time 200) whose member i (m1 leads) subscribes with a real
 * ConsumerProtocol subscription to `topicsOf[i-1]`, or, for `null`, sends metadata that is no
 * subscription at all (`range:meta`), which leaves the group's subscriptions unknown (OD-04).
 */
export function stableConsumerGroup(topicsOf: readonly (readonly string[] | null)[], opts: GroupOptions = {}): Step[] {
  const group = opts.group ?? 'g';
  const protocolType = opts.protocolType ?? 'consumer';
  const steps: Step[] = [];
  topicsOf.forEach((topics, k) => {
    const i = k + 1;
    const fields = {
      groupId: group,
      clientId: `c${i}`,
      protocolType,
      sessionTimeoutMs: opts.sessionTimeoutMs ?? 10_000,
      protocols: topics === null ? protocols('range') : consumerProtocols(topics),
    };
    steps.push(send(`first${i}`, joinGroup(fields)), expect(`first${i}`, { errorCode: 79, memberId: `$m${i}` }), send(`join${i}`, joinGroup({ ...fields, memberId: `$m${i}` })));
  });
  steps.push(advance(200));
  topicsOf.forEach((_t, k) => steps.push(expect(`join${k + 1}`, { errorCode: 0, generationId: 1, memberId: `$m${k + 1}` })));
  const assignments = topicsOf.map((_t, k) => ({ memberId: `$m${k + 1}`, assignment: assignmentOf(k + 1, 1) }));
  const sync = { groupId: group, generationId: 1, protocolType };
  steps.push(send('sync1', syncGroup({ ...sync, memberId: '$m1', assignments })), expect('sync1', { errorCode: 0 }));
  for (let i = 2; i <= topicsOf.length; i++) steps.push(send(`sync${i}`, syncGroup({ ...sync, memberId: `$m${i}` })), expect(`sync${i}`, { errorCode: 0 }));
  return steps;
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
