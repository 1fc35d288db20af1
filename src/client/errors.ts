/**
 * The one error class the consumer throws, tagged by the Java exception it stands for.
 *
 * @remarks
 * Protocol outcomes stay data inside the member (error codes in responses); they become a
 * {@link ConsumerError} only where Kafka's consumer raises an exception to the application:
 * a failed commit, a fenced static member, a missing reset policy, a bad config, a closed
 * consumer.
 * @see spec/consumer-member.md
 * @packageDocumentation
 */

/** Which Java exception an error stands for. */
export type ConsumerErrorKind =
  /** `ConfigException`: a bad consumer config (the `key` names it). */
  | 'InvalidConfig'
  /** `IllegalStateException`: e.g. poll after close, poll without a subscription. */
  | 'IllegalState'
  /** `CommitFailedException`: the member is not (any more) in the generation it committed for. */
  | 'CommitFailed'
  /** `RebalanceInProgressException`: retry after a poll completes the rebalance. */
  | 'RebalanceInProgress'
  /** `RetriableCommitFailedException` and other retriable errors (coordinator unknown, loading). */
  | 'Retriable'
  /** `FencedInstanceIdException`: another process uses this `group.instance.id` (fatal). */
  | 'FencedInstanceId'
  /** `NoOffsetForPartitionException`: no committed offset and `auto.offset.reset=none`. */
  | 'NoOffsetForPartition'
  /** `OffsetOutOfRangeException` with `auto.offset.reset=none`. */
  | 'OffsetOutOfRange'
  /** A fatal group error (INCONSISTENT_GROUP_PROTOCOL, GROUP_MAX_SIZE_REACHED, ...). */
  | 'GroupFatal'
  /** `TimeoutException`: a blocking call ran out of (virtual) time. */
  | 'Timeout'
  /** A rebalance listener threw; `cause` holds what it threw. */
  | 'RebalanceListener'
  /** `UnsupportedVersionException`: the broker speaks no version of an API the consumer needs (SRV-23). */
  | 'UnsupportedVersion';

/** An error raised to the application by `KafkaConsumer`. */
export class ConsumerError extends Error {
  readonly kind: ConsumerErrorKind;
  /** Kafka's error code, when a response carried one. */
  readonly errorCode: number | null;
  /** The config key at fault, for `InvalidConfig`. */
  readonly key: string | null;

  constructor(kind: ConsumerErrorKind, message: string, options: { errorCode?: number; key?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = `ConsumerError(${kind})`;
    this.kind = kind;
    this.errorCode = options.errorCode ?? null;
    this.key = options.key ?? null;
  }

  /** Whether retrying the same call may succeed. */
  get retriable(): boolean {
    return this.kind === 'Retriable' || this.kind === 'RebalanceInProgress';
  }
}
