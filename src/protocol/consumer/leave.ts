/**
 * A ConsumerGroupHeartbeat with epoch -1 (leave) or -2 (a static member leaving temporarily).
 *
 * @remarks
 * Follows Kafka 4.0's `GroupMetadataManager.consumerGroupLeave` and
 * `consumerGroupStaticMemberGroupLeave`. The leaving member's epoch is not checked. A static
 * member leaving with -2 stays in the group at epoch -2 with its assignment (nothing pending
 * revocation) until its session expires or a member with its instance id rejoins.
 * @see spec/consumer-group.md CG-13, CG-14, CG-15
 */
import { ErrorCodes } from '../errors.js';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../messages/consumer-group-heartbeat.js';
import { LEAVE_GROUP_STATIC_MEMBER_EPOCH } from '../messages/consumer-group-heartbeat.js';
import type { CoordinatorState } from '../replay.js';
import type { HandlerContext, TimerOp } from '../handler/index.js';
import { EMPTY_ASSIGNMENT } from './assignment.js';
import type { ConsumerGroup, ConsumerMember } from './group.js';
import type { ConsumerGroupRecord } from './records.js';
import { currentAssignmentRecord } from './record-helpers.js';
import { fenceMember } from './fence.js';
import { staticMember } from './heartbeat-member.js';
import type { Rejection } from './validate.js';
import { reject } from './validate.js';

/** The answer and effects of a leave. */
export interface LeaveOutcome {
  readonly response: ConsumerGroupHeartbeatResponse;
  readonly records: ConsumerGroupRecord[];
  readonly timers: TimerOp[];
}

function leaveResponse(memberId: string, memberEpoch: number): ConsumerGroupHeartbeatResponse {
  return { api: 'ConsumerGroupHeartbeat', throttleTimeMs: 0, errorCode: ErrorCodes.NONE, errorMessage: null, memberId, memberEpoch, heartbeatIntervalMs: 0, assignment: null };
}

/** The leaving member: by member id, or (static) by instance id, which this member id must hold. */
function leavingMember(group: ConsumerGroup, r: ConsumerGroupHeartbeatRequest): ConsumerMember | Rejection {
  if (r.instanceId === null) {
    return group.members.get(r.memberId) ?? reject(ErrorCodes.UNKNOWN_MEMBER_ID, `Member ${r.memberId} is not a member of group ${group.groupId}.`);
  }
  const holder = staticMember(group, r.instanceId);
  if (holder === undefined) return reject(ErrorCodes.UNKNOWN_MEMBER_ID, `Instance id ${r.instanceId} is unknown.`);
  if (holder.memberId !== r.memberId) {
    return reject(ErrorCodes.FENCED_INSTANCE_ID, `Static member ${r.memberId} with instance id ${r.instanceId} was fenced by member ${holder.memberId}.`);
  }
  return holder;
}

/** Handles epoch -1 and -2. @see CG-13, CG-14, CG-15 */
export function consumerGroupLeave(state: CoordinatorState, r: ConsumerGroupHeartbeatRequest, ctx: HandlerContext): LeaveOutcome | Rejection {
  const group = state.consumerGroups.get(r.groupId);
  if (group === undefined) {
    const why = state.groups.has(r.groupId) ? `Group ${r.groupId} is not a consumer group` : `Group ${r.groupId} not found.`;
    return reject(ErrorCodes.GROUP_ID_NOT_FOUND, why);
  }
  const member = leavingMember(group, r);
  if ('errorCode' in member) return member;
  if (r.instanceId !== null && r.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
    // CG-15: the member keeps its place and assignment at epoch -2; its session timer runs on.
    const left: ConsumerMember = { ...member, memberEpoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH, partitionsPendingRevocation: EMPTY_ASSIGNMENT };
    return { response: leaveResponse(member.memberId, LEAVE_GROUP_STATIC_MEMBER_EPOCH), records: [currentAssignmentRecord(group.groupId, left)], timers: [] };
  }
  const fenced = fenceMember(group, member, ctx);
  return { response: leaveResponse(r.memberId, r.memberEpoch), records: fenced.records, timers: fenced.timers };
}
