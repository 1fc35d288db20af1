/**
 * The consumer-group timers: a member's session timeout and its rebalance timeout while it
 * revokes, their keys, and what happens when they fire.
 *
 * @remarks
 * Follows Kafka 4.0's `GroupMetadataManager.scheduleConsumerGroupSessionTimeout`,
 * `scheduleConsumerGroupRebalanceTimeout` and `consumerGroupFenceMemberOperation`. A timer that
 * finds its group or member gone (or the member at another epoch) does nothing, as in Kafka,
 * where the timer's operation catches `GroupIdNotFoundException` / `UnknownMemberIdException`.
 * @see spec/consumer-group.md CG-33, CG-34, CG-35
 */
import type { GroupCoordinatorConfig } from '../config.js';
import type { CoordinatorState } from '../replay.js';
import type { HandlerContext, HandlerResult, TimerOp } from '../handler/index.js';
import type { ConsumerGroup, ConsumerMember } from './group.js';
import type { ConsumerTimerEvent } from './index.js';
import { fenceMember } from './fence.js';

/** The key of a member's session timer. */
export function consumerSessionKey(groupId: string, memberId: string): string {
  return JSON.stringify(['consumer-session', groupId, memberId]);
}

/** The key of a member's rebalance timer. */
export function consumerRebalanceKey(groupId: string, memberId: string): string {
  return JSON.stringify(['consumer-rebalance', groupId, memberId]);
}

/** (Re)arms a member's session timer: `group.consumer.session.timeout.ms` from now. @see CG-33 */
export function scheduleSession(groupId: string, memberId: string, ctx: { readonly nowMs: number; readonly config: GroupCoordinatorConfig }): TimerOp {
  return {
    op: 'schedule',
    key: consumerSessionKey(groupId, memberId),
    deadlineMs: ctx.nowMs + ctx.config.consumerSessionTimeoutMs,
    event: { type: 'timer.consumerSessionExpired', groupId, memberId },
  };
}

/** Arms a member's rebalance timer for its current epoch: its rebalance timeout from now. @see CG-34 */
export function scheduleRebalance(groupId: string, member: ConsumerMember, nowMs: number): TimerOp {
  return {
    op: 'schedule',
    key: consumerRebalanceKey(groupId, member.memberId),
    deadlineMs: nowMs + member.rebalanceTimeoutMs,
    event: { type: 'timer.consumerRebalanceExpired', groupId, memberId: member.memberId, memberEpoch: member.memberEpoch },
  };
}

/** Cancels both timers of a member (Kafka's `cancelTimers`). */
export function cancelMemberTimers(groupId: string, memberId: string): TimerOp[] {
  return [
    { op: 'cancel', key: consumerSessionKey(groupId, memberId) },
    { op: 'cancel', key: consumerRebalanceKey(groupId, memberId) },
  ];
}

/**
 * The timers of a group just loaded (Kafka's `onLoaded`): a full session for every member, and
 * a rebalance timer for every member still revoking. @see CG-36
 */
export function loadedGroupTimers(group: ConsumerGroup, ctx: HandlerContext): TimerOp[] {
  const ops: TimerOp[] = [];
  for (const m of group.members.values()) {
    ops.push(scheduleSession(group.groupId, m.memberId, ctx));
    if (m.state === 'UNREVOKED_PARTITIONS') ops.push(scheduleRebalance(group.groupId, m, ctx.nowMs));
  }
  return ops;
}

const NOTHING: HandlerResult = { responses: [], records: [], timers: [] };

/**
 * A consumer-group timer fired: the session timer fences its member; the rebalance timer fences
 * its member only if it is still at the epoch the timer was armed for. @see CG-33, CG-34, CG-35
 */
export function fireConsumerTimer(state: CoordinatorState, event: ConsumerTimerEvent, ctx: HandlerContext): HandlerResult {
  const group = state.consumerGroups.get(event.groupId);
  const member = group?.members.get(event.memberId);
  if (group === undefined || member === undefined) return NOTHING;
  if (event.type === 'timer.consumerRebalanceExpired' && member.memberEpoch !== event.memberEpoch) return NOTHING;
  const fenced = fenceMember(group, member, ctx);
  return { responses: [], records: fenced.records, timers: fenced.timers };
}
