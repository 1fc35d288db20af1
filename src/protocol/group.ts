/**
 * The coordinator's view of a classic group and its members, plus the pure questions the
 * handlers ask about them.
 *
 * @remarks
 * These objects are changed only by {@link replay} (CONTRIBUTING.md rule 1). Handlers read them.
 * @see spec/group-states.md
 */
import type { JoinGroupProtocol } from './messages/index.js';
import { InvariantViolation } from './invariant.js';
import { ErrorCodes } from './errors.js';
import { OverlayMap, OverlaySet } from './overlay.js';

/**
 * The five states of a classic group.
 *
 * - `Empty`: no members. JoinGroup of a new member starts the initial (delayed) rebalance;
 *   SyncGroup and Heartbeat get UNKNOWN_MEMBER_ID. Left by a member being added.
 * - `PreparingRebalance`: the join phase. JoinGroup is parked until the phase completes;
 *   SyncGroup and Heartbeat get REBALANCE_IN_PROGRESS. Left when every member has rejoined
 *   or the join timer fires (to CompletingRebalance, or to Empty when no member is left).
 * - `CompletingRebalance`: waiting for the leader's assignment. A follower's SyncGroup is
 *   parked; the leader's stores the assignment and moves the group to Stable. A member
 *   joining, leaving or expiring goes back to PreparingRebalance.
 * - `Stable`: assignment stored. SyncGroup returns it; Heartbeat answers NONE; the leader's
 *   JoinGroup, a changed member's JoinGroup, a new member, a leave or an expiry rebalance.
 * - `Dead`: the group's partition was unloaded; every request gets COORDINATOR_NOT_AVAILABLE.
 */
export type GroupStateName = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** Every state, in lifecycle order. */
export const GROUP_STATES: readonly GroupStateName[] = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'];

/**
 * Allowed previous states of each state (Kafka's ClassicGroupState). Any other transition is a
 * programming error (INV-07).
 * @see spec/group-states.md GS-02
 */
export const ALLOWED_PREVIOUS_STATES: Readonly<Record<GroupStateName, readonly GroupStateName[]>> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

/** A request whose response is withheld: the id to answer later and the version to answer in. */
export interface ParkedRequest {
  readonly requestId: string;
  readonly version: number;
}

/** A member of a classic group. Immutable: replay replaces the object on every change. */
export interface Member {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly JoinGroupProtocol[];
  /** The assignment stored from the leader's SyncGroup (empty until then). */
  readonly assignment: Uint8Array;
  /** The member's JoinGroup waiting for the join phase to complete. */
  readonly awaitingJoin: ParkedRequest | null;
  /** The member's SyncGroup waiting for the leader's assignment. */
  readonly awaitingSync: ParkedRequest | null;
  /** True from being added until its first join phase completes. */
  readonly isNew: boolean;
}

/**
 * A classic group as replay builds it: the only form that can be written, and only `replay`
 * (and a handler's {@link forkGroup} draft, through replay) writes it.
 */
export interface MutableClassicGroup {
  readonly groupId: string;
  state: GroupStateName;
  previousState: GroupStateName;
  /** Time of the last state transition. */
  currentStateTimestampMs: number;
  protocolType: string | null;
  protocolName: string | null;
  generationId: number;
  leaderId: string | null;
  /** Members in join order (Map insertion order). */
  members: Map<string, Member>;
  /** Member ids handed out with MEMBER_ID_REQUIRED that have not joined yet (KIP-394). */
  pendingJoinMembers: Set<string>;
  /** Members that have not sent SyncGroup in the current generation (KAFKA-12890). */
  pendingSyncMembers: Set<string>;
  /** How many members list each protocol name; derived from members, kept for speed (INV-05). */
  supportedProtocols: Map<string, number>;
  /** Set when a member is added during an initial rebalance (KIP-134 delay extension). */
  newMemberAdded: boolean;
  /** Members holding a parked JoinGroup; derived from members, kept for speed (checked with INV-05; CONTRIBUTING.md rule 5). */
  numMembersAwaitingJoin: number;
  /**
   * The topics the group's consumers subscribed to, as decoded at the last generation bump
   * (or load); null when unknown: the group is not a `consumer` group, has not selected a
   * protocol, or some member's metadata does not decode. A snapshot, not derivable from the
   * current members: Kafka recomputes it only when the generation changes.
   * @see spec/offsets.md OD-04
   */
  subscribedTopics: ReadonlySet<string> | null;
}

/**
 * A read-only view of a classic group: what handlers, readers and the library get, so the
 * compiler rejects a write anywhere but in replay (CONTRIBUTING.md rule 1).
 */
export type ClassicGroup = {
  readonly [K in Exclude<keyof MutableClassicGroup, 'members' | 'pendingJoinMembers' | 'pendingSyncMembers' | 'supportedProtocols'>]: MutableClassicGroup[K];
} & {
  readonly members: ReadonlyMap<string, Member>;
  readonly pendingJoinMembers: ReadonlySet<string>;
  readonly pendingSyncMembers: ReadonlySet<string>;
  readonly supportedProtocols: ReadonlyMap<string, number>;
};

/** Creates the state of a brand-new group: Empty, generation 0, previous state Dead. */
export function newGroup(groupId: string, nowMs: number): MutableClassicGroup {
  return {
    groupId,
    state: 'Empty',
    previousState: 'Dead',
    currentStateTimestampMs: nowMs,
    protocolType: null,
    protocolName: null,
    generationId: 0,
    leaderId: null,
    members: new Map(),
    pendingJoinMembers: new Set(),
    pendingSyncMembers: new Set(),
    supportedProtocols: new Map(),
    newMemberAdded: false,
    numMembersAwaitingJoin: 0,
    subscribedTopics: null,
  };
}

/**
 * A copy-on-write draft of a group for a handler: O(1) to make; writes stay in the draft and
 * reads fall through to the live group, which the draft never changes.
 */
export function forkGroup(group: ClassicGroup): MutableClassicGroup {
  return {
    ...group,
    members: new OverlayMap(group.members),
    pendingJoinMembers: new OverlaySet(group.pendingJoinMembers),
    pendingSyncMembers: new OverlaySet(group.pendingSyncMembers),
    supportedProtocols: new OverlayMap(group.supportedProtocols),
  };
}

/** Throws unless `to` may follow the group's current state. @see spec/group-states.md GS-02 */
export function assertValidTransition(group: ClassicGroup, to: GroupStateName): void {
  if (!ALLOWED_PREVIOUS_STATES[to].includes(group.state)) {
    throw new InvariantViolation('GS-02', `group ${group.groupId}: illegal transition ${group.state} -> ${to}`);
  }
}

/** Every member has rejoined and no pending member is outstanding (the "all members have joined" of JG-13, TM-07). */
export function hasAllMembersJoined(group: ClassicGroup): boolean {
  return group.pendingJoinMembers.size === 0 && group.numMembersAwaitingJoin === group.members.size;
}

/** The group's rebalance timeout: the largest of its members' (0 with no members; TM-06, TM-13). */
export function groupRebalanceTimeoutMs(group: ClassicGroup): number {
  let max = 0;
  for (const m of group.members.values()) if (m.rebalanceTimeoutMs > max) max = m.rebalanceTimeoutMs;
  return max;
}

/** PreparingRebalance may be entered from the current state (GS-02). */
export function canRebalance(group: Pick<ClassicGroup, 'state'>): boolean {
  return ALLOWED_PREVIOUS_STATES.PreparingRebalance.includes(group.state);
}

/** The member's protocol list equals `protocols`, names and metadata bytes, in order (unchanged metadata, JG-15). */
export function memberMatches(member: Member, protocols: readonly JoinGroupProtocol[]): boolean {
  if (member.protocols.length !== protocols.length) return false;
  for (let i = 0; i < member.protocols.length; i++) {
    const p = member.protocols[i]!;
    if (p.name !== protocols[i]!.name || !bytesEqual(p.metadata, protocols[i]!.metadata)) return false;
  }
  return true;
}

/**
 * `protocols`, or the equal list (names and metadata bytes, in order) the group's leader already
 * holds. Members of one group usually send byte-identical protocol metadata; one shared list
 * instead of a list, its entries and a metadata buffer per member keeps the coordinator's heap
 * per member small (about 290 bytes each otherwise). The lists are immutable, so sharing an
 * equal one changes nothing anyone can observe. Only the leader is compared: O(metadata
 * bytes) per join, never O(members).
 */
export function sharedProtocols(group: ClassicGroup | undefined, protocols: readonly JoinGroupProtocol[]): readonly JoinGroupProtocol[] {
  const leader = group?.leaderId == null ? undefined : group.members.get(group.leaderId);
  return leader !== undefined && leader.protocols !== protocols && memberMatches(leader, protocols) ? leader.protocols : protocols;
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Protocol compatibility: may a member with this protocol type and list join? In Empty any
 * non-empty type and list will do (JG-06); otherwise the type must equal the group's and one
 * name must be supported by every current member (JG-07).
 * @see spec/join-group.md JG-06, JG-07
 */
export function supportsProtocols(group: ClassicGroup, protocolType: string, protocols: readonly JoinGroupProtocol[]): boolean {
  if (group.state === 'Empty') return protocolType !== '' && protocols.length > 0;
  if (group.protocolType !== protocolType) return false;
  const n = group.members.size;
  for (const p of protocols) if ((group.supportedProtocols.get(p.name) ?? 0) === n) return true;
  return false;
}

/** Protocol names supported by every member, in lexicographic order (the candidates of GS-07). */
export function candidateProtocols(group: ClassicGroup): string[] {
  const n = group.members.size;
  return [...group.supportedProtocols].filter(([, count]) => count === n).map(([name]) => name).sort();
}

/**
 * The protocol vote: each member votes for its first candidate; most votes wins; ties go to
 * the lexicographically smallest name (Kafka leaves ties to HashMap order).
 * @see spec/group-states.md GS-07, GS-08
 */
export function selectProtocol(group: ClassicGroup): string {
  const candidates = candidateProtocols(group);
  const votes = new Map<string, number>(candidates.map((c) => [c, 0]));
  for (const m of group.members.values()) {
    const choice = m.protocols.find((p) => votes.has(p.name));
    if (choice) votes.set(choice.name, votes.get(choice.name)! + 1);
  }
  let best: string | undefined;
  for (const c of candidates) if (best === undefined || votes.get(c)! > votes.get(best)!) best = c;
  if (best === undefined) throw new InvariantViolation('INV-05', `group ${group.groupId}: no protocol supported by all members`);
  return best;
}

/**
 * The empty byte string every member without an assignment or metadata shares: a zero-length
 * array has nothing to mutate, and a rebalance of 100,000 members would otherwise allocate an
 * ArrayBuffer per member for nothing.
 */
export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

/** The member's metadata for the selected protocol. */
export function metadataFor(member: Member, protocolName: string | null): Uint8Array {
  return member.protocols.find((p) => p.name === protocolName)?.metadata ?? EMPTY_BYTES;
}

/**
 * Member validation: the member and instance identity are valid. Returns NONE,
 * UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID.
 * @see spec/join-group.md JG-11; spec/static-membership.md ST-09, ST-10
 */
export function validateMember(group: ClassicGroup, memberId: string, groupInstanceId: string | null): number {
  if (groupInstanceId !== null) {
    const owner = staticMemberId(group, groupInstanceId);
    if (owner === undefined) return ErrorCodes.UNKNOWN_MEMBER_ID; // ST-10
    if (owner !== memberId) return ErrorCodes.FENCED_INSTANCE_ID; // ST-09
  }
  return group.members.has(memberId) ? ErrorCodes.NONE : ErrorCodes.UNKNOWN_MEMBER_ID; // JG-11, SG-03, HB-01, LG-04
}

/** The member id currently holding a static instance id, if any (ST-01). */
export function staticMemberId(group: ClassicGroup, groupInstanceId: string): string | undefined {
  for (const m of group.members.values()) if (m.groupInstanceId === groupInstanceId) return m.memberId;
  return undefined;
}

/**
 * Whether the group counts as subscribed to `topic` for OffsetDelete and offset expiration:
 * membership in its subscribed topics when known; when unknown, true exactly for a group of
 * protocol type `consumer`.
 * @see spec/offsets.md OD-04
 */
export function isSubscribedToTopic(group: ClassicGroup, topic: string): boolean {
  return group.subscribedTopics !== null ? group.subscribedTopics.has(topic) : group.protocolType === 'consumer';
}

/** A member's session is "satisfied" when it is not new and holds a parked JoinGroup or SyncGroup (TM-05). */
export function hasSatisfiedHeartbeat(member: Member): boolean {
  return !member.isNew && (member.awaitingJoin !== null || member.awaitingSync !== null);
}
