/**
 * Offset commits and committed-offset lookups, after Kafka's `ConsumerCoordinator`
 * (`sendOffsetCommitRequest`, `OffsetCommitResponseHandler`, `sendOffsetFetchRequest`).
 *
 * @remarks
 * A commit is a {@link CommitHandle} that the loop resolves when the answer arrives. A commit
 * made while the coordinator is unknown waits for it (Kafka's pending async commits). The
 * callback of `commitAsync` runs in the next `poll()` (or `commitSync`), as Kafka runs it,
 * except after `close()`, when it runs as soon as the answer arrives: nothing in flight is lost
 * on close.
 * @see spec/consumer-member.md CL-26, CL-27, CL-28
 * @packageDocumentation
 */
import { ErrorCodes, errorName } from '../protocol/errors.js';
import { offsetFetchGroupOf, type OffsetCommitResponse, type OffsetFetchResponse } from '../protocol/messages/index.js';
import type { ResolvedConsumerConfig } from './config.js';
import { ConsumerError } from './errors.js';
import type { Generation } from './member.js';
import type { ConsumerNetwork, NetResult } from './network.js';
import { tpKey, type CommitOutcome, type OffsetAndMetadata, type TopicPartition } from './types.js';

/** A commit in progress or done; the loop resolves it. */
export interface CommitHandle {
  readonly offsets: readonly OffsetAndMetadata[];
  readonly outcome: CommitOutcome;
}

/** The callback of `commitAsync` (Kafka's `OffsetCommitCallback`): `error` is null on success. */
export type OffsetCommitCallback = (offsets: readonly OffsetAndMetadata[], error: Error | null) => void;

class Commit implements CommitHandle {
  outcome: CommitOutcome = { status: 'pending' };
  constructor(
    /** The generation when the commit was made (null outside a stable generation). */
    readonly generation: Generation | null,
    readonly offsets: readonly OffsetAndMetadata[],
    readonly callback: OffsetCommitCallback | undefined,
    readonly onDone: ((outcome: CommitOutcome) => void) | undefined,
  ) {}
}

/**
 * What the committer needs from the group member, classic or KIP-848: where the coordinator is,
 * the generation (or member epoch) a commit carries, and how the member reacts to a commit
 * rejected for its membership.
 */
export interface CommitMember {
  readonly coordinator: number | null;
  /** The generation commits carry now (KIP-848: the member epoch as `generationId`), or null outside the group. */
  generationIfStable(): Generation | null;
  /** Whether the member is between generations, so a commit is refused as RebalanceInProgress. */
  rebalanceInProgress(): boolean;
  lookupCoordinator(): void;
  markCoordinatorUnknown(cause: string, node?: number): void;
  /**
   * What an error answer about the membership (REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID,
   * UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, STALE_MEMBER_EPOCH, FENCED_MEMBER_EPOCH) to a commit
   * made at `sent` does to the member, and the error the commit fails with.
   */
  commitRejected(code: number, sent: Generation): ConsumerError;
  /**
   * A commit of the member sent at `sentAtMs` was accepted, which refreshed its session at the
   * coordinator (OC-09); a classic member counts it as proof of membership (CL-58).
   */
  commitAccepted?(sentAtMs: number): void;
}

/** What the committer needs from the consumer around it. */
export interface CommitterHost {
  readonly config: ResolvedConsumerConfig;
  readonly network: ConsumerNetwork;
  readonly member: CommitMember;
  nowMs(): number;
  /** Whether the consumer is closed (callbacks then run at once). */
  closed(): boolean;
}

/** Commits and committed-offset lookups of one consumer. */
export class Committer {
  private waiting: Commit[] = [];
  private completed: Commit[] = [];
  /** When the next auto-commit is due (CL-26). */
  nextAutoCommitMs: number;

  constructor(private readonly host: CommitterHost) {
    this.nextAutoCommitMs = host.nowMs() + host.config.autoCommitIntervalMs;
  }

  private get member(): CommitMember {
    return this.host.member;
  }

  /** Whether commits wait for a coordinator to be found. */
  hasWaiting(): boolean {
    return this.waiting.length > 0;
  }

  /**
   * CL-27: commits `offsets` for the member's current generation. The handle is resolved by
   * the loop; `onDone` (internal) runs when it is.
   */
  commit(offsets: readonly OffsetAndMetadata[], callback?: OffsetCommitCallback, onDone?: (outcome: CommitOutcome) => void): CommitHandle {
    const commit = new Commit(this.member.generationIfStable(), offsets.map((o) => ({ ...o })), callback, onDone);
    if (offsets.length === 0) this.finish(commit, { status: 'committed', offsets: [] });
    else if (this.member.coordinator === null && this.member.generationIfStable() !== null) {
      this.waiting.push(commit);
      this.member.lookupCoordinator();
    } else this.send(commit);
    return commit;
  }

  /** The coordinator is known again: the commits that waited for it go now. */
  onCoordinatorFound(): void {
    for (const commit of this.waiting.splice(0)) this.send(commit);
  }

  private send(commit: Commit): void {
    // After close, a commit made before it still goes with the generation it was made in.
    const generation = this.member.generationIfStable() ?? (this.host.closed() ? commit.generation : null);
    const coordinator = this.member.coordinator;
    if (generation === null) return this.finish(commit, { status: 'failed', error: this.notInGroup() });
    if (coordinator === null) return this.finish(commit, { status: 'failed', error: new ConsumerError('Retriable', 'Offset commit failed: the coordinator is not available') });
    const topics: { name: string; partitions: { partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; commitTimestamp: number; committedMetadata: string | null }[] }[] = [];
    for (const o of commit.offsets) {
      let t = topics.find((x) => x.name === o.topic);
      if (t === undefined) topics.push((t = { name: o.topic, partitions: [] }));
      t.partitions.push({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: o.metadata ?? '' });
    }
    const request = {
      api: 'OffsetCommit' as const,
      version: 9,
      clientId: this.host.config.clientId,
      clientHost: '/127.0.0.1',
      groupId: this.host.config.groupId,
      generationIdOrMemberEpoch: generation.generationId,
      memberId: generation.memberId,
      groupInstanceId: this.host.config.groupInstanceId,
      retentionTimeMs: -1,
      topics,
    };
    const sentAtMs = this.host.nowMs();
    this.host.network.send(coordinator, request, (result) => this.onAnswer(commit, generation, coordinator, result, sentAtMs));
  }

  /** Kafka's error when a commit is made outside a stable generation. */
  private notInGroup(): ConsumerError {
    if (this.member.rebalanceInProgress()) {
      return new ConsumerError('RebalanceInProgress', 'Offset commit cannot be completed since the consumer is undergoing a rebalance; complete the rebalance by calling poll() and retry');
    }
    return new ConsumerError('CommitFailed', 'Offset commit cannot be completed since the consumer is not part of an active group; it is likely that the consumer was kicked out of the group');
  }

  private onAnswer(commit: Commit, sent: Generation, node: number, result: NetResult<OffsetCommitResponse>, sentAtMs: number): void {
    if (!result.ok) {
      this.member.markCoordinatorUnknown(`OffsetCommit: ${result.reason}`, node);
      return this.finish(commit, { status: 'failed', error: new ConsumerError('Retriable', `Offset commit failed: ${result.reason}`) });
    }
    const code = result.response.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== ErrorCodes.NONE)?.errorCode ?? ErrorCodes.NONE;
    if (code === ErrorCodes.NONE) {
      if (sent.generationId >= 0) this.member.commitAccepted?.(sentAtMs);
      return this.finish(commit, { status: 'committed', offsets: commit.offsets });
    }
    this.finish(commit, { status: 'failed', error: this.react(code, sent, node) });
  }

  /** What an error answer does to the member (CL-27) and the error the commit fails with. */
  private react(code: number, sent: Generation, node: number): ConsumerError {
    const name = errorName(code);
    switch (code) {
      case ErrorCodes.COORDINATOR_LOAD_IN_PROGRESS:
      case ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION:
        return new ConsumerError('Retriable', `Offset commit failed: ${name}`, { errorCode: code });
      case ErrorCodes.NOT_COORDINATOR:
      case ErrorCodes.COORDINATOR_NOT_AVAILABLE:
      case ErrorCodes.REQUEST_TIMED_OUT:
        this.member.markCoordinatorUnknown(`OffsetCommit:${name}`, node);
        return new ConsumerError('Retriable', `Offset commit failed: ${name}`, { errorCode: code });
      case ErrorCodes.REBALANCE_IN_PROGRESS:
      case ErrorCodes.FENCED_INSTANCE_ID:
      case ErrorCodes.UNKNOWN_MEMBER_ID:
      case ErrorCodes.ILLEGAL_GENERATION:
      case ErrorCodes.STALE_MEMBER_EPOCH:
      case ErrorCodes.FENCED_MEMBER_EPOCH:
        return this.member.commitRejected(code, sent);
      default:
        return new ConsumerError('CommitFailed', `Offset commit failed: ${name}`, { errorCode: code });
    }
  }

  private finish(commit: Commit, outcome: CommitOutcome): void {
    commit.outcome = outcome;
    commit.onDone?.(outcome);
    if (commit.callback === undefined) return;
    if (this.host.closed()) this.runCallback(commit);
    else this.completed.push(commit);
  }

  private runCallback(commit: Commit): void {
    const o = commit.outcome;
    commit.callback?.(commit.offsets, o.status === 'failed' ? o.error : null);
  }

  /** Runs the callbacks of finished `commitAsync` calls, in completion order (Kafka's `invokeCompletedOffsetCommitCallbacks`). */
  invokeCompletedCallbacks(): void {
    for (const commit of this.completed.splice(0)) this.runCallback(commit);
  }

  /**
   * CL-26: the periodic auto-commit of `consumed`, when due and the member is stable. A retriable
   * failure makes the next one due after `retry.backoff.ms`.
   */
  maybeAutoCommit(consumed: () => OffsetAndMetadata[]): void {
    const { enableAutoCommit, autoCommitIntervalMs, retryBackoffMs } = this.host.config;
    const now = this.host.nowMs();
    if (!enableAutoCommit || now < this.nextAutoCommitMs) return;
    this.nextAutoCommitMs = now + autoCommitIntervalMs;
    if (this.member.generationIfStable() === null) return;
    this.commit(consumed(), undefined, (outcome) => {
      if (outcome.status === 'failed' && outcome.error instanceof ConsumerError && outcome.error.kind === 'Retriable') {
        this.nextAutoCommitMs = this.host.nowMs() + retryBackoffMs;
      }
    });
  }

  /**
   * CL-28: the group's committed offsets of `partitions` (OffsetFetch v9, requireStable).
   * `onDone` gets them by partition key (-1: none), or null when they must be asked again.
   */
  fetchCommitted(partitions: readonly TopicPartition[], onDone: (offsets: ReadonlyMap<string, number> | null) => void): void {
    const coordinator = this.member.coordinator;
    if (coordinator === null) {
      this.member.lookupCoordinator();
      return onDone(null);
    }
    const topics: { name: string; partitionIndexes: number[] }[] = [];
    for (const tp of partitions) {
      let t = topics.find((x) => x.name === tp.topic);
      if (t === undefined) topics.push((t = { name: tp.topic, partitionIndexes: [] }));
      t.partitionIndexes.push(tp.partition);
    }
    const request = {
      api: 'OffsetFetch' as const,
      version: 9,
      clientId: this.host.config.clientId,
      clientHost: '/127.0.0.1',
      groups: [{ groupId: this.host.config.groupId, memberId: null, memberEpoch: -1, topics }],
      requireStable: true,
    };
    this.host.network.send(coordinator, request, (result) => onDone(this.committedOffsets(coordinator, result)));
  }

  private committedOffsets(node: number, result: NetResult<OffsetFetchResponse>): ReadonlyMap<string, number> | null {
    if (!result.ok) {
      this.member.markCoordinatorUnknown(`OffsetFetch: ${result.reason}`, node);
      return null;
    }
    // Over TCP the answer may be of an older version than the request was built at (SRV-24).
    const group = offsetFetchGroupOf(result.response, this.host.config.groupId);
    const code = group?.errorCode ?? ErrorCodes.UNKNOWN_SERVER_ERROR;
    if (code === ErrorCodes.NOT_COORDINATOR || code === ErrorCodes.COORDINATOR_NOT_AVAILABLE) this.member.markCoordinatorUnknown(`OffsetFetch:${errorName(code)}`, node);
    if (group === undefined || code !== ErrorCodes.NONE) return null;
    const offsets = new Map<string, number>();
    for (const t of group.topics) {
      for (const p of t.partitions) {
        if (p.errorCode !== ErrorCodes.NONE) return null;
        offsets.set(tpKey({ topic: t.name, partition: p.partitionIndex }), p.committedOffset);
      }
    }
    return offsets;
  }
}
