/**
 * Public data types of the in-memory cluster: brokers, log entries, partition snapshots,
 * operation results and the events the cluster reports.
 *
 * @see spec/cluster.md (RP- rules)
 */
import type { EventLoop } from '../../time/event-loop.js';
import type { ErrorName } from '../../protocol/errors.js';

/** A broker as the cluster knows it. */
export interface BrokerInfo {
  /** `node.id`. */
  readonly nodeId: number;
  /** Advertised host, `broker-<nodeId>.local` unless configured. */
  readonly host: string;
  /** Advertised port, 9092 unless configured. */
  readonly port: number;
  /** `broker.rack`, or null. */
  readonly rack: string | null;
  /** Whether the broker is running (not crashed). */
  readonly up: boolean;
}

/** How a broker is configured when the cluster is built. */
export interface BrokerSpec {
  readonly nodeId: number;
  readonly rack?: string | null;
  readonly host?: string;
  readonly port?: number;
}

/**
 * One record in a replica's log.
 *
 * @remarks
 * Entries are frozen and shared by reference between replicas: a follower's copy holds the
 * very objects the leader appended, so two replicas hold the same record at an offset iff the
 * entries are identical (`===`). That is how divergence is detected at truncation (RP-10).
 * A data topic's entry holds one record of a produced batch with the batch's shared header
 * (`batches.ts`, RP-20); the offsets topic's entries hold coordinator records.
 */
export interface LogEntry<T> {
  readonly offset: number;
  readonly record: T;
  /** The leader epoch in which the leader appended it (Kafka's batch partitionLeaderEpoch). */
  readonly leaderEpoch: number;
  /** Virtual time of the append (LogAppendTime); ListOffsets searches by it. */
  readonly timestampMs: number;
}

/** A snapshot of one partition's replication state. */
export interface PartitionInfo {
  readonly topic: string;
  readonly partition: number;
  /** The leader's node id, or null while the partition is offline. */
  readonly leader: number | null;
  readonly leaderEpoch: number;
  /** Assigned replicas in assignment order; the first is the preferred leader. */
  readonly replicas: readonly number[];
  /** In-sync replicas, in assignment order. */
  readonly isr: readonly number[];
  /** Replicas on brokers that are down, in assignment order. */
  readonly offlineReplicas: readonly number[];
  readonly highWatermark: number;
  /** The leader's log end offset when it became leader (Kafka's leaderEpochStartOffset). */
  readonly leaderEpochStartOffset: number;
  /** `min.insync.replicas` of the topic. */
  readonly minInsyncReplicas: number;
}

/** A snapshot of a topic. */
export interface TopicInfo {
  readonly name: string;
  /** The topic id (RP-22), in Kafka's printed form. */
  readonly topicId: string;
  readonly isInternal: boolean;
  readonly partitions: readonly PartitionInfo[];
}

/** A successful append: the offsets the leader gave the records and the epoch it gave them in. */
export interface AppendSuccess {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly leaderEpoch: number;
}

/** The errors of an append (produce with acks=all). */
export type AppendError = 'UNKNOWN_TOPIC_OR_PARTITION' | 'NOT_LEADER_OR_FOLLOWER' | 'NOT_ENOUGH_REPLICAS';

/** What {@link Cluster.append} and {@link Cluster.produce} return. */
export type AppendResult = AppendSuccess | { readonly error: AppendError };

/** What a consumer fetch returns. */
export type FetchResult<T> =
  | {
      /** Entries from `fromOffset`, never at or above the high watermark. */
      readonly records: readonly LogEntry<T>[];
      readonly highWatermark: number;
      readonly logStartOffset: number;
    }
  | { readonly error: 'UNKNOWN_TOPIC_OR_PARTITION' | 'NOT_LEADER_OR_FOLLOWER' | 'OFFSET_OUT_OF_RANGE' };

/**
 * How an append ended, as reported to {@link Cluster.onCommitted}.
 *
 * @remarks
 * `NONE` and `NOT_ENOUGH_REPLICAS_AFTER_APPEND` both mean the record is below the high
 * watermark (acknowledged); the latter says the ISR was smaller than `min.insync.replicas`
 * when it got there, as Kafka's `checkEnoughReplicasReachOffset` does.
 * `NOT_LEADER_OR_FOLLOWER` means leadership moved first: the record may or may not survive.
 */
export type CommitResult =
  | { readonly error: 'NONE' | 'NOT_ENOUGH_REPLICAS_AFTER_APPEND'; readonly highWatermark: number }
  | { readonly error: 'NOT_LEADER_OR_FOLLOWER' | 'UNKNOWN_TOPIC_OR_PARTITION' };

/** A ListOffsets lookup: `-2` earliest, `-1` latest, otherwise a timestamp (ms). */
export type OffsetLookupResult =
  | { readonly timestamp: number; readonly offset: number; readonly leaderEpoch: number }
  | {
      readonly error:
        | 'UNKNOWN_TOPIC_OR_PARTITION'
        | 'NOT_LEADER_OR_FOLLOWER'
        | 'FENCED_LEADER_EPOCH'
        | 'UNKNOWN_LEADER_EPOCH'
        | 'OFFSET_NOT_AVAILABLE'
        | 'UNSUPPORTED_VERSION';
    };

/** Topic options of {@link Cluster.createTopic}. */
export interface CreateTopicOptions {
  /** `min.insync.replicas` (default: the cluster's, 1 unless configured). */
  readonly minInsyncReplicas?: number;
  /** Explicit replica lists per partition (Kafka's `replicaAssignment`); skips placement. */
  readonly replicaAssignment?: readonly (readonly number[])[];
  /** AdminUtils' fixed start index (default 0); see RP-01. */
  readonly startIndex?: number;
}

/** Errors of topic admin operations. */
export type AdminError = Extract<
  ErrorName,
  | 'TOPIC_ALREADY_EXISTS'
  | 'INVALID_PARTITIONS'
  | 'INVALID_REPLICATION_FACTOR'
  | 'INVALID_TOPIC_EXCEPTION'
  | 'UNKNOWN_TOPIC_OR_PARTITION'
  | 'INVALID_REQUEST'
>;

/** Result of a topic admin operation: the replica lists of the partitions it created. */
export type AdminResult = { readonly assignment: readonly (readonly number[])[] } | { readonly error: AdminError };

/** Result of {@link Cluster.deleteTopic}: the deleted topic's id, or why nothing was deleted. */
export type DeleteTopicResult = { readonly topicId: string } | { readonly error: 'UNKNOWN_TOPIC_OR_PARTITION' | 'INVALID_REQUEST' };

/** Result of {@link Cluster.moveLeadership}. */
export type MoveLeadershipResult =
  | { readonly leader: number; readonly leaderEpoch: number }
  | { readonly error: 'UNKNOWN_TOPIC_OR_PARTITION' | 'ELECTION_NOT_NEEDED' | 'PREFERRED_LEADER_NOT_AVAILABLE' };

/** A leadership change of one partition (RP-09, RP-11, RP-12, RP-13). */
export interface LeaderChange {
  readonly type: 'leaderChange';
  readonly topic: string;
  readonly partition: number;
  /** null when the partition had no leader (offline or just created). */
  readonly oldLeader: number | null;
  /** null when the partition goes offline. */
  readonly newLeader: number | null;
  readonly leaderEpoch: number;
}

/** Everything the cluster reports, in the order it happened. */
export type ClusterEvent =
  | LeaderChange
  | { readonly type: 'isrChange'; readonly topic: string; readonly partition: number; readonly isr: readonly number[] }
  | { readonly type: 'highWatermark'; readonly topic: string; readonly partition: number; readonly highWatermark: number }
  | {
      readonly type: 'truncate';
      readonly topic: string;
      readonly partition: number;
      readonly nodeId: number;
      /** The replica's new log end offset. */
      readonly logEndOffset: number;
      /** How many entries were removed. */
      readonly removed: number;
    }
  | { readonly type: 'brokerDown' | 'brokerUp'; readonly nodeId: number }
  | { readonly type: 'topicCreated'; readonly topic: string; readonly partitions: number }
  /** SRV-18: a topic was deleted (its partitions, logs and id are gone). */
  | { readonly type: 'topicDeleted'; readonly topic: string; readonly topicId: string };

/** A listener; the returned function unsubscribes. */
export type Unsubscribe = () => void;

/** Options of a {@link Cluster}. */
export interface ClusterOptions {
  /** The event loop (and clock) everything runs on. */
  readonly loop: EventLoop;
  /** A broker count (ids 0..n-1, no racks) or explicit brokers. Default 3. */
  readonly brokers?: number | readonly BrokerSpec[];
  /**
   * Virtual milliseconds between an append (or a restart, or an election) and the follower
   * fetch that copies it (default 1). Not a Kafka config: it stands for the replication
   * latency (`replica.fetch.wait.max.ms` and the network).
   */
  readonly replicaFetchDelayMs?: number;
  /** Most entries one follower fetch copies (default unlimited); stands for `replica.fetch.max.bytes`. */
  readonly replicaFetchMaxRecords?: number;
  /** `min.insync.replicas` of topics that do not set it (default 1, Kafka's). */
  readonly minInsyncReplicas?: number;
  /** The cluster id in Metadata responses (default `kgspec-cluster`). */
  readonly clusterId?: string;
  /** RP-23: where InitProducerId's producer ids come from (default a counter from 0, as a new Kafka cluster's first block). */
  readonly newProducerId?: () => number;
}
