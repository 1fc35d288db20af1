/**
 * The first steps of a regular ConsumerGroupHeartbeat: which group (created, or replacing an
 * empty classic group) and which member (created, found, or a static member replaced), with the
 * epoch checks that fence a member whose epoch is wrong.
 *
 * @remarks
 * Follows Kafka 4.0's `GroupMetadataManager.getOrMaybeCreateConsumerGroup`,
 * `throwIfConsumerGroupIsFull`, `getOrMaybeSubscribeDynamicConsumerGroupMember`,
 * `getOrMaybeSubscribeStaticConsumerGroupMember` and `throwIfConsumerGroupMemberEpochIsInvalid`.
 * @see spec/consumer-group.md
 */
import { ErrorCodes } from '../errors.js';
import type { HeartbeatTopicPartitions } from '../messages/consumer-group-heartbeat.js';
import { LEAVE_GROUP_STATIC_MEMBER_EPOCH } from '../messages/consumer-group-heartbeat.js';
import type { CoordinatorRecord } from '../records.js';
import type { CoordinatorState } from '../replay.js';
import type { Assignment } from './assignment.js';
import { EMPTY_ASSIGNMENT } from './assignment.js';
import type { ConsumerGroup, ConsumerMember } from './group.js';
import { newConsumerGroup } from './group.js';
import { replaceMemberRecords } from './record-helpers.js';
import { newConsumerMember } from './replay.js';
import type { Rejection } from './validate.js';
import { reject } from './validate.js';

/** The group a heartbeat works on, and the records that make it a consumer group. */
export interface ResolvedGroup {
  readonly group: ConsumerGroup;
  readonly records: CoordinatorRecord[];
}

/**
 * The consumer group of a heartbeat (Kafka's `getOrMaybeCreateConsumerGroup`): an existing one;
 * a new one when joining (epoch 0), replacing an empty classic group of the same id with its
 * GroupMetadata tombstone; GROUP_ID_NOT_FOUND otherwise. A non-empty classic group is answered as
 * Kafka answers when the migration policy forbids the upgrade. @see CG-07, CG-08
 */
export function resolveGroup(state: CoordinatorState, groupId: string, createIfNotExists: boolean): ResolvedGroup | Rejection {
  const existing = state.consumerGroups.get(groupId);
  if (existing !== undefined) return { group: existing, records: [] };
  const classic = state.groups.get(groupId);
  if (classic === undefined) {
    if (!createIfNotExists) return reject(ErrorCodes.GROUP_ID_NOT_FOUND, `Consumer group ${groupId} not found.`);
    return { group: newConsumerGroup(groupId), records: [] };
  }
  if (createIfNotExists && classic.state === 'Empty') {
    // Kafka's maybeDeleteEmptyClassicGroup: the classic group's tombstone, then a new group.
    return { group: newConsumerGroup(groupId), records: [{ type: 'GroupMetadata', groupId, value: null }] };
  }
  return reject(ErrorCodes.GROUP_ID_NOT_FOUND, `Group ${groupId} is not a consumer group`);
}

/** GROUP_MAX_SIZE_REACHED for a member not yet in a full group (`throwIfConsumerGroupIsFull`). @see CG-10 */
export function checkGroupSize(group: ConsumerGroup, requestMemberId: string, maxSize: number): Rejection | null {
  if (group.members.size >= maxSize && (requestMemberId === '' || !group.members.has(requestMemberId))) {
    return reject(ErrorCodes.GROUP_MAX_SIZE_REACHED, `The consumer group has reached its maximum capacity of ${maxSize} members.`);
  }
  return null;
}

/** Whether every owned partition is in `target` (Kafka's `isSubset`); not reporting is not a subset. */
export function isSubset(owned: readonly HeartbeatTopicPartitions[] | null, target: Assignment): boolean {
  if (owned === null) return false;
  for (const t of owned) {
    const ps = target.get(t.topicId);
    if (ps === undefined) return false;
    for (const p of t.partitions) if (!ps.has(p)) return false;
  }
  return true;
}

/**
 * FENCED_MEMBER_EPOCH for an epoch ahead of the member's, or behind it unless it is the previous
 * epoch and the member owns only what it is assigned (the answer that bumped it was lost).
 * @see CG-11, CG-12
 */
export function checkMemberEpoch(member: ConsumerMember, received: number, owned: readonly HeartbeatTopicPartitions[] | null): Rejection | null {
  const tail = ` than the one known by the group coordinator (${member.memberEpoch}). The member must abandon all its partitions and rejoin.`;
  if (received > member.memberEpoch) {
    return reject(ErrorCodes.FENCED_MEMBER_EPOCH, `The consumer group member has a greater member epoch (${received})${tail}`);
  }
  if (received < member.memberEpoch && (received !== member.previousMemberEpoch || !isSubset(owned, member.assignedPartitions))) {
    return reject(ErrorCodes.FENCED_MEMBER_EPOCH, `The consumer group member has a smaller member epoch (${received})${tail}`);
  }
  return null;
}

/** The member a heartbeat works on, and the records of a static member's replacement. */
export interface ResolvedMember {
  readonly member: ConsumerMember;
  /** The static member this one replaces (same instance id, other member id), if any. */
  readonly replaced: ConsumerMember | null;
  readonly records: CoordinatorRecord[];
}

/** What the member lookup needs from the request. */
export interface MemberLookup {
  readonly memberId: string;
  readonly memberEpoch: number;
  readonly instanceId: string | null;
  readonly owned: readonly HeartbeatTopicPartitions[] | null;
}

/** A dynamic member: created on join, else it must exist; then the epoch check. @see CG-09, CG-11 */
function dynamicMember(group: ConsumerGroup, q: MemberLookup, create: boolean): ResolvedMember | Rejection {
  const existing = group.members.get(q.memberId);
  if (existing === undefined && !create) return reject(ErrorCodes.UNKNOWN_MEMBER_ID, `Member ${q.memberId} is not a member of group ${group.groupId}.`);
  const member = existing ?? newConsumerMember(q.memberId);
  return checkMemberEpoch(member, q.memberEpoch, q.owned) ?? { member, replaced: null, records: [] };
}

/** The member holding an instance id (Kafka's `staticMember`). */
export function staticMember(group: ConsumerGroup, instanceId: string): ConsumerMember | undefined {
  for (const m of group.members.values()) if (m.instanceId === instanceId) return m;
  return undefined;
}

/**
 * A static member: a new one joins; a rejoin replaces the member holding the instance id only
 * if it left temporarily (epoch -2), inheriting its assignment and target; otherwise the
 * instance id must be known and held by this member id. @see CG-18, CG-19, CG-20
 */
function staticMemberOf(group: ConsumerGroup, q: MemberLookup, instanceId: string, create: boolean): ResolvedMember | Rejection {
  const holder = staticMember(group, instanceId);
  if (create) {
    if (holder === undefined) return { member: group.members.get(q.memberId) ?? newConsumerMember(q.memberId), replaced: null, records: [] };
    if (holder.memberEpoch !== LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
      return reject(ErrorCodes.UNRELEASED_INSTANCE_ID, `Static member ${q.memberId} with instance id ${instanceId} cannot join the group because the instance id is owned by ${holder.memberId} member.`);
    }
    const member: ConsumerMember = { ...holder, memberId: q.memberId, memberEpoch: 0, previousMemberEpoch: 0 };
    const oldTarget = group.targetAssignment.get(holder.memberId) ?? EMPTY_ASSIGNMENT;
    return { member, replaced: holder, records: replaceMemberRecords(group.groupId, holder.memberId, member, oldTarget) };
  }
  if (holder === undefined) return reject(ErrorCodes.UNKNOWN_MEMBER_ID, `Instance id ${instanceId} is unknown.`);
  if (holder.memberId !== q.memberId) {
    return reject(ErrorCodes.FENCED_INSTANCE_ID, `Static member ${q.memberId} with instance id ${instanceId} was fenced by member ${holder.memberId}.`);
  }
  return checkMemberEpoch(holder, q.memberEpoch, q.owned) ?? { member: holder, replaced: null, records: [] };
}

/** The member of a regular heartbeat, dynamic or static. */
export function resolveMember(group: ConsumerGroup, q: MemberLookup, create: boolean): ResolvedMember | Rejection {
  return q.instanceId === null ? dynamicMember(group, q, create) : staticMemberOf(group, q, q.instanceId, create);
}
