/**
 * Step 2 of a regular ConsumerGroupHeartbeat: a new target assignment when the group epoch is
 * ahead of the target assignment epoch, computed by the selected server assignor.
 *
 * @remarks
 * Follows Kafka 4.0's `GroupMetadataManager.updateTargetAssignment` and
 * `ConsumerGroup.computePreferredServerAssignor`. The target assignment builder itself (which
 * records it writes) lives in `./target-assignment.ts`.
 * @see spec/consumer-group.md CG-24, CG-25
 */
import type { GroupCoordinatorConfig } from '../config.js';
import { ErrorCodes } from '../errors.js';
import type { CoordinatorRecord } from '../records.js';
import type { HandlerContext } from '../handler/index.js';
import type { Assignment } from './assignment.js';
import { EMPTY_ASSIGNMENT } from './assignment.js';
import { PartitionAssignorError } from './assignor.js';
import type { ConsumerGroup, ConsumerMember } from './group.js';
import type { ConsumerGroupServices } from './services.js';
import type { SubscriptionState } from './heartbeat-subscription.js';
import type { Rejection } from './validate.js';
import { reject } from './validate.js';

/**
 * Kafka iterates its assignor counts in Java HashMap order, which for the two names that exist
 * is `uniform` before `range`; `Stream.max` keeps the first of equal counts.
 */
const JAVA_HASHMAP_ORDER = ['uniform', 'range'];

/**
 * The assignor of the group: the one most members name (ties: `uniform` before `range`, Kafka's
 * HashMap order), else the first of `group.consumer.assignors`. @see CG-24
 */
export function selectAssignor(members: Iterable<ConsumerMember>, config: GroupCoordinatorConfig): string {
  const counts = new Map<string, number>();
  for (const m of members) if (m.serverAssignorName !== null) counts.set(m.serverAssignorName, (counts.get(m.serverAssignorName) ?? 0) + 1);
  const rank = (n: string): number => (JAVA_HASHMAP_ORDER.includes(n) ? JAVA_HASHMAP_ORDER.indexOf(n) : JAVA_HASHMAP_ORDER.length);
  let best: string | null = null;
  for (const name of [...counts.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))) {
    if (best === null || counts.get(name)! > counts.get(best)!) best = name;
  }
  return best ?? config.consumerAssignors[0]!;
}

/** The member's target and the epoch it belongs to. */
export interface MemberTarget {
  readonly epoch: number;
  readonly assignment: Assignment;
}

/**
 * The member's target: a new group target when the group epoch is ahead (its records appended),
 * else the current one (a replacing static member's is its predecessor's). An assignor failure
 * is UNKNOWN_SERVER_ERROR without a message, as Kafka answers it. @see CG-25
 */
export function computeTarget(
  services: ConsumerGroupServices,
  group: ConsumerGroup,
  member: ConsumerMember,
  replaced: ConsumerMember | null,
  subs: SubscriptionState,
  ctx: HandlerContext,
  records: CoordinatorRecord[],
): MemberTarget | Rejection {
  if (subs.groupEpoch <= group.targetAssignmentEpoch) {
    const id = replaced?.memberId ?? member.memberId;
    return { epoch: group.targetAssignmentEpoch, assignment: group.targetAssignment.get(id) ?? EMPTY_ASSIGNMENT };
  }
  const name = selectAssignor(subs.members.values(), ctx.config);
  const assignor = services.serverAssignor(name);
  // Kafka throws UnknownServerException("Failed to compute a new target assignment for epoch
  // N: why"), and ApiError.fromThrowable drops the message of UNKNOWN_SERVER_ERROR.
  const failed = (): Rejection => reject(ErrorCodes.UNKNOWN_SERVER_ERROR, null);
  if (assignor === undefined) return failed();
  try {
    const result = services.buildTargetAssignment({
      groupId: group.groupId,
      groupEpoch: subs.groupEpoch,
      assignor,
      members: subs.members,
      targetAssignment: group.targetAssignment,
      subscriptionMetadata: subs.subscriptionMetadata,
      resolvedRegularExpressions: subs.resolvedRegularExpressions,
      ...(replaced !== null ? { replacedStaticMember: { oldMemberId: replaced.memberId, newMemberId: member.memberId } } : {}),
    });
    records.push(...result.records);
    return { epoch: subs.groupEpoch, assignment: result.targetAssignment.get(member.memberId) ?? EMPTY_ASSIGNMENT };
  } catch (e) {
    if (e instanceof PartitionAssignorError) return failed();
    throw e;
  }
}
