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

/** Broker configs by Kafka name. */
export type BrokerConfigs = Readonly<Record<string, number>>;

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
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly leader: string | null;
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
  | { readonly op: 'expect'; readonly label: string; readonly response: Pattern }
  | { readonly op: 'expectPending'; readonly label: string }
  | { readonly op: 'expectGroup'; readonly groupId: string; readonly group: Pattern }
  | { readonly op: 'expectNoGroup'; readonly groupId: string }
  | { readonly op: 'expectDurable'; readonly groupId: string; readonly records: Pattern }
  | { readonly op: 'crashCoordinator'; readonly groupId: string }
  | { readonly op: 'restartBrokers' }
  | { readonly op: 'moveCoordinator'; readonly groupId: string }
  | { readonly op: 'sendToPreviousCoordinator'; readonly label: string; readonly request: GroupRequest }
  | { readonly op: 'expectNetworkError'; readonly label: string };

/** A topic a scenario needs. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}

/** A normative scenario. */
export interface Scenario {
  /** Unique, readable: `"JoinGroup: new member in Stable rebalances"`. */
  readonly name: string;
  /** The spec rule IDs this scenario demonstrates. */
  readonly rules: readonly string[];
  /** Broker configs it assumes (Kafka names); others are Kafka's defaults. */
  readonly config?: BrokerConfigs;
  /** Topics that must exist (offset commits for other topics get UNKNOWN_TOPIC_OR_PARTITION). */
  readonly topics?: readonly TopicSpec[];
  readonly steps: readonly Step[];
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

/** The labelled request has been answered, and the response matches the partial pattern. */
export function expect(label: string, response: Pattern): Step {
  return { op: 'expect', label, response };
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

// ---- request builders with defaults --------------------------------------------------------

const HEADER = { clientId: 'client', clientHost: '/127.0.0.1' } as const;

/** UTF-8 bytes of a string, for readable metadata and assignments in scenarios. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Protocols from names: metadata is the UTF-8 of `name:<tag>`. */
export function protocols(...names: string[]): JoinGroupProtocol[] {
  return names.map((name) => ({ name, metadata: bytes(`${name}:meta`) }));
}

/** A JoinGroup (v9 by default) for a new dynamic member of group `g`. */
export function joinGroup(fields: Partial<Omit<GroupRequest & { api: 'JoinGroup' }, 'api'>> = {}): GroupRequest {
  return {
    api: 'JoinGroup',
    version: 9,
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
}

/** A SyncGroup (v5 by default) with protocol type `consumer` and name `range`. */
export function syncGroup(fields: Partial<Omit<GroupRequest & { api: 'SyncGroup' }, 'api'>> = {}): GroupRequest {
  return {
    api: 'SyncGroup',
    version: 5,
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
}

/** A Heartbeat (v4 by default). */
export function heartbeat(fields: Partial<Omit<GroupRequest & { api: 'Heartbeat' }, 'api'>> = {}): GroupRequest {
  return { api: 'Heartbeat', version: 4, ...HEADER, groupId: 'g', generationId: 1, memberId: '', groupInstanceId: null, ...fields };
}

/** A LeaveGroup v5 batch of member ids (or identities). */
export function leaveGroup(members: readonly (string | LeaveGroupMemberIdentity)[], fields: { groupId?: string; version?: number } = {}): GroupRequest {
  const version = fields.version ?? 5;
  const base = { api: 'LeaveGroup' as const, ...HEADER, groupId: fields.groupId ?? 'g', version };
  if (version < 3) return { ...base, memberId: typeof members[0] === 'string' ? members[0] : (members[0]?.memberId ?? '') };
  return {
    ...base,
    members: members.map((m) => (typeof m === 'string' ? { memberId: m, groupInstanceId: null, reason: null } : m)),
  };
}

/** A DescribeGroups (v5 by default) of the given group ids. */
export function describeGroups(groups: readonly string[], fields: { version?: number } = {}): GroupRequest {
  return { api: 'DescribeGroups', version: fields.version ?? 5, ...HEADER, groups, includeAuthorizedOperations: false };
}

/** A ListGroups (v5 by default) with optional state and type filters. */
export function listGroups(fields: { version?: number; statesFilter?: readonly string[]; typesFilter?: readonly string[] } = {}): GroupRequest {
  return { api: 'ListGroups', version: fields.version ?? 5, ...HEADER, statesFilter: fields.statesFilter ?? [], typesFilter: fields.typesFilter ?? [] };
}

/** The response types, for pattern authors. */
export type { GroupResponse };
