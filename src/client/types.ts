/**
 * Public data types of the consumer: records, offsets, the rebalance listener, the member's
 * lifecycle states and the trace of what it sent and received.
 *
 * @see spec/consumer-member.md
 * @packageDocumentation
 */
import type { TopicPartition } from '../protocol/assignors/types.js';
import type { RecordHeader } from '../protocol/messages/record-batch.js';
import type { GroupMemberState } from './consumer-group/member-state.js';

export type { TopicPartition };
export type { ProducerRecord, RecordHeader } from '../protocol/messages/record-batch.js';

/**
 * The member's lifecycle states: Kafka's `MemberState` values (UNJOINED, PREPARING_REBALANCE,
 * COMPLETING_REBALANCE, STABLE) in camelCase, plus `discovering` (the coordinator is unknown
 * and the member must join), `leaving` (LeaveGroup in flight after close), `left` and `fatal`:
 * the state names of the member statechart `machines/classic-member.machine.ts`.
 */
export const CONSUMER_MEMBER_STATES = [
  'unjoined',
  'discovering',
  'preparingRebalance',
  'completingRebalance',
  'stable',
  'leaving',
  'left',
  'fatal',
] as const;

/** A lifecycle state of the consumer member. */
export type ConsumerMemberState = (typeof CONSUMER_MEMBER_STATES)[number];

/** A record returned by `poll`. */
export interface ConsumerRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The record's timestamp (the batch's base timestamp plus the record's delta; virtual ms). */
  readonly timestamp: number;
  readonly leaderEpoch: number;
  /** Bytes, as produced; `decodeText` turns text back into a string. */
  readonly key: Uint8Array | null;
  /** Bytes, as produced; `decodeText` turns text back into a string. */
  readonly value: Uint8Array | null;
  readonly headers: readonly RecordHeader[];
}

/** An offset to commit, or a committed one: the next offset to read, as in Kafka. */
export interface OffsetAndMetadata extends TopicPartition {
  readonly offset: number;
  readonly metadata?: string | null;
}

/**
 * Kafka's `ConsumerRebalanceListener`. Every callback runs inside `poll()` (or `close()`), never
 * from a loop task, so it may call `commitSync`.
 */
export interface ConsumerRebalanceListener {
  /** Partitions taken away in a rebalance (eager: all before each join; cooperative: those moved). */
  onPartitionsRevoked?(partitions: readonly TopicPartition[]): void;
  /** Partitions newly assigned (cooperative: only those added). Called after every successful sync. */
  onPartitionsAssigned?(partitions: readonly TopicPartition[]): void;
  /** Partitions given up without a chance to commit: the generation was reset or the member fenced. */
  onPartitionsLost?(partitions: readonly TopicPartition[]): void;
}

/** How a commit ended. */
export type CommitOutcome =
  | { readonly status: 'pending' }
  | { readonly status: 'committed'; readonly offsets: readonly OffsetAndMetadata[] }
  | { readonly status: 'failed'; readonly error: Error };

/** One entry of the consumer's trace. */
export type ConsumerTraceEntry =
  | {
      readonly type: 'request';
      readonly atMs: number;
      readonly correlationId: number;
      readonly nodeId: number;
      readonly api: string;
      readonly request: unknown;
    }
  | {
      readonly type: 'response';
      readonly atMs: number;
      readonly correlationId: number;
      readonly nodeId: number;
      readonly api: string;
      readonly response: unknown;
    }
  | {
      readonly type: 'networkError';
      readonly atMs: number;
      readonly correlationId: number;
      readonly nodeId: number;
      readonly api: string;
      readonly reason: string;
    }
  | {
      readonly type: 'state';
      readonly atMs: number;
      /** Classic states (camelCase), or a KIP-848 member's `MemberState` names (upper case). */
      readonly from: ConsumerMemberState | GroupMemberState;
      readonly to: ConsumerMemberState | GroupMemberState;
      /**
       * Why: the answer or event that moved the member (`JoinGroup:MEMBER_ID_REQUIRED`, `poll`, ...).
       * An entry with `from === to` records a rejoin request (`rejoin requested: <reason>`).
       */
      readonly cause: string;
    };

/** A topic partition as a map key. */
export function tpKey(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}

/** Kafka's partition order: by topic name (UTF-16 order), then by partition. */
export function compareTp(a: TopicPartition, b: TopicPartition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
}

/** `tps` sorted in Kafka's order, as plain `{ topic, partition }` objects. */
export function sortedTps(tps: Iterable<TopicPartition>): TopicPartition[] {
  return [...tps].map((tp) => ({ topic: tp.topic, partition: tp.partition })).sort(compareTp);
}
