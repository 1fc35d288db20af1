/**
 * Replay of the ConsumerGroup* records onto the live consumer groups: the only place a consumer
 * group changes. Consumer groups have no volatile state, so the fold of these records is the
 * live state after a failover too.
 *
 * @remarks
 * Follows Kafka 4.0's `GroupMetadataManager.replay(ConsumerGroup*Key, ...)` overloads: a value
 * creates the group (and the member) when absent; a tombstone for an absent group or member is
 * ignored; a tombstone that would leave the group inconsistent is an impossible record.
 * `partitionEpochs` is kept in sync with the members' current assignments as Kafka's
 * `ConsumerGroup.updateMember` keeps its partition epochs.
 * @see spec/consumer-group-records.md
 */
import type { Assignment } from './assignment.js';
import { EMPTY_ASSIGNMENT, assignmentFromList } from './assignment.js';
import type { ConsumerMember, ConsumerMemberState, MutableConsumerGroup } from './group.js';
import { MEMBER_STATE_CODES, newConsumerGroup } from './group.js';
import type { ConsumerGroupRecord } from './records.js';
import { InvariantViolation } from '../invariant.js';
import { LEAVE_GROUP_MEMBER_EPOCH } from '../messages/consumer-group-heartbeat.js';

type Groups = Map<string, MutableConsumerGroup>;
type RecordOf<T extends ConsumerGroupRecord['type']> = Extract<ConsumerGroupRecord, { readonly type: T }>;

/** A member as Kafka's `ConsumerGroupMember.Builder(memberId)` starts it: epoch 0, STABLE, nothing assigned. */
export function newConsumerMember(memberId: string): ConsumerMember {
  return {
    memberId,
    memberEpoch: 0,
    previousMemberEpoch: 0,
    state: 'STABLE',
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: -1,
    clientId: '',
    clientHost: '',
    subscribedTopicNames: [],
    subscribedTopicRegex: null,
    serverAssignorName: null,
    assignedPartitions: EMPTY_ASSIGNMENT,
    partitionsPendingRevocation: EMPTY_ASSIGNMENT,
  };
}

/** The member state a record's state code names (`MemberState.fromValue`): an unknown code is UNKNOWN. */
export function memberStateFromCode(code: number): ConsumerMemberState {
  for (const [name, c] of Object.entries(MEMBER_STATE_CODES)) if (c === code) return name as ConsumerMemberState;
  return 'UNKNOWN';
}

function getOrCreate(groups: Groups, groupId: string): MutableConsumerGroup {
  let g = groups.get(groupId);
  if (g === undefined) groups.set(groupId, (g = newConsumerGroup(groupId)));
  return g;
}

/** Adds or removes one member's partitions at its epoch; a clash is an impossible record (CGREC-12). */
function updatePartitionEpochs(g: MutableConsumerGroup, partitions: Assignment, epoch: number, add: boolean): void {
  for (const [topicId, ps] of partitions) {
    let byPartition = g.partitionEpochs.get(topicId);
    for (const p of ps) {
      const current = byPartition?.get(p);
      if (add) {
        if (current !== undefined) throw new InvariantViolation('CGREC-12', `${g.groupId}: partition ${topicId}-${p} already held at epoch ${current}`);
        if (byPartition === undefined) g.partitionEpochs.set(topicId, (byPartition = new Map()));
        byPartition.set(p, epoch);
      } else {
        if (current !== epoch) throw new InvariantViolation('CGREC-12', `${g.groupId}: partition ${topicId}-${p} held at epoch ${current}, expected ${epoch}`);
        byPartition!.delete(p);
        if (byPartition!.size === 0) g.partitionEpochs.delete(topicId);
      }
    }
  }
}

/** Replaces a member, moving its partition epochs (Kafka's `ConsumerGroup.updateMember`). */
function putMember(g: MutableConsumerGroup, old: ConsumerMember | undefined, next: ConsumerMember): void {
  if (old !== undefined) {
    updatePartitionEpochs(g, old.assignedPartitions, old.memberEpoch, false);
    updatePartitionEpochs(g, old.partitionsPendingRevocation, old.memberEpoch, false);
  }
  updatePartitionEpochs(g, next.assignedPartitions, next.memberEpoch, true);
  updatePartitionEpochs(g, next.partitionsPendingRevocation, next.memberEpoch, true);
  g.members.set(next.memberId, next);
}

function replayGroupMetadata(groups: Groups, r: RecordOf<'ConsumerGroupMetadata'>): void {
  if (r.value !== null) {
    getOrCreate(groups, r.groupId).groupEpoch = r.value.epoch;
    return;
  }
  const g = groups.get(r.groupId);
  if (g === undefined) return;
  // CGREC-11: a group is deleted only after its members, targets and target epoch are.
  if (g.members.size > 0 || g.targetAssignment.size > 0 || g.targetAssignmentEpoch !== -1) {
    throw new InvariantViolation('CGREC-11', `tombstone of consumer group ${r.groupId} with ${g.members.size} members, ${g.targetAssignment.size} targets, target epoch ${g.targetAssignmentEpoch}`);
  }
  groups.delete(r.groupId);
}

function replayPartitionMetadata(groups: Groups, r: RecordOf<'ConsumerGroupPartitionMetadata'>): void {
  const g = r.value !== null ? getOrCreate(groups, r.groupId) : groups.get(r.groupId);
  if (g === undefined) return;
  g.subscriptionMetadata = new Map((r.value?.topics ?? []).map((t) => [t.topicName, { ...t }]));
}

function replayMemberMetadata(groups: Groups, r: RecordOf<'ConsumerGroupMemberMetadata'>): void {
  if (r.value !== null) {
    const g = getOrCreate(groups, r.groupId);
    const old = g.members.get(r.memberId) ?? newConsumerMember(r.memberId);
    const v = r.value;
    g.members.set(r.memberId, {
      ...old,
      instanceId: v.instanceId,
      rackId: v.rackId,
      clientId: v.clientId,
      clientHost: v.clientHost,
      subscribedTopicNames: [...v.subscribedTopicNames],
      subscribedTopicRegex: v.subscribedTopicRegex,
      serverAssignorName: v.serverAssignor,
      rebalanceTimeoutMs: v.rebalanceTimeoutMs,
    });
    return;
  }
  const g = groups.get(r.groupId);
  const old = g?.members.get(r.memberId);
  if (g === undefined || old === undefined) return;
  // CGREC-09: Kafka's order of tombstones: current assignment and target first.
  if (old.memberEpoch !== LEAVE_GROUP_MEMBER_EPOCH || g.targetAssignment.has(r.memberId)) {
    throw new InvariantViolation('CGREC-09', `member metadata tombstone of ${r.memberId} before its assignment tombstones`);
  }
  g.members.delete(r.memberId);
}

function replayTargetMember(groups: Groups, r: RecordOf<'ConsumerGroupTargetAssignmentMember'>): void {
  if (r.value !== null) {
    getOrCreate(groups, r.groupId).targetAssignment.set(r.memberId, assignmentFromList(r.value.topicPartitions));
    return;
  }
  groups.get(r.groupId)?.targetAssignment.delete(r.memberId);
}

function replayTargetMetadata(groups: Groups, r: RecordOf<'ConsumerGroupTargetAssignmentMetadata'>): void {
  if (r.value !== null) {
    getOrCreate(groups, r.groupId).targetAssignmentEpoch = r.value.assignmentEpoch;
    return;
  }
  const g = groups.get(r.groupId);
  if (g === undefined) return;
  if (g.targetAssignment.size > 0) throw new InvariantViolation('CGREC-11', `target epoch tombstone of ${r.groupId} with ${g.targetAssignment.size} targets left`);
  g.targetAssignmentEpoch = -1;
}

function replayCurrentAssignment(groups: Groups, r: RecordOf<'ConsumerGroupCurrentMemberAssignment'>): void {
  const g = r.value !== null ? getOrCreate(groups, r.groupId) : groups.get(r.groupId);
  const old = g?.members.get(r.memberId);
  if (g === undefined) return;
  if (r.value === null) {
    if (old === undefined) return;
    // Kafka keeps the member until its metadata tombstone, at epoch -1 with nothing assigned.
    putMember(g, old, { ...old, memberEpoch: LEAVE_GROUP_MEMBER_EPOCH, previousMemberEpoch: LEAVE_GROUP_MEMBER_EPOCH, assignedPartitions: EMPTY_ASSIGNMENT, partitionsPendingRevocation: EMPTY_ASSIGNMENT });
    return;
  }
  const v = r.value;
  putMember(g, old, {
    ...(old ?? newConsumerMember(r.memberId)),
    memberEpoch: v.memberEpoch,
    previousMemberEpoch: v.previousMemberEpoch,
    state: memberStateFromCode(v.state),
    assignedPartitions: assignmentFromList(v.assignedPartitions),
    partitionsPendingRevocation: assignmentFromList(v.partitionsPendingRevocation),
  });
}

function replayRegex(groups: Groups, r: RecordOf<'ConsumerGroupRegularExpression'>): void {
  if (r.value !== null) {
    const { topics, version, timestamp } = r.value;
    getOrCreate(groups, r.groupId).resolvedRegularExpressions.set(r.regularExpression, { topics: [...topics], version, timestampMs: timestamp });
    return;
  }
  groups.get(r.groupId)?.resolvedRegularExpressions.delete(r.regularExpression);
}

/**
 * Applies one ConsumerGroup* record to the consumer groups, in place.
 * @throws InvariantViolation for a record Kafka's replay would reject (CGREC-09, CGREC-11, CGREC-12).
 */
export function replayConsumerGroup(groups: Groups, record: ConsumerGroupRecord): void {
  switch (record.type) {
    case 'ConsumerGroupMetadata':
      return replayGroupMetadata(groups, record);
    case 'ConsumerGroupPartitionMetadata':
      return replayPartitionMetadata(groups, record);
    case 'ConsumerGroupMemberMetadata':
      return replayMemberMetadata(groups, record);
    case 'ConsumerGroupTargetAssignmentMember':
      return replayTargetMember(groups, record);
    case 'ConsumerGroupTargetAssignmentMetadata':
      return replayTargetMetadata(groups, record);
    case 'ConsumerGroupCurrentMemberAssignment':
      return replayCurrentAssignment(groups, record);
    case 'ConsumerGroupRegularExpression':
      return replayRegex(groups, record);
  }
}
