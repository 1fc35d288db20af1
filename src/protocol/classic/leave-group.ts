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
import type { HandlerContext, HandlerResult } from '../handler/index.js';
import { GroupDraft } from '../handler/index.js';
import { sessionTimer } from './timer-keys.js';

/** The identities a request names: v0-2 carry one member id, which Kafka turns into a one-element batch (LG-02). */
function identities(req: LeaveGroupRequest): readonly LeaveGroupMemberIdentity[] {
  return req.version >= 3 ? (req.members ?? []) : [{ memberId: req.memberId ?? '', groupInstanceId: null, reason: null }];
}

/** Handles a LeaveGroup request. */
export function leaveGroup(state: CoordinatorState, env: RequestEnvelope<LeaveGroupRequest>, ctx: HandlerContext): HandlerResult {
  const { request: req, requestId } = env;
  const draft = new GroupDraft(state, req.groupId, ctx);
  const ids = identities(req);
  const answer = (errorCode: number, members: LeaveGroupMemberResponse[]): HandlerResult => {
    // v0-2 have no member list: the top-level error, else the single member's, is the outcome (LG-02, LG-03).
    const collapsed = req.version >= 3 ? errorCode : errorCode !== ErrorCodes.NONE ? errorCode : (members[0]?.errorCode ?? ErrorCodes.NONE);
    draft.respond(requestId, { api: 'LeaveGroup', errorCode: collapsed, members: req.version >= 3 ? members : [] });
    return draft.result();
  };
  const g = draft.group();
  if (g === undefined) return answer(ErrorCodes.NONE, ids.map((id) => result(id, ErrorCodes.UNKNOWN_MEMBER_ID))); // LG-01
  if (g.state === 'Dead') return answer(ErrorCodes.COORDINATOR_NOT_AVAILABLE, []); // FO-07
  const results = ids.map((id) => result(id, leaveOne(draft, id))); // LG-03
  if (results.some((r) => r.errorCode === ErrorCodes.NONE)) {
    // LG-07, LG-08
    const after = draft.existing();
    if (after.state === 'Stable' || after.state === 'CompletingRebalance') prepareRebalance(draft);
    else maybeCompleteJoin(draft);
  }
  return answer(ErrorCodes.NONE, results);
}

function result(id: LeaveGroupMemberIdentity, errorCode: number): LeaveGroupMemberResponse {
  return { memberId: id.memberId, groupInstanceId: id.groupInstanceId, errorCode };
}

/** Removes one identity; returns its error code. */
function leaveOne(draft: GroupDraft, id: LeaveGroupMemberIdentity): number {
  const g = draft.existing();
  if (id.memberId === '') {
    // KIP-345: an administrator may remove a static member knowing only its instance id (ST-12).
    const memberId = id.groupInstanceId === null ? undefined : staticMemberId(g, id.groupInstanceId);
    if (memberId === undefined) return ErrorCodes.UNKNOWN_MEMBER_ID; // LG-04, ST-12
    removeMember(draft, memberId);
    return ErrorCodes.NONE;
  }
  if (g.pendingJoinMembers.has(id.memberId)) {
    // LG-05
    draft.emit({ type: 'PendingMemberRemoved', groupId: draft.groupId, memberId: id.memberId });
    draft.cancel(sessionTimer(draft.groupId, id.memberId));
    return ErrorCodes.NONE;
  }
  const error = validateMember(g, id.memberId, id.groupInstanceId);
  if (error !== ErrorCodes.NONE) return error; // LG-04, ST-09, ST-10
  removeMember(draft, id.memberId); // LG-06
  return ErrorCodes.NONE;
}
