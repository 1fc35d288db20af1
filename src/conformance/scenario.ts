/**
 * Conformance scenarios as typed data: requests to send, time to pass, and what must come
 * back. The same scenarios are the project's regression tests and the suite others run.
 *
 * @remarks
 * Values the broker generates (member ids) are captured into variables: in a request, a
 * string `'$m1'` is replaced by the variable's value; in an expectation, `'$m1'` binds the
 * variable on first use and must match afterwards. {@link oneOf} lists outcomes Kafka may
 * choose between; {@link anything} accepts any value.
 * @see ARCHITECTURE.md "Scenarios and targets"
 */
import type { GroupRequest, GroupResponse, JoinGroupProtocol, LeaveGroupMemberIdentity } from '../protocol/messages/index.js';
import type { ClassicGroup, GroupStateName } from '../protocol/group.js';
import { NEGOTIABLE } from './versions.js';
import { bytes } from './text-bytes.js';

export { bytes };

/** Broker configs by Kafka name. */
export type BrokerConfigs = Readonly<Record<string, number>>;

/**
 * What a scenario knows of the broker it runs against, derived from the broker's configs: the
 * timings and limits its steps are written in, so that the same scenario runs against a broker
 * with Kafka's defaults and against one with small timers.
 *
 * @remarks
 * A broker started once by its operator cannot be reconfigured per scenario, so scenarios
 * compute their waits from these values instead of fixed milliseconds. {@link scenarioEnv}
 * derives them; the runner hands them to {@link Scenario.steps} when it is a function.
 */
export interface ScenarioEnv {
  /** Every group coordinator config by Kafka name: the target's (or the run's) values over Kafka's defaults. */
  readonly configs: BrokerConfigs;
  /** `group.initial.rebalance.delay.ms`. */
  readonly delayMs: number;
  /** The session timeout the scenarios' members ask for: within the broker's session bounds. */
  readonly sessionMs: number;
  /** The rebalance timeout the scenarios' members ask for: three sessions. */
  readonly rebalanceMs: number;
  /**
   * How far either side of a deadline a check looks: 1 ms in virtual time; over the wire,
   * enough for a request to travel and a real timer to fire late.
   */
  readonly marginMs: number;
  /**
   * Time for answers already due to arrive: 0 in virtual time (they are delivered at once),
   * {@link marginMs} in real time.
   */
  readonly settleMs: number;
  /** Whether time is real (a broker over the wire) rather than virtual. */
  readonly realTime: boolean;
  /**
   * Whether the broker answers a first JoinGroup without a member id with MEMBER_ID_REQUIRED
   * (JG-08), as Kafka does (true unless the target found otherwise): the shared setups then join
   * in one step so that the rest of each scenario still runs (CONF-03).
   */
  readonly memberIdRequired: boolean;
  /** `group.consumer.session.timeout.ms`: a consumer-group (KIP-848) member's session, a broker config. */
  readonly consumerSessionMs: number;
  /** `group.consumer.heartbeat.interval.ms`: the interval every ConsumerGroupHeartbeat answer carries. */
  readonly consumerHeartbeatMs: number;
}

/** Kafka's defaults of the group coordinator configs, by Kafka name. */
export const KAFKA_DEFAULTS: BrokerConfigs = Object.freeze({
  'group.initial.rebalance.delay.ms': 3000,
  'group.min.session.timeout.ms': 6000,
  'group.max.session.timeout.ms': 1_800_000,
  'group.max.size': 2_147_483_647,
  'offsets.retention.minutes': 10_080,
  'offsets.retention.check.interval.ms': 600_000,
  'offset.metadata.max.bytes': 4096,
  'group.consumer.session.timeout.ms': 45_000,
  'group.consumer.min.session.timeout.ms': 45_000,
  'group.consumer.max.session.timeout.ms': 60_000,
  'group.consumer.heartbeat.interval.ms': 5_000,
  'group.consumer.min.heartbeat.interval.ms': 5_000,
  'group.consumer.max.heartbeat.interval.ms': 15_000,
  'group.consumer.max.size': 2_147_483_647,
});

/** The session timeout scenarios ask for in virtual time, bounds permitting. */
const VIRTUAL_SESSION_MS = 10_000;
/** The margin around deadlines over the wire (real timers, loopback TCP). */
export const REAL_TIME_MARGIN_MS = 300;

/**
 * The environment of a scenario on a broker with these configs (others are Kafka's defaults).
 *
 * @remarks
 * Virtual time: sessions of 10 s (clamped to the broker's bounds), exact 1 ms margins. Real
 * time: sessions as short as the broker allows but at least eight margins, so that a check one
 * margin before a deadline cannot see it pass.
 */
export function scenarioEnv(configs: BrokerConfigs, realTime: boolean, marginMs = REAL_TIME_MARGIN_MS): ScenarioEnv {
  const all = { ...KAFKA_DEFAULTS, ...configs };
  const min = all['group.min.session.timeout.ms']!;
  const max = all['group.max.session.timeout.ms']!;
  const margin = realTime ? marginMs : 1;
  const wanted = realTime ? Math.max(min, 8 * margin) : VIRTUAL_SESSION_MS;
  const sessionMs = Math.min(max, Math.max(min, wanted));
  return {
    configs: all,
    delayMs: all['group.initial.rebalance.delay.ms']!,
    sessionMs,
    rebalanceMs: 3 * sessionMs,
    marginMs: margin,
    settleMs: realTime ? margin : 0,
    realTime,
    memberIdRequired: true,
    consumerSessionMs: all['group.consumer.session.timeout.ms']!,
    consumerHeartbeatMs: all['group.consumer.heartbeat.interval.ms']!,
  };
}

/** A value pattern: literal, `'$var'`, `oneOf`, `anything`, or a nested partial pattern. */
export type Pattern = unknown;

/** Matches any of the given patterns (the first that matches binds its variables). */
export interface OneOf {
  readonly kind: 'oneOf';
  readonly options: readonly Pattern[];
}

/** Matches any value. */
export interface Anything {
  readonly kind: 'anything';
}

/** Matches a string that starts with `prefix`. */
export interface StartsWith {
  readonly kind: 'startsWith';
  readonly prefix: string;
}

/** Matches when every pattern matches (binding the variables of each). */
export interface AllOf {
  readonly kind: 'allOf';
  readonly patterns: readonly Pattern[];
}

/** Accept a string starting with `prefix`. */
export function startsWith(prefix: string): StartsWith {
  return { kind: 'startsWith', prefix };
}

/** Accept a value matching every pattern, e.g. `allOf('$m1', startsWith('c1-'))`. */
export function allOf(...patterns: Pattern[]): AllOf {
  return { kind: 'allOf', patterns };
}

/** Accept any of these outcomes. */
export function oneOf(...options: Pattern[]): OneOf {
  return { kind: 'oneOf', options };
}

/** Accept any value. */
export const anything: Anything = { kind: 'anything' };

/** The observable state of a group, as DescribeGroups (or the in-process broker) shows it. */
export interface GroupSnapshot {
  readonly state: GroupStateName;
  /**
   * Absent where the target cannot see it: DescribeGroups does not carry the generation, so
   * over the wire a scenario's expectation of it is not checked.
   */
  readonly generationId?: number;
  readonly protocolType: string | null;
  /** Absent where the target cannot see it: DescribeGroups shows the selected protocol only in Stable. */
  readonly protocolName?: string | null;
  /** Absent where the target cannot see it: DescribeGroups does not carry the leader. */
  readonly leader?: string | null;
  /** Member ids in join order. */
  readonly members: readonly string[];
}

/** The snapshot of a live group, as the in-process targets read it. */
export function groupSnapshot(g: ClassicGroup): GroupSnapshot {
  return {
    state: g.state,
    generationId: g.generationId,
    protocolType: g.protocolType,
    protocolName: g.protocolName,
    leader: g.leaderId,
    members: [...g.members.keys()],
  };
}

/** A durable record as scenarios see it: GroupMetadata values of one group. */
export interface DurableGroupRecord {
  readonly groupId: string;
  readonly value: unknown;
}

/** One step of a scenario. */
export type Step =
  | { readonly op: 'send'; readonly label: string; readonly request: GroupRequest }
  | { readonly op: 'advance'; readonly ms: number }
  | { readonly op: 'expect'; readonly label: string; readonly response: Pattern; readonly rules?: readonly string[] }
  | { readonly op: 'expectPending'; readonly label: string }
  | { readonly op: 'expectGroup'; readonly groupId: string; readonly group: Pattern }
  | { readonly op: 'expectNoGroup'; readonly groupId: string }
  | { readonly op: 'expectConsumerGroup'; readonly groupId: string; readonly group: Pattern }
  | { readonly op: 'createTopic'; readonly name: string; readonly partitions: number }
  | { readonly op: 'expectDurable'; readonly groupId: string; readonly records: Pattern }
  | { readonly op: 'crashCoordinator'; readonly groupId: string }
  | { readonly op: 'restartBrokers' }
  | { readonly op: 'moveCoordinator'; readonly groupId: string }
  | { readonly op: 'sendToPreviousCoordinator'; readonly label: string; readonly request: GroupRequest }
  | { readonly op: 'expectNetworkError'; readonly label: string }
  | { readonly op: 'shiftGenerations'; readonly groupId: string; readonly by: number }
  | { readonly op: 'alignGeneration'; readonly groupId: string; readonly label: string; readonly generation: number; readonly rules?: readonly string[] };

/** A topic a scenario needs. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}

/**
 * Settings of the built-in in-memory cluster a scenario may ask for (not Kafka configs: a
 * broker over the wire has its own cluster, and these are ignored there).
 */
export interface ClusterSettings {
  /** Number of brokers (default 3). */
  readonly brokers?: number;
  /** How long a follower waits between fetches of `__consumer_offsets` (default 0). */
  readonly replicaFetchDelayMs?: number;
  /** `offsets.topic.num.partitions` of the in-memory cluster (default 50). */
  readonly offsetsPartitions?: number;
  /** `offsets.topic.replication.factor` of the in-memory cluster (default 3). */
  readonly offsetsReplication?: number;
}

/** The steps of a scenario: fixed, or computed from the broker's environment. */
export type Steps = readonly Step[] | ((env: ScenarioEnv) => readonly Step[]);

/** A normative scenario. */
export interface Scenario {
  /** Unique, readable: `"JoinGroup: new member in Stable rebalances"`. */
  readonly name: string;
  /** The spec rule IDs this scenario demonstrates. */
  readonly rules: readonly string[];
  /**
   * Broker configs (Kafka names) the scenario asks for. A target that starts a broker per
   * scenario (in process) applies them; a broker with fixed configs keeps its own, and the
   * scenario is skipped when they differ, unless {@link needs} accepts the broker's values.
   */
  readonly config?: BrokerConfigs;
  /**
   * When present, decides on a broker with fixed configs instead of the exact match of
   * {@link config}: returns why the scenario cannot run in this environment, or undefined.
   */
  readonly needs?: (env: ScenarioEnv) => string | undefined;
  /**
   * The scenario watches a group stay Empty (or keep its offsets) until its end, which the
   * broker's periodic cleanup (EXP-01) could cut short: on a broker with fixed configs it is
   * skipped when `offsets.retention.check.interval.ms` is not longer than the scenario.
   */
  readonly watchesEmpty?: boolean;
  /** Settings of the in-memory cluster (failover scenarios). */
  readonly cluster?: ClusterSettings;
  /** Topics that must exist (offset commits for other topics get UNKNOWN_TOPIC_OR_PARTITION). */
  readonly topics?: readonly TopicSpec[];
  readonly steps: Steps;
}

/**
 * Waits for the labelled JoinGroup's answer and shifts the group's generations so that the
 * generation it carries reads `generation` in the scenario's text (CONF-04).
 *
 * @remarks
 * Setups use it where the text's generation 1 is the first join phase's: a broker that counts
 * from elsewhere (librdkafka's mock starts at 2) then still reaches the rules a scenario is about;
 * the scenarios of GS-06 check the first generation themselves. Against Kafka the shift is 0.
 */
export function alignGeneration(groupId: string, label: string, generation: number, rules?: readonly string[]): Step {
  return rules === undefined ? { op: 'alignGeneration', groupId, label, generation } : { op: 'alignGeneration', groupId, label, generation, rules };
}

/** The time a scenario's steps let pass (the sum of its advances). */
export function elapsedMs(steps: readonly Step[]): number {
  return steps.reduce((ms, step) => ms + (step.op === 'advance' ? step.ms : 0), 0);
}

/** The steps of a scenario in an environment. */
export function stepsOf(scenario: Scenario, env: ScenarioEnv): readonly Step[] {
  return typeof scenario.steps === 'function' ? scenario.steps(env) : scenario.steps;
}

// ---- step builders -------------------------------------------------------------------------

/** Send a request under a label; its response may come now or later. */
export function send(label: string, request: GroupRequest): Step {
  return { op: 'send', label, request };
}

/** Let `ms` of time pass (instant in process; real time over the wire). */
export function advance(ms: number): Step {
  return { op: 'advance', ms };
}

/**
 * The labelled request has been answered, and the response matches the partial pattern. `rules`
 * names the rules this one check demonstrates, where they are not the scenario's own (a shared
 * setup's checks): a failure here is then reported against them.
 */
export function expect(label: string, response: Pattern, rules?: readonly string[]): Step {
  return rules === undefined ? { op: 'expect', label, response } : { op: 'expect', label, response, rules };
}

/** The labelled request has not been answered yet (it is parked). */
export function expectPending(label: string): Step {
  return { op: 'expectPending', label };
}

/** The group's observable state matches the partial pattern. */
export function expectGroup(groupId: string, group: Partial<Record<keyof GroupSnapshot, Pattern>>): Step {
  return { op: 'expectGroup', groupId, group };
}

/** The coordinator has no such group. */
export function expectNoGroup(groupId: string): Step {
  return { op: 'expectNoGroup', groupId };
}

/**
 * The GroupMetadata values written for the group, in order, match the patterns (in-process
 * targets only; others skip the scenario).
 */
export function expectDurable(groupId: string, records: readonly Pattern[]): Step {
  return { op: 'expectDurable', groupId, records };
}

/** Crash the broker coordinating the group (targets that cannot are skipped). */
export function crashCoordinator(groupId = 'g'): Step {
  return { op: 'crashCoordinator', groupId };
}

/** Restart every crashed broker. */
export function restartBrokers(): Step {
  return { op: 'restartBrokers' };
}

/** Move the group's coordinator to another in-sync replica (a controlled leadership move). */
export function moveCoordinator(groupId = 'g'): Step {
  return { op: 'moveCoordinator', groupId };
}

/** Send to the broker that coordinated the group before the last fault step. */
export function sendToPreviousCoordinator(label: string, request: GroupRequest): Step {
  return { op: 'sendToPreviousCoordinator', label, request };
}

/** The labelled request failed at the network level (its broker was down or crashed). */
export function expectNetworkError(label: string): Step {
  return { op: 'expectNetworkError', label };
}

/**
 * From here on, the group's generation ids are `by` higher at the broker than the scenario
 * says: the runner adds `by` to the generation ids it sends for the group and subtracts it
 * from those it receives.
 *
 * @remarks
 * Setups that must form a group one member at a time (an initial rebalance delay too short
 * for all members to join at once) end at a higher generation than the scenario's text
 * assumes; this step keeps the text unchanged. Durable record expectations of such a group
 * are skipped (the broker wrote more generations than the text lists).
 */
export function shiftGenerations(groupId: string, by: number): Step {
  return { op: 'shiftGenerations', groupId, by };
}

// ---- request builders with defaults --------------------------------------------------------

const HEADER = { clientId: 'client', clientHost: '/127.0.0.1' } as const;

/** Protocols from names: metadata is the UTF-8 of `name:<tag>`. */
export function protocols(...names: string[]): JoinGroupProtocol[] {
  return names.map((name) => ({ name, metadata: bytes(`${name}:meta`) }));
}

/** What a defaulted field of a built request follows: the broker's versions, or the environment's timeouts. */
export type Defaulted = 'version' | 'session' | 'rebalance';

const DEFAULTED = Symbol('kgspec.defaulted');

/**
 * Marks the fields a builder filled in itself (the scenario did not give them): the runner
 * replaces them with the broker's newest version in range and the environment's timeouts.
 *
 * @remarks
 * The request keeps concrete values (Kafka 4.0's newest version, a 10 s session), so the
 * builders also serve tests that drive the broker directly; the mark is a non-enumerable
 * property that copies and comparisons never see.
 */
export function markDefaults<T extends object>(request: T, given: object, fields: Readonly<Record<string, Defaulted>>): T {
  // A plain loop: a benchmark builds one request per member join, and the entries/filter/fromEntries
  // chain showed in its profile.
  const defaulted: Record<string, Defaulted> = {};
  for (const k in fields) if (!(k in given)) defaulted[k] = fields[k]!;
  Object.defineProperty(request, DEFAULTED, { value: defaulted, enumerable: false });
  return request;
}

/** A built request with some fields replaced, keeping the marks of the fields it still defaults. */
export function withFields<T extends object>(request: T, fields: Partial<T>): T {
  const marks = Object.fromEntries(Object.entries(defaultedFields(request)).filter(([k]) => !(k in fields)));
  return markDefaults({ ...request, ...fields }, {}, marks);
}

/** The fields of a built request that its builder defaulted (none for a request written out). */
export function defaultedFields(request: object): Readonly<Record<string, Defaulted>> {
  return (request as { [DEFAULTED]?: Record<string, Defaulted> })[DEFAULTED] ?? {};
}

/** A builder's version: the one given, else the newest of the API's negotiable range (versions.ts). */
export function versionOf(api: string, given: number | undefined): number {
  const range = NEGOTIABLE[api];
  if (range === undefined) throw new Error(`${api} has no negotiable version range`);
  return given ?? range.newest;
}

/** A JoinGroup (the newest version the broker takes, v4-v9, unless `version` is given) for a new dynamic member of group `g`, with the environment's session and rebalance timeouts. */
export function joinGroup(fields: Partial<Omit<GroupRequest & { api: 'JoinGroup' }, 'api'>> = {}): GroupRequest {
  const request: GroupRequest = {
    api: 'JoinGroup',
    version: versionOf('JoinGroup', undefined),
    ...HEADER,
    groupId: 'g',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: protocols('range'),
    reason: null,
    ...fields,
  };
  return markDefaults(request, fields, { version: 'version', sessionTimeoutMs: 'session', rebalanceTimeoutMs: 'rebalance' });
}

/** A SyncGroup with protocol type `consumer` and name `range` (the newest version the broker takes unless `version` is given). */
export function syncGroup(fields: Partial<Omit<GroupRequest & { api: 'SyncGroup' }, 'api'>> = {}): GroupRequest {
  const request: GroupRequest = {
    api: 'SyncGroup',
    version: versionOf('SyncGroup', undefined),
    ...HEADER,
    groupId: 'g',
    generationId: 1,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocolName: 'range',
    assignments: [],
    ...fields,
  };
  return markDefaults(request, fields, { version: 'version' });
}

/** A Heartbeat (the newest version the broker takes unless `version` is given). */
export function heartbeat(fields: Partial<Omit<GroupRequest & { api: 'Heartbeat' }, 'api'>> = {}): GroupRequest {
  const request: GroupRequest = { api: 'Heartbeat', version: versionOf('Heartbeat', undefined), ...HEADER, groupId: 'g', generationId: 1, memberId: '', groupInstanceId: null, ...fields };
  return markDefaults(request, fields, { version: 'version' });
}

/** A LeaveGroup batch of member ids (or identities), at the newest version the broker takes unless `version` is given. */
export function leaveGroup(members: readonly (string | LeaveGroupMemberIdentity)[], fields: { groupId?: string; version?: number } = {}): GroupRequest {
  const version = versionOf('LeaveGroup', fields.version);
  const base = { api: 'LeaveGroup' as const, ...HEADER, groupId: fields.groupId ?? 'g', version };
  if (version < 3) return { ...base, memberId: typeof members[0] === 'string' ? members[0] : (members[0]?.memberId ?? '') };
  const request: GroupRequest = {
    ...base,
    members: members.map((m) => (typeof m === 'string' ? { memberId: m, groupInstanceId: null, reason: null } : m)),
  };
  return markDefaults(request, fields, { version: 'version' });
}

/** A DescribeGroups (the newest version the broker takes unless `version` is given) of the given group ids. */
export function describeGroups(groups: readonly string[], fields: { version?: number } = {}): GroupRequest {
  const request: GroupRequest = { api: 'DescribeGroups', version: versionOf('DescribeGroups', fields.version), ...HEADER, groups, includeAuthorizedOperations: false };
  return markDefaults(request, fields, { version: 'version' });
}

/** A ListGroups (the newest version the broker takes unless `version` is given) with optional state and type filters. */
export function listGroups(fields: { version?: number; statesFilter?: readonly string[]; typesFilter?: readonly string[] } = {}): GroupRequest {
  const request: GroupRequest = { api: 'ListGroups', version: versionOf('ListGroups', fields.version), ...HEADER, statesFilter: fields.statesFilter ?? [], typesFilter: fields.typesFilter ?? [] };
  return markDefaults(request, fields, { version: 'version' });
}

/** The response types, for pattern authors. */
export type { GroupResponse };
