/**
 * JoinGroup (api key 11), versions 0-9: the coordinator side.
 * @see spec/join-group.md
 * @see Kafka `GroupMetadataManager.classicGroupJoin` (group-coordinator module)
 */
import { ErrorCodes } from '../errors.js';
import type { ClassicGroup, Member } from '../group.js';
import { memberMatches, staticMemberId, supportsProtocols, validateMember } from '../group.js';
import type { JoinGroupRequest, RequestEnvelope } from '../messages/index.js';
import { newEmptyGroupMetadataRecord } from '../records.js';
import type { CoordinatorState } from '../replay.js';
import { maybePrepareRebalanceOrCompleteJoin, scheduleSession } from './rebalance.js';
import { joinGroupError, joinGroupSuccess } from './responses.js';
import { replaceStaticMember } from './static-member.js';
import type { HandlerContext, HandlerResult } from './txn.js';
import { GroupTxn, sessionTimerKey } from './txn.js';

/** What the join sub-steps share. */
interface JoinCall {
  readonly txn: GroupTxn;
  readonly req: JoinGroupRequest;
  readonly requestId: string;
  /** v0 has no rebalance timeout: the session timeout stands in (KAFKA-8653). */
  readonly rebalanceTimeoutMs: number;
}

/** Handles a JoinGroup request. */
export function joinGroup(state: CoordinatorState, env: RequestEnvelope<JoinGroupRequest>, ctx: HandlerContext): HandlerResult {
  const { request: req, requestId } = env;
  const txn = new GroupTxn(state, req.groupId, ctx);
  const fail = (errorCode: number, memberId: string): HandlerResult => {
    txn.respond(requestId, joinGroupError(req.version, errorCode, memberId));
    return txn.result();
  };
  if (req.groupId === '') return fail(ErrorCodes.INVALID_GROUP_ID, req.memberId);
  const { minSessionTimeoutMs, maxSessionTimeoutMs } = ctx.config;
  if (req.sessionTimeoutMs < minSessionTimeoutMs || req.sessionTimeoutMs > maxSessionTimeoutMs) {
    return fail(ErrorCodes.INVALID_SESSION_TIMEOUT, req.memberId);
  }
  const isNewGroup = txn.group() === undefined;
  if (isNewGroup) {
    if (req.memberId !== '') return fail(ErrorCodes.UNKNOWN_MEMBER_ID, req.memberId);
    txn.emit({ type: 'GroupCreated', groupId: req.groupId, nowMs: ctx.nowMs });
  }
  const call: JoinCall = { txn, req, requestId, rebalanceTimeoutMs: req.version === 0 ? req.sessionTimeoutMs : req.rebalanceTimeoutMs };
  if (!acceptJoiningMember(txn.existing(), req.memberId, ctx.config.maxSize)) {
    rejectFullGroup(txn, req.memberId);
    txn.respond(requestId, joinGroupError(req.version, ErrorCodes.GROUP_MAX_SIZE_REACHED, ''));
  } else if (req.memberId === '') {
    joinNewMember(call);
  } else {
    joinExistingMember(call);
  }
  // Kafka commits a newly created group with an "empty" GroupMetadata record when the
  // request wrote nothing else, even when the join itself was rejected.
  if (isNewGroup && !txn.result().records.some((r) => r.type === 'GroupMetadata')) {
    txn.emit(newEmptyGroupMetadataRecord(req.groupId, ctx.nowMs));
  }
  return txn.result();
}

/** Kafka `acceptJoiningMember`: the group.max.size check. */
function acceptJoiningMember(g: ClassicGroup, memberId: string, maxSize: number): boolean {
  switch (g.state) {
    case 'Empty':
    case 'Dead':
      return true;
    case 'PreparingRebalance':
      return (g.members.get(memberId)?.awaitingJoin ?? null) !== null || g.numMembersAwaitingJoin < maxSize;
    case 'CompletingRebalance':
    case 'Stable':
      return g.members.has(memberId) || g.members.size < maxSize;
  }
}

/**
 * A full group drops the requester, whatever it was, without answering its parked requests,
 * cancelling its timers or rebalancing (Kafka's behaviour, classic-protocol.md §14 pitfall 2).
 */
function rejectFullGroup(txn: GroupTxn, memberId: string): void {
  const g = txn.existing();
  if (g.members.has(memberId)) txn.emit({ type: 'MemberRemoved', groupId: txn.groupId, memberId });
  else if (g.pendingJoinMembers.has(memberId)) txn.emit({ type: 'PendingMemberRemoved', groupId: txn.groupId, memberId });
}

function joinNewMember(call: JoinCall): void {
  const { txn, req, requestId } = call;
  const g = txn.existing();
  const fail = (errorCode: number): void => txn.respond(requestId, joinGroupError(req.version, errorCode, ''));
  if (g.state === 'Dead') return fail(ErrorCodes.COORDINATOR_NOT_AVAILABLE);
  if (!supportsProtocols(g, req.protocolType, req.protocols)) return fail(ErrorCodes.INCONSISTENT_GROUP_PROTOCOL);
  const newMemberId = `${req.groupInstanceId ?? req.clientId}-${txn.ctx.newId()}`;
  if (req.groupInstanceId !== null) {
    const oldMemberId = staticMemberId(g, req.groupInstanceId);
    if (oldMemberId !== undefined) return replaceStaticMember(call, oldMemberId, newMemberId);
    return addMember(call, newMemberId);
  }
  if (req.version >= 4) {
    // KIP-394: hand out an id and wait for the member to come back with it.
    txn.emit({ type: 'PendingMemberAdded', groupId: txn.groupId, memberId: newMemberId });
    txn.schedule(sessionTimerKey(txn.groupId, newMemberId), req.sessionTimeoutMs, {
      type: 'timer.pendingMemberExpired',
      groupId: txn.groupId,
      memberId: newMemberId,
    });
    return txn.respond(requestId, joinGroupError(req.version, ErrorCodes.MEMBER_ID_REQUIRED, newMemberId));
  }
  addMember(call, newMemberId);
}

function joinExistingMember(call: JoinCall): void {
  const { txn, req, requestId } = call;
  const g = txn.existing();
  const fail = (errorCode: number): void => txn.respond(requestId, joinGroupError(req.version, errorCode, req.memberId));
  if (g.state === 'Dead') return fail(ErrorCodes.COORDINATOR_NOT_AVAILABLE);
  if (!supportsProtocols(g, req.protocolType, req.protocols)) return fail(ErrorCodes.INCONSISTENT_GROUP_PROTOCOL);
  if (g.pendingJoinMembers.has(req.memberId)) {
    // A pending member can never be static; Kafka raises an internal error here, answered with no member id.
    if (req.groupInstanceId !== null) return txn.respond(requestId, joinGroupError(req.version, ErrorCodes.UNKNOWN_SERVER_ERROR, ''));
    return addMember(call, req.memberId);
  }
  const error = validateMember(g, req.memberId, req.groupInstanceId);
  if (error !== ErrorCodes.NONE) return fail(error);
  const member = g.members.get(req.memberId)!;
  switch (g.state) {
    case 'PreparingRebalance':
      return updateMember(call, member);
    case 'CompletingRebalance':
      // Same metadata: the member probably lost the first response; answer from the current generation.
      if (memberMatches(member, req.protocols)) return txn.respond(requestId, joinGroupSuccess(req.version, g, req.memberId));
      return updateMember(call, member);
    case 'Stable':
      // The leader's JoinGroup always rebalances: it may have seen topic metadata change.
      if (g.leaderId === req.memberId || !memberMatches(member, req.protocols)) return updateMember(call, member);
      return txn.respond(requestId, joinGroupSuccess(req.version, g, req.memberId));
    case 'Empty':
      return fail(ErrorCodes.UNKNOWN_MEMBER_ID);
  }
}

/** Adds a member (parked), arms its new-member join timer, then rebalances or completes the join phase. */
function addMember(call: JoinCall, memberId: string): void {
  const { txn, req, requestId } = call;
  const member: Member = {
    memberId,
    groupInstanceId: req.groupInstanceId,
    clientId: req.clientId,
    clientHost: req.clientHost,
    rebalanceTimeoutMs: call.rebalanceTimeoutMs,
    sessionTimeoutMs: req.sessionTimeoutMs,
    protocolType: req.protocolType,
    protocols: req.protocols,
    assignment: new Uint8Array(0),
    awaitingJoin: { requestId, version: req.version },
    awaitingSync: null,
    isNew: true,
  };
  txn.emit({ type: 'MemberAdded', groupId: txn.groupId, member });
  scheduleSession(txn, memberId, txn.ctx.config.newMemberJoinTimeoutMs);
  maybePrepareRebalanceOrCompleteJoin(txn);
}

/** Stores the member's new protocols and timeouts, parks its request, then rebalances or completes. */
export function updateMember(call: JoinCall, member: Member): void {
  const { txn, req, requestId } = call;
  txn.emit({
    type: 'MemberUpdated',
    groupId: txn.groupId,
    memberId: member.memberId,
    protocols: req.protocols,
    rebalanceTimeoutMs: call.rebalanceTimeoutMs,
    sessionTimeoutMs: req.sessionTimeoutMs,
    awaitingJoin: { requestId, version: req.version },
  });
  maybePrepareRebalanceOrCompleteJoin(txn);
}

export type { JoinCall };
