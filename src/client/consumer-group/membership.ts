/**
 * The KIP-848 member's protocol machinery, after the Java client's `ConsumerMembershipManager`
 * and `ConsumerHeartbeatRequestManager`: coordinator discovery, ConsumerGroupHeartbeat at the
 * interval the coordinator gives, the member epoch, the target assignment, fencing, the poll
 * timer and leaving.
 *
 * @remarks
 * Answers are handled when the loop delivers them (Kafka's background thread); the
 * reconciliation itself, with the rebalance callbacks, runs in `poll()` (the application
 * thread): see `./coordinator.ts`. Every answer handler first checks that it answers the
 * heartbeat in flight, so a late answer changes nothing.
 * @see spec/consumer-member.md CL-35..CL-40
 * @see ConsumerMembershipManager.java, AbstractMembershipManager.java, ConsumerHeartbeatRequestManager.java, Kafka 4.0
 * @packageDocumentation
 */
import { ErrorCodes, errorName } from '../../protocol/errors.js';
import { JOIN_GROUP_MEMBER_EPOCH, LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH, type ConsumerGroupHeartbeatResponse, type HeartbeatTopicPartitions } from '../../protocol/messages/consumer-group-heartbeat.js';
import { findCoordinator } from '../find-coordinator.js';
import type { Scheduler } from '../../time/scheduler.js';
import type { CommitMember } from '../committer.js';
import type { ResolvedConsumerConfig } from '../config.js';
import { ConsumerError } from '../errors.js';
import type { Generation } from '../member.js';
import type { ConsumerMetadata } from '../metadata.js';
import type { ConsumerNetwork, NetResult } from '../network.js';
import type { ConsumerTraceEntry } from '../types.js';
import { HeartbeatFields } from './heartbeat-fields.js';
import { assertTransition, heartbeats, type GroupMemberState } from './member-state.js';

/** What the membership needs from the consumer around it. */
export interface MembershipHost {
  readonly config: ResolvedConsumerConfig;
  readonly loop: Scheduler;
  readonly network: ConsumerNetwork;
  readonly metadata: ConsumerMetadata;
  readonly trace: ConsumerTraceEntry[];
  timerKey(name: string): string;
  /** The subscribed topics. */
  readonly subscription: readonly string[];
  /** The RE2J regex of a pattern subscription (CL-50), or null. */
  readonly pattern: string | null;
  /** The partitions the member owns, by topic id (what the next heartbeat reports). */
  ownedByTopicId(): HeartbeatTopicPartitions[];
  /** The coordinator became known (commits waiting for it can go). */
  onCoordinatorFound(): void;
  /** Whether the member still needs a coordinator (after close: only for commits in flight). */
  needsCoordinator(): boolean;
}

/** A KIP-848 member's state, epoch and heartbeats. */
export class ConsumerMembership implements CommitMember {
  state: GroupMemberState = 'UNSUBSCRIBED';
  coordinator: number | null = null;
  /** Generated once by the client (KIP-1082, ConsumerGroupHeartbeat v1) and kept across fencing. */
  readonly memberId: string;
  memberEpoch = 0;
  /** The assignment of the last answer that carried one, by topic id (sorted partitions); null before any. */
  target: ReadonlyMap<string, readonly number[]> | null = null;
  /** Fenced or stale: the owned partitions are lost at the next poll (CL-38). */
  lostPending = false;
  fatalError: ConsumerError | null = null;
  /** The heartbeat interval the coordinator answered (the config's until then). */
  heartbeatIntervalMs: number;
  /** After a poll timeout the leave heartbeat leads to STALE rather than UNSUBSCRIBED. */
  private staleLeave = false;
  private findInFlight = false;
  private heartbeatRequest: number | null = null;
  private readonly fields = new HeartbeatFields();

  constructor(
    private readonly host: MembershipHost,
    memberId: string,
  ) {
    this.memberId = memberId;
    this.heartbeatIntervalMs = host.config.heartbeatIntervalMs;
  }

  private get config(): ResolvedConsumerConfig {
    return this.host.config;
  }

  private now(): number {
    return this.host.loop.nowMs();
  }

  /** Moves to `next`, asserting the Java client's transition table (CL-35), and records it in the trace. */
  to(next: GroupMemberState, cause: string): void {
    assertTransition(this.state, next, this.config.clientId);
    this.host.trace.push({ type: 'state', atMs: this.now(), from: this.state, to: next, cause });
    this.state = next;
  }

  // ---- CommitMember (CL-40) -------------------------------------------------------------------

  /** Commits carry the member id and epoch while the member holds an epoch in the group. */
  generationIfStable(): Generation | null {
    const inGroup = this.state === 'STABLE' || this.state === 'RECONCILING' || this.state === 'ACKNOWLEDGING' || this.state === 'PREPARE_LEAVING';
    return inGroup && this.memberEpoch > 0 ? { generationId: this.memberEpoch, memberId: this.memberId, protocolName: null } : null;
  }

  /** A KIP-848 member is never between generations: commits are never refused as RebalanceInProgress. */
  rebalanceInProgress(): boolean {
    return false;
  }

  /** CL-40: STALE_MEMBER_EPOCH is retriable (the next try carries the newer epoch); fencing is the heartbeat's business. */
  commitRejected(code: number, _sent: Generation): ConsumerError {
    if (code === ErrorCodes.STALE_MEMBER_EPOCH) return new ConsumerError('Retriable', 'Offset commit failed: STALE_MEMBER_EPOCH', { errorCode: code });
    return new ConsumerError('CommitFailed', `Offset commit failed: ${errorName(code)}`, { errorCode: code });
  }

  // ---- coordinator discovery ------------------------------------------------------------------

  /** Sends FindCoordinator (v4, the group id as key), unless one is in flight or the coordinator is known. */
  lookupCoordinator(): void {
    if (this.findInFlight || this.coordinator !== null) return;
    this.findInFlight = true;
    findCoordinator(
      this.host,
      () => (this.findInFlight = false),
      (nodeId) => {
        this.coordinator = nodeId;
        this.host.onCoordinatorFound();
        this.scheduleHeartbeat(0);
      },
      () => {
        if (this.host.needsCoordinator()) this.lookupCoordinator();
      },
    );
  }

  /** Forgets the coordinator (an error from `node` when another one is known since changes nothing) and looks it up again. */
  markCoordinatorUnknown(_cause: string, node?: number): void {
    if (node !== undefined && this.coordinator !== null && this.coordinator !== node) return;
    this.coordinator = null;
    this.heartbeatRequest = null;
    // CL-53: a lost answer may have carried an assignment, which the coordinator sends again
    // only in answer to a heartbeat with every field.
    this.fields.reset();
    if (this.host.needsCoordinator()) this.lookupCoordinator();
  }

  // ---- heartbeats (CL-36, CL-37) --------------------------------------------------------------

  /** The next heartbeat in `ms` (0: at once, e.g. to acknowledge or to leave). */
  scheduleHeartbeat(ms: number): void {
    this.host.loop.schedule(this.host.timerKey('heartbeat'), ms, () => this.heartbeatTick());
  }

  private heartbeatTick(): void {
    if (!heartbeats(this.state) || this.heartbeatRequest !== null) return;
    if (this.coordinator === null) return this.lookupCoordinator();
    this.sendHeartbeat(this.coordinator);
  }

  private sendHeartbeat(coordinator: number): void {
    const leaving = this.state === 'LEAVING';
    const epoch = leaving ? (this.config.groupInstanceId === null ? LEAVE_GROUP_MEMBER_EPOCH : LEAVE_GROUP_STATIC_MEMBER_EPOCH) : this.memberEpoch;
    const request = this.fields.build({
      groupId: this.config.groupId,
      clientId: this.config.clientId,
      memberId: this.memberId,
      memberEpoch: epoch,
      instanceId: this.config.groupInstanceId,
      rackId: this.config.clientRack,
      rebalanceTimeoutMs: this.config.maxPollIntervalMs,
      subscribedTopicNames: this.host.subscription,
      subscribedTopicRegex: this.host.pattern,
      serverAssignor: this.config.groupRemoteAssignor,
      owned: this.host.ownedByTopicId(),
      full: this.state === 'JOINING',
    });
    const id = this.host.network.send(coordinator, request, (r) => this.onAnswer(id, coordinator, r));
    this.heartbeatRequest = id;
    // Kafka's onHeartbeatRequestGenerated: what the sent heartbeat completes.
    if (this.state === 'ACKNOWLEDGING') this.to(this.reconciled() ? 'STABLE' : 'RECONCILING', 'acknowledged');
    else if (leaving) {
      this.heartbeatRequest = null;
      this.memberEpoch = epoch;
      this.to(this.staleLeave ? 'STALE' : 'UNSUBSCRIBED', 'leave heartbeat sent');
    }
  }

  /** Whether the member owns exactly its target assignment. */
  reconciled(): boolean {
    const owned = this.host.ownedByTopicId();
    const target = [...(this.target ?? new Map<string, readonly number[]>())].filter(([, ps]) => ps.length > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify(owned.map((t) => [t.topicId, t.partitions])) === JSON.stringify(target.map(([id, ps]) => [id, [...ps]]));
  }

  private onAnswer(id: number, coordinator: number, result: NetResult<ConsumerGroupHeartbeatResponse>): void {
    if (this.heartbeatRequest !== id) return;
    this.heartbeatRequest = null;
    if (!heartbeats(this.state)) return;
    if (!result.ok) {
      this.markCoordinatorUnknown(`ConsumerGroupHeartbeat: ${result.reason}`, coordinator);
      return this.scheduleHeartbeat(this.config.retryBackoffMs);
    }
    const r = result.response;
    if (r.errorCode === ErrorCodes.NONE) return this.onSuccess(r);
    this.fields.reset();
    const cause = `ConsumerGroupHeartbeat:${errorName(r.errorCode)}`;
    switch (r.errorCode) {
      case ErrorCodes.NOT_COORDINATOR:
      case ErrorCodes.COORDINATOR_NOT_AVAILABLE:
        this.markCoordinatorUnknown(cause, coordinator);
        return this.scheduleHeartbeat(this.config.retryBackoffMs);
      case ErrorCodes.COORDINATOR_LOAD_IN_PROGRESS:
        return this.scheduleHeartbeat(this.config.retryBackoffMs);
      case ErrorCodes.FENCED_MEMBER_EPOCH:
      case ErrorCodes.UNKNOWN_MEMBER_ID:
        return this.fence(cause);
      case ErrorCodes.INVALID_REGULAR_EXPRESSION:
        // CL-51: fatal like any unexpected error, with Kafka's message naming the subscribe call at fault.
        return this.fail(new ConsumerError('GroupFatal', `Invalid RE2J SubscriptionPattern provided in the call to subscribe. ${r.errorMessage ?? ''}`.trimEnd(), { errorCode: r.errorCode }), cause);
      default:
        return this.fail(new ConsumerError('GroupFatal', `ConsumerGroupHeartbeat failed: ${errorName(r.errorCode)}${r.errorMessage === null ? '' : ` (${r.errorMessage})`}`, { errorCode: r.errorCode }), cause);
    }
  }

  /** CL-37: a heartbeat answered NONE: the epoch, the interval, and any new target assignment. */
  private onSuccess(r: ConsumerGroupHeartbeatResponse): void {
    this.memberEpoch = r.memberEpoch;
    if (r.heartbeatIntervalMs > 0) this.heartbeatIntervalMs = r.heartbeatIntervalMs;
    if (r.assignment !== null) {
      this.target = new Map(r.assignment.topicPartitions.map((t) => [t.topicId, [...t.partitions].sort((a, b) => a - b)]));
      const cause = `ConsumerGroupHeartbeat:NONE epoch ${r.memberEpoch}`;
      if (!this.reconciled()) {
        if (this.state !== 'ACKNOWLEDGING') this.to('RECONCILING', cause);
      } else if (this.state === 'JOINING') this.to('STABLE', cause);
      else if (this.state === 'RECONCILING') {
        // CL-54: the target went back to what the member owns (the coordinator took back what it
        // offered), and the coordinator waits for the member to report that it does not own it:
        // acknowledge at once, reporting the owned partitions even though they did not change.
        this.fields.resendOwned();
        this.to('ACKNOWLEDGING', cause);
      }
    }
    this.scheduleHeartbeat(this.state === 'ACKNOWLEDGING' ? 0 : this.heartbeatIntervalMs);
  }

  /** CL-38: fenced: epoch 0, the owned partitions lost at the next poll, which rejoins. */
  fence(cause: string): void {
    this.memberEpoch = JOIN_GROUP_MEMBER_EPOCH;
    this.target = null;
    this.lostPending = true;
    this.to('FENCED', cause);
  }

  /** The member raises `error` to the application from now on; its partitions are lost. */
  fail(error: ConsumerError, cause: string): void {
    this.fatalError = error;
    this.lostPending = true;
    this.target = null;
    this.to('FATAL', cause);
  }

  /** Starts (or restarts, after fencing or staleness) to join with epoch 0 and every field. */
  join(cause: string): void {
    this.memberEpoch = JOIN_GROUP_MEMBER_EPOCH;
    this.staleLeave = false;
    this.fields.reset();
    this.to('JOINING', cause);
    if (this.coordinator === null) this.lookupCoordinator();
    else this.scheduleHeartbeat(0);
  }

  // ---- the poll timer and leaving (CL-39) -----------------------------------------------------

  /** (Re)arms the poll timer: `max.poll.interval.ms` from now. */
  armPollTimer(): void {
    this.host.loop.schedule(this.host.timerKey('poll-timeout'), this.config.maxPollIntervalMs, () => this.onPollTimeout());
  }

  private onPollTimeout(): void {
    if (!heartbeats(this.state) || this.state === 'LEAVING') return;
    this.staleLeave = true;
    this.lostPending = true;
    this.to('PREPARE_LEAVING', 'poll timeout');
    this.leave('poll timeout');
  }

  /** LEAVING: the heartbeat with epoch -1 (static: -2) goes at once; sending it ends the membership. */
  leave(cause: string): void {
    this.to('LEAVING', cause);
    this.target = null;
    if (this.coordinator === null) return this.to(this.staleLeave ? 'STALE' : 'UNSUBSCRIBED', 'no coordinator to leave');
    this.heartbeatRequest = null;
    this.sendHeartbeat(this.coordinator);
  }

  /** Stops the timers (the consumer closed). */
  stop(): void {
    for (const name of ['heartbeat', 'poll-timeout']) this.host.loop.cancel(this.host.timerKey(name));
  }
}
