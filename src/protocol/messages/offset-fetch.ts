/**
 * OffsetFetch (API key 9), versions 0-9: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/OffsetFetchRequest.json` and
 * `OffsetFetchResponse.json`: field names are the camelCase of the JSON field names, so a generic
 * codec maps them one to one. Conventions shared by every message: `./index.ts`.
 * @see spec/versions.md
 */
import type { RequestHeaderFields } from './header.js';

/** OffsetFetch's API key and the versions this project supports (the range validation accepts). */
export const OFFSET_FETCH_VERSIONS = { apiKey: 9, min: 0, max: 9 } as const;

// int64 fields (offsets, timestamps, retention) are JavaScript numbers: every value up to
// Number.MAX_SAFE_INTEGER in magnitude is representable; larger ones are refused by validation.

/** One topic of an OffsetFetch request. */
export interface OffsetFetchRequestTopic {
  readonly name: string;
  readonly partitionIndexes: readonly number[];
}

/** One group of an OffsetFetch v8+ request. */
export interface OffsetFetchRequestGroup {
  readonly groupId: string;
  /** v9+, ignorable; used by KIP-848 consumer groups only, ignored for classic groups. */
  readonly memberId: string | null;
  /** v9+, ignorable; used by KIP-848 consumer groups only, ignored for classic groups. */
  readonly memberEpoch: number;
  /** Null: every partition the group has an offset for. */
  readonly topics: readonly OffsetFetchRequestTopic[] | null;
}

/**
 * OffsetFetch (api key 9), versions 0-9. v0-7 carry one `groupId` with its `topics` (null
 * from v2: all topics); v8+ carry `groups`. The fields of the other layout must be absent
 * (`undefined`).
 */
export interface OffsetFetchRequest extends RequestHeaderFields {
  readonly api: 'OffsetFetch';
  /** v0-7 only. */
  readonly groupId?: string;
  /** v0-7 only; nullable from v2. */
  readonly topics?: readonly OffsetFetchRequestTopic[] | null;
  /** v8+ only. */
  readonly groups?: readonly OffsetFetchRequestGroup[];
  /** v7+ (KIP-447); must be false for older versions. */
  readonly requireStable: boolean;
}

/** One partition of an OffsetFetch response. */
export interface OffsetFetchResponsePartition {
  readonly partitionIndex: number;
  /** int64; -1 when the group has no offset for the partition. */
  readonly committedOffset: number;
  /** v5+; -1 when unknown and for older versions. */
  readonly committedLeaderEpoch: number;
  readonly metadata: string | null;
  readonly errorCode: number;
}

/** One topic of an OffsetFetch response. */
export interface OffsetFetchResponseTopic {
  readonly name: string;
  readonly partitions: readonly OffsetFetchResponsePartition[];
}

/** One group of an OffsetFetch v8+ response. */
export interface OffsetFetchResponseGroup {
  readonly groupId: string;
  readonly topics: readonly OffsetFetchResponseTopic[];
  readonly errorCode: number;
}

/**
 * OffsetFetch response. v0-7 use `topics` and `errorCode` (top-level from v2; v0-1 put a
 * group-level error on every partition) and leave `groups` empty; v8+ use `groups` and leave
 * `topics` empty and `errorCode` 0.
 */
export interface OffsetFetchResponse {
  readonly api: 'OffsetFetch';
  readonly errorCode: number;
  readonly topics: readonly OffsetFetchResponseTopic[];
  readonly groups: readonly OffsetFetchResponseGroup[];
}

/**
 * The answer for `groupId`, whatever the version: its entry of `groups` from v8, and before v8
 * the top-level `errorCode` and `topics` (Kafka's `OffsetFetchResponse` reads old answers the
 * same way). Undefined when a v8+ answer has no entry for the group.
 */
export function offsetFetchGroupOf(response: OffsetFetchResponse, groupId: string): OffsetFetchResponseGroup | undefined {
  if (response.groups.length > 0) return response.groups.find((g) => g.groupId === groupId);
  return { groupId, errorCode: response.errorCode, topics: response.topics };
}
