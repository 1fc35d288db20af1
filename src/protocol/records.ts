/**
 * Records: the only way coordinator state changes.
 *
 * @remarks
 * A *durable* record is written to the group's `__consumer_offsets` partition exactly where
 * Kafka writes one (GroupMetadata: group creation, the leader's SyncGroup, a join phase that
 * ends Empty; OffsetCommit: every committed offset; tombstones of both when offsets or groups
 * are deleted or expire). A *volatile* record is the join-phase bookkeeping Kafka keeps in memory only
 * (pending members, parked requests, state changes between durable writes). `replay` applies
 * both; a coordinator that loads a partition folds only the durable ones.
 * @see spec/records.md
 */
import type { JoinGroupProtocol } from './messages/index.js';
import type { ClassicGroup, GroupStateName, Member, ParkedRequest } from './group.js';
import { metadataFor } from './group.js';
import { InvariantViolation } from './invariant.js';
import type { ConsumerGroupRecord } from './consumer/records.js';
import { isConsumerGroupRecord } from './consumer/records.js';

/** One member in a GroupMetadata value (GroupMetadataValue.MemberMetadata, version 3). */
export interface MemberMetadataValue {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeout: number;
  readonly sessionTimeout: number;
  /** The member's metadata for the selected protocol. */
  readonly subscription: Uint8Array;
  readonly assignment: Uint8Array;
}

/** GroupMetadataValue (version 3), as Kafka persists it. */
export interface GroupMetadataValue {
  readonly protocolType: string;
  readonly generation: number;
  readonly protocol: string | null;
  readonly leader: string | null;
  readonly currentStateTimestamp: number;
  readonly members: readonly MemberMetadataValue[];
}

/** Durable: the group's metadata (key version 2); a null value is a tombstone. */
export interface GroupMetadataRecord {
  readonly type: 'GroupMetadata';
  readonly groupId: string;
  readonly value: GroupMetadataValue | null;
}

/**
 * OffsetCommitValue as Kafka persists it (versions 1 and 3; REC-06). `expireTimestamp` is
 * present only for offsets committed with an explicit retention (OffsetCommit v2-4), which
 * Kafka writes as a version-1 value.
 */
export interface OffsetCommitValue {
  /** int64: the committed offset. */
  readonly offset: number;
  /** The leader epoch the client sent; -1 when unknown. Not carried by version 1. */
  readonly leaderEpoch: number;
  /** The client's metadata; `""` when the client sent null. */
  readonly metadata: string;
  /** int64 ms: the v1 request's CommitTimestamp, else the broker's time of the commit. */
  readonly commitTimestamp: number;
  /** int64 ms: commit time plus the request's RetentionTimeMs (v2-4 only). */
  readonly expireTimestamp?: number;
}

/**
 * Durable: one committed offset (key version 1: group, topic, partition); a null value is a
 * tombstone that deletes the offset.
 */
export interface OffsetCommitRecord {
  readonly type: 'OffsetCommit';
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  readonly value: OffsetCommitValue | null;
}

/** The durable record types (the ConsumerGroup* records of KIP-848 are all durable). */
export type DurableRecord = GroupMetadataRecord | OffsetCommitRecord | ConsumerGroupRecord;

/** Volatile: the join-phase bookkeeping, never persisted. */
export type VolatileRecord =
  | { readonly type: 'GroupCreated'; readonly groupId: string; readonly nowMs: number }
  | { readonly type: 'GroupStateChanged'; readonly groupId: string; readonly state: GroupStateName; readonly nowMs: number }
  | { readonly type: 'PendingMemberAdded'; readonly groupId: string; readonly memberId: string }
  | { readonly type: 'PendingMemberRemoved'; readonly groupId: string; readonly memberId: string }
  | { readonly type: 'MemberAdded'; readonly groupId: string; readonly member: Member }
  | {
      readonly type: 'MemberUpdated';
      readonly groupId: string;
      readonly memberId: string;
      readonly protocols: readonly JoinGroupProtocol[];
      readonly rebalanceTimeoutMs: number;
      readonly sessionTimeoutMs: number;
      readonly awaitingJoin: ParkedRequest;
    }
  | { readonly type: 'MemberRemoved'; readonly groupId: string; readonly memberId: string }
  | { readonly type: 'StaticMemberReplaced'; readonly groupId: string; readonly oldMemberId: string; readonly newMemberId: string }
  | { readonly type: 'JoinAnswered'; readonly groupId: string; readonly memberId: string }
  | { readonly type: 'LeaderChanged'; readonly groupId: string; readonly leaderId: string | null }
  | { readonly type: 'GenerationAdvanced'; readonly groupId: string; readonly generationId: number; readonly protocolName: string | null }
  | { readonly type: 'MemberSyncing'; readonly groupId: string; readonly memberId: string; readonly awaitingSync: ParkedRequest | null }
  | { readonly type: 'AssignmentsStored'; readonly groupId: string; readonly assignments: readonly (readonly [string, Uint8Array])[] }
  | { readonly type: 'AssignmentsReset'; readonly groupId: string }
  | { readonly type: 'PendingSyncCleared'; readonly groupId: string }
  | { readonly type: 'NewMemberAddedCleared'; readonly groupId: string }
  /** A coordinator that finished loading rebuilds a group from its durable image (FO rules). */
  | { readonly type: 'GroupLoaded'; readonly groupId: string; readonly value: GroupMetadataValue | null; readonly nowMs: number };

/** Any record. */
export type CoordinatorRecord = DurableRecord | VolatileRecord;

/** Whether a record is written to `__consumer_offsets`. */
export function isDurable(record: CoordinatorRecord): record is DurableRecord {
  return record.type === 'GroupMetadata' || record.type === 'OffsetCommit' || isConsumerGroupRecord(record);
}

/**
 * The OffsetCommitValue version Kafka writes for a value: 1 when it carries an explicit
 * expire timestamp, else 3 (metadata versions 2.1 and later). Derived, never stored.
 * @see spec/records.md REC-07
 */
export function offsetCommitValueVersion(value: OffsetCommitValue): 1 | 3 {
  return value.expireTimestamp === undefined ? 3 : 1;
}

/** An OffsetCommit record storing `value` for the group's topic partition. */
export function newOffsetCommitRecord(groupId: string, topic: string, partition: number, value: OffsetCommitValue): OffsetCommitRecord {
  return { type: 'OffsetCommit', groupId, topic, partition, value };
}

/** An OffsetCommit tombstone: deletes the group's offset of the topic partition. @see REC-08 */
export function newOffsetCommitTombstone(groupId: string, topic: string, partition: number): OffsetCommitRecord {
  return { type: 'OffsetCommit', groupId, topic, partition, value: null };
}

/** A GroupMetadata tombstone: deletes the group. @see REC-09 */
export function newGroupMetadataTombstone(groupId: string): GroupMetadataRecord {
  return { type: 'GroupMetadata', groupId, value: null };
}

/**
 * The GroupMetadata value Kafka writes for a group as it is now: generation, protocol, leader
 * and every member with its metadata for the selected protocol and its assignment.
 *
 * @remarks
 * `assignments`, when given, are the members' assignments in join order, one per member, as an
 * AssignmentsStored record of the group lists them: the value is then the one the group has once
 * that record is applied (it changes nothing else the value shows), so the leader's SyncGroup
 * writes it without reading the group back after every member's assignment.
 * @see spec/records.md
 */
export function groupMetadataValue(group: ClassicGroup, assignments?: readonly (readonly [string, Uint8Array])[]): GroupMetadataValue {
  if (assignments !== undefined && assignments.length !== group.members.size) {
    throw new InvariantViolation('REC-04', `group ${group.groupId}: ${assignments.length} assignments for ${group.members.size} members`);
  }
  let i = 0;
  return {
    protocolType: group.protocolType ?? '',
    generation: group.generationId,
    protocol: group.protocolName,
    leader: group.leaderId,
    currentStateTimestamp: group.currentStateTimestampMs,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rebalanceTimeout: m.rebalanceTimeoutMs,
      sessionTimeout: m.sessionTimeoutMs,
      subscription: metadataFor(m, group.protocolName),
      assignment: assignments === undefined ? m.assignment : assignmentOf(group, m.memberId, assignments[i++]!),
    })),
  };
}

/** The assignment of a join-ordered entry, which must name the member in that place. */
function assignmentOf(group: ClassicGroup, memberId: string, entry: readonly [string, Uint8Array]): Uint8Array {
  if (entry[0] !== memberId) throw new InvariantViolation('REC-04', `group ${group.groupId}: assignment of ${entry[0]} where ${memberId} was expected`);
  return entry[1];
}

/** A GroupMetadata record of the group as it is now (with `assignments`: see {@link groupMetadataValue}). */
export function newGroupMetadataRecord(group: ClassicGroup, assignments?: readonly (readonly [string, Uint8Array])[]): GroupMetadataRecord {
  return { type: 'GroupMetadata', groupId: group.groupId, value: groupMetadataValue(group, assignments) };
}

/**
 * The record Kafka writes when JoinGroup creates a group: generation 0, protocol type `""`,
 * no protocol, leader or members.
 */
export function newEmptyGroupMetadataRecord(groupId: string, nowMs: number): GroupMetadataRecord {
  return {
    type: 'GroupMetadata',
    groupId,
    value: { protocolType: '', generation: 0, protocol: null, leader: null, currentStateTimestamp: nowMs, members: [] },
  };
}
