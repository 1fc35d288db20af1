/**
 * The runner's view of names and generations at the target boundary: scenarios say group `g`,
 * topic `t` and generation 1; the broker sees names unique to the run and scenario, and the
 * generation it really reached.
 *
 * @remarks
 * Unique names let scenarios run concurrently and against a broker that already holds other
 * groups; a ListGroups answer is cut down to the scenario's own groups. Generation shifts come
 * from {@link shiftGenerations} steps: values below 0 (Kafka's "no generation", -1) are never
 * shifted.
 * @see ARCHITECTURE.md "Scenarios and targets"
 */
import { decodeSubscription, encodeSubscription } from '../protocol/consumer-protocol/index.js';
import type { GroupRequest, GroupResponse } from '../protocol/messages/index.js';
import type { GroupSnapshot, TopicSpec } from './scenario.js';
import type { ConsumerGroupSnapshot } from './consumer-scenario.js';

/**
 * The subscription with its topics renamed, when `metadata` is a ConsumerProtocolSubscription
 * exactly as Kafka's client encodes it; otherwise the metadata unchanged (opaque bytes).
 */
function renameSubscribedTopics(metadata: Uint8Array, f: (topic: string) => string): Uint8Array {
  try {
    const s = decodeSubscription(metadata);
    const again = encodeSubscription(s, s.version);
    if (again.length !== metadata.length || again.some((b, i) => b !== metadata[i])) return metadata;
    return encodeSubscription({ ...s, topics: s.topics.map(f) }, s.version);
  } catch {
    return metadata;
  }
}

/** Requests whose coordinator refuses the empty group id with INVALID_GROUP_ID. */
const REFUSES_EMPTY_GROUP_ID: ReadonlySet<string> = new Set(['JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup', 'OffsetDelete', 'DescribeGroups', 'DeleteGroups', 'ConsumerGroupHeartbeat', 'ConsumerGroupDescribe']);

/** A regular expression's metacharacters, escaped so that a prefix matches itself only. */
function quoteRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The names and generation shifts of one scenario run. */
export class Namespace {
  /** Generation shift per group, by the scenario's group id. */
  private readonly shifts = new Map<string, number>();

  /** @param prefix prepended to every group id and topic name the scenario uses ('' for none). */
  constructor(readonly prefix: string) {}

  /** Records a {@link shiftGenerations} step. */
  shift(groupId: string, by: number): void {
    this.shifts.set(groupId, (this.shifts.get(groupId) ?? 0) + by);
  }

  /** Whether the group's generations are shifted (its durable records do not follow the text). */
  isShifted(groupId: string): boolean {
    return (this.shifts.get(groupId) ?? 0) !== 0;
  }

  /** The broker's name of a scenario's group or topic (see `requestGroup` for the empty group id). */
  name(scenarioName: string): string {
    return this.prefix + scenarioName;
  }

  /** The scenario's name of a broker's group or topic, or undefined when it is not the scenario's. */
  private local(brokerName: string): string | undefined {
    return brokerName.startsWith(this.prefix) ? brokerName.slice(this.prefix.length) : undefined;
  }

  private strip(brokerName: string): string {
    return this.local(brokerName) ?? brokerName;
  }

  private up(groupId: string, generation: number): number {
    return generation < 0 ? generation : generation + (this.shifts.get(groupId) ?? 0);
  }

  private down(groupId: string, generation: number): number {
    const by = this.shifts.get(groupId) ?? 0;
    return generation < 0 || by === 0 ? generation : generation - by;
  }

  /**
   * The group id a request carries to the broker. The empty id stays empty in the requests that
   * refuse it (JG-02, SG-02, HB-01, LG-01, OD-01, DescribeGroups, DeleteGroups), so the broker refuses it; where it is a valid
   * id (OffsetCommit, OffsetFetch: OC-01) it names a real group and gets the run's prefix like any
   * other, so runs sharing a broker never share it.
   */
  private requestGroup(api: GroupRequest['api'], groupId: string): string {
    return groupId === '' && REFUSES_EMPTY_GROUP_ID.has(api) ? '' : this.name(groupId);
  }

  /** Topics as the broker names them. */
  topics(topics: readonly TopicSpec[]): TopicSpec[] {
    return topics.map((t) => ({ ...t, name: this.name(t.name) }));
  }

  private renameTopics<T extends { readonly name: string }>(topics: readonly T[] | null | undefined, f: (n: string) => string): T[] | null | undefined {
    return topics?.map((t) => ({ ...t, name: f(t.name) })) ?? (topics as null | undefined);
  }

  /** The request as the broker must receive it. */
  outbound(request: GroupRequest): GroupRequest {
    const n = (s: string): string => this.name(s);
    const r = request as GroupRequest & Record<string, unknown>;
    const out: Record<string, unknown> = { ...r };
    if (typeof r['groupId'] === 'string') out['groupId'] = this.requestGroup(request.api, r['groupId'] as string);
    const group = typeof r['groupId'] === 'string' ? (r['groupId'] as string) : '';
    if (typeof r['generationId'] === 'number') out['generationId'] = this.up(group, r['generationId'] as number);
    if (typeof r['generationIdOrMemberEpoch'] === 'number') out['generationIdOrMemberEpoch'] = this.up(group, r['generationIdOrMemberEpoch'] as number);
    if (request.api === 'DescribeGroups') out['groups'] = request.groups.map((g) => this.requestGroup(request.api, g));
    if (request.api === 'DeleteGroups') out['groupsNames'] = request.groupsNames.map((g) => this.requestGroup(request.api, g));
    if (Array.isArray(r['topics'])) out['topics'] = this.renameTopics(r['topics'] as { name: string }[], n);
    if (request.api === 'OffsetFetch' && request.groups !== undefined) {
      out['groups'] = request.groups.map((g) => ({ ...g, groupId: n(g.groupId), topics: this.renameTopics(g.topics, n) }));
    }
    if (request.api === 'ConsumerGroupHeartbeat') {
      out['memberEpoch'] = this.upEpoch(request.groupId, request.memberEpoch);
      if (request.subscribedTopicNames !== null) out['subscribedTopicNames'] = request.subscribedTopicNames.map(n);
      if (request.subscribedTopicRegex !== null) out['subscribedTopicRegex'] = this.regex(request.subscribedTopicRegex);
    }
    if (request.api === 'ConsumerGroupDescribe') out['groupIds'] = request.groupIds.map((g) => this.requestGroup(request.api, g));
    // The topics a consumer subscribes to travel inside its metadata (OD-04, EXP-02 read them).
    if (request.api === 'JoinGroup' && request.protocolType === 'consumer') {
      out['protocols'] = request.protocols.map((p) => ({ ...p, metadata: renameSubscribedTopics(p.metadata, n) }));
    }
    return out as unknown as GroupRequest;
  }

  /** The response as the scenario must see it, given the request (as the scenario wrote it). */
  inbound(request: GroupRequest, response: GroupResponse): GroupResponse {
    const s = (x: string): string => this.strip(x);
    const r = response as GroupResponse & Record<string, unknown>;
    const out: Record<string, unknown> = { ...r };
    if (response.api === 'JoinGroup' && request.api === 'JoinGroup') {
      out['generationId'] = this.down(request.groupId, response.generationId);
      if (request.protocolType === 'consumer') out['members'] = response.members.map((m) => ({ ...m, metadata: renameSubscribedTopics(m.metadata, s) }));
    }
    if (Array.isArray(r['topics'])) out['topics'] = this.renameTopics(r['topics'] as { name: string }[], s);
    if (response.api === 'DescribeGroups') out['groups'] = response.groups.map((g) => ({ ...g, groupId: s(g.groupId) }));
    if (response.api === 'DeleteGroups') out['results'] = response.results.map((g) => ({ ...g, groupId: s(g.groupId) }));
    if (response.api === 'ListGroups') {
      // Only the scenario's own groups: the broker may hold others (other scenarios, other users).
      out['groups'] = response.groups.filter((g) => this.local(g.groupId) !== undefined).map((g) => ({ ...g, groupId: s(g.groupId) }));
    }
    if (response.api === 'ConsumerGroupHeartbeat' && request.api === 'ConsumerGroupHeartbeat') out['memberEpoch'] = this.downEpoch(request.groupId, response.memberEpoch);
    if (response.api === 'ConsumerGroupDescribe') {
      out['groups'] = response.groups.map((g) => ({
        ...g,
        groupId: s(g.groupId),
        groupEpoch: this.downEpoch(s(g.groupId), g.groupEpoch),
        assignmentEpoch: this.downEpoch(s(g.groupId), g.assignmentEpoch),
        members: g.members.map((m) => ({
          ...m,
          memberEpoch: this.downEpoch(s(g.groupId), m.memberEpoch),
          subscribedTopicNames: m.subscribedTopicNames.map(s),
          subscribedTopicRegex: m.subscribedTopicRegex === null ? null : this.unregex(m.subscribedTopicRegex),
          assignment: { topicPartitions: this.renameTopicNames(m.assignment.topicPartitions) },
          targetAssignment: { topicPartitions: this.renameTopicNames(m.targetAssignment.topicPartitions) },
        })),
      }));
    }
    if (response.api === 'OffsetFetch' && Array.isArray(response.groups)) {
      out['groups'] = response.groups.map((g) => ({ ...g, groupId: s(g.groupId), topics: this.renameTopics(g.topics, s) }));
    }
    return out as unknown as GroupResponse;
  }

  /**
   * A subscription regex as the broker must see it: only the run's topics match it, and a
   * regex RE2J cannot compile stays one it cannot compile (CONF-16).
   */
  private regex(regex: string): string {
    return this.prefix === '' ? regex : `${quoteRegex(this.prefix)}(${regex})`;
  }

  /** The scenario's regex back from the broker's ({@link regex}'s inverse). */
  private unregex(regex: string): string {
    const head = `${quoteRegex(this.prefix)}(`;
    return this.prefix !== '' && regex.startsWith(head) && regex.endsWith(')') ? regex.slice(head.length, -1) : regex;
  }

  private renameTopicNames<T extends { readonly topicName: string }>(topics: readonly T[]): T[] {
    return topics.map((t) => ({ ...t, topicName: this.strip(t.topicName) }));
  }

  /**
   * A consumer-group epoch as the broker must see it: epochs above 0 shifted as the group's
   * generations are (CONF-21); 0 (join), -1 and -2 (leaves) never.
   */
  private upEpoch(groupId: string, epoch: number): number {
    return epoch > 0 ? this.up(groupId, epoch) : epoch;
  }

  /** {@link upEpoch}'s inverse, for epochs the broker answers with. */
  private downEpoch(groupId: string, epoch: number): number {
    return epoch > 0 ? this.down(groupId, epoch) : epoch;
  }

  /** A consumer-group snapshot of group `groupId` as the scenario must see it: its names, its epochs. */
  consumerSnapshot(groupId: string, g: ConsumerGroupSnapshot): ConsumerGroupSnapshot {
    return {
      ...g,
      groupEpoch: this.downEpoch(groupId, g.groupEpoch),
      assignmentEpoch: this.downEpoch(groupId, g.assignmentEpoch),
      members: g.members.map((m) => ({
        ...m,
        memberEpoch: this.downEpoch(groupId, m.memberEpoch),
        subscribedTopicNames: m.subscribedTopicNames.map((t) => this.strip(t)),
        subscribedTopicRegex: m.subscribedTopicRegex === null ? null : this.unregex(m.subscribedTopicRegex),
      })),
    };
  }

  /** A group snapshot as the scenario must see it. */
  snapshot(groupId: string, g: GroupSnapshot): GroupSnapshot {
    return g.generationId === undefined ? g : { ...g, generationId: this.down(groupId, g.generationId) };
  }
}
