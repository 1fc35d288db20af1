/**
 * JoinGroup (api key 11), versions 0-9: the coordinator side.
 * @see spec/join-group.md
 * @see Kafka `GroupMetadataManager.classicGroupJoin` (group-coordinator module)
 */
import { ErrorCodes } from '../errors.js';
import type { ClassicGroup, Member } from '../group.js';
import { EMPTY_BYTES, memberMatches, sharedProtocols, staticMemberId, supportsProtocols, validateMember } from '../group.js';
import type { JoinGroupRequest, RequestEnvelope } from '../messages/index.js';
import { newEmptyGroupMetadataRecord } from '../records.js';
import type { CoordinatorState } from '../replay.js';
import { maybePrepareRebalanceOrCompleteJoin, scheduleSession } from './rebalance.js';
import { joinGroupError, joinGroupSuccess } from './responses.js';
import { replaceStaticMember } from './static-member.js';
import type { HandlerContext, HandlerResult } from '../handler/index.js';
import { GroupDraft } from '../handler/index.js';
import { sessionTimer } from './timer-keys.js';
import { consumerGroupTombstones } from '../consumer/admin.js';

/** What the join sub-steps share. */
interface JoinCall {
  readonly draft: GroupDraft;
  readonly req: JoinGroupRequest;
  readonly requestId: string;
  /** v0 has no rebalance timeout: the session timeout stands in (KAFKA-8653). */
  readonly rebalanceTimeoutMs: number;
}

/** Handles a JoinGroup request. */
export function joinGroup(state: CoordinatorState, env: RequestEnvelope<JoinGroupRequest>, ctx: HandlerContext): HandlerResult {
  const { request: req, requestId } = env;
  const draft = new GroupDraft(state, req.groupId, ctx);
  // CG-37: a group id names a classic group or a consumer group, never both.
  const consumerGroup = state.consumerGroups.get(req.groupId);
  if (consumerGroup !== undefined) {
    if (consumerGroup.members.size > 0) {
      draft.respond(requestId, joinGroupError(req.version, ErrorCodes.INCONSISTENT_GROUP_PROTOCOL, ''));
      return draft.result();
    }
    for (const r of consumerGroupTombstones(consumerGroup)) draft.emit(r);
  }
  // JG-02: the empty group id and the session bounds are checked at the front door.
  const isNewGroup = draft.group() === undefined;
  if (isNewGroup) {
    if (req.memberId !== '') {
      draft.respond(requestId, joinGroupError(req.version, ErrorCodes.UNKNOWN_MEMBER_ID, req.memberId)); // JG-04
      return draft.result();
    }
    draft.emit({ type: 'GroupCreated', groupId: req.groupId, nowMs: ctx.nowMs }); // GS-03
  }
  const call: JoinCall = { draft, req, requestId, rebalanceTimeoutMs: req.version === 0 ? req.sessionTimeoutMs : req.rebalanceTimeoutMs };
  if (!acceptJoiningMember(draft.existing(), req.memberId, ctx.config.maxSize)) {
    // ST-15, ST-16
    rejectFullGroup(draft, req.memberId);
    draft.respond(requestId, joinGroupError(req.version, ErrorCodes.GROUP_MAX_SIZE_REACHED, ''));
  } else if (req.memberId === '') {
    joinNewMember(call);
  } else {
    joinExistingMember(call);
  }
  // Kafka commits a newly created group with an "empty" GroupMetadata record when the
  // request wrote nothing else, even when the join itself was rejected (JG-05).
  if (isNewGroup && !draft.wrote('GroupMetadata')) {
    draft.emit(newEmptyGroupMetadataRecord(req.groupId, ctx.nowMs));
  }
  return draft.result();
}

/** Kafka `acceptJoiningMember`: the group.max.size check (ST-15). */
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
 * cancelling its timers or rebalancing (ST-16; Kafka's behaviour).
 */
function rejectFullGroup(draft: GroupDraft, memberId: string): void {
  const g = draft.existing();
  if (g.members.has(memberId)) draft.emit({ type: 'MemberRemoved', groupId: draft.groupId, memberId });
  else if (g.pendingJoinMembers.has(memberId)) draft.emit({ type: 'PendingMemberRemoved', groupId: draft.groupId, memberId });
}

/** Answers the JoinGroup with an error and the given member id. */
function fail(call: JoinCall, errorCode: number, memberId: string): void {
  call.draft.respond(call.requestId, joinGroupError(call.req.version, errorCode, memberId));
}

function joinNewMember(call: JoinCall): void {
  const { draft, req, requestId } = call;
  const g = draft.existing();
  if (g.state === 'Dead') return fail(call, ErrorCodes.COORDINATOR_NOT_AVAILABLE, ''); // FO-07
  if (!supportsProtocols(g, req.protocolType, req.protocols)) return fail(call, ErrorCodes.INCONSISTENT_GROUP_PROTOCOL, ''); // JG-06, JG-07
  const newMemberId = `${req.groupInstanceId ?? req.clientId}-${draft.ctx.newId()}`; // GS-12, ST-02
  if (req.groupInstanceId !== null) {
    const oldMemberId = staticMemberId(g, req.groupInstanceId);
    if (oldMemberId !== undefined) return replaceStaticMember(call, oldMemberId, newMemberId); // ST-04
    return addMember(call, newMemberId); // ST-02
  }
  if (req.version >= 4) {
    // KIP-394: hand out an id and wait for the member to come back with it (JG-08, TM-03).
    draft.emit({ type: 'PendingMemberAdded', groupId: draft.groupId, memberId: newMemberId });
    draft.schedule(sessionTimer(draft.groupId, newMemberId), req.sessionTimeoutMs, {
      type: 'timer.pendingMemberExpired',
      groupId: draft.groupId,
      memberId: newMemberId,
    });
    return draft.respond(requestId, joinGroupError(req.version, ErrorCodes.MEMBER_ID_REQUIRED, newMemberId));
  }
  addMember(call, newMemberId); // JG-09
}

function joinExistingMember(call: JoinCall): void {
  const { draft, req, requestId } = call;
  const g = draft.existing();
  if (g.state === 'Dead') return fail(call, ErrorCodes.COORDINATOR_NOT_AVAILABLE, req.memberId); // FO-07
  if (!supportsProtocols(g, req.protocolType, req.protocols)) return fail(call, ErrorCodes.INCONSISTENT_GROUP_PROTOCOL, req.memberId); // JG-06, JG-07
  if (g.pendingJoinMembers.has(req.memberId)) {
    // A pending member can never be static; Kafka raises an internal error here, answered with no member id (ST-11).
    if (req.groupInstanceId !== null) return draft.respond(requestId, joinGroupError(req.version, ErrorCodes.UNKNOWN_SERVER_ERROR, ''));
    return addMember(call, req.memberId); // JG-10
  }
  const error = validateMember(g, req.memberId, req.groupInstanceId);
  if (error !== ErrorCodes.NONE) return fail(call, error, req.memberId); // JG-11, ST-09, ST-10
  const member = g.members.get(req.memberId)!;
  switch (g.state) {
    case 'PreparingRebalance':
      return updateMember(call, member); // JG-14, JG-19
    case 'CompletingRebalance':
      // Same metadata: the member probably lost the first response; answer from the current generation (JG-16).
      if (memberMatches(member, req.protocols)) return draft.respond(requestId, joinGroupSuccess(req.version, g, req.memberId));
      return updateMember(call, member); // JG-15
    case 'Stable':
      // The leader's JoinGroup always rebalances: it may have seen topic metadata change (JG-17, JG-15).
      if (g.leaderId === req.memberId || !memberMatches(member, req.protocols)) return updateMember(call, member);
      return draft.respond(requestId, joinGroupSuccess(req.version, g, req.memberId)); // JG-18
    case 'Empty':
      return fail(call, ErrorCodes.UNKNOWN_MEMBER_ID, req.memberId); // JG-11
  }
}

/** Adds a member (parked), arms its new-member join timer, then rebalances or completes the join phase (JG-12, TM-03, JG-13). */
function addMember(call: JoinCall, memberId: string): void {
  const { draft, req, requestId } = call;
  const member: Member = {
    memberId,
    groupInstanceId: req.groupInstanceId,
    clientId: req.clientId,
    clientHost: req.clientHost,
    rebalanceTimeoutMs: call.rebalanceTimeoutMs,
    sessionTimeoutMs: req.sessionTimeoutMs,
    protocolType: req.protocolType,
    protocols: sharedProtocols(draft.group(), req.protocols),
    assignment: EMPTY_BYTES,
    awaitingJoin: { requestId, version: req.version },
    awaitingSync: null,
    isNew: true,
  };
  draft.emit({ type: 'MemberAdded', groupId: draft.groupId, member });
  scheduleSession(draft, memberId, draft.ctx.config.newMemberJoinTimeoutMs);
  maybePrepareRebalanceOrCompleteJoin(draft);
}

/** Stores the member's new protocols and timeouts, parks its request, then rebalances or completes (JG-14, JG-13). */
export function updateMember(call: JoinCall, member: Member): void {
  const { draft, req, requestId } = call;
  draft.emit({
    type: 'MemberUpdated',
    groupId: draft.groupId,
    memberId: member.memberId,
    protocols: sharedProtocols(draft.group(), req.protocols),
    rebalanceTimeoutMs: call.rebalanceTimeoutMs,
    sessionTimeoutMs: req.sessionTimeoutMs,
    awaitingJoin: { requestId, version: req.version },
  });
  maybePrepareRebalanceOrCompleteJoin(draft);
}

export type { JoinCall };
