/**
 * Removing a member from a consumer group: a leave (epoch -1), a session or rebalance timeout,
 * or a static member's final leave.
 *
 * @remarks
 * Kafka 4.0's `GroupMetadataManager.consumerGroupFenceMember` for a group that does not
 * downgrade (migration to a classic group is out of scope): the member's tombstones, the
 * tombstones of regexes nobody subscribes to any more, the subscription metadata without the
 * member when it changes, the group epoch bumped, the member's timers cancelled. The new target
 * assignment waits for the next heartbeat of any member.
 * @see spec/consumer-group.md CG-13
 */
import type { HandlerContext, TimerOp } from '../handler/index.js';
import type { ConsumerGroup, ConsumerMember } from './group.js';
import type { ConsumerGroupRecord } from './records.js';
import { groupEpochRecord, memberTombstones, regexTombstone, subscriptionMetadataRecord } from './record-helpers.js';
import { activeRegex, computeSubscriptionMetadata, regexSubscribers, sameSubscriptionMetadata, subscribedTopicNames } from './subscription.js';
import { NO_TOPICS } from './topics.js';
import { cancelMemberTimers } from './timers.js';

/** The records and timer operations that remove a member. */
export interface Fenced {
  readonly records: ConsumerGroupRecord[];
  readonly timers: TimerOp[];
}

/** Removes `member` from `group`, as Kafka fences it. @see CG-13, CGREC-08 */
export function fenceMember(group: ConsumerGroup, member: ConsumerMember, ctx: HandlerContext): Fenced {
  const records: ConsumerGroupRecord[] = memberTombstones(group.groupId, member.memberId);
  const remaining = [...group.members.values()].filter((m) => m.memberId !== member.memberId);
  const regex = activeRegex(member);
  const regexes = new Map(group.resolvedRegularExpressions);
  // Kafka's maybeDeleteResolvedRegularExpressions: a regex only this member used goes with it.
  if (regex !== null && regexes.has(regex) && regexSubscribers(remaining, regex) === 0) {
    records.push(regexTombstone(group.groupId, regex));
    regexes.delete(regex);
  }
  const metadata = computeSubscriptionMetadata(subscribedTopicNames(remaining, regexes), ctx.topics ?? NO_TOPICS);
  if (!sameSubscriptionMetadata(metadata, group.subscriptionMetadata)) records.push(subscriptionMetadataRecord(group.groupId, metadata));
  records.push(groupEpochRecord(group.groupId, group.groupEpoch + 1));
  return { records, timers: cancelMemberTimers(group.groupId, member.memberId) };
}
