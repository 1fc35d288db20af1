/**
 * The application-thread half of Kafka's `ConsumerCoordinator`: what `poll()` and `close()` do
 * for the group (give up lost partitions, apply an assignment, prepare and start a join,
 * watch metadata as leader, auto-commit), the rebalance listener, and the leader's assignment.
 *
 * @remarks
 * Everything here runs inside `poll()` or `close()`, never from a loop task, so a listener
 * may call `commitSync`. The protocol half (requests and answers) is {@link GroupMember}.
 * @see spec/consumer-member.md CL-13..CL-15, CL-21..CL-26, CL-30, CL-32
 * @packageDocumentation
 */
import type { JoinGroupProtocol, JoinGroupResponse, SyncGroupAssignment } from '../protocol/messages/index.js';
import { decodeGroupSubscription, joinProtocols, performAssignment } from './assignment.js';
import type { CommitHandle } from './committer.js';
import { Committer } from './committer.js';
import type { ResolvedConsumerConfig } from './config.js';
import { ConsumerError } from './errors.js';
import { Fetcher } from './fetcher.js';
import { RebalanceCallbacks, type ListenerMethod } from './listener.js';
import { GroupMember, type MemberHost } from './member.js';
import type { ConsumerMetadata } from './metadata.js';
import type { ConsumerNetwork } from './network.js';
import type { Scheduler } from '../time/scheduler.js';
import { sortedTps, tpKey, type ConsumerRebalanceListener, type ConsumerTraceEntry, type TopicPartition } from './types.js';

/** The parts of a consumer the coordinator is built from. */
export interface CoordinatorParts {
  readonly config: ResolvedConsumerConfig;
  readonly loop: Scheduler;
  readonly network: ConsumerNetwork;
  readonly metadata: ConsumerMetadata;
  readonly trace: ConsumerTraceEntry[];
  timerKey(name: string): string;
}

/** The commits a join waits for (Kafka's `onJoinPrepare` with its join-prepare timer). */
interface JoinPrepare {
  readonly commits: CommitHandle[];
  readonly deadlineMs: number;
}


/** The consumer's group coordination: member, commits, positions and the rebalance callbacks. */
export class ConsumerCoordinator implements MemberHost {
  readonly config: ResolvedConsumerConfig;
  readonly loop: Scheduler;
  readonly network: ConsumerNetwork;
  readonly metadata: ConsumerMetadata;
  readonly trace: ConsumerTraceEntry[];
  readonly member: GroupMember;
  readonly committer: Committer;
  readonly fetcher: Fetcher;
  subscription: readonly string[] = [];
  private readonly callbacks = new RebalanceCallbacks();
  closed = false;
  private readonly parts: CoordinatorParts;
  private lastAssignment: { readonly partitions: readonly TopicPartition[]; readonly generationId: number } | null = null;
  private assignmentSnapshot: ReadonlyMap<string, number> | null = null;
  private groupTopics: readonly string[] = [];
  /** The subscription of the last JoinGroup (Kafka's `joinedSubscription`). */
  private joinedSubscription: readonly string[] | null = null;
  private prepare: JoinPrepare | null = null;
  /** CL-25: commits of revoked partitions the next JoinGroup waits for. */
  private revocationCommits: CommitHandle[] = [];
  /** CL-24: an eager member stops reading once its pre-join commit is sent. */
  private revoking = false;
  /** `onJoinPrepare` ran for the join about to be sent (Kafka's `needsJoinPrepare`, negated). */
  private joinPrepared = false;

  constructor(parts: CoordinatorParts) {
    this.parts = parts;
    this.config = parts.config;
    this.loop = parts.loop;
    this.network = parts.network;
    this.metadata = parts.metadata;
    this.trace = parts.trace;
    this.member = new GroupMember(this);
    this.committer = new Committer({ config: this.config, network: this.network, member: this.member, nowMs: () => this.loop.nowMs(), closed: () => this.closed });
    this.fetcher = new Fetcher({ config: this.config, network: this.network, metadata: this.metadata, committer: this.committer, readable: () => this.readablePartitions() });
  }

  timerKey(name: string): string {
    return this.parts.timerKey(name);
  }

  /** The subscription's rebalance listener. */
  get listener(): ConsumerRebalanceListener | undefined {
    return this.callbacks.listener;
  }

  set listener(l: ConsumerRebalanceListener | undefined) {
    this.callbacks.listener = l;
  }

  private get eager(): boolean {
    return this.config.protocol === 'EAGER';
  }

  /**
   * CL-13, CL-14: the partitions the member may read now: none once its partitions are lost or
   * (eager) while it rebalances or commits before revoking, and none while its coordinator may
   * have expired it (CL-58); a cooperative member keeps reading what it owns, minus what a
   * pending assignment takes away.
   */
  readablePartitions(): readonly TopicPartition[] {
    const m = this.member;
    if (this.closed || m.lostPending || this.revoking || m.state === 'fatal' || m.session.lapsed(this.loop.nowMs())) return [];
    if (this.eager) return m.state === 'stable' ? m.owned : [];
    const pending = m.pendingAssignment === null ? null : new Set(m.pendingAssignment.map(tpKey));
    return pending === null ? m.owned : m.owned.filter((tp) => pending.has(tpKey(tp)));
  }

  // ---- the rebalance listener -----------------------------------------------------------------

  private invoke(method: ListenerMethod, partitions: readonly TopicPartition[]): void {
    this.callbacks.invoke(method, partitions);
  }

  /** Raises what a listener threw, after the step that called it completed (Kafka's KafkaException). */
  throwListenerError(): void {
    this.callbacks.throwError();
  }

  private setOwned(partitions: readonly TopicPartition[]): void {
    this.member.owned = sortedTps(partitions);
    this.fetcher.assign(this.member.owned);
  }

  // ---- poll (CL-21) ---------------------------------------------------------------------------

  /** The group's part of `poll()`, in Kafka's order. */
  poll(): void {
    const m = this.member;
    if (m.fatalError !== null) {
      this.giveUpLost();
      throw m.fatalError;
    }
    m.armPollTimer();
    this.committer.invokeCompletedCallbacks();
    this.giveUpLost();
    this.applyAssignment();
    this.checkMetadata();
    this.maybeJoin();
    this.committer.maybeAutoCommit(() => this.fetcher.consumed());
  }

  /** CL-15: partitions of a reset generation are given up as lost, without a commit. */
  private giveUpLost(): void {
    const m = this.member;
    if (!m.lostPending) return;
    m.lostPending = false;
    this.prepare = null;
    this.revoking = false;
    this.joinPrepared = false;
    this.revocationCommits = [];
    const lost = m.owned;
    this.setOwned([]);
    if (lost.length > 0) this.invoke('onPartitionsLost', lost);
  }

  /** CL-23 (Kafka's `onJoinComplete`): the assignment of the last SyncGroup becomes the member's. */
  private applyAssignment(): void {
    const m = this.member;
    const assigned = m.pendingAssignment;
    if (assigned === null || m.state !== 'stable') return;
    m.pendingAssignment = null;
    if (!m.isLeader) this.assignmentSnapshot = null;
    if (assigned.some((tp) => !this.subscription.includes(tp.topic))) {
      m.requestRejoin('received assignment does not match the current subscription');
      return;
    }
    const assignedKeys = new Set(assigned.map(tpKey));
    const ownedKeys = new Set(m.owned.map(tpKey));
    const added = assigned.filter((tp) => !ownedKeys.has(tpKey(tp)));
    const revoked = m.owned.filter((tp) => !assignedKeys.has(tpKey(tp)));
    if (!this.eager && revoked.length > 0) {
      // CL-25: commit what was read of the revoked partitions before anyone else can own them.
      if (this.config.enableAutoCommit) this.revocationCommits.push(this.committer.commit(this.fetcher.consumed(revoked)));
      this.invoke('onPartitionsRevoked', revoked);
      m.requestRejoin('need to revoke partitions and re-join');
    }
    this.lastAssignment = { partitions: assigned, generationId: m.generation.generationId };
    this.setOwned(assigned);
    if (this.config.enableAutoCommit) this.committer.nextAutoCommitMs = this.loop.nowMs() + this.config.autoCommitIntervalMs;
    this.invoke('onPartitionsAssigned', added);
  }

  /**
   * CL-30: the leader rejoins when the partition counts it assigned from have changed; any
   * member rejoins when its subscription changed since it joined.
   */
  private checkMetadata(): void {
    const joined = this.joinedSubscription;
    if (joined !== null && this.member.state === 'stable' && [...joined].sort().join('\u0000') !== [...this.subscription].sort().join('\u0000')) {
      this.member.requestRejoin('subscription has changed');
    }
    const snapshot = this.assignmentSnapshot;
    if (!this.member.isLeader || snapshot === null || this.member.state !== 'stable') return;
    const now = this.metadata.snapshot(snapshot.keys());
    for (const [topic, count] of snapshot) {
      if (now.get(topic) !== count) return this.member.requestRejoin(`cached metadata has changed (${topic}: ${count} -> ${now.get(topic)} partitions)`);
    }
  }

  /** CL-01, CL-17: a poll starts a (re)join when one is needed: discovery first, then the join. */
  private maybeJoin(): void {
    const m = this.member;
    const wantsJoin = (): boolean => m.state === 'unjoined' || (m.state === 'stable' && m.rejoinNeeded);
    if (!wantsJoin()) return;
    if (m.coordinator === null) {
      if (m.state === 'unjoined') m.to('discovering', 'poll');
      m.lookupCoordinator();
      return;
    }
    if (!this.joinPrepared && !this.onJoinPrepare()) return;
    // Kafka's needsJoinPrepare: prepared once per join, even if the join has to wait.
    this.joinPrepared = true;
    // A listener may have called commitSync, so virtual time may have passed: look again.
    if (m.state !== 'unjoined' && m.state !== 'stable') return;
    if (m.coordinator === null) return m.lookupCoordinator();
    this.joinPrepared = false;
    m.sendJoinGroup(m.state === 'unjoined' ? 'poll' : 'rejoin requested');
  }

  /**
   * CL-24 (Kafka's `onJoinPrepare`): before a synced member rejoins, its auto-commit and the
   * commits of revoked partitions must be answered (up to the rebalance timeout); then an eager
   * member revokes everything, a cooperative one only partitions of topics it no longer subscribes to.
   */
  private onJoinPrepare(): boolean {
    const m = this.member;
    if (m.state !== 'stable') {
      // A member that lost its generation meanwhile has nothing to commit or revoke (CL-15).
      this.prepare = null;
      this.revoking = false;
      return true;
    }
    const now = this.loop.nowMs();
    if (this.prepare === null) {
      const commits = this.revocationCommits.splice(0);
      if (this.config.enableAutoCommit) {
        this.revoking = this.eager;
        commits.push(this.committer.commit(this.fetcher.consumed()));
      }
      this.prepare = { commits, deadlineMs: now + this.config.maxPollIntervalMs };
    }
    const p = this.prepare;
    if (now < p.deadlineMs && !this.commitsSettled(p)) return false;
    this.prepare = null;
    this.revoking = false;
    const revoked = this.eager ? m.owned : m.owned.filter((tp) => !this.subscription.includes(tp.topic));
    if (this.eager || revoked.length > 0) {
      this.invoke('onPartitionsRevoked', revoked);
      this.setOwned(m.owned.filter((tp) => !revoked.includes(tp)));
    }
    m.isLeader = false;
    return true;
  }

  /** Whether every pre-join commit is answered; a retriable failure is retried (Kafka retries until the timer expires). */
  private commitsSettled(p: JoinPrepare): boolean {
    let settled = true;
    p.commits.forEach((c, i) => {
      const o = c.outcome;
      if (o.status === 'pending') settled = false;
      else if (o.status === 'failed' && o.error instanceof ConsumerError && o.error.kind === 'Retriable') {
        // Retry with the current positions of what it still owns (as Java re-runs the
        // auto-commit): the original offsets could land after a newer commit (CL-27).
        const fresh = this.fetcher.consumed(c.offsets);
        const gone = c.offsets.filter((o) => !fresh.some((f) => f.topic === o.topic && f.partition === o.partition));
        p.commits[i] = this.committer.commit([...gone, ...fresh]);
        settled = false;
      }
    });
    return settled;
  }

  // ---- MemberHost -----------------------------------------------------------------------------

  joinProtocols(): JoinGroupProtocol[] {
    const m = this.member;
    this.joinedSubscription = [...this.subscription];
    return joinProtocols(this.config.assignors, {
      topics: this.subscription,
      owned: m.lostPending ? [] : m.owned,
      generationId: m.generation.generationId,
      lastAssignment: this.lastAssignment,
      rack: this.config.clientRack,
    });
  }

  /** CL-22 (Kafka's `onLeaderElected`): decode, wait for the topics' metadata if needed, assign. */
  onLeaderElected(response: JoinGroupResponse, done: (assignments: SyncGroupAssignment[]) => void): void {
    const assignor = this.config.assignors.find((a) => a.name === response.protocolName);
    if (assignor === undefined) throw new ConsumerError('GroupFatal', `Coordinator selected invalid assignment protocol: ${response.protocolName}`);
    const group = decodeGroupSubscription(response.members);
    this.groupTopics = group.topics;
    this.metadata.want(group.topics);
    const run = (): void => {
      this.assignmentSnapshot = this.metadata.snapshot(group.topics);
      done(performAssignment(assignor, group, this.metadata.topicMetadata(group.topics)));
    };
    if (this.metadata.knows(group.topics)) return run();
    this.metadata.afterRefresh(() => {
      try {
        run();
      } catch (e) {
        if (this.member.state === 'completingRebalance') this.member.fail(new ConsumerError('GroupFatal', `the assignor failed: ${(e as Error).message}`, { cause: e }), 'assignment failed');
      }
    });
  }

  onCoordinatorFound(): void {
    this.committer.onCoordinatorFound();
  }

  needsCoordinator(): boolean {
    return !this.closed || this.committer.hasWaiting();
  }

  /** The topics the group subscribes to, as the leader last saw them. */
  get groupSubscription(): readonly string[] {
    return this.groupTopics;
  }

  // ---- close (CL-19, CL-32) -------------------------------------------------------------------

  /**
   * Closes the member: a stable member with auto-commit commits what it consumed, then its
   * partitions are revoked (or lost, CL-15) and it leaves (CL-19).
   */
  close(): void {
    if (this.closed) return;
    const m = this.member;
    if (this.config.enableAutoCommit && m.state === 'stable' && !m.lostPending) this.committer.commit(this.fetcher.consumed());
    this.giveUpLost();
    const dropped = m.owned;
    // A member that lost its coordinator mid-rejoin no longer owns anything it could revoke (CL-15).
    const lost = m.generation.generationId === -1 || m.generation.memberId === '' || m.rebalanceInProgress() || m.state === 'discovering';
    if (dropped.length > 0) this.invoke(lost ? 'onPartitionsLost' : 'onPartitionsRevoked', dropped);
    this.setOwned([]);
    this.closed = true;
    m.pendingAssignment = null;
    m.close();
    this.fetcher.clear();
    this.metadata.stop();
  }
}
