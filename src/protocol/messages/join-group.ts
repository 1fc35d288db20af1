/**
 * JoinGroup (API key 11), versions 0-9: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/JoinGroupRequest.json` and
 * `JoinGroupResponse.json`: field names are the camelCase of the JSON field names, so a generic
 * codec maps them one to one. Conventions shared by every message: `./index.ts`.
 * @see spec/versions.md
 */
import type { RequestHeaderFields } from './header.js';

/** JoinGroup's API key and the versions this project supports (the range validation accepts). */
export const JOIN_GROUP_VERSIONS = { apiKey: 11, min: 0, max: 9 } as const;

/** One protocol a member supports, in preference order: a name and opaque metadata. */
export interface JoinGroupProtocol {
  readonly name: string;
  readonly metadata: Uint8Array;
}

/** JoinGroup (api key 11), versions 0-9. */
export interface JoinGroupRequest extends RequestHeaderFields {
  readonly api: 'JoinGroup';
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  /** v1+. For v0 the broker uses the session timeout (KAFKA-8653); callers pass -1. */
  readonly rebalanceTimeoutMs: number;
  readonly memberId: string;
  /** v5+, null for dynamic members. */
  readonly groupInstanceId: string | null;
  readonly protocolType: string;
  readonly protocols: readonly JoinGroupProtocol[];
  /** v8+ (KIP-800); logged only. */
  readonly reason: string | null;
}

/** One entry of the member list the leader receives. */
export interface JoinGroupResponseMember {
  readonly memberId: string;
  /** v5+. */
  readonly groupInstanceId: string | null;
  readonly metadata: Uint8Array;
}

/** JoinGroup response. */
export interface JoinGroupResponse {
  readonly api: 'JoinGroup';
  readonly errorCode: number;
  readonly generationId: number;
  /** v7+; null on errors and for older versions. */
  readonly protocolType: string | null;
  /** Nullable from v7; older versions receive `""` instead of null. */
  readonly protocolName: string | null;
  readonly leader: string;
  /** v9+ (KIP-814). */
  readonly skipAssignment: boolean;
  readonly memberId: string;
  readonly members: readonly JoinGroupResponseMember[];
}
