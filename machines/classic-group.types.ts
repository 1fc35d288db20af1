/**
 * Types of the classic group statechart: the symbolic world it runs in (member slots, abstract
 * time), its events and the predictions it carries in its context.
 *
 * @remarks
 * The model is smaller than the system (CONTRIBUTING.md rule 8): members are slots `m1..mN`, member
 * ids are named relative to a slot (`'own'`, `'other'`, `'empty'`), generations relative to
 * the group's (`'current'`, `'stale'`), and time is counted in whole units of `unitMs`. Only
 * `import type` may reach into `src/` (TIDY-02).
 * @see spec/group-states.md
 * @packageDocumentation
 */
import type { ErrorCode } from '../src/protocol/errors.js';

/** The five group states, as the camelCase keys of the statechart (Kafka's `Empty`, ...). */
export const GROUP_STATES = ['empty', 'preparingRebalance', 'completingRebalance', 'stable', 'dead'] as const;

/** A state key of the group statechart. */
export type GroupStateKey = (typeof GROUP_STATES)[number];

/** Kafka's name of each state, as DescribeGroups reports it. */
export const KAFKA_STATE_NAMES = {
  empty: 'Empty',
  preparingRebalance: 'PreparingRebalance',
  completingRebalance: 'CompletingRebalance',
  stable: 'Stable',
  dead: 'Dead',
} as const satisfies Record<GroupStateKey, string>;

/**
 * The error codes the model predicts, by Kafka's names. `satisfies` checks them against the
 * implementation's error table at compile time only; the model never imports its values.
 */
export const ERR = {
  NONE: 0,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  UNKNOWN_MEMBER_ID: 25,
  REBALANCE_IN_PROGRESS: 27,
  MEMBER_ID_REQUIRED: 79,
  FENCED_INSTANCE_ID: 82,
} as const satisfies Record<string, ErrorCode>;

/** A member slot: one client of the group, `m1` to `mN`. */
export type SlotId = `m${number}`;

/** A dynamic slot joins without a `group.instance.id`; a static one always sends its own. */
export type SlotKind = 'dynamic' | 'static';

/** Where a slot stands in the group: unknown to it, a pending member (JG-08), or a member. */
export type SlotStatus = 'absent' | 'pending' | 'member';

/** What the group knows about one slot. Flags other than `kind` and `status` are false unless a member. */
export interface Slot {
  readonly id: SlotId;
  readonly kind: SlotKind;
  readonly status: SlotStatus;
  /** The member has a parked JoinGroup (awaiting join). */
  readonly awaitingJoin: boolean;
  /** The member has a parked SyncGroup (awaiting sync). */
  readonly awaitingSync: boolean;
  /** The member is in the pending-sync set (SG-12). */
  readonly pendingSync: boolean;
  /** Added and not yet through a join completion (JG-12). */
  readonly isNew: boolean;
}

/**
 * The timing of the symbolic world, in units of `unitMs`. The test adapter configures the
 * broker and every request with these values (see `timingInMs`), so that deadlines in units
 * times `unitMs` are the broker's deadlines in milliseconds.
 */
export interface GroupTiming {
  /** Milliseconds per unit. */
  readonly unitMs: number;
  /** Every member's `SessionTimeoutMs`, in units. */
  readonly sessionUnits: number;
  /** Every member's `RebalanceTimeoutMs`, in units (so the group rebalance timeout, while it has members). */
  readonly rebalanceUnits: number;
  /** `group.initial.rebalance.delay.ms`, in units. */
  readonly initialDelayUnits: number;
  /** Kafka's fixed new-member join timeout of 300000 ms, in units (derived from `unitMs`). */
  readonly newMemberUnits: number;
}

/** The initial-delay payload of a join timer (TM-10, TM-11), in units. */
export interface InitialDelay {
  readonly delayUnits: number;
  readonly remainingUnits: number;
}

/** Which timer an armed entry is. Session timers are keyed by slot, join and sync timers by group. */
export type TimerRef =
  | { readonly timer: 'session'; readonly member: SlotId; readonly pending: boolean }
  | { readonly timer: 'join'; readonly initial: InitialDelay | null }
  | { readonly timer: 'sync' };

/** An armed timer with its deadline in units since the start of the run. */
export interface ArmedTimer {
  readonly ref: TimerRef;
  readonly dueAtUnits: number;
}

/** The model's prediction for the event just taken. */
export type Outcome =
  /** The request was answered at once with this error code (0 = NONE). */
  | { readonly kind: 'response'; readonly errorCode: number }
  /** The request was parked: its answer comes with a later event (see `completed`). */
  | { readonly kind: 'parked' }
  /** The event was not a request (a timer, an unload), or nothing has happened yet. */
  | { readonly kind: 'none' };

/** A request kind that can be parked. */
export type ParkedRequest = 'joinGroup' | 'syncGroup';

/** An answer the last event gave to an earlier, parked request, in the order given. */
export interface Completion {
  readonly member: SlotId;
  readonly request: ParkedRequest;
  readonly errorCode: number;
}

/** A parked request the last event dropped: it will never be answered (JG-19, SG-11, LG-06). */
export interface Dropped {
  readonly member: SlotId;
  readonly request: ParkedRequest;
}

/**
 * The context of the group statechart. Everything is plain JSON data, so snapshots serialize
 * and compare with deep equality.
 */
export interface GroupContext {
  /** The state key, kept in the context too so that guards can read it; always equal to the snapshot's value. */
  readonly state: GroupStateKey;
  readonly timing: GroupTiming;
  /** Every slot, in slot order `m1..mN`. */
  readonly slots: readonly Slot[];
  /** A JoinGroup with MemberId `""` has created the group (GS-03); before that the group id is unknown. */
  readonly groupExists: boolean;
  readonly generation: number;
  readonly leader: SlotId | null;
  /** The members, in join order (GS-09). */
  readonly joinOrder: readonly SlotId[];
  /** The current PreparingRebalance began in Empty (TM-10). */
  readonly initialRebalance: boolean;
  /** The new-member flag of TM-11. */
  readonly newMemberAdded: boolean;
  /** The current time in units. */
  readonly nowUnits: number;
  /** Armed timers in firing order: earliest deadline first, ties in the order armed (TM-01). */
  readonly timers: readonly ArmedTimer[];
  readonly lastOutcome: Outcome;
  readonly completed: readonly Completion[];
  readonly dropped: readonly Dropped[];
  /** The case the last event took (see `GroupCase`), or null before any event. */
  readonly lastCase: GroupCase | null;
}

/** A member id named relative to a slot. */
export type MemberIdRef =
  /** `""`: a new member (JoinGroup), or a LeaveGroup identity by instance id only (ST-12). */
  | 'empty'
  /** The id the group gave this slot (its pending id or its member id). */
  | 'own'
  /** Any id the group does not know for this slot: a made-up or a superseded one. */
  | 'other';

/** A generation id relative to the group's: its current one, or another non-negative one. */
export type GenerationRef = 'current' | 'stale';

/** JoinGroup. `version: 'v1-3'` joins a new dynamic member at once (JG-09); static slots use `'v5+'`. */
export interface JoinGroupEvent {
  readonly type: 'request.joinGroup';
  readonly member: SlotId;
  readonly memberId: MemberIdRef;
  readonly version: 'v1-3' | 'v5+';
  /**
   * The protocols relative to what the member last sent: `'changed'` changes metadata bytes but
   * never which protocol GS-07 selects; `'incompatible'` sends protocol type `""` and no protocols.
   */
  readonly protocols: 'same' | 'changed' | 'incompatible';
}

/** SyncGroup (the leader's carries the assignments; the model does not look at them). */
export interface SyncGroupEvent {
  readonly type: 'request.syncGroup';
  readonly member: SlotId;
  readonly memberId: 'own' | 'other';
  readonly generation: GenerationRef;
}

/** Heartbeat. */
export interface HeartbeatEvent {
  readonly type: 'request.heartbeat';
  readonly member: SlotId;
  readonly memberId: 'own' | 'other';
  readonly generation: GenerationRef;
}

/** LeaveGroup with one identity (v3+ for static slots, which send their instance id). */
export interface LeaveGroupEvent {
  readonly type: 'request.leaveGroup';
  readonly member: SlotId;
  readonly memberId: MemberIdRef;
}

/** OffsetCommit by a group member (generation >= 0); only offered once the group exists. */
export interface OffsetCommitEvent {
  readonly type: 'request.offsetCommit';
  readonly member: SlotId;
  readonly memberId: 'own' | 'other';
  readonly generation: GenerationRef;
}

/** A member's session timer fired. */
export interface SessionExpiredEvent {
  readonly type: 'timer.sessionExpired';
  readonly member: SlotId;
}

/** A pending member's session timer fired (armed by JG-08). */
export interface PendingMemberExpiredEvent {
  readonly type: 'timer.pendingMemberExpired';
  readonly member: SlotId;
}

/** The join timer fired (rebalance timeout or initial delay). */
export interface JoinPhaseExpiredEvent {
  readonly type: 'timer.joinPhaseExpired';
}

/** The sync timer fired. */
export interface SyncExpiredEvent {
  readonly type: 'timer.syncExpired';
}

/**
 * Time passes by one unit without a timer falling due (only offered when none would): lets
 * members heartbeat between two timers, which requests alone cannot, since they take no time.
 */
export interface ClockTickEvent {
  readonly type: 'clock.tick';
}

/** The coordinator lost the group's `__consumer_offsets` partition. */
export interface CoordinatorUnloadEvent {
  readonly type: 'coordinator.unload';
}

/** A request event. */
export type GroupRequestEvent = JoinGroupEvent | SyncGroupEvent | HeartbeatEvent | LeaveGroupEvent | OffsetCommitEvent;

/** A timer event. */
export type GroupTimerEvent = SessionExpiredEvent | PendingMemberExpiredEvent | JoinPhaseExpiredEvent | SyncExpiredEvent;

/** Every event of the group statechart. */
export type GroupEvent = GroupRequestEvent | GroupTimerEvent | ClockTickEvent | CoordinatorUnloadEvent;

/** The event types, in a fixed order. */
export const GROUP_EVENT_TYPES = [
  'request.joinGroup',
  'request.syncGroup',
  'request.heartbeat',
  'request.leaveGroup',
  'request.offsetCommit',
  'timer.sessionExpired',
  'timer.pendingMemberExpired',
  'timer.joinPhaseExpired',
  'timer.syncExpired',
  'clock.tick',
  'coordinator.unload',
] as const satisfies readonly GroupEvent['type'][];

/**
 * The case an event falls into. Each transition of the statechart is one case with one
 * target; a case whose target depends on the context appears once per target.
 */
export type GroupCase =
  | 'join.coordinatorNotAvailable'
  | 'join.unknownGroup'
  | 'join.incompatible'
  | 'join.memberIdRequired'
  | 'join.newMember'
  | 'join.pendingMember'
  | 'join.staticNew'
  | 'join.staticReplace'
  | 'join.unknownMember'
  | 'join.unknownInstance'
  | 'join.fencedInstance'
  | 'join.rejoin'
  | 'join.rejoinAgain'
  | 'join.rejoinSame'
  | 'join.rejoinChanged'
  | 'join.leaderRejoin'
  | 'sync.coordinatorNotAvailable'
  | 'sync.groupEmpty'
  | 'sync.unknownMember'
  | 'sync.unknownInstance'
  | 'sync.fencedInstance'
  | 'sync.illegalGeneration'
  | 'sync.rebalanceInProgress'
  | 'sync.leader'
  | 'sync.follower'
  | 'sync.followerAgain'
  | 'sync.stable'
  | 'heartbeat.coordinatorNotAvailable'
  | 'heartbeat.groupEmpty'
  | 'heartbeat.unknownMember'
  | 'heartbeat.unknownInstance'
  | 'heartbeat.fencedInstance'
  | 'heartbeat.illegalGeneration'
  | 'heartbeat.rebalanceInProgress'
  | 'heartbeat.ok'
  | 'leave.coordinatorNotAvailable'
  | 'leave.pendingMember'
  | 'leave.member'
  | 'leave.staticByInstance'
  | 'leave.unknownMember'
  | 'leave.unknownInstance'
  | 'leave.fencedInstance'
  | 'commit.coordinatorNotAvailable'
  | 'commit.groupEmpty'
  | 'commit.unknownMember'
  | 'commit.unknownInstance'
  | 'commit.fencedInstance'
  | 'commit.illegalGeneration'
  | 'commit.rebalanceInProgress'
  | 'commit.accepted'
  | 'timer.pendingExpired'
  | 'timer.sessionSatisfied'
  | 'timer.sessionExpired'
  | 'timer.joinExtended'
  | 'timer.joinStaticWait'
  | 'timer.joinCompleted'
  | 'timer.syncExpired'
  | 'tick'
  | 'unload'
  | 'unload.dead';

/** What one event does: the case it falls into, the next state and the next context. */
export interface GroupStep {
  readonly case: GroupCase;
  readonly state: GroupStateKey;
  readonly context: GroupContext;
}
