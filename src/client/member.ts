/**
 * The group member's protocol machinery, after Kafka's `AbstractCoordinator`: coordinator
 * discovery, the two-step JoinGroup, SyncGroup, heartbeats, the poll timeout and LeaveGroup,
 * with the member's lifecycle state.
 *
 * @remarks
 * Answers are handled when the loop delivers them, as Kafka's response handlers run on
 * whichever thread polls the network: a JoinGroup answer sends SyncGroup at once, a SyncGroup
 * answer makes the member `stable` and stores its assignment for the next `poll()` to apply
 * (Kafka's `onJoinComplete` runs on the application thread). Heartbeats and the poll timeout
 * are loop timers (Kafka's heartbeat thread). Every request handler first checks that it is
 * still the request the member waits for, so a late answer changes nothing.
 *
 * States and the transitions the runtime allows (asserted by {@link GroupMember.to}):
 *
 * | state | left by |
 * | --- | --- |
 * | `unjoined` | poll (join or discover), close |
 * | `discovering` | coordinator found (JoinGroup), close |
 * | `preparingRebalance` | JoinGroup answer (SyncGroup, retry, rediscover, fatal), close |
 * | `completingRebalance` | SyncGroup answer, Heartbeat errors, poll timeout, close |
 * | `stable` | poll with a rejoin requested, Heartbeat/OffsetCommit errors, poll timeout, close |
 * | `leaving` | any LeaveGroup answer or network error |
 * | `fatal` | close |
 * | `left` | nothing (final) |
 * @see spec/consumer-member.md CL-01..CL-20, CL-31, CL-34
 * @packageDocumentation
 */
import type { Scheduler } from '../time/scheduler.js';
import { ErrorCodes, errorName } from '../protocol/errors.js';
import { invariant } from '../protocol/invariant.js';
import type { JoinGroupProtocol, JoinGroupResponse, SyncGroupAssignment, SyncGroupResponse } from '../protocol/messages/index.js';
import { decodeAssignment } from '../protocol/consumer-protocol/index.js';
import type { CommitMember } from './committer.js';
import { findCoordinator } from './find-coordinator.js';
import { SessionProof } from './session-proof.js';
import type { ResolvedConsumerConfig } from './config.js';
import { ConsumerError } from './errors.js';
import type { ConsumerMetadata } from './metadata.js';
import type { ConsumerNetwork, NetResult } from './network.js';
import type { ConsumerMemberState, ConsumerTraceEntry, TopicPartition } from './types.js';
import { sortedTps } from './types.js';
import { MEMBER_NEXT_STATES as NEXT, NO_GENERATION, type Generation } from './member-states.js';

export { NO_GENERATION, type Generation } from './member-states.js';

/** What the member needs from the consumer around it. */
export interface MemberHost {
  readonly config: ResolvedConsumerConfig;
  readonly loop: Scheduler;
  readonly network: ConsumerNetwork;
  readonly metadata: ConsumerMetadata;
  readonly trace: ConsumerTraceEntry[];
  /** A loop timer key private to this consumer. */
  timerKey(name: string): string;
  /** The protocols of the next JoinGroup (CL-22). */
  joinProtocols(): JoinGroupProtocol[];
  /** The leader's assignment (CL-22): `done` gets the SyncGroup assignments, maybe after a metadata refresh. */
  onLeaderElected(response: JoinGroupResponse, done: (assignments: SyncGroupAssignment[]) => void): void;
  /** The coordinator became known (pending commits can go). */
  onCoordinatorFound(): void;
  /** Whether the member still needs a coordinator (after close: only for commits in flight). */
  needsCoordinator(): boolean;
}

/** The member's protocol state and requests. */
export class GroupMember implements CommitMember {
  state: ConsumerMemberState = 'unjoined';
  coordinator: number | null = null;
  generation: Generation = NO_GENERATION;
  rejoinNeeded = true;
  isLeader = false;
  /** The partitions the member owns (Kafka's `subscriptions.assignedPartitions()`), in Kafka's order. */
  owned: TopicPartition[] = [];
  /** The generation or member id was reset: `owned` must be given up as lost at the next poll (CL-15). */
  lostPending = false;
  /** The assignment of the last SyncGroup answer, until a poll applies it (CL-23). */
  pendingAssignment: TopicPartition[] | null = null;
  fatalError: ConsumerError | null = null;
  private findInFlight = false;
  private joinRequest: number | null = null;
  private syncRequest: number | null = null;
  private leaveRequest: number | null = null;
  private lastHeartbeatReceiveMs = 0;
  /** CL-58: the member's proof of membership; once it lapses the member reads nothing. */
  readonly session: SessionProof;

  constructor(private readonly host: MemberHost) {
    this.session = new SessionProof(host.config.sessionTimeoutMs);
  }

  private get config(): ResolvedConsumerConfig {
    return this.host.config;
  }

  private now(): number {
    return this.host.loop.nowMs();
  }

  /** Moves to `next`, asserting the transition table, and records it in the trace. */
  to(next: ConsumerMemberState, cause: string): void {
    if (next === this.state) return;
    invariant(NEXT[this.state].includes(next), 'CL-21', () => `member ${this.config.clientId}: ${this.state} -> ${next} is not a transition (${cause})`);
    this.host.trace.push({ type: 'state', atMs: this.now(), from: this.state, to: next, cause });
    this.state = next;
  }

  /** The generation, if the member is stable (Kafka's `generationIfStable`); commits carry it. */
  generationIfStable(): Generation | null {
    return this.state === 'stable' ? this.generation : null;
  }

  /** Whether a JoinGroup or SyncGroup is in flight (Kafka's `rebalanceInProgress`). */
  rebalanceInProgress(): boolean {
    return this.state === 'preparingRebalance' || this.state === 'completingRebalance';
  }

  /** Kafka's `requestRejoin`. */
  requestRejoin(reason: string): void {
    if (!this.rejoinNeeded) this.host.trace.push({ type: 'state', atMs: this.now(), from: this.state, to: this.state, cause: `rejoin requested: ${reason}` });
    this.rejoinNeeded = true;
  }

  // ---- discovery (CL-01, CL-09, CL-34) ------------------------------------------------------

  /** Sends FindCoordinator (v4, the group id as key) to a known broker, unless one is in flight. */
  lookupCoordinator(): void {
    if (this.findInFlight || this.coordinator !== null) return;
    this.findInFlight = true;
    findCoordinator(
      this.host,
      () => (this.findInFlight = false),
      (nodeId) => this.coordinatorFound(nodeId),
      () => {
        if (this.host.needsCoordinator()) this.lookupCoordinator();
      },
    );
  }

  private coordinatorFound(nodeId: number): void {
    if (this.coordinator !== null) return;
    this.coordinator = nodeId;
    this.lastHeartbeatReceiveMs = this.now();
    if (this.state === 'discovering') this.sendJoinGroup('coordinator found');
    this.host.onCoordinatorFound();
  }

  /**
   * Kafka's `markCoordinatorUnknown` (CL-09): forgets the coordinator and, for a member that was
   * joining or syncing, starts the join over once it is found again. An error from `node`, when
   * the member has since found another coordinator, is stale and changes nothing.
   */
  markCoordinatorUnknown(cause: string, node?: number): void {
    if (node !== undefined && this.coordinator !== null && this.coordinator !== node) return;
    this.coordinator = null;
    if (this.state === 'preparingRebalance' || this.state === 'completingRebalance') {
      this.abandonJoin();
      this.syncRequest = null;
      this.rejoinNeeded = true;
      this.to('discovering', cause);
    }
    if (this.host.needsCoordinator()) this.lookupCoordinator();
  }

  // ---- JoinGroup and SyncGroup (CL-02..CL-12) ----------------------------------------------

  /** Sends JoinGroup v9 with the member id it holds (CL-02) and enters `preparingRebalance`. */
  sendJoinGroup(cause: string): void {
    const coordinator = this.coordinator;
    if (coordinator === null) {
      this.to('discovering', cause);
      this.lookupCoordinator();
      return;
    }
    this.to('preparingRebalance', cause);
    this.syncRequest = null;
    const sent = this.generation;
    const sentAtMs = this.now();
    const request = {
      api: 'JoinGroup' as const,
      version: 9,
      clientId: this.config.clientId,
      clientHost: '/127.0.0.1',
      groupId: this.config.groupId,
      sessionTimeoutMs: this.config.sessionTimeoutMs,
      rebalanceTimeoutMs: this.config.maxPollIntervalMs,
      memberId: this.generation.memberId,
      groupInstanceId: this.config.groupInstanceId,
      protocolType: 'consumer',
      protocols: this.host.joinProtocols(),
      reason: cause,
    };
    // Kafka waits for a JoinGroup up to the rebalance timeout plus 5 s (JOIN_GROUP_TIMEOUT_LAPSE).
    const timeout = Math.max(this.config.requestTimeoutMs, this.config.maxPollIntervalMs + 5_000);
    const id = this.host.network.send(coordinator, request, (r) => this.onJoinAnswer(id, sent, sentAtMs, r), timeout);
    this.joinRequest = id;
  }

  /** Forgets the JoinGroup in flight, if any, which then counts as unanswered (CL-58). */
  private abandonJoin(): void {
    if (this.joinRequest !== null) this.session.joinUnanswered();
    this.joinRequest = null;
  }

  private onJoinAnswer(id: number, sent: Generation, sentAtMs: number, result: NetResult<JoinGroupResponse>): void {
    if (this.joinRequest !== id || this.state !== 'preparingRebalance') return;
    if (!result.ok) {
      this.abandonJoin();
      return this.markCoordinatorUnknown(`JoinGroup: ${result.reason}`);
    }
    this.joinRequest = null;
    const r = result.response;
    const cause = `JoinGroup:${errorName(r.errorCode)}`;
    switch (r.errorCode) {
      case ErrorCodes.NONE:
        this.session.joinAnswered(sentAtMs, sent.generationId, r.generationId);
        return this.joined(r);
      case ErrorCodes.MEMBER_ID_REQUIRED:
        this.generation = { ...NO_GENERATION, memberId: r.memberId };
        return this.sendJoinGroup(cause);
      case ErrorCodes.UNKNOWN_MEMBER_ID:
        if (this.generation === sent) this.resetGeneration(true);
        return this.sendJoinGroup(cause);
      case ErrorCodes.REBALANCE_IN_PROGRESS:
        return this.sendJoinGroup(cause);
      case ErrorCodes.COORDINATOR_LOAD_IN_PROGRESS:
        // CL-10: the same coordinator again after the retry backoff; the member stays preparingRebalance.
        this.host.loop.schedule(this.host.timerKey('join-retry'), this.config.retryBackoffMs, () => {
          if (this.state === 'preparingRebalance' && this.joinRequest === null) this.sendJoinGroup(cause);
        });
        return;
      case ErrorCodes.NOT_COORDINATOR:
      case ErrorCodes.COORDINATOR_NOT_AVAILABLE:
        return this.markCoordinatorUnknown(cause);
      case ErrorCodes.FENCED_INSTANCE_ID:
        return this.fail(new ConsumerError('FencedInstanceId', `The group instance id ${this.config.groupInstanceId} has been fenced by another instance`, { errorCode: r.errorCode }), cause);
      default:
        return this.fail(new ConsumerError('GroupFatal', `JoinGroup failed: ${errorName(r.errorCode)}`, { errorCode: r.errorCode }), cause);
    }
  }

  /** CL-03: a JoinGroup answered NONE: generation taken, heartbeats start, SyncGroup sent. */
  private joined(r: JoinGroupResponse): void {
    this.generation = { generationId: r.generationId, memberId: r.memberId, protocolName: r.protocolName };
    this.to('completingRebalance', 'JoinGroup:NONE');
    this.enableHeartbeat();
    this.isLeader = r.leader === r.memberId;
    const generation = this.generation;
    const sync = (assignments: SyncGroupAssignment[]): void => {
      if (this.generation === generation && this.state === 'completingRebalance' && this.syncRequest === null) this.sendSyncGroup(assignments);
    };
    if (!this.isLeader || r.skipAssignment) return sync([]);
    try {
      this.host.onLeaderElected(r, sync);
    } catch (e) {
      this.fail(e instanceof ConsumerError ? e : new ConsumerError('GroupFatal', `the assignor failed: ${(e as Error).message}`, { cause: e }), 'assignment failed');
    }
  }

  private sendSyncGroup(assignments: SyncGroupAssignment[]): void {
    const coordinator = this.coordinator;
    if (coordinator === null) return this.markCoordinatorUnknown('SyncGroup: coordinator unknown');
    const sent = this.generation;
    const request = {
      api: 'SyncGroup' as const,
      version: 5,
      clientId: this.config.clientId,
      clientHost: '/127.0.0.1',
      groupId: this.config.groupId,
      generationId: sent.generationId,
      memberId: sent.memberId,
      groupInstanceId: this.config.groupInstanceId,
      protocolType: 'consumer',
      protocolName: sent.protocolName,
      assignments,
    };
    const id = this.host.network.send(coordinator, request, (r) => this.onSyncAnswer(id, sent, r));
    this.syncRequest = id;
  }

  private onSyncAnswer(id: number, sent: Generation, result: NetResult<SyncGroupResponse>): void {
    if (this.syncRequest !== id || this.state !== 'completingRebalance') return;
    this.syncRequest = null;
    if (!result.ok) return this.markCoordinatorUnknown(`SyncGroup: ${result.reason}`);
    const r = result.response;
    const cause = `SyncGroup:${errorName(r.errorCode)}`;
    switch (r.errorCode) {
      case ErrorCodes.NONE:
        return this.synced(r, sent);
      case ErrorCodes.REBALANCE_IN_PROGRESS:
      // The coordinator is loading after a failover (FO-02): the generation it will load is the
      // last written one, so join again rather than give up (the Java client raises the error
      // once from poll and rejoins).
      case ErrorCodes.COORDINATOR_LOAD_IN_PROGRESS:
        return this.sendJoinGroup(cause);
      case ErrorCodes.UNKNOWN_MEMBER_ID:
      case ErrorCodes.ILLEGAL_GENERATION:
        if (this.generation === sent) this.resetGeneration(r.errorCode === ErrorCodes.UNKNOWN_MEMBER_ID);
        return this.sendJoinGroup(cause);
      case ErrorCodes.NOT_COORDINATOR:
      case ErrorCodes.COORDINATOR_NOT_AVAILABLE:
        return this.markCoordinatorUnknown(cause);
      case ErrorCodes.FENCED_INSTANCE_ID:
        return this.fail(new ConsumerError('FencedInstanceId', `The group instance id ${this.config.groupInstanceId} has been fenced by another instance`, { errorCode: r.errorCode }), cause);
      default:
        return this.fail(new ConsumerError('GroupFatal', `SyncGroup failed: ${errorName(r.errorCode)}`, { errorCode: r.errorCode }), cause);
    }
  }

  /** CL-05: stable with the assignment of the answer, which the next poll applies (CL-23). */
  private synced(r: SyncGroupResponse, sent: Generation): void {
    if (r.protocolName !== null && r.protocolName !== sent.protocolName) {
      return this.fail(new ConsumerError('GroupFatal', `SyncGroup selected protocol ${r.protocolName}, JoinGroup ${sent.protocolName}`, { errorCode: ErrorCodes.INCONSISTENT_GROUP_PROTOCOL }), 'SyncGroup:protocol');
    }
    // An empty assignment (a static member whose leader skipped the assignment) holds no partition.
    const partitions = r.assignment.length === 0 ? [] : decodeAssignment(r.assignment).partitions;
    this.pendingAssignment = sortedTps(partitions);
    this.rejoinNeeded = false;
    this.to('stable', 'SyncGroup:NONE');
  }

  // ---- resets, fatal errors (CL-06, CL-07, CL-11, CL-15, CL-20) -----------------------------

  /** Kafka's `resetStateAndGeneration`: generation (and member id) gone; owned partitions lost. */
  resetGeneration(resetMemberId: boolean): void {
    this.generation = resetMemberId ? NO_GENERATION : { ...NO_GENERATION, memberId: this.generation.memberId };
    this.rejoinNeeded = true;
    this.isLeader = false;
    this.pendingAssignment = null;
    if (this.owned.length > 0) this.lostPending = true;
  }

  /** Resets after an error answer to a Heartbeat or OffsetCommit of a synced member: `unjoined`. */
  resetToUnjoined(resetMemberId: boolean, cause: string): void {
    this.resetGeneration(resetMemberId);
    this.abandonJoin();
    this.syncRequest = null;
    this.to('unjoined', cause);
  }

  /** The member raises `error` to the application from now on (CL-20); its partitions are lost. */
  fail(error: ConsumerError, cause: string): void {
    this.fatalError = error;
    if (this.owned.length > 0) this.lostPending = true;
    this.pendingAssignment = null;
    this.abandonJoin();
    this.syncRequest = null;
    this.to('fatal', cause);
  }

  /** CL-58: an accepted OffsetCommit refreshed the member's session at the coordinator (OC-09). */
  commitAccepted(sentAtMs: number): void {
    this.session.proven(sentAtMs);
  }

  /** CL-27: what a commit rejected for the membership does to a classic member (see {@link CommitMember.commitRejected}). */
  commitRejected(code: number, sent: Generation): ConsumerError {
    const name = errorName(code);
    const unchanged = this.generation === sent && this.state === 'stable';
    switch (code) {
      case ErrorCodes.REBALANCE_IN_PROGRESS:
        if (this.state === 'stable') this.requestRejoin('offset commit failed since group is already rebalancing');
        return new ConsumerError('RebalanceInProgress', 'Offset commit cannot be completed since the consumer group is executing a rebalance at the moment; call poll() and retry', { errorCode: code });
      case ErrorCodes.FENCED_INSTANCE_ID:
        if (unchanged) {
          const error = new ConsumerError('FencedInstanceId', `The group instance id ${this.config.groupInstanceId} has been fenced by another instance`, { errorCode: code });
          this.fail(error, `OffsetCommit:${name}`);
          return error;
        }
        return new ConsumerError('CommitFailed', `Offset commit failed: ${name} for a past generation`, { errorCode: code });
      case ErrorCodes.UNKNOWN_MEMBER_ID:
      case ErrorCodes.ILLEGAL_GENERATION:
        if (!unchanged && this.state === 'preparingRebalance') {
          return new ConsumerError('RebalanceInProgress', `Offset commit failed: ${name}; the member already joined another generation`, { errorCode: code });
        }
        if (unchanged) this.resetToUnjoined(code === ErrorCodes.UNKNOWN_MEMBER_ID, `OffsetCommit:${name}`);
        return new ConsumerError('CommitFailed', `Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member (${name})`, { errorCode: code });
      default:
        return new ConsumerError('CommitFailed', `Offset commit failed: ${name}`, { errorCode: code });
    }
  }

  // ---- heartbeats and the poll timeout (CL-16, CL-18, CL-31) -------------------------------

  /** Kafka's `HeartbeatThread.enable` with `resetTimeouts`: the first heartbeat one interval from now. */
  private enableHeartbeat(): void {
    this.lastHeartbeatReceiveMs = this.now();
    this.armPollTimer();
    this.host.loop.schedule(this.host.timerKey('heartbeat'), this.config.heartbeatIntervalMs, () => this.heartbeatTick());
  }

  private heartbeatTick(): void {
    if (this.state !== 'completingRebalance' && this.state !== 'stable') return;
    const next = (ms: number): void => this.host.loop.schedule(this.host.timerKey('heartbeat'), ms, () => this.heartbeatTick());
    if (this.coordinator === null) {
      this.lookupCoordinator();
      return next(this.config.retryBackoffMs);
    }
    if (this.now() - this.lastHeartbeatReceiveMs >= this.config.sessionTimeoutMs) {
      this.markCoordinatorUnknown('session timed out without receiving a heartbeat response');
      return next(this.config.retryBackoffMs);
    }
    this.sendHeartbeat(this.coordinator);
    next(this.config.heartbeatIntervalMs);
  }

  private sendHeartbeat(coordinator: number): void {
    const sent = this.generation;
    const sentAtMs = this.now();
    const request = {
      api: 'Heartbeat' as const,
      version: 4,
      clientId: this.config.clientId,
      clientHost: '/127.0.0.1',
      groupId: this.config.groupId,
      generationId: sent.generationId,
      memberId: sent.memberId,
      groupInstanceId: this.config.groupInstanceId,
    };
    this.host.network.send(coordinator, request, (result) => this.onHeartbeatAnswer(sent, sentAtMs, coordinator, result));
  }

  private onHeartbeatAnswer(sent: Generation, sentAtMs: number, coordinator: number, result: NetResult<{ api: 'Heartbeat'; errorCode: number }>): void {
    const answered = result.ok ? result.response.errorCode : undefined;
    if (answered === ErrorCodes.NONE || answered === ErrorCodes.REBALANCE_IN_PROGRESS) this.session.proven(sentAtMs);
    if ((this.state !== 'completingRebalance' && this.state !== 'stable') || this.coordinator !== coordinator) return;
    const failed = (): void => this.host.loop.schedule(this.host.timerKey('heartbeat'), this.config.retryBackoffMs, () => this.heartbeatTick());
    if (!result.ok) return this.markCoordinatorUnknown(`Heartbeat: ${result.reason}`);
    const code = result.response.errorCode;
    const cause = `Heartbeat:${errorName(code)}`;
    if (code === ErrorCodes.NONE) this.lastHeartbeatReceiveMs = this.now();
    else if (code === ErrorCodes.REBALANCE_IN_PROGRESS) {
      this.lastHeartbeatReceiveMs = this.now();
      if (this.state === 'stable') this.requestRejoin('group is already rebalancing');
    } else if (code === ErrorCodes.NOT_COORDINATOR || code === ErrorCodes.COORDINATOR_NOT_AVAILABLE) {
      this.markCoordinatorUnknown(cause);
    } else if (code === ErrorCodes.UNKNOWN_MEMBER_ID || code === ErrorCodes.ILLEGAL_GENERATION || code === ErrorCodes.FENCED_INSTANCE_ID) {
      if (this.generation !== sent) return;
      if (code === ErrorCodes.FENCED_INSTANCE_ID) {
        return this.fail(new ConsumerError('FencedInstanceId', `The group instance id ${this.config.groupInstanceId} has been fenced by another instance`, { errorCode: code }), cause);
      }
      this.resetToUnjoined(code === ErrorCodes.UNKNOWN_MEMBER_ID, cause);
    } else failed();
  }

  /** (Re)arms the poll timer: `max.poll.interval.ms` from now (Kafka's `Heartbeat.poll` and `resetTimeouts`). */
  armPollTimer(): void {
    this.host.loop.schedule(this.host.timerKey('poll-timeout'), this.config.maxPollIntervalMs, () => this.onPollTimeout());
  }

  /** CL-18: `max.poll.interval.ms` passed without a poll while the member was in a generation. */
  private onPollTimeout(): void {
    if (this.state !== 'completingRebalance' && this.state !== 'stable') return;
    this.maybeLeaveGroup('consumer poll timeout has expired.');
    this.resetToUnjoined(true, 'poll timeout');
  }

  // ---- leaving (CL-18, CL-19) --------------------------------------------------------------

  /**
   * Kafka's `maybeLeaveGroup`: a dynamic member that knows its coordinator, has a member id and
   * is not `unjoined` sends LeaveGroup v5 (answer not awaited). Returns whether it sent one.
   */
  maybeLeaveGroup(reason: string): boolean {
    const coordinator = this.coordinator;
    if (this.config.groupInstanceId !== null || coordinator === null || this.state === 'unjoined' || this.generation.memberId === '') return false;
    const request = {
      api: 'LeaveGroup' as const,
      version: 5,
      clientId: this.config.clientId,
      clientHost: '/127.0.0.1',
      groupId: this.config.groupId,
      members: [{ memberId: this.generation.memberId, groupInstanceId: null, reason }],
    };
    const id = this.host.network.send(coordinator, request, () => {
      if (this.leaveRequest === id && this.state === 'leaving') this.to('left', 'LeaveGroup answered');
    });
    this.leaveRequest = id;
    return true;
  }

  /** CL-19: closes the member: `leaving` if it sent LeaveGroup, else `left`. */
  close(): void {
    if (this.state === 'left' || this.state === 'leaving') return;
    const sent = this.state !== 'fatal' && this.maybeLeaveGroup('the consumer is being closed');
    this.abandonJoin();
    this.syncRequest = null;
    for (const name of ['heartbeat', 'poll-timeout', 'join-retry']) this.host.loop.cancel(this.host.timerKey(name));
    this.to(sent ? 'leaving' : 'left', 'close');
  }
}
