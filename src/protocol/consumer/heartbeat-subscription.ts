/**
 * Step 1 of a regular ConsumerGroupHeartbeat: the member updated from the request, its metadata
 * record, regex subscriptions resolved, the subscription metadata recomputed, and the group
 * epoch bumped when any input of the assignment changed.
 *
 * @remarks
 * Follows Kafka 4.0's `GroupMetadataManager.consumerGroupHeartbeat` (part 1),
 * `hasMemberSubscriptionChanged`, `maybeUpdateRegularExpressions` and the subscription-metadata
 * update. Where Kafka waits for a metadata image change or resolves regexes in the background,
 * this module does both synchronously in every heartbeat (CG-27, CG-31).
 * @see spec/consumer-group.md
 */
import type { ConsumerGroupHeartbeatRequest } from '../messages/consumer-group-heartbeat.js';
import type { CoordinatorRecord } from '../records.js';
import type { HandlerContext } from '../handler/index.js';
import type { ConsumerGroup, ConsumerMember, ResolvedRegularExpression, SubscribedTopicMetadata } from './group.js';
import { groupEpochRecord, memberMetadataRecord, regexRecord, regexTombstone, subscriptionMetadataRecord } from './record-helpers.js';
import { activeRegex, computeSubscriptionMetadata, regexSubscribers, resolveRegex, sameSubscriptionMetadata, sameTopicNames, sameTopics, subscribedTopicNames } from './subscription.js';
import { NO_TOPICS } from './topics.js';
import type { Rejection } from './validate.js';
import { compileRegex, isRejection } from './validate.js';

/**
 * The member with the request's fields applied: a null field (or -1 timeout) leaves the value
 * unchanged; client id and host always come from the request. Topic names equal as a set keep
 * the stored list, since Kafka stores a set. @see CG-21
 */
export function updateMember(m: ConsumerMember, r: ConsumerGroupHeartbeatRequest): ConsumerMember {
  const names = r.subscribedTopicNames === null || sameTopicNames(r.subscribedTopicNames, m.subscribedTopicNames) ? m.subscribedTopicNames : [...r.subscribedTopicNames];
  return {
    ...m,
    instanceId: r.instanceId ?? m.instanceId,
    rackId: r.rackId ?? m.rackId,
    rebalanceTimeoutMs: r.rebalanceTimeoutMs === -1 ? m.rebalanceTimeoutMs : r.rebalanceTimeoutMs,
    serverAssignorName: r.serverAssignor ?? m.serverAssignorName,
    subscribedTopicNames: names,
    subscribedTopicRegex: r.subscribedTopicRegex ?? m.subscribedTopicRegex,
    clientId: r.clientId,
    clientHost: r.clientHost,
  };
}

/** Same member metadata (what ConsumerGroupMemberMetadata holds). */
function sameMetadata(a: ConsumerMember, b: ConsumerMember): boolean {
  return (
    a.instanceId === b.instanceId &&
    a.rackId === b.rackId &&
    a.rebalanceTimeoutMs === b.rebalanceTimeoutMs &&
    a.serverAssignorName === b.serverAssignorName &&
    a.subscribedTopicRegex === b.subscribedTopicRegex &&
    a.clientId === b.clientId &&
    a.clientHost === b.clientHost &&
    a.subscribedTopicNames === b.subscribedTopicNames
  );
}

/** The group's subscriptions as they will be after this heartbeat. */
export interface SubscriptionState {
  /** The group epoch after this heartbeat (bumped or not). */
  readonly groupEpoch: number;
  /** The members as they will be, in group order (a replaced static member left out). */
  readonly members: ReadonlyMap<string, ConsumerMember>;
  readonly subscriptionMetadata: ReadonlyMap<string, SubscribedTopicMetadata>;
  readonly resolvedRegularExpressions: ReadonlyMap<string, ResolvedRegularExpression>;
}

/** The members after the update: the replaced static member out, the updated member in its place (new ones last). */
function membersAfter(group: ConsumerGroup, updated: ConsumerMember, replaced: ConsumerMember | null): Map<string, ConsumerMember> {
  const out = new Map(group.members);
  if (replaced !== null) out.delete(replaced.memberId);
  out.set(updated.memberId, updated);
  return out;
}

/**
 * Regexes as this heartbeat leaves them: the member's old regex dropped when nobody else uses
 * it; a regex new to the group compiled (INVALID_REGULAR_EXPRESSION) and resolved; every other
 * regex re-resolved against the image, written only when its topics changed. Returns whether a
 * resolution changed (which bumps the group epoch). @see CG-29, CG-30, CG-31
 */
function updateRegexes(
  group: ConsumerGroup,
  before: ConsumerMember,
  members: ReadonlyMap<string, ConsumerMember>,
  ctx: HandlerContext,
  records: CoordinatorRecord[],
): { regexes: Map<string, ResolvedRegularExpression>; changed: boolean } | Rejection {
  const regexes = new Map(group.resolvedRegularExpressions);
  const oldRegex = activeRegex(before);
  if (oldRegex !== null && regexes.has(oldRegex) && regexSubscribers(members.values(), oldRegex) === 0) {
    records.push(regexTombstone(group.groupId, oldRegex));
    regexes.delete(oldRegex);
  }
  const wanted = new Set<string>();
  for (const m of members.values()) {
    const regex = activeRegex(m);
    if (regex !== null) wanted.add(regex);
  }
  let changed = false;
  for (const regex of [...wanted].sort()) {
    const pattern = compileRegex(regex);
    if (isRejection(pattern)) return pattern;
    const topics = resolveRegex(pattern, ctx.topics ?? NO_TOPICS);
    const known = regexes.get(regex);
    if (known !== undefined && sameTopics(known.topics, topics)) continue;
    // The image has no version here: 0 stands for Kafka's metadata offset (CG-31).
    records.push(regexRecord(group.groupId, regex, topics, 0, ctx.nowMs));
    regexes.set(regex, { topics, version: 0, timestampMs: ctx.nowMs });
    changed = true;
  }
  return { regexes, changed };
}

/**
 * Step 1 after the member is found: its metadata record when it changed, the regexes, the
 * subscription metadata record when it changed, and the group epoch record when anything that
 * feeds the assignment changed (a new group always moves off epoch 0). @see CG-22, CG-23, CG-26, CG-27
 */
export function updateSubscriptions(
  group: ConsumerGroup,
  before: ConsumerMember,
  updated: ConsumerMember,
  replaced: ConsumerMember | null,
  ctx: HandlerContext,
  records: CoordinatorRecord[],
): SubscriptionState | Rejection {
  let bump = group.groupEpoch === 0;
  if (!sameMetadata(before, updated)) {
    records.push(memberMetadataRecord(group.groupId, updated));
    if (before.subscribedTopicNames !== updated.subscribedTopicNames || before.subscribedTopicRegex !== updated.subscribedTopicRegex) bump = true;
  }
  const members = membersAfter(group, updated, replaced);
  const regexes = updateRegexes(group, before, members, ctx, records);
  if (isRejection(regexes)) return regexes;
  if (regexes.changed) bump = true;
  const metadata = computeSubscriptionMetadata(subscribedTopicNames(members.values(), regexes.regexes), ctx.topics ?? NO_TOPICS);
  if (!sameSubscriptionMetadata(metadata, group.subscriptionMetadata)) {
    records.push(subscriptionMetadataRecord(group.groupId, metadata));
    bump = true;
  }
  const groupEpoch = bump ? group.groupEpoch + 1 : group.groupEpoch;
  if (bump) records.push(groupEpochRecord(group.groupId, groupEpoch));
  return { groupEpoch, members, subscriptionMetadata: metadata, resolvedRegularExpressions: regexes.regexes };
}
