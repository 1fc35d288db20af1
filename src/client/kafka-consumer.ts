/**
 * `KafkaConsumer`: a consumer group member with the API of Kafka's Java `KafkaConsumer`
 * (classic protocol), over any {@link ClientTransport}, on a {@link Scheduler}.
 *
 * @remarks
 * It knows the cluster only through `bootstrap.servers` and what the brokers answer: the
 * transport carries its requests (the in-memory cluster's channel, or TCP with `TcpTransport`) and the
 * scheduler is its clock and runs its timers. Over the in-memory cluster the scheduler is the
 * cluster's event loop, in virtual time.
 *
 * How it meets virtual time (CL-21):
 *
 * - `poll(timeoutMs)` never advances the clock. It runs what Kafka runs on the application
 *   thread (commit callbacks, lost partitions, the assignment of a finished SyncGroup with the
 *   rebalance listener, the start of a rejoin, auto-commit, offset lookups, fetches) and returns
 *   the records already fetched. `timeoutMs` is checked but not waited for.
 * - Answers are handled when the transport delivers them (from a scheduler task), and
 *   heartbeats and the `max.poll.interval.ms` timer are scheduler timers: a test alternates
 *   `consumer.poll(0)` and `kafka.advance(ms)`.
 * - The blocking calls (`commitSync`, `committed`) advance the scheduler themselves, 1 ms at a
 *   time, until their answer arrives or their timeout (`default.api.timeout.ms`) passes, as the
 *   Java calls block; a rebalance listener may call them, since listeners run inside `poll` and
 *   `close`, never from a loop task.
 * - `close()` returns at once: the member is `leaving` until its LeaveGroup is answered; a
 *   final auto-commit and every commit in flight still complete (advance the loop to let them).
 * @see spec/consumer-member.md
 * @packageDocumentation
 */
import type { KafkaRequest, KafkaResponse } from '../protocol/messages/index.js';
import type { Scheduler } from '../time/scheduler.js';
import type { ClientTransport } from '../transport/client-transport.js';
import type { CommitHandle, OffsetCommitCallback } from './committer.js';
import { resolveConsumerConfig, type ConsumerConfig, type ResolvedConsumerConfig } from './config.js';
import { ConsumerGroupCoordinator } from './consumer-group/coordinator.js';
import type { GroupMemberState } from './consumer-group/member-state.js';
import type { ConsumerMembership } from './consumer-group/membership.js';
import { ConsumerCoordinator } from './coordinator.js';
import { ConsumerError } from './errors.js';
import { ConsumerMetadata } from './metadata.js';
import { commitAwaitable, committedAwaitable, type AwaitableHost } from './awaitable.js';
import { ConsumerNetwork } from './network.js';
import { sortedTps, tpKey, type ConsumerMemberState, type ConsumerRebalanceListener, type ConsumerRecord, type ConsumerTraceEntry, type OffsetAndMetadata, type TopicPartition } from './types.js';

/**
 * What a {@link KafkaConsumer} runs on besides its config: how it reaches the brokers and
 * how it tells and spends time.
 *
 * @remarks
 * Over the in-memory cluster: `{ transport: kafka.transport, scheduler: kafka.loop }` (or a
 * transport with faults from `kafka.createTransport({ faults })`).
 */
export interface KafkaConsumerOptions {
  /** Carries requests to the nodes named by `bootstrap.servers`, Metadata and FindCoordinator. */
  readonly transport: ClientTransport<KafkaRequest, KafkaResponse>;
  /** The clock, the timers, and the time the blocking calls let pass (see {@link Scheduler} for real time). */
  readonly scheduler: Scheduler;
  /**
   * Where a KIP-848 member (`group.protocol=consumer`) takes its member id from (KIP-1082: the
   * client generates it); default: the scheduler's `newId` where it has one (a random UUID at the
   * edge, `RealTimeScheduler`), else a UUID-shaped id numbered like the client id, so runs in
   * virtual time replay.
   */
  readonly newId?: () => string;
}

/**
 * Kafka's `SubscriptionPattern`: an RE2J regular expression over topic names, evaluated by the
 * coordinator (KIP-848), for {@link KafkaConsumer.subscribe} with `group.protocol=consumer`.
 */
export interface SubscriptionPattern {
  readonly pattern: string;
}

/** Kafka's `ConsumerGroupMetadata`. */
export interface ConsumerGroupMetadata {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

/** A snapshot of the member, in the terms of the member statechart (see {@link KafkaConsumer.memberView}). */
export interface ConsumerMemberView {
  readonly state: ConsumerMemberState;
  /** The coordinator's node id, or null while it is unknown (the model's `coordinatorKnown`). */
  readonly coordinator: number | null;
  /** `""` when the member has none (the model's `hasMemberId`). */
  readonly memberId: string;
  /** -1 when the member has none (the model's `hasGeneration`). */
  readonly generationId: number;
  readonly rejoinNeeded: boolean;
  readonly isLeader: boolean;
  /** What it owns (Kafka's `assignment()`); a SyncGroup answer becomes owned at the next poll (CL-23). */
  readonly owned: readonly TopicPartition[];
  /** What it may read now (the model's `readablePartitions`). */
  readonly readable: readonly TopicPartition[];
  /**
   * CL-58: no answer has shown for `session.timeout.ms` that the coordinator still counts it as a
   * member, so it reads nothing; a timing refinement the member statechart leaves out.
   */
  readonly outOfSession: boolean;
  readonly fatalError: ConsumerError | null;
}

/**
 * A snapshot of a KIP-848 member (see {@link KafkaConsumer.groupMemberView}): what the Java
 * client's membership manager holds, for tests and for comparing a member with ours step by step.
 */
export interface ConsumerGroupMemberView {
  /** The Java client's `MemberState` (CL-35). */
  readonly state: GroupMemberState;
  /** The coordinator's node id, or null while it is unknown. */
  readonly coordinator: number | null;
  /** Generated by the client once (KIP-1082) and kept across fencing. */
  readonly memberId: string;
  /** 0 while joining or fenced; the coordinator's epoch afterwards. */
  readonly memberEpoch: number;
  /** The last target assignment received, by topic id with sorted partitions; null before any. */
  readonly target: readonly { readonly topicId: string; readonly partitions: readonly number[] }[] | null;
  /** What it owns (Kafka's `assignment()`). */
  readonly owned: readonly TopicPartition[];
  /** What it may read now (CL-41). */
  readonly readable: readonly TopicPartition[];
  readonly fatalError: ConsumerError | null;
}

/**
 * How many consumers each scheduler runs: numbers default client ids (and timer keys, which
 * must not collide on a shared scheduler) deterministically, whatever transport each uses.
 */
const consumersOf = new WeakMap<Scheduler, number>();

/** A consumer group member (classic protocol). */
export class KafkaConsumer {
  readonly config: ResolvedConsumerConfig;
  private readonly scheduler: Scheduler;
  /** The group work of the configured `group.protocol`. */
  private readonly group: ConsumerCoordinator | ConsumerGroupCoordinator;
  private readonly network: ConsumerNetwork;
  /** Timer keys of this consumer start with it (see the constructor). */
  private readonly prefix: string;
  /** Promise-form calls made, numbering their timer keys. */
  private awaits = 0;
  private closed = false;

  /**
   * @throws ConsumerError of kind `InvalidConfig` naming the key, for an unknown key, a bad
   * value, no `bootstrap.servers`, `heartbeat.interval.ms` not below `session.timeout.ms` or an
   * unknown assignor (CL-33).
   */
  constructor(config: ConsumerConfig, options: KafkaConsumerOptions) {
    const { transport, scheduler } = options;
    const n = (consumersOf.get(scheduler) ?? 0) + 1;
    this.config = resolveConsumerConfig(config, (groupId) => `consumer-${groupId}-${n}`);
    if (this.config.bootstrapServers.length === 0) {
      throw new ConsumerError('InvalidConfig', 'Invalid value for configuration bootstrap.servers: at least one host:port is needed', { key: 'bootstrap.servers' });
    }
    consumersOf.set(scheduler, n);
    this.scheduler = scheduler;
    const prefix = `consumer#${n}`;
    this.prefix = prefix;
    const timerKey = (name: string): string => `${prefix}:${name}`;
    const network = new ConsumerNetwork(transport, this.config.clientId, scheduler, this.config.requestTimeoutMs);
    this.network = network;
    const metadata = new ConsumerMetadata(network, scheduler, this.config.bootstrapServers, this.config.metadataMaxAgeMs, this.config.retryBackoffMs, timerKey('metadata'));
    const parts = { config: this.config, loop: scheduler, network, metadata, trace: network.trace, timerKey };
    if (this.config.groupProtocol === 'consumer') {
      const memberId = options.newId?.() ?? scheduler.newId?.() ?? `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
      this.group = new ConsumerGroupCoordinator(parts, memberId);
    } else this.group = new ConsumerCoordinator(parts);
  }

  /** The classic coordinator; throws for a KIP-848 consumer (a programming error of this class). */
  private get coordinator(): ConsumerCoordinator {
    const g = this.group;
    if (g instanceof ConsumerCoordinator) return g;
    throw new ConsumerError('IllegalState', 'this view exists only for group.protocol=classic (groupMemberView() describes a KIP-848 member)');
  }

  /** The KIP-848 member, or null for a classic consumer. */
  get consumerGroupMember(): ConsumerMembership | null {
    return this.group instanceof ConsumerGroupCoordinator ? this.group.member : null;
  }

  private ensureOpen(): void {
    if (this.closed) throw new ConsumerError('IllegalState', 'This consumer has already been closed.');
  }

  /**
   * Subscribes to `topics`, or (with `group.protocol=consumer`) to every topic whose name
   * matches `{ pattern }`, an RE2J regular expression the coordinator evaluates (Kafka's
   * `subscribe(SubscriptionPattern)`, CL-50); replaces any earlier subscription; with an
   * optional rebalance listener. Nothing is sent until the next poll.
   *
   * @throws RangeError for no topic, a blank topic or an empty pattern; ConsumerError
   * `IllegalState` for a pattern with `group.protocol=classic` (Java: UnsupportedOperationException).
   * An invalid regex is found by the coordinator: the member becomes `FATAL` (CL-51).
   */
  subscribe(topics: readonly string[] | string | SubscriptionPattern, listener?: ConsumerRebalanceListener): void {
    this.ensureOpen();
    if (typeof topics === 'object' && 'pattern' in topics) return this.subscribePattern(topics, listener);
    const list = typeof topics === 'string' ? [topics] : [...topics];
    if (list.length === 0) throw new RangeError('subscribe: at least one topic is needed (unsubscribe is not supported)');
    for (const t of list) if (typeof t !== 'string' || t.trim() === '') throw new RangeError(`subscribe: invalid topic ${JSON.stringify(t)}`);
    this.group.subscription = [...new Set(list)];
    if (this.group instanceof ConsumerGroupCoordinator) this.group.pattern = null;
    this.group.listener = listener;
  }

  private subscribePattern(p: SubscriptionPattern, listener: ConsumerRebalanceListener | undefined): void {
    const g = this.group;
    if (!(g instanceof ConsumerGroupCoordinator)) {
      throw new ConsumerError('IllegalState', 'Subscribe to RE2J regular expressions only supported for CONSUMER group protocol');
    }
    if (typeof p.pattern !== 'string' || p.pattern.trim() === '') throw new RangeError('subscribe: Topic pattern to subscribe to cannot be empty');
    // The member sends its regex and no names: the coordinator resolves the regex (CL-50).
    g.subscription = [];
    g.pattern = p.pattern;
    g.listener = listener;
  }

  /** The subscribed topic names; empty for a pattern subscription (see {@link KafkaConsumer.subscriptionPattern}). */
  subscription(): readonly string[] {
    return [...this.group.subscription];
  }

  /** The regex of a pattern subscription, or null (CL-50). */
  subscriptionPattern(): SubscriptionPattern | null {
    const g = this.group;
    return g instanceof ConsumerGroupCoordinator && g.pattern !== null ? { pattern: g.pattern } : null;
  }

  /**
   * One turn of the poll loop (CL-21): group work, positions, then the records already fetched
   * (at most `max.poll.records`), and new fetches. Never advances virtual time.
   *
   * @throws ConsumerError: `IllegalState` after close or without a subscription; the member's
   * fatal error (`FencedInstanceId`, `GroupFatal`) on every poll once it has one; `NoOffsetForPartition`
   * or `OffsetOutOfRange` with `auto.offset.reset=none`; `RebalanceListener` when a listener threw;
   * `UnsupportedVersion` on every poll once a broker could take a request at no version the
   * consumer speaks (over TCP, SRV-23).
   */
  poll(timeoutMs = 0): ConsumerRecord[] {
    this.ensureOpen();
    if (!(timeoutMs >= 0)) throw new RangeError(`poll: timeout must not be negative, got ${timeoutMs}`);
    const c = this.group;
    const pattern = c instanceof ConsumerGroupCoordinator ? c.pattern : null;
    if (c.subscription.length === 0 && pattern === null) throw new ConsumerError('IllegalState', 'Consumer is not subscribed to any topics or assigned any partitions');
    if (pattern !== null) c.metadata.wantAll();
    c.metadata.want(c.subscription);
    c.poll();
    // A listener's error is raised before any record is taken, so no position moves past unreturned records.
    c.throwListenerError();
    // A broker that speaks none of the versions an API needs is fatal (SRV-23); a retry cannot help.
    if (this.network.unsupportedVersion !== null) throw this.network.unsupportedVersion;
    c.fetcher.updatePositions();
    const records = c.fetcher.collect();
    c.fetcher.sendFetches();
    return records;
  }

  /**
   * Commits `offsets` (default: the position of every owned partition, i.e. what earlier polls
   * returned) and lets time pass until the answer arrives, retrying retriable errors
   * (coordinator moved or loading) until `timeoutMs` (`default.api.timeout.ms`) passes.
   *
   * @returns the committed offsets.
   * @throws ConsumerError `CommitFailed` or `RebalanceInProgress` outside a stable generation or
   * when the coordinator rejects the generation; `FencedInstanceId`; `Timeout`.
   */
  commitSync(offsets?: readonly OffsetAndMetadata[], options: { readonly timeoutMs?: number } = {}): readonly OffsetAndMetadata[] {
    this.ensureOpen();
    const c = this.group;
    const wanted = this.checkOffsets(offsets ?? c.fetcher.consumed());
    const deadline = this.scheduler.nowMs() + (options.timeoutMs ?? this.config.defaultApiTimeoutMs);
    c.committer.invokeCompletedCallbacks();
    for (;;) {
      const handle = c.committer.commit(wanted);
      this.blockUntil(() => handle.outcome.status !== 'pending', deadline);
      c.committer.invokeCompletedCallbacks();
      const o = handle.outcome;
      if (o.status === 'committed') return o.offsets;
      if (o.status === 'pending') break;
      if (!(o.error instanceof ConsumerError) || o.error.kind !== 'Retriable' || this.scheduler.nowMs() >= deadline) throw o.error;
      this.blockUntil(() => false, Math.min(deadline, this.scheduler.nowMs() + this.config.retryBackoffMs));
    }
    throw new ConsumerError('Timeout', `Timeout of ${options.timeoutMs ?? this.config.defaultApiTimeoutMs}ms expired before successfully committing offsets`);
  }

  /**
   * Commits `offsets` (default: every owned partition's position) without waiting. The answer
   * resolves the returned handle; `callback` runs in a later `poll()` or `commitSync()` (after
   * close: when the answer arrives).
   */
  commitAsync(offsets?: readonly OffsetAndMetadata[], callback?: OffsetCommitCallback): CommitHandle {
    this.ensureOpen();
    const c = this.group;
    return c.committer.commit(this.checkOffsets(offsets ?? c.fetcher.consumed()), callback);
  }

  private checkOffsets(offsets: readonly OffsetAndMetadata[]): OffsetAndMetadata[] {
    for (const o of offsets) {
      if (!Number.isSafeInteger(o.offset) || o.offset < 0) throw new RangeError(`Invalid offset ${o.offset} for ${o.topic}-${o.partition}`);
    }
    return offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset, metadata: o.metadata ?? '' }));
  }

  /**
   * `commitSync` as a promise, for any transport (SRV-25): resolves with the committed offsets
   * from the scheduler's tasks instead of letting time pass inside the call, so it works over TCP
   * (where `commitSync` cannot block, SRV-21). Fails with what `commitSync` throws.
   */
  commit(offsets?: readonly OffsetAndMetadata[], options: { readonly timeoutMs?: number } = {}): Promise<readonly OffsetAndMetadata[]> {
    this.ensureOpen();
    const wanted = this.checkOffsets(offsets ?? this.group.fetcher.consumed());
    return commitAwaitable(this.awaitable(), wanted, options.timeoutMs ?? this.config.defaultApiTimeoutMs);
  }

  /** `committed` as a promise, for any transport (SRV-25); fails with `Timeout` as `committed` does. */
  fetchCommitted(partitions: readonly TopicPartition[], options: { readonly timeoutMs?: number } = {}): Promise<(OffsetAndMetadata | null)[]> {
    this.ensureOpen();
    return committedAwaitable(this.awaitable(), partitions, options.timeoutMs ?? this.config.defaultApiTimeoutMs);
  }

  private awaitable(): AwaitableHost {
    return { committer: this.group.committer, scheduler: this.scheduler, retryBackoffMs: this.config.retryBackoffMs, timerKey: () => `${this.prefix}:await-${++this.awaits}` };
  }

  /**
   * The group's committed offsets of `partitions`, in their order (null: none), fetched with
   * OffsetFetch; lets time pass until answered or `timeoutMs` passes.
   */
  committed(partitions: readonly TopicPartition[], options: { readonly timeoutMs?: number } = {}): (OffsetAndMetadata | null)[] {
    this.ensureOpen();
    const deadline = this.scheduler.nowMs() + (options.timeoutMs ?? this.config.defaultApiTimeoutMs);
    for (;;) {
      let answer: ReadonlyMap<string, number> | null | undefined;
      this.group.committer.fetchCommitted(partitions, (offsets) => (answer = offsets));
      this.blockUntil(() => answer !== undefined, deadline);
      const got = answer as ReadonlyMap<string, number> | null | undefined;
      if (got !== null && got !== undefined) {
        return partitions.map((tp) => {
          const offset = got.get(tpKey(tp)) ?? -1;
          return offset < 0 ? null : { topic: tp.topic, partition: tp.partition, offset, metadata: '' };
        });
      }
      if (this.scheduler.nowMs() >= deadline) throw new ConsumerError('Timeout', 'Timeout expired before the committed offsets were fetched');
      this.blockUntil(() => false, Math.min(deadline, this.scheduler.nowMs() + this.config.retryBackoffMs));
    }
  }

  /** Lets time pass 1 ms at a time until `done()` or `deadlineMs` (see {@link Scheduler} for real time). */
  private blockUntil(done: () => boolean, deadlineMs: number): void {
    while (!done() && this.scheduler.nowMs() < deadlineMs) this.scheduler.advance(1);
  }

  /** The partitions the member owns now, in Kafka's order (Kafka's `assignment()`). */
  assignment(): TopicPartition[] {
    const g = this.group;
    return sortedTps(g instanceof ConsumerCoordinator ? g.member.owned : g.owned);
  }

  /** The partitions it may read now (CL-13, CL-14): what model-based tests compare with `readablePartitions`. */
  readablePartitions(): TopicPartition[] {
    return sortedTps(this.group.readablePartitions());
  }

  /** The next offset `poll` returns for an owned partition, if it has one yet. */
  position(tp: TopicPartition): number | undefined {
    return this.group.fetcher.position(tp);
  }

  /** Makes the next poll read an owned partition from `offset` (Kafka's `seek`). */
  seek(tp: TopicPartition, offset: number): void {
    this.ensureOpen();
    if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`seek offset must not be negative, got ${offset}`);
    if (!this.group.fetcher.seek(tp, offset)) throw new ConsumerError('IllegalState', `No current assignment for partition ${tp.topic}-${tp.partition}`);
  }

  /**
   * The member's lifecycle state: the classic member statechart's names, or (for
   * `group.protocol=consumer`) the Java client's `MemberState` names.
   */
  get state(): ConsumerMemberState | GroupMemberState {
    return this.group.member.state;
  }

  /** Kafka's `groupMetadata()`: the generation and member id the member holds now. */
  groupMetadata(): ConsumerGroupMetadata {
    const g = this.group;
    if (g instanceof ConsumerGroupCoordinator) {
      // Kafka's AsyncKafkaConsumer reports the member epoch as the generation.
      return { groupId: this.config.groupId, generationId: g.member.memberEpoch, memberId: g.member.memberId, groupInstanceId: this.config.groupInstanceId };
    }
    const gen = g.member.generation;
    return { groupId: this.config.groupId, generationId: gen.generationId, memberId: gen.memberId, groupInstanceId: this.config.groupInstanceId };
  }

  /**
   * What the member knows now, in the terms of the member statechart's context
   * (`machines/classic-member.types.ts`), for model-based tests.
   *
   * @throws ConsumerError `IllegalState` for `group.protocol=consumer`: its fields (generation,
   * leader, rejoin flag) and states are the classic member's, which a KIP-848 member does not
   * have; {@link KafkaConsumer.groupMemberView} describes a KIP-848 member.
   */
  memberView(): ConsumerMemberView {
    const m = this.coordinator.member;
    return {
      state: m.state,
      coordinator: m.coordinator,
      memberId: m.generation.memberId,
      generationId: m.generation.generationId,
      rejoinNeeded: m.rejoinNeeded,
      isLeader: m.isLeader,
      owned: sortedTps(m.owned),
      readable: this.readablePartitions(),
      outOfSession: m.outOfSession(),
      fatalError: m.fatalError,
    };
  }

  /**
   * What a KIP-848 member (`group.protocol=consumer`) knows now: state, epoch, target and owned
   * partitions.
   *
   * @throws ConsumerError `IllegalState` for `group.protocol=classic` (see {@link KafkaConsumer.memberView}).
   */
  groupMemberView(): ConsumerGroupMemberView {
    const g = this.group;
    if (!(g instanceof ConsumerGroupCoordinator)) throw new ConsumerError('IllegalState', 'this view exists only for group.protocol=consumer');
    const m = g.member;
    const target = m.target === null ? null : [...m.target].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([topicId, partitions]) => ({ topicId, partitions: [...partitions] }));
    return { state: m.state, coordinator: m.coordinator, memberId: m.memberId, memberEpoch: m.memberEpoch, target, owned: sortedTps(g.owned), readable: this.readablePartitions(), fatalError: m.fatalError };
  }

  /** Whether the member was the leader of its last generation. */
  get isLeader(): boolean {
    const g = this.group;
    return g instanceof ConsumerCoordinator && g.member.isLeader;
  }

  /** Every request sent, answer or network error received, and state change, in order. */
  get trace(): readonly ConsumerTraceEntry[] {
    return this.group.trace;
  }

  /**
   * Leaves the group (CL-19, CL-32): a stable member with auto-commit commits what it consumed,
   * the listener sees its partitions revoked (or lost), and a dynamic member that knows its
   * coordinator sends LeaveGroup. Returns at once; a second call does nothing.
   */
  close(): void {
    if (this.closed) return;
    try {
      this.group.close();
    } finally {
      this.closed = true;
    }
    this.group.throwListenerError();
  }
}
