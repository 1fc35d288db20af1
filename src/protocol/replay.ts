/**
 * `replay(state, record)`: the one place coordinator state changes.
 *
 * @remarks
 * Volatile records change the live groups; durable records change the durable image, the
 * fold of what was written to `__consumer_offsets` (last value per key). Live state reaches
 * the durable image only through the GroupMetadata records the handlers write, so
 * "the durable projection of a Stable or Empty group equals its durable image" is a real
 * property (INV), not a tautology.
 * @see spec/records.md
 */
import type { ClassicGroup, Member } from './group.js';
import { assertValidTransition, newGroup } from './group.js';
import { InvariantViolation } from './invariant.js';
import type { CoordinatorRecord, GroupMetadataValue, VolatileRecord } from './records.js';

/** The state of one coordinator: its live groups and the durable image of its partition. */
export interface CoordinatorState {
  readonly groups: Map<string, ClassicGroup>;
  readonly durable: Map<string, GroupMetadataValue>;
}

/** A coordinator with no groups. */
export function emptyCoordinatorState(): CoordinatorState {
  return { groups: new Map(), durable: new Map() };
}

/** Applies one record to `state`, in place. Throws InvariantViolation for an impossible record. */
export function replay(state: CoordinatorState, record: CoordinatorRecord): void {
  if (record.type === 'GroupMetadata') {
    if (record.value === null) state.durable.delete(record.groupId);
    else state.durable.set(record.groupId, record.value);
    return;
  }
  replayVolatile(state.groups, record);
}

/** Folds records into a fresh state. */
export function fold(records: Iterable<CoordinatorRecord>, state: CoordinatorState = emptyCoordinatorState()): CoordinatorState {
  for (const r of records) replay(state, r);
  return state;
}

function group(groups: Map<string, ClassicGroup>, record: VolatileRecord): ClassicGroup {
  const g = groups.get(record.groupId);
  if (g === undefined) throw new InvariantViolation('REC-03', `${record.type} for unknown group ${record.groupId}`);
  return g;
}

function member(g: ClassicGroup, memberId: string, recordType: string): Member {
  const m = g.members.get(memberId);
  if (m === undefined) throw new InvariantViolation('REC-03', `${recordType}: ${memberId} is not a member of ${g.groupId}`);
  return m;
}

function countProtocols(g: ClassicGroup, m: Member, delta: 1 | -1): void {
  for (const p of m.protocols) {
    const n = (g.supportedProtocols.get(p.name) ?? 0) + delta;
    if (n === 0) g.supportedProtocols.delete(p.name);
    else g.supportedProtocols.set(p.name, n);
  }
}

/** Applies a volatile record to a map of live groups, in place. */
export function replayVolatile(groups: Map<string, ClassicGroup>, record: VolatileRecord): void {
  if (record.type === 'GroupCreated') {
    if (groups.has(record.groupId)) throw new InvariantViolation('REC-03', `group ${record.groupId} created twice`);
    groups.set(record.groupId, newGroup(record.groupId, record.nowMs));
    return;
  }
  const g = group(groups, record);
  switch (record.type) {
    case 'GroupStateChanged':
      assertValidTransition(g, record.state);
      g.previousState = g.state;
      g.state = record.state;
      g.currentStateTimestampMs = record.nowMs;
      return;
    case 'PendingMemberAdded':
      g.pendingJoinMembers.add(record.memberId);
      return;
    case 'PendingMemberRemoved':
      g.pendingJoinMembers.delete(record.memberId);
      return;
    case 'MemberAdded': {
      const m = record.member;
      if (g.members.has(m.memberId)) throw new InvariantViolation('REC-03', `${m.memberId} added twice to ${g.groupId}`);
      // The first member of an empty member map decides the protocol type; it survives the
      // group becoming empty and is overwritten by the next first member (Kafka ClassicGroup.add).
      if (g.members.size === 0) g.protocolType = m.protocolType;
      g.members.set(m.memberId, m);
      countProtocols(g, m, 1);
      if (m.awaitingJoin !== null) g.numMembersAwaitingJoin++;
      if (g.leaderId === null) g.leaderId = m.memberId;
      g.pendingJoinMembers.delete(m.memberId);
      if (g.state === 'PreparingRebalance' && g.previousState === 'Empty') g.newMemberAdded = true;
      return;
    }
    case 'MemberUpdated': {
      const old = member(g, record.memberId, record.type);
      const next: Member = {
        ...old,
        protocols: record.protocols,
        rebalanceTimeoutMs: record.rebalanceTimeoutMs,
        sessionTimeoutMs: record.sessionTimeoutMs,
        awaitingJoin: record.awaitingJoin,
      };
      countProtocols(g, old, -1);
      countProtocols(g, next, 1);
      g.members.set(next.memberId, next);
      if (old.awaitingJoin === null) g.numMembersAwaitingJoin++;
      return;
    }
    case 'MemberRemoved': {
      const old = member(g, record.memberId, record.type);
      countProtocols(g, old, -1);
      g.members.delete(old.memberId);
      if (old.awaitingJoin !== null) g.numMembersAwaitingJoin--;
      g.pendingSyncMembers.delete(old.memberId);
      // Kafka picks an arbitrary remaining member; we pick the first in join order (GS rule).
      if (g.leaderId === old.memberId) g.leaderId = g.members.keys().next().value ?? null;
      return;
    }
    case 'StaticMemberReplaced': {
      // Re-key in place so the member keeps its position in join order.
      const old = member(g, record.oldMemberId, record.type);
      const entries = [...g.members].map(([id, m]): [string, Member] =>
        id === old.memberId ? [record.newMemberId, { ...m, memberId: record.newMemberId, awaitingJoin: null, awaitingSync: null, isNew: false }] : [id, m],
      );
      g.members = new Map(entries);
      if (old.awaitingJoin !== null) g.numMembersAwaitingJoin--;
      if (g.leaderId === old.memberId) g.leaderId = record.newMemberId;
      if (g.pendingSyncMembers.delete(old.memberId)) g.pendingSyncMembers.add(record.newMemberId);
      return;
    }
    case 'JoinAnswered': {
      const m = member(g, record.memberId, record.type);
      if (m.awaitingJoin !== null) g.numMembersAwaitingJoin--;
      g.members.set(m.memberId, { ...m, awaitingJoin: null });
      return;
    }
    case 'LeaderChanged':
      if (record.leaderId !== null) member(g, record.leaderId, record.type);
      g.leaderId = record.leaderId;
      return;
    case 'GenerationAdvanced':
      g.generationId = record.generationId;
      g.protocolName = record.protocolName;
      g.pendingSyncMembers.clear();
      g.numMembersAwaitingJoin = 0;
      for (const m of [...g.members.values()]) {
        g.members.set(m.memberId, { ...m, awaitingJoin: null, isNew: false });
        g.pendingSyncMembers.add(m.memberId);
      }
      return;
    case 'MemberSyncing': {
      const m = member(g, record.memberId, record.type);
      g.pendingSyncMembers.delete(m.memberId);
      g.members.set(m.memberId, { ...m, awaitingSync: record.awaitingSync });
      return;
    }
    case 'AssignmentsStored': {
      const byId = new Map(record.assignments);
      for (const m of [...g.members.values()]) {
        g.members.set(m.memberId, { ...m, assignment: byId.get(m.memberId) ?? new Uint8Array(0), awaitingSync: null });
      }
      return;
    }
    case 'AssignmentsReset':
      for (const m of [...g.members.values()]) g.members.set(m.memberId, { ...m, assignment: new Uint8Array(0), awaitingSync: null });
      return;
    case 'PendingSyncCleared':
      g.pendingSyncMembers.clear();
      return;
    case 'NewMemberAddedCleared':
      g.newMemberAdded = false;
      return;
  }
}
