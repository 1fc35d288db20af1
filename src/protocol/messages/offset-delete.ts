/**
 * OffsetDelete (API key 47), version 0: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/OffsetDeleteRequest.json` and
 * `OffsetDeleteResponse.json`: field names are the camelCase of the JSON field names, so a generic
 * codec maps them one to one. Conventions shared by every message: `./index.ts`.
 * @see spec/versions.md
 */
import type { RequestHeaderFields } from './header.js';
import type { OffsetTopicResult } from './offset-commit.js';

/** OffsetDelete's API key and the versions this project supports (the range validation accepts). */
export const OFFSET_DELETE_VERSIONS = { apiKey: 47, min: 0, max: 0 } as const;

// int64 fields (offsets, timestamps, retention) are JavaScript numbers: every value up to
// Number.MAX_SAFE_INTEGER in magnitude is representable; larger ones are refused by validation.

/** One topic of an OffsetDelete request. */
export interface OffsetDeleteRequestTopic {
  readonly name: string;
  readonly partitions: readonly { readonly partitionIndex: number }[];
}

/** OffsetDelete (api key 47), version 0 (KIP-496). */
export interface OffsetDeleteRequest extends RequestHeaderFields {
  readonly api: 'OffsetDelete';
  readonly groupId: string;
  readonly topics: readonly OffsetDeleteRequestTopic[];
}

/** OffsetDelete response: a top-level error (then no topics) or per-partition errors. */
export interface OffsetDeleteResponse {
  readonly api: 'OffsetDelete';
  readonly errorCode: number;
  readonly topics: readonly OffsetTopicResult[];
}
