/**
 * ConsumerGroupHeartbeat (KIP-848), versions 0-1: join, heartbeat, leave.
 *
 * @remarks
 * Follows Kafka 4.0's `GroupMetadataManager.consumerGroupHeartbeat`: validate; a leave goes to
 * `./leave.ts`; otherwise (1) get or create the group and the member, update the member and bump
 * the group epoch when its subscription or the subscribed topics' metadata changed, (2) compute
 * a new target assignment when the group epoch is ahead of the target epoch, (3) move the member
 * one reconciliation step toward its target, (4) re-arm its session and answer.
 * @see spec/consumer-group.md
 */
import { ErrorCodes } from '../errors.js';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, RequestEnvelope } from '../messages/index.js';
import { LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH } from '../messages/consumer-group-heartbeat.js';
import type { CoordinatorRecord } from '../records.js';
import type { CoordinatorState } from '../replay.js';
import type { HandlerContext, HandlerResult, TimerOp } from '../handler/index.js';
import { answered } from '../handler/index.js';
import type { Assignment } from './assignment.js';
import { assignmentToList, assignmentsEqual } from './assignment.js';
import type { ConsumerGroup, ConsumerMember } from './group.js';
import { currentPartitionEpoch, isReconciled } from './group.js';
import { consumerGroupHeartbeatError } from './responses.js';
import type { ConsumerGroupServices } from './services.js';
import { consumerGroupLeave } from './leave.js';
import { checkGroupSize, resolveGroup, resolveMember } from './heartbeat-member.js';
import { updateMember, updateSubscriptions } from './heartbeat-subscription.js';
import { computeTarget } from './heartbeat-target.js';
import { reconcile, sameAssignmentState } from './reconcile.js';
import { currentAssignmentRecord } from './record-helpers.js';
import { consumerRebalanceKey, scheduleRebalance, scheduleSession } from './timers.js';
import type { Rejection } from './validate.js';
import { isRejection, reject, validateHeartbeat } from './validate.js';

/** The answer and effects of a regular heartbeat. */
interface HeartbeatOutcome {
  readonly response: ConsumerGroupHeartbeatResponse;
  readonly records: CoordinatorRecord[];
  readonly timers: TimerOp[];
}

/** ConsumerGroupHeartbeat with the given assignors. @see CG-01 */
export function consumerGroupHeartbeatWith(
  services: ConsumerGroupServices,
  state: CoordinatorState,
  env: RequestEnvelope<ConsumerGroupHeartbeatRequest>,
  ctx: HandlerContext,
): HandlerResult {
  const r = env.request;
  const invalid = validateHeartbeat(r, ctx.config);
  const outcome =
    invalid ??
    (r.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH || r.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH
      ? consumerGroupLeave(state, r, ctx)
      : regularHeartbeat(services, state, r, ctx));
  // CG-05: an error answer carries the code and Kafka's message, and changes nothing.
  if (isRejection(outcome)) return answered(env.requestId, consumerGroupHeartbeatError(outcome.errorCode, outcome.errorMessage));
  return { responses: [{ requestId: env.requestId, response: outcome.response }], records: outcome.records, timers: outcome.timers };
}

/** Steps 1-4 of a heartbeat with epoch 0 or above. */
function regularHeartbeat(services: ConsumerGroupServices, state: CoordinatorState, r: ConsumerGroupHeartbeatRequest, ctx: HandlerContext): HeartbeatOutcome | Rejection {
  const create = r.memberEpoch === 0;
  const resolved = resolveGroup(state, r.groupId, create);
  if (isRejection(resolved)) return resolved;
  const group = resolved.group;
  const full = checkGroupSize(group, r.memberId, ctx.config.consumerMaxSize);
  if (full !== null) return full;
  // CG-06: v0 lets the coordinator name a joining member; v1 members name themselves.
  const memberId = r.memberId === '' ? ctx.newId() : r.memberId;
  const found = resolveMember(group, { memberId, memberEpoch: r.memberEpoch, instanceId: r.instanceId, owned: r.topicPartitions }, create);
  if (isRejection(found)) return found;
  const records: CoordinatorRecord[] = [...resolved.records, ...found.records];
  const member = found.member;
  const updated = updateMember(member, r);
  const subs = updateSubscriptions(group, member, updated, found.replaced, ctx, records);
  if (isRejection(subs)) return subs;
  const target = computeTarget(services, group, updated, found.replaced, subs, ctx, records);
  if (isRejection(target)) return target;
  const step = reconcileStep(group, updated, target, r, ctx.nowMs, records);
  if (isRejection(step)) return step;
  return {
    response: answer(r, member, step.member, ctx),
    records,
    timers: [...step.timers, scheduleSession(group.groupId, memberId, ctx)],
  };
}

/** Step 3: one reconciliation step unless the member is already reconciled. @see CGR-01, CG-34 */
function reconcileStep(
  group: ConsumerGroup,
  member: ConsumerMember,
  target: { readonly epoch: number; readonly assignment: Assignment },
  r: ConsumerGroupHeartbeatRequest,
  nowMs: number,
  records: CoordinatorRecord[],
): { member: ConsumerMember; timers: TimerOp[] } | Rejection {
  if (isReconciled(member, target.epoch)) return { member, timers: [] };
  if (member.state === 'UNKNOWN' && (r.topicPartitions === null || r.topicPartitions.length > 0)) {
    return reject(ErrorCodes.FENCED_MEMBER_EPOCH, 'The consumer group member is in a unknown state. The member must abandon all its partitions and rejoin.');
  }
  const next = reconcile(member, {
    targetAssignmentEpoch: target.epoch,
    targetAssignment: target.assignment,
    currentPartitionEpoch: (topicId, partition) => currentPartitionEpoch(group, topicId, partition),
    ownedTopicPartitions: r.topicPartitions,
  });
  if (sameAssignmentState(next, member)) return { member, timers: [] };
  records.push(currentAssignmentRecord(group.groupId, next));
  // CG-34: the rebalance timeout runs while the member revokes, for the epoch it revokes at.
  const timer: TimerOp = next.state === 'UNREVOKED_PARTITIONS' ? scheduleRebalance(group.groupId, next, nowMs) : { op: 'cancel', key: consumerRebalanceKey(group.groupId, next.memberId) };
  return { member: next, timers: [timer] };
}

/**
 * The answer: member id, epoch, heartbeat interval, and the assignment only on a full request
 * (joining, or every non-optional field set) or when the assigned partitions changed. @see CG-16, CG-17
 */
function answer(r: ConsumerGroupHeartbeatRequest, before: ConsumerMember, after: ConsumerMember, ctx: HandlerContext): ConsumerGroupHeartbeatResponse {
  const fullRequest = r.memberEpoch === 0 || (r.rebalanceTimeoutMs !== -1 && r.subscribedTopicNames !== null && r.topicPartitions !== null);
  const changed = !assignmentsEqual(before.assignedPartitions, after.assignedPartitions);
  return {
    api: 'ConsumerGroupHeartbeat',
    throttleTimeMs: 0,
    errorCode: ErrorCodes.NONE,
    errorMessage: null,
    memberId: after.memberId,
    memberEpoch: after.memberEpoch,
    heartbeatIntervalMs: ctx.config.consumerHeartbeatIntervalMs,
    assignment: fullRequest || changed ? { topicPartitions: assignmentToList(after.assignedPartitions) } : null,
  };
}
