/**
 * Types of the consumer member statechart: the client side of the classic protocol, after
 * Kafka's Java consumer (`AbstractCoordinator`, `ConsumerCoordinator`).
 * @see spec/consumer-member.md
 * @packageDocumentation
 */

/**
 * The member states: Kafka's own `MemberState` values (UNJOINED, PREPARING_REBALANCE,
 * COMPLETING_REBALANCE, STABLE) in camelCase, plus coordinator discovery, leaving, left and fatal.
 */
export const MEMBER_STATES = [
  'unjoined',
  'discovering',
  'preparingRebalance',
  'completingRebalance',
  'stable',
  'leaving',
  'left',
  'fatal',
] as const;

/** A state key of the member statechart. */
export type MemberStateKey = (typeof MEMBER_STATES)[number];

/** How the member gives up partitions in a rebalance (`partition.assignment.strategy`'s protocol). */
export type RebalanceProtocol = 'eager' | 'cooperative';

/** A symbolic partition, `p0..pK`. */
export type PartitionId = `p${number}`;

/** A request the member sends. */
export type MemberRequest = 'findCoordinator' | 'joinGroup' | 'syncGroup' | 'heartbeat' | 'leaveGroup';

/** The error codes a JoinGroup response may carry here. */
export const JOIN_RESPONSE_CODES = [0, 14, 15, 16, 23, 25, 79, 81, 82] as const;
/** The error codes a SyncGroup response may carry here. */
export const SYNC_RESPONSE_CODES = [0, 15, 16, 22, 25, 27, 82] as const;
/** The error codes a Heartbeat response may carry here. */
export const HEARTBEAT_RESPONSE_CODES = [0, 15, 16, 22, 25, 27, 82] as const;
/** The error codes an OffsetCommit response may carry here (the same error on every partition). */
export const COMMIT_RESPONSE_CODES = [0, 15, 16, 22, 25, 82] as const;
/** The error codes a LeaveGroup response may carry here (any answer ends the leave). */
export const LEAVE_RESPONSE_CODES = [0, 25] as const;

/** The context of the member statechart (plain JSON data). */
export interface MemberContext {
  /** The state key, kept in the context too; always equal to the snapshot's value. */
  readonly state: MemberStateKey;
  readonly protocol: RebalanceProtocol;
  /** The member has a `group.instance.id`. */
  readonly isStatic: boolean;
  /** The partitions of the subscribed topics, in order. */
  readonly partitions: readonly PartitionId[];
  readonly coordinatorKnown: boolean;
  /** The member has a member id (from MEMBER_ID_REQUIRED or a JoinGroup answer). */
  readonly hasMemberId: boolean;
  /** The member holds a generation from a successful JoinGroup. */
  readonly hasGeneration: boolean;
  /** A rejoin has been requested (Kafka's `rejoinNeeded`). */
  readonly rejoinNeeded: boolean;
  /** The partitions the member owns, in `partitions` order. */
  readonly owned: readonly PartitionId[];
  /** Requests the last event made the member send, in order. */
  readonly sent: readonly MemberRequest[];
  /** Partitions the last event revoked (`onPartitionsRevoked`). */
  readonly revoked: readonly PartitionId[];
  /** Partitions the last event gave up as lost (`onPartitionsLost`). */
  readonly lost: readonly PartitionId[];
  readonly lastCase: MemberCase | null;
}

/** The application calls `poll()`. */
export interface PollEvent {
  readonly type: 'poll';
}
/** The application calls `close()`. */
export interface CloseEvent {
  readonly type: 'close';
}
/** FindCoordinator answered with the group's coordinator. */
export interface CoordinatorFoundEvent {
  readonly type: 'coordinator.found';
}
/** The JoinGroup response. */
export interface JoinResponseEvent {
  readonly type: 'response.joinGroup';
  readonly errorCode: (typeof JOIN_RESPONSE_CODES)[number];
}
/** The SyncGroup response; `assigned` is the member's assignment (empty on an error). */
export interface SyncResponseEvent {
  readonly type: 'response.syncGroup';
  readonly errorCode: (typeof SYNC_RESPONSE_CODES)[number];
  readonly assigned: readonly PartitionId[];
}
/** A Heartbeat response. */
export interface HeartbeatResponseEvent {
  readonly type: 'response.heartbeat';
  readonly errorCode: (typeof HEARTBEAT_RESPONSE_CODES)[number];
}
/** An OffsetCommit response. */
export interface CommitResponseEvent {
  readonly type: 'response.offsetCommit';
  readonly errorCode: (typeof COMMIT_RESPONSE_CODES)[number];
}
/** The LeaveGroup response. */
export interface LeaveResponseEvent {
  readonly type: 'response.leaveGroup';
  readonly errorCode: (typeof LEAVE_RESPONSE_CODES)[number];
}
/** `heartbeat.interval.ms` elapsed. */
export interface HeartbeatTimerEvent {
  readonly type: 'timer.heartbeat';
}
/** `max.poll.interval.ms` elapsed since the last `poll()`. */
export interface PollTimeoutEvent {
  readonly type: 'timer.pollTimeout';
}

/** Every event of the member statechart. */
export type MemberEvent =
  | PollEvent
  | CloseEvent
  | CoordinatorFoundEvent
  | JoinResponseEvent
  | SyncResponseEvent
  | HeartbeatResponseEvent
  | CommitResponseEvent
  | LeaveResponseEvent
  | HeartbeatTimerEvent
  | PollTimeoutEvent;

/** The case an event falls into; each transition of the member statechart is one case. */
export type MemberCase =
  | 'poll.join'
  | 'poll.discover'
  | 'poll.rejoin'
  | 'poll.stable'
  | 'poll.awaitCoordinator'
  | 'poll.fatal'
  | 'found.join'
  | 'found.remember'
  | 'join.ok'
  | 'join.memberIdRequired'
  | 'join.unknownMember'
  | 'join.loadInProgress'
  | 'join.coordinatorError'
  | 'join.fenced'
  | 'join.fatal'
  | 'sync.ok'
  | 'sync.okRevoked'
  | 'sync.rebalanceInProgress'
  | 'sync.unknownMember'
  | 'sync.illegalGeneration'
  | 'sync.coordinatorError'
  | 'sync.fenced'
  | 'heartbeat.send'
  | 'heartbeat.ok'
  | 'heartbeat.rebalanceInProgress'
  | 'heartbeat.ignored'
  | 'heartbeat.unknownMember'
  | 'heartbeat.illegalGeneration'
  | 'heartbeat.coordinatorError'
  | 'heartbeat.fenced'
  | 'commit.ok'
  | 'commit.unknownMember'
  | 'commit.illegalGeneration'
  | 'commit.coordinatorError'
  | 'commit.fenced'
  | 'pollTimeout'
  | 'close.leave'
  | 'close.now'
  | 'leave.done';

/** What one event does to the member. */
export interface MemberStep {
  readonly case: MemberCase;
  readonly state: MemberStateKey;
  readonly context: MemberContext;
}
