/**
 * LeaveGroup (api key 13), versions 0-5: the coordinator side.
 * @see spec/leave-group.md
 * @see Kafka `GroupMetadataManager.classicGroupLeave`
 */
import { ErrorCodes } from '../errors.js';
import { staticMemberId, validateMember } from '../group.js';
import type { LeaveGroupMemberIdentity, LeaveGroupMemberResponse, LeaveGroupRequest, RequestEnvelope } from '../messages/index.js';
import type { CoordinatorState } from '../replay.js';
import { maybeCompleteJoin, prepareRebalance, removeMember } from './rebalance.js';
import type { HandlerContext, HandlerResult } from './txn.js';
import { GroupTxn, sessionTimerKey } from './txn.js';

/** The identities a request names: v0-2 carry one member id, which Kafka turns into a one-element batch. */
function identities(req: LeaveGroupRequest): readonly LeaveGroupMemberIdentity[] {
  return req.version >= 3 ? (req.members ?? []) : [{ memberId: req.memberId ?? '', groupInstanceId: null, reason: null }];
}

/** Handles a LeaveGroup request. */
export function leaveGroup(state: CoordinatorState, env: RequestEnvelope<LeaveGroupRequest>, ctx: HandlerContext): HandlerResult {
  const { request: req, requestId } = env;
  const txn = new GroupTxn(state, req.groupId, ctx);
  const ids = identities(req);
  const answer = (errorCode: number, members: LeaveGroupMemberResponse[]): HandlerResult => {
    // v0-2 have no member list: the top-level error, else the single member's, is the outcome.
    const collapsed = req.version >= 3 ? errorCode : errorCode !== ErrorCodes.NONE ? errorCode : (members[0]?.errorCode ?? ErrorCodes.NONE);
    txn.respond(requestId, { api: 'LeaveGroup', errorCode: collapsed, members: req.version >= 3 ? members : [] });
    return txn.result();
  };
  if (req.groupId === '') return answer(ErrorCodes.INVALID_GROUP_ID, []);
  const g = txn.group();
  if (g === undefined) return answer(ErrorCodes.NONE, ids.map((id) => result(id, ErrorCodes.UNKNOWN_MEMBER_ID)));
  if (g.state === 'Dead') return answer(ErrorCodes.COORDINATOR_NOT_AVAILABLE, []);
  const results = ids.map((id) => result(id, leaveOne(txn, id)));
  if (results.some((r) => r.errorCode === ErrorCodes.NONE)) {
    const after = txn.existing();
    if (after.state === 'Stable' || after.state === 'CompletingRebalance') prepareRebalance(txn);
    else maybeCompleteJoin(txn);
  }
  return answer(ErrorCodes.NONE, results);
}

function result(id: LeaveGroupMemberIdentity, errorCode: number): LeaveGroupMemberResponse {
  return { memberId: id.memberId, groupInstanceId: id.groupInstanceId, errorCode };
}

/** Removes one identity; returns its error code. */
function leaveOne(txn: GroupTxn, id: LeaveGroupMemberIdentity): number {
  const g = txn.existing();
  if (id.memberId === '') {
    // KIP-345: an administrator may remove a static member knowing only its instance id.
    const memberId = id.groupInstanceId === null ? undefined : staticMemberId(g, id.groupInstanceId);
    if (memberId === undefined) return ErrorCodes.UNKNOWN_MEMBER_ID;
    removeMember(txn, memberId);
    return ErrorCodes.NONE;
  }
  if (g.pendingJoinMembers.has(id.memberId)) {
    txn.emit({ type: 'PendingMemberRemoved', groupId: txn.groupId, memberId: id.memberId });
    txn.cancel(sessionTimerKey(txn.groupId, id.memberId));
    return ErrorCodes.NONE;
  }
  const error = validateMember(g, id.memberId, id.groupInstanceId);
  if (error !== ErrorCodes.NONE) return error;
  removeMember(txn, id.memberId);
  return ErrorCodes.NONE;
}
