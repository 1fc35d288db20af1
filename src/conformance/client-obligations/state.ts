/**
 * What the client-obligation monitor remembers of each group and member, and how it describes
 * an exchange as evidence.
 *
 * @remarks
 * Everything here is derived from the exchanges fed in; nothing comes from the coordinator.
 * @see spec/client-obligations.md
 * @packageDocumentation
 */
import { errorName } from '../../protocol/errors.js';
import type { KafkaRequest, KafkaResponse } from '../../protocol/messages/index.js';
import type { DecodedSubscription } from '../../protocol/consumer-protocol/index.js';
import type { Evidence, MemberStatus, ObservedExchange } from './types.js';

/** `topic:partition`, the key of a partition in every set here. */
export function tpKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/** One generation as the answers described it. */
export interface GenerationInfo {
  readonly generationId: number;
  protocolName: string | null;
  leader: string | null;
  /** Members and their decoded subscriptions (null: undecodable), from the leader's JoinGroup answer. */
  members: Map<string, DecodedSubscription | null> | null;
  /** When its join phase ended (the leader's JoinGroup answer). */
  formedAtMs: number | null;
}

/** Who holds a partition (the last SyncGroup answer that gave it). */
export interface Holder {
  readonly memberId: string;
  readonly sinceMs: number;
  readonly evidence: Evidence;
}

/** One group. */
export interface GroupState {
  readonly groupId: string;
  readonly generations: Map<number, GenerationInfo>;
  /** Partition key to its holder. */
  readonly holders: Map<string, Holder>;
}

/** The fetch positions of one partition in one ownership. */
export interface FetchSpan {
  readonly first: number;
  last: number;
}

/** One member. */
export interface MemberState {
  readonly groupId: string;
  readonly memberId: string;
  clientId: string | null;
  /** Its `group.instance.id` (static membership), from its JoinGroup. */
  groupInstanceId: string | null;
  status: MemberStatus;
  /** Every generation it joined, with the protocol its answer selected. */
  readonly joined: Map<number, { readonly atMs: number; readonly protocolName: string | null; readonly evidence: Evidence }>;
  /** Its last joined generation, or -1. */
  generationId: number;
  cooperative: boolean;
  sessionTimeoutMs: number;
  /** JoinGroup or SyncGroup requests in flight (no session lapse while any is). */
  inFlight: number;
  /** Last request or join/sync answer that keeps its session (CO-16). */
  lastLiveMs: number;
  /** From its JoinGroup until its SyncGroup answer NONE (CO-08, CO-10). */
  rebalancing: { readonly sinceMs: number; readonly connectionId: string; readonly evidence: Evidence } | null;
  /** Owned partitions its last JoinGroup declared (CO-10, CO-20). */
  declaredOwned: Set<string>;
  /** Its last SyncGroup answer's partitions, or null before it has one. */
  assignment: { readonly partitions: Set<string>; readonly atMs: number; readonly evidence: Evidence } | null;
  /** Partitions by generation, from SyncGroup answers (CO-13). */
  readonly assignments: Map<number, Set<string>>;
  /** Fetch positions per partition since it was assigned (CO-14). */
  readonly fetched: Map<string, FetchSpan>;
  /** Highest offset it committed per partition (CO-14). */
  readonly committed: Map<string, number>;
  leftAtMs: number | null;
  leaveConnection: string | null;
  leaveEvidence: Evidence | null;
  /** Error answers the member must act on (CO-17..CO-19), with when and the answer. */
  rediscover: { readonly atMs: number; readonly evidence: Evidence } | null;
  rebalanceNotice: { readonly atMs: number; readonly evidence: Evidence } | null;
  missedRebalance: { readonly atMs: number; readonly generationId: number } | null;
  readonly illegalGenerations: Map<number, { readonly atMs: number; readonly evidence: Evidence }>;
  unknown: { readonly atMs: number; readonly evidence: Evidence } | null;
  lapseReported: boolean;
}

/** A fresh member record. */
export function newMember(groupId: string, memberId: string, clientId: string | null, atMs: number): MemberState {
  return {
    groupId,
    memberId,
    clientId,
    groupInstanceId: null,
    status: 'active',
    joined: new Map(),
    generationId: -1,
    cooperative: false,
    sessionTimeoutMs: Number.POSITIVE_INFINITY,
    inFlight: 0,
    lastLiveMs: atMs,
    rebalancing: null,
    declaredOwned: new Set(),
    assignment: null,
    assignments: new Map(),
    fetched: new Map(),
    committed: new Map(),
    leftAtMs: null,
    leaveConnection: null,
    leaveEvidence: null,
    rediscover: null,
    rebalanceNotice: null,
    missedRebalance: null,
    illegalGenerations: new Map(),
    unknown: null,
    lapseReported: false,
  };
}

/** The member id a group request carries, or '' when it carries none. */
export function memberIdOf(request: KafkaRequest): string {
  switch (request.api) {
    case 'JoinGroup':
    case 'SyncGroup':
    case 'Heartbeat':
    case 'OffsetCommit':
      return request.memberId;
    default:
      return '';
  }
}

/** The generation a group request carries, or null. */
export function generationOf(request: KafkaRequest): number | null {
  switch (request.api) {
    case 'SyncGroup':
    case 'Heartbeat':
      return request.generationId;
    case 'OffsetCommit':
      return request.generationIdOrMemberEpoch;
    default:
      return null;
  }
}

/** The group a request is about, or null for cluster requests. */
export function groupOf(request: KafkaRequest): string | null {
  return 'groupId' in request && typeof request.groupId === 'string' ? request.groupId : null;
}

/** The error code of an answer that decides what the member must do next (the first non-zero one). */
export function errorCodeOf(response: KafkaResponse): number {
  switch (response.api) {
    case 'JoinGroup':
    case 'SyncGroup':
    case 'Heartbeat':
    case 'LeaveGroup':
    case 'ConsumerGroupHeartbeat':
      return response.errorCode;
    case 'OffsetCommit':
      for (const t of response.topics) for (const p of t.partitions) if (p.errorCode !== 0) return p.errorCode;
      return 0;
    default:
      return 0;
  }
}

/** The exchange as one evidence line. */
export function evidenceOf(e: ObservedExchange): Evidence {
  const r = e.request;
  const kind = e.response === undefined ? 'request' : 'response';
  return { atMs: e.atMs, connectionId: String(e.connectionId), clientId: e.clientId, kind, api: r.api, summary: summarize(r, e.response) };
}

function summarize(r: KafkaRequest, response: KafkaResponse | undefined): string {
  const head = `${r.api} v${r.version}`;
  if (response !== undefined) {
    const code = errorCodeOf(response);
    const extra =
      response.api === 'JoinGroup'
        ? ` generation=${response.generationId} memberId=${response.memberId} leader=${response.leader} protocol=${response.protocolName}`
        : response.api === 'ConsumerGroupHeartbeat' && response.errorCode === 0
          ? ` epoch=${response.memberEpoch} interval=${response.heartbeatIntervalMs}ms`
          : '';
    return `${head} answered ${errorName(code)}${extra}`;
  }
  switch (r.api) {
    case 'JoinGroup':
      return `${head} group=${r.groupId} memberId=${JSON.stringify(r.memberId)} protocols=${r.protocols.map((p) => p.name).join(',')}`;
    case 'SyncGroup':
      return `${head} group=${r.groupId} generation=${r.generationId} memberId=${r.memberId} assignments=${r.assignments.length}`;
    case 'Heartbeat':
      return `${head} group=${r.groupId} generation=${r.generationId} memberId=${r.memberId}`;
    case 'OffsetCommit':
      return `${head} group=${r.groupId} generation=${r.generationIdOrMemberEpoch} memberId=${r.memberId} offsets=${r.topics.flatMap((t) => t.partitions.map((p) => `${t.name}-${p.partitionIndex}@${p.committedOffset}`)).join(',')}`;
    case 'ConsumerGroupHeartbeat':
      return `${head} group=${r.groupId} epoch=${r.memberEpoch} memberId=${r.memberId}`;
    case 'LeaveGroup':
      return `${head} group=${r.groupId} members=${(r.members?.map((m) => m.memberId) ?? [r.memberId ?? '']).join(',')}`;
    case 'Fetch':
      return `${head} ${r.topics.flatMap((t) => t.partitions.map((p) => `${t.topic || t.topicId}-${p.partition}@${p.fetchOffset}`)).join(',')}`;
    case 'FindCoordinator':
      return `${head} keys=${(r.coordinatorKeys.length > 0 ? r.coordinatorKeys : [r.key]).join(',')}`;
    default:
      return head;
  }
}

/** The client id of an exchange: the header's, else the request's, else ''. */
export function clientOf(e: ObservedExchange): string {
  if (e.clientId !== null) return e.clientId;
  const r = e.request as { readonly clientId?: unknown };
  return typeof r.clientId === 'string' ? r.clientId : '';
}
