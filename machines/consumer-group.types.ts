/**
 * Types of the KIP-848 consumer-group statecharts (coordinator side): two symbolic member
 * slots, two symbolic topics of one partition each, epochs as counts.
 *
 * @remarks
 * Why topics of one partition each, subscribed by at most one member at a time: then every
 * server assignor gives each partition to its only subscriber, so the target assignment is
 * decided by the subscriptions alone and the model needs no assignor (which assignor gives
 * what when members share a topic is the assignors' business, spec/server-assignors.md).
 * Revocation and hand-over still happen: a member that drops a topic must revoke its
 * partition, and a member that subscribes to it next waits until it is released.
 * @see spec/consumer-group.md
 * @see spec/consumer-group-reconciliation.md
 * @packageDocumentation
 */

/** The member slots. A slot is one client; each (re)join gives it a fresh member id. */
export const CG_SLOTS = ['m1', 'm2'] as const;
/** A member slot. */
export type CgSlot = (typeof CG_SLOTS)[number];

/** The topics a model may have, one partition each: a topic stands for its partition. */
export const CG_TOPICS = ['tA', 'tB', 'tC'] as const;
/** A symbolic topic (and its one partition). */
export type CgTopic = (typeof CG_TOPICS)[number];

/** Kafka's member reconciliation states (`MemberState`), UNKNOWN left out (never written here). */
export type CgMemberState = 'STABLE' | 'UNREVOKED_PARTITIONS' | 'UNRELEASED_PARTITIONS';

/** One member as the coordinator keeps it. Topic lists are in {@link CG_TOPICS} order. */
export interface CgMember {
  readonly epoch: number;
  /** The epoch the member had before its last reconciliation step (CGR-05); CG-12 accepts it once. */
  readonly prevEpoch: number;
  readonly state: CgMemberState;
  readonly subscribed: readonly CgTopic[];
  /** Partitions the member may use now. */
  readonly assigned: readonly CgTopic[];
  /** Partitions the member must give up before it gets more (still counted as held). */
  readonly revoking: readonly CgTopic[];
}

/** An armed timer. Deadlines are in arming order (see the machine's "Driving it"). */
export interface CgTimer {
  readonly kind: 'session' | 'rebalance';
  readonly member: CgSlot;
}

/** What a slot's last member id became: never used, left (epoch -1) or fenced by a timer. */
export type CgFormer = 'none' | 'left' | 'fenced';

/** What the last event answered (absent for timers). */
export interface CgAnswer {
  /** The heartbeat's slot; null for DeleteGroups. */
  readonly member: CgSlot | null;
  readonly errorCode: number;
  /** The member epoch in the answer (-1 after a leave; ignored on errors). */
  readonly memberEpoch: number;
  /** The assignment in the answer; null when the answer carries none. */
  readonly assignment: readonly CgTopic[] | null;
}

/** The context of both consumer-group statecharts (plain JSON data). */
export interface CgContext {
  /** The topics that exist (the first few of {@link CG_TOPICS}). */
  readonly topics: readonly CgTopic[];
  /** The coordinator has the group (created by a join, until DeleteGroups deletes it). */
  readonly exists: boolean;
  /** DeleteGroups deleted the group (and no join has created it again since). */
  readonly deleted: boolean;
  readonly groupEpoch: number;
  readonly targetEpoch: number;
  readonly members: Readonly<Record<CgSlot, CgMember | null>>;
  /** The target assignment of each member (empty for absent members). */
  readonly target: Readonly<Record<CgSlot, readonly CgTopic[]>>;
  readonly former: Readonly<Record<CgSlot, CgFormer>>;
  /** Armed timers, earliest deadline first. */
  readonly timers: readonly CgTimer[];
  /** The case of the last event and what it answered. */
  readonly lastCase: CgCase | null;
  readonly answer: CgAnswer | null;
}

/** Heartbeat with epoch 0 subscribing to `topics` (a fresh member id). */
export interface CgJoinEvent {
  readonly type: 'heartbeat.join';
  readonly member: CgSlot;
  readonly topics: readonly CgTopic[];
}
/**
 * Heartbeat at the member's epoch reporting what it owns: its assigned partitions, plus those
 * pending revocation unless `ack` (it has revoked them).
 */
export interface CgHeartbeatEvent {
  readonly type: 'heartbeat.regular';
  readonly member: CgSlot;
  readonly ack: boolean;
}
/** Heartbeat at the member's epoch with new subscribed topic names; reports everything it owns. */
export interface CgSubscribeEvent {
  readonly type: 'heartbeat.subscribe';
  readonly member: CgSlot;
  readonly topics: readonly CgTopic[];
}
/** Heartbeat at the member's previous epoch owning only assigned partitions (a lost answer). */
export interface CgPreviousEpochEvent {
  readonly type: 'heartbeat.previousEpoch';
  readonly member: CgSlot;
}
/** Heartbeat at an epoch above the member's. */
export interface CgFutureEpochEvent {
  readonly type: 'heartbeat.futureEpoch';
  readonly member: CgSlot;
}
/** Heartbeat with epoch -1. */
export interface CgLeaveEvent {
  readonly type: 'heartbeat.leave';
  readonly member: CgSlot;
}
/** Heartbeat from the slot's former member id (left or fenced), at its last epoch. */
export interface CgUnknownEvent {
  readonly type: 'heartbeat.unknownMember';
  readonly member: CgSlot;
}
/** The member's session timer fired (`group.consumer.session.timeout.ms`). */
export interface CgSessionTimerEvent {
  readonly type: 'timer.consumerSessionExpired';
  readonly member: CgSlot;
}
/** The member's rebalance timer fired (its rebalance timeout, while revoking). */
export interface CgRebalanceTimerEvent {
  readonly type: 'timer.consumerRebalanceExpired';
  readonly member: CgSlot;
}

/** DeleteGroups of the group (an admin client): deletes it when Empty, else NON_EMPTY_GROUP. */
export interface CgDeleteGroupEvent {
  readonly type: 'admin.deleteGroups';
}

/** Every event of the consumer-group statechart. */
export type CgEvent =
  | CgJoinEvent
  | CgHeartbeatEvent
  | CgSubscribeEvent
  | CgPreviousEpochEvent
  | CgFutureEpochEvent
  | CgLeaveEvent
  | CgUnknownEvent
  | CgSessionTimerEvent
  | CgRebalanceTimerEvent
  | CgDeleteGroupEvent;

/** The case of an event: what kind of step it is (the target tells the outcome). */
export type CgCase =
  | 'join'
  | 'heartbeat'
  | 'stillRevoking'
  | 'subscribe'
  | 'previousEpoch'
  | 'futureEpoch'
  | 'leave'
  | 'unknownMember'
  | 'sessionExpired'
  | 'rebalanceExpired'
  | 'deleteGroup'
  | 'deleteNonEmpty';

/** What one event does. */
export interface CgStep {
  readonly case: CgCase;
  readonly context: CgContext;
}

/** The group statechart's states: Kafka's consumer group states as far as heartbeats show them. */
export const CG_GROUP_STATES = ['empty', 'assigning', 'reconciling', 'stable', 'dead'] as const;
/** A state of the group statechart. */
export type CgGroupStateKey = (typeof CG_GROUP_STATES)[number];

/** The member statechart's states: one member's reconciliation as the coordinator sees it. */
export const CG_MEMBER_STATES = ['unsubscribed', 'stable', 'unrevokedPartitions', 'unreleasedPartitions', 'left', 'fenced'] as const;
/** A state of the member statechart. */
export type CgMemberStateKey = (typeof CG_MEMBER_STATES)[number];

/** The events of one member slot (every event but DeleteGroups). */
export type CgSlotEvent = Exclude<CgEvent, CgDeleteGroupEvent>;

/** The member statechart's events: the focal member's own (slot m1), or anyone else's (m2, an admin). */
export type CgMemberEvent = CgSlotEvent | { readonly type: 'peer'; readonly event: CgEvent };
