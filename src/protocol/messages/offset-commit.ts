/**
 * OffsetCommit (API key 8), versions 0-9: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/OffsetCommitRequest.json` and
 * `OffsetCommitResponse.json`: field names are the camelCase of the JSON field names, so a generic
 * codec maps them one to one. Conventions shared by every message: `./index.ts`.
 * @see spec/versions.md
 */
import type { RequestHeaderFields } from './header.js';

/** OffsetCommit's API key and the versions this project supports (the range validation accepts). */
export const OFFSET_COMMIT_VERSIONS = { apiKey: 8, min: 0, max: 9 } as const;

// int64 fields (offsets, timestamps, retention) are JavaScript numbers: every value up to
// Number.MAX_SAFE_INTEGER in magnitude is representable; larger ones are refused by validation.

/** One partition of an OffsetCommit request. */
export interface OffsetCommitRequestPartition {
  readonly partitionIndex: number;
  /** int64. */
  readonly committedOffset: number;
  /** v6+, ignorable: older versions carry none and the broker uses -1. */
  readonly committedLeaderEpoch: number;
  /** int64, v1 only; -1 (the default) means "now". Not ignorable: other versions must send -1. */
  readonly commitTimestamp: number;
  /** Nullable; null is stored as `""`. */
  readonly committedMetadata: string | null;
}

/** One topic of an OffsetCommit request. */
export interface OffsetCommitRequestTopic {
  readonly name: string;
  readonly partitions: readonly OffsetCommitRequestPartition[];
}

/** OffsetCommit (api key 8), versions 0-9. */
export interface OffsetCommitRequest extends RequestHeaderFields {
  readonly api: 'OffsetCommit';
  readonly groupId: string;
  /** v1+, ignorable: v0 carries none and the broker uses -1. */
  readonly generationIdOrMemberEpoch: number;
  /** v1+, ignorable: v0 carries none and the broker uses `""`. */
  readonly memberId: string;
  /** v7+, null for dynamic members and for commits outside group management. */
  readonly groupInstanceId: string | null;
  /** int64, v2-4, ignorable: other versions carry none and the broker uses -1 (no explicit expiry). */
  readonly retentionTimeMs: number;
  readonly topics: readonly OffsetCommitRequestTopic[];
}

/** Per-partition result of a commit or an offset deletion. */
export interface OffsetPartitionResult {
  readonly partitionIndex: number;
  readonly errorCode: number;
}

/** Per-topic results of a commit or an offset deletion. */
export interface OffsetTopicResult {
  readonly name: string;
  readonly partitions: readonly OffsetPartitionResult[];
}

/** OffsetCommit response: an error code per partition; a whole-request error is repeated on every partition. */
export interface OffsetCommitResponse {
  readonly api: 'OffsetCommit';
  readonly topics: readonly OffsetTopicResult[];
}
