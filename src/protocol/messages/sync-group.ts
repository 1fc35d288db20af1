/**
 * SyncGroup (API key 14), versions 0-5: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/SyncGroupRequest.json` and
 * `SyncGroupResponse.json`: field names are the camelCase of the JSON field names, so a generic
 * codec maps them one to one. Conventions shared by every message: `./index.ts`.
 * @see spec/versions.md
 */
import type { RequestHeaderFields } from './header.js';

/** SyncGroup's API key and the versions this project supports (the range validation accepts). */
export const SYNC_GROUP_VERSIONS = { apiKey: 14, min: 0, max: 5 } as const;

/** One assignment the leader sends. */
export interface SyncGroupAssignment {
  readonly memberId: string;
  readonly assignment: Uint8Array;
}

/** SyncGroup (api key 14), versions 0-5. */
export interface SyncGroupRequest extends RequestHeaderFields {
  readonly api: 'SyncGroup';
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  /** v3+. */
  readonly groupInstanceId: string | null;
  /** v5+; required non-null by the broker from v5 (KIP-559). */
  readonly protocolType: string | null;
  /** v5+; required non-null by the broker from v5 (KIP-559). */
  readonly protocolName: string | null;
  readonly assignments: readonly SyncGroupAssignment[];
}

/** SyncGroup response. */
export interface SyncGroupResponse {
  readonly api: 'SyncGroup';
  readonly errorCode: number;
  /** v5+; null on errors. */
  readonly protocolType: string | null;
  /** v5+; null on errors. */
  readonly protocolName: string | null;
  readonly assignment: Uint8Array;
}
