/**
 * The histories of the consumer group properties (test/properties/consumer-group.prop.test.ts)
 * and what their world reports: setups, actions, run statistics and the watcher interface of
 * {@link ConsumerGroupWorld}.
 */
import type { KafkaConsumer, ConsumerRecord, TopicPartition } from '../../src/client/index.js';
import type { ConsumerGroupWorld } from './consumer-group-world.js';

/** One consumer slot: how it is configured and what it subscribes to (a bit mask over {@link TOPICS}). */
export interface ConsumerSpec {
  readonly autoCommit: boolean;
  readonly maxPollRecords: number;
  readonly topics: number;
  /** Subscribed before the first action; otherwise it joins with a `join` action. */
  readonly atStart: boolean;
}

export interface Setup {
  readonly brokers: number;
  /** Partition counts of the topics that exist, in the order of {@link TOPICS}. */
  readonly partitions: readonly number[];
  readonly strategy: readonly string[];
  readonly initialRebalanceDelayMs: number;
  readonly autoCommitIntervalMs: number;
  /** Whether a producer writes records at every tick, to the partitions in turn. */
  readonly trickle: boolean;
  readonly consumers: readonly ConsumerSpec[];
  /** By partition (topic-major, 12 a topic): records written before the run, modulo 5. */
  readonly initialRecords: readonly number[];
  /** By partition: the group's committed offset before the run, modulo (records + 1); 0 commits nothing. */
  readonly initialCommitted: readonly number[];
}

/** One step of a history; consumer, topic, partition and broker numbers are taken modulo what exists. */
export type Action =
  /** The first consumer slot from `c` on that has not started subscribes. */
  | { readonly kind: 'join'; readonly c: number }
  | { readonly kind: 'leave'; readonly c: number }
  | { readonly kind: 'crash'; readonly c: number }
  /** The consumer stops polling (it still heartbeats) for `ms`. */
  | { readonly kind: 'pause'; readonly c: number; readonly ms: number }
  | { readonly kind: 'subscribe'; readonly c: number; readonly topics: number }
  /**
   * The next answer of one kind to the consumer is lost: `group` is its heartbeat (Heartbeat, or
   * ConsumerGroupHeartbeat in KIP-848 histories), `commit` OffsetCommit; `join`, `sync` and
   * `fetchOffsets` (JoinGroup, SyncGroup, OffsetFetch) come up in classic histories only.
   */
  | { readonly kind: 'loseAnswer'; readonly c: number; readonly api: LostAnswer }
  | { readonly kind: 'commitSync'; readonly c: number }
  | { readonly kind: 'commitAsync'; readonly c: number }
  | { readonly kind: 'brokerCrash'; readonly b: number }
  | { readonly kind: 'brokerRestart'; readonly b: number }
  | { readonly kind: 'addPartitions'; readonly t: number; readonly more: number }
  | { readonly kind: 'produce'; readonly t: number; readonly p: number; readonly n: number }
  | { readonly kind: 'wait'; readonly ms: number };

/** The kinds of answer a `loseAnswer` action drops. */
export type LostAnswer = 'group' | 'commit' | 'join' | 'sync' | 'fetchOffsets';

export interface History {
  readonly setup: Setup;
  readonly actions: readonly Action[];
}

/** The invariants, by key; the property file names each with its rule IDs. */
export const INVARIANTS = ['owners', 'exclusive', 'reads', 'leader', 'delivery', 'commits', 'revoke', 'target'] as const;
export type Invariant = (typeof INVARIANTS)[number];

/** What one run went through, for the coverage report. */
export interface RunStats {
  cooperative: boolean;
  /** The checks of a settled group ran before healing. */
  stableBeforeHeal: boolean;
  settledAfterHeal: boolean;
  brokerCrashes: number;
  coordinatorMoves: number;
  consumerCrashes: number;
  pauses: number;
  leaves: number;
  partitionAdds: number;
  subscriptionChanges: number;
  /** Highest generation a JoinGroup answer carried. */
  maxGeneration: number;
  /** Revoked positions the CL-24/CL-25 check looked at. */
  revokesChecked: number;
  lost: number;
  /** `loseAnswer` actions that armed a drop. */
  lostAnswers: number;
  produced: number;
  delivered: number;
  virtualMs: number;
}

/** A consumer of the history. */
export interface ConsumerRun {
  readonly index: number;
  readonly spec: ConsumerSpec;
  readonly consumer: KafkaConsumer;
  /** Trace lengths before and after each of its polls, and how many records each returned. */
  readonly polls: readonly { readonly before: number; readonly after: number; readonly records: number }[];
}

/** What looks on while a history runs: the properties. */
export interface Watcher {
  /** After a poll of `run`: what it returned, and the length of its trace before the poll. */
  polled(w: ConsumerGroupWorld, run: ConsumerRun, records: readonly ConsumerRecord[], before: number): void;
  /** After every running consumer polled once, before time passes: whether the group is settled. */
  polledAll(w: ConsumerGroupWorld): boolean;
  /** After virtual time passed. */
  advanced(w: ConsumerGroupWorld): void;
  /** In `onPartitionsRevoked`, before a consumer without auto-commit commits what it revokes. */
  revoking(w: ConsumerGroupWorld, run: ConsumerRun, partitions: readonly TopicPartition[]): void;
  /** In `onPartitionsLost`. */
  lost(w: ConsumerGroupWorld, run: ConsumerRun, partitions: readonly TopicPartition[]): void;
  /** The history and its healing are over. */
  ended(w: ConsumerGroupWorld): void;
}

/**
 * The `group.protocol` every consumer of a history speaks: the same histories run with either
 * (the protocol is not part of the history, so a seed generates the same histories for both).
 */
export type WorldProtocol = 'classic' | 'consumer';

