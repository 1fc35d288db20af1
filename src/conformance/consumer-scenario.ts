/**
 * Consumer groups (KIP-848) in scenarios: topic ids by name, ConsumerGroupHeartbeat and
 * ConsumerGroupDescribe builders, assignment patterns compared as sets, and the consumer-group
 * snapshot `expectConsumerGroup` checks.
 *
 * @remarks
 * KIP-848 answers name topics by id, and ids differ per broker, so a scenario writes
 * `topicId('t')` (the string `'$topicId:t'`): the runner binds it to the id of the scenario's
 * topic `t` on the target before the first step (CONF-16). A joining member's id is a variable
 * (`'$m1'`): at v0 the coordinator generates it and the answer binds it; at v1 the client
 * generates it, so the runner binds a deterministic uuid-shaped id before sending (CONF-17).
 * Where Kafka leaves the outcome open (which member the uniform assignor gives which partition,
 * the order of described members), {@link assigned} checks counts, disjointness and coverage
 * instead of exact partitions, and {@link inAnyOrder} ignores order (CONF-18).
 * @see spec/conformance.md CONF-16..CONF-19
 */
import type { ConsumerGroup, ConsumerGroupStateName } from '../protocol/consumer/group.js';
import { consumerGroupState } from '../protocol/consumer/group.js';
import type { TopicIdPartitions } from '../protocol/consumer/assignment.js';
import { assignmentFromList, assignmentToList, EMPTY_ASSIGNMENT } from '../protocol/consumer/assignment.js';
import type { DescribedConsumerGroup } from '../protocol/messages/consumer-group-describe.js';
import type { GroupRequest } from '../protocol/messages/index.js';
import type { Pattern, Step } from './scenario.js';
import { markDefaults, versionOf } from './scenario.js';

/** The variable prefix of topic ids: `'$topicId:t'` is the id of the scenario's topic `t`. */
export const TOPIC_ID_VAR = 'topicId:';

/** The id of the scenario's topic `name` on the target (a variable the runner binds). */
export function topicId(name: string): string {
  return `$${TOPIC_ID_VAR}${name}`;
}

/** Partitions by topic name, as a request's `topicPartitions` (owned partitions) names them. */
export function owned(topics: Readonly<Record<string, readonly number[]>> = {}): TopicIdPartitions[] {
  return Object.entries(topics).map(([name, partitions]) => ({ topicId: topicId(name), partitions }));
}

/** One member of a consumer group as ConsumerGroupDescribe (or the in-process broker) shows it. */
export interface ConsumerMemberSnapshot {
  readonly memberId: string;
  readonly instanceId: string | null;
  readonly memberEpoch: number;
  readonly subscribedTopicNames: readonly string[];
  readonly subscribedTopicRegex: string | null;
  /** The partitions the member holds, in the canonical list form (topics by id, partitions ascending). */
  readonly assignment: readonly TopicIdPartitions[];
  /** The member's target assignment, canonical list form. */
  readonly targetAssignment: readonly TopicIdPartitions[];
}

/** The observable state of a consumer group. */
export interface ConsumerGroupSnapshot {
  readonly state: ConsumerGroupStateName;
  readonly groupEpoch: number;
  readonly assignmentEpoch: number;
  /** Members in the order the target lists them (Kafka's is a hash map's: match with {@link inAnyOrder}). */
  readonly members: readonly ConsumerMemberSnapshot[];
}

/** Partitions of topics by name: an exact list, or how many (any of the topic's). */
export type AssignmentSpec = Readonly<Record<string, readonly number[] | number>>;

/** Matches an assignment (a list of `{ topicId, partitions }`, or an object with `topicPartitions`) as a set. */
export interface AssignedPattern {
  readonly kind: 'assigned';
  readonly topics: AssignmentSpec;
  /** Binds the assignment (canonical list form) to this variable, so a request can send it back. */
  readonly bind?: string;
  /** Variables holding assignments this one must share no partition with. */
  readonly disjointFrom?: readonly string[];
  /** A variable holding the very same assignment (then `topics` is not consulted). */
  readonly equalTo?: string;
}

/** Matches an array holding one element per pattern, in any order. */
export interface InAnyOrder {
  readonly kind: 'inAnyOrder';
  readonly patterns: readonly Pattern[];
}

/**
 * Accept exactly these partitions per topic (or that many of the topic's), and no other topic.
 * `bind: 'a1'` keeps them as `'$a1'`; `disjointFrom: ['a1']` requires none of them to be in `'$a1'`.
 */
export function assigned(topics: AssignmentSpec, options: { bind?: string; disjointFrom?: readonly string[] } = {}): AssignedPattern {
  return { kind: 'assigned', topics, ...options };
}

/** Accept exactly the assignment bound to `variable` (`'$a1'` or `'a1'`), as a set. */
export function sameAssignment(variable: string): AssignedPattern {
  return { kind: 'assigned', topics: {}, equalTo: variable.replace(/^\$/, '') };
}

/** Accept an array with one element matching each pattern, in any order. */
export function inAnyOrder(...patterns: Pattern[]): InAnyOrder {
  return { kind: 'inAnyOrder', patterns };
}

/** The consumer group's observable state (through ConsumerGroupDescribe over the wire) matches the partial pattern. */
export function expectConsumerGroup(groupId: string, group: Partial<Record<keyof ConsumerGroupSnapshot, Pattern>>): Step {
  return { op: 'expectConsumerGroup', groupId, group };
}

/**
 * Create the topic, or grow it to `partitions` partitions, in the middle of a scenario; the
 * runner binds (or keeps) its id (`topicId(name)`). Targets that cannot skip the scenario.
 */
export function createTopic(name: string, partitions: number): Step {
  return { op: 'createTopic', name, partitions };
}

/** GROUP_ID_NOT_FOUND's code. */
const GROUP_ID_NOT_FOUND = 69;

const HEADER = { clientId: 'client', clientHost: '/127.0.0.1' } as const;

type HeartbeatFields = Partial<Omit<GroupRequest & { api: 'ConsumerGroupHeartbeat' }, 'api'>>;

/**
 * A ConsumerGroupHeartbeat of member `memberId` (a variable such as `'$m1'`, see CONF-17) at
 * `memberEpoch`, for group `g`, at the newest version the broker takes unless `version` is
 * given. Unless given: the environment's rebalance timeout, no instance, rack or assignor, and
 * subscription and owned partitions `null` (unchanged).
 */
export function consumerHeartbeat(memberId: string, memberEpoch: number, fields: HeartbeatFields = {}): GroupRequest {
  const request: GroupRequest = {
    api: 'ConsumerGroupHeartbeat',
    version: versionOf('ConsumerGroupHeartbeat', undefined),
    ...HEADER,
    groupId: 'g',
    memberId,
    memberEpoch,
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: 30_000,
    subscribedTopicNames: null,
    subscribedTopicRegex: null,
    serverAssignor: null,
    topicPartitions: null,
    ...fields,
  };
  return markDefaults(request, fields, { version: 'version', rebalanceTimeoutMs: 'rebalance' });
}

/** A member joining (epoch 0) subscribed to `topics`, owning nothing: Kafka's first, full request. */
export function joinConsumer(memberId: string, topics: readonly string[], fields: HeartbeatFields = {}): GroupRequest {
  return consumerHeartbeat(memberId, 0, { subscribedTopicNames: topics, topicPartitions: [], ...fields });
}

/**
 * A full heartbeat (subscription, rebalance timeout and owned partitions all given), which Kafka
 * always answers with the member's assignment.
 */
export function fullHeartbeat(memberId: string, memberEpoch: number, topics: readonly string[], ownedPartitions: readonly TopicIdPartitions[] | string, fields: HeartbeatFields = {}): GroupRequest {
  return consumerHeartbeat(memberId, memberEpoch, { subscribedTopicNames: topics, topicPartitions: ownedPartitions as readonly TopicIdPartitions[], ...fields });
}

/** A ConsumerGroupDescribe of the given groups (the newest version the broker takes unless `version` is given). */
export function consumerGroupDescribe(groupIds: readonly string[], fields: { version?: number } = {}): GroupRequest {
  const request: GroupRequest = { api: 'ConsumerGroupDescribe', version: versionOf('ConsumerGroupDescribe', fields.version), ...HEADER, groupIds, includeAuthorizedOperations: false };
  return markDefaults(request, fields, { version: 'version' });
}

/**
 * A client-generated member id for ConsumerGroupHeartbeat v1+ (KIP-1082): uuid-shaped (22
 * characters of URL-safe base64, as Kafka's `Uuid.toString()` prints one) and deterministic, a
 * function of the run's prefix and the variable, so reruns send the same ids.
 */
export function clientMemberId(prefix: string, variable: string): string {
  const bytes = new Uint8Array(16);
  let h = 0x811c9dc5;
  const text = `${prefix}/${variable}`;
  for (let word = 0; word < 4; word++) {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ word, 0x01000193) >>> 0;
    for (let k = 0; k < 4; k++) bytes[word * 4 + k] = (h >>> (8 * k)) & 0xff;
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4, as Uuid.randomUuid()
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  bytes[0] = bytes[0]! & 0x7f; // never a leading '-', which Kafka's Uuid.randomUuid() draws again
  return Buffer.from(bytes).toString('base64url');
}

/** The snapshot of a live consumer group, as the in-process targets read it (what ConsumerGroupDescribe shows). */
export function consumerGroupSnapshot(g: ConsumerGroup): ConsumerGroupSnapshot {
  return {
    state: consumerGroupState(g),
    groupEpoch: g.groupEpoch,
    assignmentEpoch: g.targetAssignmentEpoch,
    members: [...g.members.values()].map((m) => ({
      memberId: m.memberId,
      instanceId: m.instanceId,
      memberEpoch: m.memberEpoch,
      subscribedTopicNames: m.subscribedTopicNames,
      subscribedTopicRegex: m.subscribedTopicRegex,
      assignment: assignmentToList(m.assignedPartitions),
      targetAssignment: assignmentToList(g.targetAssignment.get(m.memberId) ?? EMPTY_ASSIGNMENT),
    })),
  };
}

/**
 * A ConsumerGroupDescribe entry as a {@link ConsumerGroupSnapshot}, or undefined for a group
 * that is not a consumer group (GROUP_ID_NOT_FOUND, Kafka's answer for an unknown id and for a
 * classic group's) or is Dead.
 * @throws Error naming any other error.
 */
export function describedConsumerSnapshot(g: DescribedConsumerGroup): ConsumerGroupSnapshot | undefined {
  if (g.errorCode === GROUP_ID_NOT_FOUND || g.groupState === 'Dead') return undefined;
  if (g.errorCode !== 0) throw new Error(`ConsumerGroupDescribe of ${g.groupId}: error ${g.errorCode}${g.errorMessage ? ` (${g.errorMessage})` : ''}`);
  const list = (a: DescribedConsumerGroup['members'][number]['assignment']): TopicIdPartitions[] =>
    assignmentToList(assignmentFromList(a.topicPartitions.map((t) => ({ topicId: t.topicId, partitions: t.partitions }))));
  return {
    state: g.groupState as ConsumerGroupStateName,
    groupEpoch: g.groupEpoch,
    assignmentEpoch: g.assignmentEpoch,
    members: g.members.map((m) => ({
      memberId: m.memberId,
      instanceId: m.instanceId,
      memberEpoch: m.memberEpoch,
      subscribedTopicNames: m.subscribedTopicNames,
      subscribedTopicRegex: m.subscribedTopicRegex,
      assignment: list(m.assignment),
      targetAssignment: list(m.targetAssignment),
    })),
  };
}
