/**
 * A KIP-848 consumer's group work on the application thread (the Java client's
 * `ConsumerMembershipManager` reconciliation with `ConsumerRebalanceListenerInvoker`): the
 * assignment the coordinator sent becomes the member's in `poll()`, revoked partitions first
 * (commit, stop fetching, onPartitionsRevoked), then added ones (onPartitionsAssigned), and the
 * next heartbeat acknowledges it. Fetching, positions and commits are the classic consumer's
 * ({@link Fetcher}, {@link Committer}).
 *
 * @see spec/consumer-member.md CL-35..CL-41
 * @see ConsumerMembershipManager.java, AbstractMembershipManager.java (maybeReconcile, revokeAndAssign), Kafka 4.0
 * @packageDocumentation
 */
import type { HeartbeatTopicPartitions } from '../../protocol/messages/consumer-group-heartbeat.js';
import type { Scheduler } from '../../time/scheduler.js';
import { Committer, type CommitHandle } from '../committer.js';
import type { ResolvedConsumerConfig } from '../config.js';
import type { CoordinatorParts } from '../coordinator.js';
import { Fetcher } from '../fetcher.js';
import { RebalanceCallbacks } from '../listener.js';
import type { ConsumerMetadata } from '../metadata.js';
import type { ConsumerNetwork } from '../network.js';
import { sortedTps, tpKey, type ConsumerRebalanceListener, type ConsumerTraceEntry, type TopicPartition } from '../types.js';
import { ConsumerMembership, type MembershipHost } from './membership.js';

/** A revocation waiting for its commit (Kafka's `commitOnPartitionsRevoked` before the callback). */
interface Revoking {
  /** The target it reconciles towards, as a key: a new target restarts the reconciliation. */
  readonly targetKey: string;
  readonly partitions: readonly TopicPartition[];
  readonly commit: CommitHandle | null;
}

/** The consumer's KIP-848 group coordination: membership, reconciliation, commits and positions. */
export class ConsumerGroupCoordinator implements MembershipHost {
  readonly config: ResolvedConsumerConfig;
  readonly loop: Scheduler;
  readonly network: ConsumerNetwork;
  readonly metadata: ConsumerMetadata;
  readonly trace: ConsumerTraceEntry[];
  readonly member: ConsumerMembership;
  readonly committer: Committer;
  readonly fetcher: Fetcher;
  subscription: readonly string[] = [];
  /** CL-50: the RE2J regex of a pattern subscription, resolved by the coordinator; null for topic names. */
  pattern: string | null = null;
  closed = false;
  /** What the member owns, in Kafka's order. */
  owned: TopicPartition[] = [];
  private readonly parts: CoordinatorParts;
  private readonly callbacks = new RebalanceCallbacks();
  private revoking: Revoking | null = null;

  constructor(parts: CoordinatorParts, memberId: string) {
    this.parts = parts;
    this.config = parts.config;
    this.loop = parts.loop;
    this.network = parts.network;
    this.metadata = parts.metadata;
    this.trace = parts.trace;
    this.metadata.withTopicIds = true;
    this.member = new ConsumerMembership(this, memberId);
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

  /** Raises what a listener threw, after the step that called it completed. */
  throwListenerError(): void {
    this.callbacks.throwError();
  }

  /** CL-41: what the member may read: what it owns, minus a revocation in progress; nothing once its partitions are lost. */
  readablePartitions(): readonly TopicPartition[] {
    if (this.closed || this.member.lostPending) return [];
    const r = this.revoking;
    if (r === null) return this.owned;
    const gone = new Set(r.partitions.map(tpKey));
    return this.owned.filter((tp) => !gone.has(tpKey(tp)));
  }

  // ---- MembershipHost -------------------------------------------------------------------------

  ownedByTopicId(): HeartbeatTopicPartitions[] {
    const byId = new Map<string, number[]>();
    for (const tp of this.owned) {
      const id = this.topicIdOf(tp.topic);
      if (id === undefined) continue;
      const list = byId.get(id) ?? [];
      list.push(tp.partition);
      byId.set(id, list);
    }
    return [...byId].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([topicId, ps]) => ({ topicId, partitions: ps.sort((a, b) => a - b) }));
  }

  private readonly ids = new Map<string, string>();

  /** The id of an owned topic: remembered from the assignment that named it. */
  private topicIdOf(topic: string): string | undefined {
    return this.ids.get(topic);
  }

  onCoordinatorFound(): void {
    this.committer.onCoordinatorFound();
  }

  needsCoordinator(): boolean {
    return !this.closed || this.committer.hasWaiting();
  }

  // ---- poll -------------------------------------------------------------------------------------

  /** The group's part of `poll()`: lost partitions, joining, reconciliation, auto-commit. */
  poll(): void {
    const m = this.member;
    if (m.fatalError !== null) {
      this.giveUpLost();
      throw m.fatalError;
    }
    if (m.state !== 'LEAVING') m.armPollTimer();
    this.committer.invokeCompletedCallbacks();
    this.giveUpLost();
    if (m.state === 'UNSUBSCRIBED') m.join('poll');
    else if (m.state === 'FENCED') m.join('rejoin after fencing');
    else if (m.state === 'STALE') m.join('rejoin after the poll timeout');
    this.reconcile();
    this.committer.maybeAutoCommit(() => this.fetcher.consumed());
  }

  /** CL-38: a fenced or stale member gives its partitions up as lost, without a commit. */
  private giveUpLost(): void {
    const m = this.member;
    if (!m.lostPending) return;
    m.lostPending = false;
    this.revoking = null;
    const lost = this.owned;
    this.setOwned([]);
    if (lost.length > 0) this.callbacks.invoke('onPartitionsLost', lost);
  }

  private setOwned(partitions: readonly TopicPartition[]): void {
    this.owned = sortedTps(partitions);
    this.fetcher.assign(this.owned);
  }

  /** The target assignment by topic name, or null while a topic id is not in the metadata yet (CL-36). */
  private targetPartitions(): TopicPartition[] | null {
    const target = this.member.target ?? new Map<string, readonly number[]>();
    const out: TopicPartition[] = [];
    for (const [id, partitions] of target) {
      const name = this.metadata.topicName(id);
      if (name === undefined) {
        this.metadata.refresh();
        return null;
      }
      this.ids.set(name, id);
      for (const partition of partitions) out.push({ topic: name, partition });
    }
    return sortedTps(out);
  }

  /**
   * CL-39: reconciles towards the target: revoked partitions stop being read at once, their
   * positions are committed (auto-commit), and when that commit is answered onPartitionsRevoked
   * runs; then onPartitionsAssigned with the added partitions, and the member acknowledges.
   */
  private reconcile(): void {
    const m = this.member;
    if (m.state !== 'RECONCILING') return;
    const target = this.targetPartitions();
    if (target === null) return;
    const targetKey = JSON.stringify(target);
    const targetKeys = new Set(target.map(tpKey));
    const ownedKeys = new Set(this.owned.map(tpKey));
    const revoked = this.owned.filter((tp) => !targetKeys.has(tpKey(tp)));
    const added = target.filter((tp) => !ownedKeys.has(tpKey(tp)));
    if (revoked.length > 0) {
      if (this.revoking?.targetKey !== targetKey) {
        const commit = this.config.enableAutoCommit ? this.committer.commit(this.fetcher.consumed(revoked)) : null;
        this.revoking = { targetKey, partitions: revoked, commit };
      }
      // The revocation waits for its commit (failed or not, as the Java client proceeds).
      if (this.revoking.commit?.outcome.status === 'pending') return;
      const started = m.target;
      this.callbacks.invoke('onPartitionsRevoked', revoked);
      // A callback may block (commitSync) while answers arrive: a new target or a fencing
      // meanwhile aborts the rest (Kafka's maybeAbortReconciliation); the revoked stay revoked.
      if (m.target !== started || m.state !== 'RECONCILING') {
        this.revoking = null;
        const gone = new Set(revoked.map(tpKey));
        if (!m.lostPending) this.setOwned(this.owned.filter((tp) => !gone.has(tpKey(tp))));
        return;
      }
    }
    this.revoking = null;
    this.setOwned(target);
    this.callbacks.invoke('onPartitionsAssigned', added);
    if (this.config.enableAutoCommit) this.committer.nextAutoCommitMs = this.loop.nowMs() + this.config.autoCommitIntervalMs;
    if (m.state !== 'RECONCILING') return;
    m.to('ACKNOWLEDGING', `reconciled: -${revoked.length} +${added.length}`);
    m.scheduleHeartbeat(0);
  }

  // ---- close ------------------------------------------------------------------------------------

  /**
   * CL-40: close: commit (auto-commit), onPartitionsRevoked, then the leave heartbeat (-1,
   * static -2). A fenced or stale member's partitions are lost instead, and it sends nothing.
   */
  close(): void {
    if (this.closed) return;
    const m = this.member;
    const inGroup = m.state === 'JOINING' || m.state === 'RECONCILING' || m.state === 'ACKNOWLEDGING' || m.state === 'STABLE';
    if (this.config.enableAutoCommit && inGroup && !m.lostPending) this.committer.commit(this.fetcher.consumed());
    this.giveUpLost();
    if (inGroup) m.to('PREPARE_LEAVING', 'close');
    if (this.owned.length > 0) this.callbacks.invoke('onPartitionsRevoked', this.owned);
    this.setOwned([]);
    this.revoking = null;
    this.closed = true;
    if (inGroup) m.leave('close');
    // A fenced member is out of the group already: nothing to leave (Kafka's leaveGroup on a fenced member).
    else if (m.state === 'FENCED') m.to('UNSUBSCRIBED', 'close');
    m.stop();
    this.fetcher.clear();
    this.metadata.stop();
  }
}
