/**
 * What the monitor learns from the server's answers: member ids handed out, generations and
 * their members, assignments, the errors a member must act on, and topic partition counts.
 *
 * @see spec/client-obligations.md
 * @packageDocumentation
 */
import { decodeAssignment, decodeSubscription, type DecodedSubscription } from '../../protocol/consumer-protocol/index.js';
import { ErrorCodes } from '../../protocol/errors.js';
import type { JoinGroupRequest, JoinGroupResponse, SyncGroupRequest, SyncGroupResponse } from '../../protocol/messages/index.js';
import type { MonitorContext } from './context.js';
import { release } from './member-checks.js';
import { errorCodeOf, evidenceOf, generationOf, groupOf, memberIdOf, tpKey, type GenerationInfo, type GroupState, type MemberState } from './state.js';
import type { ObservedExchange } from './types.js';

/** What the answers module needs besides the context: a way to create members. */
export interface AnswerHost extends MonitorContext {
  /** The member, created (for `clientId`) if new. */
  ensureMember(groupId: string, memberId: string, clientId: string | null, atMs: number): MemberState;
  /** Member ids handed out with MEMBER_ID_REQUIRED, by connection and group (CO-01). */
  readonly pending: Map<string, { readonly memberId: string; readonly atMs: number }>;
}

/** The generation's record, created on first use. */
function generationInfo(group: GroupState, generationId: number): GenerationInfo {
  let g = group.generations.get(generationId);
  if (g === undefined) {
    g = { generationId, protocolName: null, leader: null, members: null, formedAtMs: null };
    group.generations.set(generationId, g);
  }
  return g;
}

function decodeOrNull(metadata: Uint8Array): DecodedSubscription | null {
  try {
    return decodeSubscription(metadata);
  } catch {
    return null;
  }
}

/** A JoinGroup answer. */
export function onJoinAnswer(host: AnswerHost, e: ObservedExchange): void {
  const r = e.request as JoinGroupRequest;
  const res = e.response as JoinGroupResponse;
  const sender = r.memberId === '' ? undefined : host.member(r.groupId, r.memberId);
  if (sender !== undefined) {
    sender.inFlight = Math.max(0, sender.inFlight - 1);
    sender.lastLiveMs = e.atMs;
  }
  if (res.errorCode === ErrorCodes.MEMBER_ID_REQUIRED) {
    host.ensureMember(r.groupId, res.memberId, e.clientId, e.atMs);
    host.pending.set(`${String(e.connectionId)}\u0000${r.groupId}`, { memberId: res.memberId, atMs: e.atMs });
    return;
  }
  if (res.errorCode !== ErrorCodes.NONE) {
    if (sender !== undefined) onError(host, e, sender, res.errorCode);
    return;
  }
  const m = host.ensureMember(r.groupId, res.memberId, e.clientId, e.atMs);
  if (r.groupInstanceId !== null) replaceStatic(host, m, r.groupInstanceId);
  m.joined.set(res.generationId, { atMs: e.atMs, protocolName: res.protocolName, evidence: evidenceOf(e) });
  m.generationId = res.generationId;
  m.cooperative = host.isCooperative(res.protocolName);
  m.sessionTimeoutMs = r.sessionTimeoutMs;
  m.lastLiveMs = e.atMs;
  m.status = 'active';
  const group = host.group(r.groupId);
  const gen = generationInfo(group, res.generationId);
  gen.protocolName = res.protocolName;
  gen.leader = res.leader;
  if (res.leader === res.memberId && res.members.length > 0) formGeneration(host, group, gen, res, e.atMs);
}

/** A static member that joins under a new member id replaces (fences) the old one (KIP-345). */
function replaceStatic(host: AnswerHost, m: MemberState, instanceId: string): void {
  m.groupInstanceId = instanceId;
  for (const other of host.membersOf(m.groupId)) {
    if (other !== m && other.groupInstanceId === instanceId && other.status === 'active') {
      other.status = 'expelled';
      release(host, other);
    }
  }
}

/** The leader's answer lists the generation: members of the group not in it were expelled. */
function formGeneration(host: AnswerHost, group: GroupState, gen: GenerationInfo, res: JoinGroupResponse, atMs: number): void {
  gen.members = new Map(res.members.map((x) => [x.memberId, decodeOrNull(x.metadata)]));
  gen.formedAtMs = atMs;
  for (const m of host.membersOf(group.groupId)) {
    if (m.status !== 'active' || gen.members.has(m.memberId) || m.inFlight > 0 || m.generationId >= gen.generationId) continue;
    m.status = 'expelled';
    release(host, m);
    if (m.rebalanceNotice !== null) m.missedRebalance = { atMs, generationId: gen.generationId };
  }
}

/** A SyncGroup answer: NONE gives the member its assignment and makes it hold those partitions. */
export function onSyncAnswer(host: AnswerHost, e: ObservedExchange): void {
  const r = e.request as SyncGroupRequest;
  const res = e.response as SyncGroupResponse;
  const m = host.member(r.groupId, r.memberId);
  if (m === undefined) return;
  m.inFlight = Math.max(0, m.inFlight - 1);
  m.lastLiveMs = e.atMs;
  if (res.errorCode !== ErrorCodes.NONE) return onError(host, e, m, res.errorCode);
  let partitions: Set<string>;
  try {
    partitions = new Set((res.assignment.length === 0 ? [] : decodeAssignment(res.assignment).partitions).map((tp) => tpKey(tp.topic, tp.partition)));
  } catch {
    partitions = new Set();
  }
  const previous = m.assignment?.partitions ?? new Set<string>();
  const evidence = evidenceOf(e);
  m.assignment = { partitions, atMs: e.atMs, evidence };
  m.assignments.set(r.generationId, partitions);
  m.rebalancing = null;
  release(host, m, partitions);
  const holders = host.group(r.groupId).holders;
  for (const key of partitions) {
    if (!previous.has(key)) m.fetched.delete(key);
    if (holders.get(key)?.memberId !== m.memberId) holders.set(key, { memberId: m.memberId, sinceMs: e.atMs, evidence });
  }
}

/** An answer to a Heartbeat, OffsetCommit or LeaveGroup. */
export function onOtherGroupAnswer(host: AnswerHost, e: ObservedExchange): void {
  const memberId = memberIdOf(e.request);
  const m = memberId === '' ? undefined : host.member(groupOf(e.request) ?? '', memberId);
  if (m === undefined || m.status === 'left') return;
  const code = errorCodeOf(e.response!);
  if (code !== ErrorCodes.NONE) onError(host, e, m, code);
}

/** Errors the member must act on (CO-17..CO-19). */
function onError(host: AnswerHost, e: ObservedExchange, m: MemberState, code: number): void {
  const at = { atMs: e.atMs, evidence: evidenceOf(e) };
  switch (code) {
    case ErrorCodes.ILLEGAL_GENERATION: {
      const generation = generationOf(e.request);
      if (generation !== null && !m.illegalGenerations.has(generation)) m.illegalGenerations.set(generation, at);
      return;
    }
    case ErrorCodes.UNKNOWN_MEMBER_ID:
      m.unknown ??= at;
      m.status = 'unknown';
      m.rebalancing = null;
      release(host, m);
      return;
    case ErrorCodes.REBALANCE_IN_PROGRESS:
      m.rebalanceNotice ??= at;
      return;
    case ErrorCodes.NOT_COORDINATOR:
    case ErrorCodes.COORDINATOR_NOT_AVAILABLE:
      m.rediscover ??= at;
      return;
    default:
      return;
  }
}
