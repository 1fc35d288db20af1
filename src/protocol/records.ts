/**
 * Records: the only way coordinator state changes.
 *
 * @remarks
 * A *durable* record is written to the group's `__consumer_offsets` partition exactly where
 * Kafka writes one (GroupMetadata: group creation, the leader's SyncGroup, a join phase that
 * ends Empty). A *volatile* record is the join-phase bookkeeping Kafka keeps in memory only
 * (pending members, parked requests, state changes between durable writes). `replay` applies
 * both; a coordinator that loads a partition folds only the durable ones.
 * @see spec/records.md
 */
import type { JoinGroupProtocol } from './messages.js';
import type { ClassicGroup, GroupStateName, Member, ParkedRequest } from './group.js';
import { metadataFor } from './group.js';

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

/** The durable record types. */
export type DurableRecord = GroupMetadataRecord;

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
  | { readonly type: 'NewMemberAddedCleared'; readonly groupId: string };

/** Any record. */
export type CoordinatorRecord = DurableRecord | VolatileRecord;

/** Whether a record is written to `__consumer_offsets`. */
export function isDurable(record: CoordinatorRecord): record is DurableRecord {
  return record.type === 'GroupMetadata';
}

/**
 * The GroupMetadata value Kafka writes for a group as it is now: generation, protocol, leader
 * and every member with its metadata for the selected protocol and its assignment.
 * @see spec/records.md
 */
export function groupMetadataValue(group: ClassicGroup): GroupMetadataValue {
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
      assignment: m.assignment,
    })),
  };
}

/** A GroupMetadata record of the group as it is now. */
export function newGroupMetadataRecord(group: ClassicGroup): GroupMetadataRecord {
  return { type: 'GroupMetadata', groupId: group.groupId, value: groupMetadataValue(group) };
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
