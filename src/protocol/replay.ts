/**
 * `replay(state, record)`: the one place coordinator state changes.
 *
 * @remarks
 * Volatile records change the live groups; durable records change the durable image, the
 * fold of what was written to `__consumer_offsets` (last value per key). Live state reaches
 * the durable image only through the GroupMetadata records the handlers write, so
 * "the durable projection of a Stable or Empty group equals its durable image" is a real
 * property (INV-06), not a tautology.
 *
 * Two durable records also act on live state, because Kafka keeps no other copy: committed
 * offsets exist only as the fold of OffsetCommit records (so the offsets map is both live and
 * durable), and a GroupMetadata tombstone deletes the live group as well as its image.
 * @see spec/records.md
 */
import type { ClassicGroup, Member, MutableClassicGroup } from './group.js';
import { assertValidTransition, bytesEqual, EMPTY_BYTES, newGroup } from './group.js';
import { InvariantViolation } from './invariant.js';
import type { CoordinatorRecord, GroupMetadataRecord, GroupMetadataValue, OffsetCommitRecord, OffsetCommitValue, VolatileRecord } from './records.js';
import { computeSubscribedTopics } from './offsets/subscribed-topics.js';
import type { ConsumerGroup, MutableConsumerGroup } from './consumer/group.js';
import { isConsumerGroupRecord } from './consumer/records.js';
import { replayConsumerGroup } from './consumer/replay.js';

/** One committed offset as the coordinator holds it: the record's key fields and value. */
export interface CommittedOffset extends OffsetCommitValue {
  readonly topic: string;
  readonly partition: number;
}

/** The committed offsets of one group, keyed by {@link offsetKey}. */
export type GroupOffsets = ReadonlyMap<string, CommittedOffset>;

/**
 * The key of a topic partition in {@link GroupOffsets}: `topic/partition`. Injective, since a
 * partition index never contains `/`.
 */
export function offsetKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

/**
 * The state of one coordinator as handlers and readers see it: its live groups, the durable
 * image of its partition's GroupMetadata records, and its committed offsets (group id, then
 * {@link offsetKey}). Read-only: the compiler keeps handlers pure.
 */
export interface CoordinatorState {
  readonly groups: ReadonlyMap<string, MutableClassicGroup>;
  /**
   * The consumer groups (KIP-848), live and durable at once: the fold of their ConsumerGroup*
   * records. A group id names a group in `groups` or here, never both.
   */
  readonly consumerGroups: ReadonlyMap<string, ConsumerGroup>;
  readonly durable: ReadonlyMap<string, GroupMetadataValue>;
  /** The fold of the OffsetCommit records: live and durable at once (REC-10). */
  readonly offsets: ReadonlyMap<string, GroupOffsets>;
}

/** The same state in the form {@link replay} writes; only a shell holds it. */
export interface MutableCoordinatorState extends CoordinatorState {
  readonly groups: Map<string, MutableClassicGroup>;
  readonly consumerGroups: Map<string, MutableConsumerGroup>;
  readonly durable: Map<string, GroupMetadataValue>;
  readonly offsets: Map<string, Map<string, CommittedOffset>>;
}

/** A coordinator with no groups. */
export function emptyCoordinatorState(): MutableCoordinatorState {
  return { groups: new Map(), consumerGroups: new Map(), durable: new Map(), offsets: new Map() };
}

/** Applies one record to `state`, in place. Throws InvariantViolation for an impossible record. */
export function replay(state: MutableCoordinatorState, record: CoordinatorRecord): void {
  if (record.type === 'GroupMetadata') return replayGroupMetadata(state, record);
  if (record.type === 'OffsetCommit') return replayOffsetCommit(state.offsets, record);
  if (isConsumerGroupRecord(record)) return replayConsumerGroup(state.consumerGroups, record);
  replayVolatile(state.groups, record);
}

/**
 * A value replaces the group's durable image. A tombstone deletes the image and the live
 * group (REC-09); our handlers write one only for an Empty group, so any other live state
 * is a bug.
 */
function replayGroupMetadata(state: MutableCoordinatorState, record: GroupMetadataRecord): void {
  if (record.value !== null) {
    state.durable.set(record.groupId, record.value);
    return;
  }
  const live = state.groups.get(record.groupId);
  if (live !== undefined && live.state !== 'Empty') {
    throw new InvariantViolation('REC-09', `GroupMetadata tombstone for group ${record.groupId}, which is ${live.state}`);
  }
  state.durable.delete(record.groupId);
  state.groups.delete(record.groupId);
}

/** Stores or (tombstone) deletes one offset; a group left with no offset has no entry (REC-10). */
export function replayOffsetCommit(offsets: Map<string, Map<string, CommittedOffset>>, record: OffsetCommitRecord): void {
  const key = offsetKey(record.topic, record.partition);
  if (record.value !== null) {
    let group = offsets.get(record.groupId);
    if (group === undefined) offsets.set(record.groupId, (group = new Map()));
    group.set(key, { topic: record.topic, partition: record.partition, ...record.value });
    return;
  }
  const group = offsets.get(record.groupId);
  if (group === undefined) return;
  group.delete(key);
  if (group.size === 0) offsets.delete(record.groupId);
}

/**
 * The group ids a loading coordinator must rebuild as simple groups after folding its log:
 * those holding offsets with neither a GroupMetadata entry nor a live group, in the order their
 * first offset was stored. Kafka creates such a group when it replays an offset for an unknown
 * group id.
 * @see spec/records.md REC-11
 */
export function simpleGroupIdsToLoad(state: CoordinatorState): string[] {
  return [...state.offsets.keys()].filter((id) => !state.durable.has(id) && !state.groups.has(id));
}

/**
 * A live group rebuilt from its durable image, as Kafka's load does: Stable with the
 * persisted members when it has any, else Empty; each member supports exactly the group's
 * protocol, with its stored subscription. A null image is a simple group created by offset
 * commits. @see spec/failover.md
 */
export function groupFromImage(groupId: string, value: GroupMetadataValue | null, nowMs: number): MutableClassicGroup {
  const g = newGroup(groupId, value?.currentStateTimestamp ?? nowMs);
  if (value === null) return g;
  g.protocolType = value.protocolType === '' ? null : value.protocolType;
  g.protocolName = value.protocol;
  g.generationId = value.generation;
  g.leaderId = value.leader;
  // Members with the same subscription bytes share one protocol list (as joins share them).
  let previous: Member['protocols'] | undefined;
  for (const m of value.members) {
    const own = previous !== undefined && bytesEqual(previous[0]!.metadata, m.subscription) ? previous : [{ name: value.protocol ?? '', metadata: m.subscription }];
    previous = own;
    const member: Member = {
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rebalanceTimeoutMs: m.rebalanceTimeout === -1 ? m.sessionTimeout : m.rebalanceTimeout,
      sessionTimeoutMs: m.sessionTimeout,
      protocolType: value.protocolType,
      protocols: own,
      assignment: m.assignment,
      awaitingJoin: null,
      awaitingSync: null,
      isNew: false,
    };
    g.members.set(m.memberId, member);
    countProtocols(g, member, 1);
  }
  if (g.members.size > 0) g.state = 'Stable';
  g.subscribedTopics = computeSubscribedTopics(g.protocolType, g.protocolName, g.members.values());
  return g;
}

/** Folds records into a fresh state. */
export function fold(records: Iterable<CoordinatorRecord>, state: MutableCoordinatorState = emptyCoordinatorState()): MutableCoordinatorState {
  for (const r of records) replay(state, r);
  return state;
}

function group(groups: Map<string, MutableClassicGroup>, record: VolatileRecord): MutableClassicGroup {
  const g = groups.get(record.groupId);
  if (g === undefined) throw new InvariantViolation('REC-03', `${record.type} for unknown group ${record.groupId}`);
  return g;
}

function member(g: MutableClassicGroup, memberId: string, recordType: string): Member {
  const m = g.members.get(memberId);
  if (m === undefined) throw new InvariantViolation('REC-03', `${recordType}: ${memberId} is not a member of ${g.groupId}`);
  return m;
}

function countProtocols(g: MutableClassicGroup, m: Member, delta: 1 | -1): void {
  for (const p of m.protocols) {
    const n = (g.supportedProtocols.get(p.name) ?? 0) + delta;
    if (n === 0) g.supportedProtocols.delete(p.name);
    else g.supportedProtocols.set(p.name, n);
  }
}

/**
 * Whether a stored assignment lists exactly the members, one each, in join order, as the SyncGroup
 * handler writes it: then its i-th entry is the i-th member's, with no map of ids to build (twice
 * per rebalance, at 100,000 members). Any other list (a record written by hand) is looked up by id.
 */
function assignmentsInJoinOrder(g: ClassicGroup, assignments: readonly (readonly [string, Uint8Array])[]): boolean {
  if (assignments.length !== g.members.size) return false;
  let i = 0;
  for (const id of g.members.keys()) if (assignments[i++]![0] !== id) return false;
  return true;
}

/** A volatile record of one type. */
type VolatileOf<T extends VolatileRecord['type']> = Extract<VolatileRecord, { readonly type: T }>;

/** Applies one volatile record of its type to the live groups, in place. */
type VolatileApplier<R extends VolatileRecord> = (groups: Map<string, MutableClassicGroup>, record: R) => void;

/** An applier for a record about an existing group: an unknown group is an impossible record. */
function onGroup<R extends VolatileRecord>(apply: (g: MutableClassicGroup, record: R) => void): VolatileApplier<R> {
  return (groups, record) => apply(group(groups, record), record);
}

/**
 * One applier per volatile record type. The mapped type makes a record type without an applier
 * a compile error.
 */
const VOLATILE_APPLIERS: { readonly [T in VolatileRecord['type']]: VolatileApplier<VolatileOf<T>> } = {
  // FO-03: the live group rebuilt from its durable image.
  GroupLoaded: (groups, record) => {
    if (groups.has(record.groupId)) throw new InvariantViolation('REC-03', `group ${record.groupId} loaded twice`);
    groups.set(record.groupId, groupFromImage(record.groupId, record.value, record.nowMs));
  },
  // GS-03, OC-04
  GroupCreated: (groups, record) => {
    if (groups.has(record.groupId)) throw new InvariantViolation('REC-03', `group ${record.groupId} created twice`);
    groups.set(record.groupId, newGroup(record.groupId, record.nowMs));
  },
  // GS-02: only allowed transitions.
  GroupStateChanged: onGroup((g, record) => {
    assertValidTransition(g, record.state);
    g.previousState = g.state;
    g.state = record.state;
    g.currentStateTimestampMs = record.nowMs;
  }),
  // JG-08
  PendingMemberAdded: onGroup((g, record) => {
    g.pendingJoinMembers.add(record.memberId);
  }),
  // LG-05, TM-04, ST-16
  PendingMemberRemoved: onGroup((g, record) => {
    g.pendingJoinMembers.delete(record.memberId);
  }),
  // JG-12
  MemberAdded: onGroup((g, record) => {
    const m = record.member;
    if (g.members.has(m.memberId)) throw new InvariantViolation('REC-03', `${m.memberId} added twice to ${g.groupId}`);
    // The first member of an empty member map decides the protocol type; it survives the
    // group becoming empty and is overwritten by the next first member (Kafka ClassicGroup.add).
    if (g.members.size === 0) g.protocolType = m.protocolType;
    g.members.set(m.memberId, m);
    countProtocols(g, m, 1);
    if (m.awaitingJoin !== null) g.numMembersAwaitingJoin++;
    if (g.leaderId === null) g.leaderId = m.memberId; // GS-09
    g.pendingJoinMembers.delete(m.memberId); // JG-10
    if (g.state === 'PreparingRebalance' && g.previousState === 'Empty') g.newMemberAdded = true; // TM-11
  }),
  // JG-14, JG-19
  MemberUpdated: onGroup((g, record) => {
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
  }),
  // LG-06, TM-05, TM-07, TM-14, ST-16
  MemberRemoved: onGroup((g, record) => {
    const old = member(g, record.memberId, record.type);
    countProtocols(g, old, -1);
    g.members.delete(old.memberId);
    if (old.awaitingJoin !== null) g.numMembersAwaitingJoin--;
    g.pendingSyncMembers.delete(old.memberId);
    // Kafka picks an arbitrary remaining member; we pick the first in join order (GS-10).
    if (g.leaderId === old.memberId) g.leaderId = g.members.keys().next().value ?? null;
  }),
  // ST-04
  StaticMemberReplaced: onGroup((g, record) => {
    // Re-key in place so the member keeps its position in join order.
    const old = member(g, record.oldMemberId, record.type);
    const entries = [...g.members].map(([id, m]): [string, Member] =>
      id === old.memberId ? [record.newMemberId, { ...m, memberId: record.newMemberId, awaitingJoin: null, awaitingSync: null, isNew: false }] : [id, m],
    );
    g.members = new Map(entries);
    if (old.awaitingJoin !== null) g.numMembersAwaitingJoin--;
    if (g.leaderId === old.memberId) g.leaderId = record.newMemberId;
    if (g.pendingSyncMembers.delete(old.memberId)) g.pendingSyncMembers.add(record.newMemberId);
  }),
  // ST-06
  JoinAnswered: onGroup((g, record) => {
    const m = member(g, record.memberId, record.type);
    if (m.awaitingJoin !== null) g.numMembersAwaitingJoin--;
    g.members.set(m.memberId, { ...m, awaitingJoin: null });
  }),
  // GS-11
  LeaderChanged: onGroup((g, record) => {
    if (record.leaderId !== null) member(g, record.leaderId, record.type);
    g.leaderId = record.leaderId;
  }),
  // GS-06, TM-08, TM-09
  GenerationAdvanced: onGroup((g, record) => {
    g.generationId = record.generationId;
    g.protocolName = record.protocolName;
    g.pendingSyncMembers.clear();
    g.numMembersAwaitingJoin = 0;
    // Re-setting an existing key keeps its place, so the walk needs no copy of the members.
    for (const m of g.members.values()) {
      g.members.set(m.memberId, { ...m, awaitingJoin: null, isNew: false });
      g.pendingSyncMembers.add(m.memberId);
    }
    // Kafka recomputes the subscribed topics at every generation bump, and only then (OD-04).
    g.subscribedTopics = computeSubscribedTopics(g.protocolType, g.protocolName, g.members.values());
  }),
  // SG-07, SG-11, SG-12
  MemberSyncing: onGroup((g, record) => {
    const m = member(g, record.memberId, record.type);
    g.pendingSyncMembers.delete(m.memberId);
    // A follower syncing after the leader (Stable) parks nothing: its member stays as it is
    // rather than being copied unchanged, once per member per rebalance.
    if (m.awaitingSync !== record.awaitingSync) g.members.set(m.memberId, { ...m, awaitingSync: record.awaitingSync });
  }),
  // SG-08, SG-09
  AssignmentsStored: onGroup((g, record) => {
    const byId = assignmentsInJoinOrder(g, record.assignments) ? null : new Map(record.assignments);
    let i = 0;
    for (const m of g.members.values()) {
      const assignment = byId === null ? record.assignments[i++]![1] : (byId.get(m.memberId) ?? EMPTY_BYTES);
      g.members.set(m.memberId, { ...m, assignment, awaitingSync: null });
    }
  }),
  // GS-05
  AssignmentsReset: onGroup((g) => {
    for (const m of g.members.values()) g.members.set(m.memberId, { ...m, assignment: EMPTY_BYTES, awaitingSync: null });
  }),
  // GS-05
  PendingSyncCleared: onGroup((g) => {
    g.pendingSyncMembers.clear();
  }),
  // TM-11
  NewMemberAddedCleared: onGroup((g) => {
    g.newMemberAdded = false;
  }),
};

/** Applies a volatile record to a map of live groups, in place, by its type's applier. */
export function replayVolatile(groups: Map<string, MutableClassicGroup>, record: VolatileRecord): void {
  const apply = VOLATILE_APPLIERS[record.type] as VolatileApplier<VolatileRecord>;
  apply(groups, record);
}
